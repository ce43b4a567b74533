"""A chat's settings as stored: the language it chose, the language its users were last seen
with, its time zone and story. The decision itself is story.chat_language's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from story.chat_language import decide_language


@dataclass(frozen=True)
class ChatSettings:
    """What a handler, a reminder or an alert needs to know about a chat."""

    lang: str
    timezone: str
    story_id: str | None


def _row(db: Database, chat_id: int) -> dict:
    row = db.execute(
        "SELECT lang, seen_lang, timezone, story_id FROM chats WHERE id = ?", [chat_id]
    ).fetchone()
    return dict(zip(("lang", "seen_lang", "timezone", "story_id"), row, strict=True)) if row else {}


def note_language(db: Database, chat_id: int, code: str | None, now: datetime) -> None:
    """Remember the Telegram `language_code` just seen in the chat, writing only on change."""
    if not code:
        return
    if _row(db, chat_id).get("seen_lang") == code:
        return
    with db.conn:
        db.execute(
            "INSERT INTO chats (id, seen_lang, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET seen_lang = excluded.seen_lang",
            [chat_id, code, now.isoformat()],
        )


def adopt_language(db: Database, chat_id: int, code: str | None, now_iso: str) -> None:
    """A subscriber's language counts as seen in the chat when none was seen yet (no commit:
    the caller's transaction holds it)."""
    if code:
        db.execute(
            "INSERT INTO chats (id, seen_lang, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE"
            " SET seen_lang = coalesce(chats.seen_lang, excluded.seen_lang)",
            [chat_id, code, now_iso],
        )


def chat_settings(
    db: Database,
    chat_id: int,
    *,
    default_lang: str,
    default_timezone: str,
    seen_code: str | None = None,
) -> ChatSettings:
    """The chat's settings by the one rule; `seen_code` is the language of the user in the
    current update, which counts as the latest seen."""
    row = _row(db, chat_id)
    return ChatSettings(
        lang=decide_language(row.get("lang"), seen_code or row.get("seen_lang"), default_lang),
        timezone=row.get("timezone") or default_timezone,
        story_id=row.get("story_id") or None,
    )


def chat_language(db: Database, chat_id: int, default: str) -> str:
    """The language a chat reads when it asked nothing (reminders, alerts, review cards)."""
    row = _row(db, chat_id)
    return decide_language(row.get("lang"), row.get("seen_lang"), default)
