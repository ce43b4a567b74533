"""Statement vectors in SQLite, and nearest-neighbour search over them.

Rows per approved statement: part 0 embeds the whole statement, parts 1… its clauses (a
long statement); each as float16 in `statement_vectors` (1 KB for 512 dimensions) and as
sign bits in `statement_bits` (64 bytes; apart, so loading them all reads 64 bytes a row,
not 1 KB). `vector_pending` lists what may still lack a vector, so opening a record does
not scan every statement (storage.migrations m011). A statement's similarity is its best
part's. Search is two passes, both in numpy: the Hamming distance of the question's sign
bits to every statement's (a packed array held in memory, 6.4 MB at 100k statements) picks
a shortlist, and the exact cosine of the shortlist's float16 vectors, read by primary key,
orders it. The packed bits load from a snapshot (m013: two BLOBs, not a million rows) with
the statements changed since merged in, and our own writes patch them in memory. No pass
touches a statement's text, and nothing is embedded at question time but the question.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np
from sqlite_utils import Database

from story.embedding import Embedder, clauses, statement_text

_SHORTLIST = 100  # candidates the bit pass hands to the exact pass
_BATCH = 256
_BLOCK = 65536  # rows per block of the Hamming pass (4.5 MB of buffers at 512 bits)
# Statements changed since the bits snapshot before it is written anew: 5,000, or one in 50.
_REWRITE_MIN, _REWRITE_SHARE = 5000, 50


def _bits(vectors: np.ndarray) -> np.ndarray:
    return np.packbits(vectors > 0, axis=1)


def _columns(packed: np.ndarray) -> np.ndarray:
    """Packed bits, a row each, as 64-bit words a column each: (words, rows), C order, so the
    Hamming pass runs over long contiguous arrays (over rows of 8 words, numpy loops 8 at a
    time: the XOR alone took ~50 ms at 1M). A width that is not whole words is zero-padded."""
    if packed.shape[1] % 8:
        packed = np.pad(packed, ((0, 0), (0, 8 - packed.shape[1] % 8)))
    return np.ascontiguousarray(np.ascontiguousarray(packed).view(np.uint64).T)


def _closest(distance: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` smallest distances (small integers: bits differing), in no
    order; among those tied at the k-th distance, the last positions (the newest rows).

    A histogram finds the k-th distance in one pass, and two comparisons pick the rows:
    `argpartition` (introselect) took 0.5 ms at 100k rows and 4 ms at 1M, more than the
    Hamming pass it follows, and chose among the ties by its own partitioning."""
    if k >= len(distance):
        return np.arange(len(distance))
    cumulative = np.cumsum(np.bincount(distance))
    kth = int(np.searchsorted(cumulative, k))  # the least d with at least k rows at <= d
    near = np.flatnonzero(distance <= kth)  # in row order
    held = distance[near]
    below, tied = near[held < kth], near[held == kth]
    return np.concatenate([below, tied[len(tied) - (k - len(below)) :]])


class VectorIndex:
    """The vectors of one record's approved statements, for one embedder."""

    def __init__(self, db: Database, embedder: Embedder):
        self.db = db
        self.embedder = embedder
        self._rowids: np.ndarray | None = None
        self._columns: np.ndarray | None = None  # (64-bit words, rows): see _columns
        self._work: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # see _hamming

    # -- writing ---------------------------------------------------------------------------
    def _store(self, rows: Sequence[tuple[int, list[str]]]) -> int:
        """Embed statements: part 0 the mean of its texts, parts 1… the clauses of each."""
        parts = [(rowid, ts, [c for t in ts for c in clauses(t)]) for rowid, ts in rows]
        vectors = self.embedder.embed([t for _, ts, cs in parts for t in (*ts, *cs)])
        out, i = [], 0
        for rowid, ts, cs in parts:
            whole = vectors[i : i + len(ts)].mean(axis=0)
            whole /= np.linalg.norm(whole) or 1.0
            i += len(ts)
            for part, v in enumerate([whole, *vectors[i : i + len(cs)]]):
                bits = _bits(v[None, :])[0].tobytes()
                out.append((rowid, part, self.embedder.name, bits, v.astype(np.float16).tobytes()))
            i += len(cs)
        with self.db.conn:
            # A statement's old parts go first: another model's, or more clauses than now.
            for table in ("statement_vectors", "statement_bits"):
                self.db.conn.executemany(
                    f"DELETE FROM {table} WHERE statement_rowid = ?",
                    [(rowid,) for rowid, _ in rows],
                )
            self.db.conn.executemany(
                "INSERT INTO statement_vectors (statement_rowid, part, model, vec)"
                " VALUES (?, ?, ?, ?)",
                [(r, p, m, vec) for r, p, m, _, vec in out],
            )
            self.db.conn.executemany(
                "INSERT INTO statement_bits (statement_rowid, part, model, bits)"
                " VALUES (?, ?, ?, ?)",
                [(r, p, m, bits) for r, p, m, bits, _ in out],
            )
            # Same transaction: the queue of what may lack the marker model's vector. Ours
            # are done if we are that model; if not, ours replaced its vectors: queue them.
            done = [(rowid,) for rowid, _ in rows]
            if self._marked():
                self.db.conn.executemany(
                    "DELETE FROM vector_pending WHERE statement_rowid = ?", done
                )
            else:
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO vector_pending (statement_rowid) VALUES (?)", done
                )
        self._refresh([rowid for rowid, _ in rows])
        return len(out)

    def _embed_where(self, where: str, args: Sequence) -> int:
        done = 0
        rows = self.db.execute(
            "SELECT s.rowid, s.text_en, s.text_ar, s.context_en, s.context_ar"
            f" FROM statements s WHERE {where}",
            args,
        ).fetchall()
        batch: list[tuple[int, list[str]]] = []
        for rowid, en, ar, cen, car in rows:
            texts = statement_text(en or "", ar or "", cen or "", car or "")
            if texts:
                batch.append((rowid, texts))
            if len(batch) >= _BATCH:
                done += self._store(batch)
                batch = []
        if batch:
            done += self._store(batch)
        return done

    def _marked(self) -> bool:
        """Whether every approved statement outside `vector_pending` has our vector."""
        row = self.db.execute("SELECT model FROM vector_marker WHERE id = 1").fetchone()
        return row is not None and row[0] == self.embedder.name

    def embed_missing(self) -> int:
        """Embed every approved statement that has no vector from this model (at open, after
        a load). When the marker names this model only the queue is read (a few rows, not a
        scan of every statement); otherwise — a record from before the queue, or written by
        another model — every statement is checked once, and the marker then names us."""
        missing = (
            "s.status = 'approved' AND NOT EXISTS (SELECT 1 FROM statement_vectors v"
            " WHERE v.statement_rowid = s.rowid AND v.model = ?)"
        )
        if self._marked():
            missing += " AND s.rowid IN (SELECT statement_rowid FROM vector_pending)"
        done = self._embed_where(missing, [self.embedder.name])
        with self.db.conn:  # settled: embedded (by anyone, as this model), withdrawn or gone
            self.db.execute(
                "DELETE FROM vector_pending WHERE NOT EXISTS (SELECT 1 FROM statements s"
                " WHERE s.rowid = vector_pending.statement_rowid AND s.status = 'approved')"
                " OR EXISTS (SELECT 1 FROM statement_vectors v"
                " WHERE v.statement_rowid = vector_pending.statement_rowid AND v.model = ?)",
                [self.embedder.name],
            )
            self.db.execute(
                "INSERT OR REPLACE INTO vector_marker (id, model) VALUES (1, ?)",
                [self.embedder.name],
            )
        return done

    def sync(self, statement_id: str) -> None:
        """After a review action: an approved statement gets a (fresh) vector, others none."""
        row = self.db.execute(
            "SELECT rowid, status FROM statements WHERE id = ?", [statement_id]
        ).fetchone()
        if row is None:
            return
        with self.db.conn:  # until it is embedded again, an approved one waits in the queue
            self.db.execute("DELETE FROM statement_vectors WHERE statement_rowid = ?", [row[0]])
            self.db.execute("DELETE FROM statement_bits WHERE statement_rowid = ?", [row[0]])
            if row[1] == "approved":
                self.db.execute(
                    "INSERT OR IGNORE INTO vector_pending (statement_rowid) VALUES (?)", [row[0]]
                )
        self._refresh([row[0]])
        if row[1] == "approved":
            self._embed_where("s.rowid = ?", [row[0]])

    # -- reading ---------------------------------------------------------------------------
    def _load(self) -> tuple[np.ndarray, np.ndarray]:
        """Every row's statement rowid and sign bits (as `_columns`), in (statement, part)
        order: the snapshot (m013: two BLOBs, one read) with the statements whose bits
        changed since merged in; when many changed (or there is none), read whole and the
        snapshot written anew."""
        if self._rowids is None or self._columns is None:
            self._rowids, self._columns = self._read_bits()
        return self._rowids, self._columns

    def _read_bits(self) -> tuple[np.ndarray, np.ndarray]:
        try:
            snapshot = self.db.execute(
                "SELECT rowids, bits FROM bits_snapshot WHERE model = ?", [self.embedder.name]
            ).fetchone()
            queued = self.db.execute("SELECT count(*) FROM bits_changed").fetchone()[0]
        except sqlite3.OperationalError:  # a record from before m013: read it all
            return self._rows()
        few = snapshot is not None and queued <= max(
            _REWRITE_MIN, len(snapshot[0]) // 8 // _REWRITE_SHARE
        )
        if snapshot is not None and few:
            rowids = np.frombuffer(snapshot[0], dtype=np.int64)
            words = np.frombuffer(snapshot[1], dtype=np.uint64).reshape(-1, len(rowids))
            changed = [r[0] for r in self.db.execute("SELECT statement_rowid FROM bits_changed")]
            return self._merged(rowids, words, changed)
        try:  # under the write lock, so no change slips between the read and the queue's end
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # read-only or busy: the next start tries again
            return self._rows()
        try:
            rowids, words = self._rows()
            self.db.execute("DELETE FROM bits_snapshot")
            self.db.execute(  # the words as held in memory: column after column
                "INSERT INTO bits_snapshot (model, rowids, bits) VALUES (?, ?, ?)",
                [self.embedder.name, rowids.tobytes(), words.tobytes()],
            )
            self.db.execute("DELETE FROM bits_changed")
            self.db.conn.commit()
        except BaseException:
            self.db.conn.rollback()
            raise
        return rowids, words

    def _rows(self, statements: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rowids, bits as `_columns`) of these statements' rows (every one's when None)."""
        sql = "SELECT statement_rowid, bits FROM statement_bits WHERE model = ?"
        if statements is None:
            rows = self.db.execute(sql, [self.embedder.name]).fetchall()
        else:
            rows = []
            for start in range(0, len(statements), 500):
                chunk = list(statements[start : start + 500])
                rows += self.db.execute(
                    f"{sql} AND statement_rowid IN ({','.join('?' * len(chunk))})"
                    " ORDER BY statement_rowid, part",
                    [self.embedder.name, *chunk],
                ).fetchall()
        width = (self.embedder.dim + 7) // 8
        rowids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        packed = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint8).reshape(
            len(rows), width
        )
        return rowids, _columns(packed)

    def _merged(
        self, rowids: np.ndarray, words: np.ndarray, changed: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """`rowids`/`words` with the rows of `changed` statements replaced by their current
        ones (or dropped), each at its place in rowid order: as a full read would give."""
        if not len(changed):
            return rowids, words
        ids = np.array(sorted(set(changed)), dtype=np.int64)
        keep = ~np.isin(rowids, ids)
        rowids, words = rowids[keep], words[:, keep]
        new_ids, new_words = self._rows([int(i) for i in ids])
        at = np.searchsorted(rowids, new_ids)
        return np.insert(rowids, at, new_ids), np.insert(words, at, new_words, axis=1)

    def _refresh(self, statements: Sequence[int]) -> None:
        """After our own write: the loaded bits get these statements' current rows (a
        full reload was ~1-4 s at 1M after every approval)."""
        if self._rowids is not None and self._columns is not None:
            self._rowids, self._columns = self._merged(self._rowids, self._columns, statements)

    def _hamming(self, words: np.ndarray, query_bits: np.ndarray) -> np.ndarray:
        """Bits differing from the query's, per row: XOR and popcount of every word of a
        block of `_BLOCK` rows, summed down the words, block after block, in buffers reused
        across questions (the result is one of them: read it before the next question).
        Blocks keep the XOR and counts in the cache: word by word over all rows, each pass
        wrote and read back 8 MB at 1M (and the uint8 -> uint16 add cast in a buffered loop),
        30% slower."""
        q = _columns(query_bits)  # (words, 1)
        n_words, rows = words.shape
        block = max(1, min(rows, _BLOCK))
        work = self._work
        if work is None or work[0].shape != (n_words, block) or len(work[2]) != rows:
            work = self._work = (
                np.empty((n_words, block), dtype=np.uint64),
                np.empty((n_words, block), dtype=np.uint8),
                np.empty(rows, dtype=np.uint16),
            )
        xor, count, distance = work
        for start in range(0, rows, block):
            end = min(rows, start + block)
            x, c = xor[:, : end - start], count[:, : end - start]
            np.bitwise_xor(words[:, start:end], q, out=x)
            np.bitwise_count(x, out=c)
            np.sum(c, axis=0, dtype=np.uint16, out=distance[start:end])
        return distance

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.embed([text])[0]

    def nearest(self, query: np.ndarray, limit: int = 10) -> list[tuple[int, float]]:
        """(statement rowid, cosine) of the statements closest to `query`, best first."""
        rowids, bits = self._load()
        if not len(rowids):
            return []
        distance = self._hamming(bits, _bits(query[None, :]))
        short = _closest(distance, _SHORTLIST)
        scored = self.similarities(query, {int(r) for r in rowids[short]})
        return sorted(scored.items(), key=lambda kv: -kv[1])[:limit]

    def similarities(self, query: np.ndarray, rowids: Iterable[int]) -> dict[int, float]:
        """Exact cosine of `query` to these statements (the best of their parts)."""
        ids = list(dict.fromkeys(rowids))
        out: dict[int, float] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.db.execute(
                f"SELECT statement_rowid, vec FROM statement_vectors WHERE statement_rowid IN"
                f" ({','.join('?' * len(chunk))}) AND model = ?",
                [*chunk, self.embedder.name],
            ).fetchall()
            if not rows:
                continue
            matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(
                len(rows), -1
            )
            sims = matrix.astype(np.float32) @ query.astype(np.float32)
            for (rowid, _), sim in zip(rows, sims, strict=True):
                out[rowid] = max(out.get(rowid, -1.0), float(sim))
        return out
