"""Issue 11 item 13: a `--now` replay knows nothing said after "now". Through the real
Application (a replay's chat) and through `python -m bot ask --now`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.cli import main
from bot.clock import make_clock

BAGHDAD = timezone(timedelta(hours=3))


async def test_a_replay_chat_does_not_show_statements_dated_after_now(raqib_chat):
    chat = raqib_chat
    chat.app.bot_data["replay"] = True
    chat.app.bot_data["clock"] = make_clock(datetime(2021, 11, 21, 12, 0, tzinfo=BAGHDAD))
    [reply] = await chat.send("what did Khafaji say?", language_code="en")
    assert "22 November 2021" not in reply, reply
    [kirby] = await chat.send("what did Kirby say?", language_code="en")
    assert "20 November 2021" in kirby  # what was said before "now" is still known
    chat.app.bot_data["replay"] = False  # live: the record as it is
    [live] = await chat.send("what did Khafaji say?", language_code="en")
    assert "22 November 2021" in live


def test_ask_with_now_replays_the_record_as_it_stood(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    assert (
        main(["ask", "--db", db, "--now", "2021-11-19T12:00:00+03:00", "what did Kirby say?"]) == 0
    )
    assert "20 November 2021" not in capsys.readouterr().out
    assert (
        main(["ask", "--db", db, "--now", "2021-11-21T12:00:00+03:00", "what did Kirby say?"]) == 0
    )
    assert "20 November 2021" in capsys.readouterr().out
