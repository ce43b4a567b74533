"""Ingestion and review in storage: items are read once, one quote from several outlets is one
statement with several sources, candidates wait for review, every change is audited, and a
position moves only when an approved statement says so. Real SQLite, real extractor."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.fetching import _entry_text, article_from_html
from bot.pipeline import ingest_text
from storage import Record
from storage.review_store import IngestStore
from story.intake import (
    bare_url,
    canonical_url,
    content_hash,
    looks_like_article,
    quote_key,
    same_quote,
)
from story.respond import respond

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
ADMIN = 777
KIRBY_QUOTE = "القوات القتالية الأمريكية ستغادر العراق بحلول نهاية العام الجاري"


def kirby_article() -> str:
    return article_from_html(
        (FIXTURES / "kirby-ar.html").read_text(encoding="utf-8"), "https://rafidain.example/a/1"
    ).text


def dijla_article() -> str:
    return _entry_text(
        {"content": [{"value": (FIXTURES / "dijla-kirby.html").read_text(encoding="utf-8")}]}
    )


async def read(record: Record, text: str, url: str, outlet: str):
    return await ingest_text(
        record,
        text,
        now=NOW,
        kind="url",
        url=url,
        outlet=outlet,
        published=date(2021, 12, 9),
        in_thread=False,
    )


def kirby_candidate(store: IngestStore):
    return next(
        i
        for i in store.pending(50)
        if i.statement.actor_id == "john-kirby" and KIRBY_QUOTE in i.statement.text_ar
    )


def test_urls_are_known_without_tracking_parameters_or_fragments():
    assert (
        canonical_url("HTTPS://Example.com/a/1/?utm_source=x&b=2&a=1#top")
        == "https://example.com/a/1?a=1&b=2"
    )
    assert bare_url("  https://example.com/x  ") == "https://example.com/x"
    assert bare_url("read https://example.com/x") is None


def test_the_same_text_hashes_the_same_whatever_its_spacing_or_diacritics():
    assert content_hash("قالَ  كيربي\nإن القوات") == content_hash("قال كيربي إن القوات")


def test_a_question_is_not_an_article_but_an_article_is():
    assert not looks_like_article("ماذا قال كيربي عن الانسحاب؟")
    assert looks_like_article(kirby_article())


def test_one_quote_in_slightly_different_spellings_is_the_same_quote():
    a = quote_key("القوات القتالية الأمريكية ستغادر العراق بحلول نهاية العام الجاري")
    b = quote_key("إن القوات القتالية الامريكية ستغادر العراق بحلول نهاية العام الجاري.")
    assert same_quote(a, b)
    assert not same_quote(a, quote_key("القوات الأمريكية باقية في العراق"))


async def test_candidates_wait_for_review_and_are_not_answered_from(record):
    report = await read(record, kirby_article(), "https://rafidain.example/a/1", "وكالة الرافدين")
    assert len(report.new) == 3 and not report.merged
    store = IngestStore(record)
    assert store.pending_count() == 3
    kirby = kirby_candidate(store)
    assert kirby.status == "pending" and kirby.suggested_stance == "committed_to_deadline"
    answer = respond("ماذا قال كيربي؟", record, NOW)
    assert KIRBY_QUOTE not in answer.text


async def test_the_same_article_is_read_once_by_link_or_by_text(record):
    first = await read(
        record, kirby_article(), "https://rafidain.example/a/1?utm_source=tw", "وكالة الرافدين"
    )
    assert first.new
    again_by_link = await read(
        record, "another text entirely, long enough " * 20, "https://rafidain.example/a/1", "x"
    )
    again_by_text = await read(record, kirby_article(), "https://mirror.example/copy", "mirror")
    assert again_by_link.duplicate and again_by_text.duplicate
    assert IngestStore(record).pending_count() == len(first.new)


async def test_a_quote_reported_by_two_outlets_is_one_statement_with_two_sources(record):
    await read(record, kirby_article(), "https://rafidain.example/a/1", "وكالة الرافدين")
    second = await read(record, dijla_article(), "https://dijla.example/news/9", "شبكة دجلة")
    store = IngestStore(record)
    kirby = kirby_candidate(store)
    assert kirby.statement.id in second.merged
    assert [name for name, _ in kirby.reports] == ["وكالة الرافدين", "شبكة دجلة"]
    assert [url for _, url in kirby.reports] == [
        "https://rafidain.example/a/1",
        "https://dijla.example/news/9",
    ]


async def test_approving_puts_a_statement_in_answers_and_moves_the_position(record):
    await read(record, kirby_article(), "https://rafidain.example/a/1", "وكالة الرافدين")
    store = IngestStore(record)
    kirby = kirby_candidate(store)
    outcome = store.approve(kirby.ref, ADMIN, NOW)
    assert outcome.ok and outcome.item.status == "approved"
    [change] = outcome.changes
    assert (change.actor_id, change.before, change.after) == (
        "john-kirby",
        "combat_withdrawal_advisers_stay",
        "committed_to_deadline",
    )
    assert KIRBY_QUOTE in respond("ماذا قال كيربي؟", record, NOW).text
    positions = {actor: stance for actor, stance, _ in record.current_positions()}
    assert positions["john-kirby"] == "committed_to_deadline"
    again = store.approve(kirby.ref, ADMIN, NOW)
    assert not again.ok and again.reason == "already"


async def test_an_older_statement_or_the_same_stance_moves_no_position(record):
    await read(record, kirby_article(), "https://rafidain.example/a/1", "وكالة الرافدين")
    store = IngestStore(record)
    kirby = kirby_candidate(store)
    store.set_stance(
        kirby.ref, "combat_withdrawal_advisers_stay", ADMIN, NOW
    )  # what Kirby already holds
    assert store.approve(kirby.ref, ADMIN, NOW).changes == []


async def test_rejecting_the_latest_statement_restores_the_previous_position(record):
    await read(record, kirby_article(), "https://rafidain.example/a/1", "وكالة الرافدين")
    store = IngestStore(record)
    kirby = kirby_candidate(store)
    store.approve(kirby.ref, ADMIN, NOW)
    outcome = store.delete(kirby.ref, ADMIN, NOW)
    assert [(c.before, c.after) for c in outcome.changes] == [
        ("committed_to_deadline", "combat_withdrawal_advisers_stay")
    ]
    assert KIRBY_QUOTE not in respond("ماذا قال كيربي؟", record, NOW).text


async def test_an_unknown_speaker_is_proposed_and_added_as_an_actor_on_approval(record):
    await read(record, kirby_article(), "https://rafidain.example/a/1", "وكالة الرافدين")
    store = IngestStore(record)
    item = next(i for i in store.pending(50) if not i.statement.actor_id)
    assert item.speaker_name_ar == "محمد البلداوي" and item.proposed_actor_id is not None
    outcome = store.approve(item.ref, ADMIN, NOW)
    assert outcome.ok and outcome.created_actor
    actor = record.actor_index().resolve("البلداوي")
    assert actor is not None and actor.id == outcome.created_actor
    assert "البرلمان سيتابع" in respond("ماذا قال محمد البلداوي؟", record, NOW).text


async def test_every_review_action_is_audited_with_who_when_before_and_after(record):
    await read(record, kirby_article(), "https://rafidain.example/a/1", "وكالة الرافدين")
    store = IngestStore(record)
    kirby = kirby_candidate(store)
    store.set_text(kirby.ref, "القوات القتالية الأمريكية ستغادر العراق بنهاية العام", ADMIN, NOW)
    store.set_speaker(kirby.ref, "us-dod", ADMIN, NOW)
    store.approve(kirby.ref, ADMIN, NOW + timedelta(minutes=1))
    log = store.audit_log(kirby.statement.id)
    assert [row["action"] for row in log] == ["text", "speaker", "approve"]
    assert all(row["user_id"] == ADMIN for row in log)
    assert log[0]["before"]["text_ar"].startswith(KIRBY_QUOTE) and log[0]["after"][
        "text_ar"
    ].endswith("بنهاية العام")
    assert (log[1]["before"]["actor_id"], log[1]["after"]["actor_id"]) == ("john-kirby", "us-dod")
    assert (log[2]["before"]["status"], log[2]["after"]["status"]) == ("pending", "approved")
    assert log[2]["at"] == (NOW + timedelta(minutes=1)).isoformat()


async def test_a_manual_entry_is_approved_at_once_with_its_source(record):
    store = IngestStore(record)
    outcome = store.add_statement(
        story_id=record.current_story_id(),
        actor_id="tahsin-al-khafaji",
        text="لا تمديد لبقاء القوات القتالية بعد نهاية العام",
        day=date(2021, 12, 9),
        source="قناة العراقية",
        url="https://iraqia.example/v/5",
        stance="deadline_fixed",
        user_id=ADMIN,
        now=NOW,
    )
    assert outcome.ok and outcome.item.status == "approved"
    assert [(c.before, c.after) for c in outcome.changes] == [
        ("combat_withdrawal_advisers_stay", "deadline_fixed")
    ]
    assert outcome.item.reports == (("قناة العراقية", "https://iraqia.example/v/5"),)
    assert store.audit_log(outcome.item.statement.id)[0]["action"] == "add"


def test_follows_reach_followers_of_the_actor_and_of_everyone(record):
    store = IngestStore(record)
    store.follow(1, "john-kirby", NOW)
    store.follow(2, "*", NOW)
    store.follow(3, "us-dod", NOW)
    assert store.followers("john-kirby") == [1, 2]
    assert store.unfollow(2) == 1 and store.followers("john-kirby") == [1]


@pytest.mark.parametrize("days_ago, marked", [(3, True), (10, False)])
async def test_recent_changes_are_those_of_the_last_seven_days(record, days_ago, marked):
    store = IngestStore(record)
    today = date(2022, 3, 1)  # after the pack's last Kirby words (December 2021)
    store.add_statement(
        story_id="iraq-us-withdrawal-2021",
        actor_id="john-kirby",
        text="القوات القتالية ستغادر في الموعد المتفق عليه",
        day=today - timedelta(days=days_ago),
        stance="committed_to_deadline",
        user_id=ADMIN,
        now=NOW,
    )
    changes = store.recent_changes("iraq-us-withdrawal-2021", today)
    assert (changes.get("john-kirby") == "combat_withdrawal_advisers_stay") is marked


async def test_a_speaker_named_in_arabic_gets_a_suggested_latin_name_found_in_english(record):
    from story.review_card import render_card

    await read(record, kirby_article(), "https://rafidain.example/a/1", "وكالة الرافدين")
    store = IngestStore(record)
    item = next(i for i in store.pending(50) if not i.statement.actor_id)
    assert item.suggested_name and item.suggested_name.isascii()
    card = render_card(
        item.ref, item.statement, item.status, actors=record.actors(), sources=record.sources(),
        stances=record.stances(), lang="en", suggested=item.suggested_name,
    )
    assert "Suggested spelling" in card and item.suggested_name in card
    outcome = store.approve(item.ref, ADMIN, NOW)
    actor = record.actors()[outcome.created_actor]
    assert actor.name_ar == "محمد البلداوي" and actor.name_en == item.suggested_name
    assert "البرلمان سيتابع" in respond(f"what did {item.suggested_name} say?", record, NOW).text
