"""Stories and deadlines kept current: create a story, add a deadline, move one, record its
outcome — the one service behind the chat's admin commands and the operators' CLI.

A move keeps the old date in the deadline's history (status `extended`); an outcome is dated
by the day it was decided, so a replay before that day does not know it. Every move or
outcome queues one alert per chat that subscribes to the story's deadlines or follows one of
its actors (someone quoted in it, or every actor), in the same transaction, through the
delivery ledger (exactly once: the key names the event).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from storage.packs import deadline_row
from storage.record import Record
from storage.subscriptions import ALERT_SUBSCRIPTION, NewAlert, SubscriptionStore
from story.models import OUTCOME_STATUSES, Deadline, DeadlineMove, Outcome

DEADLINE_ALERT = "deadline"
OUTCOME_ASK = "outcome_ask"  # the question to admins: a deadline passed with no outcome


def _ask_key(deadline: Deadline, admin: int) -> str:
    """The ledger key of the outcome question about `deadline` (as due now) to `admin`."""
    return f"ask-outcome:{deadline.id}:{deadline.due.isoformat()}:{admin}"


class StoryError(ValueError):
    """A request that cannot be carried out; the message says why."""


class StoryStore:
    def __init__(self, record: Record) -> None:
        self.record = record
        self.db = record.db

    def create_story(
        self,
        story_id: str,
        title_en: str,
        title_ar: str,
        today: date,
        *,
        deadline: Deadline | None = None,
    ) -> None:
        """A new story, with its first deadline if one is given (both or neither are kept)."""
        if self.db.table("stories").count_where("id = ?", [story_id]):
            raise StoryError(f"story {story_id!r} exists")
        if deadline is not None:
            self._check_new_deadline(deadline, story_exists=True)
        with self.db.conn:
            self.db.table("stories").insert(
                {
                    "id": story_id,
                    "title_en": title_en,
                    "title_ar": title_ar or title_en,
                    "published": today.isoformat(),
                    "summary_en": "",
                    "summary_ar": "",
                }
            )
            if deadline is not None:
                self.db.table("deadlines").insert(deadline_row(deadline))
        self.record.invalidate()

    def name_first_actor(self, story_id: str, name_en: str, name_ar: str) -> None:
        """Name a new story's first actor in its summary (statements then tie them to it)."""
        self.db.table("stories").update(
            story_id,
            {"summary_en": f"First actor: {name_en}", "summary_ar": f"أول الأطراف: {name_ar}"},
        )
        self.record.invalidate()

    def _check_new_deadline(self, deadline: Deadline, *, story_exists: bool = False) -> None:
        if not story_exists and not self.db.table("stories").count_where(
            "id = ?", [deadline.story_id]
        ):
            raise StoryError(f"no story {deadline.story_id!r}")
        if self.db.table("deadlines").count_where("id = ?", [deadline.id]):
            raise StoryError(f"deadline {deadline.id!r} exists")
        if deadline.due.tzinfo is None:
            raise StoryError("the deadline's date needs a time zone")

    def add_deadline(self, deadline: Deadline) -> None:
        self._check_new_deadline(deadline)
        self.db.table("deadlines").insert(deadline_row(deadline))
        self.record.invalidate()

    def deadline(self, deadline_id: str) -> Deadline:
        found = [d for d in self.record.deadlines() if d.id == deadline_id]
        if not found:
            raise StoryError(f"no deadline {deadline_id!r}")
        return found[0]

    def move_deadline(
        self,
        deadline_id: str,
        due: datetime,
        decided: date,
        now: datetime,
        note_en: str = "",
        note_ar: str = "",
    ) -> int:
        """Move a deadline to `due`; returns how many chats are told."""
        old = self.deadline(deadline_id)
        if due.tzinfo is None:
            raise StoryError("the new date needs a time zone")
        if due == old.due:
            return 0  # already there: nothing changes, nobody is told again
        move = DeadlineMove(previous=old.due, decided=decided, note_en=note_en, note_ar=note_ar)
        new = replace(old, due=due, status="extended", history=(*old.history, move))
        event = {"event": "moved", "previous": old.due.isoformat(), "due": due.isoformat()}
        return self._save(new, f"moved:{due.isoformat()}", event, now)

    def set_status(self, deadline_id: str, status: str, decided: date, now: datetime) -> int:
        """/setstatus and `deadlines status`: an outcome status is recorded as the outcome,
        dated `decided` and told to the chats; "pending" only sets the status. Returns how
        many chats are told."""
        if status in OUTCOME_STATUSES:
            return self.record_outcome(deadline_id, status, decided, now)
        if not self.record.set_deadline_status(deadline_id, status):
            raise StoryError(f"no deadline {deadline_id!r}")
        return 0

    def record_outcome(
        self,
        deadline_id: str,
        status: str,
        decided: date,
        now: datetime,
        *,
        note_en: str = "",
        note_ar: str = "",
        statement_id: str | None = None,
    ) -> int:
        """Record what happened at a deadline; returns how many chats are told."""
        if status not in OUTCOME_STATUSES:
            raise StoryError(f"{status!r} is not one of {', '.join(OUTCOME_STATUSES)}")
        if statement_id and not self.db.table("statements").count_where("id = ?", [statement_id]):
            raise StoryError(f"no statement {statement_id!r}")
        old = self.deadline(deadline_id)
        outcome = Outcome(status, decided, note_en, note_ar, statement_id)
        if old.outcome == outcome:
            return 0  # recorded already: nobody is told again
        new = replace(old, status=status, outcome=outcome)
        return self._save(new, f"outcome:{status}:{decided.isoformat()}", {"event": "outcome"}, now)

    def audience(self, story_id: str) -> list[int]:
        """Chats to tell: subscribers to the story's deadlines, and chats that follow one of
        the story's actors (someone it quotes) or every actor; not followers of others."""
        rows = self.db.execute(
            "SELECT DISTINCT s.chat_id FROM subscriptions s"
            " JOIN deadlines d ON d.id = s.deadline_id"
            " WHERE d.story_id = ? AND s.state = 'active'"
            " UNION SELECT chat_id FROM follows WHERE actor_id = '*' OR actor_id IN"
            " (SELECT actor_id FROM statements WHERE story_id = ? AND status = 'approved')"
            " ORDER BY 1",
            [story_id, story_id],
        ).fetchall()
        return [r[0] for r in rows]

    def unrecorded(self, now: datetime) -> list[Deadline]:
        """Deadlines whose date has passed by `now` with no outcome recorded."""
        return [
            d
            for d in (d.as_of(now.date()) for d in self.record.deadlines())
            if d.due <= now and d.outcome is None and d.status in ("pending", "extended")
        ]

    def ask_for_outcomes(self, admins: Iterable[int], now: datetime) -> int:
        """Queue the outcome question for each deadline passed with none recorded, to each
        admin's chat, through the ledger: the key names the deadline and its date, so each
        admin is asked once per date (a deadline moved and passed again is asked again)."""
        alerts = [
            NewAlert(admin, OUTCOME_ASK, _ask_key(d, admin), {"deadline_id": d.id})
            for d in self.unrecorded(now)
            for admin in sorted(admins)
        ]
        if not alerts:
            return 0
        with self.db.conn:
            return SubscriptionStore(self.db).queue_alerts(alerts, now)

    def ask_on_start(self, admin: int, now: datetime) -> int:
        """An admin opens the bot (/start): the outcome questions it never got — refused
        while it had not started the bot, or never queued — go into the ledger again.
        Questions it did get, or that wait to be sent, are left alone. How many queued."""
        queued = self.ask_for_outcomes([admin], now)
        keys = [_ask_key(d, admin) for d in self.unrecorded(now)]
        if not keys:
            return queued
        marks = ",".join("?" * len(keys))
        with self.db.conn:
            queued += self.db.execute(
                "UPDATE deliveries SET state = 'pending', attempts = 0, error = NULL"
                f" WHERE subscription_id = ? AND occurrence IN ({marks}) AND state = 'failed'",
                [ALERT_SUBSCRIPTION, *keys],
            ).rowcount
        return queued

    def _save(self, deadline: Deadline, event_key: str, detail: dict, now: datetime) -> int:
        alerts = [
            NewAlert(
                chat,
                DEADLINE_ALERT,
                f"deadline:{deadline.id}:{event_key}:{chat}",
                {"deadline_id": deadline.id, **detail},
            )
            for chat in self.audience(deadline.story_id)
        ]
        with self.db.conn:
            self.db.table("deadlines").update(deadline.id, deadline_row(deadline))
            told = SubscriptionStore(self.db).queue_alerts(alerts, now)
        self.record.invalidate()
        return told
