"""Reminder subscriptions, the delivery ledger and the due query.

The database is the source of truth for the schedule. Each active subscription stores
`next_due`, the UTC instant at which it next needs attention, and `cursor`, the nominal
instant of the last occurrence already dealt with; `story.schedule` computes both from the
subscription's plan. The due query is one range scan of the (active, next_due) index, so a
tick that finds nothing costs the same for ten subscriptions as for a million.

The ledger (`deliveries`, keyed by subscription and occurrence) makes sending idempotent.
Writes happen in this order (see `bot.dispatch` for the whole guarantee):

1. claim: in ONE transaction, the ledger rows for what is due are inserted as `pending`
   (INSERT OR IGNORE on the key: an occurrence is claimed at most once, ever) and the
   subscription's cursor and next_due move past them;
2. `pending` → `sending`, committed immediately before the HTTP request leaves, as a
   compare-and-set (only one sender can win it);
3. `sending` → `sent` with Telegram's message id as soon as Telegram answers; a refusal
   (429, 403, 400, migration) sets it back to `pending` or to a final state instead.

At start-up, rows still `pending` are sent (nothing reached Telegram), rows still `sending`
become `uncertain` and are not resent (the process died with the request in flight).

Times are stored as ISO 8601 UTC strings of one fixed shape, so they compare as text.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from storage import chats
from storage.record import _statement  # one row shape for statements, kept in record.py
from story.models import Statement
from story.reminder_text import News
from story.schedule import DueDecision, Plan, first_due, occurrences_between, plan_due

ACTIVE = "active"
ENDED = "ended"
INACTIVE_STATES = ("unsubscribed", "blocked", "removed", "gone", "migrated")
# Ledger states.
PENDING, SENDING, SENT = "pending", "sending", "sent"
# Alerts (position changes, deadline news) share the ledger; they belong to no subscription.
ALERT_SUBSCRIPTION = 0
ALERT_KINDS = ("position", "deadline")
RECOMPUTE_CACHE_KIB = 32 * 1024  # SQLite page cache while recomputing every subscription
UNCERTAIN, FAILED, CANCELLED = "uncertain", "failed", "cancelled"

_SUB_COLUMNS = (
    "s.id, s.chat_id, s.deadline_id, s.cadence, s.at_time, s.weekday, s.milestones, s.state, "
    "s.next_due, s.cursor, s.created_at, s.last_sent_at, s.seen_mark, s.lang"
)
# What deciding a subscription's schedule needs: the subscription and its chat's settings.
_PLAN_COLUMNS = (
    "s.id, s.chat_id, s.deadline_id, s.cadence, s.at_time, s.weekday, s.milestones, "
    "s.cursor, s.created_at, s.next_due, c.timezone, c.quiet_start, c.quiet_end"
)
_STATEMENT_COLUMNS = (
    "s.id, s.story_id, s.actor_id, s.text_ar, s.text_en, s.kind, s.date, s.source_id, s.stance, "
    "s.context_en, s.context_ar, s.said_at"
)


def iso(moment: datetime) -> str:
    """The stored form of an instant: '2021-11-20T06:00:00+00:00' (UTC, whole seconds)."""
    if moment.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Subscription:
    id: int
    chat_id: int
    deadline_id: str
    cadence: str
    at: time
    weekday: int | None
    milestones: bool
    state: str
    next_due: datetime | None
    cursor: datetime | None
    created_at: datetime
    last_sent_at: datetime | None
    seen_mark: int
    lang: str | None

    @property
    def active(self) -> bool:
        return self.state == ACTIVE


def _subscription(row: Sequence) -> Subscription:
    (ident, chat_id, deadline_id, cadence, at_time, weekday, milestones, state, next_due, cursor,
     created_at, last_sent_at, seen_mark, lang) = row
    return Subscription(
        id=ident,
        chat_id=chat_id,
        deadline_id=deadline_id,
        cadence=cadence,
        at=time.fromisoformat(at_time),
        weekday=weekday,
        milestones=bool(milestones),
        state=state,
        next_due=_instant(next_due),
        cursor=_instant(cursor),
        created_at=datetime.fromisoformat(created_at),
        last_sent_at=_instant(last_sent_at),
        seen_mark=seen_mark or 0,
        lang=lang,
    )


@dataclass(frozen=True)
class DeliveryRow:
    """One ledger row."""

    rowid: int
    subscription_id: int
    occurrence: str
    kind: str
    chat_id: int
    due: datetime
    detail: dict
    state: str
    attempts: int
    claimed_at: datetime | None
    sent_at: datetime | None = None
    message_id: int | None = None
    error: str | None = None

    @property
    def key(self) -> tuple[int, str]:
        return (self.subscription_id, self.occurrence)


_DELIVERY_COLUMNS = (
    "rowid, subscription_id, occurrence, kind, chat_id, due, detail, state, attempts, claimed_at, "
    "sent_at, message_id, error"
)


def _delivery(row: Sequence) -> DeliveryRow:
    (rowid, sub_id, occurrence, kind, chat_id, due, detail, state, attempts, claimed_at, sent_at,
     message_id, error) = row
    return DeliveryRow(
        rowid=rowid,
        subscription_id=sub_id,
        occurrence=occurrence,
        kind=kind,
        chat_id=chat_id,
        due=datetime.fromisoformat(due),
        detail=json.loads(detail) if detail else {},
        state=state,
        attempts=attempts or 0,
        claimed_at=_instant(claimed_at),
        sent_at=_instant(sent_at),
        message_id=message_id,
        error=error,
    )


@dataclass(frozen=True)
class NewAlert:
    """A one-off message for one chat that goes through the ledger like a reminder: `key`
    names the event and the chat (the ledger's occurrence: a key is sent once, ever),
    `detail` is what the dispatcher needs to write the message at send time."""

    chat_id: int
    kind: str  # ALERT_KINDS
    key: str
    detail: dict


@dataclass(frozen=True)
class NewSubscription:
    """What a chat asks for; see :meth:`SubscriptionStore.subscribe`."""

    chat_id: int
    deadline_id: str
    cadence: str = "daily"
    at: time = time(9, 0)
    weekday: int | None = None
    milestones: bool = True
    lang: str | None = None


@dataclass(frozen=True)
class ClaimReport:
    subscriptions: int  # subscriptions looked at
    deliveries: int  # ledger rows claimed


@lru_cache(maxsize=8192)
def _decide(plan: Plan, cursor: datetime, now: datetime, grace: timedelta) -> DueDecision:
    """plan_due, cached: a tick decides once for all subscriptions sharing plan and cursor."""
    return plan_due(plan, cursor, now, grace)


class SubscriptionStore:
    """Subscriptions, quiet hours, the delivery ledger: every SQL statement reminders need."""

    def __init__(self, db: Database, default_timezone: str = "Asia/Baghdad") -> None:
        self.db = db
        self.default_timezone = default_timezone

    # -- plans ------------------------------------------------------------------------------
    def deadline_dues(self) -> dict[str, datetime]:
        return {
            r[0]: datetime.fromisoformat(r[1])
            for r in self.db.execute("SELECT id, due FROM deadlines")
        }

    def deadlines_fingerprint(self) -> tuple:
        """Changes whenever a deadline is added, moved or changes status (a pack reload)."""
        return tuple(
            self.db.execute("SELECT id, due, status FROM deadlines ORDER BY id").fetchall()
        )

    def _zone_name(self, name: str | None) -> str:
        if name:
            try:
                ZoneInfo(name)
                return name
            except (KeyError, ValueError):
                pass
        return self.default_timezone

    @staticmethod
    def _plan_key(row: Sequence) -> tuple:
        """What of a _PLAN_COLUMNS row decides its schedule, normalised: the weekday matters
        only to weekly reminders, and milestones-only reminders always have milestones."""
        (
            _,
            _,
            deadline_id,
            cadence,
            at_time,
            weekday,
            milestones,
            _,
            _,
            _,
            tz,
            quiet_start,
            quiet_end,
        ) = row
        return (
            deadline_id,
            cadence,
            at_time,
            (6 if weekday is None else weekday) if cadence == "weekly" else 6,
            bool(milestones) or cadence == "milestones",
            tz,
            quiet_start if quiet_end else None,
            quiet_end if quiet_start else None,
        )

    def _plan(self, row: Sequence, dues: dict[str, datetime]) -> Plan | None:
        deadline_id, cadence, at_time, weekday, milestones, tz, quiet_start, quiet_end = (
            self._plan_key(row)
        )
        due = dues.get(deadline_id)
        if due is None:
            return None
        quiet = (
            (time.fromisoformat(quiet_start), time.fromisoformat(quiet_end))
            if quiet_start and quiet_end
            else None
        )
        return Plan(
            cadence=cadence,
            at=time.fromisoformat(at_time),
            timezone=self._zone_name(tz),
            deadline_due=due,
            weekday=weekday,
            milestones=milestones,
            quiet=quiet,
        )

    def plan_of(self, subscription_id: int) -> Plan | None:
        row = self.db.execute(
            f"SELECT {_PLAN_COLUMNS} FROM subscriptions s LEFT JOIN chats c ON c.id = s.chat_id "
            f"WHERE s.id = ?",
            [subscription_id],
        ).fetchone()
        return self._plan(row, self.deadline_dues()) if row else None

    # -- chats ------------------------------------------------------------------------------
    def chat_timezone(self, chat_id: int) -> str:
        row = self.db.execute("SELECT timezone FROM chats WHERE id = ?", [chat_id]).fetchone()
        return self._zone_name(row[0] if row else None)

    def chat_language(self, chat_id: int, default: str) -> str:
        """The chat's language by the one rule (story.chat_language)."""
        return chats.chat_language(self.db, chat_id, default)

    def quiet_hours(self, chat_id: int) -> tuple[time, time] | None:
        row = self.db.execute(
            "SELECT quiet_start, quiet_end FROM chats WHERE id = ?", [chat_id]
        ).fetchone()
        if not row or not row[0] or not row[1]:
            return None
        return time.fromisoformat(row[0]), time.fromisoformat(row[1])

    def set_quiet_hours(self, chat_id: int, quiet: tuple[time, time] | None, now: datetime) -> None:
        """Set (or with None, clear) the chat's quiet hours and move its reminders to suit."""
        start, end = (
            (quiet[0].strftime("%H:%M"), quiet[1].strftime("%H:%M")) if quiet else (None, None)
        )
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO chats (id, created_at, quiet_start, quiet_end) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET quiet_start = excluded.quiet_start, quiet_end = "
                "excluded.quiet_end",
                [chat_id, iso(now), start, end],
            )
        self.reschedule_chat(chat_id)

    # -- subscriptions -----------------------------------------------------------------------
    def subscription(self, subscription_id: int) -> Subscription | None:
        row = self.db.execute(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions s WHERE s.id = ?", [subscription_id]
        ).fetchone()
        return _subscription(row) if row else None

    def subscriptions(self, chat_id: int, *, include_inactive: bool = False) -> list[Subscription]:
        sql = f"SELECT {_SUB_COLUMNS} FROM subscriptions s WHERE s.chat_id = ?"
        if not include_inactive:
            sql += " AND s.active = 1"
        return [
            _subscription(r) for r in self.db.execute(sql + " ORDER BY s.id", [chat_id]).fetchall()
        ]

    def count_active(self) -> int:
        return self.db.execute("SELECT count(*) FROM subscriptions WHERE active = 1").fetchone()[0]

    def subscribe(self, request: NewSubscription, now: datetime) -> Subscription:
        """Create the chat's subscription to a deadline, or change it (one per chat and
        deadline). Reminders count from `now`: the ledger keys of occurrences already sent
        today keep a changed reminder time from sending today's reminder again."""
        self.subscribe_many([request], now)
        row = self.db.execute(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions s WHERE s.chat_id = ? AND s.deadline_id = ?",
            [request.chat_id, request.deadline_id],
        ).fetchone()
        return _subscription(row)

    def subscribe_many(self, requests: Iterable[NewSubscription], now: datetime) -> int:
        """Subscribe many chats in one transaction (imports, benchmarks); returns how many."""
        dues = self.deadline_dues()
        now_s = iso(now)
        mark = self.statement_mark()
        zones: dict[int, tuple] = {}
        count = 0
        with self.db.atomic():
            for request in requests:
                due = dues.get(request.deadline_id)
                if due is None:
                    raise KeyError(f"no deadline {request.deadline_id!r}")
                settings = zones.get(request.chat_id)
                if settings is None:
                    row = self.db.execute(
                        "SELECT timezone, quiet_start, quiet_end FROM chats WHERE id = ?",
                        [request.chat_id],
                    ).fetchone()
                    settings = row or (None, None, None)
                    zones[request.chat_id] = settings
                tz, quiet_start, quiet_end = settings
                quiet = (
                    (time.fromisoformat(quiet_start), time.fromisoformat(quiet_end))
                    if quiet_start and quiet_end
                    else None
                )
                plan = Plan(
                    cadence=request.cadence,
                    at=request.at,
                    timezone=self._zone_name(tz),
                    deadline_due=due,
                    weekday=6 if request.weekday is None else request.weekday,
                    milestones=request.milestones,
                    quiet=quiet,
                )
                first = first_due(plan, datetime.fromisoformat(now_s))
                chats.adopt_language(self.db, request.chat_id, request.lang, now_s)  # a user seen
                existing = self.db.execute(
                    "SELECT id, state FROM subscriptions WHERE chat_id = ? AND deadline_id = ?",
                    [request.chat_id, request.deadline_id],
                ).fetchone()
                values = {
                    "cadence": request.cadence,
                    "at_time": request.at.strftime("%H:%M"),
                    "weekday": request.weekday,
                    "milestones": int(request.milestones),
                    "lang": request.lang,
                    "state": ACTIVE,
                    "next_due": iso(first.due),
                    "cursor": now_s,
                    "changed_at": now_s,
                }
                if existing is None:
                    cursor = self.db.execute(
                        "INSERT INTO subscriptions (chat_id, deadline_id, created_at, seen_mark, "
                        + ", ".join(values)
                        + ") VALUES (?, ?, ?, ?, "
                        + ", ".join("?" * len(values))
                        + ")",
                        [request.chat_id, request.deadline_id, now_s, mark, *values.values()],
                    )
                    sub_id, event = int(cursor.lastrowid or 0), "subscribed"
                else:
                    sub_id, old_state = existing
                    if old_state != ACTIVE:
                        values["seen_mark"] = mark  # a new start: news counts from now
                    self.db.execute(
                        "UPDATE subscriptions SET "
                        + ", ".join(f"{k} = ?" for k in values)
                        + " WHERE id = ?",
                        [*values.values(), sub_id],
                    )
                    event = "changed" if old_state == ACTIVE else "resubscribed"
                self._event(sub_id, request.chat_id, now_s, event, values)
                count += 1
        return count

    def unsubscribe(
        self, chat_id: int, deadline_id: str | None, now: datetime
    ) -> list[Subscription]:
        """Stop the chat's subscription to `deadline_id` (None: all of them); kept for the
        record."""
        stopped = [
            s
            for s in self.subscriptions(chat_id)
            if deadline_id is None or s.deadline_id == deadline_id
        ]
        self._deactivate([s.id for s in stopped], chat_id, "unsubscribed", now)
        return stopped

    def deactivate_chat(self, chat_id: int, state: str, now: datetime) -> int:
        """Stop every active subscription of a chat that blocked or removed the bot (`state`
        says which). Rows stay for the record; only an explicit /subscribe starts them again."""
        if state not in INACTIVE_STATES:
            raise ValueError(f"not an inactive state: {state!r}")
        ids = [s.id for s in self.subscriptions(chat_id)]
        self._deactivate(ids, chat_id, state, now)
        return len(ids)

    def _deactivate(self, ids: list[int], chat_id: int, state: str, now: datetime) -> None:
        if not ids:
            return
        now_s = iso(now)
        marks = ",".join("?" * len(ids))
        with self.db.atomic():
            self.db.execute(
                f"UPDATE subscriptions SET state = ?, next_due = NULL, changed_at = ? WHERE id IN "
                f"({marks})",
                [state, now_s, *ids],
            )
            self.db.execute(
                f"UPDATE deliveries SET state = ?, error = ? WHERE subscription_id IN ({marks}) "
                f"AND state = ?",
                [CANCELLED, f"subscription {state}", *ids, PENDING],
            )
            for sub_id in ids:
                self._event(sub_id, chat_id, now_s, state, None)

    def migrate_chat(self, old_chat_id: int, new_chat_id: int, now: datetime) -> int:
        """A group became a supergroup: its subscriptions, settings and pending deliveries move
        to the new id (if the new id already subscribes to a deadline, the old one retires)."""
        now_s = iso(now)
        moved = 0
        with self.db.atomic():
            if not self.db.execute("SELECT 1 FROM chats WHERE id = ?", [new_chat_id]).fetchone():
                self.db.execute(
                    "INSERT INTO chats (id, lang, timezone, story_id, created_at, quiet_start, "
                    "quiet_end) "
                    "SELECT ?, lang, timezone, story_id, created_at, quiet_start, quiet_end FROM "
                    "chats WHERE id = ?",
                    [new_chat_id, old_chat_id],
                )
            taken = {
                r[0]
                for r in self.db.execute(
                    "SELECT deadline_id FROM subscriptions WHERE chat_id = ?", [new_chat_id]
                )
            }
            for sub_id, deadline_id in self.db.execute(
                "SELECT id, deadline_id FROM subscriptions WHERE chat_id = ?", [old_chat_id]
            ).fetchall():
                if deadline_id in taken:
                    self.db.execute(
                        "UPDATE subscriptions SET state = 'migrated', next_due = NULL, changed_at "
                        "= ? WHERE id = ?",
                        [now_s, sub_id],
                    )
                    self._event(
                        sub_id, old_chat_id, now_s, "migrated", {"to": new_chat_id, "kept": False}
                    )
                    continue
                self.db.execute(
                    "UPDATE subscriptions SET chat_id = ?, changed_at = ? WHERE id = ?",
                    [new_chat_id, now_s, sub_id],
                )
                self._event(sub_id, new_chat_id, now_s, "migrated", {"from": old_chat_id})
                moved += 1
            self.db.execute(
                "UPDATE deliveries SET chat_id = ? WHERE chat_id = ? AND state IN (?, ?)",
                [new_chat_id, old_chat_id, PENDING, SENDING],
            )
        return moved

    def reschedule_chat(self, chat_id: int) -> int:
        """Recompute next_due for a chat's active subscriptions (time zone or quiet hours
        changed)."""
        rows = self.db.execute(
            f"SELECT {_PLAN_COLUMNS} FROM subscriptions s LEFT JOIN chats c ON c.id = s.chat_id "
            "WHERE s.chat_id = ? AND s.active = 1",
            [chat_id],
        ).fetchall()
        return self._reschedule(rows)

    def recompute_all(self, batch: int = 20_000) -> int:
        """Start-up: recompute every active subscription's next_due from its plan and cursor
        (deadlines may have moved, settings changed, while the bot was down). Returns how many
        changed. Rows are streamed; each distinct plan's occurrences are computed once and
        every cursor is placed among them by bisection, so the cost per subscription is a
        dictionary lookup and a binary search, not a calendar computation."""
        low, high = self.db.execute(
            "SELECT min(coalesce(cursor, created_at)), max(coalesce(cursor, created_at)) FROM "
            "subscriptions WHERE active = 1"
        ).fetchone()
        if low is None:
            return 0
        cursor = self.db.conn.execute(
            f"SELECT {_PLAN_COLUMNS} FROM subscriptions s LEFT JOIN chats c ON c.id = s.chat_id "
            f"WHERE s.active = 1"
        )
        dues = self.deadline_dues()
        timelines: dict[tuple, tuple[list[str], list[str]] | None] = {}
        changed: list[tuple] = []
        # A bigger page cache for this one pass (the index pages of a full rewrite do not fit
        # the default 2 MB); the connection gets its usual size back afterwards.
        usual = self.db.execute("PRAGMA cache_size").fetchone()[0]
        self.db.execute(f"PRAGMA cache_size = {-RECOMPUTE_CACHE_KIB}")
        try:
            while rows := cursor.fetchmany(batch):
                changed.extend(self._recomputed(rows, dues, low, high, timelines))
            self._write_next_dues(changed)
        finally:
            self.db.execute(f"PRAGMA cache_size = {int(usual)}")
        return len(changed)

    def _recomputed(
        self,
        rows: Iterable[Sequence],
        dues: dict[str, datetime],
        low: str,
        high: str,
        timelines: dict[tuple, tuple[list[str], list[str]] | None],
    ) -> list[tuple]:
        """(next_due, state, id) for the rows whose next_due is not what their plan
        and cursor say; cursors must lie in [low, high]."""
        out: list[tuple[str | None, str, int]] = []
        start = datetime.fromisoformat(low) - timedelta(seconds=1)
        stop = datetime.fromisoformat(high)
        for row in rows:
            key = self._plan_key(row)
            if key in timelines:
                line = timelines[key]
            else:
                plan = self._plan(row, dues)
                line = None
                if plan is not None:
                    found = occurrences_between(plan, start, stop)
                    line = ([iso(o.nominal) for o in found], [iso(o.due) for o in found])
                timelines[key] = line
            if line is None:  # its deadline left the record
                out.append((None, "gone", row[0]))
                continue
            nominals, due_times = line
            i = bisect_right(nominals, row[7] or row[8])
            due = due_times[min(i, len(due_times) - 1)]
            if due != row[9]:
                out.append((due, ACTIVE, row[0]))
        return out

    def _reschedule(self, rows: list[Sequence]) -> int:
        if not rows:
            return 0
        cursors = [r[7] or r[8] for r in rows]
        changed = self._recomputed(rows, self.deadline_dues(), min(cursors), max(cursors), {})
        self._write_next_dues(changed)
        return len(changed)

    def _write_next_dues(self, changed: list[tuple]) -> None:
        """Write (next_due, state, id) rows; most only move next_due."""
        if changed:
            with self.db.atomic():
                self.db.conn.executemany(
                    "UPDATE subscriptions SET next_due = ? WHERE id = ?",
                    [(due, ident) for due, state, ident in changed if state == ACTIVE],
                )
                self.db.conn.executemany(
                    "UPDATE subscriptions SET next_due = ?, state = ? WHERE id = ?",
                    [row for row in changed if row[1] != ACTIVE],
                )

    # -- the due query and claiming -----------------------------------------------------------
    def has_due(self, now: datetime) -> bool:
        """One probe of the (active, next_due) index."""
        return self.db.execute(
            "SELECT 1 FROM subscriptions WHERE active = 1 AND next_due <= ? LIMIT 1", [iso(now)]
        ).fetchone() is not None

    def claim_due(self, now: datetime, grace: timedelta, *, limit: int = 1000) -> ClaimReport:
        """Claim up to `limit` due subscriptions: in one transaction, write their ledger rows
        (`pending`) and move their cursor and next_due on. Call again until it reports fewer
        than `limit` subscriptions."""
        now_s = iso(now)
        rows = self.db.execute(
            f"SELECT {_PLAN_COLUMNS} FROM subscriptions s LEFT JOIN chats c ON c.id = s.chat_id "
            "WHERE s.active = 1 AND s.next_due <= ? ORDER BY s.next_due LIMIT ?",
            [now_s, limit],
        ).fetchall()
        if not rows:
            return ClaimReport(0, 0)
        dues = self.deadline_dues()
        inserts: list[tuple] = []
        updates: list[tuple] = []
        events: list[tuple] = []
        collapse: list[tuple] = []
        stale_cutoff = iso(now - grace)
        for row in rows:
            sub_id, chat_id = row[0], row[1]
            plan = self._plan(row, dues)
            if plan is None:  # its deadline left the record
                updates.append((row[7], None, "gone", now_s, sub_id))
                events.append((sub_id, chat_id, now_s, "gone", None))
                continue
            cursor = datetime.fromisoformat(row[7] or row[8])
            decision = _decide(plan, cursor, now, grace)
            for delivery in decision.deliveries:
                detail = delivery.detail
                if delivery.kind in ("catchup", "final"):
                    detail = self._with_stale(sub_id, stale_cutoff, detail, collapse)
                inserts.append(
                    (sub_id, delivery.key, delivery.kind, chat_id, iso(delivery.due),
                     json.dumps(detail, ensure_ascii=False), PENDING, now_s)
                )
            state = ENDED if decision.ended else ACTIVE
            updates.append(
                (iso(decision.cursor), iso(decision.next_due) if decision.next_due else None, state,
                 now_s, sub_id)
            )
            if decision.ended:
                events.append((sub_id, chat_id, now_s, "ended", None))
        with self.db.atomic():
            self.db.conn.executemany(
                "UPDATE deliveries SET state = ?, error = 'collapsed into a later message' "
                "WHERE subscription_id = ? AND state = ? AND due < ? AND kind != 'final'",
                collapse,
            )
            claimed = self.db.conn.executemany(
                "INSERT OR IGNORE INTO deliveries (subscription_id, occurrence, kind, chat_id, "
                "due, detail, state, claimed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                inserts,
            ).rowcount
            self.db.conn.executemany(
                "UPDATE subscriptions SET cursor = ?, next_due = ?, state = ?, changed_at = ? "
                "WHERE id = ?",
                updates,
            )
            self.db.conn.executemany(
                "INSERT INTO subscription_events (subscription_id, chat_id, at, event, detail) "
                "VALUES (?, ?, ?, ?, ?)",
                events,
            )
        return ClaimReport(len(rows), max(claimed, 0))

    def _with_stale(self, sub_id: int, cutoff: str, detail: dict, collapse: list[tuple]) -> dict:
        """Count this subscription's ledger rows still pending from before a long outage into
        the catch-up (or final) message being claimed, and queue them for cancelling in the
        same transaction: one message instead of each one late."""
        stale = self.db.execute(
            "SELECT occurrence FROM deliveries WHERE subscription_id = ? AND state = ? AND due < "
            "? AND kind != 'final'",
            [sub_id, PENDING, cutoff],
        ).fetchall()
        if not stale:
            return detail
        collapse.append((CANCELLED, sub_id, PENDING, cutoff))
        keys = sorted(k[0].removeprefix("catchup:") for k in stale)
        merged = dict(detail)
        merged["missed"] = merged.get("missed", 0) + len(stale)
        if "first" in merged:
            merged["first"] = min(merged["first"], keys[0])
        return merged

    # -- the ledger ------------------------------------------------------------------------
    def recover(self, now: datetime) -> tuple[int, int]:
        """Start-up: rows left `sending` by a process that died with the request in flight
        become `uncertain` (never resent: at most once); `pending` rows simply wait to be
        sent. Returns (uncertain, pending)."""
        with self.db.atomic():
            uncertain = self.db.execute(
                "UPDATE deliveries SET state = ?, error = ? WHERE state = ?",
                [UNCERTAIN, f"in flight when the process stopped (found {iso(now)})", SENDING],
            ).rowcount
        pending = self.db.execute(
            "SELECT count(*) FROM deliveries WHERE state = ?", [PENDING]
        ).fetchone()[0]
        return uncertain, pending

    def queue_alerts(self, alerts: Iterable[NewAlert], now: datetime) -> int:
        """Put alerts in the ledger as `pending` (INSERT OR IGNORE on their key: one change
        reaches one chat once, ever). Called inside the transaction that made the change, so
        a crash cannot keep the change and lose its alerts. Returns how many are new."""
        claimed = iso(now)
        added = 0
        for alert in alerts:
            added += self.db.execute(
                "INSERT OR IGNORE INTO deliveries (subscription_id, occurrence, kind, chat_id, "
                "due, detail,"
                " state, attempts, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
                [
                    ALERT_SUBSCRIPTION,
                    alert.key,
                    alert.kind,
                    alert.chat_id,
                    claimed,
                    json.dumps(alert.detail, ensure_ascii=False),
                    PENDING,
                    claimed,
                ],
            ).rowcount
        return added

    def has_pending(self) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM deliveries WHERE state = ? LIMIT 1", [PENDING]
            ).fetchone()
            is not None
        )

    def pending(self, after_rowid: int = 0, limit: int = 256) -> list[DeliveryRow]:
        """Pending ledger rows in claim order, after `after_rowid` (keyset pagination)."""
        rows = self.db.execute(
            f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE state = ? AND rowid > ? ORDER BY "
            f"rowid LIMIT ?",
            [PENDING, after_rowid, limit],
        ).fetchall()
        return [_delivery(r) for r in rows]

    def delivery(self, subscription_id: int, occurrence: str) -> DeliveryRow | None:
        row = self.db.execute(
            f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE subscription_id = ? AND occurrence "
            f"= ?",
            [subscription_id, occurrence],
        ).fetchone()
        return _delivery(row) if row else None

    def deliveries(
        self, *, chat_id: int | None = None, subscription_id: int | None = None
    ) -> list[DeliveryRow]:
        where, args = "1", []
        if chat_id is not None:
            where, args = "chat_id = ?", [chat_id]
        if subscription_id is not None:
            where, args = where + " AND subscription_id = ?", [*args, subscription_id]
        rows = self.db.execute(
            f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE {where} ORDER BY rowid", args
        )
        return [_delivery(r) for r in rows.fetchall()]

    def mark_sending(self, key: tuple[int, str], now: datetime) -> bool:
        """pending → sending, committed now (a compare-and-set: False if another sender won)."""
        with self.db.atomic():
            return self.db.execute(
                "UPDATE deliveries SET state = ?, attempts = attempts + 1, sent_at = ? "
                "WHERE subscription_id = ? AND occurrence = ? AND state = ?",
                [SENDING, iso(now), *key, PENDING],
            ).rowcount == 1

    def mark_not_sent(self, key: tuple[int, str], error: str) -> None:
        """sending → pending: Telegram refused the request, so nothing was delivered."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE deliveries SET state = ?, sent_at = NULL, error = ? "
                "WHERE subscription_id = ? AND occurrence = ? AND state = ?",
                [PENDING, error[:300], *key, SENDING],
            )

    def mark_sent(
        self, key: tuple[int, str], now: datetime, message_id: int | None, mark: int
    ) -> None:
        """sending → sent; the subscription remembers when, and how far into the record the
        message reported (the next one tells what came after)."""
        now_s = iso(now)
        with self.db.atomic():
            self.db.execute(
                "UPDATE deliveries SET state = ?, sent_at = ?, message_id = ?, error = NULL "
                "WHERE subscription_id = ? AND occurrence = ?",
                [SENT, now_s, message_id, *key],
            )
            self.db.execute(
                "UPDATE subscriptions SET last_sent_at = ?, seen_mark = max(seen_mark, ?) WHERE "
                "id = ?",
                [now_s, mark, key[0]],
            )

    def mark_done(self, key: tuple[int, str], state: str, error: str) -> None:
        """End a ledger row without sending: failed, uncertain or cancelled."""
        if state not in (FAILED, UNCERTAIN, CANCELLED):
            raise ValueError(state)
        with self.db.atomic():
            self.db.execute(
                "UPDATE deliveries SET state = ?, error = ? WHERE subscription_id = ? AND "
                "occurrence = ?",
                [state, error[:300], *key],
            )

    def ledger_counts(self) -> dict[str, int]:
        return dict(
            self.db.execute("SELECT state, count(*) FROM deliveries GROUP BY state").fetchall()
        )

    def events(self, subscription_id: int) -> list[tuple[str, str]]:
        """(event, at) of a subscription, oldest first: the record kept of it."""
        return [
            (r[0], r[1])
            for r in self.db.execute(
                "SELECT event, at FROM subscription_events WHERE subscription_id = ? ORDER BY id",
                [subscription_id],
            )
        ]

    def _event(self, sub_id: int, chat_id: int, at: str, event: str, detail: dict | None) -> None:
        self.db.execute(
            "INSERT INTO subscription_events (subscription_id, chat_id, at, event, detail) VALUES "
            "(?, ?, ?, ?, ?)",
            [
                sub_id,
                chat_id,
                at,
                event,
                json.dumps(detail, ensure_ascii=False) if detail else None,
            ],
        )

    # -- what changed ------------------------------------------------------------------------
    def statement_mark(self) -> int:
        """The sequence number of the newest statement to enter the record."""
        return self.db.execute("SELECT coalesce(max(seq), 0) FROM statement_additions").fetchone()[
            0
        ]

    def changes_since(
        self, story_id: str, mark: int, *, limit: int = 5, until: date | None = None
    ) -> News:
        """Approved statements of the story that entered the record after `mark`, newest
        first (none dated after `until`: a replay does not know them), and the actors whose
        current position differs from the one they had then."""
        upto = self.statement_mark()
        changes = News(mark=upto)
        if upto <= mark:
            return changes
        rows = self.db.execute(
            f"SELECT a.seq, {_STATEMENT_COLUMNS} FROM statement_additions a JOIN statements s ON "
            f"s.id = a.statement_id "
            "WHERE a.seq > ? AND a.seq <= ? AND s.story_id = ? AND s.status = 'approved' AND "
            "s.date <= ? "
            "ORDER BY s.date DESC, s.said_at DESC, a.seq DESC",
            [mark, upto, story_id, (until or date.max).isoformat()],
        ).fetchall()
        statements = [_statement(r[1:]) for r in rows]
        changes.statements_total = len(statements)
        changes.statements = statements[:limit]
        moved: list[tuple[str, str, str | None, Statement]] = []
        for actor_id in dict.fromkeys(s.actor_id for s in statements if s.stance):
            now_stance = self._position(actor_id, story_id, upto, until)
            before = self._position(actor_id, story_id, mark, until)
            if now_stance and now_stance[0] != (before[0] if before else None):
                moved.append(
                    (actor_id, now_stance[0], before[0] if before else None, now_stance[1])
                )
        moved.sort(key=lambda m: m[3].said_order(), reverse=True)
        changes.positions_total = len(moved)
        changes.positions = moved[:limit]
        return changes

    def _position(
        self, actor_id: str, story_id: str, mark: int, until: date | None = None
    ) -> tuple[str, Statement] | None:
        """The actor's stance as of statement sequence number `mark`, with its statement."""
        row = self.db.execute(
            f"SELECT h.stance, {_STATEMENT_COLUMNS} FROM stance_history h "
            "JOIN statement_additions a ON a.statement_id = h.statement_id "
            "JOIN statements s ON s.id = h.statement_id "
            "WHERE h.actor_id = ? AND +h.story_id = ? AND a.seq <= ? AND s.status = 'approved' "
            "AND h.date <= ? ORDER BY h.date DESC, s.said_at DESC, a.seq DESC LIMIT 1",
            [actor_id, story_id, mark, (until or date.max).isoformat()],
        ).fetchone()
        return (row[0], _statement(row[1:])) if row else None
