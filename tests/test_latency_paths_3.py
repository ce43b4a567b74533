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


def test_no_second_pass_without_the_rarest_word_when_it_could_not_come_close(
    tmp_path, monkeypatch
) -> None:
    # Every group is "large" here (over the patched bound), so the first pass reads only the
    # newest statements holding the two rarest; two of them hold all three words, and the
    # two commoner words alone weigh too little to come within _CLOSE of that.
    monkeypatch.setattr(answering, "_SMALL_GROUP", 3)
    texts = ["zorbix quellan plimfor at the harbour", "zorbix quellan plimfor by the river"]
    texts += [f"zorbix quellan note {i}" for i in range(4)]
    texts += [f"quellan plimfor item {i}" for i in range(4)]
    texts += [f"plimfor alone {i}" for i in range(6)]
    texts += [f"unrelated words {i}" for i in range(10)]
    record = Record.open(tmp_path / "pass.db", seed=False, embedder=None)
    record.load(_pack(texts))
    searches: list[list[tuple[str, ...]]] = []
    real = record.search_keys

    def watched(groups, **kwargs):  # the real search, only watched
        searches.append([tuple(g) for g in groups])
        return real(groups, **kwargs)

    record.search_keys = watched  # type: ignore[method-assign]
    answer = answering.answer_question("who said zorbix quellan plimfor?", record, NOW)
    assert {s.id for s in answer.statements} == {"st0", "st1"}
    assert len(searches) == 1  # the newest holding zorbix and quellan; no pass without zorbix
    # A question whose rarest word is held with no other still gets its pass without it.
    searches.clear()
    answer = answering.answer_question("who said zorbix plimfor alone?", record, NOW)
    assert ("zorbix",) not in searches[-1]  # the pass without the rarest word
    assert answer.statements and all("plimfor" in s.text_en for s in answer.statements)


def test_a_long_question_is_embedded_from_its_first_topic_words() -> None:
    from story.names import ActorIndex
    from story.questions import read_question

    words = [f"harbour{i}" for i in range(120)]  # ~1,200 characters of topic words
    question = read_question("who said " + " ".join(words) + "?", ActorIndex([]), NOW, "en")
    text = answering._topic_text(question)
    assert len(text) <= answering._TOPIC_CHARS
    assert text.split() == words[: len(text.split())]  # whole words, in the asked order
    assert len(text.split()) >= 40
    short = read_question("who said the harbour crane broke?", ActorIndex([]), NOW, "en")
    assert answering._topic_text(short) == "harbour crane broke"
