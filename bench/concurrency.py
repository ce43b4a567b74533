"""Answer latency under load with one slow link in flight (issue 12).

50 private chats ask questions at a steady --rate (default 40 a second) for --seconds
(default 60) through the real Application, which long-polls the stand-in Bot API
(tests/botapi_server.py) over HTTP on 127.0.0.1. Meanwhile an admin's link to a server that
drips one byte every 0.5 s is always being read (a new one is sent when the last times
out). Latency is from injecting a question to the stand-in receiving its answer.

Modes, each measured --runs times in the same run:
  concurrent   the bot as built (bot.concurrency), Telegram's 30 messages/s limiter on
  unlimited    the same without the overall limiter (the bot's own capacity)
  sequential   PTB's default, one update at a time (the baseline), limiter on

    .venv/bin/python bench/concurrency.py [--rate 40] [--seconds 60] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from botapi import FakeBotAPI  # noqa: E402
from botapi_server import BotAPIServer  # noqa: E402
from hostile_server import HostileServer  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.clock import make_clock  # noqa: E402
from bot.config import Config, FetchConfig  # noqa: E402
from storage import Record  # noqa: E402

TOKEN = "424242:RAQIB-bench-concurrency"
NOW = datetime(2021, 11, 19, 12, 0, tzinfo=timezone(timedelta(hours=3)))
ADMIN = 777
CHATS = [9000 + n for n in range(50)]
QUESTIONS = [
    "/countdown",
    "what did Kirby say?",
    "/positions",
    "who is al-Kadhimi?",
    "متى موعد الانسحاب؟",
]


def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "1000000")
    handler.end_headers()
    try:
        for _ in range(600):
            handler.wfile.write(b"<")
            handler.wfile.flush()
            time.sleep(0.5)
    except OSError:
        pass


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def one_run(mode: str, rate: float, seconds: float) -> dict[str, float]:
    api = FakeBotAPI(token=TOKEN)
    asked: dict[int, deque[float]] = defaultdict(deque)
    latencies: list[float] = []
    admin_replies: list[str] = []
    lock = threading.Lock()

    def on_send(record: dict) -> None:
        now = time.monotonic()
        with lock:
            if record["chat_id"] == ADMIN:
                admin_replies.append(record["plain_text"])
            elif asked[record["chat_id"]]:
                latencies.append(now - asked[record["chat_id"]].popleft())

    api.on_send = on_send
    with tempfile.TemporaryDirectory() as tmp, BotAPIServer(api) as server, HostileServer() as web:
        web.routes["/slow"] = _drip
        config = Config(
            token=TOKEN,
            base_url=server.base_url,
            admins=frozenset({ADMIN}),
            fetch=FetchConfig(allow_private_fetch=True, timeout_seconds=20),
        )
        app = build_application(
            config,
            Record.open(Path(tmp) / "r.db"),
            make_clock(NOW),
            concurrent=mode != "sequential",
            overall_rate=0 if mode == "unlimited" else 30,
        )
        await app.initialize()
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            for chat in CHATS:  # each chat says hello once, unmeasured, so all are known
                api.new_message(chat, "/start", language_code="en")
            await asyncio.sleep(3)
            with lock:
                asked.clear()
                latencies.clear()
            links = 0
            cpu = time.process_time()  # this process: the bot and the stand-in server
            start = time.monotonic()
            n = 0
            while (now := time.monotonic()) < start + seconds:
                with lock:
                    failed = sum(t.startswith("Could not read") for t in admin_replies)
                if links == failed:  # keep one slow link in flight
                    api.new_message(ADMIN, web.url("/slow") + f"?n={links}", language_code="en")
                    links += 1
                due = start + n / rate
                if now < due:
                    await asyncio.sleep(due - now)
                chat = CHATS[n % len(CHATS)]
                with lock:
                    asked[chat].append(time.monotonic())
                api.new_message(chat, QUESTIONS[n % len(QUESTIONS)], language_code="en")
                n += 1
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with lock:
                    if not any(asked.values()):
                        break
                await asyncio.sleep(0.05)
            with lock:
                unanswered = sum(len(q) for q in asked.values())
                found = list(latencies)
            cpu = time.process_time() - cpu
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
    return {
        "asked": n,
        "answered": len(found),
        "unanswered": unanswered,
        "links": links,
        "cpu_ms": 1000 * cpu / max(1, len(found)),
        "p50": _pct(found, 0.5),
        "p99": _pct(found, 0.99),
        "max": max(found, default=float("nan")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=40.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", default="concurrent,unlimited,sequential")
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = defaultdict(list)
    for run in range(args.runs):
        for mode in args.modes.split(","):
            result = asyncio.run(one_run(mode, args.rate, args.seconds))
            results[mode].append(result)
            print(
                f"run {run + 1} {mode:10s} asked {result['asked']:.0f}"
                f" answered {result['answered']:.0f}"
                f" (unanswered {result['unanswered']:.0f}, slow links {result['links']:.0f})"
                f" p50 {result['p50'] * 1000:.0f} ms p99 {result['p99'] * 1000:.0f} ms"
                f" max {result['max'] * 1000:.0f} ms; cpu {result['cpu_ms']:.1f} ms/question;"
                f" load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    print(
        f"\nmedians over {args.runs} runs, {args.rate:g} questions/s"
        f" for {args.seconds:g} s, 50 chats:"
    )
    base = (
        statistics.median(r["p99"] for r in results.get("sequential", []))
        if "sequential" in results
        else None
    )
    for mode, runs in results.items():
        p50 = statistics.median(r["p50"] for r in runs)
        p99 = statistics.median(r["p99"] for r in runs)
        ratio = (
            f" ({base / p99:.0f}x better p99 than sequential)"
            if base and mode != "sequential"
            else ""
        )
        print(f"  {mode:10s} p50 {p50 * 1000:.0f} ms  p99 {p99 * 1000:.0f} ms{ratio}")


if __name__ == "__main__":
    main()
