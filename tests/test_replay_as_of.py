"""Issue 11 item 13: a `--now` replay knows nothing said after "now". Through the real
Application (a replay's chat) and through respond(replay=True), what `ask --now --replay` calls;
without --replay, --now only moves the clock and the whole record answers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.clock import make_clock
from story.respond import respond

BAGHDAD = timezone(timedelta(hours=3))


async def test_a_replay_chat_does_not_show_statements_dated_after_now(raqib_chat):
    chat = raqib_chat
    chat.app.bot_data["replay"] = True
    chat.app.bot_data["clock"] = make_clock(datetime(2021, 11, 21, 12, 0, tzinfo=BAGHDAD))
    [reply] = await chat.send("what did Khafaji say?", language_code="en")
    assert "22 November 2021" not in reply, reply
    [kirby] = await chat.send("what did Kirby say?", language_code="en")
    assert "20 November 2021" in kirby  # what was said before "now" is still known
    chat.app.bot_data["clock"] = make_clock(datetime(2021, 11, 23, 12, 0, tzinfo=BAGHDAD))
    [live] = await chat.send("what did Khafaji say?", language_code="en")
    assert "22 November 2021" in live


def test_respond_as_of_now_replays_the_record_as_it_stood(record):
    """What `ask --now --replay` calls: the record as it stood at that moment."""
    early = datetime(2021, 11, 19, 12, 0, tzinfo=BAGHDAD)
    assert "20 November 2021" not in respond("what did Kirby say?", record, early, replay=True).text
    later = early + timedelta(days=2)
    assert "20 November 2021" in respond("what did Kirby say?", record, later, replay=True).text


def test_without_replay_now_only_moves_the_clock(record):
    """Statements carry the date they were reported; a question asked at --now still finds
    them unless the run is a replay."""
    early = datetime(2021, 11, 19, 12, 0, tzinfo=BAGHDAD)
    assert "20 November 2021" in respond("what did Kirby say?", record, early).text

