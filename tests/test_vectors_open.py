"""Opening a record embeds what lacks a vector without scanning every statement: a queue
kept by triggers (storage.migrations m011) and a marker naming the model the rest is
embedded by. These tests write records on disk the ways that leave statements without
vectors — no model, another model, raw SQL from another writer, a record from before the
queue — and check that the next open embeds exactly those, and nothing when nothing is new.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from storage import Record
from storage.review_store import IngestStore
from story.embedding import HashEmbedder

NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
STORY = "iraq-us-withdrawal-2021"


class Counting(HashEmbedder):
    """HashEmbedder under another name, counting the texts it embeds."""

    def __init__(self, name: str = "counting", dim: int = 64):
        super().__init__(dim)
        self.name = name
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return super().embed(texts)


def _add(record: Record, text: str) -> int:
    outcome = IngestStore(record).add_statement(
        story_id=STORY, actor_id="john-kirby", text=text, day=date(2021, 12, 1), user_id=1, now=NOW
    )
    assert outcome.ok and outcome.item is not None
    ident = outcome.item.statement.id
    return record.db.execute("SELECT rowid FROM statements WHERE id = ?", [ident]).fetchone()[0]


def _unembedded(record: Record, model: str) -> set[int]:
    """Approved statements with no vector from `model` (the full scan, as the truth)."""
    rows = record.db.execute(
        "SELECT s.rowid FROM statements s WHERE s.status = 'approved' AND NOT EXISTS (SELECT 1"
        " FROM statement_vectors v WHERE v.statement_rowid = s.rowid AND v.model = ?)",
        [model],
    )
    return {r[0] for r in rows}


def _approved(record: Record) -> int:
    sql = "SELECT count(*) FROM statements WHERE status = 'approved'"
    return record.db.execute(sql).fetchone()[0]


def test_statements_added_without_a_model_are_embedded_at_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    first = Record.open(path, embedder=Counting())
    assert first.vectors is not None and _unembedded(first, "counting") == set()
    first.db.close()
    plain = Record.open(path, embedder=None)  # a writer with no model approves two statements
    added = {
        _add(plain, "Patrol boats will guard the port of Umm Qasr from January."),
        _add(plain, "The advisers stay at Ain al-Asad after the deadline."),
    }
    plain.db.close()
    model = Counting()
    again = Record.open(path, embedder=model)
    assert _unembedded(again, "counting") == set()
    assert 0 < model.texts <= 8  # those two statements (and their clauses), not the record
    assert again.db.execute("SELECT count(*) FROM vector_pending").fetchone()[0] == 0
    hits = again.vectors.nearest(again.vectors.embed_query("patrol boats port Umm Qasr"), 3)
    assert hits[0][0] in added


def test_a_second_open_with_nothing_new_embeds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    Record.open(path, embedder=Counting()).db.close()
    model = Counting()
    Record.open(path, embedder=model).db.close()
    assert model.texts == 0


def test_statements_approved_by_another_writer_in_sql_are_embedded(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    record = Record.open(path, embedder=Counting())
    withdrawn = _add(record, "Patrol boats will guard the port of Umm Qasr from January.")
    IngestStore(record).delete(
        record.db.execute("SELECT id FROM statements WHERE rowid = ?", [withdrawn]).fetchone()[0],
        1,
        NOW,
    )
    assert not record.db.execute(
        "SELECT 1 FROM statement_vectors WHERE statement_rowid = ?", [withdrawn]
    ).fetchone()
    row = record.db.execute("SELECT * FROM statements WHERE rowid = ?", [withdrawn]).fetchone()
    columns = [d[0] for d in record.db.execute("SELECT * FROM statements LIMIT 0").description]
    copy = dict(zip(columns, row, strict=True)) | {"id": "sql-copy", "status": "approved"}
    with record.db.conn:  # raw SQL, no vectors: a re-approval and a fresh approved row
        record.db.execute("UPDATE statements SET status = 'approved' WHERE rowid = ?", [withdrawn])
        record.db.table("statements").insert(copy)
    record.db.close()
    model = Counting()
    again = Record.open(path, embedder=model)
    assert _unembedded(again, "counting") == set() and 0 < model.texts <= 8


def test_a_record_opened_by_another_model_is_embedded_again_whole(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    Record.open(path, embedder=Counting("first")).db.close()
    other = Counting("second", dim=32)
    record = Record.open(path, embedder=other)
    assert _unembedded(record, "second") == set() and other.texts >= _approved(record)
    models = {r[0] for r in record.db.execute("SELECT DISTINCT model FROM statement_vectors")}
    assert models == {"second"}  # the first model's parts were replaced, none left behind
    _add(record, "The advisers stay at Ain al-Asad after the deadline.")
    record.db.close()
    back = Counting("first")
    record = Record.open(path, embedder=back)  # and back: the marker named the other model
    assert _unembedded(record, "first") == set() and back.texts >= _approved(record)


def test_a_record_from_before_the_queue_is_scanned_once(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    record = Record.open(path, embedder=Counting())
    rowid = _add(record, "Patrol boats will guard the port of Umm Qasr from January.")
    with record.db.conn:  # as a record written before m011: no marker, a statement unembedded
        record.db.execute("DELETE FROM vector_marker")
        record.db.execute("DELETE FROM vector_pending")
        record.db.execute("DELETE FROM statement_vectors WHERE statement_rowid = ?", [rowid])
    record.db.close()
    model = Counting()
    record = Record.open(path, embedder=model)
    assert _unembedded(record, "counting") == set() and 0 < model.texts <= 4
    assert record.db.execute("SELECT model FROM vector_marker").fetchone() == ("counting",)


def test_the_sign_bits_live_apart_and_go_with_their_statement(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "r.db", embedder=Counting())
    db = record.db
    columns = {r[1] for r in db.execute("PRAGMA table_info(statement_vectors)")}
    assert "bits" not in columns  # the bit pass reads 64 bytes a row, not the float16 too
    pairs = "SELECT statement_rowid, part, model FROM {} ORDER BY 1, 2"
    assert db.execute(pairs.format("statement_bits")).fetchall() == db.execute(
        pairs.format("statement_vectors")
    ).fetchall()
    rowid = _add(record, "Patrol boats will guard the port of Umm Qasr from January.")
    one = db.execute("SELECT count(*) FROM statement_bits WHERE statement_rowid = ?", [rowid])
    assert one.fetchone()[0] >= 1
    ident = db.execute("SELECT id FROM statements WHERE rowid = ?", [rowid]).fetchone()[0]
    IngestStore(record).delete(ident, 1, NOW)
    left = db.execute("SELECT count(*) FROM statement_bits WHERE statement_rowid = ?", [rowid])
    assert left.fetchone()[0] == 0
    assert record.vectors is not None and all(
        r != rowid for r, _ in record.vectors.nearest(record.vectors.embed_query("patrol"), 5)
    )
