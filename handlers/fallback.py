"""What is left: unknown commands and messages without text (stickers, photos, voice)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from handlers.common import reply
from handlers.context import CustomContext
from story.texts import text


async def unknown_command(update: Update, context: CustomContext) -> None:
    if not context.is_private:
        return  # in groups, commands for other bots are none of our business
    await reply(context, text("unknown_command", context.lang))


async def not_text(update: Update, context: CustomContext) -> None:
    if not context.is_private:
        return
    await reply(context, text("text_only", context.lang))


HANDLERS = [
    MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command),
    MessageHandler(
        filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.CAPTION & ~filters.StatusUpdate.ALL,
        not_text,
    ),
]
