"""Answer latency at scale: fill a fresh database with N synthetic statements, time answers.

    python bench/ask_latency.py --statements 100000 [--questions 600] [--actors 2000]
    python bench/ask_latency.py --db KEPT.db --questions 0 --first-answer 5   # start-up only

Statements are spread over many actors and drawn from an Arabic and English vocabulary with
a Zipf-like word distribution (a few very common words, a long tail), like news text. The
questions mix the forms people use — who said <phrase from a statement>, what did <actor>
say, <actor>'s position, countdown, and questions nothing answers — in both languages, and
go through `story.respond.respond`, the code path of `python -m bot ask`. Filling is not
timed. The last line is `p50_ms=… p99_ms=…`.

--vectors picks the cross-language path: `random` (default) stores a random unit vector per
statement through the real storage code and embeds each question with the real model (the
search cost does not depend on what the vectors say, and embedding 100k synthetic texts
would take minutes); `model` embeds every statement with the model; `none` is words only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import Record  # noqa: E402
from storage.record import MODEL_CACHE  # noqa: E402
from storage.vectors import VectorIndex  # noqa: E402
from story.embedding import USEEmbedder  # noqa: E402
from story.models import Actor, Deadline, Pack, Stance, Statement, Story  # noqa: E402
from story.respond import respond  # noqa: E402

AR_WORDS = (
    "القوات الأمريكية العراق الانسحاب الحكومة بغداد المقاومة الفصائل الموعد الاتفاق الالتزام "
    "التدريب المشورة الدعم الاستخباراتي القتالية البقاء التمديد العسكري البيان المتحدث الوزارة "
    "الدفاع الخارجية الأمن الحدود النفط الانتخابات البرلمان الميزانية الكهرباء الرواتب المحافظة "
    "الموصل البصرة أربيل كركوك الأنبار التحالف الدولي الناتو السفارة الصواريخ الطائرات المسيرة "
    "القاعدة عين الأسد التفاوض الحوار الاستراتيجي السيادة الاحتلال التهديد التصعيد الهدنة "
    "الجدول الزمني المرحلة المقبلة الرئيس الوزراء المجلس القيادة العمليات المشتركة الإرهاب "
    "داعش الخلايا النائمة الحشد الشعبي الكتائب المجموعات الضربات الجوية الغارات الاستهداف"
).split()
EN_WORDS = (
    "forces troops withdrawal deadline government baghdad resistance factions agreement commitment "
    "training advice support intelligence combat presence extension military statement spokesman "
    "ministry defense security border oil elections parliament budget electricity salaries "
    "province mosul basra erbil kirkuk anbar coalition nato embassy rockets drones base "
    "negotiation dialogue "
    "strategic sovereignty occupation threat escalation truce timetable phase president minister "
    "council command operations terrorism cells strikes raids targeting pressure sanctions talks"
).split()


def zipf_pick(rng: random.Random, words: list[str], k: int) -> list[str]:
    # Rank-based weights 1/r: the first words are common, the tail rare.
    weights = [1 / (r + 1) for r in range(len(words))]
    return rng.choices(words, weights=weights, k=k)


def synthetic_pack(n_statements: int, n_actors: int, seed: int = 7) -> Pack:
    rng = random.Random(seed)
    # Rare words: a long tail of made-up terms, so some questions hit few rows.
    rare = [f"{w}{i}" for i, w in enumerate(rng.choices(EN_WORDS, k=3000))]
    rare_ar = [f"{w}{i}" for i, w in enumerate(rng.choices(AR_WORDS, k=3000))]
    story = Story(
        id="bench", title_en="Benchmark story", title_ar="قصة القياس", published=date(2024, 1, 1)
    )
    stances = [Stance(f"s{i}", f"stance {i}", f"موقف {i}") for i in range(8)]
    actors = [
        Actor(
            id=f"actor-{i}",
            kind="person",
            name_en=f"Speaker{i} Person{i}",
            name_ar=f"المتحدث{i} الشخص{i}",
            role_en=f"spokesman of office {i}",
            role_ar=f"متحدث المكتب {i}",
            aliases=(f"Person{i}", f"الشخص{i}"),
        )
        for i in range(n_actors)
    ]
    start = date(2021, 1, 1)
    statements = []
    for i in range(n_statements):
        ar = zipf_pick(rng, AR_WORDS, 12) + rng.choices(rare_ar, k=2)
        en = zipf_pick(rng, EN_WORDS, 14) + rng.choices(rare, k=2)
        statements.append(
            Statement(
                id=f"st-{i}",
                story_id=story.id,
                actor_id=f"actor-{rng.randrange(n_actors)}",
                text_ar=" ".join(ar),
                text_en=" ".join(en),
                kind=rng.choice(("direct", "reported")),
                date=start + timedelta(days=rng.randrange(1500)),
                stance=f"s{rng.randrange(8)}" if rng.random() < 0.3 else None,
            )
        )
    deadline = Deadline(
        id="bench-deadline",
        story_id=story.id,
        title_en="Benchmark deadline",
        title_ar="موعد القياس",
        due=datetime(2026, 12, 31, 21, 0, tzinfo=UTC),
        timezone="Asia/Baghdad",
        main=True,
    )
    return Pack(
        path="<bench>",
        story=story,
        stances=stances,
        deadlines=[deadline],
        actors=actors,
        statements=statements,
    )


def questions(pack: Pack, n: int, seed: int = 11) -> list[str]:
    return [text for text, _ in labelled_questions(pack, n, seed)]


def labelled_questions(pack: Pack, n: int, seed: int = 11) -> list[tuple[str, str | None]]:
    """The question mix, each with the id of the statement its words were taken from (who-said
    questions on a statement's words), else None."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None]] = []
    for _ in range(n):
        s = rng.choice(pack.statements)
        a = rng.choice(pack.actors)
        kind = rng.random()
        ar_words = s.text_ar.split()
        en_words = s.text_en.split()
        if kind < 0.2:
            out.append(("who said " + " ".join(rng.sample(en_words, 4)) + "?", s.id))
        elif kind < 0.4:
            out.append(("من قال ان " + " ".join(rng.sample(ar_words, 4)) + "؟", s.id))
        elif kind < 0.5:
            out.append(
                (
                    f"what did {a.aliases[0]} say about " + " ".join(rng.sample(en_words, 2)) + "?",
                    None,
                )
            )
        elif kind < 0.6:
            out.append((f"ماذا قال {a.aliases[1]}؟", None))
        elif kind < 0.7:
            out.append((f"what is {a.name_en}'s position?", None))
        elif kind < 0.8:
            out.append(("كم يوم باقي على الموعد؟", None))
        elif kind < 0.9:
            city = rng.choice(["Paris", "Lima", "Oslo"])
            out.append((f"who said the world cup final will be played in {city}?", None))
        else:
            out.append(
                ("who said " + " ".join(rng.sample(EN_WORDS, 5)) + "?", None)
            )  # common words
    return out


def fill_random_vectors(record: Record, seed: int = 5) -> None:
    """One random unit vector per statement, stored as the model's, so questions embedded by
    the real model search a full-size index."""
    import numpy as np

    model = USEEmbedder()
    rng = np.random.default_rng(seed)
    rows = record.db.execute("SELECT rowid FROM statements ORDER BY rowid").fetchall()
    rowids = [r[0] for r in rows]
    for start in range(0, len(rowids), 10_000):
        chunk = rowids[start : start + 10_000]
        v = rng.standard_normal((len(chunk), model.dim)).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        bits = np.packbits(v > 0, axis=1)
        with record.db.conn:
            record.db.conn.executemany(
                "INSERT INTO statement_vectors (statement_rowid, part, model, vec)"
                " VALUES (?, 0, ?, ?)",
                [
                    (r, model.name, x.astype(np.float16).tobytes())
                    for r, x in zip(chunk, v, strict=True)
                ],
            )
            record.db.conn.executemany(
                "INSERT INTO statement_bits (statement_rowid, part, model, bits)"
                " VALUES (?, 0, ?, ?)",
                [(r, model.name, b.tobytes()) for r, b in zip(chunk, bits, strict=True)],
            )
    record.vectors = VectorIndex(record.db, model)


def worst_case_questions(pack: Pack, n: int = 100, seed: int = 13) -> list[tuple[str, str]]:
    """(kind, question) pairs meant to be slow: 1,000-character questions, whole statements,
    40 names, emoji and mixed scripts."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for i in range(n):
        s = rng.choice(pack.statements)
        names = [a.aliases[i % 2] for a in rng.sample(pack.actors, 40)]
        kind = ("long", "whole", "names", "emoji", "mixed")[i % 5]
        if kind == "long":
            text = " ".join(rng.choices(EN_WORDS + AR_WORDS + [s.text_en, s.text_ar], k=200))
            q = ("who said " + text)[:1000]
        elif kind == "whole":
            q = f"who said {s.text_en}?" if i % 2 else f"من قال {s.text_ar}؟"
        elif kind == "names":
            q = (
                "what did "
                + ", ".join(names)
                + " say about "
                + " ".join(s.text_en.split()[:3])
                + "?"
            )
        elif kind == "emoji":
            words = s.text_en.split()[:6]
            q = "who said 🇮🇶🔥 " + " 😡 ".join(words) + " 🚀🚀🚀" + "👍" * rng.randrange(1, 200)
        else:
            en, ar = s.text_en.split(), s.text_ar.split()
            mixed = [w for pair in zip(en, ar, strict=False) for w in pair]
            q = "who said " + " ".join(mixed) + " Привет 你好 שלום नमस्ते " + names[0]
        out.append((kind, q))
    return out


_FIRST_ANSWER = """
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[2])
from datetime import UTC, datetime
from storage import Record
from story.respond import respond
t1 = time.perf_counter()
record = Record.open(sys.argv[1], seed=False)
t2 = time.perf_counter()
reply = respond(sys.argv[3], record, datetime(2024, 6, 1, 12, tzinfo=UTC))
t3 = time.perf_counter()
loaded = [m for m in ("trafilatura", "feedparser", "httpx", "telegram") if m in sys.modules]
import resource
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"imports_s": t1 - t0, "open_s": t2 - t1, "first_answer_s": t3 - t2,
                  "total_s": t3 - t0, "max_rss_mb": round(rss),
                  "answered": bool(reply.answer.statements), "ingestion_modules_loaded": loaded}))
"""


# The first question a default run asks (`questions(pack, n)[0]`): nothing answers it, so
# the words, the names and the vector pass (model and bits) all run before the reply.
FIRST_QUESTION = "who said the world cup final will be played in Lima?"


def first_answer(path: str, question: str) -> dict:
    """A new process: import, open the filled file, answer one question; the times of each."""
    root = str(Path(__file__).resolve().parent.parent)
    run = subprocess.run(
        [sys.executable, "-c", _FIRST_ANSWER, path, root, question],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument(
        "--actors", type=int, default=0, help="default: statements / 50, at least 100"
    )
    parser.add_argument("--questions", type=int, default=600)
    parser.add_argument("--db", help="keep the database here (default: a temporary file)")
    parser.add_argument("--vectors", choices=("random", "model", "none"), default="random")
    parser.add_argument(
        "--first-answer",
        type=int,
        default=0,
        metavar="RUNS",
        help="then time a new process's first answer on the filled file, RUNS times",
    )
    parser.add_argument(
        "--first-question",
        default=FIRST_QUESTION,
        help="the question --first-answer asks (default: a who-said nothing answers, so the "
        "whole path runs: names, words, the model and the vector pass)",
    )
    args = parser.parse_args()
    n_actors = args.actors or max(100, args.statements // 50)
    if args.questions == 0 and args.db and args.first_answer:
        # Start-up only, on a kept file: no synthetic pack to generate, no latency run.
        for _ in range(args.first_answer):
            print("first answer in a new process:", first_answer(args.db, args.first_question))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or str(Path(tmp) / "bench.db")
        pack = synthetic_pack(args.statements, n_actors)
        t0 = time.perf_counter()
        embedder = USEEmbedder() if args.vectors == "model" else None
        record = Record.open(path, seed=False, embedder=embedder)
        if record.statement_count() < args.statements:  # a kept --db file is used as it is
            record.load(pack)
            if args.vectors == "random":
                fill_random_vectors(record)
            record.invalidate()
        if args.vectors == "random" and record.vectors is None:  # a kept file's stored vectors
            record.vectors = VectorIndex(record.db, USEEmbedder(Path(path).parent / MODEL_CACHE))
        print(
            f"filled {args.statements} statements, {n_actors} actors"
            f" in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        if record.vectors is not None:
            sql = (
                "SELECT (SELECT sum(length(vec)) FROM statement_vectors)"
                " + (SELECT sum(length(bits)) FROM statement_bits)"
            )
            size = record.db.execute(sql).fetchone()[0] or 0
            print(f"vectors: {args.vectors}, {size / 1e6:.1f} MB in SQLite", flush=True)
        now = datetime(2024, 6, 1, 12, tzinfo=UTC)
        asked = questions(pack, args.questions)
        for q in asked[:50]:  # warm caches (actor index, page cache) as a running bot has them
            respond(q, record, now)
        timings = []
        words_only: list[float] = []
        answered = 0
        vectors = record.vectors
        for q in asked:
            if vectors is not None:  # the same question by words alone, alternating: same-run ratio
                record.vectors = None
                t = time.perf_counter()
                respond(q, record, now)
                words_only.append((time.perf_counter() - t) * 1000)
                record.vectors = vectors
            t = time.perf_counter()
            reply = respond(q, record, now)
            timings.append((time.perf_counter() - t) * 1000)
            answered += bool(reply.answer.statements or reply.answer.countdowns)
        if words_only:
            words_only.sort()
            print(
                f"words only, same run: p50_ms={statistics.median(words_only):.2f} "
                f"p99_ms={words_only[min(len(words_only) - 1, int(len(words_only) * 0.99))]:.2f}"
            )
        timings.sort()
        p50 = statistics.median(timings)
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        print(f"questions={len(asked)} answered={answered} max_ms={timings[-1]:.1f}")
        if record.vectors is not None:
            snapshot = record.db.execute(
                "SELECT sum(length(rowids) + length(bits)) FROM bits_snapshot"
            ).fetchone()[0]
            print(f"bits snapshot: {(snapshot or 0) / 1e6:.1f} MB in SQLite")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"max RSS {rss:.0f} MB (this process, fill included when it filled)")
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average after the timed run: {load} (1 / 5 / 15 min)")
        print(f"p50_ms={p50:.2f} p99_ms={p99:.2f}")
        record.db.close()
        for _ in range(args.first_answer):
            result = first_answer(path, args.first_question)
            print("first answer in a new process:", result, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
