"""Issue 10, third latency pass: the faster code must find what the slower one found.

- the vector shortlist (`storage.vectors._closest`): the k smallest distances, ties at the
  k-th broken towards the newest rows, and the nearest statements found through it;
- the word scores a who-said question reuses between its two rankings (words, then words
  and meaning): the same order as scoring afresh.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlite_utils import Database

from storage import Record
from storage import vectors as vectors_module
from story import answering
from story.embedding import HashEmbedder
from story.models import Actor, Pack, Statement, Story

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("seed", range(6))
def test_the_shortlist_holds_the_k_smallest_distances(seed: int) -> None:
    rng = np.random.default_rng(seed)
    distance = rng.integers(0, 40, size=500).astype(np.uint16)  # many ties
    for k in (1, 7, 100, 499):
        short = vectors_module._closest(distance, k)
        assert len(short) == len(set(short.tolist())) == k
        assert sorted(distance[short].tolist()) == sorted(distance.tolist())[:k]
        kth = int(np.sort(distance)[k - 1])
        tied = np.flatnonzero(distance == kth)
        taken = sorted(i for i in short.tolist() if distance[i] == kth)
        assert taken == tied[len(tied) - len(taken) :].tolist()  # the newest of the tied


def test_a_shortlist_as_long_as_the_rows_takes_every_row() -> None:
    distance = np.array([3, 1, 2], dtype=np.uint16)
    assert sorted(vectors_module._closest(distance, 3).tolist()) == [0, 1, 2]
    assert sorted(vectors_module._closest(distance, 10).tolist()) == [0, 1, 2]


def test_the_shortlist_prefers_the_newest_of_equally_far_rows() -> None:
    distance = np.array([5, 0, 5, 9, 5], dtype=np.uint16)
    assert sorted(vectors_module._closest(distance, 2).tolist()) == [1, 4]
    assert sorted(vectors_module._closest(distance, 3).tolist()) == [1, 2, 4]


def _pack(texts: list[str]) -> Pack:
    return Pack(
        path="<test>",
        story=Story(id="s", title_en="Story", title_ar="قصة", published=date(2024, 1, 1)),
        actors=[
            Actor(id=f"a{i}", kind="person", name_en=f"Speaker{i} Plain", name_ar=f"متحدث{i}")
            for i in range(len(texts))
        ],
        statements=[
            Statement(
                id=f"st{i}",
                story_id="s",
                actor_id=f"a{i}",
                text_ar="",
                text_en=text,
                kind="direct",
                date=date(2024, 1, 1) + timedelta(days=i),
            )
            for i, text in enumerate(texts)
        ],
    )


def test_nearest_statements_come_through_the_shortlist(tmp_path) -> None:
    texts = [f"the harbour crane {i} was repaired after the storm" for i in range(150)]
    texts.append("ministers will open the bridge over the river next spring")
    record = Record.open(tmp_path / "near.db", seed=False, embedder=HashEmbedder())
    record.load(_pack(texts))
    vector = record.embed_question(texts[-1])
    near = record.nearest(vector, limit=3)
    assert near[0][0].id == "st150"
    assert near[0][1] == pytest.approx(1.0, abs=1e-2)


def test_the_second_ranking_reuses_the_word_scores_and_keeps_the_order(tmp_path) -> None:
    texts = [
        "the council approved the budget for the new hospital",
        "the council delayed the budget vote again",
        "the hospital budget was approved by the council in full",
        "farmers protested outside the council",
    ]
    record = Record.open(tmp_path / "rank.db", seed=False, embedder=None)
    record.load(_pack(texts))
    statements = record.statements_with_ids([f"st{i}" for i in range(4)])
    groups = answering._groups(["council", "approved", "hospital", "budget"], record)
    fresh = answering._rank(statements, groups, None, {})
    memo: dict[str, tuple[float, float, float]] = {}
    first = answering._rank(statements, groups, None, {}, memo=memo)
    assert set(memo) == {s.id for s in statements}
    again = answering._rank(statements, groups, None, {}, memo=memo)
    order = [s.id for _, s in fresh]
    assert [s.id for _, s in first] == [s.id for _, s in again] == order
    assert order[:2] == ["st0", "st2"] or order[:2] == ["st2", "st0"]
    assert order[-1] == "st3"
    # A memo that lies is believed: proof that the second ranking reads it, not the texts.
    memo["st3"] = (1.0, 9.0, 1.0)
    assert answering._rank(statements, groups, None, {}, memo=memo)[0][1].id == "st3"


@pytest.mark.parametrize("block", [7, 64, 65536])
def test_the_hamming_pass_by_blocks_counts_every_differing_bit(block: int, monkeypatch) -> None:
    monkeypatch.setattr(vectors_module, "_BLOCK", block)
    rng = np.random.default_rng(block)
    rows = rng.standard_normal((300, 512)).astype(np.float32)  # 300 = 42 blocks of 7 + 6
    query = rng.standard_normal((1, 512)).astype(np.float32)
    packed, query_bits = vectors_module._bits(rows), vectors_module._bits(query)
    index = vectors_module.VectorIndex(Database(memory=True), HashEmbedder(512))
    truth = np.unpackbits(packed ^ query_bits, axis=1).sum(axis=1)
    for _ in range(2):  # the buffers are reused by the next question
        distance = index._hamming(vectors_module._columns(packed), query_bits)
        assert np.array_equal(distance, truth)
    fewer = vectors_module._columns(packed[:5])  # another record size: buffers made anew
    assert np.array_equal(index._hamming(fewer, query_bits), truth[:5])
