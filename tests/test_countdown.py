"""Countdown arithmetic and its rendering across time zones."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from story.countdown import countdown, valid_timezone
from story.models import Deadline
from story.render import plural_days, render_countdown

BAGHDAD = ZoneInfo("Asia/Baghdad")
DEADLINE = Deadline(
    id="d",
    story_id="s",
    title_en="US combat forces out of Iraq",
    title_ar="انسحاب القوات القتالية",
    due=datetime(2022, 1, 1, 0, 0, tzinfo=BAGHDAD),
    timezone="Asia/Baghdad",
)


def test_factions_statement_day_is_42_days_before_the_deadline():
    c = countdown(DEADLINE, datetime(2021, 11, 19, 12, 0, tzinfo=BAGHDAD))
    assert (c.days, c.hours, c.days_left) == (42, 12, 42)
    assert not c.passed


def test_the_same_instant_in_another_zone_leaves_the_same_time():
    london = datetime(2021, 11, 19, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    assert countdown(DEADLINE, london).days_left == 42


def test_passed_deadline_counts_days_since():
    c = countdown(DEADLINE, datetime(2022, 1, 4, 1, 0, tzinfo=BAGHDAD))
    assert c.passed and c.days == 3 and c.days_left == -3
    assert "passed 3 days ago" in render_countdown(c, "Asia/Baghdad", "en")
    assert "انقضى الموعد منذ 3 أيام" in render_countdown(c, "Asia/Baghdad", "ar")


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        countdown(DEADLINE, datetime(2021, 11, 19, 12, 0))


def test_midnight_deadline_is_shown_as_the_end_of_the_previous_day():
    c = countdown(DEADLINE, datetime(2021, 11, 19, 12, 0, tzinfo=BAGHDAD))
    assert "end of 31 December 2021" in render_countdown(c, "Asia/Baghdad", "en")
    assert "نهاية 31 كانون الأول/ديسمبر 2021" in render_countdown(c, "Asia/Baghdad", "ar")
    # In London the same instant is 21:00 on the 31st.
    assert "31 December 2021, 21:00" in render_countdown(c, "Europe/London", "en")


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "يوم واحد"),
        (2, "يومان"),
        (3, "3 أيام"),
        (10, "10 أيام"),
        (11, "11 يومًا"),
        (42, "42 يومًا"),
        (103, "103 أيام"),
    ],
)
def test_arabic_day_counts_agree_with_the_number(n, text):
    assert plural_days(n, "ar") == text


def test_timezone_names_are_validated():
    assert valid_timezone("Asia/Kolkata")
    assert valid_timezone("UTC")
    assert not valid_timezone("Not/AZone")
    assert not valid_timezone("../etc/passwd")
    assert not valid_timezone("")
