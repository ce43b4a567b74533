"""What a start reads in one go (storage.migrations m013) equals what a fresh build gives.

The actor name index comes from one stored row: after packs, new actors from /add and
proposals, renames, alias edits by any writer (raw SQL included), and a change of the key
code. A statement approval, which touches no actor, keeps the index in memory. The vector
search's sign bits come from a snapshot plus the statements changed since: after approvals,
withdrawals and other writers, in memory and at the next start."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from sqlite_utils import Database

import storage.record as record_module
import storage.vectors as vectors_module
from storage import Record
from storage.review_store import IngestStore
from story.embedding import HashEmbedder
from story.names import ActorIndex

NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
TEXTS = (
    "قال حسن نصرالله إن الموعد قريب",
    "Nasrullah and al-Sudani spoke; Kirby did not",
    "what did Hassan Nasrallah say?",
    "المتحدث باسم البنتاغون كيربي",
    "Masroor Barzani met Soudani in Erbil",
    "who said Kirbby was wrong?",
    "ما موقف السوداني؟",
)


def _scratch(record: Record) -> ActorIndex:
    """The index derived afresh from the record's rows (the truth)."""
    return record._build_actor_index()


def _same(a: ActorIndex, b: ActorIndex) -> None:
    assert a.actors == b.actors
    assert list(a.actors) == list(b.actors)
    assert [(k, list(v.items())) for k, v in a._phrases.items()] == [
        (k, list(v.items())) for k, v in b._phrases.items()
    ]
    assert a._prefixes == b._prefixes
    assert a._skeletons == b._skeletons
    assert a._skeleton_prefixes == b._skeleton_prefixes
    assert a._longest == b._longest
    assert a._fuzzy_words() == b._fuzzy_words()
    for text in TEXTS:
        assert a.find_in(text, fuzzy=True) == b.find_in(text, fuzzy=True), text
        assert a.resolve(text) == b.resolve(text), text


def _opened_from_cache(path: Path, monkeypatch: pytest.MonkeyPatch) -> ActorIndex:
    """A new process's index: a fresh Record on the file, where building is forbidden."""
    record = Record.open(path, seed=False, embedder=None)

    def refuse(self: Record) -> ActorIndex:
        raise AssertionError("the index was built, not read")

    with monkeypatch.context() as patch:
        patch.setattr(Record, "_build_actor_index", refuse)
        return record.actor_index()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    db = tmp_path / "record.db"
    Record.open(db, embedder=None).db.close()  # seeded from the bundled packs
    return db


def test_a_start_reads_the_stored_index_and_it_equals_a_fresh_build(path, monkeypatch):
    stored = _opened_from_cache(path, monkeypatch)
    assert len(stored.actors) > 10
    _same(stored, _scratch(Record.open(path, seed=False, embedder=None)))


def test_new_actors_renames_and_alias_edits_by_any_writer_are_seen(path, monkeypatch):
    record = Record.open(path, seed=False, embedder=None)
    before = record.actor_index()
    store = IngestStore(record)
    added = store.create_actor("Qais al-Khazali", "قيس الخزعلي", 1, NOW)  # as /add does
    proposed = record.db.table("proposed_actors").insert(
        {"key": "k", "name_en": "", "name_ar": "هادي العامري", "status": "proposed"}
    ).last_pk
    accepted = store.accept_proposal(proposed, 1, NOW)  # a speaker proposed from a text
    kirby = record.actor_index().resolve("Kirby")
    assert kirby is not None
    with record.db.conn:  # another writer, straight SQL: a rename and a new alias
        rename = "UPDATE actors SET name_en = 'Jonathan Kirbyson' WHERE id = ?"
        record.db.execute(rename, [kirby.id])
        record.db.execute(
            "INSERT INTO aliases (actor_id, alias, how) VALUES (?, 'Spokesman Jay', 'name')",
            [kirby.id],
        )
        record.db.execute("DELETE FROM aliases WHERE actor_id = ? AND alias = 'Kirby'", [kirby.id])
    record.invalidate()
    live = record.actor_index()
    assert live is not before
    assert {added, accepted} <= set(live.actors)
    assert live.actors[kirby.id].name_en == "Jonathan Kirbyson"
    assert live.resolve("Spokesman Jay") == live.actors[kirby.id]
    _same(live, _scratch(record))
    _same(_opened_from_cache(path, monkeypatch), _scratch(record))


def test_an_approval_keeps_the_index_in_memory(path):
    record = Record.open(path, seed=False, embedder=None)
    index = record.actor_index()
    with record.db.conn:
        record.db.execute("UPDATE statements SET status = 'pending' WHERE rowid = 1")
    record.invalidate()
    assert record.actor_index() is index


def test_changed_key_code_or_a_record_without_the_cache_builds_again(path, monkeypatch):
    monkeypatch.setattr(record_module, "keys_version", lambda: "other code")
    record = Record.open(path, seed=False, embedder=None)
    calls = []
    build = Record._build_actor_index

    def counted(self: Record) -> ActorIndex:
        calls.append(1)
        return build(self)

    monkeypatch.setattr(Record, "_build_actor_index", counted)
    record.actor_index()
    assert calls == [1]
    Record.open(path, seed=False, embedder=None).actor_index()  # stored under the new code
    assert calls == [1]
    with record.db.conn:  # a cache row lost or damaged in a copy: built, never wrong
        record.db.execute("DELETE FROM actor_index_cache")
    Record.open(path, seed=False, embedder=None).actor_index()
    assert calls == [1, 1]


# -- the vector search's sign bits: a snapshot plus the changes since (m013) ----------------


def _bits_equal_a_full_read(record: Record) -> None:
    vectors = record.vectors
    assert vectors is not None
    rowids, words = vectors._load()
    truth_ids, truth_words = vectors._rows()
    assert np.array_equal(rowids, truth_ids)
    assert np.array_equal(words, truth_words)


def _add(record: Record, text: str) -> str:
    outcome = IngestStore(record).add_statement(
        story_id="iraq-us-withdrawal-2021",
        actor_id="john-kirby",
        text=text,
        day=date(2021, 12, 1),
        user_id=1,
        now=NOW,
    )
    assert outcome.ok and outcome.item is not None
    return outcome.item.statement.id


@pytest.mark.parametrize("rewrite", [True, False])
def test_bits_after_approvals_edits_and_other_writers_equal_a_full_read(
    tmp_path: Path, monkeypatch, rewrite: bool
):
    """Both ways a start reads bits: the snapshot written anew (many changes), or merged."""
    monkeypatch.setattr(vectors_module, "_REWRITE_MIN", 0 if rewrite else 10_000)
    monkeypatch.setattr(vectors_module, "_REWRITE_SHARE", 10**9 if rewrite else 50)
    db = tmp_path / "record.db"
    record = Record.open(db, embedder=HashEmbedder())
    _bits_equal_a_full_read(record)  # loaded (and the snapshot written) once
    added = [_add(record, f"the forces stay {n} more months in Erbil") for n in range(3)]
    query = record.embed_question("forces stay months Erbil")
    assert {s.id for s, _ in record.nearest(query, limit=3)} == set(added)
    _bits_equal_a_full_read(record)  # patched in memory, not read again
    with record.db.conn:  # an approval withdrawn
        record.db.execute("UPDATE statements SET status = 'rejected' WHERE id = ?", [added[0]])
    record.sync_vector(added[0])
    _bits_equal_a_full_read(record)
    assert added[0] not in {s.id for s, _ in record.nearest(query, limit=3)}
    other = Record.open(db, seed=False, embedder=None)  # another writer, raw SQL
    with other.db.conn:
        other.db.execute(
            "DELETE FROM statement_bits WHERE statement_rowid = (SELECT min(rowid) FROM statements)"
        )

    reopened = Record.open(db, seed=False, embedder=HashEmbedder())
    _bits_equal_a_full_read(reopened)  # the snapshot and the queue of changes since
    assert added[1] in {s.id for s, _ in reopened.nearest(query, limit=3)}
    queued = reopened.db.execute("SELECT count(*) FROM bits_changed").fetchone()[0]
    assert queued == (0 if rewrite else 4)  # 3 added (1 then withdrawn), 1 deleted


@pytest.mark.parametrize("dim", [512, 64, 100])
def test_the_hamming_pass_counts_every_differing_bit(dim: int):
    rng = np.random.default_rng(dim)
    rows = rng.standard_normal((300, dim)).astype(np.float32)
    query = rng.standard_normal((1, dim)).astype(np.float32)
    packed, query_bits = vectors_module._bits(rows), vectors_module._bits(query)
    index = vectors_module.VectorIndex(Database(memory=True), HashEmbedder(dim))
    distance = index._hamming(vectors_module._columns(packed), query_bits)
    truth = np.unpackbits(packed ^ query_bits, axis=1).sum(axis=1)
    assert np.array_equal(distance, truth)
