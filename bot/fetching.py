"""Fetching from the web: an article's main text (httpx + trafilatura) and feeds (httpx +
feedparser), with conditional requests so an unchanged feed costs a 304.

Every fetch is guarded, because the links come from strangers (feeds, forwards):

* only http and https; the host is resolved here and the request goes to the address that
  was checked (no second look-up to rebind), and loopback, private, link-local, reserved and
  multicast addresses are refused unless `[fetch] allow_private_fetch` is on;
* redirects are followed by hand, at most MAX_REDIRECTS, each hop checked the same way;
* the body is streamed and decompressed here, counted after decompression, and the fetch
  stops at `[fetch] max_bytes` (a gzip bomb costs at most that much memory);
* the content type must be one the caller can read;
* one overall deadline covers the look-up, connects, redirects and body, so a server that
  drips a byte at a time holds a fetch for `[fetch] timeout_seconds` at most.

Nothing here stores or decides; `bot.pipeline` and `bot.feeds` do. A `Fetcher` (one pooled
`httpx.AsyncClient` and the rules) is passed in, so one client serves a whole poll.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import ipaddress
import re
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import feedparser
import httpx
import trafilatura
from trafilatura.settings import Document

from bot.config import FetchConfig

USER_AGENT = "Raqib/0.1 (news monitor)"
MAX_REDIRECTS = 5
# A feed entry whose own content is at least this long is the article; shorter ones are
# teasers, and the linked page is fetched for the full text.
FULL_TEXT_CHARS = 600
_TAGS = re.compile(r"<[^>]+>")
_REDIRECTS = {301, 302, 303, 307, 308}
PAGE_TYPES = ("html", "xml", "text/plain")
FEED_TYPES = ("xml", "rss", "atom", "html", "text/plain")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A page or feed could not be fetched or read; the message says why, briefly."""


def is_public_address(ip: IPAddress) -> bool:
    """True for an address on the public internet (not loopback, private, link-local,
    reserved, multicast or unspecified; an IPv4 address mapped into IPv6 counts as itself)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


@dataclass(frozen=True)
class Fetched:
    """A response read under the rules: the URL asked for last (after redirects), the
    status, the headers and the decompressed body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").lower()

    @property
    def text(self) -> str:
        match = re.search(r"charset=[\"']?([\w.:-]+)", self.content_type)
        try:
            return self.body.decode(match.group(1) if match else "utf-8", errors="replace")
        except LookupError:  # an unknown charset name
            return self.body.decode("utf-8", errors="replace")


class Fetcher:
    """One pooled HTTP client and the rules every fetch through it obeys (see the module
    docstring). `address_allowed` decides which resolved addresses may be connected to;
    by default public ones, or any with `allow_private_fetch`."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        max_connections: int = 20,
        address_allowed: Callable[[IPAddress], bool] | None = None,
    ) -> None:
        self.config = config or FetchConfig()
        if address_allowed is None:
            anything = self.config.allow_private_fetch
            address_allowed = (lambda ip: True) if anything else is_public_address
        self.address_allowed = address_allowed
        self.client = httpx.AsyncClient(
            timeout=self.config.timeout_seconds,
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: the checked address is the one used
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()

    async def get(
        self, url: str, headers: dict[str, str] | None = None, *, accept: tuple[str, ...]
    ) -> Fetched:
        """GET `url` under the rules; raise FetchError (brief, for people) otherwise.
        A 304 comes back with an empty body; any other status from 400 up is an error."""
        try:
            async with asyncio.timeout(self.config.timeout_seconds):
                return await self._follow(url, headers or {}, accept)
        except TimeoutError:
            raise FetchError(f"took longer than {self.config.timeout_seconds:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}".strip(": ")) from None

    async def _follow(self, url: str, headers: dict[str, str], accept: tuple[str, ...]) -> Fetched:
        for _ in range(MAX_REDIRECTS + 1):
            target = httpx.URL(url)
            pinned, host_header = await self._pin(target)
            extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
            request = self.client.build_request(
                "GET", pinned, headers={**headers, "Host": host_header}, extensions=extensions
            )
            response = await self.client.send(request, stream=True)
            try:
                if response.status_code in _REDIRECTS and response.headers.get("location"):
                    url = str(target.join(response.headers["location"]))
                    continue
                if response.status_code == 304:
                    return Fetched(url, 304, response.headers, b"")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}")
                kind = response.headers.get("content-type", "").lower()
                if kind and not any(t in kind for t in accept):
                    raise FetchError(f"not a readable type ({kind.split(';')[0]})")
                body = await self._read(response)
                return Fetched(url, response.status_code, response.headers, body)
            finally:
                await response.aclose()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    async def _pin(self, url: httpx.URL) -> tuple[httpx.URL, str]:
        """The URL rewritten to a checked address of its host, and the Host header to send."""
        if url.scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) link ({url.scheme or 'no scheme'})")
        if not url.host:
            raise FetchError("a link without a host")
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            loop = asyncio.get_running_loop()
            infos = await loop.getaddrinfo(url.host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise FetchError(f"unknown host {url.host}") from None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
        if not addresses:
            raise FetchError(f"unknown host {url.host}")
        refused = [ip for ip in addresses if not self.address_allowed(ip)]
        if refused:
            raise FetchError(f"refused: {url.host} is an internal address ({refused[0]})")
        host_header = url.host if url.port is None else f"{url.host}:{url.port}"
        if ":" in url.host and url.port is None:  # an IPv6 literal
            host_header = f"[{url.host}]"
        elif ":" in url.host:
            host_header = f"[{url.host}]:{url.port}"
        return url.copy_with(host=str(addresses[0])), host_header

    async def _read(self, response: httpx.Response) -> bytes:
        """The body, decompressed here chunk by chunk and never beyond max_bytes."""
        limit = self.config.max_bytes
        encoding = response.headers.get("content-encoding", "identity").lower().strip()
        if encoding in ("gzip", "x-gzip"):
            decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            decoder = zlib.decompressobj()
        elif encoding in ("", "identity"):
            decoder = None
        else:
            raise FetchError(f"unsupported content encoding {encoding}")
        declared = response.headers.get("content-length", "")
        if decoder is None and declared.isdigit() and int(declared) > limit:
            raise FetchError("too large")
        out = bytearray()
        try:
            async for chunk in response.aiter_raw():
                if decoder is None:
                    out += chunk
                else:
                    data = chunk
                    while data and len(out) <= limit:
                        out += decoder.decompress(data, limit + 1 - len(out))
                        data = decoder.unconsumed_tail
                if len(out) > limit:
                    raise FetchError("too large")
        except zlib.error:
            raise FetchError("a corrupt compressed body") from None
        return bytes(out)


def new_client(config: FetchConfig | None = None, max_connections: int = 20) -> Fetcher:
    return Fetcher(config, max_connections=max_connections)


@dataclass(frozen=True)
class Article:
    url: str  # after redirects
    title: str
    text: str
    published: date | None
    outlet: str  # the site's name, or its host
    published_at: datetime | None = None  # the same to the second, where the page gives it


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str
    text: str  # the entry's own content, markup removed (may be only a teaser)
    published: date | None
    published_at: datetime | None = None  # the same, to the second (UTC), when given


@dataclass(frozen=True)
class FeedResult:
    status: int  # 200 or 304
    title: str = ""
    entries: tuple[FeedEntry, ...] = ()
    etag: str | None = None
    last_modified: str | None = None


# htmldate (trafilatura's date reader) asked for a time as well as the day: the page's
# article:published_time, JSON-LD datePublished or <time datetime> keep their hour and zone;
# a date with no time comes out naive (midnight), which is read as the day alone.
_PAGE_TIME = "%Y-%m-%dT%H:%M:%S%z"


def _date_params() -> dict[str, object]:
    """htmldate's options: the publication (not the last change), no later than today."""
    today = datetime.now().astimezone().strftime("%Y-%m-%d")
    return {
        "original_date": True,
        "extensive_search": True,
        "outputformat": _PAGE_TIME,
        "max_date": today,
    }


def page_moment(found: str | None) -> tuple[date | None, datetime | None]:
    """The day and, when the page gave one with its zone, the instant (in the page's own
    zone, which names the day) of htmldate's answer. A time without a zone, or one later
    than now (a wrong clock or a lie), is dropped: the day alone is kept."""
    if not found:
        return None, None
    try:
        moment = datetime.strptime(found, _PAGE_TIME)
    except ValueError:
        try:
            return date.fromisoformat(found[:10]), None
        except ValueError:
            return None, None
    if moment.tzinfo is None or moment > datetime.now(UTC):
        return moment.date(), None
    return moment.date(), moment


def article_from_html(html: str, url: str) -> Article:
    """The main text and metadata of an HTML page (trafilatura drops menus, ads, comments).
    The page is parsed once; text and metadata are read apart, so a malformed date costs
    only the date: htmldate raises on a zone beyond 24 hours, which inside one
    `trafilatura.extract(with_metadata=True)` would discard the page's text too."""
    tree = trafilatura.load_html(html)
    text = ""
    if tree is not None:
        text = trafilatura.extract(tree, url=url, include_comments=False, favor_recall=True) or ""
    if not text.strip():
        raise FetchError("no article text found on the page")
    meta: Document | None = None
    with contextlib.suppress(ValueError, TypeError, OverflowError):
        meta = trafilatura.extract_metadata(tree, default_url=url, date_config=_date_params())
    published, published_at = page_moment(meta.date if meta else None)
    return Article(
        url=url,
        title=(meta.title if meta else "") or "",
        text=text.strip(),
        published=published,
        outlet=(meta.sitename or meta.hostname or "") if meta else "",
        published_at=published_at,
    )


async def fetch_article(client: Fetcher, url: str) -> Article:
    """Fetch a page and take its main text (the extraction runs in a worker thread)."""
    page = await client.get(url, accept=PAGE_TYPES)
    if "text/plain" in page.content_type:
        host = httpx.URL(page.url).host or ""
        return Article(url=page.url, title="", text=page.text.strip(), published=None, outlet=host)
    return await asyncio.to_thread(article_from_html, page.text, page.url)


def _entry_time(entry: dict) -> datetime | None:
    """When a feed entry was published (UTC; feedparser normalises every zone to UTC)."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    return None


def _entry_text(entry: dict) -> str:
    """The longest of an entry's contents (content:encoded, Atom content, summary), as text."""
    bodies = [c.get("value", "") for c in entry.get("content", []) or []]
    bodies.append(entry.get("summary", "") or "")
    best = max(bodies, key=len, default="")
    if "<" in best:
        extracted = trafilatura.extract(
            f"<html><body><article>{best}</article></body></html>", favor_recall=True
        )
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
        entries.append(
            FeedEntry(
                link=link,
                title=entry.get("title", "") or "",
                text=_entry_text(entry),
                published=moment.date() if (moment := _entry_time(entry)) else None,
                published_at=moment,
            )
        )
    return parsed.feed.get("title", "") or "", entries


async def fetch_feed(
    client: Fetcher, url: str, *, etag: str | None, last_modified: str | None
) -> FeedResult:
    """GET a feed with If-None-Match / If-Modified-Since; 304 means nothing new."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = await client.get(url, headers, accept=FEED_TYPES)
    if response.status == 304:
        return FeedResult(status=304, etag=etag, last_modified=last_modified)
    title, entries = await asyncio.to_thread(parse_feed, response.body)
    return FeedResult(
        status=200,
        title=title,
        entries=tuple(entries),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )
