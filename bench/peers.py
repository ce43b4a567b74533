"""Raqib side by side with plain FTS5, bm25s and tantivy on the same corpus and questions.

    python bench/peers.py --sizes 10000,100000 [--questions 600] [--skip tantivy] [--words-only]

Install the peers first: `pip install -e '.[bench]'`. For each size the corpus is
`bench/ask_latency.synthetic_pack`; every engine indexes the same text — the search keys
Raqib stores (`search_ar`, `search_en`: folded, stemmed), so no engine is helped or hurt by
its own analyser — and answers the same 600 questions. The methods alternate question by
question in one process (the order rotates each question), so machine noise falls on all of
them alike; the ratio within one run is the figure that counts.

- raqib: `story.respond.respond`, the whole path of a chat answer (reading the question,
  finding actors, retrieval, ranking, rendering the reply).
- fts5: one `MATCH` of the question's keys OR'd, `ORDER BY bm25 LIMIT 10`, on Raqib's table.
- bm25s / tantivy: top 10 for the question's keys (disjunctive BM25, like fts5).
- floor: one FTS5 query for the question's rarest key (LIMIT 1) plus one primary-key fetch,
  the least any engine on this file could do.

Peers are timed from the question's keys to their top ids; raqib from the raw text to the
rendered reply. Printed per size: p50/p99 (ms), ratio raqib/peer, top-1 agreement with
raqib, and "source first": how often the top answer is the statement a who-said question
took its words from. Then the worst-case set (long questions, whole statements, 40 names,
emoji, mixed scripts) through raqib: its maximum.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ask_latency import labelled_questions, synthetic_pack, worst_case_questions  # noqa: E402

from storage import Record  # noqa: E402
from storage.record import fts_phrase  # noqa: E402
from story.lexicon import is_stopword  # noqa: E402
from story.normalize import search_variants, words  # noqa: E402
from story.respond import respond  # noqa: E402

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
TOP_K = 10


def query_keys(question: str) -> list[str]:
    """The question's search keys, stopwords off: what every peer is asked."""
    keys = [k for w in words(question) if not is_stopword(w) for k in search_variants(w)]
    return list(dict.fromkeys(k for k in keys if k))


class Fts5:
    name = "fts5"

    def __init__(self, record: Record):
        self.db = record.db

    def top(self, keys: list[str]) -> list[str]:
        if not keys:
            return []
        match = " OR ".join(fts_phrase(k) for k in keys)
        rows = self.db.execute(
            "SELECT s.id FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid "
            "WHERE statements_fts MATCH ? ORDER BY bm25(statements_fts) LIMIT ?",
            [match, TOP_K],
        ).fetchall()
        return [r[0] for r in rows]


class Floor:
    name = "floor"

    def __init__(self, record: Record):
        self.db = record.db
        self.record = record

    def prepare(self, keys: list[str]) -> str | None:
        df = self.record.term_frequencies(keys)
        present = [k for k in keys if df.get(k)]
        return min(present, key=lambda k: df[k]) if present else None

    def top(self, key: str | None) -> list[str]:
        if key is None:
            return []
        row = self.db.execute(
            "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT 1",
            [fts_phrase(key)],
        ).fetchone()
        if row is None:
            return []
        return [
            self.db.execute("SELECT id FROM statements WHERE rowid = ?", [row[0]]).fetchone()[0]
        ]


def _corpus(record: Record) -> tuple[list[str], list[str]]:
    ids, texts = [], []
    for ident, ar, en in record.db.execute(
        "SELECT id, search_ar, search_en FROM statements ORDER BY rowid"
    ):
        ids.append(ident)
        texts.append(f"{ar} {en}")
    return ids, texts


class Bm25s:
    name = "bm25s"

    def __init__(self, ids: list[str], texts: list[str]):
        import bm25s

        self.ids = ids
        vocab: dict[str, int] = {}
        corpus = [[vocab.setdefault(t, len(vocab)) for t in text.split()] for text in texts]
        self.vocab = vocab
        self.model = bm25s.BM25()
        self.model.index(bm25s.tokenization.Tokenized(ids=corpus, vocab=vocab), show_progress=False)

    def top(self, keys: list[str]) -> list[str]:
        known = [self.vocab[k] for k in keys if k in self.vocab]
        if not known:
            return []
        docs, _ = self.model.retrieve(
            [known], k=min(TOP_K, len(self.ids)), show_progress=False, n_threads=0
        )
        return [self.ids[int(d)] for d in docs[0]]


class Tantivy:
    name = "tantivy"

    def __init__(self, ids: list[str], texts: list[str], path: str):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
        schema = builder.build()
        Path(path).mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(schema, path=path)
        writer = index.writer(heap_size=500_000_000, num_threads=2)
        for ident, text in zip(ids, texts, strict=True):
            writer.add_document(tantivy.Document(id=ident, body=text))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        self.tantivy = tantivy
        self.index = index
        self.searcher = index.searcher()

    def top(self, keys: list[str]) -> list[str]:
        if not keys:
            return []
        t = self.tantivy
        query = t.Query.boolean_query(
            [(t.Occur.Should, t.Query.term_query(self.index.schema, "body", k)) for k in keys]
        )
        hits = self.searcher.search(query, TOP_K).hits
        return [self.searcher.doc(address)["id"][0] for _, address in hits]


def _pct(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _load() -> str:
    return "load average " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


def run_size(
    n: int, n_questions: int, skip: set[str], tmp: str, db_path: str | None, words_only: bool
) -> None:
    n_actors = max(100, n // 50)
    pack = synthetic_pack(n, n_actors)
    path = db_path or str(Path(tmp) / f"peers-{n}.db")
    t0 = time.perf_counter()
    # Words only: no model, so no vector pass (a kept file's stored vectors are left unread).
    record = Record.open(path, seed=False, embedder=None if words_only else "default")
    if record.statement_count() < n:
        record.load(pack)
        record.invalidate()
    print(
        f"\n== {n:,} statements, {n_actors:,} actors (raqib fill {time.perf_counter() - t0:.1f} s;"
        f" {'words only' if words_only else 'vectors: the model'}; {_load()})",
        flush=True,
    )
    engines: list = [Fts5(record)]
    if {"bm25s", "tantivy"} - skip:
        ids, texts = _corpus(record)
        for name, build in (
            ("bm25s", lambda: Bm25s(ids, texts)),
            ("tantivy", lambda: Tantivy(ids, texts, str(Path(tmp) / f"tantivy-{n}"))),
        ):
            if name in skip:
                continue
            t0 = time.perf_counter()
            engines.append(build())
            print(f"{name} index built in {time.perf_counter() - t0:.1f} s", flush=True)
        del ids, texts
    engines = [e for e in engines if e.name not in skip]
    floor = Floor(record)
    asked = labelled_questions(pack, n_questions)
    prepared = [(text, source, query_keys(text)) for text, source in asked]
    floor_keys = [floor.prepare(keys) for _, _, keys in prepared]

    def raqib(text: str) -> list[str]:
        return [s.id for s in respond(text, record, NOW).answer.statements]

    for text, _, keys in prepared[:50]:  # warm caches for every method
        raqib(text)
        for e in engines:
            e.top(keys)

    methods: list[tuple[str, Callable[[int], list[str]]]] = [
        ("raqib", lambda i: raqib(prepared[i][0]))
    ]
    methods += [(e.name, lambda i, e=e: e.top(prepared[i][2])) for e in engines]
    methods.append(("floor", lambda i: floor.top(floor_keys[i])))
    timings: dict[str, list[float]] = {m: [] for m, _ in methods}
    tops: dict[str, list[str | None]] = {m: [] for m, _ in methods}
    gc.disable()
    for i in range(len(prepared)):
        order = methods[i % len(methods) :] + methods[: i % len(methods)]
        for name, call in order:
            t = time.perf_counter()
            got = call(i)
            timings[name].append((time.perf_counter() - t) * 1000)
            tops[name].append(got[0] if got else None)
    gc.enable()
    print(f"timed run done; {_load()}")

    labelled = [i for i, (_, source, _) in enumerate(prepared) if source]
    base = statistics.median(timings["raqib"])
    print(
        f"{'method':8} {'p50 ms':>8} {'p99 ms':>8} {'raqib/x p50':>12} {'p99':>6}"
        f" {'top-1 = raqib':>14} {'source 1st':>11}"
    )
    for name, _ in methods:
        p50, p99 = statistics.median(timings[name]), _pct(timings[name], 0.99)
        agree = sum(1 for a, b in zip(tops[name], tops["raqib"], strict=True) if a and a == b)
        both = sum(1 for a, b in zip(tops[name], tops["raqib"], strict=True) if a and b)
        first = sum(1 for i in labelled if tops[name][i] == prepared[i][1])
        print(
            f"{name:8} {p50:8.3f} {p99:8.3f} {base / p50:12.2f}"
            f" {_pct(timings['raqib'], 0.99) / p99:6.2f}"
            f" {agree:>6}/{both:<7} {first:>5}/{len(labelled)}"
        )
    worst = worst_case_questions(pack)
    for _, q in worst[:5]:
        respond(q, record, NOW)
    by_kind: dict[str, float] = {}
    for kind, q in worst:
        t = time.perf_counter()
        respond(q, record, NOW)
        by_kind[kind] = max(by_kind.get(kind, 0.0), (time.perf_counter() - t) * 1000)
    print("worst-case max ms: " + ", ".join(f"{k} {v:.1f}" for k, v in by_kind.items()))
    print(
        f"RESULT n={n} raqib_p50_ms={base:.3f} raqib_p99_ms={_pct(timings['raqib'], 0.99):.3f} "
        f"worst_max_ms={max(by_kind.values()):.1f}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10000,100000", help="comma-separated, e.g. 10000,100000,1000000"
    )
    parser.add_argument("--questions", type=int, default=600)
    parser.add_argument(
        "--skip", default="", help="comma-separated peers to leave out: fts5,bm25s,tantivy"
    )
    parser.add_argument("--db", help="one size only: keep (or reuse) Raqib's database here")
    parser.add_argument(
        "--words-only", action="store_true", help="Raqib without the model (no vector pass)"
    )
    args = parser.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            run_size(n, args.questions, skip, tmp, args.db, args.words_only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
