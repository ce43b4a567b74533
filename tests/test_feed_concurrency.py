"""One slow feed holds only itself (issue 12): feeds are polled concurrently, each poll has
its own deadline, and a poll still in flight is not started again by the next tick while
every other due feed is polled."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler

from hostile_server import HostileServer
from web_server import WebServer, rss

from bot.config import FetchConfig
from bot.feeds import poll_due_feeds
from storage.review_store import IngestStore

NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
INTERVAL = timedelta(minutes=30)
LOCAL = FetchConfig(allow_private_fetch=True, timeout_seconds=30)


def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _ in range(100):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.1)


async def test_a_dripping_feed_holds_only_itself(record):
    with HostileServer() as slow, WebServer() as web:
        slow.routes["/feed.xml"] = _drip
        item = {
            "title": "t",
            "link": web.url("/a"),
            "description": "",
            "content": "<p>" + "كلام. " * 200 + "</p>",
        }
        fast_url = web.route("/feed.xml", rss("Fast", [item]), "application/rss+xml")
        store = IngestStore(record)
        store.add_feed(slow.url("/feed.xml"), origin="config", now=NOW)
        store.add_feed(fast_url, origin="config", now=NOW)
        in_flight: set[int] = set()
        first = asyncio.create_task(
            poll_due_feeds(
                record, NOW, interval=INTERVAL, fetch=LOCAL, poll_seconds=2, in_flight=in_flight
            )
        )
        for _ in range(100):  # the fast feed is done while the slow one still drips
            if web.hits["/feed.xml"] and len(in_flight) == 1:
                break
            await asyncio.sleep(0.02)
        assert web.hits["/feed.xml"] == 1 and len(in_flight) == 1 and not first.done()

        started = time.monotonic()  # the next tick: the fast feed is due again, the slow one busy
        later = await poll_due_feeds(
            record, NOW + INTERVAL, interval=INTERVAL, fetch=LOCAL, in_flight=in_flight
        )
        assert later.polled == 1 and later.not_modified == 1 and time.monotonic() - started < 1
        assert len(slow.hits) == 1  # not asked twice

        summary = await asyncio.wait_for(first, 5)  # its own deadline ends the slow poll
        assert summary.failed == 1 and in_flight == set()
        slow_feed = next(f for f in store.feeds() if f.url == slow.url("/feed.xml"))
        assert slow_feed.errors == 1 and slow_feed.last_error == "the poll took longer than 2 s"
