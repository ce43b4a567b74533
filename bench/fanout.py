"""Reminder fan-out at scale: N subscribed chats, one milestone due, sent through the real
Application (PTB's HTTP transport, the AIORateLimiter, the JobQueue tick, the dispatcher) to
the stand-in Bot API server on 127.0.0.1, which answers 429 past 30 messages a second.

    python bench/fanout.py --subscribers 10000 [--server-limit 30] [--rate 29]

The N chats subscribe (milestones only, 09:00 Baghdad) in a fresh SQLite file; the clock is
then fixed at 1 December 2021 09:00:05, when the 30-day milestone is due for all of them.
The server counts what it accepted; a chat that got the milestone twice is a duplicate, a
chat that never got it is lost. msgs_per_s is measured at the server, from its first to its
last accepted reminder. The last line is `sent=… duplicates=… lost=… msgs_per_s=… http_429=…`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from botapi import FakeBotAPI  # noqa: E402
from botapi_server import BotAPIServer  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.config import Config, ReminderConfig  # noqa: E402
from storage import Record  # noqa: E402
from storage.subscriptions import NewSubscription  # noqa: E402
from story.schedule import parse_hhmm  # noqa: E402

TOKEN = "424242:RAQIB-bench-token"
BAGHDAD = timezone(timedelta(hours=3))
SUBSCRIBED = datetime(2021, 11, 19, 12, 0, tzinfo=BAGHDAD)
MILESTONE = datetime(2021, 12, 1, 9, 0, 5, tzinfo=BAGHDAD)  # 30 days before the deadline
FIRST_CHAT = 10_000_001


async def run(args: argparse.Namespace) -> int:
    workdir = Path(args.db).parent if args.db else Path(tempfile.mkdtemp(prefix="raqib-fanout-"))
    db_path = Path(args.db) if args.db else workdir / "fanout.db"
    record = Record.open(db_path)
    from storage.subscriptions import SubscriptionStore

    store = SubscriptionStore(record.db)
    chats = list(range(FIRST_CHAT, FIRST_CHAT + args.subscribers))
    started = time.perf_counter()
    store.subscribe_many(
        (
            NewSubscription(c, "us-combat-withdrawal", "milestones", parse_hhmm("09:00"), lang="en")
            for c in chats
        ),
        SUBSCRIBED,
    )
    print(
        f"subscribed {len(chats)} chats in {time.perf_counter() - started:.2f}s ({db_path})",
        flush=True,
    )

    api = FakeBotAPI(token=TOKEN, rate_limit=args.server_limit)
    accepted: list[float] = []
    lock = threading.Lock()

    def on_send(record: dict) -> None:
        with lock:
            accepted.append(time.monotonic())

    api.on_send = on_send
    with BotAPIServer(api) as server:
        config = Config(
            token=TOKEN,
            base_url=server.base_url,
            reminders=ReminderConfig(tick_seconds=1.0, messages_per_second=args.rate),
        )
        app = build_application(config, record, lambda: MILESTONE)
        await app.initialize()
        await app.start()  # the JobQueue's tick claims the milestone and starts the fan-out
        service = app.bot_data["reminders"]
        t0 = time.monotonic()
        last_report = t0
        limit = t0 + args.subscribers / 15 + 120
        while True:
            await asyncio.sleep(0.5)
            counts = store.ledger_counts()
            done = (
                counts.get("pending", 0) == 0
                and counts.get("sending", 0) == 0
                and sum(counts.values()) >= len(chats)
            )
            if done or time.monotonic() > limit:
                break
            if time.monotonic() - last_report > 30:
                last_report = time.monotonic()
                print(f"  … {len(accepted)} sent after {last_report - t0:.0f}s", flush=True)
        await service.drained(timeout=30)
        await app.stop()
        await app.shutdown()

    per_chat = Counter(r["chat_id"] for r in api.sent)
    sent = sum(per_chat[c] for c in chats)
    duplicates = sum(n - 1 for c, n in per_chat.items() if n > 1)
    lost = sum(1 for c in chats if per_chat[c] == 0)
    http_429 = sum(1 for c in api.calls if c.method == "sendMessage" and c.status == 429)
    span = (accepted[-1] - accepted[0]) if len(accepted) > 1 else 0.0
    rate = (len(accepted) - 1) / span if span else 0.0
    ledger = store.ledger_counts()
    print(f"ledger: {dict(sorted(ledger.items()))}; fan-out {span:.1f}s; service {service.stats}")
    print(
        f"sent={sent} duplicates={duplicates} lost={lost} msgs_per_s={rate:.2f} http_429={http_429}"
    )
    return 0 if (duplicates == 0 and lost == 0) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument(
        "--server-limit", type=float, default=30, help="the stand-in server's messages/s before 429"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=ReminderConfig.messages_per_second,
        help="[reminders] messages_per_second",
    )
    parser.add_argument("--db", help="SQLite file to use (default: a fresh temporary one)")
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return asyncio.run(run(args))


if __name__ == "__main__":
    raise SystemExit(main())
