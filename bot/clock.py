"""The one clock: real time, or a fixed instant given with --now (tests, replays, the CLI)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def parse_now(value: str, timezone: str = "Asia/Baghdad") -> datetime:
    """Parse an ISO 8601 instant; a value without offset is read in `timezone`."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment


def make_clock(now: datetime | None = None) -> Callable[[], datetime]:
    """A fixed clock when `now` is given, else the system clock (UTC, aware)."""
    if now is not None:
        return lambda: now
    return lambda: datetime.now(UTC)
