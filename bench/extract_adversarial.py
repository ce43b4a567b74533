"""Extraction time on adversarial shapes, and linearity in length.

    python bench/extract_adversarial.py [--mb 1.0] [--runs 3] [--no-cap]

Shapes, each --mb megabytes of one pattern (the kind of thing a link or a feed may bring):
quote marks only (straight, curly and guillemets mixed), `"Kirby said "` repeated, speech
verbs only (Arabic and English), one endless sentence (words and commas, no full stop), and
transcript turn labels only. Each is timed through `story.extract.extract_statements` with the
bundled pack's actors; the target is at most 2 s per MB. The pipeline reads a text up to
`story.extract.pipeline.MAX_CHARS`; `--no-cap` lifts that cap so the whole megabyte is read.

Linearity: a realistic Arabic article of 1,000 and of 10,000 words (attributed statements between
background paragraphs, as in bench/ingest_throughput.py); the ratio of their times should stay
at most 12.

Each figure is the median of --runs runs; every run is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest_throughput import build_article  # noqa: E402

from storage import Record  # noqa: E402
from story.extract import extract_statements, pipeline  # noqa: E402

DAY = date(2024, 2, 2)


def fill(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def shapes(size: int) -> dict[str, str]:
    return {
        "quote marks only": fill('"«“”»\'"‘’„', size),
        '"Kirby said " repeated': fill('"Kirby said ', size),
        "speech verbs only (ar)": fill("قال أكد أضاف إن أن وأشار إلى ", size),
        "speech verbs only (en)": fill("said told added that according to ", size),
        "one endless sentence": fill("وقال المتحدث إن القوات باقية، the troops will stay, ", size),
        "turn labels only": fill("MR. KIRBY: Q THE PRESIDENT: ", size).replace(": Q", ":\nQ"),
    }


def timed(text: str, actors: list, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        extract_statements(text, published=DAY, actors=actors)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-cap", action="store_true", help="read the whole text (no MAX_CHARS)")
    ap.add_argument("--skip-articles", action="store_true", help="shapes only, no linearity pair")
    args = ap.parse_args()
    if args.no_cap:
        pipeline.MAX_CHARS = 10**12
    size = int(args.mb * 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        record = Record.open(Path(tmp) / "bench.db")
        actors = list(record.actors().values())
        for name, text in shapes(size).items():
            times = timed(text, actors, args.runs)
            med = statistics.median(times)
            runs = ", ".join(f"{x:.2f}" for x in times)
            print(
                f"{name}: {len(text) / 1e6:.2f} MB, median {med:.2f} s"
                f" ({med / args.mb:.2f} s/MB); runs {runs}"
            )
        if args.skip_articles:
            return
        small = build_article(record, 1000)
        large = build_article(record, 10000)
        pairs = [(timed(small, actors, 1)[0], timed(large, actors, 1)[0]) for _ in range(5)]
        t_small = statistics.median(p[0] for p in pairs)  # interleaved: the same load for both
        t_large = statistics.median(p[1] for p in pairs)
        print(
            f"article {len(small.split())} words: {t_small * 1000:.1f} ms;"
            f" {len(large.split())} words: "
            f"{t_large * 1000:.1f} ms; ratio {t_large / t_small:.1f}"
        )


if __name__ == "__main__":
    main()
