"""A fresh install with the bundled packs, at a date after every bundled deadline (as on
2 December 2026, when the last one, the coalition's mission for Syria, passed two months
before with no outcome found in any source): /countdown, /subscribe, /positions and /story
say what is true then — never "pending" after a date, never the 2021 deadline as the chat's.
And at the factions' statement of 19 November 2021 the countdown still says 42 days.
Real Application (raqib_chat), real SQLite filled from data/stories/ only."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clock import make_clock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

BAGHDAD = ZoneInfo("Asia/Baghdad")
LATER = datetime(2026, 12, 2, 9, 0, tzinfo=BAGHDAD)
NOV_19_2021 = datetime(2021, 11, 19, 12, 0, tzinfo=BAGHDAD)


@pytest.fixture
def fixed_clock(request):
    return make_clock(getattr(request, "param", LATER))


@pytest.fixture
def live(raqib_chat):
    raqib_chat.app.bot_data["replay"] = False  # a fresh install runs live, not as a replay
    return raqib_chat


async def _en(chat, text: str) -> str:
    return "\n".join(await chat.send(text, language_code="en"))


async def test_countdown_tells_how_long_ago_and_the_outcome_never_pending(live) -> None:
    said = await _en(live, "/countdown")
    assert "Syria" in said and "passed 62 days ago" in said
    assert "Status: outcome not recorded yet" in said
    assert "Status: met" in said  # the Iraq mission's outcome, from the pack's sources
    assert "pending" not in said and "left" not in said.replace("advisers left", "")
    assert "US combat forces" not in said  # the chat follows the newest story, not 2021's


async def test_subscribe_says_nothing_is_ahead_with_the_chats_last_deadline(live) -> None:
    said = await _en(live, "/subscribe")
    assert "Every deadline Raqib follows has passed" in said
    assert "Syria" in said and "outcome not recorded yet" in said
    assert "2022" not in said and "US combat" not in said  # not the 2021 deadline
    assert "/follow all" in said and "/story" in said
    arabic = "\n".join(await live.send("/subscribe", language_code="ar", chat_id=5002))
    assert "انقضت كل المواعيد" in arabic and "لم تُسجَّل النتيجة بعد" in arabic
    assert live.app.bot_data["subscriptions"].subscriptions(5001) == []


async def test_positions_are_the_current_storys_latest(live) -> None:
    said = await _en(live, "/positions")
    record = live.app.bot_data["record"]
    assert record.actors()["mohammed-shia-al-sudani"].name_en in said
    assert "Kirby" not in said  # quoted in 2021 only: not this story's positions
    years = {int(y) for y in re.findall(r"\b(20\d\d)\)", said)}
    assert years and min(years) >= 2024 and max(years) <= 2026


async def test_story_marks_the_newest_story_and_each_deadlines_state(live) -> None:
    said = await _en(live, "/story")
    [mine] = [line for line in said.splitlines() if line.startswith("▶")]
    assert "coalition's transition" in mine
    assert "pending" not in said and "outcome not recorded yet" in said


@pytest.mark.parametrize("fixed_clock", [NOV_19_2021], indirect=True)
async def test_on_the_factions_statement_day_the_2021_countdown_says_42_days(live) -> None:
    said = await _en(live, "/countdown")
    assert said.startswith("⏳ US combat forces") and "42 days 12 hours left" in said
