"""/newstory as a guided conversation through the real Application: the Arabic title, the
English title, the deadline's date (and zone), the first actor, each checked and asked
again when wrong; /cancel and the conversation's timeout (PTB's JobQueue, really run) end it
with nothing created; the one-line /newstory still works; non-admins are refused."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import ADMIN_ID

from handlers import newstory_talk

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TITLE_AR = "انتخابات مجلس النواب العراقي 2029"
TITLE_EN = "Iraq's parliamentary election 2029"


def admin(chat):
    async def say(text: str) -> str:
        return "\n".join(await chat.send(text, chat_id=ADMIN_ID, user_id=ADMIN_ID,
                                         language_code="en"))
    return say


async def test_an_admin_is_asked_in_turn_and_the_story_is_created(raqib_chat) -> None:
    say = admin(raqib_chat)
    record = raqib_chat.app.bot_data["record"]
    before = {s.id for s in record.stories()}
    assert "1/4" in await say("/newstory") and "Arabic" in await say("/newstory")  # re-entry
    assert "2/4" in await say(TITLE_AR)
    assert "3/4" in await say(TITLE_EN)
    assert "Not a date" in await say("2029-13-40")
    assert "Not a time zone" in await say("2029-11-11T08:00 Mars/Base")
    assert "4/4" in await say("2029-11-11T08:00")  # the chat's zone: Asia/Baghdad
    assert {s.id for s in record.stories()} == before  # nothing made before the last answer
    assert "No tracked actor" in await say("Nobody We Know")
    done = await say("new: Independent High Electoral Commission | المفوضية العليا المستقلة")
    assert done.startswith("✅ Story iraq-s-parliamentary-election-2029 created")
    assert "First actor: Independent High Electoral Commission" in done
    [story] = [s for s in record.stories() if s.id not in before]
    assert (story.title_ar, story.title_en) == (TITLE_AR, TITLE_EN)
    [deadline] = record.deadlines(story.id)
    assert deadline.main and deadline.title_ar == TITLE_AR
    assert deadline.due == datetime(2029, 11, 11, 8, 0, tzinfo=ZoneInfo("Asia/Baghdad"))
    assert any(a.name_ar == "المفوضية العليا المستقلة" for a in record.actors().values())
    listing = await say("/story")
    assert any(TITLE_EN in line and "left" in line for line in listing.splitlines())
    assert "Kirby" in await say("what did Kirby say?")  # the conversation is over: a question


async def test_a_tracked_actor_and_cancel_and_the_one_line_form(raqib_chat) -> None:
    say = admin(raqib_chat)
    record = raqib_chat.app.bot_data["record"]
    before = {s.id for s in record.stories()}
    await say("/newstory")
    await say(TITLE_AR)
    assert "No story created" in await say("/cancel")
    assert {s.id for s in record.stories()} == before
    for line in ("/newstory", "عنوان", "Vote", "2030-01-01 UTC"):
        await say(line)
    assert "First actor: John Kirby" in await say("Kirby")
    assert record.deadlines("vote")[0].timezone == "UTC"
    one_line = await say("/newstory vote-2031 vote-2031-day 2031-05-01 UTC A vote")
    assert one_line.startswith("✅ Story vote-2031 created")
    refused = await raqib_chat.send("/newstory", chat_id=4242, language_code="en")
    assert refused == ["Only Raqib's admins can do that."]


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr(newstory_talk, "TIMEOUT_SECONDS", 0.5)


async def test_an_unanswered_conversation_times_out(short_timeout, raqib_chat) -> None:
    say = admin(raqib_chat)
    jobs = raqib_chat.app.job_queue
    await jobs.start()
    try:
        await say("/newstory")
        await say(TITLE_AR)
        deadline = asyncio.get_running_loop().time() + 10
        while not any("stopped" in m["plain_text"] for m in raqib_chat.api.sent):
            assert asyncio.get_running_loop().time() < deadline, "no timeout message"
            await asyncio.sleep(0.05)
    finally:
        await jobs.stop()
    [stopped] = [m["plain_text"] for m in raqib_chat.api.sent if "stopped" in m["plain_text"]]
    assert stopped.startswith("/newstory stopped") and "No story created" in stopped
    assert "Kirby" in await say("what did Kirby say?")  # not taken as the English title
