"""When a subscription's reminders fall: cadences, milestones, quiet hours, catching up.

Pure functions of a subscription's :class:`Plan` and instants: no Telegram, no SQL, no clock
of their own (the caller passes `now`). Storage keeps, per subscription, the *cursor* (the
nominal instant of the last occurrence already dealt with) and the next due instant that
these functions compute; the bot's tick asks :func:`plan_due` what to do when that instant
has come.

Occurrences happen on local calendar days, at the subscription's wall-clock time in the
chat's time zone, so they follow daylight saving time: 09:00 Europe/London is 09:00 UTC in
winter and 08:00 UTC in summer. A wall-clock time that does not exist on a spring-forward day
is taken one gap later (01:30 becomes 02:30); one that happens twice on a fall-back day is
taken the first time. Each day-occurrence is keyed by its local date ("2021-12-24"), the
last one by "final": keys, not instants, are what the delivery ledger deduplicates on, so
moving the reminder time during a day never yields a second reminder for that day.

Milestones (30, 14, 7, 3 and 1 days before) fall on the day whose reminder time still has
at least N whole days left, the same flooring /countdown uses: with the deadline at the end
of 31 December (Baghdad) and reminders at 09:00, "30 days" is 1 December 09:00 (30 days and
15 hours left). The deadline itself is the *final* occurrence, at the deadline instant: it
carries the outcome and ends the subscription.

Quiet hours move an occurrence to the end of the quiet period it falls in; nothing is ever
dropped for being quiet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MILESTONE_DAYS: tuple[int, ...] = (30, 14, 7, 3, 1)
CADENCES: tuple[str, ...] = ("daily", "weekly", "milestones")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FINAL_KEY = "final"
# Enumerating missed occurrences stops here: a year of daily reminders is plenty to decide
# that they collapse into one catch-up message.
MAX_MISSED = 400

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)$")


@dataclass(frozen=True)
class Plan:
    """Everything that decides when one subscription's reminders fall (hashable: cached)."""

    cadence: str  # "daily" | "weekly" | "milestones"
    at: time  # local wall-clock time of the reminder
    timezone: str  # IANA name
    deadline_due: datetime  # aware: the deadline instant
    weekday: int = 6  # for "weekly": 0 = Monday … 6 = Sunday
    milestones: bool = True  # add the milestone days to the cadence
    quiet: tuple[time, time] | None = None  # (start, end) local; may wrap midnight

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES:
            raise ValueError(f"unknown cadence {self.cadence!r}")
        if self.deadline_due.tzinfo is None:
            raise ValueError("deadline_due must be timezone-aware")


@dataclass(frozen=True)
class Occurrence:
    """One reminder of a plan. `nominal` is when the cadence puts it, `due` when it goes out
    (after quiet hours); both UTC."""

    key: str
    kind: str  # "daily" | "weekly" | "milestone" | "final"
    nominal: datetime
    due: datetime
    days_left: int | None = None  # for milestones


@dataclass(frozen=True)
class Delivery:
    """A message to record in the ledger and send: one occurrence, or a catch-up of many."""

    key: str
    kind: str  # "daily" | "weekly" | "milestone" | "final" | "catchup"
    due: datetime
    detail: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class DueDecision:
    """What to do with a subscription whose due time has come (see :func:`plan_due`)."""

    deliveries: tuple[Delivery, ...]
    cursor: datetime  # the new cursor (unchanged when nothing was dealt with)
    next_due: datetime | None  # None once the final occurrence is dealt with
    ended: bool = False


# ------------------------------------------------------------------------------ parsing


def parse_hhmm(value: str) -> time | None:
    """'9:30', '09:30', '0930', '21h00' → time; None if it is not a wall-clock time."""
    match = _HHMM.match(value.strip().translate(_DIGITS))
    if not match:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def parse_quiet(value: str) -> tuple[time, time] | None:
    """'22:00-07:00' → (22:00, 07:00); None if malformed or empty (start == end)."""
    parts = re.split(r"\s*[-–—]\s*|\s+to\s+|\s+", value.strip())
    if len(parts) != 2:
        return None
    start, end = parse_hhmm(parts[0]), parse_hhmm(parts[1])
    if start is None or end is None or start == end:
        return None
    return start, end


def parse_weekday(value: str) -> int | None:
    """'mon', 'Monday', 'الاثنين' → 0 …; None if not a weekday."""
    word = value.strip().lower()
    for i, name in enumerate(WEEKDAYS):
        if word.startswith(name):
            return i
    return _AR_WEEKDAYS.get(word.removeprefix("ال").replace("إ", "ا").replace("أ", "ا"))


def hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_AR_WEEKDAYS = {
    "اثنين": 0,
    "ثلاثاء": 1,
    "اربعاء": 2,
    "خميس": 3,
    "جمعة": 4,
    "جمعه": 4,
    "سبت": 5,
    "احد": 6,
}


# ------------------------------------------------------------------------------ instants


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_instant(day: date, at: time, timezone: str) -> datetime:
    """The UTC instant of wall-clock `at` on local `day` (gap: shifted forward; fold: first)."""
    return datetime.combine(day, at, tzinfo=_zone(timezone)).astimezone(UTC)


def local_date(moment: datetime, timezone: str) -> date:
    return moment.astimezone(_zone(timezone)).date()


def quiet_end(moment: datetime, quiet: tuple[time, time] | None, timezone: str) -> datetime | None:
    """If `moment` falls in quiet hours, the instant they end; else None."""
    if quiet is None:
        return None
    start, end = quiet
    local = moment.astimezone(_zone(timezone))
    t = local.time().replace(tzinfo=None)
    today = local.date()
    if start < end:
        inside = start <= t < end
        end_day = today
    else:  # wraps midnight, e.g. 22:00-07:00
        inside = t >= start or t < end
        end_day = today + timedelta(days=1) if t >= start else today
    if not inside:
        return None
    return local_instant(end_day, end, timezone)


def after_quiet(moment: datetime, quiet: tuple[time, time] | None, timezone: str) -> datetime:
    """`moment`, or the end of the quiet hours it falls in."""
    return quiet_end(moment, quiet, timezone) or moment


# ------------------------------------------------------------------------------ occurrences


def milestone_days(plan: Plan) -> dict[date, int]:
    """Local date → N for each milestone that falls before the deadline."""
    found: dict[date, int] = {}
    for n in MILESTONE_DAYS:
        target = plan.deadline_due - timedelta(days=n)
        day = local_date(target, plan.timezone)
        if local_instant(day, plan.at, plan.timezone) > target:
            day -= timedelta(days=1)
        found.setdefault(day, n)
    return found


def _milestone_table(plan: Plan) -> dict[date, int]:
    return _milestones_cached(plan.deadline_due, plan.at, plan.timezone)


@lru_cache(maxsize=4096)
def _milestones_cached(due: datetime, at: time, timezone: str) -> dict[date, int]:
    return milestone_days(Plan("milestones", at, timezone, due))


def occurrences(plan: Plan, after: datetime) -> Iterator[Occurrence]:
    """Every occurrence whose nominal instant is later than `after`, in order, ending with
    the final one. The final one always comes (even if the deadline moved earlier than
    `after`): a subscription ends only once its final message is dealt with."""
    milestones = _milestone_table(plan)
    tz = plan.timezone
    day = local_date(after, tz)
    last_day = local_date(plan.deadline_due, tz)
    wanted_milestones = (
        sorted(d for d in milestones if d >= day)
        if (plan.milestones or plan.cadence == "milestones")
        else []
    )
    while day <= last_day:
        if plan.cadence == "daily":
            candidate = day
        elif plan.cadence == "weekly":
            candidate = day + timedelta(days=(plan.weekday - day.weekday()) % 7)
        else:
            candidate = None
        # The next milestone day at or after `day` competes with the cadence's next day.
        while wanted_milestones and wanted_milestones[0] < day:
            wanted_milestones.pop(0)
        if wanted_milestones and (candidate is None or wanted_milestones[0] <= candidate):
            candidate = wanted_milestones[0]
        if candidate is None or candidate > last_day:
            break
        nominal = local_instant(candidate, plan.at, tz)
        if nominal >= plan.deadline_due:
            break
        if nominal > after:
            n = (
                milestones.get(candidate)
                if (plan.milestones or plan.cadence == "milestones")
                else None
            )
            yield Occurrence(
                key=candidate.isoformat(),
                kind="milestone" if n is not None else plan.cadence,
                nominal=nominal,
                due=after_quiet(nominal, plan.quiet, tz),
                days_left=n,
            )
        day = candidate + timedelta(days=1)
    final_nominal = plan.deadline_due.astimezone(UTC)
    yield Occurrence(
        key=FINAL_KEY,
        kind="final",
        nominal=final_nominal,
        due=after_quiet(final_nominal, plan.quiet, tz),
    )


def occurrences_between(plan: Plan, start: datetime, stop: datetime) -> list[Occurrence]:
    """Occurrences later than `start`, up to and including the first one later than `stop`:
    enough to find, for any cursor in [start, stop], the occurrence after it by bisection
    (start-up recomputes many subscriptions of one plan this way)."""
    found: list[Occurrence] = []
    for occurrence in occurrences(plan, start):
        found.append(occurrence)
        if occurrence.nominal > stop:
            break
    return found


@lru_cache(maxsize=65536)
def next_occurrence(plan: Plan, after: datetime) -> Occurrence:
    """The first occurrence later than `after` (cached: many subscriptions share a plan and,
    once reminded together, a cursor)."""
    return next(occurrences(plan, after))


# ------------------------------------------------------------------------------ deciding


def plan_due(plan: Plan, cursor: datetime, now: datetime, grace: timedelta) -> DueDecision:
    """Decide what a subscription sends when its due time has come.

    Occurrences later than `cursor` and due by `now` are dealt with, in order:

    * nothing goes out while the chat's quiet hours last: the decision is to look again
      when they end (the occurrences stay pending and are judged then);
    * if the final occurrence is among them, it alone goes out — the last message subsumes
      whatever else was missed — and the subscription ends;
    * occurrences due within `grace` of `now` go out one each;
    * older ones (missed while the bot was down) collapse into one catch-up message.

    The cursor moves to the last occurrence dealt with, and the next due time is that of the
    occurrence after it.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    due: list[Occurrence] = []
    upcoming: Occurrence | None = None
    for occurrence in occurrences(plan, cursor):
        if occurrence.due > now or len(due) >= MAX_MISSED:
            upcoming = occurrence
            break
        due.append(occurrence)
    if not due:
        return DueDecision((), cursor, upcoming.due if upcoming else None)
    quiet_until = quiet_end(now, plan.quiet, plan.timezone)
    if quiet_until is not None:
        return DueDecision((), cursor, quiet_until)
    last = due[-1]
    if last.kind == "final":
        missed = len(due) - 1
        detail = {"missed": missed} if missed else {}
        return DueDecision(
            (Delivery(last.key, "final", last.due, detail),), last.nominal, None, ended=True
        )
    old = [o for o in due if now - o.due > grace]
    recent = [o for o in due if now - o.due <= grace]
    deliveries: list[Delivery] = []
    if old:
        deliveries.append(
            Delivery(
                key=f"catchup:{old[-1].key}",
                kind="catchup",
                due=old[-1].due,
                detail={
                    "missed": len(old),
                    "first": old[0].key,
                    "last": old[-1].key,
                    "milestones": [o.days_left for o in old if o.days_left is not None],
                },
            )
        )
    deliveries.extend(
        Delivery(
            o.key, o.kind, o.due, {"days_left": o.days_left} if o.days_left is not None else {}
        )
        for o in recent
    )
    if upcoming is None:  # MAX_MISSED reached: continue from the last one dealt with
        upcoming = next_occurrence(plan, last.nominal)
    return DueDecision(tuple(deliveries), last.nominal, upcoming.due)


def first_due(plan: Plan, now: datetime) -> Occurrence:
    """The first occurrence of a subscription made at `now`."""
    return next_occurrence(plan, now.astimezone(UTC))
