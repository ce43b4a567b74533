"""Issue 11 item 11, through the real Application: under a day the countdown shows hours and
minutes (not "0 days 0 hours"), past a year it says years and days, and an Arabic reply names
the time zone's city in Arabic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import PRIVATE_CHAT

from bot.clock import make_clock

STORY_2021 = "iraq-us-withdrawal-2021"
DEADLINE = datetime(2021, 12, 31, 21, 0, tzinfo=UTC)  # the end of 31 Dec 2021, Baghdad time


async def _countdown(chat, now: datetime, lang: str) -> str:
    chat.app.bot_data["clock"] = make_clock(now)
    # The 2021 story's deadline, even years on (left alone, a chat follows the newest story).
    chat.app.bot_data["record"].set_chat_settings(PRIVATE_CHAT, now, story_id=STORY_2021)
    [reply] = await chat.send("/countdown", language_code=lang)
    return reply


@pytest.mark.parametrize(
    ("before", "lang", "expected"),
    [
        (timedelta(minutes=5), "en", "5 minutes left"),
        (timedelta(hours=3, minutes=20), "en", "3 hours 20 minutes left"),
        (timedelta(minutes=5), "ar", "باقٍ 5 دقائق"),
        (timedelta(hours=2, minutes=1), "ar", "باقٍ ساعتان ودقيقة واحدة"),
    ],
)
async def test_under_a_day_shows_hours_and_minutes(raqib_chat, before, lang, expected):
    reply = await _countdown(raqib_chat, DEADLINE - before, lang)
    assert expected in reply, reply
    assert "0 days" not in reply and "0 hours" not in reply


async def test_past_a_year_says_years_and_days(raqib_chat):
    reply = await _countdown(raqib_chat, DEADLINE + timedelta(days=1795, hours=2), "en")
    assert "passed 4 years and 335 days ago" in reply, reply
    reply = await _countdown(raqib_chat, DEADLINE + timedelta(days=1795, hours=2), "ar")
    assert "انقضى الموعد منذ 4 سنوات و335 يومًا" in reply, reply


async def test_the_zone_is_named_in_the_reply_language(raqib_chat):
    reply = await _countdown(raqib_chat, DEADLINE - timedelta(days=3), "ar")
    assert "بغداد" in reply and "Baghdad" not in reply
