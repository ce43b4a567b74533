"""/positions (every actor's current stance, what moved in the last week marked) and /actor <name>
(profile, statements and, when its position moved, the history of its stances)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update

from handlers.common import command, reply
from handlers.context import CustomContext
from story.answering import answer_profile
from story.as_of import as_of
from story.positions import render_history, render_table
from story.render import echo, render_answer
from story.story_state import stances_by_story
from story.texts import text


async def show_positions(update: Update, context: CustomContext) -> None:
    chat = context.chat
    record = as_of(context.record, context.now, replay=context.replay)
    actors = record.actors()
    story_id = context.story_id
    rows = [
        (actors[actor_id], stance, statement)
        for actor_id, stance, statement in record.current_positions(story_id)
        if actor_id in actors
    ]
    if not rows:
        await reply(context, text("no_positions", chat.lang))
        return
    rows.sort(key=lambda row: row[0].name(chat.lang))
    # What moved in the last week is marked, with what it was before.
    today = context.now.astimezone(ZoneInfo(chat.timezone)).date()
    changed = context.ingest.recent_changes(story_id, today)
    marked = [
        (actor, stance, statement, changed.get(actor.id)) for actor, stance, statement in rows
    ]
    await reply(context, render_table(marked, record.stances(), chat.lang))


async def show_actor(update: Update, context: CustomContext) -> None:
    chat = context.chat
    name = " ".join(context.args or []).strip()
    if not name:
        await reply(context, text("actor_empty", chat.lang))
        return
    record = as_of(context.record, context.now, replay=context.replay)
    actor = record.actor_index().resolve(name[:200])
    if actor is None:
        await reply(context, text("actor_unknown", chat.lang, name=echo(name, chat.lang)))
        return
    answer = answer_profile(actor.id, record, context.now, lang=chat.lang, story_id=chat.story_id)
    body = render_answer(
        answer,
        sources=record.sources(),
        stances=record.stances(),
        timezone=chat.timezone,
        lang=chat.lang,
    )
    history = record.stance_history(actor.id, context.story_id)
    if len({stance for stance, _ in history}) > 1:  # the position moved: show how
        body += "\n\n" + render_history(history, record.stances(), chat.lang)
    everywhere = record.stance_history(actor.id)
    per_story = stances_by_story(everywhere, record.stories(), record.stances(), chat.lang)
    if per_story:  # the actor spoke in several stories: each one's latest stance
        body += "\n\n" + per_story
    await reply(context, body)


HANDLERS = [command("positions", show_positions), command("actor", show_actor)]
