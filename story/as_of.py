"""The record as it stood at a moment: what every answer, `/actor`, `/positions` and the
inline and timeline views read.

Deadlines are always shown as they stood at the clock's now (`Deadline.as_of`: a move or an
outcome decided later is not known yet), and the current story is chosen at that moment.
Statements are hidden by date only in a replay (`replay=True`: `--replay` in the CLI): a
replay at 19 November 2021 must not know what was said on the 26th. Without it, `--now` only
moves the clock, and the whole record answers (statements carry the date they were reported,
which can be later than the clock a question is asked at). With the real clock nothing is
hidden either way. The filtering lives here and in storage's `until` arguments, nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from story.models import Deadline, Statement


def _earlier(a: date | None, b: date | None) -> date | None:
    return a if b is None else b if a is None else min(a, b)


class AsOf:
    """A read-only view of `record` as of `now`; everything undated passes through, and
    dated statements are hidden only in a replay."""

    def __init__(self, record: Any, now: datetime, *, replay: bool = False) -> None:
        self.record, self.now, self.replay = record, now, replay
        self.today: date | None = now.date() if replay else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.record, name)

    def deadlines(self, story_id: str | None = None) -> list[Deadline]:
        return [d.as_of(self.now.date()) for d in self.record.deadlines(story_id)]

    def statements_by(
        self,
        actor_ids: Iterable[str],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[Statement]:
        return self.record.statements_by(
            actor_ids, since=since, until=_earlier(until, self.today), limit=limit
        )

    def search(
        self,
        groups: Sequence[Sequence[str]],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[Statement]:
        return self.record.search(
            groups, since=since, until=_earlier(until, self.today), limit=limit
        )

    def search_keys(
        self,
        groups: Sequence[Sequence[str]],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[tuple[str, str]]:
        return self.record.search_keys(
            groups, since=since, until=_earlier(until, self.today), limit=limit
        )

    def nearest(
        self,
        vector: object,
        *,
        limit: int = 10,
        since: date | None = None,
        until: date | None = None,
    ) -> list[tuple[Statement, float]]:
        return self.record.nearest(
            vector, limit=limit, since=since, until=_earlier(until, self.today)
        )

    def stance_history(
        self, actor_id: str, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, Statement]]:
        return self.record.stance_history(actor_id, story_id, until=_earlier(until, self.today))

    def current_positions(
        self, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, str, Statement]]:
        return self.record.current_positions(story_id, until=_earlier(until, self.today))

    def current_story_id(self, now: datetime | None = None) -> str | None:
        """A chat's story when it chose none: the nearest deadline ahead, else the newest."""
        return self.record.current_story_id(now or self.now)


def as_of(record: Any, now: datetime, *, replay: bool = False) -> AsOf:
    """The record as known at `now` (never a view of a view); `replay` hides statements
    dated after it."""
    if isinstance(record, AsOf):
        replay, record = replay or record.replay, record.record
    return AsOf(record, now, replay=replay)
