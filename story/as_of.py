"""The record as it stood at a moment: what every answer, `/actor`, `/positions` and a
reminder's news read, so a `--now` replay never knows the future.

A replay at 19 November 2021 must not know what was said on the 26th, nor a deadline move or
outcome decided later. `AsOf` wraps any `story.answering.RecordSource`: statements dated after
its day are hidden (through the `until` arguments of storage's queries), deadlines are shown as
they stood (`Deadline.as_of`), and the current story is chosen at that moment. With the real
clock it hides nothing (nothing in the record is dated in the future). The filtering lives
here and in storage's `until` arguments, nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from story.models import Deadline, Statement


def _earlier(a: date | None, b: date) -> date:
    return b if a is None else min(a, b)


class AsOf:
    """A read-only view of `record` as of `now`; everything undated passes through."""

    def __init__(self, record: Any, now: datetime) -> None:
        self.record, self.now, self.today = record, now, now.date()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.record, name)

    def deadlines(self, story_id: str | None = None) -> list[Deadline]:
        return [d.as_of(self.today) for d in self.record.deadlines(story_id)]

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


def as_of(record: Any, now: datetime) -> AsOf:
    """The record as known at `now` (never a view of a view)."""
    return AsOf(record.record if isinstance(record, AsOf) else record, now)
