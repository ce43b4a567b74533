"""The desk's chat-only commands from the command line (bot.desk_cli through bot.cli main()),
over a real SQLite file with the bundled packs: review add|edit|delete, deadlines status,
timeline. Each goes through the same storage service as the chat command, is audited, and
fails in one line with a non-zero exit. Statement words are written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import Record
from storage.review_store import IngestStore

NOW = "2021-12-06T10:00:00+03:00"
WORDS = "The desk test words: the advisers stay past the end of the year."


@pytest.fixture
def cli(cli_at):
    return cli_at(NOW)


def _stance(db: str) -> str:
    record = Record.open(db)
    story = record.current_story_id()
    return IngestStore(record).stances_for(story)[0].id


def test_review_add_puts_an_approved_statement_in_the_record_and_the_audit(cli) -> None:
    code, out, err = cli(
        "review", "add", "John", "Kirby", "--text", f"  {WORDS}  ", "--date", "2021-12-05",
        "--source", "Test Wire", "--url", "https://example.org/desk", "--json",
    )
    assert code == 0, err
    added = json.loads(out)
    assert added["status"] == "approved" and added["speaker"]["actor_id"] == "john-kirby"
    assert added["text_en"] == WORDS and added["date"] == "2021-12-05"
    code, out, err = cli("ask", "who said the advisers stay past the end of the year?")
    assert code == 0 and "desk test words" in out, out
    record = Record.open(cli.db)
    assert [e["action"] for e in IngestStore(record).audit_log(added["id"])] == ["add"]
    code, out, err = cli("review", "add", "kirby", "--text", WORDS, "--date", "2021-12-05")
    assert code == 1 and "already in the record" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Nobody", "Atall", "--text", "x"), "no actor is called"),
        (("kirby", "--text", "   "), "--text is empty"),
        (("kirby", "--text", "x" * 3001), "at most 3000"),
        (("kirby", "--text", "words", "--date", "the day after never"), "--date: not a day"),
        (("kirby", "--text", "words", "--url", "ftp:/x"), "--url: not an http(s) link"),
        (("kirby", "--text", "words", "--stance", "no_such"), "has no stance"),
        (("kirby", "--text", "words", "--story", "no-such-story"), "no such story"),
    ],
)
def test_review_add_refuses_bad_input_in_one_line(cli, args: tuple[str, ...], message: str) -> None:
    code, out, err = cli("review", "add", *args)
    assert code in (1, 2) and message in err, err
    assert "Traceback" not in err and err.count("\n") == 1


def test_review_edit_corrects_words_speaker_and_stance_through_the_desk(cli) -> None:
    code, out, err = cli("review", "add", "kirby", "--text", WORDS, "--json")
    ref = f"#{json.loads(out)['ref']}"
    stance = _stance(cli.db)
    code, out, err = cli(
        "review", "edit", ref, "--text", "الكلمات المصححة للاختبار", "--speaker", "Jessica McNulty",
        "--stance", stance, "--json",
    )
    assert code == 0, err
    edited = json.loads(out)
    assert edited["text_ar"] == "الكلمات المصححة للاختبار"
    assert edited["speaker"]["actor_id"] == "jessica-mcnulty"
    assert edited["stance"] == stance
    code, out, err = cli("review", "edit", ref, "--stance", "none", "--json")
    assert code == 0 and json.loads(out)["stance"] is None
    actions = [e["action"] for e in IngestStore(Record.open(cli.db)).audit_log(edited["id"])]
    assert actions == ["add", "text", "speaker", "stance", "stance"]
    assert cli("review", "edit", ref)[0] == 2  # nothing to change
    code, out, err = cli("review", "edit", "#99999", "--text", "x")
    assert code == 1 and "no statement" in err
    code, out, err = cli("review", "edit", ref, "--stance", "no_such")
    assert code == 1 and "no such stance" in err and "Traceback" not in err


def test_review_delete_withdraws_and_says_what_it_could_not(cli) -> None:
    code, out, err = cli("review", "add", "kirby", "--text", WORDS, "--json")
    ref = f"#{json.loads(out)['ref']}"
    code, out, err = cli("review", "delete", ref, "#99999")
    assert code == 1
    assert out.splitlines() == [f"{ref}: deleted", "#99999: not deleted: no such statement"]
    code, out, err = cli("ask", "who said the advisers stay past the end of the year?")
    assert "desk test words" not in out
    assert cli("review", "delete", ref)[1].strip() == f"{ref}: not deleted: already so"


def test_deadlines_status_sets_the_main_deadline_or_a_named_one(cli) -> None:
    code, out, err = cli("deadlines", "status", "met", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["status"] == "met"
    record = Record.open(cli.db)
    main_deadline = record.deadlines(record.current_story_id())[0]
    assert done["deadline"] == main_deadline.id
    code, out, err = cli("deadlines", "status", "pending", main_deadline.id)
    assert code == 0 and out.strip() == f"deadline {main_deadline.id}: pending"
    code, out, err = cli("deadlines", "status", "met", "no-such-deadline")
    assert code == 1 and "no deadline" in err
    with pytest.raises(SystemExit) as refused:  # argparse: not a status, usage on stderr
        cli("deadlines", "status", "sideways")
    assert refused.value.code == 2


def test_timeline_writes_a_png_of_the_story_or_of_one_actor(cli, tmp_path: Path) -> None:
    story_png, actor_png = tmp_path / "story.png", tmp_path / "kirby.png"
    code, out, err = cli("timeline", "-o", str(story_png), "--json")
    assert code == 0, err
    drawn = json.loads(out)
    assert story_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and drawn["width"] > 0
    code, out, err = cli("timeline", "John", "Kirby", "-o", str(actor_png), "--json")
    assert code == 0 and json.loads(out)["actor"] == "john-kirby", err
    assert actor_png.stat().st_size > 0 and actor_png.read_bytes() != story_png.read_bytes()
    code, out, err = cli("timeline", "Nobody", "Atall", "-o", str(tmp_path / "x.png"))
    assert code == 1 and "no actor is called" in err and not (tmp_path / "x.png").exists()
