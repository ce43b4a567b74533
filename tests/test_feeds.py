"""Feeds: polled from a local web server on 127.0.0.1 with ETag/Last-Modified, teasers
fetched as pages, errors counted and backed off, and the JobQueue job that takes a new
article all the way to the admins' review cards."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ADMIN_ID, PRIVATE_CHAT
from web_server import WebServer, rss

from bot.clock import make_clock
from bot.config import FetchConfig
from bot.feeds import backoff, poll_due_feeds
from bot.fetching import FetchError, parse_feed
from storage.review_store import IngestStore

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
INTERVAL = timedelta(minutes=30)
LOCAL = FetchConfig(allow_private_fetch=True)  # the fixtures are served on 127.0.0.1
KIRBY_QUOTE = "القوات القتالية الأمريكية ستغادر العراق بحلول نهاية العام الجاري"


@pytest.fixture
def web():
    with WebServer() as server:
        yield server


def serve_news(web: WebServer) -> str:
    """A feed with a teaser (its page must be fetched) and a full-text entry; returns its URL."""
    web.route("/news/kirby", (FIXTURES / "kirby-ar.html").read_text(encoding="utf-8"))
    items = [
        {
            "title": "البنتاغون: القوات القتالية تغادر العراق في موعدها",
            "link": web.url("/news/kirby"),
            "description": "أكد كيربي…",
        },
        {
            "title": "واشنطن تؤكد جدول الانسحاب",
            "link": web.url("/news/dijla-9"),
            "description": "مقتطف",
            "content": (FIXTURES / "dijla-kirby.html").read_text(encoding="utf-8"),
        },
    ]
    return web.route("/feed.xml", rss("شبكة الأخبار", items), "application/rss+xml")


async def test_a_teaser_is_fetched_as_a_page_and_a_full_entry_is_read_as_it_is(record, web):
    url = serve_news(web)
    IngestStore(record).add_feed(url, origin="config", now=NOW)
    summary = await poll_due_feeds(record, NOW, interval=INTERVAL, fetch=LOCAL)
    assert (summary.polled, summary.entries_new, summary.failed) == (1, 2, 0)
    assert web.hits["/news/kirby"] == 1 and web.hits["/news/dijla-9"] == 0
    store = IngestStore(record)
    kirby = next(i for i in store.pending(50) if KIRBY_QUOTE in i.statement.text_ar)
    assert len(kirby.reports) == 2  # one quote, two articles: one statement, two sources
    assert {name for name, _ in kirby.reports} == {"شبكة الأخبار"}


async def test_an_unchanged_feed_is_asked_with_its_validators_and_answers_304(record, web):
    url = serve_news(web)
    store = IngestStore(record)
    store.add_feed(url, origin="config", now=NOW)
    await poll_due_feeds(record, NOW, interval=INTERVAL, fetch=LOCAL)
    soon = NOW + timedelta(minutes=5)
    assert (await poll_due_feeds(record, soon, interval=INTERVAL, fetch=LOCAL)).polled == 0
    later = NOW + INTERVAL
    summary = await poll_due_feeds(record, later, interval=INTERVAL, fetch=LOCAL)
    assert (summary.polled, summary.not_modified, summary.entries_new) == (1, 1, 0)
    feed_requests = [r for r in web.requests if r[0] == "/feed.xml"]
    assert feed_requests[0][1:] == (None, None)
    assert feed_requests[-1][1] == web.routes["/feed.xml"].etag
    assert feed_requests[-1][2] == web.routes["/feed.xml"].last_modified
    assert store.feeds()[0].next_poll == (later + INTERVAL).isoformat()


async def test_a_changed_feed_gives_only_its_new_entries(record, web):
    url = serve_news(web)
    IngestStore(record).add_feed(url, origin="config", now=NOW)
    await poll_due_feeds(record, NOW, interval=INTERVAL, fetch=LOCAL)
    web.route(
        "/news/new",
        "<html><body><article><p>"
        + "خبر بلا تصريحات عن الطقس في بغداد اليوم. " * 30
        + "</p></article></body></html>",
    )
    items = [
        {"title": "جديد", "link": web.url("/news/new"), "description": "…"},
        {"title": "قديم", "link": web.url("/news/kirby")},
    ]
    web.route("/feed.xml", rss("شبكة الأخبار", items), "application/rss+xml")
    summary = await poll_due_feeds(record, NOW + INTERVAL, interval=INTERVAL, fetch=LOCAL)
    assert summary.entries_new == 1 and web.hits["/news/kirby"] == 1


async def test_a_failing_feed_counts_its_errors_and_waits_longer_each_time(record, web):
    url = serve_news(web)
    web.fail("/feed.xml", 503)
    store = IngestStore(record)
    store.add_feed(url, origin="config", now=NOW)
    now = NOW
    for errors in (1, 2, 3):
        summary = await poll_due_feeds(record, now, interval=INTERVAL, fetch=LOCAL)
        [feed] = store.feeds()
        assert (summary.failed, feed.errors, feed.last_error) == (1, errors, "HTTP 503")
        assert feed.next_poll == (now + INTERVAL * 2**errors).isoformat()
        later = await poll_due_feeds(record, now + INTERVAL, interval=INTERVAL, fetch=LOCAL)
        assert later.polled == 0  # backing off
        now = now + INTERVAL * 2**errors
    web.routes["/feed.xml"].status = 200
    await poll_due_feeds(record, now, interval=INTERVAL, fetch=LOCAL)
    assert store.feeds()[0].errors == 0
    assert backoff(INTERVAL, 30) == timedelta(days=1)


async def test_a_page_that_is_not_a_feed_is_an_error(record, web):
    url = web.route("/not-a-feed", "<html><body>hello</body></html>")
    store = IngestStore(record)
    store.add_feed(url, origin="config", now=NOW)
    await poll_due_feeds(record, NOW, interval=INTERVAL, fetch=LOCAL)
    assert store.feeds()[0].errors == 1 and store.feeds()[0].last_error.startswith("not a feed")


def test_atom_feeds_are_read_too():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
    <entry><title>One</title><link href="http://127.0.0.1/a"/>
    <updated>2021-12-08T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Kirby said the forces would leave.&lt;/p&gt;</content>
    </entry></feed>"""
    title, [entry] = parse_feed(atom)
    assert title == "Atom news" and entry.link == "http://127.0.0.1/a"
    assert entry.published.isoformat() == "2021-12-08" and "Kirby said" in entry.text
    with pytest.raises(FetchError):
        parse_feed(b"this is not xml at all <<<")


async def test_feeds_are_managed_by_admins_in_chat(raqib_chat, web):
    chat = raqib_chat
    chat.allow_local_fetch()  # /feeds add fetches the feed once before keeping it
    url = serve_news(web)
    say = lambda text: chat.send(text, chat_id=ADMIN_ID, language_code="en")  # noqa: E731
    assert await say("/feeds") == ["No feeds yet. /feeds add URL"]
    assert (await say(f"/feeds add {url}"))[0].startswith(
        "📡 Feed added (#1); it is read within a minute, then every 30 minutes."
    )
    assert (await say(f"/feeds add {url}")) == ["That feed is already polled (#1)."]
    assert (await say("/feeds"))[0].splitlines() == ["📡 Feeds:", f"#1 {url}"]
    assert (await say("/feeds remove 1")) == [f"Feed removed: {url}"]
    assert (await say("/feeds")) == ["No feeds yet. /feeds add URL"]
    assert (await say("/feeds add ftp://x")) == ["Give an http(s) URL."]


async def test_the_feed_job_takes_a_new_article_to_review_cards_and_an_alert(raqib_chat, web):
    """The whole way in from a feed, through the chat: the admin adds the feed, the JobQueue
    job polls it, the admin gets the cards, approves, and a follower is alerted."""
    chat = raqib_chat
    chat.app.bot_data["clock"] = make_clock(NOW)
    chat.allow_local_fetch()
    url = serve_news(web)
    await chat.send("/lang en")
    await chat.send("/follow all", language_code="en")
    await chat.send(f"/feeds add {url}", chat_id=ADMIN_ID, language_code="en")
    await chat.app.start()  # the JobQueue runs from here on
    try:
        from bot.feeds import feed_job

        chat.app.job_queue.run_once(feed_job, 0)
        for _ in range(200):
            if any(
                r["chat_id"] == ADMIN_ID
                and r.get("reply_markup")
                and KIRBY_QUOTE in r["plain_text"]
                for r in chat.api.sent
            ):
                break
            await asyncio.sleep(0.05)
        card = next(
            r
            for r in chat.api.sent
            if r["chat_id"] == ADMIN_ID and r.get("reply_markup") and KIRBY_QUOTE in r["plain_text"]
        )
        # The admin writes with Telegram language en: the feed's cards are English too (one rule).
        assert "John Kirby" in card["plain_text"] and "جون كيربي" not in card["plain_text"]
        approve = next(
            b["callback_data"]
            for row in card["reply_markup"]["inline_keyboard"]
            for b in row
            if b["callback_data"].startswith("rv:a:")
        )
        before = len(chat.api.sent)
        await chat.process(
            chat.api.new_callback_query(ADMIN_ID, ADMIN_ID, approve, card["message_id"])
        )
        [alert] = [r["plain_text"] for r in chat.api.sent[before:] if r["chat_id"] == PRIVATE_CHAT]
        assert alert.startswith("📣 John Kirby changed position")
        assert web.url("/news/kirby") in alert
    finally:
        await chat.app.stop()


async def test_feeds_add_refuses_a_page_that_is_not_a_feed_and_says_why(raqib_chat, web):
    chat = raqib_chat
    chat.allow_local_fetch()
    page = web.route("/page", "<html><body>hello</body></html>")
    say = lambda text: chat.send(text, chat_id=ADMIN_ID, language_code="en")  # noqa: E731
    [refused] = await say(f"/feeds add {page}")
    assert refused.startswith("Not added: that link gives no feed I can read (")
    assert "not a feed" in refused
    [gone] = await say(f"/feeds add {web.url('/missing')}")
    assert "HTTP 404" in gone
    assert await say("/feeds") == ["No feeds yet. /feeds add URL"]
    [arabic] = await chat.send(f"/feeds add {page}", chat_id=ADMIN_ID, language_code="ar")
    assert "لم تُضف" in arabic
