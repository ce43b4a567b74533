"""/countdown: time left to the story's deadlines, in the chat's time zone."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import chat_context, command, now_of, record_of, reply
from story.answering import countdowns_for
from story.render import render_countdown, rtl_safe
from story.texts import text


async def show_countdown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = chat_context(update, context)
    record = record_of(context)
    countdowns = countdowns_for(record, now_of(context), chat.story_id or record.current_story_id(now_of(context)))
    if not countdowns:
        await reply(update, rtl_safe(text("no_deadline", chat.lang), chat.lang))
        return
    body = "\n\n".join(render_countdown(c, chat.timezone, chat.lang) for c in countdowns)
    await reply(update, rtl_safe(body, chat.lang))


HANDLERS = [command("countdown", show_countdown)]
