"""Pins story.schedule: when reminders fall in a time zone (DST included), milestones, quiet
hours, and what is sent after downtime."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from story.schedule import (
    Plan,
    first_due,
    milestone_days,
    occurrences,
    parse_hhmm,
    parse_quiet,
    parse_weekday,
    plan_due,
)

# The seed deadline: the end of 31 December 2021 in Baghdad (UTC+3).
DEADLINE = datetime(2021, 12, 31, 21, 0, tzinfo=UTC)
BAGHDAD = ZoneInfo("Asia/Baghdad")
LONDON = ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")
GRACE = timedelta(minutes=60)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)


def test_daily_reminders_fall_at_the_local_time_every_day() -> None:
    plan = Plan("daily", time(9, 0), "Asia/Baghdad", DEADLINE, milestones=False)
    got = list(islice(occurrences(plan, local(BAGHDAD, 2021, 11, 19, 12, 0)), 3))
    assert [o.key for o in got] == ["2021-11-20", "2021-11-21", "2021-11-22"]
    assert [o.nominal for o in got] == [
        utc(2021, 11, 20, 6),
        utc(2021, 11, 21, 6),
        utc(2021, 11, 22, 6),
    ]
    assert all(o.kind == "daily" and o.due == o.nominal for o in got)


def test_subscribing_before_todays_time_gets_todays_reminder() -> None:
    plan = Plan("daily", time(9, 0), "Asia/Baghdad", DEADLINE)
    assert first_due(plan, local(BAGHDAD, 2021, 11, 19, 8, 59)).key == "2021-11-19"
    assert first_due(plan, local(BAGHDAD, 2021, 11, 19, 9, 0)).key == "2021-11-20"


def test_london_daily_reminder_follows_daylight_saving_time() -> None:
    deadline = datetime(2022, 6, 1, tzinfo=LONDON)
    plan = Plan("daily", time(9, 0), "Europe/London", deadline, milestones=False)
    autumn = {
        o.key: o.nominal for o in islice(occurrences(plan, local(LONDON, 2021, 10, 29, 12)), 3)
    }
    assert autumn == {
        "2021-10-30": utc(2021, 10, 30, 8),  # BST, UTC+1
        "2021-10-31": utc(2021, 10, 31, 9),  # clocks went back that night: GMT
        "2021-11-01": utc(2021, 11, 1, 9),
    }
    spring = {
        o.key: o.nominal for o in islice(occurrences(plan, local(LONDON, 2022, 3, 26, 12)), 2)
    }
    assert spring == {"2022-03-27": utc(2022, 3, 27, 8), "2022-03-28": utc(2022, 3, 28, 8)}


def test_london_time_that_does_not_exist_moves_forward_and_a_doubled_one_counts_once() -> None:
    deadline = datetime(2022, 12, 1, tzinfo=LONDON)
    plan = Plan("daily", time(1, 30), "Europe/London", deadline, milestones=False)
    gap = next(
        o for o in occurrences(plan, local(LONDON, 2022, 3, 26, 12)) if o.key == "2022-03-27"
    )
    assert gap.nominal == utc(2022, 3, 27, 1, 30)  # 01:30 does not exist: 02:30 BST
    assert gap.nominal.astimezone(LONDON).hour == 2
    fall = [o for o in islice(occurrences(plan, local(LONDON, 2022, 10, 29, 12)), 3)]
    assert [o.key for o in fall] == [
        "2022-10-30",
        "2022-10-31",
        "2022-11-01",
    ]  # one on the doubled day
    assert fall[0].nominal == utc(2022, 10, 30, 0, 30)  # the first 01:30 (BST)


def test_kolkata_half_hour_offset() -> None:
    plan = Plan("daily", time(9, 0), "Asia/Kolkata", DEADLINE, milestones=False)
    first = first_due(plan, local(KOLKATA, 2021, 11, 19, 12))
    assert (first.key, first.nominal) == ("2021-11-20", utc(2021, 11, 20, 3, 30))


def test_weekly_reminders_fall_on_the_chosen_weekday() -> None:
    plan = Plan(
        "weekly", time(18, 0), "Europe/London", DEADLINE, weekday=0, milestones=False
    )  # Mondays
    got = list(islice(occurrences(plan, local(LONDON, 2021, 11, 19, 12)), 3))
    assert [o.key for o in got] == ["2021-11-22", "2021-11-29", "2021-12-06"]
    assert all(date.fromisoformat(o.key).weekday() == 0 and o.kind == "weekly" for o in got)
    assert got[0].nominal == utc(2021, 11, 22, 18)


def test_milestones_fall_on_the_day_with_that_many_whole_days_left() -> None:
    plan = Plan("milestones", time(9, 0), "Asia/Baghdad", DEADLINE)
    assert milestone_days(plan) == {
        date(2021, 12, 1): 30,
        date(2021, 12, 17): 14,
        date(2021, 12, 24): 7,
        date(2021, 12, 28): 3,
        date(2021, 12, 30): 1,
    }
    got = list(occurrences(plan, local(BAGHDAD, 2021, 11, 19, 12)))
    assert [(o.kind, o.days_left) for o in got] == [
        ("milestone", 30),
        ("milestone", 14),
        ("milestone", 7),
        ("milestone", 3),
        ("milestone", 1),
        ("final", None),
    ]
    for o in got[:-1]:  # the countdown shows exactly N days at each milestone
        assert (DEADLINE - o.nominal) // timedelta(days=1) == o.days_left
    assert got[-1].nominal == DEADLINE


def test_milestones_in_kolkata_and_london_keep_the_whole_day_rule() -> None:
    for zone in ("Asia/Kolkata", "Europe/London"):
        plan = Plan("milestones", time(9, 0), zone, DEADLINE)
        for day, n in milestone_days(plan).items():
            at = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(zone))
            assert (DEADLINE - at) // timedelta(days=1) == n, (zone, day)
    # Kolkata's deadline is 02:30 on 1 January: 30 days before is 2 December 02:30, so 09:00 on
    # 1 December is the last 09:00 with 30 whole days left.
    assert date(2021, 12, 1) in milestone_days(
        Plan("milestones", time(9, 0), "Asia/Kolkata", DEADLINE)
    )


def test_daily_and_weekly_carry_milestones_unless_turned_off() -> None:
    daily = Plan("daily", time(9, 0), "Asia/Baghdad", DEADLINE)
    marked = {
        o.key: o.days_left
        for o in occurrences(daily, local(BAGHDAD, 2021, 11, 19, 12))
        if o.kind == "milestone"
    }
    assert marked == {
        "2021-12-01": 30,
        "2021-12-17": 14,
        "2021-12-24": 7,
        "2021-12-28": 3,
        "2021-12-30": 1,
    }
    weekly = Plan("weekly", time(9, 0), "Asia/Baghdad", DEADLINE, weekday=6)
    keys = [o.key for o in occurrences(weekly, local(BAGHDAD, 2021, 11, 19, 12))]
    assert "2021-12-01" in keys and "2021-11-21" in keys  # a Wednesday milestone and a Sunday
    plain = Plan("weekly", time(9, 0), "Asia/Baghdad", DEADLINE, weekday=6, milestones=False)
    assert all(
        o.kind in ("weekly", "final") for o in occurrences(plain, local(BAGHDAD, 2021, 11, 19, 12))
    )


def test_the_last_occurrence_is_the_deadline_itself() -> None:
    plan = Plan("daily", time(9, 0), "Asia/Baghdad", DEADLINE)
    tail = list(occurrences(plan, local(BAGHDAD, 2021, 12, 30, 12)))
    assert [o.key for o in tail] == ["2021-12-31", "final"]
    assert tail[-1].nominal == DEADLINE


def test_quiet_hours_move_a_reminder_to_their_end() -> None:
    plan = Plan(
        "daily",
        time(23, 0),
        "Asia/Kolkata",
        DEADLINE,
        milestones=False,
        quiet=(time(22, 0), time(7, 0)),
    )
    o = first_due(plan, local(KOLKATA, 2021, 11, 19, 12))
    assert o.nominal == local(KOLKATA, 2021, 11, 19, 23)
    assert o.due == local(KOLKATA, 2021, 11, 20, 7)
    final = list(occurrences(plan, local(KOLKATA, 2021, 12, 31, 23, 30)))[-1]
    assert final.kind == "final" and final.due == local(KOLKATA, 2022, 1, 1, 7)  # 02:30 is quiet


def test_plan_due_sends_an_occurrence_within_grace_once() -> None:
    plan = Plan("daily", time(9, 0), "Asia/Baghdad", DEADLINE)
    cursor = local(BAGHDAD, 2021, 11, 19, 12)
    decision = plan_due(plan, cursor, local(BAGHDAD, 2021, 11, 20, 9, 0, 5), GRACE)
    assert [(d.key, d.kind) for d in decision.deliveries] == [("2021-11-20", "daily")]
    assert decision.cursor == utc(2021, 11, 20, 6)
    assert decision.next_due == utc(2021, 11, 21, 6)
    again = plan_due(plan, decision.cursor, local(BAGHDAD, 2021, 11, 20, 9, 0, 35), GRACE)
    assert again.deliveries == ()


def test_downtime_longer_than_grace_collapses_into_one_catch_up() -> None:
    plan = Plan("daily", time(9, 0), "Asia/Baghdad", DEADLINE)
    cursor = utc(2021, 11, 27, 6)  # the 27th was sent; down until 1 December 09:30
    decision = plan_due(plan, cursor, local(BAGHDAD, 2021, 12, 1, 9, 30), GRACE)
    assert [(d.key, d.kind) for d in decision.deliveries] == [
        ("catchup:2021-11-30", "catchup"),
        ("2021-12-01", "milestone"),
    ]
    assert decision.deliveries[0].detail == {
        "missed": 3,
        "first": "2021-11-28",
        "last": "2021-11-30",
        "milestones": [],
    }
    assert decision.next_due == utc(2021, 12, 2, 6)
    later = plan_due(plan, cursor, local(BAGHDAD, 2021, 12, 1, 12, 0), GRACE)  # past grace for all
    assert [d.kind for d in later.deliveries] == ["catchup"]
    assert later.deliveries[0].detail["missed"] == 4 and later.deliveries[0].detail[
        "milestones"
    ] == [30]


def test_nothing_goes_out_during_quiet_hours_after_downtime() -> None:
    plan = Plan("daily", time(9, 0), "Asia/Baghdad", DEADLINE, quiet=(time(22, 0), time(7, 0)))
    cursor = utc(2021, 11, 20, 6)
    decision = plan_due(plan, cursor, local(BAGHDAD, 2021, 11, 22, 23, 0), GRACE)
    assert decision.deliveries == () and decision.cursor == cursor
    assert decision.next_due == local(BAGHDAD, 2021, 11, 23, 7)


def test_the_final_message_subsumes_what_was_missed_and_ends() -> None:
    plan = Plan("daily", time(9, 0), "Asia/Baghdad", DEADLINE)
    decision = plan_due(plan, utc(2021, 12, 29, 6), local(BAGHDAD, 2022, 1, 2, 10), GRACE)
    assert [(d.key, d.kind) for d in decision.deliveries] == [("final", "final")]
    assert decision.deliveries[0].detail == {"missed": 2}
    assert decision.ended and decision.next_due is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("0930", time(9, 30)),
        ("21h00", time(21)),
        ("٠٨:١٥", time(8, 15)),
        ("24:00", None),
        ("9", None),
        ("noon", None),
    ],
)
def test_parse_hhmm(text: str, expected: time | None) -> None:
    assert parse_hhmm(text) == expected


def test_parse_quiet_and_weekdays() -> None:
    assert parse_quiet("22:00-07:00") == (time(22), time(7))
    assert parse_quiet("22:00 07:00") == (time(22), time(7))
    assert parse_quiet("22:00-22:00") is None and parse_quiet("late") is None
    assert [parse_weekday(w) for w in ("mon", "Sunday", "الأحد", "الجمعة", "someday")] == [
        0,
        6,
        6,
        4,
        None,
    ]
