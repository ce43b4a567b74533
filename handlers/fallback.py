"""What is left: unknown commands and messages without text (stickers, photos, voice)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from handlers.common import chat_context, is_private, reply
from story.render import rtl_safe
from story.texts import text


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_private(update):
        return  # in groups, commands for other bots are none of our business
    lang = chat_context(update, context).lang
    await reply(update, rtl_safe(text("unknown_command", lang), lang))


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_private(update):
        return
    lang = chat_context(update, context).lang
    await reply(update, rtl_safe(text("text_only", lang), lang))


HANDLERS = [
    MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command),
    MessageHandler(
        filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text
    ),
]
