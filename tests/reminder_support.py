"""Helpers for the reminder tests: a clock tests can move, the real Application on an
in-process Bot API with a fast tick, and small record edits (a new statement, a moved
deadline) made the way a pack load makes them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from botapi import FakeBotAPI, InProcessRequest
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.config import Config, ReminderConfig
from bot.dispatch import ReminderService
from storage import Record
from storage.subscriptions import SubscriptionStore
from story.models import Pack, Statement

TOKEN = "424242:RAQIB-test-SECRET-do-not-leak"
BAGHDAD = timezone(timedelta(hours=3))
STORY = "iraq-us-withdrawal-2021"
DEADLINE_ID = "us-combat-withdrawal"


class MovableClock:
    """The injected clock, set and moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, *args: int) -> None:
        """Set to a Baghdad wall-clock time: set(2021, 11, 20, 9, 0, 5)."""
        self.now = datetime(*args, tzinfo=BAGHDAD)


def baghdad(*args: int) -> datetime:
    return datetime(*args, tzinfo=BAGHDAD)


def make_app(
    db_path: Path | str,
    api: FakeBotAPI,
    clock: Callable[[], datetime],
    **settings: Any,
) -> tuple[Application, Record]:
    """A fresh 'process': the real Application over its own connection to the database file."""
    reminders = ReminderConfig(**{"tick_seconds": 0.05, **settings})
    record = Record.open(db_path)
    app = build_application(
        Config(token=TOKEN, reminders=reminders),
        record,
        clock,
        request=InProcessRequest(api),
        updates_request=InProcessRequest(api),
    )
    return app, record


@asynccontextmanager
async def running(app: Application, record: Record | None = None) -> AsyncIterator[Application]:
    """Initialize and start the Application (JobQueue included, no polling); stop it after.
    The record's connection stays open, idle, as a dead process's file handle would not
    matter to the next one."""
    await app.initialize()
    await app.start()
    try:
        yield app
    finally:
        await app.stop()
        await app.shutdown()
    api = app.bot.request.api  # type: ignore[attr-defined]
    assert api.unanswered_callbacks == [], "a button press was never answered"


def service_of(app: Application) -> ReminderService:
    return app.bot_data["reminders"]


def store_of(app: Application) -> SubscriptionStore:
    return app.bot_data["subscriptions"]


async def until(
    condition: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not met within {timeout}s")
        await asyncio.sleep(0.02)


async def settle(app: Application, seconds: float = 0.3) -> None:
    """Let a few ticks run and the dispatcher finish."""
    await asyncio.sleep(seconds)
    await service_of(app).drained()


async def say(
    app: Application, api: FakeBotAPI, chat_id: int, text: str, **kwargs: Any
) -> list[dict]:
    """A user writes `text`; returns the bot's messages in reply."""
    before = len(api.sent)
    await app.process_update(Update.de_json(api.new_message(chat_id, text, **kwargs), app.bot))
    return api.sent[before:]


async def press(
    app: Application, api: FakeBotAPI, chat_id: int, user_id: int, data: str, message_id: int
) -> None:
    await app.process_update(
        Update.de_json(api.new_callback_query(chat_id, user_id, data, message_id), app.bot)
    )


def texts_to(api: FakeBotAPI, chat_id: int, since: int = 0) -> list[str]:
    return [r["plain_text"] for r in api.sent[since:] if r["chat_id"] == chat_id]


def add_statement(
    record: Record,
    ident: str,
    actor_id: str,
    text_en: str,
    *,
    text_ar: str = "",
    day: date = date(2021, 11, 25),
    stance: str | None = None,
) -> None:
    """A new statement enters the record, as a pack load adds one."""
    story = next(s for s in record.stories() if s.id == STORY)
    statement = Statement(
        id=ident, story_id=STORY, actor_id=actor_id, text_ar=text_ar or text_en, text_en=text_en,
        kind="direct", date=day, source_id=None, stance=stance,
    )
    record.load(Pack(path="test", story=story, statements=[statement]))


def move_deadline(record: Record, due: datetime) -> None:
    """The deadline moves (a pack reload with a new date)."""
    story = next(s for s in record.stories() if s.id == STORY)
    deadline = next(d for d in record.deadlines() if d.id == DEADLINE_ID)
    record.load(Pack(path="test", story=story, deadlines=[replace(deadline, due=due)]))
