"""Who-said answers, this tree's `story.answering` against a git revision's, in one process.

    python bench/who_said_ab.py --statements 100000 --base 2d1e2b7 [--db KEPT.db] [--rounds 5]

The corpus and questions are `bench/ask_latency`'s (synthetic statements with random vectors,
its question mix), keeping only the who-said questions: the labelled ones (words taken from
one statement, its "source") and the unlabelled (common words, no such statement). Both
versions answer every question, alternating question by question (the first to go swaps each
time), `--rounds` times; a question's time is its median over the rounds. Printed: p50 and
p99 of each, the ratio new/base (the figure that counts on a noisy machine), how often the
source comes first for each, and how many answers' top statements differ.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ask_latency import fill_random_vectors, labelled_questions, synthetic_pack  # noqa: E402

from storage import Record  # noqa: E402
from storage.record import MODEL_CACHE  # noqa: E402
from storage.vectors import VectorIndex  # noqa: E402
from story import answering  # noqa: E402
from story.embedding import USEEmbedder  # noqa: E402

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


def base_module(revision: str) -> ModuleType:
    """`story/answering.py` as it was at `revision`, loaded beside the current one (it imports
    the current tree's other modules)."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:story/answering.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spec = importlib.util.spec_from_loader("story._answering_base", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    exec(compile(source, f"{revision}:story/answering.py", "exec"), module.__dict__)
    return module


def _answerer(module: ModuleType, record: Record) -> Callable[[str], list[str]]:
    """A who-said question → the ids `module` answers it with, best first."""

    def answer(text: str) -> list[str]:
        return [s.id for s in module.answer_question(text, record, NOW).statements]

    return answer


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=600, help="of the mix, before the filter")
    parser.add_argument("--base", default="2d1e2b7", help="git revision to compare against")
    parser.add_argument("--db", help="keep (or reuse) the filled database here")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    base = base_module(args.base)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or str(Path(tmp) / "ab.db")
        pack = synthetic_pack(args.statements, max(100, args.statements // 50))
        record = Record.open(path, seed=False, embedder=None)
        if record.statement_count() < args.statements:
            record.load(pack)
            fill_random_vectors(record)
            record.invalidate()
        if record.vectors is None:
            record.vectors = VectorIndex(record.db, USEEmbedder(Path(path).parent / MODEL_CACHE))
        asked = [
            (text, source)
            for text, source in labelled_questions(pack, args.questions)
            if text.startswith(("who said", "من قال"))
        ]
        sides = [("new", _answerer(answering, record)), ("base", _answerer(base, record))]
        for text, _ in asked[:50]:  # warm caches (page cache, actor index, memos) for both
            for _, call in sides:
                call(text)
        times: dict[str, list[list[float]]] = {name: [[] for _ in asked] for name, _ in sides}
        tops: dict[str, list[str | None]] = {name: [None] * len(asked) for name, _ in sides}
        gc.disable()
        for r in range(args.rounds):
            for i, (text, _) in enumerate(asked):
                order = sides if (i + r) % 2 == 0 else sides[::-1]
                for name, call in order:
                    t = time.perf_counter()
                    got = call(text)
                    times[name][i].append((time.perf_counter() - t) * 1000)
                    tops[name][i] = got[0] if got else None
        gc.enable()
    medians = {name: [statistics.median(ts) for ts in per] for name, per in times.items()}
    labelled = [i for i, (_, source) in enumerate(asked) if source]
    differ = sum(1 for a, b in zip(tops["new"], tops["base"], strict=True) if a != b)
    print(f"{args.statements:,} statements, {len(asked)} who-said questions, {args.rounds} rounds")
    print(f"{'side':6} {'p50 ms':>8} {'p99 ms':>8} {'source 1st':>11}")
    for name, _ in sides:
        first = sum(1 for i in labelled if tops[name][i] == asked[i][1])
        print(
            f"{name:6} {statistics.median(medians[name]):8.3f} {_pct(medians[name], 0.99):8.3f}"
            f" {first:>5}/{len(labelled)}"
        )
    ratio = statistics.median(medians["new"]) / statistics.median(medians["base"])
    print(f"RESULT new/base p50 {ratio:.3f}, top answers differing {differ}/{len(asked)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
