"""The live story kept current from the chat: the outcome question admins get once when a
deadline passes with none recorded (its buttons call the story service; a non-admin is
refused), /story's states, /newstory, and deadline news for the story's own audience only.
Real Application (raqib_chat), real SQLite."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import ADMIN_ID

from bot.clock import make_clock
from bot.outcome_ask import digest
from storage.review_store import IngestStore
from storage.story_store import StoryStore
from storage.subscriptions import NewSubscription
from story.models import Deadline

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

AFTER_SYRIA = datetime(2026, 10, 5, 12, 0, tzinfo=ZoneInfo("Asia/Baghdad"))
SYRIA = "coalition-syria-mission-from-iraq-end"
SYRIA_STORY = "us-iraq-coalition-transition-2024-2026"


@pytest.fixture
def fixed_clock():
    """After the Syria deadline (30 Sep 2026), which the pack leaves without an outcome."""
    return make_clock(AFTER_SYRIA)


def questions(chat) -> list[dict]:
    return [m for m in chat.api.sent if m["chat_id"] == ADMIN_ID and "❓" in m["plain_text"]]


async def tick(chat) -> None:
    service = chat.app.bot_data["reminders"]
    await service.tick()
    await service.deliver_now()


async def press(chat, message: dict, data: str, user: int = ADMIN_ID) -> None:
    await chat.process(
        chat.api.new_callback_query(message["chat_id"], user, data, message["message_id"])
    )


async def test_admins_are_asked_once_and_a_button_records_the_outcome(raqib_chat) -> None:
    await raqib_chat.send("/lang en", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    await tick(raqib_chat)
    await tick(raqib_chat)  # a second tick asks nothing again
    [asked] = questions(raqib_chat)
    assert "Syria" in asked["plain_text"] and "no outcome is recorded" in asked["plain_text"]
    StoryStore(raqib_chat.app.bot_data["record"]).ask_for_outcomes({ADMIN_ID}, AFTER_SYRIA)
    await raqib_chat.app.bot_data["reminders"].deliver_now()
    assert len(questions(raqib_chat)) == 1  # the ledger's key: once, even asked again
    # A non-admin pressing a button is refused and nothing is recorded.
    await press(raqib_chat, asked, f"oc:met:{digest(SYRIA)}", user=4242)
    record = raqib_chat.app.bot_data["record"]
    assert next(d for d in record.deadlines() if d.id == SYRIA).outcome is None
    await press(raqib_chat, asked, f"oc:missed:{digest(SYRIA)}")
    [syria] = [d for d in record.deadlines() if d.id == SYRIA]
    assert syria.outcome.status == "missed" and syria.outcome.decided == AFTER_SYRIA.date()
    edited = raqib_chat.api.get_message(ADMIN_ID, asked["message_id"])
    assert "recorded: missed" in edited["text"]
    countdown = await raqib_chat.send("/countdown", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert any("Status: missed" in t for t in countdown)
    await tick(raqib_chat)
    assert len(questions(raqib_chat)) == 1  # recorded: never asked again


async def test_deadline_news_reaches_the_storys_audience_only(raqib_chat) -> None:
    record = raqib_chat.app.bot_data["record"]
    now = AFTER_SYRIA
    ingest = IngestStore(record)
    ingest.follow(6001, "hussein-allawi", now)  # quoted in the 2024-2026 story
    ingest.follow(6002, "john-kirby", now)  # quoted only in the 2021 story
    ingest.follow(6003, "*", now)  # every actor
    raqib_chat.app.bot_data["subscriptions"].subscribe(NewSubscription(6004, SYRIA), now)
    told = StoryStore(record).record_outcome(SYRIA, "met", now.date(), now)
    assert told == 3
    await raqib_chat.app.bot_data["reminders"].deliver_now()
    got = {m["chat_id"] for m in raqib_chat.api.sent if "📌" in m["plain_text"]}
    assert got == {6001, 6003, 6004}


async def test_story_shows_each_deadline_ahead_or_passed_with_its_outcome(raqib_chat) -> None:
    [listing] = await raqib_chat.send("/story", language_code="en")
    lines = listing.splitlines()
    assert any(line.startswith("▶") for line in lines)
    assert any("US combat" in line and "passed" in line and ", met" in line for line in lines)
    assert any("Syria" in line and "outcome not recorded yet" in line for line in lines)
    assert "pending" not in listing


async def test_an_admin_starts_a_new_story_in_one_line_and_it_is_checked(raqib_chat) -> None:
    send = raqib_chat.send
    def admin(t):
        return send(t, chat_id=ADMIN_ID, user_id=ADMIN_ID, language_code="en")
    assert (await send("/newstory a b 2027-01-01 UTC T", language_code="en")) == [
        "Only Raqib's admins can do that."
    ]
    assert (await admin("/newstory x"))[0].startswith("Usage: /newstory")
    assert (
        "Not a time zone" in (await admin("/newstory vote-2027 vote 2027-05-01 Mars/Base Vote"))[0]
    )
    assert "Not a date" in (await admin("/newstory vote-2027 vote 2027-13-01 UTC Vote"))[0]
    assert "Ids are" in (await admin("/newstory Vote_2027! vote 2027-05-01 UTC Vote"))[0]
    assert "exists" in (await admin(f"/newstory vote-2027 {SYRIA} 2027-05-01 UTC Vote"))[0]
    record = raqib_chat.app.bot_data["record"]
    assert "vote-2027" not in {s.id for s in record.stories()}  # nothing half-made
    done = await admin("/newstory vote-2027 vote 2027-05-01T18:00 Asia/Baghdad Iraq's vote")
    assert done[0].startswith("✅ Story vote-2027 created") and "18:00" in done[0]
    [deadline] = record.deadlines("vote-2027")
    assert deadline.due == datetime(2027, 5, 1, 18, 0, tzinfo=ZoneInfo("Asia/Baghdad"))
    [listing] = await admin("/story")
    assert any("Iraq's vote" in line and "left" in line for line in listing.splitlines())


async def test_actor_shows_the_latest_stance_in_each_story_they_spoke_in(raqib_chat) -> None:
    record = raqib_chat.app.bot_data["record"]
    name = record.actors()["us-dod"].name_en
    [profile] = await raqib_chat.send(f"/actor {name}", language_code="en")
    block = profile.split("Latest position in each story:")[1].strip().splitlines()
    stances = record.stances()
    assert len(block) == 2
    assert "US combat" in block[0] and stances["committed_to_deadline"].label_en in block[0]
    assert stances["coalition_mission_ends_on_timetable"].label_en in block[1]
    assert "29 August 2025" in block[1]
    [kirby] = await raqib_chat.send("/actor Kirby", language_code="en")
    assert "Latest position in each story" not in kirby  # one story only


async def test_an_admin_who_never_started_the_bot_is_skipped_quietly(raqib_chat) -> None:
    """Telegram refuses to open a chat with a user who never wrote to the bot (403 "bot can't
    initiate conversation"): that admin is not asked, their chat is not marked blocked nor its
    subscriptions stopped, the other admin is asked exactly once, and nobody is asked again."""
    other = 778
    service = raqib_chat.app.bot_data["reminders"]
    service.config = replace(service.config, admins=frozenset({ADMIN_ID, other}))
    raqib_chat.api.not_started.add(other)
    record = raqib_chat.app.bot_data["record"]
    ahead = Deadline("vote-2027", SYRIA_STORY, "A vote", "تصويت",
                     datetime(2027, 5, 1, tzinfo=ZoneInfo("Asia/Baghdad")), "Asia/Baghdad")
    StoryStore(record).add_deadline(ahead)
    subs = raqib_chat.app.bot_data["subscriptions"]
    subs.subscribe(NewSubscription(other, "vote-2027"), AFTER_SYRIA)
    await tick(raqib_chat)
    await tick(raqib_chat)
    refused = [c for c in raqib_chat.api.calls
               if c.method == "sendMessage" and str(c.params.get("chat_id")) == str(other)]
    assert len(refused) == 1 and refused[0].status == 403  # tried once, never again
    assert len(questions(raqib_chat)) == 1  # the admin who started the bot: asked once
    [sub] = subs.subscriptions(other)
    assert sub.state == "active"  # not "blocked": nothing of theirs was stopped
    assert service.stats.blocked == 0
    assert subs.ledger_counts().get("failed") == 1
    raqib_chat.api.not_started.discard(other)  # they start the bot later: still not re-asked
    await tick(raqib_chat)
    assert not [m for m in raqib_chat.api.sent if m["chat_id"] == other]
