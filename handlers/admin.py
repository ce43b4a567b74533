"""Admin commands: /newstory — a story and its first deadline (in one line, or asked in turn:
handlers.newstory_talk); /setstatus — mark a deadline met, missed, extended or pending again;
/deadline move ID 2026-10-01 | outcome ID met [note…] — through storage.story_store, which
tells the story's chats once, through the ledger; the buttons under the outcome question
(bot.outcome_ask) that admins get once when a deadline passes with no outcome recorded.

Registered behind the admin filter (see handlers.register); non-admins get the one refusal.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import BaseHandler

from bot import outcome_ask
from handlers import newstory_talk
from handlers.common import AdminButton, Admins, command, edit_reply, reply
from handlers.context import CustomContext
from storage.story_store import StoryError, StoryStore
from story.countdown import valid_timezone
from story.models import DEADLINE_STATUSES, OUTCOME_STATUSES, Deadline
from story.render import STATUS, echo, format_when
from story.story_texts import say
from story.texts import text

COMMANDS = ["setstatus", "deadline", "newstory"]


async def set_status(update: Update, context: CustomContext) -> None:
    """/setstatus STATUS [DEADLINE]: the deadline's status (an outcome is dated today)."""
    lang = context.lang
    args = [a.lower() for a in context.args or []]
    record = context.record
    deadlines = record.deadlines(context.story_id)
    if not args or args[0] not in DEADLINE_STATUSES or not deadlines:
        await reply(context, text("setstatus_usage", lang))
        return
    target = deadlines[0]  # the main deadline unless one is named
    if len(args) > 1:
        named = [d for d in record.deadlines() if d.id == args[1]]
        if not named:
            await reply(context, text("setstatus_unknown", lang, name=echo(args[1], lang)))
            return
        target = named[0]
    # An outcome is dated today (a replay before it is pending) and told to the chats.
    StoryStore(record).set_status(target.id, args[0], context.now.date(), context.now)
    if args[0] in OUTCOME_STATUSES:
        _kick(context)
    title = target.title_ar if lang == "ar" else target.title_en
    status = STATUS[args[0]][1 if lang == "ar" else 0]  # the word in the reply's language
    await reply(context, text("setstatus_done", lang, title=title, status=status))


def _kick(context: CustomContext) -> None:
    service = context.bot_data.get("reminders")
    if service is not None:
        service.kick()  # the alerts just queued go out now, not at the next tick


async def move_or_decide_deadline(update: Update, context: CustomContext) -> None:
    """/deadline move ID YYYY-MM-DD[THH:MM] [note] · /deadline outcome ID STATUS [note]."""
    args = list(context.args or [])
    store, now = StoryStore(context.record), context.now
    try:
        if len(args) >= 3 and args[0] == "move":
            target = store.deadline(args[1])
            due = datetime.fromisoformat(args[2])
            due = due if due.tzinfo else due.replace(tzinfo=ZoneInfo(target.timezone))
            told = store.move_deadline(args[1], due, now.date(), now, note_en=" ".join(args[3:]))
        elif len(args) >= 3 and args[0] == "outcome":
            told = store.record_outcome(
                args[1], args[2].lower(), now.date(), now, note_en=" ".join(args[3:])
            )
        else:
            await reply(context, text("deadline_usage", context.lang))
            return
    except (StoryError, ValueError) as exc:
        await reply(context, echo(str(exc)[:300], context.lang))
        return
    _kick(context)
    await reply(context, text("deadline_done", context.lang, what=args[0], id=args[1], told=told))


async def outcome_button(update: Update, context: CustomContext) -> None:
    """An admin pressed met/missed/extended/cancelled under the outcome question: the same
    service as /deadline outcome; an outcome already recorded is not overwritten here."""
    query = update.callback_query
    if query is None:  # registered as a callback query handler: always set
        return
    parsed = outcome_ask.parse(query.data or "")
    lang = context.lang
    store, now = StoryStore(context.record), context.now
    deadline = outcome_ask.find(context.record.deadlines(), parsed[1]) if parsed else None
    if parsed is None or deadline is None:
        await query.answer(say("outcome_gone", lang), show_alert=True)
        return
    title = deadline.title_ar if lang == "ar" else deadline.title_en
    current = deadline.as_of(now.date())
    if current.outcome is not None:
        await query.answer()
        status = STATUS[current.outcome.status][1 if lang == "ar" else 0]
        await edit_reply(context, say("outcome_already", lang, title=title, status=status))
        return
    told = store.record_outcome(deadline.id, parsed[0], now.date(), now)
    _kick(context)
    await query.answer()
    user = update.effective_user
    who = f"@{user.username}" if user and user.username else (user.full_name if user else "?")
    status = STATUS[parsed[0]][1 if lang == "ar" else 0]
    await edit_reply(
        context, say("outcome_recorded", lang, title=title, status=status, who=who, told=told)
    )


async def new_story(update: Update, context: CustomContext) -> None:
    """/newstory STORY-ID DEADLINE-ID YYYY-MM-DD[THH:MM] ZONE Title…: a story and its first
    deadline, through StoryStore; each argument checked, with a reply that says what is wrong."""
    lang, now = context.lang, context.now
    args = list(context.args or [])
    if len(args) < 5:
        await reply(context, say("newstory_usage", lang))
        return
    story_id, deadline_id, when, zone = args[0].lower(), args[1].lower(), args[2], args[3]
    title = " ".join(args[4:])[:200]
    for ident in (story_id, deadline_id):
        if not ID_SHAPE.fullmatch(ident):
            await reply(context, say("newstory_bad_id", lang, value=echo(ident, lang)))
            return
    if not valid_timezone(zone):
        await reply(context, say("newstory_bad_zone", lang, value=echo(zone, lang)))
        return
    try:
        due = datetime.fromisoformat(when)
    except ValueError:
        await reply(context, say("newstory_bad_date", lang, value=echo(when, lang)))
        return
    due = due if due.tzinfo else due.replace(tzinfo=ZoneInfo(zone))
    store = StoryStore(context.record)
    try:
        store.create_story(
            story_id,
            title,
            title,
            now.date(),
            deadline=Deadline(deadline_id, story_id, title, title, due, zone, main=True),
        )
    except StoryError as exc:
        await reply(context, echo(str(exc)[:300], lang))
        return
    shown = format_when(due, zone, lang)
    await reply(
        context, say("newstory_done", lang, story=story_id, deadline=deadline_id, due=shown)
    )


ID_SHAPE = re.compile(r"[a-z0-9][a-z0-9-]{1,79}")
BUTTONS = outcome_ask.PATTERN  # refused for non-admins (handlers.register)


def handlers(admins: Admins) -> list[BaseHandler]:
    return [
        command("setstatus", set_status, admins),
        command("deadline", move_or_decide_deadline, admins),
        newstory_talk.conversation(admins, new_story),  # no arguments: the questions
        AdminButton(outcome_button, outcome_ask.PATTERN, admins),
    ]
