"""/start and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import chat_context, command, reply
from story.render import rtl_safe
from story.texts import text


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = chat_context(update, context).lang
    await reply(update, rtl_safe(text("start", lang), lang))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = chat_context(update, context).lang
    await reply(update, rtl_safe(text("help", lang), lang))


HANDLERS = [command("start", start), command("help", help_command)]
