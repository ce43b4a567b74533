"""Story packs that must not load (issue 12): typo'd tables and fields, another story's ids,
files that are not UTF-8 text, directories, years 1 and 9999, nesting too deep. Each gives
one line naming the file, the entry and the field, exit status 1, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from storage import Record

STORY = '[story]\nid = "test-story"\ntitle_en = "Test"\ntitle_ar = "اختبار"\n'
ACTOR = (
    '[[actors]]\nid = "test-actor"\nkind = "person"\nname_en = "Test Speaker"\nname_ar = "متحدث"\n'
)
STATEMENT = (
    '[[statements]]\nid = "test-1"\nactor = "test-actor"\nkind = "direct"\ndate = 2021-12-01\n'
    'text_en = "A test line."\ntext_ar = "سطر"\n'
)
DEADLINE = (
    '[[deadlines]]\nid = "test-deadline"\ntitle_en = "T"\ntitle_ar = "ت"\n'
    "due = 2021-12-31T23:59:00\n"
)


def _load(tmp_path: Path, capsys, pack: Path) -> tuple[int, list[str]]:
    code = main(["load", str(pack), "--db", str(tmp_path / "r.db")])
    err = capsys.readouterr().err.strip().splitlines()
    return code, err


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "pack.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


CASES = [
    (
        STORY + ACTOR + STATEMENT.replace("[[statements]]", "[[statments]]"),
        "unknown table 'statments'",
    ),
    (
        STORY + ACTOR + STATEMENT.replace("kind =", "knid = 1\nkind ="),
        "statements[0] (id 'test-1'): unknown field 'knid'",
    ),
    (STORY.replace("title_ar", "titel_ar"), "story: unknown field 'titel_ar'"),
    (
        STORY + ACTOR + STATEMENT.replace("2021-12-01", "0001-01-01"),
        "field 'date': year 1 is outside",
    ),
    (STORY + DEADLINE.replace("2021-12-31", "9999-12-31"), "field 'due': year 9999 is outside"),
    (STORY + "x = " + "[" * 5000 + "]" * 5000 + "\n", "unknown table 'x'|nested too deeply"),
    ("a = " + "[" * 50000 + "]" * 50000 + "\n", "nested too deeply|not valid TOML"),
    (  # a time without its zone could be any of 24 hours
        STORY + ACTOR + STATEMENT + "said_at = 2021-12-01T09:05:00\n",
        "field 'said_at': expected a time with its zone",
    ),
    (STORY + ACTOR + STATEMENT + 'said_at = "soon"\n', "field 'said_at': expected a time"),
    (
        STORY + ACTOR + STATEMENT + "said_at = 2021-12-09T09:05:00Z\n",
        "field 'said_at': 2021-12-09T09:05:00+00:00 is not on the statement's date 2021-12-01",
    ),
]


@pytest.mark.parametrize(("text", "says"), CASES)
def test_a_bad_pack_is_one_line_and_exit_1(tmp_path, capsys, text, says):
    code, err = _load(tmp_path, capsys, _write(tmp_path, text))
    assert code == 1 and len(err) == 1, err
    assert err[0].startswith(f"python -m bot: story pack: {tmp_path / 'pack.toml'}") and any(
        s in err[0] for s in says.split("|")
    ), err


def test_not_utf8_and_a_directory(tmp_path, capsys):
    code, err = _load(
        tmp_path, capsys, _write(tmp_path, STORY.encode("utf-8") + b'summary_en = "\xff\xfe"\n')
    )
    assert code == 1 and len(err) == 1 and "not UTF-8 text (byte 0xff" in err[0]
    (tmp_path / "dir.toml").mkdir()
    code, err = _load(tmp_path, capsys, tmp_path / "dir.toml")
    assert code == 1 and err == [
        f"python -m bot: story pack: {tmp_path / 'dir.toml'}: cannot read: Is a directory"
    ]


def test_a_pack_cannot_take_over_another_storys_rows(tmp_path, capsys):
    record = Record.open(tmp_path / "r.db")
    main_deadline = next(d for d in record.db["deadlines"].rows if d["main"])
    statements = record.db["statements"].count
    pack = _write(
        tmp_path,
        STORY
        + DEADLINE.replace("test-deadline", main_deadline["id"]).replace(
            "2021-12-31", "2030-05-31"
        ),
    )
    record.db.close()
    code, err = _load(tmp_path, capsys, pack)
    assert code == 1 and len(err) == 1
    assert (
        f"deadlines: id {main_deadline['id']!r} belongs to story {main_deadline['story_id']!r}"
        in err[0]
    )
    record = Record.open(tmp_path / "r.db")
    assert record.db["deadlines"].get(main_deadline["id"])["due"] == main_deadline["due"]
    assert record.db["statements"].count == statements and not record.db["stories"].count_where(
        "id = 'test-story'"
    )


def test_a_good_pack_still_loads(tmp_path, capsys):
    code = main(
        [
            "load",
            str(_write(tmp_path, STORY + ACTOR + STATEMENT + DEADLINE)),
            "--db",
            str(tmp_path / "r.db"),
        ]
    )
    assert code == 0 and "added" in capsys.readouterr().out


def test_a_statements_said_at_loads_in_utc(tmp_path, capsys):
    """`said_at` as a TOML time or text, in any zone, is stored in UTC; one a little past
    UTC midnight still belongs to the day it was said locally."""
    timed = STATEMENT + "said_at = 2021-12-01T01:30:00+03:00\n"
    other = STATEMENT.replace("test-1", "test-2") + 'said_at = "2021-12-01T09:05:00Z"\n'
    code = main(["load", str(_write(tmp_path, STORY + ACTOR + timed + other)), "--db",
                 str(tmp_path / "r.db")])
    assert code == 0, capsys.readouterr().err
    rows = Record.open(tmp_path / "r.db").db.execute(
        "SELECT id, said_at FROM statements WHERE story_id = 'test-story' ORDER BY id"
    ).fetchall()
    assert rows == [("test-1", "2021-11-30T22:30:00Z"), ("test-2", "2021-12-01T09:05:00Z")]
