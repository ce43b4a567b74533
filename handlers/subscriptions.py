"""Reminder subscriptions: /subscribe (inline keyboard or arguments), /unsubscribe,
/subscriptions, /quiet; the bot's own membership (blocked, removed); group → supergroup.

In a group only its admins change the group's reminders (checked with getChatMember;
anonymous admins, who write as the group, count as admins). Anyone may list them.
The schedule itself is storage's and story.schedule's business: these handlers read the
update, call storage.subscriptions, and reply.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from handlers.common import command, edit_reply, may_change_chat, reply, send
from handlers.context import CustomContext
from storage.subscriptions import NewSubscription, SubscriptionStore
from story.as_of import as_of
from story.edge_texts import edge
from story.models import Deadline
from story.reminder_text import (
    deadline_title,
    describe_cadence,
    describe_next,
    describe_quiet,
    t,
    weekday_name,
)
from story.render import echo
from story.schedule import CADENCES, hhmm, parse_hhmm, parse_quiet, parse_weekday
from story.story_state import nothing_ahead
from story.time_words import parse_range, parse_time_of_day

log = logging.getLogger("raqib.subscriptions")

TIME_CHOICES = ("07:00", "09:00", "12:00", "18:00", "21:00")
GONE_STATUSES = (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)  # "kicked" and "left"
CADENCE_WORDS = {
    "daily": "daily",
    "day": "daily",
    "يومي": "daily",
    "يوميا": "daily",
    "يوميًا": "daily",
    "weekly": "weekly",
    "week": "weekly",
    "أسبوعي": "weekly",
    "اسبوعي": "weekly",
    "أسبوعيا": "weekly",
    "milestones": "milestones",
    "milestone": "milestones",
    "محطات": "milestones",
    "المحطات": "milestones",
}
NO_MILESTONES = ("nomilestones", "no-milestones", "بلا-محطات", "بدون-محطات")


def store_of(context: CustomContext) -> SubscriptionStore:
    return context.subscriptions


def _chat_id(update: Update) -> int:
    """The chat of a command or button (every handler here answers in a chat)."""
    chat = update.effective_chat
    if chat is None:
        raise ValueError(f"update {update.update_id} has no chat")
    return chat.id


# ------------------------------------------------------------------------------ helpers


def _token(deadline: Deadline) -> str:
    """A deadline's id as it fits in callback data (64 bytes in all)."""
    return (
        deadline.id
        if len(deadline.id.encode()) <= 28 and "|" not in deadline.id
        else "#" + hashlib.sha1(deadline.id.encode()).hexdigest()[:10]
    )


def _upcoming(context: CustomContext, now: datetime, *, of_chat: bool = False) -> list[Deadline]:
    """Deadlines still ahead (as known at `now`); `of_chat`: the chat's story's only, unless
    its story has none left (then every story's that has)."""
    ahead = [d for d in as_of(context.record, now).deadlines() if d.due > now]
    if not of_chat:
        return ahead
    story_id = context.story_id
    return [d for d in ahead if d.story_id == story_id] or ahead


def _default_deadline(
    update: Update, context: CustomContext, upcoming: list[Deadline]
) -> Deadline | None:
    story_id = context.story_id
    for deadline in upcoming:
        if deadline.main and deadline.story_id == story_id:
            return deadline
    mains = [d for d in upcoming if d.main]
    return next(iter(mains or upcoming), None)


def _find(token: str, deadlines: list[Deadline]) -> Deadline | None:
    return next((d for d in deadlines if _token(d) == token or d.id == token), None)


def _title(deadline: Deadline, lang: str) -> str:
    return deadline_title(deadline.title_en, deadline.title_ar, lang)


def _default_time(context: CustomContext) -> time:
    return parse_hhmm(context.config.reminders.default_time) or time(9, 0)


def _default_weekday(context: CustomContext) -> int:
    day = parse_weekday(context.config.reminders.default_weekday)
    return 6 if day is None else day


async def _answer_text(
    context: CustomContext, text_: str, lang: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Reply to a command, or edit the keyboard's message when a button was pressed."""
    await edit_reply(context, text_, lang=lang, reply_markup=markup)


# ------------------------------------------------------------------------------ /subscribe


def _parse_args(args: list[str], deadlines: list[Deadline]) -> tuple[dict, str | None]:
    """Arguments of /subscribe → choices; the first word not understood is returned."""
    choice: dict = {}
    args = _join_meridiem(args)  # "9 pm", "٩ مساءً" → one word
    for arg in args:
        word = arg.strip().lower()
        if word in CADENCE_WORDS:
            choice["cadence"] = CADENCE_WORDS[word]
        elif word in NO_MILESTONES:
            choice["milestones"] = False
        elif (at := parse_time_of_day(word)) is not None:
            choice["at"] = at
        elif (day := parse_weekday(word)) is not None:
            choice["weekday"] = day
            choice.setdefault("cadence", "weekly")
        elif (deadline := _find(arg.strip(), deadlines)) is not None:
            choice["deadline"] = deadline
        else:
            return choice, arg
    return choice, None


def _join_meridiem(args: list[str]) -> list[str]:
    """A time followed by am/pm (or صباحًا/مساءً) as one argument."""
    joined: list[str] = []
    for arg in args:
        if joined and parse_time_of_day(f"{joined[-1]} {arg}") and not parse_time_of_day(arg):
            joined[-1] = f"{joined[-1]} {arg}"
        else:
            joined.append(arg)
    return joined


async def subscribe(update: Update, context: CustomContext) -> None:
    lang = context.lang
    now = context.now
    if not await may_change_chat(update, context):
        await reply(context, t("admins_only", lang))
        return
    record = context.record
    upcoming = _upcoming(context, now, of_chat=True)
    if not upcoming:
        passed = as_of(record, now).deadlines()
        if passed:  # the chat's story's last deadline and its outcome (story.story_state)
            zone = store_of(context).chat_timezone(_chat_id(update))
            await reply(context, nothing_ahead(passed, context.story_id, now, zone, lang))
        else:
            await reply(context, t("no_deadline", lang))
        return
    if context.args:
        choice, bad = _parse_args(context.args, upcoming)
        if bad is not None and re.search(r"\d", bad):  # "25:00", "9:75", "13pm"
            await reply(context, edge("time_bad", lang, arg=echo(bad[:40], lang)))
            return
        if bad is not None:
            await reply(context, t("bad_args", lang, arg=echo(bad[:40], lang)))
            return
        deadline = (
            choice.get("deadline") or _default_deadline(update, context, upcoming) or upcoming[0]
        )
        await _subscribe(
            update,
            context,
            lang,
            deadline,
            cadence=choice.get("cadence", "daily"),
            at=choice.get("at", _default_time(context)),
            weekday=choice.get("weekday", _default_weekday(context)),
            milestones=choice.get("milestones", True),
        )
        return
    if len(upcoming) > 1:
        rows = [
            [InlineKeyboardButton(_title(d, lang)[:60], callback_data=f"rs|d|{_token(d)}")]
            for d in upcoming
        ]
        rows.append([InlineKeyboardButton(t("cancel", lang), callback_data="rs|x")])
        await _answer_text(context, t("choose_deadline", lang), lang, InlineKeyboardMarkup(rows))
        return
    await _ask_cadence(context, lang, upcoming[0])


async def _ask_cadence(context: CustomContext, lang: str, deadline: Deadline) -> None:
    tok = _token(deadline)
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t(c, lang), callback_data=f"rs|c|{tok}|{c}") for c in CADENCES],
            [InlineKeyboardButton(t("cancel", lang), callback_data="rs|x")],
        ]
    )
    await _answer_text(
        context, t("choose_cadence", lang, title=_title(deadline, lang)), lang, markup
    )


async def _ask_weekday(context: CustomContext, lang: str, deadline: Deadline) -> None:
    tok = _token(deadline)
    order = (6, 0, 1, 2, 3, 4, 5)
    buttons = [
        InlineKeyboardButton(weekday_name(d, lang), callback_data=f"rs|w|{tok}|weekly|{d}")
        for d in order
    ]
    markup = InlineKeyboardMarkup(
        [buttons[:4], buttons[4:], [InlineKeyboardButton(t("cancel", lang), callback_data="rs|x")]]
    )
    await _answer_text(
        context, t("choose_weekday", lang, title=_title(deadline, lang)), lang, markup
    )


async def _ask_time(
    update: Update,
    context: CustomContext,
    lang: str,
    deadline: Deadline,
    cadence: str,
    weekday: int,
    milestones: bool,
) -> None:
    tok = _token(deadline)
    m = int(milestones)
    choices = list(dict.fromkeys([*TIME_CHOICES, hhmm(_default_time(context))]))
    choices.sort()
    buttons = [
        InlineKeyboardButton(
            c, callback_data=f"rs|t|{tok}|{cadence}|{weekday}|{c.replace(':', '')}|{m}"
        )
        for c in choices
    ]
    toggle = t("milestones_on" if milestones else "milestones_off", lang) + (
        " ✓" if milestones else " ✗"
    )
    markup = InlineKeyboardMarkup(
        [
            buttons[:3],
            buttons[3:],
            [InlineKeyboardButton(toggle, callback_data=f"rs|m|{tok}|{cadence}|{weekday}|{1 - m}")],
            [InlineKeyboardButton(t("cancel", lang), callback_data="rs|x")],
        ]
    )
    what = (
        t("daily_what", lang)
        if cadence == "daily"
        else t("weekly_what", lang, day=weekday_name(weekday, lang))
    )
    tz = store_of(context).chat_timezone(_chat_id(update))
    await _answer_text(
        context,
        t("choose_time", lang, what=what, title=_title(deadline, lang), tz=tz),
        lang,
        markup,
    )


async def _subscribe(
    update: Update,
    context: CustomContext,
    lang: str,
    deadline: Deadline,
    *,
    cadence: str,
    at: time,
    weekday: int,
    milestones: bool,
) -> None:
    store = store_of(context)
    chat_id = _chat_id(update)
    sub = store.subscribe(
        NewSubscription(
            chat_id=chat_id,
            deadline_id=deadline.id,
            cadence=cadence,
            at=at,
            weekday=weekday if cadence == "weekly" else None,
            milestones=milestones or cadence == "milestones",
            lang=lang,
        ),
        context.now,
    )
    tz = store.chat_timezone(chat_id)
    cadence_words = describe_cadence(sub.cadence, sub.at, sub.weekday, sub.milestones, lang)
    summary = f"{_title(deadline, lang)} — {cadence_words} ({tz})"
    log.info("chat %s subscribed to %s (%s %s)", chat_id, deadline.id, cadence, hhmm(at))
    await _answer_text(
        context,
        t("subscribed", lang, summary=summary, next=describe_next(sub.next_due, tz, lang)),
        lang,
    )


@dataclass(frozen=True)
class _Press:
    """A reminder button's data, every field checked: what a client could have been shown."""

    step: str
    token: str = ""
    cadence: str = "daily"
    weekday: int = 6
    at: time | None = None
    milestones: bool = True


# The fields after "rs|<step>|<token>" for each step, as the keyboards above write them.
_STEP_FIELDS = {"d": 0, "c": 1, "w": 2, "m": 3, "t": 4}
_FIELD = {
    "weekday": re.compile(r"[0-6]"),
    "hhmm": re.compile(r"[0-2][0-9][0-5][0-9]"),
    "flag": re.compile(r"[01]"),
    "token": re.compile(r"[^|]{1,40}"),
}


def _parse_press(data: str) -> _Press | None:
    """The pressed button, or None when its data is not one Raqib writes (forged, from an
    older version, or cut): each field is checked for shape and range before use."""
    if len(data.encode()) > 64:  # Telegram's own limit on callback data
        return None
    parts = data.split("|")
    if parts == ["rs", "x"]:
        return _Press("x")
    if len(parts) < 3 or parts[0] != "rs" or parts[1] not in _STEP_FIELDS:
        return None
    step, token, rest = parts[1], parts[2], parts[3:]
    if len(rest) != _STEP_FIELDS[step] or not _FIELD["token"].fullmatch(token):
        return None
    if step == "d":
        return _Press(step, token)
    cadence = rest[0]
    allowed = {"c": CADENCES, "w": ("weekly",), "m": ("daily", "weekly"), "t": ("daily", "weekly")}
    if cadence not in allowed[step]:
        return None
    if step == "c":
        return _Press(step, token, cadence)
    if not _FIELD["weekday"].fullmatch(rest[1]):
        return None
    weekday = int(rest[1])
    if step == "w":
        return _Press(step, token, cadence, weekday)
    if not _FIELD["flag"].fullmatch(rest[-1]):
        return None
    milestones = rest[-1] == "1"
    if step == "m":
        return _Press(step, token, cadence, weekday, milestones=milestones)
    at = parse_hhmm(rest[2]) if _FIELD["hhmm"].fullmatch(rest[2]) else None
    if at is None:
        return None
    return _Press(step, token, cadence, weekday, at, milestones)


async def on_subscribe_button(update: Update, context: CustomContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    lang = context.lang
    press = _parse_press(query.data or "")
    deadline = None
    if press is not None and press.step != "x":
        deadline = _find(press.token, _upcoming(context, context.now))
    if press is None or (press.step != "x" and deadline is None):
        await query.answer(edge("button_stale", lang))  # forged, or its deadline is gone
        return
    if not await may_change_chat(update, context):
        await query.answer(t("admins_only", lang), show_alert=True)
        return
    await query.answer()
    if press.step == "x" or deadline is None:
        await _answer_text(context, t("cancelled", lang), lang)
        return
    default_day = _default_weekday(context)
    if press.step == "d":
        await _ask_cadence(context, lang, deadline)
    elif press.step == "c" and press.cadence == "weekly":
        await _ask_weekday(context, lang, deadline)
    elif press.step == "c" and press.cadence == "milestones":
        await _subscribe(
            update,
            context,
            lang,
            deadline,
            cadence="milestones",
            at=_default_time(context),
            weekday=default_day,
            milestones=True,
        )
    elif press.step == "c":
        await _ask_time(update, context, lang, deadline, press.cadence, default_day, True)
    elif press.step in ("w", "m"):
        await _ask_time(
            update, context, lang, deadline, press.cadence, press.weekday, press.milestones
        )
    else:  # "t": every choice made
        await _subscribe(
            update,
            context,
            lang,
            deadline,
            cadence=press.cadence,
            at=press.at or _default_time(context),
            weekday=press.weekday,
            milestones=press.milestones,
        )


# ------------------------------------------------------------------------------ list, stop, quiet


async def list_subscriptions(update: Update, context: CustomContext) -> None:
    lang = context.lang
    store = store_of(context)
    chat_id = _chat_id(update)
    subs = store.subscriptions(chat_id)
    if not subs:
        await reply(context, t("none", lang))
        return
    deadlines = {d.id: d for d in context.record.deadlines()}
    tz = store.chat_timezone(chat_id)
    lines = [t("list_title", lang)]
    for sub in subs:
        deadline = deadlines.get(sub.deadline_id)
        title = _title(deadline, lang) if deadline else sub.deadline_id
        cadence = describe_cadence(sub.cadence, sub.at, sub.weekday, sub.milestones, lang)
        nxt = t("list_next", lang, next=describe_next(sub.next_due, tz, lang))
        lines.append(f"• {title} — {cadence}; {nxt}")
    quiet = store.quiet_hours(chat_id)
    if quiet:
        lines.append(t("list_quiet", lang, quiet=describe_quiet(quiet, lang)))
    lines.append(t("list_footer", lang, tz=tz))
    await reply(context, "\n".join(lines))


async def unsubscribe(update: Update, context: CustomContext) -> None:
    lang = context.lang
    if not await may_change_chat(update, context):
        await reply(context, t("admins_only", lang))
        return
    store = store_of(context)
    chat_id = _chat_id(update)
    subs = store.subscriptions(chat_id)
    if not subs:
        await reply(context, t("none", lang))
        return
    deadlines = {d.id: d for d in context.record.deadlines()}
    arg = (context.args[0].strip() if context.args else "").lower()
    if len(subs) == 1 or arg in ("all", "كل", "الكل"):
        await _stop(update, context, lang, None)
        return
    if arg:
        picked = _find(arg, [deadlines[s.deadline_id] for s in subs if s.deadline_id in deadlines])
        if picked is not None:
            await _stop(update, context, lang, picked.id)
            return
    rows = [
        [
            InlineKeyboardButton(
                _title(deadlines[s.deadline_id], lang)[:60],
                callback_data=f"ru|{_token(deadlines[s.deadline_id])}",
            )
        ]
        for s in subs
        if s.deadline_id in deadlines
    ]
    rows.append([InlineKeyboardButton(t("all", lang), callback_data="ru|*")])
    rows.append([InlineKeyboardButton(t("cancel", lang), callback_data="ru|x")])
    await _answer_text(context, t("choose_unsubscribe", lang), lang, InlineKeyboardMarkup(rows))


async def _stop(update: Update, context: CustomContext, lang: str, deadline_id: str | None) -> None:
    stopped = store_of(context).unsubscribe(_chat_id(update), deadline_id, context.now)
    deadlines = {d.id: d for d in context.record.deadlines()}
    separator = "، " if lang == "ar" else ", "
    names = separator.join(
        _title(deadlines[s.deadline_id], lang) if s.deadline_id in deadlines else s.deadline_id
        for s in stopped
    )
    await _answer_text(
        context, t("unsubscribed", lang, titles=names) if stopped else t("none", lang), lang
    )


async def on_unsubscribe_button(update: Update, context: CustomContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    lang = context.lang
    data = query.data or ""
    choice = data.split("|", 1)[-1]
    picked = None
    if choice not in ("x", "*") and len(data.encode()) <= 64 and _FIELD["token"].fullmatch(choice):
        subscribed = {s.deadline_id for s in store_of(context).subscriptions(chat.id)}
        found = _find(choice, context.record.deadlines())
        picked = found if found is not None and found.id in subscribed else None
    if choice not in ("x", "*") and picked is None:
        await query.answer(edge("button_stale", lang))  # forged, or already stopped
        return
    if not await may_change_chat(update, context):
        await query.answer(t("admins_only", lang), show_alert=True)
        return
    await query.answer()
    if choice == "x":
        await _answer_text(context, t("cancelled", lang), lang)
        return
    await _stop(update, context, lang, picked.id if picked else None)


async def quiet(update: Update, context: CustomContext) -> None:
    lang = context.lang
    store = store_of(context)
    chat_id = _chat_id(update)
    tz = store.chat_timezone(chat_id)
    arg = " ".join(context.args or []).strip()
    if not arg:
        await reply(
            context,
            t("quiet_usage", lang, quiet=describe_quiet(store.quiet_hours(chat_id), lang), tz=tz),
        )
        return
    if not await may_change_chat(update, context):
        await reply(context, t("admins_only", lang))
        return
    if arg.lower() in ("off", "none", "no", "إيقاف", "ايقاف", "لا"):
        store.set_quiet_hours(chat_id, None, context.now)
        await reply(context, t("quiet_off", lang))
        return
    hours = parse_quiet(arg) or parse_range(arg)  # also "22-7", "10pm-6am"
    if hours is None:
        await reply(context, t("quiet_bad", lang, arg=echo(arg[:40], lang)))
        return
    store.set_quiet_hours(chat_id, hours, context.now)
    await reply(context, t("quiet_set", lang, quiet=describe_quiet(hours, lang), tz=tz))


def reschedule_chat(context: CustomContext, chat_id: int) -> None:
    """The chat's time zone changed: its reminders move to the new local times."""
    store_of(context).reschedule_chat(chat_id)


# ------------------------------------------------------------------------------ membership


async def on_my_chat_member(update: Update, context: CustomContext) -> None:
    """Blocked or removed: stop the chat's reminders (kept for the record). Unblocked or
    added back: nothing restarts by itself; the chat is told how to start again."""
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    old, new = change.old_chat_member.status, change.new_chat_member.status
    store = store_of(context)
    if new in GONE_STATUSES:
        state = "blocked" if chat.type == "private" else "removed"
        count = store.deactivate_chat(chat.id, state, context.now)
        if count:
            log.info("chat %s %s the bot: %d subscriptions stopped", chat.id, state, count)
        return
    stopped = [
        s
        for s in store.subscriptions(chat.id, include_inactive=True)
        if s.state in ("blocked", "removed")
    ]
    if old in GONE_STATUSES and stopped:
        lang = store.chat_language(chat.id, context.config.language)
        await send(context.bot, chat.id, t("welcome_back", lang), lang)
    elif old in GONE_STATUSES and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        # Just added to a group: say what Raqib does there and how to ask it.
        lang = context.lang
        hello = edge("group_hello", lang, bot=context.bot.username or "raqib_bot")
        await send(context.bot, chat.id, hello, lang)


async def on_migrate(update: Update, context: CustomContext) -> None:
    """A group became a supergroup: its reminders follow it to the new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    moved = store_of(context).migrate_chat(old, new, context.now)
    if moved:
        log.info("group %s became supergroup %s: %d subscriptions moved", old, new, moved)


HANDLERS = [
    command("subscribe", subscribe),
    command("unsubscribe", unsubscribe),
    command("subscriptions", list_subscriptions),
    command("quiet", quiet),
    CallbackQueryHandler(on_subscribe_button, pattern=r"^rs\|"),
    CallbackQueryHandler(on_unsubscribe_button, pattern=r"^ru\|"),
    ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
    MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate),
]
