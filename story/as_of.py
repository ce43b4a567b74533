"""The record as it stood on a day: what `--now` replays and fixed clocks answer from.

A replay at 19 November 2021 must not know what was said on the 26th. `AsOf` wraps any
`story.answering.RecordSource` and hides statements dated after its day; with the real clock
it hides nothing (nothing in the record is dated in the future).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from story.models import Statement


class AsOf:
    """A read-only view of `record` as of `day` (statements dated after it are hidden)."""

    def __init__(self, record: Any, day: date) -> None:
        self._record = record
        self.day = day

    def __getattr__(self, name: str) -> Any:
        return getattr(self._record, name)

    def _until(self, until: date | None) -> date:
        return min(until, self.day) if until else self.day

    def statements_by(
        self,
        actor_ids: Iterable[str],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[Statement]:
        return self._record.statements_by(
            actor_ids, since=since, until=self._until(until), limit=limit
        )

    def search(
        self,
        groups: Sequence[Sequence[str]],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[Statement]:
        return self._record.search(groups, since=since, until=self._until(until), limit=limit)

    def stance_history(
        self, actor_id: str, story_id: str | None = None
    ) -> list[tuple[str, Statement]]:
        return [
            (st, s)
            for st, s in self._record.stance_history(actor_id, story_id)
            if s.date <= self.day
        ]
