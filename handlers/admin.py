"""Admin commands: /setstatus — mark a deadline met, missed, extended or pending again."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import chat_context, command, is_admin, record_of, reply
from story.models import DEADLINE_STATUSES
from story.render import echo, rtl_safe
from story.texts import text


async def set_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = chat_context(update, context)
    if not is_admin(update, context):
        await reply(update, rtl_safe(text("admins_only", chat.lang), chat.lang))
        return
    args = [a.lower() for a in context.args or []]
    record = record_of(context)
    deadlines = record.deadlines(chat.story_id or record.current_story_id())
    if not args or args[0] not in DEADLINE_STATUSES or not deadlines:
        await reply(update, rtl_safe(text("setstatus_usage", chat.lang), chat.lang))
        return
    target = deadlines[0]  # the main deadline unless one is named
    if len(args) > 1:
        named = [d for d in record.deadlines() if d.id == args[1]]
        if not named:
            await reply(update, rtl_safe(text("setstatus_unknown", chat.lang, name=echo(args[1], chat.lang)), chat.lang))
            return
        target = named[0]
    record.set_deadline_status(target.id, args[0])
    title = target.title_ar if chat.lang == "ar" else target.title_en
    await reply(update, rtl_safe(text("setstatus_done", chat.lang, title=title, status=args[0]), chat.lang))


HANDLERS = [command("setstatus", set_status)]
