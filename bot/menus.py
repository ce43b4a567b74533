"""The command menus Telegram shows under the "/" button: one list, set per language and scope.

Telegram picks the menu for a chat by scope (a chat of its own first, then all private chats
or all groups, then the default) and by the user's app language (`language_code`, else the
menu set without one). So at start-up Raqib sets, for English (no language_code, the
default, and "en") and Arabic ("ar"):

* the default scope and BotCommandScopeAllPrivateChats: the public commands;
* BotCommandScopeAllGroupChats: the same, worded for a group (its admins change settings);
* BotCommandScopeChat for each configured admin: the public commands and the admin ones.

`PUBLIC` and `ADMIN` are the one place the command lists live: the menus, the admins' part
of /help (`admin_help`) and the test that every registered command is listed all read them.
An admin who never started the bot has no chat yet ("chat not found"): that is logged, and
the other menus are still set. Telegram keeps a chat's menu until it is deleted, so the
admins given the admin menu are remembered (storage.menu_store) and the menu of one no
longer in `[telegram] admins` is deleted at the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from storage.menu_store import MenuStore

log = logging.getLogger("raqib.menus")


@dataclass(frozen=True)
class Entry:
    """One command: its menu line in English and Arabic, the wording in groups where it
    differs, and the arguments /help shows (admin commands)."""

    name: str
    en: str
    ar: str
    group_en: str = ""
    group_ar: str = ""
    args: str = ""

    def description(self, lang: str, *, group: bool = False) -> str:
        if group and (self.group_en or self.group_ar):
            return self.group_ar if lang == "ar" else self.group_en
        return self.ar if lang == "ar" else self.en


_BY_GROUP_ADMINS = (" (group admins)", " (لمشرفي المجموعة)")

PUBLIC: tuple[Entry, ...] = (
    Entry("countdown", "Time left to the deadline", "الوقت المتبقي على الموعد"),
    Entry("who", "Who said what (or just ask)", "من قال ماذا (أو اسأل مباشرة)"),
    Entry("positions", "Every actor's current position", "المواقف الحالية لكل الأطراف"),
    Entry("actor", "An actor's profile and statements", "نبذة عن طرف وتصريحاته"),
    Entry("timeline", "The statements on a timeline (picture)", "التصريحات على خط زمني (صورة)"),
    Entry("export", "The story as CSV or JSON", "القصة بصيغة CSV أو JSON"),
    Entry(
        "follow", "Alerts here when a position changes", "تنبيه هنا حين يتغيّر موقف",
        "Alerts in this group when a position changes" + _BY_GROUP_ADMINS[0],
        "تنبيه في المجموعة حين يتغيّر موقف" + _BY_GROUP_ADMINS[1],
    ),
    Entry("unfollow", "Stop position alerts", "إيقاف تنبيهات المواقف"),
    Entry(
        "subscribe", "Deadline reminders here", "تذكيرات بالموعد هنا",
        "Deadline reminders in this group" + _BY_GROUP_ADMINS[0],
        "تذكيرات بالموعد في المجموعة" + _BY_GROUP_ADMINS[1],
    ),
    Entry("subscriptions", "This chat's reminders", "تذكيرات هذه المحادثة"),
    Entry("unsubscribe", "Stop reminders", "إيقاف التذكيرات"),
    Entry("quiet", "Quiet hours for reminders", "ساعات الهدوء للتذكيرات"),
    Entry("story", "The stories followed", "القصص المتابعة"),
    Entry(
        "lang", "Reply language: ar or en", "لغة الردود: ar أو en",
        "The group's reply language" + _BY_GROUP_ADMINS[0],
        "لغة ردود المجموعة" + _BY_GROUP_ADMINS[1],
    ),
    Entry(
        "timezone", "Your time zone", "منطقتك الزمنية",
        "The group's time zone" + _BY_GROUP_ADMINS[0],
        "المنطقة الزمنية للمجموعة" + _BY_GROUP_ADMINS[1],
    ),
    Entry("help", "Help and examples", "المساعدة وأمثلة"),
)

ADMIN: tuple[Entry, ...] = (
    Entry("pending", "The review queue", "قائمة المراجعة"),
    Entry("add", "Add a statement by hand", "إضافة تصريح يدويًا"),
    Entry("edit", "Edit statements", "تعديل التصريحات", args="<#n|id|actor>"),
    Entry("delete", "Delete a statement", "حذف تصريح", args="<#n|id>"),
    Entry("ingest", "Read a text or link for review", "قراءة نص أو رابط للمراجعة",
          args="<text|link>"),
    Entry("monitor", "Read a group's or channel's posts", "متابعة منشورات مجموعة أو قناة",
          args="on|off [@channel]"),
    Entry("feeds", "RSS/Atom feeds", "خلاصات RSS/Atom", args="[add URL|remove URL]"),
    Entry("setstatus", "A deadline's status", "حالة موعد",
          args="pending|met|missed|extended [id]"),
    Entry("deadline", "Move a deadline or record its outcome", "تأجيل موعد أو تسجيل نتيجته",
          args="move ID 2026-10-01 [note] | outcome ID met|missed|extended|cancelled [note]"),
    Entry("newstory", "Start a story and its first deadline", "بدء قصة وموعدها الأول",
          args="(asks in turn) | STORY-ID DEADLINE-ID YYYY-MM-DD ZONE Title"),
    Entry("cancel", "Stop /add", "إيقاف /add"),
)

# language_code → the language of the descriptions. "" is the menu for every other language.
LANGUAGES: dict[str, str] = {"": "en", "en": "en", "ar": "ar"}

HELP_HEADING = {"en": "Admin commands:", "ar": "أوامر المشرفين:"}


def commands(lang: str, *, group: bool = False, admin: bool = False) -> list[BotCommand]:
    """The menu in `lang`: the public commands (worded for a group), and the admin ones."""
    entries = [*PUBLIC, *(ADMIN if admin else ())]
    return [BotCommand(e.name, e.description(lang, group=group)) for e in entries]


def menus(admins: Iterable[int]) -> list[tuple[BotCommandScope, str, list[BotCommand]]]:
    """Every (scope, language_code, commands) Raqib sets, admins' chats last."""
    scopes: list[tuple[BotCommandScope, bool, bool]] = [
        (BotCommandScopeDefault(), False, False),
        (BotCommandScopeAllPrivateChats(), False, False),
        (BotCommandScopeAllGroupChats(), True, False),
        *((BotCommandScopeChat(user_id), False, True) for user_id in sorted(admins)),
    ]
    return [
        (scope, code, commands(lang, group=group, admin=admin))
        for scope, group, admin in scopes
        for code, lang in LANGUAGES.items()
    ]


async def set_menus(
    bot: Bot, admins: Iterable[int], store: MenuStore | None = None, now: datetime | None = None
) -> int:
    """Set every menu; returns how many could not be set (each logged, none fatal). With a
    `store`, the admins given the admin menu are remembered, and the menus of admins given
    it at an earlier start but no longer configured are deleted (deleteMyCommands)."""
    admins = set(admins)
    failed = 0
    given: set[int] = set()
    for scope, code, listed in menus(admins):
        try:
            await bot.set_my_commands(listed, scope=scope, language_code=code or None)
        except TelegramError as exc:
            failed += 1
            where = getattr(scope, "chat_id", scope.type)
            log.warning(
                "menu for %s (language %r) not set: %s%s", where, code, exc,
                " (an admin who has not started the bot yet)" if "not found" in str(exc) else "",
            )
        else:
            if isinstance(scope, BotCommandScopeChat):
                given.add(int(scope.chat_id))
    if store is not None:
        store.given(given, now or datetime.now(UTC))
        stale = store.admins() - admins
        store.cleared([chat for chat in sorted(stale) if await _delete_admin_menu(bot, chat)])
    return failed


async def _delete_admin_menu(bot: Bot, chat_id: int) -> bool:
    """Delete a former admin's menus (every language); True when none is left behind."""
    done = True
    for code in LANGUAGES:
        try:
            await bot.delete_my_commands(BotCommandScopeChat(chat_id), language_code=code or None)
        except TelegramError as exc:
            gone = "not found" in str(exc)  # no chat with them any more: no menu either
            done = done and gone
            if not gone:
                log.warning("menu of former admin %s (language %r) not deleted: %s",
                            chat_id, code, exc)
    if done:
        log.info("admin menu of %s deleted: no longer an admin", chat_id)
    return done


def admin_help(lang: str) -> str:
    """The admins' part of /help: their commands, with their arguments."""
    lines = [HELP_HEADING["ar" if lang == "ar" else "en"]]
    for e in ADMIN:
        usage = f"/{e.name} {e.args}".rstrip()
        lines.append(f"{usage} — {e.description(lang)}")
    return "\n".join(lines)
