"""Subscriptions at scale: load and schedule N subscriptions at start-up, and the cost of a
tick that finds nothing due.

    python bench/schedule_load.py --subscriptions 100000 [--moved]

Fills a fresh SQLite file with N subscriptions spread over a dozen time zones (Baghdad,
London with DST, Kolkata, New York, …), the three cadences, five reminder times, milestones
on and off, quiet hours for some chats, created at 1,000 different moments. Filling is not
timed. Then a NEW process (so its memory is what a restarted bot's is) does what the bot
does at start-up: opens the database (migrations checked, bundled pack checked), builds the
real Application, and runs the reminder service's start-up — ledger recovery and the
recomputation of every active subscription's next due time from its plan and cursor — and
the first tick. It reports the wall time of that and the resident memory (RSS) after it.
With --moved (on a copy of the file) the deadline is moved to an hour after the clock, before
any reminder time, so every subscription's next reminder becomes the final one: the worst
case, all N rows recomputed and rewritten.

The tick cost is timed in the same process: the due query (active, next_due index) at an
instant when nothing is due, repeated. The last line is
`subscriptions=… load_schedule_s=… rss_mb=… tick_us=… tick_us_per_1k=… rescheduled=…`.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BAGHDAD = timezone(timedelta(hours=3))
ZONES = (
    "Asia/Baghdad",
    "Asia/Baghdad",
    "Asia/Baghdad",
    "Europe/London",
    "Asia/Kolkata",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Dubai",
    "Asia/Tehran",
    "Asia/Riyadh",
    "Africa/Cairo",
    "Australia/Sydney",
)
TIMES = ("07:00", "09:00", "12:00", "18:00", "21:00")
SUBSCRIBED = datetime(2021, 11, 19, 12, 0, tzinfo=BAGHDAD)
# Every subscription was made at or after this moment, so nothing is due at it: the clock of
# the measuring process, for start-up and for the idle tick.
NOTHING_DUE = SUBSCRIBED


def rss_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB."""
    current = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
    return current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill(db_path: Path, n: int, seed: int = 11) -> float:
    from storage import Record
    from storage.subscriptions import NewSubscription, SubscriptionStore
    from story.schedule import parse_hhmm

    rng = random.Random(seed)
    record = Record.open(db_path)
    store = SubscriptionStore(record.db)
    started = time.perf_counter()
    chat_ids = [(-1_000_000_000_000 - i) if i % 10 == 0 else 1_000_000 + i for i in range(n)]
    chats = []
    for chat_id in chat_ids:
        row = {"id": chat_id, "timezone": rng.choice(ZONES), "created_at": SUBSCRIBED.isoformat()}
        if rng.random() < 0.2:
            row.update(quiet_start="22:00", quiet_end="07:00")
        chats.append(row)
    record.db["chats"].insert_all(
        chats, pk="id", batch_size=5000
    )  # the bench's fixture, not the bot's path
    batch = max(1, n // 1000)
    for start in range(0, n, batch):
        moment = SUBSCRIBED + timedelta(minutes=3 * (start // batch))
        store.subscribe_many(
            (
                NewSubscription(
                    chat_id=chat_id,
                    deadline_id="us-combat-withdrawal",
                    cadence=rng.choice(("daily", "daily", "weekly", "milestones")),
                    at=parse_hhmm(rng.choice(TIMES)),
                    weekday=rng.randrange(7),  # used by weekly ones only
                    milestones=rng.random() < 0.8,
                    lang=rng.choice(("ar", "en")),
                )
                for chat_id in chat_ids[start : start + batch]
            ),
            moment,
        )
    record.db.close()
    return time.perf_counter() - started


def measure(db_path: Path, moved: bool, ticks: int) -> dict:
    """In a fresh process: start-up as the bot does it, then the idle tick."""
    base_rss = rss_mb()[0]
    if moved:
        from storage import Record

        record = Record.open(db_path)
        deadline = record.db["deadlines"].get("us-combat-withdrawal")
        assert deadline["due"] == "2021-12-31T21:00:00+00:00", (
            "measure --moved on a copy of the filled file"
        )
        due = NOTHING_DUE + timedelta(
            hours=1
        )  # before every reminder time: all go to the final one
        record.db["deadlines"].update(
            "us-combat-withdrawal", {"due": due.astimezone(UTC).isoformat()}
        )
        record.db.close()
    started = time.perf_counter()
    from bot.app import build_application
    sys.path.insert(0, str(ROOT / "tests"))
    from botapi import FakeBotAPI, InProcessRequest  # the tests' stand-in Bot API

    from bot.config import Config, ReminderConfig
    from storage import Record

    imported = time.perf_counter()
    record = Record.open(db_path)
    api = FakeBotAPI(token="1:bench")
    app = build_application(
        Config(token="1:bench", reminders=ReminderConfig()),
        record,
        lambda: NOTHING_DUE,
        request=InProcessRequest(api),
        updates_request=InProcessRequest(api),
    )
    service = app.bot_data["reminders"]
    report = service.startup()
    store = service.store
    claimed = store.claim_due(NOTHING_DUE, service.grace)
    elapsed = time.perf_counter() - started
    current, peak = rss_mb()
    # The idle tick: the indexed due probe plus the (empty) claim query, as tick() runs them.
    for _ in range(50):
        store.has_due(NOTHING_DUE)
    t0 = time.perf_counter()
    for _ in range(ticks):
        store.claim_due(NOTHING_DUE, service.grace)
        store.has_pending()
    tick_us = (time.perf_counter() - t0) / ticks * 1e6
    active = report["active"]
    return {
        "subscriptions": active,
        "load_schedule_s": round(elapsed, 3),
        "imports_s": round(imported - started, 3),
        "startup_s": report["seconds"],
        "rescheduled": report["rescheduled"],
        "claimed": claimed.deliveries,
        "rss_mb": round(current, 1),
        "peak_rss_mb": round(peak, 1),
        "python_baseline_rss_mb": round(base_rss, 1),
        "tick_us": round(tick_us, 1),
        "tick_us_per_1k": round(tick_us / (active / 1000), 3) if active else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument(
        "--moved",
        action="store_true",
        help="move the deadline first: every subscription rescheduled",
    )
    parser.add_argument("--ticks", type=int, default=2000)
    parser.add_argument("--db", help="reuse this filled SQLite file")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: the fresh process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure), args.moved, args.ticks)))
        return 0
    db_path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="raqib-load-")) / "load.db"
    if not args.db or not db_path.exists():
        took = fill(db_path, args.subscriptions)
        print(f"filled {args.subscriptions} subscriptions in {took:.1f}s ({db_path})", flush=True)
    target = db_path
    if args.moved:  # a copy: the filled file keeps its deadline for the next run
        target = db_path.with_name(db_path.stem + "-moved.db")
        with sqlite3.connect(db_path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
    command = [sys.executable, __file__, "--measure", str(target), "--ticks", str(args.ticks)]
    if args.moved:
        command.append("--moved")
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        if args.moved:
            for suffix in ("", "-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
    result = json.loads(out.strip().splitlines()[-1])
    print(json.dumps(result))
    print(
        f"subscriptions={result['subscriptions']} load_schedule_s={result['load_schedule_s']} "
        f"rss_mb={result['rss_mb']} tick_us={result['tick_us']} "
        f"tick_us_per_1k={result['tick_us_per_1k']} "
        f"rescheduled={result['rescheduled']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
