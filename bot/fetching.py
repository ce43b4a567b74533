"""Fetching from the web: an article's main text (httpx + trafilatura) and feeds (httpx +
feedparser), with conditional requests so an unchanged feed costs a 304.

Nothing here stores or decides; `bot.pipeline` and `bot.feeds` do. The HTTP client is passed
in, so one pooled `httpx.AsyncClient` serves a whole poll.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import feedparser
import httpx
import trafilatura

USER_AGENT = "Raqib/0.1 (news monitor)"
MAX_BYTES = 5_000_000  # an article or feed larger than this is not one
# A feed entry whose own content is at least this long is the article; shorter ones are
# teasers, and the linked page is fetched for the full text.
FULL_TEXT_CHARS = 600
_TAGS = re.compile(r"<[^>]+>")


class FetchError(Exception):
    """A page or feed could not be fetched or read; the message says why, briefly."""


@dataclass(frozen=True)
class Article:
    url: str  # after redirects
    title: str
    text: str
    published: date | None
    outlet: str  # the site's name, or its host


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str
    text: str  # the entry's own content, markup removed (may be only a teaser)
    published: date | None


@dataclass(frozen=True)
class FeedResult:
    status: int  # 200 or 304
    title: str = ""
    entries: tuple[FeedEntry, ...] = ()
    etag: str | None = None
    last_modified: str | None = None


def new_client(timeout: float = 15.0, max_connections: int = 20) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
    )


def article_from_html(html: str, url: str) -> Article:
    """The main text and metadata of an HTML page (trafilatura drops menus, ads, comments)."""
    raw = trafilatura.extract(html, output_format="json", with_metadata=True, url=url, include_comments=False, favor_recall=True)
    if not raw:
        raise FetchError("no article text found on the page")
    data = json.loads(raw)
    text = (data.get("text") or "").strip()
    if not text:
        raise FetchError("no article text found on the page")
    published = None
    if data.get("date"):
        try:
            published = date.fromisoformat(data["date"][:10])
        except ValueError:
            published = None
    outlet = data.get("source-hostname") or data.get("hostname") or ""
    return Article(url=url, title=data.get("title") or "", text=text, published=published, outlet=outlet)


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    try:
        response = await client.get(url, headers=headers or {})
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}".strip(": ")) from None
    if response.status_code != 304 and response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code}")
    if len(response.content) > MAX_BYTES:
        raise FetchError("too large")
    return response


async def fetch_article(client: httpx.AsyncClient, url: str) -> Article:
    """Fetch a page and take its main text."""
    response = await _get(client, url)
    kind = response.headers.get("content-type", "")
    if kind and not any(t in kind for t in ("html", "xml", "text/plain")):
        raise FetchError(f"not a web page ({kind.split(';')[0]})")
    if "text/plain" in kind:
        return Article(url=str(response.url), title="", text=response.text.strip(), published=None, outlet=response.url.host or "")
    article = article_from_html(response.text, str(response.url))
    return article


def _entry_date(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()
    return None


def _entry_text(entry: dict) -> str:
    """The longest of an entry's contents (content:encoded, Atom content, summary), as text."""
    bodies = [c.get("value", "") for c in entry.get("content", []) or []]
    bodies.append(entry.get("summary", "") or "")
    best = max(bodies, key=len, default="")
    if "<" in best:
        extracted = trafilatura.extract(f"<html><body><article>{best}</article></body></html>", favor_recall=True)
        best = extracted or _TAGS.sub(" ", best)
    return re.sub(r"[ \t]+", " ", best).strip()


def parse_feed(content: bytes) -> tuple[str, list[FeedEntry]]:
    """An RSS or Atom document's title and entries (newest first, as feeds list them)."""
    parsed = feedparser.parse(content)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        why = type(parsed.bozo_exception).__name__ if parsed.bozo else "no RSS or Atom document"
        raise FetchError(f"not a feed: {why}")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        entries.append(FeedEntry(link=link, title=entry.get("title", "") or "", text=_entry_text(entry), published=_entry_date(entry)))
    return parsed.feed.get("title", "") or "", entries


async def fetch_feed(client: httpx.AsyncClient, url: str, *, etag: str | None, last_modified: str | None) -> FeedResult:
    """GET a feed with If-None-Match / If-Modified-Since; 304 means nothing new."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = await _get(client, url, headers)
    if response.status_code == 304:
        return FeedResult(status=304, etag=etag, last_modified=last_modified)
    title, entries = parse_feed(response.content)
    return FeedResult(
        status=200,
        title=title,
        entries=tuple(entries),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )
