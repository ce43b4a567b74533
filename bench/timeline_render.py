"""How long the /timeline picture takes to draw, and how big it is.

    python bench/timeline_render.py [--statements 200] [--actors 20] [--runs 7]

A story of N statements (made up here, never stored in the repository) over A actors, with
the bundled pack's stances and deadline, is drawn in English and in Arabic by
`bot.timeline.render` — the code path of the handler after the cache misses. Each run times,
in one process and alternating: the floor (an empty figure of the same size saved as PNG:
what any matplotlib picture costs), the data selection (`story.timeline_data.build_timeline`)
and the whole render in each language. Printed: each figure's median and runs (ms), the ratio
render/floor, the picture's size; then, in fresh processes, the first picture after start
(import of matplotlib included) and a cache hit through the real record (the version key).
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from story.models import Actor, Deadline, Stance, Statement, Story  # noqa: E402
from story.timeline_data import build_timeline  # noqa: E402

STANCES = [
    Stance("full_withdrawal_demanded", "Demands a complete US withdrawal",
           "يطالب بانسحاب أمريكي كامل"),
    Stance("threatens_military_action", "Threatens military action to force US forces out",
           "يهدد بعمل عسكري لإخراج القوات الأمريكية"),
    Stance("doubts_us_commitment", "Doubts the US commitment to withdraw",
           "يشكك في الالتزام الأمريكي بالانسحاب"),
    Stance("committed_to_deadline", "Committed to the agreed withdrawal deadline",
           "ملتزم بموعد الانسحاب المتفق عليه"),
    Stance("deadline_fixed", "The deadline is fixed; no extension", "الموعد ثابت ولا تمديد"),
    Stance("combat_withdrawal_advisers_stay", "Combat forces leave; advisers and trainers stay",
           "تنسحب القوات القتالية ويبقى المستشارون والمدربون"),
    Stance("no_full_withdrawal", "No plans for a complete withdrawal", "لا خطط لانسحاب كامل"),
    Stance("no_comment", "Declined to comment", "رفض التعليق"),
    Stance("unclear_no_timetable", "Position unclear; no timetable given",
           "موقف غير واضح ولا جدول زمني"),
]
STORY = Story("bench", "The 31 December 2021 deadline for US combat forces to leave Iraq",
              "موعد 31 كانون الأول/ديسمبر 2021 لانسحاب القوات القتالية الأمريكية من العراق")
DEADLINE = Deadline("d", "bench", "US combat forces leave Iraq",
                    "انسحاب القوات القتالية الأمريكية من العراق",
                    datetime(2021, 12, 31, 21, tzinfo=UTC), "Asia/Baghdad")


def synthetic(n: int, actors: int) -> tuple[list[Statement], dict[str, Actor]]:
    people = {
        f"a{i}": Actor(f"a{i}", "person", f"Spokesperson number {i} of the office",
                       f"المتحدث رقم {i} باسم المكتب")
        for i in range(actors)
    }
    first = date(2021, 7, 26)
    statements = [
        Statement(f"s{i}", "bench", f"a{(i * 7) % actors}", "", "words", "direct",
                  first + timedelta(days=(i * 37) % 160),
                  stance=None if i % 11 == 0 else STANCES[i % len(STANCES)].id)
        for i in range(n)
    ]
    return statements, people


def floor(width: int, height: int) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    FigureCanvasAgg(fig)
    fig.savefig(io.BytesIO(), format="png")


def _ms(seconds: list[float]) -> str:
    runs = ", ".join(f"{s * 1000:.0f}" for s in seconds)
    return f"{statistics.median(seconds) * 1000:.0f} ms ({runs})"


COLD = """
import time, sys
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
import bench.timeline_render as b
from bot.timeline import render
from story.timeline_data import build_timeline
s, a = b.synthetic({n}, {actors})
t1 = time.perf_counter()
render(build_timeline(b.STORY, s, a, b.STANCES, [b.DEADLINE], "ar"))
print(time.perf_counter() - t1)
"""

HIT = """
import asyncio, time, sys
sys.path.insert(0, {root!r})
from storage import Record
from bot.timeline import Request, TimelineCache, timeline_picture
r = Record.open({db!r}, embedder=None)
cache = TimelineCache()
req = Request(r.stories()[0], "ar")
asyncio.run(timeline_picture(r, req, cache))
t = []
for _ in range(50):
    t0 = time.perf_counter()
    asyncio.run(timeline_picture(r, req, cache))
    t.append(time.perf_counter() - t0)
t.sort(); print(t[len(t) // 2], cache.hits)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--actors", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from bot.timeline import render

    statements, actors = synthetic(args.statements, args.actors)
    render(build_timeline(STORY, statements, actors, STANCES, [DEADLINE], "en"))  # warm
    times: dict[str, list[float]] = {"floor": [], "data": [], "en": [], "ar": []}
    sizes: dict[str, tuple[int, int, int]] = {}
    for _ in range(args.runs):
        t0 = time.perf_counter()
        timeline = build_timeline(STORY, statements, actors, STANCES, [DEADLINE], "en")
        times["data"].append(time.perf_counter() - t0)
        for lang in ("en", "ar"):
            timeline = build_timeline(STORY, statements, actors, STANCES, [DEADLINE], lang)
            t0 = time.perf_counter()
            picture = render(timeline)
            times[lang].append(time.perf_counter() - t0)
            sizes[lang] = (picture.width, picture.height, len(picture.png))
        t0 = time.perf_counter()
        floor(*sizes["en"][:2])
        times["floor"].append(time.perf_counter() - t0)
    base = statistics.median(times["floor"])
    print(f"{args.statements} statements, {args.actors} actors, {args.runs} runs")
    print(f"floor (empty figure, same size, PNG): {_ms(times['floor'])}")
    print(f"data selection: {_ms(times['data'])}")
    for lang in ("en", "ar"):
        w, h, size = sizes[lang]
        ratio = statistics.median(times[lang]) / base
        print(f"render {lang}: {_ms(times[lang])}, {ratio:.1f}x floor; {w}x{h} px, "
              f"{size / 1024:.0f} KiB")
    root = str(Path(__file__).resolve().parent.parent)
    cold = [
        float(subprocess.run([sys.executable, "-c", COLD.format(root=root, n=args.statements,
                                                                actors=args.actors)],
                             capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    ]
    print(f"first picture in a fresh process (matplotlib imported): {_ms(cold)}")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", HIT.format(root=root, db=f"{tmp}/r.db")],
                             capture_output=True, text=True, check=True).stdout.split()
        print(f"cache hit on the bundled record (version key + lookup): "
              f"{float(out[0]) * 1000:.2f} ms median of 50 ({out[1]} hits)")


if __name__ == "__main__":
    main()
