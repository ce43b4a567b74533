"""/lang, /timezone and /story: a chat's reply language, time zone and story."""

from __future__ import annotations

from telegram import Update

from handlers.common import command, may_change_chat, reply
from handlers.context import CustomContext
from story.edge_texts import edge
from story.render import echo
from story.story_state import story_state
from story.texts import text
from story.zones import offset_label, resolve_timezone, suggest_timezones


async def set_language(update: Update, context: CustomContext) -> None:
    current = context.lang
    choice = (context.args[0].lower() if context.args else "").strip()
    if choice not in ("ar", "en"):
        await reply(context, text("lang_usage", current))
        return
    chat = update.effective_chat
    if chat is None or not await may_change_chat(update, context):
        await reply(context, text("group_admins_only", current))
        return
    context.record.set_chat_settings(chat.id, context.now, lang=choice)
    context.forget_chat()
    await reply(context, text("lang_set", choice))


async def set_timezone(update: Update, context: CustomContext) -> None:
    lang = context.lang
    if not context.args:
        await reply(context, text("timezone_usage", lang))
        return
    chat = update.effective_chat
    if chat is None or not await may_change_chat(update, context):
        await reply(context, text("group_admins_only", lang))
        return
    typed = " ".join(context.args).strip()[:64]
    name = resolve_timezone(typed)  # "Baghdad", "بغداد", "utc", "UTC+3" → an IANA zone
    if name is None:
        near = suggest_timezones(typed)
        shown = echo(typed, lang)
        if near:
            names = (" أو " if lang == "ar" else " or ").join(near)
            suggestion = edge("timezone_suggest", lang, name=shown, names=names, first=near[0])
            await reply(context, suggestion)
        else:
            await reply(context, text("timezone_bad", lang, name=shown))
        return
    context.record.set_chat_settings(chat.id, context.now, timezone=name)
    context.forget_chat()
    context.subscriptions.reschedule_chat(chat.id)  # reminders follow the zone
    await reply(context, text("timezone_set", lang, name=offset_label(name) or name))


async def choose_story(update: Update, context: CustomContext) -> None:
    """/story lists the stories (the chat's marked), each deadline ahead or passed with
    its outcome; /story N follows story N."""
    lang = context.lang
    record = context.record
    stories = record.stories()
    current = context.story_id
    choice = (context.args[0] if context.args else "").strip()
    if choice:
        chat = update.effective_chat
        if chat is None or not await may_change_chat(update, context):
            await reply(context, text("group_admins_only", lang))
            return
        picked = [s for i, s in enumerate(stories, 1) if choice in (str(i), s.id)]
        if not picked:
            await reply(context, text("story_unknown", lang, name=echo(choice, lang)))
            return
        record.set_chat_settings(chat.id, context.now, story_id=picked[0].id)
        context.forget_chat()
        title = picked[0].title_ar if lang == "ar" else picked[0].title_en
        await reply(context, text("story_set", lang, title=title))
        return
    lines = [text("story_list", lang)]
    for i, story in enumerate(stories, 1):
        title = story.title_ar if lang == "ar" else story.title_en
        lines.append(f"{'▶' if story.id == current else '•'} {i}. {title}")
        states = story_state(record.deadlines(story.id), context.now, context.chat.timezone, lang)
        lines += [f"    {state}" for state in states]
    await reply(context, "\n".join(lines))


HANDLERS = [
    command("story", choose_story),
    command("lang", set_language),
    command("timezone", set_timezone),
]
