"""Issue 10: who-said retrieval reads only the statements that can hold the longest run of
the question's rare words (found by one-row probes), never a rare word's whole group when a
few of its statements hold the next rare word too, and answers exactly as reading it whole.

Real SQLite record; the words are invented so that their frequencies are known."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage import Record
from story.models import Actor, Pack, Statement, Story
from story.respond import respond

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
FILLER = "the council met on tuesday and discussed the budget and the roads"


def _statement(i: int, words: str, day: date) -> Statement:
    return Statement(
        id=f"s-{i}",
        story_id="plan",
        actor_id=f"a-{i % 3}",
        text_ar="",
        text_en=f"{words} {FILLER}",
        kind="direct",
        date=day,
    )


@pytest.fixture
def record(tmp_path):
    # "quellan" in 30 statements, "zorbix" in 10: two of them (one in 2020, one in 2022)
    # hold both; "plimfor" in three others, never beside "zorbix".
    statements = [_statement(i, "quellan", date(2022, 1, 1 + i)) for i in range(30)]
    statements[7] = _statement(7, "zorbix quellan", date(2022, 1, 8))
    statements[3] = _statement(3, "zorbix quellan", date(2020, 5, 4))
    statements += [_statement(50 + i, "zorbix", date(2022, 2, 1 + i)) for i in range(8)]
    statements += [_statement(40 + i, "plimfor", date(2022, 3, 1 + i)) for i in range(3)]
    pack = Pack(
        path="<test>",
        story=Story(id="plan", title_en="Plan", title_ar="خطة", published=date(2022, 1, 1)),
        stances=[],
        deadlines=[],
        actors=[
            Actor(id=f"a-{i}", kind="person", name_en=f"Orator{i} Plain", name_ar=f"خطيب{i}")
            for i in range(3)
        ],
        statements=statements,
    )
    record = Record.open(tmp_path / "plan.db", seed=False, embedder=None)
    record.load(pack)
    return record


def _spy(record: Record) -> list[int]:
    """Count the rows each search returns (the real search, only watched)."""
    rows: list[int] = []
    real = record.search_keys

    def watched(*args, **kwargs):
        found = real(*args, **kwargs)
        rows.append(len(found))
        return found

    record.search_keys = watched  # type: ignore[method-assign]  # a spy on the real method
    return rows


def test_two_rare_words_together_read_only_the_statements_holding_both(record):
    rows = _spy(record)
    answer = respond("who said zorbix quellan?", record, NOW).answer
    assert [s.id for s in answer.statements] == ["s-7", "s-3"]  # both words, newest first
    assert max(rows) == 2  # probes of one row, then the two: not the 10 holding "zorbix"


def test_rare_words_never_together_fall_back_to_the_rarest_read_whole(record):
    rows = _spy(record)
    answer = respond("who said plimfor zorbix?", record, NOW).answer
    assert sorted(s.id for s in answer.statements) == ["s-40", "s-41", "s-42"]
    assert max(rows) == 3  # the rarest group ("plimfor") whole: nothing holds both


def test_the_probe_keeps_the_asked_time_window(record):
    answer = respond("who said zorbix quellan in 2020?", record, NOW).answer
    assert [s.id for s in answer.statements] == ["s-3"]
    answer = respond("who said zorbix quellan in 2022?", record, NOW).answer
    assert [s.id for s in answer.statements] == ["s-7"]
