"""Fetching under hostile links (issue 12): only http(s); no internal addresses, on any
redirect hop; a byte limit counted after decompression; content types checked; one overall
deadline. The servers are on 127.0.0.x; "public" ones are 127.0.0.2 declared public by the
test's own address rule, so a redirect from a public page to an internal one can be tried."""

from __future__ import annotations

import gzip
import ipaddress
import time
import tracemalloc
import zlib
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from hostile_server import HostileServer, send
from web_server import rss

from bot.config import ConfigError, FetchConfig, load_config
from bot.feeds import poll_due_feeds
from bot.fetching import Fetcher, FetchError, fetch_article, is_public_address
from storage.review_store import IngestStore

LOCAL = FetchConfig(allow_private_fetch=True)
NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
PAGE = (
    b"<html><body><article><p>"
    + b"A page about the withdrawal deadline. " * 40
    + b"</p></article></body></html>"
)


def stand_in_public(ip) -> bool:
    """127.0.0.2 plays a public site; every other address follows the real rule."""
    return str(ip) == "127.0.0.2" or is_public_address(ip)


def page(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 200, PAGE, "text/html; charset=utf-8")


def redirect_to(location: str):
    return lambda handler: send(handler, 302, b"", "text/html", Location=location)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "data:,hello"]
)
async def test_only_http_and_https_links_are_fetched(url):
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError, match="not an http"):
            await fetcher.get(url, accept=("html",))


def test_the_address_rule():
    public = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]
    internal = [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ]
    assert all(is_public_address(ipaddress.ip_address(a)) for a in public)
    assert not any(is_public_address(ipaddress.ip_address(a)) for a in internal)


async def test_internal_hosts_are_refused_by_default_and_never_contacted():
    with HostileServer() as server:
        server.routes["/"] = page
        port = server.url("/").rsplit(":", 1)[1].rstrip("/")
        urls = [
            server.url("/"),
            f"http://localhost:{port}/",
            f"http://2130706433:{port}/",  # 127.0.0.1 as one decimal number
            f"http://[::ffff:127.0.0.1]:{port}/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
        ]
        async with Fetcher() as fetcher:
            for url in urls:
                with pytest.raises(FetchError, match="refused|unknown host"):
                    await fetcher.get(url, accept=("html",))
        assert server.hits == []
        async with Fetcher(LOCAL) as fetcher:  # the switch for tests and self-hosting
            assert (await fetcher.get(server.url("/"), accept=("html",))).body == PAGE


async def test_every_redirect_hop_is_checked():
    with HostileServer("127.0.0.2") as public, HostileServer("127.0.0.1") as internal:
        internal.routes["/admin"] = page
        public.routes["/news"] = redirect_to(internal.url("/admin"))
        public.routes["/moved"] = redirect_to("/final")  # a relative redirect on the same site
        public.routes["/final"] = page
        public.routes["/loop"] = redirect_to("/loop")
        async with Fetcher(address_allowed=stand_in_public) as fetcher:
            with pytest.raises(FetchError, match="refused"):
                await fetcher.get(public.url("/news"), accept=("html",))
            fetched = await fetcher.get(public.url("/moved"), accept=("html",))
            assert fetched.body == PAGE and fetched.url == public.url("/final")
            with pytest.raises(FetchError, match="redirects"):
                await fetcher.get(public.url("/loop"), accept=("html",))
        assert internal.hits == []
        assert public.hits.count("/loop") == 6  # the first ask and five redirects, no more


async def test_a_feed_whose_entries_point_inside_gives_no_cards(record):
    with HostileServer("127.0.0.2") as public, HostileServer("127.0.0.1") as internal:
        internal.routes["/secret"] = lambda h: send(
            h,
            200,
            b"<html><body><p>" + b'Kirby said "internal words here". ' * 30 + b"</p></body></html>",
            "text/html",
        )
        items = [
            {"title": f"n{n}", "link": internal.url("/secret") + f"?n={n}", "description": ""}
            for n in range(3)
        ]
        body = rss("Third party", items).encode()
        public.routes["/feed.xml"] = lambda h: send(h, 200, body, "application/rss+xml")
        IngestStore(record).add_feed(public.url("/feed.xml"), origin="config", now=NOW)
        async with Fetcher(address_allowed=stand_in_public) as fetcher:
            summary = await poll_due_feeds(
                record, NOW, interval=timedelta(minutes=30), client=fetcher
            )
        assert summary.failed == 0 and summary.entries_new == 3
        assert all("refused" in r.error for r in summary.reports)
        assert internal.hits == [] and IngestStore(record).pending(50) == []


def _gzip_bomb(mebibytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(mebibytes)) + packer.flush()


async def test_a_gzip_bomb_stops_at_the_limit_counted_after_decompression():
    bomb = _gzip_bomb(512)  # 512 MiB of zeros in about half a megabyte
    assert len(bomb) < 1_000_000
    with HostileServer() as server:
        server.routes["/bomb"] = lambda h: send(h, 200, bomb, "text/html", Content_Encoding="gzip")
        small = gzip.compress(PAGE)
        server.routes["/gz"] = lambda h: send(h, 200, small, "text/html", Content_Encoding="gzip")
        async with Fetcher(FetchConfig(allow_private_fetch=True, max_bytes=2_000_000)) as fetcher:
            assert (await fetcher.get(server.url("/gz"), accept=("html",))).body == PAGE
            tracemalloc.start()
            try:
                with pytest.raises(FetchError, match="too large"):
                    await fetcher.get(server.url("/bomb"), accept=("html",))
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert peak < 30_000_000, f"peak {peak / 1e6:.0f} MB"


def _endless_chunks(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"x" * 65536
    for _ in range(2000):  # 128 MB if nobody stops reading
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


async def test_an_endless_chunked_body_and_a_declared_huge_one_are_cut_off():
    with HostileServer() as server:
        server.routes["/endless"] = _endless_chunks
        server.routes["/declared"] = lambda h: (
            h.send_response(200),
            h.send_header("Content-Type", "text/html"),
            h.send_header("Content-Length", "100000000"),
            h.end_headers(),
        )
        async with Fetcher(FetchConfig(allow_private_fetch=True, max_bytes=1_000_000)) as fetcher:
            started = time.monotonic()
            with pytest.raises(FetchError, match="too large"):
                await fetcher.get(server.url("/endless"), accept=("html",))
            with pytest.raises(FetchError, match="too large"):
                await fetcher.get(server.url("/declared"), accept=("html",))
            assert time.monotonic() - started < 5


def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _ in range(200):  # one byte every 0.2 s: no single read ever times out
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.2)


def _slow_headers(handler: BaseHTTPRequestHandler) -> None:
    for line in (b"HTTP/1.1 200 OK\r\n", *[b"X-Pad: 1\r\n"] * 100):
        handler.wfile.write(line)
        handler.wfile.flush()
        time.sleep(0.2)


async def test_a_dripping_server_holds_a_fetch_no_longer_than_the_deadline():
    with HostileServer() as server:
        server.routes["/drip"] = _drip
        server.routes["/slow-headers"] = _slow_headers
        async with Fetcher(FetchConfig(allow_private_fetch=True, timeout_seconds=1)) as fetcher:
            for path in ("/drip", "/slow-headers"):
                started = time.monotonic()
                with pytest.raises(FetchError, match="longer than 1 s"):
                    await fetcher.get(server.url(path), accept=("html",))
                assert time.monotonic() - started < 2.5


async def test_content_types_are_checked():
    with HostileServer() as server:
        server.routes["/png"] = lambda h: send(h, 200, b"\x89PNG....", "image/png")
        server.routes["/zip"] = lambda h: send(h, 200, b"PK..", "application/octet-stream")
        server.routes["/text"] = lambda h: send(
            h, 200, "بيان قصير".encode(), "text/plain; charset=utf-8"
        )
        async with Fetcher(LOCAL) as fetcher:
            for path in ("/png", "/zip"):
                with pytest.raises(FetchError, match="not a readable type"):
                    await fetch_article(fetcher, server.url(path))
            assert (await fetch_article(fetcher, server.url("/text"))).text == "بيان قصير"


def test_the_fetch_table_of_the_config(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text(
        "[fetch]\nallow_private_fetch = true\nmax_bytes = 1000\ntimeout_seconds = 2.5\n"
    )
    assert load_config(path, env={}).fetch == FetchConfig(True, 1000, 2.5)
    assert load_config(None, env={}).fetch.allow_private_fetch is False
    for bad, why in (
        ("allow_private_fetch = 1", "true or false"),
        ("max_bytes = -5", "positive whole number"),
        ("timeout = 3", "unknown key 'timeout'"),
    ):
        path.write_text(f"[fetch]\n{bad}\n")
        with pytest.raises(ConfigError, match=why):
            load_config(path, env={})
