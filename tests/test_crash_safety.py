"""kill -9 at chosen moments, through real processes (issue 12): an article is either not
read at all or read with every candidate; a pack load leaves the old pack or the new one,
never a mix. The child processes are this repository's code, held at the chosen moment by a
wrapper the child script installs, then killed with SIGKILL."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.fetching import article_from_html
from bot.pipeline import ingest_text
from storage import Record
from storage.review_store import IngestStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))

INGEST_CHILD = """
import asyncio, sys, time
from datetime import datetime, timedelta, timezone
from storage import Record
from storage.review_store import IngestStore
from bot.pipeline import ingest_text

db, text_path, stage = sys.argv[1:]
record = Record.open(db)
calls = {"n": 0}

def hold_at(name, nth):
    original = getattr(IngestStore, name)
    def held(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == nth:
            print("HOLD", flush=True)
            time.sleep(60)
        return original(self, *args, **kwargs)
    setattr(IngestStore, name, held)

if stage == "after-item":
    hold_at("store_candidates", 1)  # the item row is written, no candidate yet
else:
    hold_at("_match", 3)  # two candidates stored, the rest not yet
now = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
text = open(text_path, encoding="utf-8").read()
asyncio.run(ingest_text(record, text, now=now, kind="text", in_thread=False))
print("DONE", flush=True)
"""

LOAD_CHILD = """
import sys
from storage import Record
from story.pack import read_pack

db, pack_path = sys.argv[1:]
record = Record.open(db)
pack = read_pack(pack_path)
print("PARSED", flush=True)
record.load(pack)
print("DONE", flush=True)
"""


def _child(script: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )


def _wait_for(child: subprocess.Popen, word: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if line.strip() == word:
            return
        if not line and child.poll() is not None:
            raise AssertionError(f"child exited ({child.returncode}) before {word}")
    raise AssertionError(f"no {word} within {timeout}s")


def _kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL


def _article() -> str:
    html = (FIXTURES / "kirby-ar.html").read_text(encoding="utf-8")
    return article_from_html(html, "https://rafidain.example/a/1").text


@pytest.mark.parametrize("stage", ["after-item", "between-candidates"])
def test_a_kill_during_ingestion_loses_nothing(tmp_path: Path, stage: str) -> None:
    text_path = tmp_path / "article.txt"
    text_path.write_text(_article(), encoding="utf-8")
    clean = Record.open(tmp_path / "clean.db")
    expected = asyncio.run(ingest_text(clean, _article(), now=NOW, kind="text", in_thread=False))
    assert len(expected.new) >= 3

    db = tmp_path / "r.db"
    Record.open(db)  # seeded before the child starts
    child = _child(INGEST_CHILD, str(db), str(text_path), stage)
    _wait_for(child, "HOLD")
    _kill(child)

    record = Record.open(db)
    assert IngestStore(record).pending(100) == []  # nothing half-stored ...
    again = asyncio.run(ingest_text(record, _article(), now=NOW, kind="text", in_thread=False))
    assert not again.duplicate  # ... and not "read before": the article is read again
    assert sorted(again.new) == sorted(expected.new)


def _pack(n: int, version: str) -> str:
    out = [
        '[story]\nid = "crash-test"\ntitle_en = "Crash test"\ntitle_ar = "اختبار"\n',
        '[[actors]]\nid = "crash-actor"\nkind = "person"\nname_en = "Test Speaker"\n'
        'name_ar = "متحدث"\n',
        '[[sources]]\nid = "crash-src"\nname_en = "Test Wire"\nname_ar = "وكالة"\n',
    ]
    for i in range(n):
        out.append(
            f'[[statements]]\nid = "crash-{i}"\nactor = "crash-actor"\nsource = "crash-src"\n'
            f'kind = "direct"\ndate = 2021-12-0{1 + i % 9}\n'
            f'text_en = "Version {version} of line {i}."\n'
            f'text_ar = "النسخة {version} من السطر {i}"\n'
        )
    return "\n".join(out)


def test_a_kill_during_a_pack_load_leaves_the_old_pack_or_the_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "a.toml", tmp_path / "b.toml"
    old.write_text(_pack(4000, "A"), encoding="utf-8")
    new.write_text(_pack(4500, "B"), encoding="utf-8")  # every row changed, 500 more
    db = tmp_path / "r.db"
    Record.open(db).load_file(old)
    outcomes = []
    for delay in (0.05, 0.3, 0.6, 1.0):
        child = _child(LOAD_CHILD, str(db), str(new))
        _wait_for(child, "PARSED")
        time.sleep(delay)
        finished = child.poll() is not None
        if not finished:
            _kill(child)
        else:
            child.stdout.close()
        record = Record.open(db, seed=False)
        texts = [
            r[0]
            for r in record.db.execute(
                "SELECT text_en FROM statements WHERE story_id = 'crash-test'"
            )
        ]
        versions = {t.split()[1] for t in texts}
        assert (versions, len(texts)) in (({"A"}, 4000), ({"B"}, 4500)), (
            delay,
            versions,
            len(texts),
        )
        outcomes.append(versions.pop())
        record.db.close()
        if outcomes[-1] == "B":
            break
    assert outcomes[0] == "A"  # the first kill did land inside the load
