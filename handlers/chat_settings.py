"""/lang and /timezone: a chat's reply language and time zone."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import chat_context, command, now_of, record_of, reply
from story.countdown import valid_timezone
from story.render import echo, rtl_safe
from story.texts import text


async def set_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    current = chat_context(update, context).lang
    choice = (context.args[0].lower() if context.args else "").strip()
    if choice not in ("ar", "en"):
        await reply(update, rtl_safe(text("lang_usage", current), current))
        return
    record_of(context).set_chat_settings(update.effective_chat.id, now_of(context), lang=choice)
    await reply(update, rtl_safe(text("lang_set", choice), choice))


async def set_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = chat_context(update, context).lang
    if not context.args:
        await reply(update, rtl_safe(text("timezone_usage", lang), lang))
        return
    name = context.args[0].strip()[:64]
    if not valid_timezone(name):
        await reply(update, rtl_safe(text("timezone_bad", lang, name=echo(name, lang)), lang))
        return
    record_of(context).set_chat_settings(update.effective_chat.id, now_of(context), timezone=name)
    await reply(update, rtl_safe(text("timezone_set", lang, name=name), lang))


HANDLERS = [command("lang", set_language), command("timezone", set_timezone)]
