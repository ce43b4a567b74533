"""Reminders: one JobQueue tick, a paced fan-out, the delivery ledger, Telegram's refusals.

How it runs
-----------
The database is the source of truth (storage.subscriptions). Nothing about the schedule is
held in APScheduler: ONE repeating JobQueue job, the tick, runs every `tick_seconds`. Its
first run recovers the ledger and recomputes every active subscription's next due time from
the database (deadlines may have moved, settings changed, the bot may have been down). Each
run then claims what is due — an indexed range query on (active, next_due), so a tick that
finds nothing costs microseconds whatever the number of subscriptions — and, if the ledger
holds pending rows, starts the dispatcher. The dispatcher is one task (Application.
create_task, so Application.stop waits for it) that sends pending rows in claim order with
at most `concurrency` requests in flight, at most one reminder a second to a private chat
(`private_chat_interval`) and one per `group_chat_interval` to a group.

Telegram's pace
---------------
Every request goes through PTB's AIORateLimiter (30 messages/s overall, 20 a minute per
group; a RetryAfter pauses all requests and resends, `max_retries` times). Reminder sends
also pass an even pacer (`messages_per_second`, 29 by default) placed *inside* the limiter,
at the last moment before the request leaves: after a RetryAfter pause the waiting requests
leave one by one instead of in a burst, so a pause does not cause the next 429. When the
limiter gives up, the row goes back to pending and the dispatcher holds everything for the
retry_after Telegram asked for. Forbidden (blocked, kicked) deactivates the chat's
subscriptions (kept for the record); ChatMigrated moves them to the supergroup and the
reminder is resent there; "chat not found" deactivates as gone. The outcome question to an
admin who never started the bot (403 "can't initiate conversation") is skipped, nothing else.

The delivery guarantee
----------------------
The ledger has one row per (subscription, occurrence); INSERT OR IGNORE on that key means an
occurrence is claimed at most once, ever. The writes happen in this order:

1. claim — ledger row `pending` + the subscription's cursor/next_due moved on, in ONE
   transaction. A crash before it commits: the next tick claims the same occurrence again.
2. `pending` → `sending`, committed (compare-and-set) immediately before the HTTP request
   is handed to the transport — after every wait (pacer, rate limiter, RetryAfter pause).
   A crash between 1 and 2 — the ledger written, nothing sent: at start-up the row is still
   `pending` and is sent once.
3. the request; if Telegram refuses it (429, 403, 400, migration, a 5xx answer, or a
   connection that never opened) nothing was delivered and the row returns to `pending` (or
   ends as failed/cancelled).
4. `sending` → `sent` with Telegram's message id, as soon as Telegram answers.

So a reminder is never sent twice, and never lost to a restart, downtime or a crash —
except in one window: the process dies (or the connection drops without an answer) while
the request is in flight, between 2 and 4. Whether Telegram delivered it cannot be known;
such rows are marked `uncertain` and NOT resent: at most once. A crashed request has almost
always reached Telegram already, and resending would double it on every crash of a crash
loop. Downtime is covered by the schedule, not the ledger: occurrences missed by no more
than `grace_minutes` are sent once each; older ones collapse into a single catch-up.

Failpoints (tests only): RAQIB_FAILPOINT=after-claim kills the process (os._exit) right after
a claim commits; RAQIB_FAILPOINT=after-send right after Telegram accepted a reminder and
before the ledger records it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time as _time
import warnings
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from telegram import InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot import outcome_ask
from bot.config import Config, ReminderConfig
from storage import Record
from storage.review_store import IngestStore
from storage.story_store import OUTCOME_ASK, StoryStore
from storage.subscriptions import (
    ACTIVE,
    ALERT_SUBSCRIPTION,
    CANCELLED,
    ENDED,
    FAILED,
    UNCERTAIN,
    DeliveryRow,
    SubscriptionStore,
)
from story.countdown import countdown
from story.models import Deadline
from story.positions import PositionChange, render_alert, source_pairs
from story.reminder_text import Reminder, render_reminder
from story.render import TELEGRAM_LIMIT, format_when, render_deadline_news
from story.story_texts import say

log = logging.getLogger("raqib.reminders")

FAILPOINT_ENV = "RAQIB_FAILPOINT"
TICK_JOB = "reminders-tick"
CLAIM_BATCH = 1000
MAX_NETWORK_ATTEMPTS = 6  # a reminder that cannot reach Telegram this often is given up


# ------------------------------------------------------------------------------ pacing


class Pacer:
    """Spaces requests evenly at `rate` per second: no bursts, whatever the callers do.

    Callers take slots on an even grid (so small wake-up delays do not slow the average),
    and then pass one by one through a lock that keeps two actual releases at least half of
    1/rate apart and the releases after a stall on a fresh grid: a stall of the event loop (a
    slow disk write) cannot make the requests that waited behind it leave together, which a
    strict per-second limit would answer with 429s.
    """

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0
        self._last = -1e9
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        now = _time.monotonic()
        slot = max(self._next, now)
        self._next = slot + self.interval  # reserved before awaiting: no two share a slot
        if slot > now:
            await asyncio.sleep(slot - now)
        async with self._lock:
            target = self._last + self.interval
            if target - _time.monotonic() > self.interval / 4:  # a real squeeze, not timer jitter
                await asyncio.sleep(target - _time.monotonic())
            # Remember the nominal release, so timer lateness does not slow the pace; after a
            # stall, the grid starts again from now instead of catching up in a burst.
            self._last = max(target, _time.monotonic() - self.interval / 4)


class _Withdrawn(Exception):
    """The ledger row was no longer pending when its turn came (cancelled, or taken)."""


@dataclass
class _InFlight:
    """One reminder's request, as the rate limiter sees it right at the wire."""

    service: ReminderService
    key: tuple[int, str]
    refused: bool = False
    error: str = ""

    def before_send(self) -> None:
        if not self.service.store.mark_sending(self.key, self.service.clock()):
            raise _Withdrawn(self.key)
        self.refused = False

    def answered(self) -> None:
        failpoint("after-send")

    def not_delivered(self, exc: BaseException) -> None:
        self.refused = True
        self.error = repr(exc)
        self.service.store.mark_not_sent(self.key, self.error)


_FLIGHT: ContextVar[_InFlight | None] = ContextVar("raqib_reminder_flight", default=None)


def _never_delivered(exc: BaseException) -> bool:
    """True if Telegram certainly did not deliver the message: it answered with an error,
    or the connection never opened. A timeout or a dropped connection is not certain."""
    if isinstance(exc, RetryAfter | ChatMigrated | Forbidden | BadRequest):
        return True
    if isinstance(exc, NetworkError):
        cause = exc.__cause__
        if cause is None or isinstance(cause, TelegramError):
            return True  # an HTTP answer (5xx, 502 …): the request was refused
        return isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    return isinstance(exc, TelegramError)


_Answer = bool | dict[str, Any] | list[dict[str, Any]]  # what a Bot API request returns


class ReminderRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter; for reminder sends it also paces evenly and writes the ledger's
    `sending` mark at the last moment before the request leaves (see the module docstring)."""

    def __init__(self, *, paced_rate: float = 29.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pacer = Pacer(paced_rate)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Answer:
        flight = _FLIGHT.get()
        if flight is None or endpoint != "sendMessage":
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

        async def wire(*a: Any, **kw: Any) -> _Answer:
            await self.pacer.wait()
            flight.before_send()
            try:
                result = await callback(*a, **kw)
            except Exception as exc:
                if _never_delivered(exc):
                    flight.not_delivered(exc)
                raise
            flight.answered()
            return result

        return await super().process_request(wire, args, kwargs, endpoint, data, rate_limit_args)


def failpoint(name: str) -> None:
    """Die here, abruptly, if RAQIB_FAILPOINT names this point (crash tests only)."""
    if os.environ.get(FAILPOINT_ENV) == name:
        sys.stderr.write(f"raqib: failpoint {name}: exiting\n")
        sys.stderr.flush()
        os._exit(70)


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 deprecates the int form; either is fine here
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# ------------------------------------------------------------------------------ the service


@dataclass
class TickReport:
    claimed: int = 0
    dispatcher_started: bool = False


@dataclass
class Stats:
    sent: int = 0
    retry_after: int = 0
    blocked: int = 0
    migrated: int = 0
    uncertain: int = 0
    failed: int = 0
    started: dict = field(default_factory=dict)


class ReminderService:
    """The tick, the start-up recovery and the dispatcher of one Application."""

    def __init__(
        self, app: Application, record: Record, clock: Callable[[], datetime], config: Config
    ) -> None:
        self.app = app
        self.record = record
        self.clock = clock
        self.config = config
        self.settings: ReminderConfig = config.reminders
        self.store = SubscriptionStore(record.db, config.timezone)
        self.grace = timedelta(minutes=self.settings.grace_minutes)
        self.started_at: datetime | None = None
        self.stats = Stats()
        self._fingerprint: tuple | None = None
        self._deadlines: dict[str, Deadline] = {}
        self._dispatcher: asyncio.Task | None = None
        self._busy: set[tuple[int, str]] = set()
        self._not_before: dict[tuple[int, str], float] = {}
        self._last_to_chat: dict[int, float] = {}
        self._hold_until = 0.0
        self.stories = StoryStore(record)
        self._asked: set[tuple[str, datetime]] = set()

    # -- start-up ---------------------------------------------------------------------------
    def startup(self) -> dict:
        """Recover the ledger and recompute the schedule from the database."""
        now = self.clock()
        started = _time.perf_counter()
        uncertain, pending = self.store.recover(now)
        changed = self.store.recompute_all()
        self._refresh_deadlines()
        self.started_at = now
        report = {
            "uncertain": uncertain,
            "pending": pending,
            "rescheduled": changed,
            "active": self.store.count_active(),
            "seconds": round(_time.perf_counter() - started, 3),
        }
        self.stats.started = report
        log.info(
            "reminders: %(active)d active subscriptions, %(rescheduled)d rescheduled, %(pending)d "
            "pending "
            "and %(uncertain)d uncertain deliveries recovered in %(seconds)ss",
            report,
        )
        if uncertain:
            log.warning(
                "reminders: %d deliveries were in flight when the process stopped; not resent",
                uncertain,
            )
        return report

    def _refresh_deadlines(self) -> bool:
        """Re-read deadlines if something changed them (a pack reload, /setstatus); True if a
        deadline was added or moved, which calls for recomputing the schedule."""
        fingerprint = self.store.deadlines_fingerprint()
        if fingerprint == self._fingerprint:
            return False
        moved = self._fingerprint is not None and {(i, d) for i, d, _ in fingerprint} != {
            (i, d) for i, d, _ in self._fingerprint
        }
        self._fingerprint = fingerprint
        self._deadlines = {d.id: d for d in self.record.deadlines()}
        return moved

    # -- the tick ---------------------------------------------------------------------------
    async def tick(self, context: ContextTypes.DEFAULT_TYPE | None = None) -> TickReport:
        """The JobQueue callback: claim what is due, make sure the dispatcher runs."""
        if self.started_at is None:
            self.startup()
        elif self._refresh_deadlines():
            changed = self.store.recompute_all()
            log.info("reminders: a deadline moved; %d subscriptions rescheduled", changed)
        now = self.clock()
        report = TickReport()
        self.ask_for_outcomes(now)
        while True:
            claim = self.store.claim_due(now, self.grace, limit=CLAIM_BATCH)
            report.claimed += claim.deliveries
            if claim.subscriptions < CLAIM_BATCH:
                break
            await asyncio.sleep(0)  # let updates in between batches
        if report.claimed:
            log.info("reminders: claimed %d deliveries", report.claimed)
            failpoint("after-claim")
        running = self._dispatcher is not None and not self._dispatcher.done()
        self.kick()
        report.dispatcher_started = (
            not running and self._dispatcher is not None and not self._dispatcher.done()
        )
        return report

    async def deliver_now(self, timeout: float = 10.0) -> None:
        """Send what the ledger holds and wait until it is done, whether or not the
        Application runs its JobQueue (tests and the terminal chat, which process one update
        at a time)."""
        if self.app.running:
            self.kick()
            await self.drained(timeout)
        elif self.store.has_pending():
            await asyncio.wait_for(self._dispatch(until_empty=True), timeout)

    async def drained(self, timeout: float = 10.0) -> None:
        """Wait until the dispatcher has nothing left (tests and benchmarks)."""
        deadline = _time.monotonic() + timeout
        while self._dispatcher is not None and not self._dispatcher.done():
            if _time.monotonic() > deadline:
                raise TimeoutError("reminders still being sent")
            await asyncio.sleep(0.02)

    # -- the dispatcher ------------------------------------------------------------------------
    def _chat_wait(self, chat_id: int, now: float) -> float:
        interval = (
            self.settings.private_chat_interval
            if chat_id > 0
            else self.settings.group_chat_interval
        )
        return self._last_to_chat.get(chat_id, -1e9) + interval - now

    async def _dispatch(self, *, until_empty: bool = False) -> None:
        slots = asyncio.Semaphore(self.settings.concurrency)
        tasks: set[asyncio.Task] = set()
        after = 0
        progressed = False
        try:
            while self.app.running or until_empty:
                now = _time.monotonic()
                if self._hold_until > now:
                    await asyncio.sleep(min(0.25, self._hold_until - now))
                    continue
                rows = self.store.pending(after)
                if not rows:
                    if after == 0:
                        break  # nothing pending at all
                    after = 0
                    if not progressed:
                        await asyncio.sleep(
                            0.05
                        )  # what is left waits for a chat's pace or a backoff
                    progressed = False
                    continue
                for row in rows:
                    after = row.rowid
                    now = _time.monotonic()
                    if row.key in self._busy or self._not_before.get(row.key, 0.0) > now:
                        continue
                    if self._chat_wait(row.chat_id, now) > 0 or self._hold_until > now:
                        continue
                    await slots.acquire()
                    if not (self.app.running or until_empty):
                        slots.release()
                        break
                    self._busy.add(row.key)
                    self._last_to_chat[row.chat_id] = _time.monotonic()
                    task = asyncio.create_task(self._run(row, slots))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                    progressed = True
                if len(self._last_to_chat) > 20_000:
                    horizon = _time.monotonic() - 10.0
                    self._last_to_chat = {
                        c: t for c, t in self._last_to_chat.items() if t > horizon
                    }
        finally:
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, row: DeliveryRow, slots: asyncio.Semaphore) -> None:
        try:
            await self._deliver(row)
        except Exception:
            log.exception("reminders: delivering %s failed", row.key)
        finally:
            self._busy.discard(row.key)
            slots.release()

    async def _deliver(self, row: DeliveryRow) -> None:
        key = row.key
        sub = (
            None
            if row.subscription_id == ALERT_SUBSCRIPTION
            else self.store.subscription(row.subscription_id)
        )
        if row.subscription_id != ALERT_SUBSCRIPTION and (
            sub is None or sub.state not in (ACTIVE, ENDED)
        ):
            self.store.mark_done(key, CANCELLED, f"subscription {sub.state if sub else 'missing'}")
            return
        try:
            text, mark = self.compose(row, sub) if sub is not None else (self.compose_alert(row), 0)
        except Exception as exc:  # a bug or a vanished deadline: give this one up, loudly
            log.exception("reminders: cannot compose %s", key)
            self.store.mark_done(key, FAILED, f"compose: {exc!r}")
            return
        flight = _InFlight(self, key)
        token = _FLIGHT.set(flight)
        try:
            message = await self.app.bot.send_message(
                row.chat_id, text, reply_markup=self._markup(row)
            )
        except _Withdrawn:
            return
        except RetryAfter as exc:  # the rate limiter's own retries ran out
            wait = _seconds(exc)
            self.stats.retry_after += 1
            self._hold_until = max(self._hold_until, _time.monotonic() + wait)
            log.warning("reminders: Telegram asks to wait %.0fs; holding the fan-out", wait)
        except ChatMigrated as exc:
            self.stats.migrated += 1
            moved = self.store.migrate_chat(row.chat_id, exc.new_chat_id, self.clock())
            log.info(
                "reminders: chat %s is now supergroup %s (%d subscriptions moved)",
                row.chat_id,
                exc.new_chat_id,
                moved,
            )
        except Forbidden as exc:
            self.store.mark_done(key, FAILED, f"Forbidden: {exc.message}")
            if row.kind == OUTCOME_ASK:  # an admin who never started the bot: skipped, and
                log.info("reminders: admin %s not asked (%s)", row.chat_id, exc.message)
                return  # their chat and subscriptions are left as they are (not "blocked")
            self.stats.blocked += 1
            state = "blocked" if row.chat_id > 0 else "removed"
            self.store.deactivate_chat(row.chat_id, state, self.clock())
            log.info(
                "reminders: chat %s refused (%s); its subscriptions are now %s",
                row.chat_id,
                exc.message,
                state,
            )
        except BadRequest as exc:
            self.stats.failed += 1
            self.store.mark_done(key, FAILED, f"BadRequest: {exc.message}")
            if "chat not found" in exc.message.lower():
                if row.kind != OUTCOME_ASK:  # an admin's unknown chat is not a chat gone
                    self.store.deactivate_chat(row.chat_id, "gone", self.clock())
            else:
                log.error("reminders: Telegram refused %s: %s", key, exc.message)
        except NetworkError as exc:
            if flight.refused and row.attempts + 1 < MAX_NETWORK_ATTEMPTS:
                backoff = min(300.0, 2.0 * 3 ** row.attempts)
                self._not_before[key] = _time.monotonic() + backoff
                log.warning("reminders: %s not sent (%s); retrying in %.0fs", key, exc, backoff)
            elif flight.refused:
                self.stats.failed += 1
                self.store.mark_done(key, FAILED, repr(exc))
            else:
                self.stats.uncertain += 1
                self.store.mark_done(key, UNCERTAIN, f"no answer from Telegram: {exc!r}")
                log.warning("reminders: %s may or may not have arrived (%s); not resent", key, exc)
        except (
            TelegramError
        ) as exc:  # 401, 404, 409 …: nothing was delivered; wait, keep it pending
            self.stats.failed += 1
            self._hold_until = max(self._hold_until, _time.monotonic() + 60.0)
            log.error(
                "reminders: Telegram refused %s (%s); holding the fan-out for a minute", key, exc
            )
        else:
            self.store.mark_sent(key, self.clock(), message.message_id, mark)
            self._not_before.pop(key, None)
            self.stats.sent += 1
        finally:
            _FLIGHT.reset(token)

    def kick(self) -> None:
        """Start the dispatcher now if the ledger has work (alerts just queued); the tick
        would find it anyway within `tick_seconds`."""
        if (
            (self._dispatcher is None or self._dispatcher.done())
            and self.app.running
            and self.store.has_pending()
        ):
            self._dispatcher = self.app.create_task(self._dispatch(), name="reminders-dispatch")

    # -- what an alert says ----------------------------------------------------------------------
    def compose_alert(self, row: DeliveryRow) -> str:
        """A follower's position-change alert or a deadline's move or outcome, written at send
        time in the chat's language."""
        detail = row.detail
        if row.kind == OUTCOME_ASK:
            return self._outcome_question(row)
        if row.kind == "deadline":
            lang = self.store.chat_language(row.chat_id, self.config.language)
            deadline = next(
                (d for d in self.record.deadlines() if d.id == detail["deadline_id"]), None
            )
            if deadline is None:
                raise LookupError(f"alert {row.occurrence!r}: its deadline is gone")
            now = self.clock()
            return render_deadline_news(
                countdown(deadline.as_of(now.date()), now),
                self.store.chat_timezone(row.chat_id),
                lang,
            )
        store = IngestStore(self.record)
        item = store.review_item(detail["statement_id"])
        actor = self.record.actors().get(detail["actor_id"])
        if item is None or actor is None:
            raise LookupError(f"alert {row.occurrence!r}: its statement or actor is gone")
        change = PositionChange(
            detail["actor_id"], detail["before"], detail["after"], item.statement
        )
        lang = self.store.chat_language(row.chat_id, self.config.language)
        pairs = source_pairs(
            item.statement, self.record.sources(), store.reports(item.statement.id), lang
        )
        return render_alert(change, actor, self.record.stances(), pairs, lang)

    def _outcome_question(self, row: DeliveryRow) -> str:
        lang = self.store.chat_language(row.chat_id, self.config.language)
        deadline = next(
            (d for d in self.record.deadlines() if d.id == row.detail["deadline_id"]), None
        )
        if deadline is None:
            raise LookupError(f"alert {row.occurrence!r}: its deadline is gone")
        title = deadline.title_ar if lang == "ar" else deadline.title_en
        when = format_when(deadline.due, self.store.chat_timezone(row.chat_id), lang)
        return say("ask_outcome", lang, title=title, due=when)

    def _markup(self, row: DeliveryRow) -> InlineKeyboardMarkup | None:
        if row.kind != OUTCOME_ASK:
            return None
        return outcome_ask.keyboard(
            row.detail["deadline_id"], self.store.chat_language(row.chat_id, self.config.language)
        )

    def ask_for_outcomes(self, now: datetime) -> int:
        """Queue the outcome question for deadlines passed with none recorded (once each:
        the ledger's key; the set spares the database the question every tick)."""
        pending = {(d.id, d.due) for d in self.stories.unrecorded(now)} - self._asked
        if not pending or not self.config.admins:
            return 0
        queued = self.stories.ask_for_outcomes(self.config.admins, now)
        self._asked |= pending
        return queued

    # -- what a reminder says -------------------------------------------------------------------
    def compose(self, row: DeliveryRow, sub) -> tuple[str, int]:
        """The reminder's text, rendered now from the record, and how far into the record it
        reports (the subscription's next reminder tells what came after)."""
        self._refresh_deadlines()
        deadline = self._deadlines.get(sub.deadline_id)
        if deadline is None:
            raise LookupError(f"deadline {sub.deadline_id!r} is no longer in the record")
        now = self.clock()
        timezone = self.store.chat_timezone(row.chat_id)
        lang = self.store.chat_language(row.chat_id, self.config.language)
        deadline = deadline.as_of(now.date())
        news = self.store.changes_since(deadline.story_id, sub.seen_mark, until=now.date())
        late = None
        if (
            self.started_at is not None
            and row.claimed_at is not None
            and row.claimed_at < self.started_at
            and self.started_at - row.due > self.grace
        ):
            late = row.due
        positions: list[tuple[str, str]] = []
        if row.kind == "final":
            actors = self.record.actors()
            rows = self.record.current_positions(deadline.story_id, until=now.date())
            rows.sort(key=lambda r: actors[r[0]].name(lang) if r[0] in actors else r[0])
            positions = [(actor_id, stance) for actor_id, stance, _ in rows]
        reminder = Reminder(
            kind=row.kind,
            countdown=countdown(deadline, now),
            timezone=timezone,
            news=news,
            actors=self.record.actors(),
            stances=self.record.stances(),
            detail=row.detail,
            first=sub.last_sent_at is None,
            late_since=late,
            positions_now=positions,
        )
        text = render_reminder(reminder, lang)
        if len(text) > TELEGRAM_LIMIT:
            text = text[: TELEGRAM_LIMIT - 1] + "…"
        return text, news.mark


def install(
    app: Application, record: Record, clock: Callable[[], datetime], config: Config
) -> ReminderService:
    """Create the reminder service and schedule its one repeating tick on the JobQueue."""
    service = ReminderService(app, record, clock, config)
    app.bot_data["reminders"] = service
    app.bot_data["subscriptions"] = service.store
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            service.tick,
            interval=config.reminders.tick_seconds,
            first=0.0,
            name=TICK_JOB,
            job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
    return service
