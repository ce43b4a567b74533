"""Ingestion throughput: statement extraction on a 1,000-word Arabic article, and a poll of
500 feeds served on 127.0.0.1.

    python bench/ingest_throughput.py [--runs 5] [--articles 40] [--feeds 500] [--concurrency 10]

Extraction: one article of about 1,000 words, built from the bundled pack's own statements
(each attributed the way Arabic news does: "وقال <name> إن «…»", "وأكد <role> أن …") between
paragraphs of background, is run through `story.extract.extract_statements` (the extractor
alone) and through `bot.pipeline.ingest_text` (dedupe, extraction, stance suggestion, storing
the candidates in SQLite). Each ingested copy differs by one word so it is not a duplicate.

Feeds: a local web server serves N RSS feeds, each with one new entry carrying its full text
(about 150 words with one attributed quote), so a cold poll does the whole path per feed —
conditional GET, parse, dedupe, extract, store. A warm poll right after finds every feed
unchanged: 304s only. Both go through `bot.feeds.poll_due_feeds` with one pooled httpx client.
The web server shares the machine's two cores with the poller, so these are lower bounds.

Each figure is the median of --runs runs; every run is printed. Extraction is also given per
second of this process's CPU time (what one free core would do: the machine is shared);
--feeds 0 skips the feeds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from web_server import WebServer, rss  # noqa: E402

from bot.config import FetchConfig  # noqa: E402
from bot.feeds import poll_due_feeds  # noqa: E402
from bot.pipeline import ingest_text  # noqa: E402
from storage import Record  # noqa: E402
from storage.review_store import IngestStore  # noqa: E402
from story.extract import extract_statements  # noqa: E402

NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
LOCAL = FetchConfig(allow_private_fetch=True)  # the feeds are served on 127.0.0.1
BACKGROUND = (
    "وتأتي هذه التصريحات في وقت تشهد فيه الساحة العراقية جدلا واسعا حول مستقبل الوجود العسكري "
    "الأجنبي "
    "في البلاد، بعد الاتفاق الذي توصلت إليه بغداد وواشنطن خلال جولة الحوار الاستراتيجي الأخيرة، "
    "والذي "
    "نص على إنهاء المهام القتالية لقوات التحالف الدولي مع نهاية العام الجاري والانتقال إلى مرحلة "
    "جديدة "
    "تقتصر على التدريب والمشورة وتبادل المعلومات الاستخبارية."
)
VERBS = ["وقال", "وأكد", "وأوضح", "وأضاف", "وشدد"]


def build_article(record: Record, words: int = 1000) -> str:
    """About `words` words of Arabic news: attributed statements between background paragraphs."""
    actors = record.actors()
    statements = [
        s for actor_id in actors for s in record.statements_by([actor_id], limit=5) if s.text_ar
    ]
    paragraphs: list[str] = []
    count = 0
    i = 0
    while count < words:
        s = statements[i % len(statements)]
        name = actors[s.actor_id].name_ar
        verb = VERBS[i % len(VERBS)]
        quote = s.text_ar.strip('«»"“” .')
        line = f'{verb} {name} إن "{quote}".' if i % 2 == 0 else f"{verb} {name} أن {quote}."
        paragraphs.append(line)
        if i % 3 == 2:
            paragraphs.append(BACKGROUND)
        count = sum(len(p.split()) for p in paragraphs)
        i += 1
    return "\n\n".join(paragraphs)


def bench_extraction(runs: int, articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        record = Record.open(Path(tmp) / "bench.db")
        article = build_article(record)
        actors = list(record.actors().values())
        found = extract_statements(article, published=NOW.date(), actors=actors)
        print(f"article: {len(article.split())} words, {len(found)} statements extracted")
        alone, piped, cpu = [], [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(articles):
                extract_statements(article, published=NOW.date(), actors=actors)
            alone.append(articles / (time.perf_counter() - start))
            cpu.append(articles / (time.process_time() - start_cpu))
        for run in range(runs):
            start = time.perf_counter()
            for n in range(articles):
                copy = article + f"\n\nنسخة {run}-{n}"
                asyncio.run(ingest_text(record, copy, now=NOW, kind="text", in_thread=False))
            piped.append(articles / (time.perf_counter() - start))
        pending = IngestStore(record).pending_count()
    print(
        f"extract_statements: median {statistics.median(alone):.1f} articles/s; runs "
        f"{', '.join(f'{x:.1f}' for x in alone)}"
    )
    print(
        f"extract_statements per CPU second (a free core): median {statistics.median(cpu):.1f}"
        f" articles/s; runs {', '.join(f'{x:.1f}' for x in cpu)}"
    )
    print(
        f"ingest_text (extract + dedupe + store): median {statistics.median(piped):.1f} "
        f"articles/s; runs {', '.join(f'{x:.1f}' for x in piped)} ({pending} pending)"
    )


def feed_item(n: int, web: WebServer, stamp: str) -> dict[str, str]:
    body = (
        f'<p>{BACKGROUND}</p><p>وقال المتحدث باسم البنتاغون جون كيربي إن "القوات القتالية '
        f"الأمريكية "
        f"ستغادر العراق بحلول نهاية العام وفق الموعد المتفق عليه رقم {n} "
        f'{stamp}".</p><p>{BACKGROUND}</p>'
    )
    return {
        "title": f"خبر {n}",
        "link": web.url(f"/a/{stamp}/{n}"),
        "description": "…",
        "content": body,
    }


async def one_poll_cycle(feeds: int, concurrency: int, stamp: str) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp, WebServer() as web:
        record = Record.open(Path(tmp) / "bench.db")
        store = IngestStore(record)
        for n in range(feeds):
            url = web.route(
                f"/feed/{n}.xml",
                rss(f"وكالة {n}", [feed_item(n, web, stamp)]),
                "application/rss+xml",
            )
            store.add_feed(url, origin="config", now=NOW)
        interval = timedelta(minutes=30)
        start = time.perf_counter()
        cold = await poll_due_feeds(
            record, NOW, interval=interval, concurrency=concurrency, fetch=LOCAL
        )
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        warm = await poll_due_feeds(
            record, NOW + interval, interval=interval, concurrency=concurrency, fetch=LOCAL
        )
        warm_s = time.perf_counter() - start
        assert cold.failed == 0 and warm.not_modified == feeds, (cold, warm)
        return cold_s, warm_s, cold.entries_new


def bench_feeds(runs: int, feeds: int, concurrency: int) -> None:
    colds, warms = [], []
    for run in range(runs):
        cold_s, warm_s, entries = asyncio.run(one_poll_cycle(feeds, concurrency, f"r{run}"))
        colds.append(cold_s)
        warms.append(warm_s)
    print(
        f"{feeds} feeds, cold poll (200 + parse + extract + store, {entries} new entries): median "
        f"{statistics.median(colds):.2f} s "
        f"({feeds / statistics.median(colds):.0f} feeds/s); runs "
        f"{', '.join(f'{x:.2f}' for x in colds)}"
    )
    print(
        f"{feeds} feeds, warm poll (all 304): median {statistics.median(warms):.2f} s "
        f"({feeds / statistics.median(warms):.0f} feeds/s); runs "
        f"{', '.join(f'{x:.2f}' for x in warms)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=40, help="articles per extraction run")
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bench_extraction(args.runs, args.articles)
    if args.feeds:
        bench_feeds(args.runs, args.feeds, args.concurrency)


if __name__ == "__main__":
    main()
