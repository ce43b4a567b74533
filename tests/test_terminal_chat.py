"""The command line as a user runs it: `python -m bot chat` with piped stdin, and
`python -m bot ask --json` (one question, or --batch from stdin). Subprocesses, no token, a
database in tmp_path, the clock fixed with --now, run from tmp_path so no ./config.toml of the
checkout is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOW = "2021-11-25T12:00:00+03:00"
KIRBY_AR = "لن تبقى في العراق بعد الموعد المعلن"


@pytest.fixture
def run_bot(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "RAQIB_DB")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONUTF8"] = "1"
    db = str(tmp_path / "r.db")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args, "--db", db, "--now", NOW],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=120,
        )

    return run


def test_chat_answers_piped_lines_and_exits_at_eof(run_bot) -> None:
    result = run_bot("chat", stdin="ماذا قال كيربي؟\n/countdown\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert KIRBY_AR in out
    assert "36 يومًا" in out
    assert out.index(KIRBY_AR) < out.index("36 يومًا")  # one reply block per line, in order
    assert "you ›" not in out and "Raqib — terminal chat" not in out  # not a tty: no prompt/banner
    assert "Traceback" not in result.stderr


def test_chat_keeps_going_after_bad_lines(run_bot) -> None:
    stdin = "😀\n\n/frobnicate\n" + "x" * 4096 + "\n\u202eNOT AND OR\n/countdown\n"
    result = run_bot("chat", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "لا أعرف هذا الأمر" in result.stdout
    assert result.stdout.rstrip().endswith("الحالة: قائم")  # the last reply is the countdown
    assert "حدث خطأ" not in result.stdout
    assert "Traceback" not in result.stderr


def test_chat_stops_at_quit(run_bot) -> None:
    result = run_bot("chat", stdin="/quit\n/countdown\n")
    assert result.returncode == 0, result.stderr
    assert "36" not in result.stdout


def test_ask_json_gives_days_left(run_bot) -> None:
    result = run_bot("ask", "--json", "how many days are left until the withdrawal deadline?")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["days_left"] == 36
    assert obj["intent"] == "countdown"
    assert obj["question"] == "how many days are left until the withdrawal deadline?"
    assert "36 days 12 hours left" in obj["reply"]


def test_ask_json_batch_prints_one_object_per_line(run_bot) -> None:
    questions = ["ماذا قال كيربي؟", "What did McNulty say?", "", "كم يومًا بقي؟"]
    result = run_bot("ask", "--json", "--batch", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    objects = [json.loads(line) for line in lines]
    for question, obj in zip(questions, objects, strict=True):
        assert set(obj) == {"question", "intent", "answers", "days_left", "reply"}
        assert obj["question"] == question
        assert isinstance(obj["answers"], list)
        assert isinstance(obj["reply"], str) and obj["reply"]
    kirby, mcnulty, blank, days = objects
    assert kirby["answers"] and all(a["speaker"]["id"] == "john-kirby" for a in kirby["answers"])
    assert any(KIRBY_AR in a["text_ar"] for a in kirby["answers"])
    assert kirby["days_left"] is None
    assert {a["speaker"]["name_en"] for a in mcnulty["answers"]} == {"Jessica McNulty"}
    assert blank["answers"] == [] and blank["intent"] == "unknown"
    assert days["days_left"] == 36 and days["answers"] == []
