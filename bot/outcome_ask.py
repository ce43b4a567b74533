"""The question to admins when a deadline passes with no outcome recorded: its buttons
(met / missed / extended / cancelled) and how a pressed button names its deadline.

An admin who had never started the bot cannot be sent it; it is asked on its first /start
(`ask_on_start`) while the outcome is still unset.

Telegram allows 64 bytes of callback data, so a button carries a short digest of the
deadline id (`oc:STATUS:DIGEST`), resolved against the record when pressed.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from storage.story_store import StoryStore
from story.models import OUTCOME_STATUSES, Deadline
from story.render import STATUS

PATTERN = r"^oc:"


def digest(deadline_id: str) -> str:
    return hashlib.sha1(deadline_id.encode("utf-8")).hexdigest()[:12]


def keyboard(deadline_id: str, lang: str) -> InlineKeyboardMarkup:
    label = 1 if lang == "ar" else 0
    buttons = [
        InlineKeyboardButton(STATUS[s][label], callback_data=f"oc:{s}:{digest(deadline_id)}")
        for s in OUTCOME_STATUSES
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def parse(data: str) -> tuple[str, str] | None:
    """(status, digest) of a pressed button, or None for data that is not one."""
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != "oc" or parts[1] not in OUTCOME_STATUSES:
        return None
    return parts[1], parts[2]


def ask_on_start(app: Application, admin: int, now: datetime) -> int:
    """An admin opened the bot: the questions it could not be sent before (it had never
    started the bot) are queued again and sent at once. How many."""
    queued = StoryStore(app.bot_data["record"]).ask_on_start(admin, now)
    if queued:
        app.bot_data["reminders"].kick()
    return queued


def find(deadlines: list[Deadline], token: str) -> Deadline | None:
    return next((d for d in deadlines if digest(d.id) == token), None)
