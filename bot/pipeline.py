"""The ingestion pipeline: a text (an article, a feed entry, a chat post, a forward) or a URL
in; pending statements out, ready for review.

    text ─ dedupe (URL, content hash) ─ extract (story.extract) ─ suggest stances ─ store
           (storage.review_store: a quote already held becomes one more source of it)

Extraction is CPU work and runs in a worker thread, with a deadline, so the bot keeps
answering meanwhile; every database call stays on the event loop's thread (SQLite
connections are per thread).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.fetching import Fetcher, FetchError, fetch_article
from storage import Record
from storage.review_store import IngestStore
from story.extract import extract_statements
from story.intake import Candidate, candidate_from, canonical_url, content_hash, said_at_of
from story.models import said_text
from story.stance import suggest_stance

# One extraction's deadline. A text is read whole up to story.extract.pipeline.MAX_CHARS (the
# fetch limit, 5 MB): 5 MB of ordinary text is about 10 s of CPU, of the densest adversarial
# shapes (a speech verb every few words) about 25 s; a busy machine may triple that.
EXTRACT_SECONDS = 180


@dataclass
class IngestReport:
    """What one item gave: its id, whether it was a duplicate, the candidates it added and
    the statements it reported again (merged as another source)."""

    item_id: int | None = None
    duplicate: bool = False
    title: str = ""
    outlet: str = ""
    url: str | None = None
    new: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # candidates an edit of the item took out
    error: str = ""


async def ingest_text(
    record: Record,
    text: str,
    *,
    now: datetime,
    kind: str,
    url: str | None = None,
    outlet: str | None = None,
    title: str = "",
    published: date | None = None,
    published_at: datetime | None = None,
    feed_id: int | None = None,
    chat_id: int | None = None,
    message_id: int | None = None,
    submitted_by: int | None = None,
    in_thread: bool = True,
) -> IngestReport:
    """Extract who said what from `text` and store the candidates as pending statements.
    `published_at` is the source's own instant (a post's, a feed entry's), when it gives one:
    the statements said that day take it as their time (story.intake.said_at_of)."""
    store = IngestStore(record)
    canon = canonical_url(url) if url and url.startswith(("http://", "https://")) else url
    digest = content_hash(text)
    report = IngestReport(title=title, outlet=outlet or "", url=canon)
    if not text.strip() or store.seen(url=canon, content_hash=digest):
        report.duplicate = True
        return report
    day = published or now.date()
    said_at = said_at_of(published_at, day, now.tzinfo)
    candidates = await _candidates(record, text, day, outlet, in_thread=in_thread, said_at=said_at)
    if candidates is None:
        report.error = f"reading the text took longer than {EXTRACT_SECONDS} s"
        return report
    # The item ("read") and its candidates in one transaction: a crash between them must not
    # leave an article marked read whose statements were never stored. No await inside: the
    # connection is shared by every coroutine on this loop.
    with store.transaction():
        item_id = store.add_item(
            content_hash=digest,
            now=now,
            url=canon,
            kind=kind,
            title=title,
            outlet=outlet,
            published=day.isoformat(),
            published_at=said_text(said_at) or None,
            feed_id=feed_id,
            chat_id=chat_id,
            message_id=message_id,
            submitted_by=submitted_by,
        )
        if item_id is None:  # read meanwhile by another path
            report.duplicate = True
            return report
        report.item_id = item_id
        if candidates:
            report.new, report.merged = store.store_candidates(
                item_id, candidates, outlet=outlet, url=canon, now=now
            )
    return report


async def _candidates(
    record: Record,
    text: str,
    day: date,
    outlet: str | None,
    *,
    in_thread: bool,
    said_at: datetime | None = None,
) -> list[Candidate] | None:
    """The candidates `text` yields (None when extraction overran its deadline); those dated
    `day` were said at `said_at` (the item's own time, if it has one)."""
    actors = list(record.actors().values())
    if in_thread:
        work = asyncio.to_thread(
            extract_statements, text, published=day, actors=actors, outlet=outlet
        )
        try:
            found = await asyncio.wait_for(work, EXTRACT_SECONDS)
        except TimeoutError:  # the thread finishes on its own; nobody waits for it
            return None
    else:
        found = extract_statements(text, published=day, actors=actors, outlet=outlet)
    story_id = record.current_story_id()
    if story_id is None or not found:
        return []
    stances = IngestStore(record).stances_for(story_id)
    return [
        candidate_from(
            s,
            story_id=story_id,
            stance=suggest_stance(s.quote, stances),
            said_at=said_at if s.date == day else None,
        )
        for s in found
    ]


async def reingest_text(
    record: Record, item_id: int, text: str, *, now: datetime, in_thread: bool = True
) -> IngestReport:
    """An item read before, edited at its source (a monitored post): its pending candidates
    become what the edited text yields. The report lists only statements the item did not
    give before, so an admin is not sent the same candidate twice."""
    store = IngestStore(record)
    item = store.item(item_id) or {}
    outlet, url = item.get("outlet"), item.get("url")
    title = item.get("title") or ""
    report = IngestReport(item_id=item_id, title=title, outlet=outlet or "", url=url)
    digest = content_hash(text)
    if digest == item.get("content_hash"):
        report.duplicate = True  # an edit that changed no word (a link preview, a format)
        return report
    published, published_at = item.get("published"), item.get("published_at")
    day = date.fromisoformat(published) if published else now.date()
    said_at = datetime.fromisoformat(published_at) if published_at else None
    candidates = await _candidates(record, text, day, outlet, in_thread=in_thread, said_at=said_at)
    if candidates is None:
        report.error = f"reading the text took longer than {EXTRACT_SECONDS} s"
        return report
    report.new, report.merged, report.replaced = store.replace_pending(
        item_id, candidates, content_hash=digest, outlet=outlet, url=url, now=now
    )
    return report


async def ingest_url(
    record: Record,
    client: Fetcher,
    url: str,
    *,
    now: datetime,
    kind: str = "url",
    submitted_by: int | None = None,
    outlet: str | None = None,
    feed_id: int | None = None,
    published: date | None = None,
    published_at: datetime | None = None,
    fallback_text: str = "",
    title: str = "",
) -> IngestReport:
    """Fetch a page (unless its URL was read before), take its main text and ingest it.
    `fallback_text` (a feed entry's teaser) is used when the page cannot be read."""
    canon = canonical_url(url)
    if IngestStore(record).seen(url=canon):
        return IngestReport(duplicate=True, url=canon, title=title)
    try:
        article = await fetch_article(client, url)
        text, title = article.text, title or article.title
        outlet = outlet or article.outlet
        if published is None or published == article.published:
            published_at = published_at or article.published_at
        published = published or article.published
    except FetchError as exc:
        if not fallback_text:
            return IngestReport(url=canon, title=title, error=str(exc))
        text = fallback_text
    return await ingest_text(
        record,
        text,
        now=now,
        kind=kind,
        url=canon,
        outlet=outlet,
        title=title,
        published=published,
        published_at=published_at,
        feed_id=feed_id,
        submitted_by=submitted_by,
    )
