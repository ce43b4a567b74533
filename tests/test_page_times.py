"""A web page's published time (chores item 1): fetched by URL, a page that gives its time
(meta article:published_time, JSON-LD datePublished, <time datetime>) dates its statements to
the second, so two articles of one day order by when they were said, not by entry. Pages
are served from 127.0.0.1; hostile ones (bad dates, no zone, huge attributes, the future)
give the day at most, never a wrong time or an error."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from conftest import ADMIN_ID
from web_server import WebServer

from bot.config import FetchConfig
from bot.fetching import Fetcher, fetch_article
from storage.review_store import IngestStore
from story.intake import said_at_of

BAGHDAD = timezone(timedelta(hours=3))
# Written for these tests: two short reports of one day (the fixed clock's, 2021-11-25), each
# quoting the tracked Pentagon spokeswoman once.
EARLY_QUOTE = "سيبقى المستشارون والمدربون في العراق بعد انتهاء المهمة القتالية"
LATE_QUOTE = "الموعد ثابت ولن يكون هناك أي تمديد لبقاء القوات الأمريكية بعد نهاية العام"
FILLER = (
    "<p>تتواصل المحادثات بين بغداد وواشنطن حول شكل العلاقة الأمنية في المرحلة المقبلة، وتعقد"
    " اللجان الفنية اجتماعاتها الأسبوعية في العاصمة منذ مطلع الشهر الماضي.</p>"
)
ENGLISH = "<p>" + "Talks on the security relationship went on through the week. " * 12 + "</p>"


def report(quote: str, head: str = "", body_extra: str = "") -> str:
    """A small news page: a headline, the spokeswoman's quote, some context."""
    return (
        f"<html><head><title>تقرير</title>{head}</head><body><article><h1>تقرير عن الانسحاب</h1>"
        f'{body_extra}<p>المتحدثة باسم البنتاغون جيسكا مكنولتي: "{quote}".</p>{FILLER}{FILLER}'
        "</article></body></html>"
    )


def meta_time(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


async def test_two_pages_of_one_day_order_by_their_published_time(raqib_chat) -> None:
    """The later-said page is read first: the actor's statements still run in said order,
    each at its page's instant (UTC), not in the order the admin sent the links."""
    raqib_chat.allow_local_fetch()
    with WebServer() as web:
        late = web.route("/late", report(LATE_QUOTE, meta_time("2021-11-25T10:30:00+03:00")))
        early = web.route(
            "/early",
            report(
                EARLY_QUOTE,
                '<script type="application/ld+json">{"@type": "NewsArticle",'
                ' "datePublished": "2021-11-25T06:15:00+03:00"}</script>',
            ),
        )
        for url in (late, early):
            replies = await raqib_chat.send(url, chat_id=ADMIN_ID, language_code="en")
            assert replies[1].startswith("📥 Read “"), replies
    items = IngestStore(raqib_chat.app.bot_data["record"]).latest_of("jessica-mcnulty")
    said = [
        (i.statement.said_at, quote)
        for i in items
        for quote in ("late", "early")
        if (LATE_QUOTE if quote == "late" else EARLY_QUOTE) in i.statement.text_ar
    ]
    assert said == [
        (datetime(2021, 11, 25, 7, 30, tzinfo=UTC), "late"),
        (datetime(2021, 11, 25, 3, 15, tzinfo=UTC), "early"),
    ]


@pytest.mark.parametrize(
    "head, body_extra",
    [
        (meta_time("2021-11-25T06:15:00+03:00"), ""),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org",'
            ' "@type": "NewsArticle", "datePublished": "2021-11-25T03:15:00Z"}</script>',
            "",
        ),
        ("", '<time datetime="2021-11-25T06:15:00+03:00">25 November</time>'),
    ],
    ids=["meta", "json-ld", "time-element"],
)
async def test_a_page_gives_its_published_time_in_each_usual_place(head, body_extra) -> None:
    with WebServer() as web:
        url = web.route("/a", report(LATE_QUOTE, head, body_extra) + ENGLISH)
        async with Fetcher(FetchConfig(allow_private_fetch=True)) as fetcher:
            article = await fetch_article(fetcher, url)
    assert article.published_at == datetime(2021, 11, 25, 3, 15, tzinfo=UTC)
    assert article.published is not None and article.published.isoformat() == "2021-11-25"


def _later_today() -> str:
    return (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize(
    "head, body_extra",
    [
        (meta_time("2021-13-45T09:05:00Z"), ""),  # no such month or day
        (meta_time("2021-11-25T09:05:00-25:00"), ""),  # no such zone
        (meta_time("2021-11-25T09:05:00"), ""),  # no zone: the hour means nothing
        (meta_time("2021-11-25"), ""),  # a day only
        (meta_time("2099-11-25T09:05:00Z"), ""),  # far future
        (meta_time(_later_today()), ""),  # later than now
        (meta_time("x" * 2_000_000), ""),
        ("", '<time datetime="' + "1" * 2_000_000 + '">soon</time>'),
        ('<script type="application/ld+json">{"datePublished": "' + "2" * 2_000_000 + '"}</script>',
         ""),
        ('<script type="application/ld+json">{"datePublished": [1, {"x": null}]}</script>', ""),
    ],
    ids=["bad-date", "bad-zone", "no-zone", "day-only", "far-future", "later-today",
         "huge-meta", "huge-time", "huge-json-ld", "json-ld-not-text"],
)
async def test_a_hostile_page_time_is_ignored_and_the_text_still_read(head, body_extra) -> None:
    with WebServer() as web:
        url = web.route("/a", report(LATE_QUOTE, head, body_extra) + ENGLISH)
        async with Fetcher(FetchConfig(allow_private_fetch=True)) as fetcher:
            article = await fetch_article(fetcher, url)
    assert article.published_at is None
    assert LATE_QUOTE in article.text
    if article.published is not None:  # a day, when one was readable, is never in the future
        assert article.published <= datetime.now(BAGHDAD).date()


def test_a_page_time_counts_on_the_day_the_page_names_in_its_own_zone() -> None:
    """01:30 at +05:00 on the 25th is the 24th in UTC and in Baghdad: the page's day (the
    25th, which its statements are dated) still takes the time."""
    moment = datetime(2021, 11, 25, 1, 30, tzinfo=timezone(timedelta(hours=5)))
    assert said_at_of(moment, date(2021, 11, 25), BAGHDAD) == moment
    assert said_at_of(moment, date(2021, 11, 23), BAGHDAD) is None  # another day's statement
