"""/positions (every actor's current stance, what moved in the last week marked) and /actor <name>
(profile, statements and, when its position moved, the history of its stances)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import chat_context, command, now_of, record_of, reply
from storage.review_store import IngestStore
from story.answering import answer_profile, as_of
from story.positions import render_history, render_table
from story.render import echo, render_answer, rtl_safe
from story.texts import text


async def show_positions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = chat_context(update, context)
    record = as_of(record_of(context), now_of(context))  # a replay knows nothing later
    actors = record.actors()
    rows = [
        (actors[actor_id], stance, statement)
        for actor_id, stance, statement in record.current_positions(chat.story_id or record.current_story_id())
        if actor_id in actors
    ]
    if not rows:
        await reply(update, rtl_safe(text("no_positions", chat.lang), chat.lang))
        return
    rows.sort(key=lambda row: row[0].name(chat.lang))
    # What moved in the last week is marked, with what it was before.
    story_id = chat.story_id or record.current_story_id()
    today = now_of(context).astimezone(ZoneInfo(chat.timezone)).date()
    changed = IngestStore(record.record).recent_changes(story_id, today)
    marked = [(actor, stance, statement, changed.get(actor.id)) for actor, stance, statement in rows]
    await reply(update, render_table(marked, record.stances(), chat.lang))


async def show_actor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = chat_context(update, context)
    name = " ".join(context.args or []).strip()
    if not name:
        await reply(update, rtl_safe(text("actor_empty", chat.lang), chat.lang))
        return
    record = as_of(record_of(context), now_of(context))
    actor = record.actor_index().resolve(name[:200])
    if actor is None:
        await reply(update, rtl_safe(text("actor_unknown", chat.lang, name=echo(name, chat.lang)), chat.lang))
        return
    answer = answer_profile(actor.id, record, now_of(context), lang=chat.lang, story_id=chat.story_id)
    body = render_answer(answer, sources=record.sources(), stances=record.stances(), timezone=chat.timezone, lang=chat.lang)
    history = record.stance_history(actor.id, chat.story_id or record.current_story_id())
    if len({stance for stance, _ in history}) > 1:  # the position moved: show how
        body += "\n\n" + render_history(history, record.stances(), chat.lang)
    await reply(update, body)


HANDLERS = [command("positions", show_positions), command("actor", show_actor)]
