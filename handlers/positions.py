"""/positions (every actor's current stance) and /actor <name> (profile and statements)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import chat_context, command, now_of, record_of, reply
from story.answering import answer_profile
from story.render import echo, render_answer, render_positions, rtl_safe
from story.texts import text


async def show_positions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = chat_context(update, context)
    record = record_of(context)
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
    await reply(update, render_positions(rows, record.stances(), chat.lang))


async def show_actor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = chat_context(update, context)
    name = " ".join(context.args or []).strip()
    if not name:
        await reply(update, rtl_safe(text("actor_empty", chat.lang), chat.lang))
        return
    record = record_of(context)
    actor = record.actor_index().resolve(name[:200])
    if actor is None:
        await reply(update, rtl_safe(text("actor_unknown", chat.lang, name=echo(name, chat.lang)), chat.lang))
        return
    answer = answer_profile(actor.id, record, now_of(context), lang=chat.lang, story_id=chat.story_id)
    body = render_answer(answer, sources=record.sources(), stances=record.stances(), timezone=chat.timezone, lang=chat.lang)
    await reply(update, body)


HANDLERS = [command("positions", show_positions), command("actor", show_actor)]
