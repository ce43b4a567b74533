"""Countdown arithmetic: how long until a deadline, or how long since it passed.

Pure functions of (deadline instant, now). The chat's time zone changes only how the
deadline is shown, never how much time is left. Whole days are floored: at 2021-11-19 12:00
Baghdad, with the deadline at the end of 31 December, 42 days and 12 hours are left, so 42.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from story.models import Deadline


@dataclass(frozen=True)
class Countdown:
    deadline: Deadline
    now: datetime
    remaining: timedelta  # negative once passed

    @property
    def passed(self) -> bool:
        return self.remaining <= timedelta(0)

    @property
    def days(self) -> int:
        """Whole days left (floored); once passed, whole days since, as a positive number."""
        return abs(self.remaining) // timedelta(days=1)

    @property
    def hours(self) -> int:
        """Whole hours beyond `days`."""
        return (abs(self.remaining) % timedelta(days=1)) // timedelta(hours=1)

    @property
    def days_left(self) -> int:
        """Days left, negative once passed: what `ask --json` reports as days_left."""
        return -self.days if self.passed and self.remaining < timedelta(0) else self.days

    def due_local(self, timezone: str) -> datetime:
        return self.deadline.due.astimezone(ZoneInfo(timezone))


def countdown(deadline: Deadline, now: datetime) -> Countdown:
    """Time from `now` (aware) to the deadline."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return Countdown(deadline, now, deadline.due - now)


def valid_timezone(name: str) -> bool:
    """True for an IANA zone name (Asia/Baghdad, UTC); False for anything else a user types."""
    return name in _zone_names()


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())
