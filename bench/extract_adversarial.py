"""Extraction time on adversarial shapes, and linearity in length.

    python bench/extract_adversarial.py [--sizes 1,5] [--runs 3] [--only WORD]

Shapes, each N megabytes (--sizes) of one pattern (the kind of thing a link or a feed may
bring): quote marks only (straight, curly and guillemets mixed), `"Kirby said "` repeated,
speech verbs only (Arabic, plain and inflected, and English), one endless sentence (words and
commas, no full stop), one line of words with no punctuation at all, « and " alternating
around words, quotes nested hundreds deep, transcript turn labels only, thousands of "X:"
lines, and mixed real-looking paragraphs (attributed statements in both languages, posts,
background; words drawn at random from small vocabularies, written for this bench). Each is
timed through `story.extract.extract_statements` with the bundled pack's actors, in CPU
seconds of this process (time.process_time: the machine is shared, wall time is not this
code's); the target is at most 2 s per MB, and 5 MB in at most 6 times the 1 MB time. The
whole text is read (in windows of `story.extract.pipeline.WINDOW` characters).

Linearity: a realistic Arabic article of 1,000 and of 10,000 words (attributed statements between
background paragraphs, as in bench/ingest_throughput.py); the ratio of their times should stay
at most 12.

Each figure is the median of --runs runs; every run is printed.
"""

from __future__ import annotations

import argparse
import os
import random
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
from story.extract import extract_statements  # noqa: E402

DAY = date(2024, 2, 2)


def fill(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


AR_VOCAB = (
    "القوات الأمريكية الحكومة العراقية البرلمان الانسحاب الاتفاق الحوار الأمن الحدود المطار "
    "القاعدة الفصائل المستشارين التدريب المشورة نهاية العام الجاري المقبل الماضي الجدول الموعد "
    "البلاد المنطقة الاستقرار السيادة الوطنية المرحلة الجديدة القتالية الدولي التحالف"
).split()
EN_VOCAB = (
    "troops forces government parliament withdrawal agreement dialogue security border airport "
    "base militias advisers training mission year end schedule deadline country region "
    "stability sovereignty phase combat coalition international talks partners"
).split()


def mixed(size: int) -> str:
    """Real-looking paragraphs of both languages: statements attributed the ways news and
    posts attribute them, between background paragraphs (random words, a fixed seed)."""
    rng = random.Random(8)
    out: list[str] = []
    total = 0
    while total < size:
        ar = " ".join(rng.choices(AR_VOCAB, k=rng.randint(8, 20)))
        en = " ".join(rng.choices(EN_VOCAB, k=rng.randint(8, 20)))
        para = rng.choice(
            [
                f"وقال المتحدث باسم الحكومة إن «{ar}».",
                f"وأكد رئيس الوزراء أن {ar}، مشيرا إلى {ar}.",
                f"الناطق العسكري:\n{ar}",
                f'"{en}," the spokesman said on Monday.',
                f"The minister told reporters that {en}, adding that {en}.",
                f"MR. KIRBY: {en}. {en}.\n\nQ {en}?",
                f"{ar}. {ar}، {ar}.",
                f"{en}. {en}, {en}.",
            ]
        )
        out.append(para)
        total += len(para) + 2
    return "\n\n".join(out)[:size]


def nested(size: int, depth: int = 300) -> str:
    """Quotes nested `depth` deep, a word inside each, again and again."""
    opens = "«“\"‘"
    closes = "’\"”»"
    one = "".join(f"{opens[n % 4]}قال " for n in range(depth))
    one += "".join(f"كلام{closes[n % 4]} " for n in range(depth))
    return fill(one, size)


def shapes(size: int) -> dict[str, str]:
    return {
        "quote marks only": fill('"«“”»\'"‘’„', size),
        '"Kirby said " repeated': fill('"Kirby said ', size),
        "speech verbs only (ar)": fill("قال أكد أضاف إن أن وأشار إلى ", size),
        "speech verbs inflected (ar)": fill(
            "قالت يقول أكدت مؤكدا أضافت مضيفة أشار مشيرا نفى نافيا شدد وتابع بأن ", size
        ),
        "speech verbs only (en)": fill("said told added that according to ", size),
        "one endless sentence": fill("وقال المتحدث إن القوات باقية، the troops will stay, ", size),
        "one line, no punctuation": fill("القوات باقية في البلاد the troops stay there ", size),
        "« and \" alternating": fill('« قال " said ', size),
        "quotes nested 300 deep": nested(size),
        "turn labels only": fill("MR. KIRBY: Q THE PRESIDENT: ", size).replace(": Q", ":\nQ"),
        '"X:" lines': fill("المتحدث:\nKirby: yes\nالوزير: لا\n", size),
        "mixed paragraphs": mixed(size),
    }


def timed(text: str, actors: list, runs: int) -> list[float]:
    """CPU seconds of each run (this process only)."""
    out = []
    for _ in range(runs):
        start = time.process_time()
        extract_statements(text, published=DAY, actors=actors)
        out.append(time.process_time() - start)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,5", help="megabytes, comma-separated")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="shapes whose name holds this word")
    ap.add_argument("--skip-articles", action="store_true", help="shapes only, no linearity pair")
    args = ap.parse_args()
    sizes = [float(x) for x in args.sizes.split(",")]
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        record = Record.open(Path(tmp) / "bench.db")
        actors = list(record.actors().values())
        medians: dict[str, list[float]] = {}
        for mb in sizes:
            for name, text in shapes(int(mb * 1_000_000)).items():
                if args.only and args.only not in name:
                    continue
                times = timed(text, actors, args.runs)
                med = statistics.median(times)
                medians.setdefault(name, []).append(med)
                runs = ", ".join(f"{x:.2f}" for x in times)
                print(
                    f"{name}: {len(text) / 1e6:.2f} MB, median {med:.2f} s CPU"
                    f" ({med / mb:.2f} s/MB); runs {runs}",
                    flush=True,
                )
        if len(sizes) > 1:
            for name, meds in medians.items():
                print(f"{name}: {sizes[-1]:g} MB / {sizes[0]:g} MB = {meds[-1] / meds[0]:.1f}x")
        if args.skip_articles:
            return
        small = build_article(record, 1000)
        large = build_article(record, 10000)
        pairs = [(timed(small, actors, 1)[0], timed(large, actors, 1)[0]) for _ in range(5)]
        t_small = statistics.median(p[0] for p in pairs)  # interleaved: the same load for both
        t_large = statistics.median(p[1] for p in pairs)
        print(
            f"article {len(small.split())} words: {t_small * 1000:.1f} ms CPU;"
            f" {len(large.split())} words: "
            f"{t_large * 1000:.1f} ms; ratio {t_large / t_small:.1f}"
        )


if __name__ == "__main__":
    main()
