"""Deadlines kept current: a move or an outcome recorded through storage.story_store reaches
each subscribed chat once through the ledger and the stand-in Bot API; the countdown after a
deadline says how long ago and its outcome, or that none is recorded; a story built in
storage round-trips through a pack."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from botapi import FakeBotAPI
from reminder_support import (
    TOKEN,
    MovableClock,
    baghdad,
    make_app,
    running,
    settle,
    texts_to,
    until,
)

from storage import Record
from storage.export import story_pack
from storage.story_store import StoryError, StoryStore
from storage.subscriptions import NewSubscription
from story.answering import countdowns_for
from story.models import Deadline
from story.pack_writer import pack_to_toml
from story.render import render_countdown

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

DEADLINE = "us-combat-withdrawal"
CHATS = (5001, 5002)


@pytest.fixture
def api() -> FakeBotAPI:
    return FakeBotAPI(token=TOKEN)


def updates(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [t for t in texts_to(api, chat_id) if t.startswith("📌")]


async def test_an_outcome_and_a_move_reach_each_subscribed_chat_exactly_once(tmp_path, api) -> None:
    clock = MovableClock(baghdad(2021, 11, 25, 12, 0))
    app, record = make_app(tmp_path / "r.db", api, clock)
    async with running(app, record):
        store = app.bot_data["subscriptions"]
        for chat in CHATS:
            store.subscribe(NewSubscription(chat, DEADLINE, lang="en"), clock())
            record.set_chat_settings(chat, clock(), lang="en")
        stories = StoryStore(record)
        later = datetime(2022, 2, 1, tzinfo=ZoneInfo("Asia/Baghdad"))
        assert stories.move_deadline(DEADLINE, later, clock().date(), clock()) == len(CHATS)
        assert (
            stories.move_deadline(DEADLINE, later, clock().date(), clock()) == 0
        )  # same event: once
        app.bot_data["reminders"].kick()
        await until(lambda: all(len(updates(api, c)) == 1 for c in CHATS), what="the move")
        assert "Was: 1 January 2022 00:00" in updates(api, CHATS[0])[0]
        assert "Status: extended" in updates(api, CHATS[0])[0]
        assert (
            stories.record_outcome(
                DEADLINE, "missed", clock().date(), clock(), note_en="Not in time."
            )
            == 2
        )
        assert (
            stories.record_outcome(
                DEADLINE, "missed", clock().date(), clock(), note_en="Not in time."
            )
            == 0
        )
        app.bot_data["reminders"].kick()
        await until(lambda: all(len(updates(api, c)) == 2 for c in CHATS), what="the outcome")
        await settle(app, 0.5)
        assert all(len(updates(api, c)) == 2 for c in CHATS)
        assert (
            "Status: missed" in updates(api, CHATS[1])[1]
            and "Not in time." in updates(api, CHATS[1])[1]
        )
        with pytest.raises(StoryError):
            stories.record_outcome(DEADLINE, "pending", clock().date(), clock())


def test_after_a_deadline_the_countdown_gives_its_outcome_or_says_none_is_recorded(
    tmp_path,
) -> None:
    record = Record.open(tmp_path / "r.db")
    after = datetime(2022, 1, 11, 12, 0, tzinfo=ZoneInfo("Asia/Baghdad"))
    [c] = countdowns_for(record, after, "iraq-us-withdrawal-2021")
    text = render_countdown(c, "Asia/Baghdad", "en")
    assert "passed 10 days ago" in text and "Status: met" in text and "9 December 2021" in text
    store = StoryStore(record)
    store.create_story("test-story", "A test story", "قصة اختبار", date(2026, 1, 1))
    due = datetime(2026, 3, 1, tzinfo=ZoneInfo("Asia/Baghdad"))
    store.add_deadline(
        Deadline(
            "test-deadline",
            "test-story",
            "Test deadline",
            "موعد اختبار",
            due,
            "Asia/Baghdad",
            main=True,
        )
    )
    [c] = countdowns_for(
        record, datetime(2026, 3, 5, 12, 0, tzinfo=ZoneInfo("Asia/Baghdad")), "test-story"
    )
    text = render_countdown(c, "Asia/Baghdad", "en")
    assert (
        "passed 4 days ago" in text and "outcome not recorded yet" in text and "pending" not in text
    )
    assert "لم تُسجَّل النتيجة بعد" in render_countdown(c, "Asia/Baghdad", "ar")


def test_a_story_kept_in_storage_round_trips_through_a_pack(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "r.db")
    store = StoryStore(record)
    later = datetime(2022, 3, 1, tzinfo=ZoneInfo("Asia/Baghdad"))
    now = baghdad(2021, 12, 20, 12, 0)
    store.move_deadline(DEADLINE, later, date(2021, 12, 20), now, note_en="Moved.")
    store.record_outcome(
        DEADLINE, "cancelled", date(2021, 12, 21), now, statement_id="araji-combat-missions-ended"
    )
    pack = tmp_path / "out.toml"
    pack.write_text(pack_to_toml(story_pack(record, "iraq-us-withdrawal-2021")), encoding="utf-8")
    empty = Record.open(tmp_path / "empty.db", seed=False)
    empty.load_file(pack)
    assert empty.deadlines() == record.deadlines("iraq-us-withdrawal-2021")
    [d] = empty.deadlines()
    assert d.outcome.status == "cancelled" and d.history[-1].note_en == "Moved." and d.due == later
