"""The review desk: candidates reach the admins as cards with buttons (approve, change
speaker, change stance, edit text, reject); /pending lists the queue; /add enters a statement
by hand, step by step; /edit and /delete work on statements already in the record.

Every action is an admin's (anyone else gets a refusal), goes through storage.review_store (which
audits it) and, when it moves an actor's position, alerts the chats that follow that actor.
Callback data carries only the statement's row number: "rv:a:17" stays far under Telegram's
64 bytes whatever the statement's id.
"""

from __future__ import annotations

import logging
import re
import warnings
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.pipeline import IngestReport
from handlers import questions
from handlers.common import AdminButton, Admins, command, edit_reply, reply, send
from handlers.context import CustomContext
from handlers.update_parts import (
    button_fields,
    chat_id_of,
    query_of,
    sender_id_of,
    shown_text,
    text_of,
)
from storage import Record
from storage.chats import chat_language
from storage.review_store import IngestStore, Outcome, ReviewItem
from story.day_words import parse_day
from story.desk_texts import plain, say
from story.intake import MAX_STATEMENT_CHARS, urls_in
from story.normalize import script_of
from story.questions import looks_like_question
from story.render import count_of, echo, render_stance, rtl_safe
from story.review_card import render_card, render_queue, speaker_text, status_label
from story.stance import suggest_stance
from story.texts import text

log = logging.getLogger("raqib.review")

MAX_CARDS = 10  # cards sent at once; the rest wait in /pending
TEXT_WAIT, SPEAKER_WAIT, TEXT_CONFIRM = range(3)
EXPIRED, QUESTION = -1, -2  # why an open prompt does not take a message
PROMPT_TIMEOUT = timedelta(minutes=5)  # a correction prompt left open this long is over
ADD_SPEAKER, ADD_TEXT, ADD_DATE, ADD_SOURCE, ADD_STANCE = range(10, 15)
_INPUT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
_NEW_ACTOR = re.compile(r"^\s*(?:new|جديد)\s*[:：]\s*(.+)$", re.IGNORECASE | re.DOTALL)


# -- cards ---------------------------------------------------------------------------------
def card_text(record: Record, item: ReviewItem, lang: str, note: str = "") -> str:
    return render_card(
        item.ref,
        item.statement,
        item.status,
        actors=record.actors(),
        sources=record.sources(),
        stances=record.stances(),
        speaker=(item.speaker_name_en, item.speaker_name_ar, item.speaker_role),
        reports=item.reports,
        lang=lang,
        note=note,
        suggested=item.suggested_name,
    )


def card_keyboard(item: ReviewItem, lang: str) -> InlineKeyboardMarkup | None:
    """The buttons under a card, by status (a rejected statement can still be approved; a
    replaced candidate has none)."""
    if item.status == "replaced":
        return None
    ar = lang == "ar"
    r = item.ref
    approve = InlineKeyboardButton("✅ اعتماد" if ar else "✅ Approve", callback_data=f"rv:a:{r}")
    reject = InlineKeyboardButton("❌ رفض" if ar else "❌ Reject", callback_data=f"rv:r:{r}")
    speaker = InlineKeyboardButton("👤 المتحدث" if ar else "👤 Speaker", callback_data=f"rv:p:{r}")
    stance = InlineKeyboardButton("📌 الموقف" if ar else "📌 Stance", callback_data=f"rv:s:{r}")
    edit = InlineKeyboardButton("✏️ النص" if ar else "✏️ Text", callback_data=f"rv:t:{r}")
    delete = InlineKeyboardButton("🗑 سحب" if ar else "🗑 Withdraw", callback_data=f"rv:d:{r}")
    if item.status == "pending":
        rows = [[approve, reject], [speaker, stance, edit]]
    elif item.status == "approved":
        rows = [[speaker, stance, edit], [delete]]
    else:
        rows = [[approve], [speaker, stance, edit]]
    return InlineKeyboardMarkup(rows)


def stance_keyboard(record: Record, item: ReviewItem, lang: str) -> InlineKeyboardMarkup:
    stances = IngestStore(record).stances_for(item.statement.story_id)
    rows = []
    for i, stance in enumerate(stances):
        label = stance.label_ar if lang == "ar" else stance.label_en
        if stance.id == item.statement.stance:
            label = "• " + label
        elif stance.id == item.suggested_stance:
            label = "⭐ " + label
        rows.append([InlineKeyboardButton(label[:60], callback_data=f"rv:S:{item.ref}:{i}")])
    rows.append(
        [
            InlineKeyboardButton(plain("no_stance", lang), callback_data=f"rv:S:{item.ref}:-"),
            InlineKeyboardButton("↩️", callback_data=f"rv:b:{item.ref}"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def send_card(
    bot, record: Record, chat_id: int, item: ReviewItem, lang: str, note: str = ""
) -> None:
    """A card with its buttons; where it was sent is kept, so a card whose candidate is
    replaced later can be marked (see `mark_replaced`)."""
    sent = await send(
        bot,
        chat_id,
        card_text(record, item, lang, note),
        lang,
        reply_markup=card_keyboard(item, lang),
        disable_web_page_preview=True,
    )
    IngestStore(record).card_sent(chat_id, sent.message_id, item.ref, datetime.now(UTC))


async def mark_replaced(app: Application, statement_ids: list[str]) -> None:
    """The cards of candidates an edit of their post took out, in every chat they were sent
    to: rewritten to say so, in that chat's language, their buttons removed. A card that
    cannot be edited (deleted, too old) keeps its buttons, which then answer the same."""
    record: Record = app.bot_data["record"]
    config = app.bot_data["config"]
    store = IngestStore(record)
    for chat_id, message_id, ref in store.cards_of(statement_ids):
        item = store.review_item(ref)
        if item is None:
            continue
        lang = chat_language(record.db, chat_id, config.language)
        body = rtl_safe(card_text(record, item, lang, plain("replaced", lang)), lang)
        try:
            await app.bot.edit_message_text(
                body, chat_id=chat_id, message_id=message_id, reply_markup=None,
                disable_web_page_preview=True,
            )
        except TelegramError as exc:
            log.info("replaced card %s in chat %s not marked: %s", message_id, chat_id, exc)


_NEW_AR = ("تصريح جديد واحد", "تصريحان جديدان", "تصريحات جديدة", "تصريحًا جديدًا")


def report_summary(report: IngestReport, lang: str) -> str:
    title = report.title or report.outlet or plain("untitled", lang)
    title = title if len(title) <= 80 else title[:79] + "…"
    if report.new or report.merged:
        new = len(report.new)
        new_ar = count_of(new, "ar", ("", ""), _NEW_AR)  # 1, 2, 3-10 and 11+ agree apart
        return say(
            "read_summary", lang, title=title, new=new, new_ar=new_ar, merged=len(report.merged)
        )
    return say("read_nothing", lang, title=title)


async def send_report(bot, record: Record, chat_id: int, report: IngestReport, lang: str) -> None:
    """An item's outcome in a chat: a summary line, then a card per new candidate."""
    await bot.send_message(chat_id, report_summary(report, lang), disable_web_page_preview=True)
    store = IngestStore(record)
    for statement_id in report.new[:MAX_CARDS]:
        item = store.review_item(statement_id)
        if item is not None:
            await send_card(bot, record, chat_id, item, lang)
    if len(report.new) > MAX_CARDS:
        await bot.send_message(chat_id, say("more_in_queue", lang, n=len(report.new) - MAX_CARDS))


async def notify_admins(app: Application, report: IngestReport, *, skip: int | None = None) -> None:
    """Send an item's candidates to every admin (feeds and monitored chats have no one who
    asked); an admin who never opened a chat with the bot is skipped."""
    record: Record = app.bot_data["record"]
    config = app.bot_data["config"]
    for admin in sorted(config.admins):
        if admin == skip:
            continue
        try:
            await send_report(
                app.bot, record, admin, report, chat_language(record.db, admin, config.language)
            )
        except TelegramError as exc:
            log.info("review cards to admin %s not sent: %s", admin, exc)


# -- actions -------------------------------------------------------------------------------
def _who(update: Update) -> str:
    user = update.effective_user
    if user is None:
        return "?"
    return f"@{user.username}" if user.username else user.full_name


def _note(outcome: Outcome, action: str, update: Update, record: Record, lang: str) -> str:
    notes = []
    if outcome.created_actor:
        actor = record.actors().get(outcome.created_actor)
        notes.append(
            plain(
                "actor_created",
                lang,
                name=actor.name(lang) if actor else "",
                id=outcome.created_actor,
            )
        )
    notes.append(plain(action, lang, who=_who(update)))
    return "\n".join(notes)


def _refusal(outcome: Outcome, ref: str, lang: str) -> str:
    if outcome.reason == "already" and outcome.item is not None:
        return plain("already", lang, status=status_label(outcome.item.status, lang))
    known = ("not_found", "no_speaker", "replaced")
    return plain(
        outcome.reason if outcome.reason in known else "not_found",
        lang,
        ref=ref,
    )


async def _edit_card(
    context: CustomContext, text_: str, markup: InlineKeyboardMarkup | None
) -> None:
    await edit_reply(context, text_, reply_markup=markup)


async def _replaced(update: Update, context: CustomContext, item: ReviewItem) -> None:
    """A button of a card whose candidate was replaced (its edit failed, or it was pressed
    meanwhile): say so, and show the card as it now is, without buttons."""
    lang = context.lang
    await query_of(update).answer(plain("replaced", lang), show_alert=True)
    await _edit_card(context, card_text(context.record, item, lang, plain("replaced", lang)), None)


async def on_button(update: Update, context: CustomContext) -> None:
    """approve (a), reject (r), withdraw (d), stance menu (s), set stance (S), back (b)."""
    query = query_of(update)
    parts = button_fields(update)
    action, ref = parts[1], int(parts[2])
    lang = context.lang
    record = context.record
    store = context.ingest
    user, now = sender_id_of(update), context.now
    item = store.review_item(ref)
    if item is None:
        await query.answer(plain("not_found", lang, ref=ref), show_alert=True)
        return
    if item.status == "replaced":
        await _replaced(update, context, item)
        return
    if action == "s":
        await query.answer()
        await _edit_card(
            context,
            card_text(record, item, lang, plain("pick_stance", lang, ref=ref)),
            stance_keyboard(record, item, lang),
        )
        return
    if action == "b":
        await query.answer()
        await _edit_card(context, card_text(record, item, lang), card_keyboard(item, lang))
        return
    if action == "S":
        stances = store.stances_for(item.statement.story_id)
        choice = parts[3]
        stance = (
            None
            if choice == "-"
            else stances[int(choice)].id
            if int(choice) < len(stances)
            else None
        )
        outcome = store.set_stance(ref, stance, user, now)
        label = (
            render_stance(stance, record.stances(), lang) if stance else plain("no_stance", lang)
        )
        note = plain("stance_set", lang, stance=label)
    else:
        act = {
            "a": (store.approve, "approved"),
            "r": (store.reject, "rejected"),
            "d": (store.delete, "deleted"),
        }.get(action)
        if act is None:
            await query.answer()
            return
        outcome = act[0](ref, user, now)
        note = _note(outcome, act[1], update, record, lang) if outcome.ok else ""
    if not outcome.ok or outcome.item is None:
        await query.answer(_refusal(outcome, str(ref), lang), show_alert=True)
        if outcome.item is not None:
            await _edit_card(
                context, card_text(record, outcome.item, lang), card_keyboard(outcome.item, lang)
            )
        return
    await query.answer()
    await _edit_card(
        context, card_text(record, outcome.item, lang, note), card_keyboard(outcome.item, lang)
    )
    if outcome.changes and action == "a":  # only a new approved statement moves a position
        context.application.bot_data["reminders"].kick()  # follower alerts are in the ledger


# -- edit text / change speaker (a conversation: the button asks, the next message answers) --
def _prompt_ref(update: Update, context: CustomContext) -> int | None:
    """The statement the admin's open prompt is about; None (prompt closed) when it expired
    or when the message reads as a question — a question is never taken as a correction."""
    ref = context.user_data.get("review_ref")
    asked = context.user_data.get("review_asked")
    if ref is None:
        return None
    if asked is None or context.now - asked > PROMPT_TIMEOUT:
        _close_prompt(context)
        return EXPIRED
    if looks_like_question(text_of(update)):
        _close_prompt(context)
        return QUESTION
    return ref


def _close_prompt(context: CustomContext) -> None:
    for key in ("review_ref", "review_asked", "review_draft"):
        context.user_data.pop(key, None)


async def _not_a_correction(update: Update, context: CustomContext, why: int) -> int:
    """The prompt is closed: say why, and answer the message if it asked something."""
    lang = context.lang
    if why == EXPIRED:
        await reply(context, say("prompt_expired", lang))
    else:
        await reply(context, say("prompt_question", lang))
    if looks_like_question(text_of(update)):
        await questions.free_text(update, context)
    return ConversationHandler.END


def _cancel_button(ref: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(plain("button_cancel", lang), callback_data=f"rv:x:{ref}")]]
    )


async def ask_text(update: Update, context: CustomContext) -> int:
    ref = int(button_fields(update)[2])
    lang = context.lang
    item = context.ingest.review_item(ref)
    if item is not None and item.status == "replaced":
        await _replaced(update, context, item)
        return ConversationHandler.END
    await query_of(update).answer()
    if item is None:
        await reply(context, plain("not_found", lang, ref=ref))
        return ConversationHandler.END
    _close_prompt(context)
    context.user_data.update(review_ref=ref, review_asked=context.now)
    old = item.statement.text(lang) or item.statement.text_ar or item.statement.text_en
    minutes = int(PROMPT_TIMEOUT.total_seconds() // 60)
    body = say("ask_text_now", lang, ref=ref, old=echo(old, lang, limit=600), minutes=minutes)
    await reply(context, body, reply_markup=_cancel_button(ref, lang))
    return TEXT_WAIT


async def got_text(update: Update, context: CustomContext) -> int:
    """The corrected words: shown against the current ones, applied only when confirmed."""
    lang = context.lang
    ref = _prompt_ref(update, context)
    if ref is None:
        return ConversationHandler.END
    if ref in (EXPIRED, QUESTION):
        return await _not_a_correction(update, context, ref)
    item = context.ingest.review_item(ref)
    if item is None:
        _close_prompt(context)
        await reply(context, plain("not_found", lang, ref=ref))
        return ConversationHandler.END
    new = re.sub(r"\s+", " ", text_of(update)).strip()
    which = script_of(new)
    old = item.statement.text_ar if which == "ar" else item.statement.text_en
    context.user_data["review_draft"] = new
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(plain("button_confirm", lang), callback_data=f"rv:T:{ref}:y"),
                InlineKeyboardButton(plain("button_cancel", lang), callback_data=f"rv:x:{ref}"),
            ]
        ]
    )
    body = say(
        "confirm_text",
        lang,
        ref=ref,
        old=echo(old or "—", lang, limit=900),
        new=echo(new, lang, limit=900),
    )
    await reply(context, body, reply_markup=markup)
    return TEXT_CONFIRM


async def confirm_text(update: Update, context: CustomContext) -> int:
    query = query_of(update)
    lang = context.lang
    ref = int(button_fields(update)[2])
    draft = context.user_data.get("review_draft")
    if context.user_data.get("review_ref") != ref or not draft:
        await query.answer(plain("prompt_expired", lang), show_alert=True)
        return ConversationHandler.END
    _close_prompt(context)
    await query.answer()
    await _edit_card(context, shown_text(query) or "✏️", None)  # the question is answered
    outcome = context.ingest.set_text(ref, draft, sender_id_of(update), context.now)
    await _after_prompt(update, context, outcome, plain("text_set", lang), lang)
    return ConversationHandler.END


async def ask_speaker(update: Update, context: CustomContext) -> int:
    ref = int(button_fields(update)[2])
    item = context.ingest.review_item(ref)
    if item is not None and item.status == "replaced":
        await _replaced(update, context, item)
        return ConversationHandler.END
    _close_prompt(context)
    context.user_data.update(review_ref=ref, review_asked=context.now)
    await query_of(update).answer()
    lang = context.lang
    await reply(context, say("ask_speaker", lang, ref=ref), reply_markup=_cancel_button(ref, lang))
    return SPEAKER_WAIT


def _new_actor_names(value: str) -> tuple[str, str]:
    """'English name | الاسم العربي' (either part may be missing) → (name_en, name_ar)."""
    name_en = name_ar = ""
    for part in value.split("|"):
        part = part.strip()
        if not part:
            continue
        if re.search("[\u0600-\u06ff]", part):
            name_ar = name_ar or part
        else:
            name_en = name_en or part
    return name_en[:120], name_ar[:120]


async def _resolve_speaker(update: Update, context: CustomContext, value: str) -> str | None:
    """An actor id for what the admin typed: a tracked actor, or a new one ("new: …");
    None after telling the admin the name is unknown."""
    lang = context.lang
    record = context.record
    new = _NEW_ACTOR.match(value)
    if new:
        name_en, name_ar = _new_actor_names(new.group(1))
        if name_en or name_ar:
            return context.ingest.create_actor(
                name_en, name_ar, sender_id_of(update), context.now
            )
    actor = record.actor_index().resolve(value[:200])
    if actor is not None:
        return actor.id
    await reply(context, say("speaker_unknown", lang, name=echo(value, lang), plain=value[:80]))
    return None


async def got_speaker(update: Update, context: CustomContext) -> int:
    lang = context.lang
    ref = _prompt_ref(update, context)
    if ref is None:
        return ConversationHandler.END
    if ref in (EXPIRED, QUESTION):
        return await _not_a_correction(update, context, ref)
    actor_id = await _resolve_speaker(update, context, text_of(update))
    if actor_id is None:
        return SPEAKER_WAIT
    _close_prompt(context)
    record = context.record
    outcome = context.ingest.set_speaker(ref, actor_id, sender_id_of(update), context.now)
    name = record.actors()[actor_id].name(lang)
    await _after_prompt(update, context, outcome, plain("speaker_set", lang, name=name), lang)
    return ConversationHandler.END


async def _after_prompt(
    update: Update, context: CustomContext, outcome: Outcome, note: str, lang: str
) -> None:
    record = context.record
    if not outcome.ok or outcome.item is None:
        await reply(context, _refusal(outcome, "?", lang))
        return
    await send_card(context.bot, record, chat_id_of(update), outcome.item, lang, note)
    # A corrected text or speaker is a correction of the record, not a change of position.


async def cancel(update: Update, context: CustomContext) -> int:
    _close_prompt(context)
    context.user_data.pop("add", None)
    query = update.callback_query
    if query is not None:
        await query.answer()
        await _edit_card(context, shown_text(query) or "✖️", None)
    await reply(context, say("cancelled", context.lang))
    return ConversationHandler.END


# -- /add: a guided manual entry -------------------------------------------------------------
async def add_start(update: Update, context: CustomContext) -> int:
    lang = context.lang
    context.user_data["add"] = {}
    await reply(context, say("add_speaker", lang))
    return ADD_SPEAKER


async def add_speaker(update: Update, context: CustomContext) -> int:
    actor_id = await _resolve_speaker(update, context, text_of(update))
    if actor_id is None:
        return ADD_SPEAKER
    context.user_data.setdefault("add", {})["actor_id"] = actor_id
    lang = context.lang
    await reply(context, say("add_text", lang, name=context.record.actors()[actor_id].name(lang)))
    return ADD_TEXT


async def add_text(update: Update, context: CustomContext) -> int:
    words = text_of(update).strip()
    if len(words) > MAX_STATEMENT_CHARS:  # refused with the reason, never cut mid-word
        lang = context.lang
        await reply(context, text("add_too_long", lang, n=len(words), limit=MAX_STATEMENT_CHARS))
        return ADD_TEXT
    context.user_data.setdefault("add", {})["text"] = words
    await reply(context, say("add_date", context.lang))
    return ADD_DATE


def _parse_day(value: str, today: date) -> date | None:
    return parse_day(value, today)  # ISO, today/yesterday, written dates in both languages


async def add_date(update: Update, context: CustomContext) -> int:
    chat = context.chat
    today = context.now.astimezone(ZoneInfo(chat.timezone)).date()
    day = _parse_day(text_of(update), today)
    if day is None:
        await reply(context, say("add_date_bad", chat.lang))
        return ADD_DATE
    context.user_data.setdefault("add", {})["day"] = day.isoformat()
    await reply(context, say("add_source", chat.lang))
    return ADD_SOURCE


async def add_source(update: Update, context: CustomContext) -> int:
    lang = context.lang
    value = text_of(update).strip()
    draft = context.user_data.setdefault("add", {})
    if value not in ("-", "—", "لا"):
        links = urls_in(value)
        draft["url"] = links[0] if links else None
        name = value
        for link in links:
            name = name.replace(link, " ")
        draft["source"] = re.sub(r"\s+", " ", name).strip()[:120] or None
    record = context.record
    story_id = context.chat.story_id or record.current_story_id()
    stances = context.ingest.stances_for(story_id)
    suggested = suggest_stance(draft.get("text", ""), stances)
    draft["suggested"] = suggested
    rows = []
    for i, stance in enumerate(stances):
        label = stance.label_ar if lang == "ar" else stance.label_en
        rows.append(
            [
                InlineKeyboardButton(
                    ("⭐ " if stance.id == suggested else "") + label[:58],
                    callback_data=f"add:S:{i}",
                )
            ]
        )
    rows.append([InlineKeyboardButton(plain("no_stance", lang), callback_data="add:S:-")])
    shown = (
        render_stance(suggested, record.stances(), lang) if suggested else plain("no_stance", lang)
    )
    await reply(
        context, say("add_stance", lang, stance=shown), reply_markup=InlineKeyboardMarkup(rows)
    )
    return ADD_STANCE


async def add_stance(update: Update, context: CustomContext) -> int:
    query = query_of(update)
    await query.answer()
    chat = context.chat
    lang = chat.lang
    record = context.record
    store = context.ingest
    draft = context.user_data.pop("add", {})
    story_id = chat.story_id or record.current_story_id()
    stances = store.stances_for(story_id)
    choice = button_fields(update)[2]
    stance = None if choice == "-" or int(choice) >= len(stances) else stances[int(choice)].id
    if not draft.get("actor_id") or not draft.get("text") or not story_id:
        await reply(context, say("cancelled", lang))
        return ConversationHandler.END
    outcome = store.add_statement(
        story_id=story_id,
        actor_id=draft["actor_id"],
        text=draft["text"],
        day=date.fromisoformat(draft["day"]),
        source=draft.get("source"),
        url=draft.get("url"),
        stance=stance,
        user_id=sender_id_of(update),
        now=context.now,
    )
    await _edit_card(context, shown_text(query) or "📌", None)  # the stance menu is spent
    if not outcome.ok or outcome.item is None:
        ref = outcome.item.ref if outcome.item else "?"
        await reply(context, say("add_exists", lang, ref=ref))
        return ConversationHandler.END
    await send_card(
        context.bot,
        record,
        chat_id_of(update),
        outcome.item,
        lang,
        plain("add_done", lang, ref=outcome.item.ref),
    )
    if outcome.changes:
        context.application.bot_data["reminders"].kick()  # follower alerts are in the ledger
    return ConversationHandler.END


# -- /pending, /edit, /delete ----------------------------------------------------------------
async def pending(update: Update, context: CustomContext) -> None:
    lang = context.lang
    record = context.record
    store = context.ingest
    items = store.pending(MAX_CARDS)
    actors = record.actors()
    rows = [
        (
            i.ref,
            speaker_text(i.statement, actors, i.speaker_name_en, i.speaker_name_ar, "", lang),
            i.statement.text(lang),
        )
        for i in items
    ]
    queue = render_queue(rows, store.pending_count(), lang)
    if not context.is_private:  # unreviewed candidates are not for a group's eyes
        try:
            await send(context.bot, sender_id_of(update), queue, lang)
            for item in items:
                await send_card(context.bot, record, sender_id_of(update), item, lang)
        except Forbidden:
            await reply(context, say("pending_open_private", lang))
            return
        await reply(context, say("pending_in_private", lang))
        return
    await reply(context, queue)
    for item in items:
        await send_card(context.bot, record, chat_id_of(update), item, lang)


def _ref_arg(value: str) -> int | str:
    value = value.strip().lstrip("#")
    return int(value) if value.isdigit() else value


async def edit(update: Update, context: CustomContext) -> None:
    lang = context.lang
    arg = " ".join(context.args or []).strip()
    if not arg:
        await reply(context, say("edit_usage", lang))
        return
    record = context.record
    store = context.ingest
    item = store.review_item(_ref_arg(arg))
    items = [item] if item else []
    if not items:
        actor = record.actor_index().resolve(arg[:200])
        items = store.latest_of(actor.id) if actor else []
    if not items:
        await reply(context, say("edit_none", lang, name=echo(arg, lang)))
        return
    for found in items:
        await send_card(context.bot, record, chat_id_of(update), found, lang)


async def delete(update: Update, context: CustomContext) -> None:
    lang = context.lang
    arg = " ".join(context.args or []).strip()
    if not arg:
        await reply(context, say("delete_usage", lang))
        return
    record = context.record
    outcome = context.ingest.delete(_ref_arg(arg), sender_id_of(update), context.now)
    if not outcome.ok or outcome.item is None:
        await reply(context, _refusal(outcome, arg.lstrip("#")[:20], lang))
        return
    await send_card(
        context.bot,
        record,
        chat_id_of(update),
        outcome.item,
        lang,
        plain("deleted", lang, who=_who(update)),
    )
    # A withdrawal corrects the record: followers are not told the actor changed position.


COMMANDS = ["add", "pending", "edit", "delete"]
BUTTONS = r"^(rv|add):"  # every review-desk button: refused for non-admins (handlers.register)


def handlers(admins: Admins) -> list[BaseHandler]:
    with warnings.catch_warnings():
        # Button-started conversations are tracked per chat and user, not per message, on
        # purpose: the admin answers the prompt with a new message. PTB warns about that.
        warnings.simplefilter("ignore", PTBUserWarning)
        review_edit = ConversationHandler(
            entry_points=[
                AdminButton(ask_text, r"^rv:t:\d+$", admins),
                AdminButton(ask_speaker, r"^rv:p:\d+$", admins),
            ],
            states={
                TEXT_WAIT: [MessageHandler(_INPUT, got_text)],
                TEXT_CONFIRM: [
                    AdminButton(confirm_text, r"^rv:T:\d+:y$", admins),
                    MessageHandler(_INPUT, got_text),  # a second try replaces the draft
                ],
                SPEAKER_WAIT: [MessageHandler(_INPUT, got_speaker)],
            },
            fallbacks=[command("cancel", cancel), AdminButton(cancel, r"^rv:x:\d+$", admins)],
            allow_reentry=True,
            conversation_timeout=PROMPT_TIMEOUT.total_seconds(),
            name="review-edit",
        )
        add = ConversationHandler(
            entry_points=[command("add", add_start, admins)],
            states={
                ADD_SPEAKER: [MessageHandler(_INPUT, add_speaker)],
                ADD_TEXT: [MessageHandler(_INPUT, add_text)],
                ADD_DATE: [MessageHandler(_INPUT, add_date)],
                ADD_SOURCE: [MessageHandler(_INPUT, add_source)],
                ADD_STANCE: [AdminButton(add_stance, r"^add:S:(\d+|-)$", admins)],
            },
            fallbacks=[command("cancel", cancel)],
            allow_reentry=True,
            name="add-statement",
        )
    return [
        review_edit,
        add,
        AdminButton(on_button, r"^rv:[abdrsS]:\d+(:(\d+|-))?$", admins),
        command("pending", pending, admins),
        command("edit", edit, admins),
        command("delete", delete, admins),
    ]
