"""/start and /help."""

from __future__ import annotations

from telegram import Update

from handlers.common import command, reply
from handlers.context import CustomContext
from story.texts import text


async def start(update: Update, context: CustomContext) -> None:
    await reply(context, text("start", context.lang))


async def help_command(update: Update, context: CustomContext) -> None:
    await reply(context, text("help", context.lang))


HANDLERS = [command("start", start), command("help", help_command)]
