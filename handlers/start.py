"""/start and /help. An admin asking /help in private also gets the admin commands (from the
one list, bot.menus); a group sees only the public help, even when an admin asks there."""

from __future__ import annotations

from telegram import Update

from bot.menus import admin_help
from handlers.common import command, reply
from handlers.context import CustomContext
from story.texts import text


async def start(update: Update, context: CustomContext) -> None:
    await reply(context, text("start", context.lang))


async def help_command(update: Update, context: CustomContext) -> None:
    body = text("help", context.lang, bot=context.bot.username or "raqib_bot")  # inline mode
    if context.is_admin and context.is_private:
        body += "\n\n" + admin_help(context.lang)
    await reply(context, body)


HANDLERS = [command("start", start), command("help", help_command)]
