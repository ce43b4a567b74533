"""Polling RSS/Atom feeds: a JobQueue job that reads every feed that is due, takes in its new
entries and hands the candidates to the admins for review.

Feeds are polled concurrently (at most 10 at a time), each poll within its own deadline
(POLL_SECONDS), and the job only starts the polls: a feed that drips holds only itself.
Each poll honours the feed's ETag and Last-Modified (an unchanged feed answers 304 and costs
nothing more). A feed that fails is retried later and later — the poll interval doubled per
consecutive error, at most a day — and its error count and last error are kept (`/feeds`
shows them). Feeds come from the config (`[feeds] urls`) and from `/feeds add URL`. Time is
the application's one clock (`bot_data["clock"]`), so a fixed clock means fixed schedules.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram.ext import Application, ContextTypes, Job

from bot.config import FetchConfig
from bot.fetching import FULL_TEXT_CHARS, FeedResult, Fetcher, FetchError, fetch_feed
from bot.pipeline import IngestReport, ingest_text, ingest_url
from storage import Record
from storage.review_store import Feed, IngestStore
from story.intake import canonical_url

log = logging.getLogger("raqib.feeds")

MAX_BACKOFF = timedelta(days=1)
POLL_SECONDS = 120.0  # one feed's whole poll: the feed, its new entries' pages, their reading
JOB_NAME = "raqib-feed-poll"

OnItem = Callable[[IngestReport], Awaitable[None]]


@dataclass
class PollSummary:
    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    entries_new: int = 0
    reports: list[IngestReport] = field(default_factory=list)


def backoff(interval: timedelta, errors: int) -> timedelta:
    """The wait before retrying a feed that failed `errors` times in a row."""
    return min(interval * (2 ** min(errors, 10)), MAX_BACKOFF)


def ensure_feeds(record: Record, urls: Iterable[str], now: datetime) -> None:
    """Add the config's feeds (those already known are left as they are)."""
    store = IngestStore(record)
    for url in urls:
        store.add_feed(url, origin="config", now=now)


async def poll_feed(
    record: Record,
    client: Fetcher,
    feed: Feed,
    *,
    now: datetime,
    interval: timedelta,
    max_entries: int = 20,
    summary: PollSummary,
    on_item: OnItem | None = None,
    fetched: FeedResult | None = None,
) -> None:
    """Poll one feed: conditional GET (unless `fetched` is what that GET just gave: the
    check of /feeds add), then each entry not read before."""
    store = IngestStore(record)
    summary.polled += 1
    try:
        result = fetched or await fetch_feed(
            client, feed.url, etag=feed.etag, last_modified=feed.last_modified
        )
    except FetchError as exc:
        summary.failed += 1
        store.feed_failed(
            feed.id, str(exc), now=now, next_poll=now + backoff(interval, feed.errors + 1)
        )
        log.info("feed %s failed (%d in a row): %s", feed.url, feed.errors + 1, exc)
        return
    if result.status == 304:
        summary.not_modified += 1
        store.feed_polled(feed.id, now=now, next_poll=now + interval)
        return
    outlet = result.title or feed.title or None
    for entry in result.entries[:max_entries]:
        if store.seen(url=canonical_url(entry.link)):
            continue
        summary.entries_new += 1
        if len(entry.text) >= FULL_TEXT_CHARS:
            report = await ingest_text(
                record, entry.text, now=now, kind="feed", url=entry.link, outlet=outlet,
                title=entry.title, published=entry.published, published_at=entry.published_at,
                feed_id=feed.id,
            )
        else:
            report = await ingest_url(
                record, client, entry.link, now=now, kind="feed", outlet=outlet, feed_id=feed.id,
                published=entry.published, published_at=entry.published_at,
                fallback_text=entry.text, title=entry.title,
            )
        summary.reports.append(report)
        if on_item is not None and (report.new or report.merged):
            await on_item(report)
    store.feed_polled(
        feed.id,
        now=now,
        next_poll=now + interval,
        etag=result.etag,
        last_modified=result.last_modified,
        title=result.title,
    )


async def poll_due_feeds(
    record: Record,
    now: datetime,
    *,
    interval: timedelta,
    client: Fetcher | None = None,
    fetch: FetchConfig | None = None,
    concurrency: int = 10,
    max_entries: int = 20,
    on_item: OnItem | None = None,
    poll_seconds: float = POLL_SECONDS,
    in_flight: set[int] | None = None,
) -> PollSummary:
    """Poll every feed whose time has come, `concurrency` at a time, each within
    `poll_seconds` (its feed, its entries' pages and their extraction). Feeds whose ids are in
    `in_flight` (still being polled by an earlier call) are left to that call; the others
    are added to it while polled, so overlapping calls never poll one feed twice."""
    summary = PollSummary()
    in_flight = set() if in_flight is None else in_flight
    due = [f for f in IngestStore(record).due_feeds(now) if f.id not in in_flight]
    if not due:
        return summary
    in_flight.update(f.id for f in due)  # before any await: the next call sees them
    own = client is None
    client = client or Fetcher(fetch, max_connections=concurrency)
    gate = asyncio.Semaphore(concurrency)

    async def one(feed: Feed) -> None:
        async with gate:
            await _poll_guarded(
                record, client, feed, now=now, interval=interval, max_entries=max_entries,
                summary=summary, on_item=on_item, poll_seconds=poll_seconds, in_flight=in_flight,
            )

    try:
        await asyncio.gather(*(one(f) for f in due))
    finally:
        if own:
            await client.aclose()
    return summary


async def _poll_guarded(
    record: Record,
    client: Fetcher,
    feed: Feed,
    *,
    now: datetime,
    interval: timedelta,
    max_entries: int,
    summary: PollSummary,
    on_item: OnItem | None,
    poll_seconds: float,
    in_flight: set[int],
    fetched: FeedResult | None = None,
) -> None:
    """One feed's poll within its deadline; a failure is counted and backed off, never
    raised (one broken feed must not stop the others). The feed leaves `in_flight` after."""
    retry = now + backoff(interval, feed.errors + 1)
    try:
        async with asyncio.timeout(poll_seconds):
            await poll_feed(
                record, client, feed, now=now, interval=interval, max_entries=max_entries,
                summary=summary, on_item=on_item, fetched=fetched,
            )
    except TimeoutError:
        summary.failed += 1
        log.info("feed %s: the poll took longer than %g s", feed.url, poll_seconds)
        IngestStore(record).feed_failed(
            feed.id, f"the poll took longer than {poll_seconds:g} s", now=now, next_poll=retry
        )
    except Exception:
        log.exception("polling feed %s", feed.url)
        IngestStore(record).feed_failed(feed.id, "internal error", now=now, next_poll=retry)
    finally:
        in_flight.discard(feed.id)


def start_first_poll(app: Application, feed: Feed, fetched: FeedResult) -> bool:
    """Poll a feed /feeds add has just fetched to check it, from that very response: one
    request, not a second GET a moment later. Runs as a task of its own (the admin's reply
    does not wait for the entries); False when the feed is being polled already."""
    in_flight: set[int] = app.bot_data.setdefault("feeds_in_flight", set())
    if feed.id in in_flight:
        return False
    in_flight.add(feed.id)  # before any await: the repeating job leaves it to this poll
    app.create_task(_first_poll(app, feed, fetched, in_flight), name=f"raqib-feed-{feed.id}")
    return True


async def _first_poll(
    app: Application, feed: Feed, fetched: FeedResult, in_flight: set[int]
) -> None:
    from handlers.review_desk import notify_admins  # here: handlers import this module

    config = app.bot_data["config"]

    async def on_item(report: IngestReport) -> None:
        await notify_admins(app, report)

    async with Fetcher(config.fetch) as client:
        await _poll_guarded(
            app.bot_data["record"], client, feed, now=app.bot_data["clock"](),
            interval=timedelta(minutes=config.feed_poll_minutes),
            max_entries=config.feed_max_entries, summary=PollSummary(), on_item=on_item,
            poll_seconds=POLL_SECONDS, in_flight=in_flight, fetched=fetched,
        )


async def feed_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue callback: start polling what is due (the new candidates go to the admins)
    and return at once. The polls run as tasks of their own, so a slow feed holds only
    itself: the next tick polls every other feed that is due, and never one still in flight."""
    app = context.application
    if app.running:  # not while stopping: the task would outlive the application
        app.create_task(_poll_and_report(app), name="raqib-feed-polls")


async def _poll_and_report(app: Application) -> None:
    from handlers.review_desk import (
        notify_admins,  # here, not at the top: handlers import this module
    )

    config = app.bot_data["config"]

    async def on_item(report: IngestReport) -> None:
        await notify_admins(app, report)

    summary = await poll_due_feeds(
        app.bot_data["record"],
        app.bot_data["clock"](),
        interval=timedelta(minutes=config.feed_poll_minutes),
        max_entries=config.feed_max_entries,
        on_item=on_item,
        fetch=config.fetch,
        in_flight=app.bot_data.setdefault("feeds_in_flight", set()),
    )
    if summary.polled:
        log.info(
            "polled %d feeds: %d unchanged, %d failed, %d new entries",
            summary.polled, summary.not_modified, summary.failed, summary.entries_new,
        )


def schedule_feed_polling(app: Application, *, first: float = 5.0) -> Job | None:
    """Register the feed poll with the JobQueue: every minute it polls whichever feeds are due
    (each feed keeps its own next poll time, so back-off works per feed)."""
    if app.job_queue is None:
        return None
    config = app.bot_data["config"]
    ensure_feeds(app.bot_data["record"], config.feeds, app.bot_data["clock"]())
    for job in app.job_queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    tick = min(60.0, config.feed_poll_minutes * 60)
    return app.job_queue.run_repeating(feed_job, interval=tick, first=first, name=JOB_NAME)
