"""What is left: unknown commands and messages without text (stickers, photos, voice)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from handlers.common import reply
from handlers.context import CustomContext
from handlers.update_parts import query_of
from story.texts import text


async def unknown_command(update: Update, context: CustomContext) -> None:
    if not context.is_private:
        return  # in groups, commands for other bots are none of our business
    await reply(context, text("unknown_command", context.lang))


async def not_text(update: Update, context: CustomContext) -> None:
    if not context.is_private:
        return
    await reply(context, text("text_only", context.lang))


async def stale_button(update: Update, context: CustomContext) -> None:
    """A button nothing handles (stale or unknown data): answered, so it does not spin."""
    await query_of(update).answer(text("button_stale", context.lang))


HANDLERS = [
    CallbackQueryHandler(stale_button),
    MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command),
    MessageHandler(
        filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.CAPTION & ~filters.StatusUpdate.ALL,
        not_text,
    ),
]
