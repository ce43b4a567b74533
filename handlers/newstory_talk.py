"""/newstory with no arguments: a guided conversation (PTB's ConversationHandler, as in its
conversationbot.py example) that asks an admin in turn for the story's title in Arabic, its
title in English, its deadline's date (and time zone) and its first actor, then creates the
story and its deadline through storage.story_store — the same service as the one-line
/newstory, which stays (handlers.admin). /cancel stops it; left unanswered for
`TIMEOUT_SECONDS` it ends by itself and says so. Nothing is created before the last answer.

The ids are made from the English title (`iraq-s-vote-2029`, its deadline `…-deadline`).
The first actor is a tracked actor's name, or `new: English name | الاسم العربي` (added to
the record, as in /add), or `-` for none yet; it is named in the story's summary, so /add
and the review desk can attribute the story's first statements to it.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import BaseHandler, ConversationHandler, MessageHandler, filters

from handlers.common import Admins, command, reply
from handlers.context import CustomContext
from storage.story_store import StoryError, StoryStore
from story.countdown import valid_timezone
from story.models import Deadline
from story.render import echo, format_when
from story.story_texts import say

TIMEOUT_SECONDS = 600.0  # an unanswered conversation ends after ten minutes
TITLE_AR, TITLE_EN, DUE, ACTOR = range(40, 44)
_INPUT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
_NEW = re.compile(r"^\s*(?:new|جديد)\s*[:：]\s*(.+)$", re.IGNORECASE | re.DOTALL)
_DRAFT = "newstory_draft"


def _draft(context: CustomContext) -> dict:
    return context.user_data.setdefault(_DRAFT, {})


def _line(update: Update) -> str:
    message = update.effective_message
    return re.sub(r"\s+", " ", (message.text if message else "") or "").strip()[:200]


async def start(update: Update, context: CustomContext) -> int:
    context.user_data.pop(_DRAFT, None)
    await reply(context, say("ns_ask_title_ar", context.lang))
    return TITLE_AR


async def got_title_ar(update: Update, context: CustomContext) -> int:
    _draft(context)["title_ar"] = _line(update)
    await reply(context, say("ns_ask_title_en", context.lang))
    return TITLE_EN


async def got_title_en(update: Update, context: CustomContext) -> int:
    title = _line(update)
    if not _slug(title):
        await reply(context, say("ns_bad_title_en", context.lang))
        return TITLE_EN
    _draft(context)["title_en"] = title
    zone = context.chat.timezone
    await reply(context, say("ns_ask_due", context.lang, zone=zone))
    return DUE


async def got_due(update: Update, context: CustomContext) -> int:
    lang = context.lang
    words = _line(update).split()
    zone = words[1] if len(words) > 1 else context.chat.timezone
    if not words or not valid_timezone(zone):
        await reply(context, say("newstory_bad_zone", lang, value=echo(zone, lang)))
        return DUE
    try:
        due = datetime.fromisoformat(words[0])
    except ValueError:
        await reply(context, say("newstory_bad_date", lang, value=echo(words[0], lang)))
        return DUE
    due = due if due.tzinfo else due.replace(tzinfo=ZoneInfo(zone))
    _draft(context).update(due=due, zone=zone)
    await reply(context, say("ns_ask_actor", lang))
    return ACTOR


async def got_actor(update: Update, context: CustomContext) -> int:
    lang, now, record = context.lang, context.now, context.record
    typed = _line(update)
    draft = _draft(context)
    actor_en = actor_ar = ""
    new = _NEW.match(typed)
    if typed in ("-", "—", "لا"):
        actor_id = None
    elif new:
        actor_en, _, actor_ar = (p.strip() for p in new.group(1).partition("|"))
        actor_ar = actor_ar or actor_en
        actor_id = ""  # made below, once the story exists
    else:
        actor = record.actor_index().resolve(typed)
        if actor is None:
            await reply(context, say("ns_unknown_actor", lang, name=echo(typed, lang)))
            return ACTOR
        actor_id, actor_en, actor_ar = actor.id, actor.name_en, actor.name_ar
    store = StoryStore(record)
    story_id = _free_id(_slug(draft["title_en"]), {s.id for s in record.stories()})
    deadline = Deadline(f"{story_id}-deadline", story_id, draft["title_en"], draft["title_ar"],
                        draft["due"], draft["zone"], main=True)
    try:
        store.create_story(story_id, draft["title_en"], draft["title_ar"], now.date(),
                           deadline=deadline)
    except StoryError as exc:
        await reply(context, echo(str(exc)[:300], lang))
        return ConversationHandler.END
    if actor_id == "":
        user = update.effective_user
        actor_id = context.ingest.create_actor(actor_en, actor_ar, user.id if user else None, now)
    if actor_id:
        store.name_first_actor(story_id, actor_en, actor_ar)
    context.user_data.pop(_DRAFT, None)
    shown = format_when(deadline.due, deadline.timezone, lang)
    done = say("newstory_done", lang, story=story_id, deadline=deadline.id, due=shown)
    if actor_id:
        done += "\n" + say("ns_actor_named", lang, name=actor_ar if lang == "ar" else actor_en)
    await reply(context, done)
    return ConversationHandler.END


async def cancel(update: Update, context: CustomContext) -> int:
    context.user_data.pop(_DRAFT, None)
    await reply(context, say("ns_cancelled", context.lang))
    return ConversationHandler.END


async def timed_out(update: Update, context: CustomContext) -> None:
    context.user_data.pop(_DRAFT, None)
    minutes = max(1, round(TIMEOUT_SECONDS / 60))
    await reply(context, say("ns_timed_out", context.lang, minutes=minutes))


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def conversation(admins: Admins, one_line) -> BaseHandler:
    """/newstory: with arguments the one-line form (`one_line`), without them the questions."""

    async def entry(update: Update, context: CustomContext) -> int:
        if context.args:
            await one_line(update, context)
            return ConversationHandler.END
        return await start(update, context)

    return ConversationHandler(
        entry_points=[command("newstory", entry, admins)],
        states={
            TITLE_AR: [MessageHandler(_INPUT, got_title_ar)],
            TITLE_EN: [MessageHandler(_INPUT, got_title_en)],
            DUE: [MessageHandler(_INPUT, got_due)],
            ACTOR: [MessageHandler(_INPUT, got_actor)],
            ConversationHandler.TIMEOUT: [MessageHandler(filters.ALL, timed_out)],
        },
        fallbacks=[command("cancel", cancel)],
        allow_reentry=True,
        conversation_timeout=TIMEOUT_SECONDS,
        name="newstory",
    )
