"""Admin commands: /setstatus — mark a deadline met, missed, extended or pending again;
/deadline move ID 2026-10-01 | outcome ID met [statement] [note…] — through storage.story_store,
which tells the story's chats once, through the ledger."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import chat_context, command, is_admin, now_of, record_of, reply
from storage.story_store import StoryError, StoryStore
from story.models import DEADLINE_STATUSES, OUTCOME_STATUSES
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
    if args[0] in OUTCOME_STATUSES:  # an outcome, dated today: a replay before it is pending
        StoryStore(record).record_outcome(target.id, args[0], now_of(context).date(), now_of(context))
        _kick(context)
    else:
        record.set_deadline_status(target.id, args[0])
    title = target.title_ar if chat.lang == "ar" else target.title_en
    await reply(update, rtl_safe(text("setstatus_done", chat.lang, title=title, status=args[0]), chat.lang))


def _kick(context: ContextTypes.DEFAULT_TYPE) -> None:
    service = context.application.bot_data.get("reminders")
    if service is not None:
        service.kick()  # the alerts just queued go out now, not at the next tick


async def deadline_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/deadline move ID YYYY-MM-DD[THH:MM] [note] · /deadline outcome ID STATUS [note]."""
    chat = chat_context(update, context)
    if not is_admin(update, context):
        await reply(update, rtl_safe(text("admins_only", chat.lang), chat.lang))
        return
    args = list(context.args or [])
    store, now = StoryStore(record_of(context)), now_of(context)
    try:
        if len(args) >= 3 and args[0] == "move":
            target = store.deadline(args[1])
            due = datetime.fromisoformat(args[2])
            due = due if due.tzinfo else due.replace(tzinfo=ZoneInfo(target.timezone))
            told = store.move_deadline(args[1], due, now.date(), now, note_en=" ".join(args[3:]))
        elif len(args) >= 3 and args[0] == "outcome":
            told = store.record_outcome(args[1], args[2].lower(), now.date(), now, note_en=" ".join(args[3:]))
        else:
            raise StoryError("/deadline move ID 2026-10-01 [note] · /deadline outcome ID met|missed|extended|cancelled [note]")
    except (StoryError, ValueError) as exc:
        await reply(update, rtl_safe(echo(str(exc)[:300], chat.lang), chat.lang))
        return
    _kick(context)
    await reply(update, f"✅ {args[0]} {args[1]} ({told} chat(s) told)")


HANDLERS = [command("setstatus", set_status), command("deadline", deadline_command)]
