"""/lang and /timezone: a chat's reply language and time zone."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import chat_context, command, may_change_chat, now_of, record_of, reply
from handlers.subscriptions import reschedule_chat
from story.countdown import valid_timezone
from story.render import echo, rtl_safe
from story.texts import text


async def set_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    current = chat_context(update, context).lang
    choice = (context.args[0].lower() if context.args else "").strip()
    if choice not in ("ar", "en"):
        await reply(update, rtl_safe(text("lang_usage", current), current))
        return
    if not await may_change_chat(update, context):
        await reply(update, rtl_safe(text("group_admins_only", current), current))
        return
    record_of(context).set_chat_settings(update.effective_chat.id, now_of(context), lang=choice)
    await reply(update, rtl_safe(text("lang_set", choice), choice))


async def set_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = chat_context(update, context).lang
    if not context.args:
        await reply(update, rtl_safe(text("timezone_usage", lang), lang))
        return
    if not await may_change_chat(update, context):
        await reply(update, rtl_safe(text("group_admins_only", lang), lang))
        return
    name = context.args[0].strip()[:64]
    if not valid_timezone(name):
        await reply(update, rtl_safe(text("timezone_bad", lang, name=echo(name, lang)), lang))
        return
    record_of(context).set_chat_settings(update.effective_chat.id, now_of(context), timezone=name)
    reschedule_chat(context, update.effective_chat.id)  # reminders move to the new local times
    await reply(update, rtl_safe(text("timezone_set", lang, name=name), lang))


async def choose_story(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/story lists the stories (the chat's marked); /story N follows story N."""
    chat = chat_context(update, context)
    record = record_of(context)
    stories = record.stories()
    current = chat.story_id or record.current_story_id(now_of(context))
    choice = (context.args[0] if context.args else "").strip()
    if choice:
        if not await may_change_chat(update, context):
            await reply(update, rtl_safe(text("group_admins_only", chat.lang), chat.lang))
            return
        picked = [s for i, s in enumerate(stories, 1) if choice in (str(i), s.id)]
        if not picked:
            await reply(update, rtl_safe(text("story_unknown", chat.lang, name=echo(choice, chat.lang)), chat.lang))
            return
        record.set_chat_settings(update.effective_chat.id, now_of(context), story_id=picked[0].id)
        title = picked[0].title_ar if chat.lang == "ar" else picked[0].title_en
        await reply(update, rtl_safe(text("story_set", chat.lang, title=title), chat.lang))
        return
    lines = [text("story_list", chat.lang)]
    for i, story in enumerate(stories, 1):
        title = story.title_ar if chat.lang == "ar" else story.title_en
        lines.append(f"{'▶' if story.id == current else '•'} {i}. {title}")
    await reply(update, rtl_safe("\n".join(lines), chat.lang))


HANDLERS = [command("story", choose_story), command("lang", set_language), command("timezone", set_timezone)]
