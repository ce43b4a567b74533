"""Count right answers, wrong speakers and misses on a question set, separately.

A scorer's accuracy folds two failures together: "no answer" where the record had one (a
miss) and an answer naming the wrong speaker (a false answer, the worse of the two: Raqib
promises the right speaker or an honest "no answer"). This script tells them apart.

    .venv/bin/python bench/answer_audit.py --set QUESTIONS.toml [--db DB]
    .venv/bin/python bench/answer_audit.py --set LOOP.toml --articles DIR   # a fresh record

The set has the scorers' format: `now`, then `[[q]]` cases with `text` and `expect` (names
one of which the top speaker must contain), `none = true` (nothing answers it) or
`days_left`. With `--articles`, the set's `articles` are ingested into a temporary record
and every candidate approved first (`DIR/NAME.txt`, its date from `DIR/NAME.toml`), as the
loop scorer does. Prints one line per wrong speaker and miss, then the three counts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path


def _bot(python: str, db: str, *args: str, stdin: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM")}
    run = subprocess.run(
        [python, "-m", "bot", "--db", db, *args],
        input=stdin, capture_output=True, text=True, env=env | {"RAQIB_DB": db}, check=True,
    )
    return run.stdout


def fresh_record(spec: dict, articles: Path, python: str) -> str:
    """A temporary record holding the set's articles, every candidate approved."""
    db = str(Path(tempfile.mkdtemp(prefix="raqib-audit-")) / "audit.db")
    for name in spec.get("articles", []):
        meta = tomllib.loads((articles / f"{name}.toml").read_text(encoding="utf-8"))
        _bot(python, db, "ingest", "--date", meta["date"], str(articles / f"{name}.txt"))
    _bot(python, db, "review", "approve", "--all")
    return db


def verdict(case: dict, got: dict) -> tuple[str, str]:
    """("right" | "wrong" | "miss", why) for one case and its `ask --json` object."""
    answers = got.get("answers") or []
    if case.get("none"):
        if not answers:
            return "right", ""
        return "wrong", f"expected no answer, got {_speaker(answers[0])}"
    if "days_left" in case:
        ok = got.get("days_left") == case["days_left"]
        return ("right" if ok else "miss"), f"days_left {got.get('days_left')!r}"
    if not answers:
        return "miss", "no answer"
    names = _speaker(answers[0])
    if any(e.lower() in names.lower() for e in case["expect"]):
        return "right", ""
    return "wrong", f"top speaker {names}, expected one of {case['expect']}"


def _speaker(answer: dict) -> str:
    sp = answer.get("speaker") or {}
    return " | ".join(str(sp.get(k, "")) for k in ("name_en", "name_ar", "id"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", required=True, help="question set (TOML)")
    ap.add_argument("--db", help="record to ask (default: the bot's own)")
    ap.add_argument("--articles", help="ingest the set's articles from here into a fresh record")
    ap.add_argument("--python", default=".venv/bin/python")
    args = ap.parse_args(argv)
    spec = tomllib.loads(Path(args.set).read_text(encoding="utf-8"))
    db = fresh_record(spec, Path(args.articles), args.python) if args.articles else args.db
    cases = spec["q"]
    stdin = "".join(c["text"].replace("\n", " ") + "\n" for c in cases)
    ask = ["ask", "--json", "--batch", "--now", spec["now"]]
    out = _bot(args.python, db, *ask, stdin=stdin) if db else subprocess.run(
        [args.python, "-m", "bot", *ask], input=stdin, capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    counts = {"right": 0, "wrong": 0, "miss": 0}
    for case, line in zip(cases, lines, strict=True):
        kind, why = verdict(case, json.loads(line))
        counts[kind] += 1
        if kind != "right":
            print(f"{kind.upper():5} {case['text']!r}: {why}")
    print(f"right {counts['right']}, wrong speaker {counts['wrong']}, miss {counts['miss']}"
          f" of {len(cases)}")
    return 0 if counts["wrong"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
