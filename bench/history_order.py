"""What ordering an actor's statements by the time they were said costs (issue 11, m014).

    python bench/history_order.py /tmp/NAME-1m.db [--runs 7]

Opens a COPY of a record (the file is migrated: never point it at a shared one) without a
sentence model, then times, alternating run by run in one process so machine noise falls on
both alike:

- current_positions(): every actor's latest stance — now the latest day from the index's
  end, then that day's last-said statement (two index probes per actor) — against the
  query before m014 (one probe, date then entry order);
- stance_history() of the five actors with the most statements: ORDER BY date, said_at,
  rowid against date, rowid.

Prints medians (ms) and the ratio new/old; give the load average beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage.database import open_database  # noqa: E402
from storage.record import _READ_COLUMNS, Record, _statement  # noqa: E402

_COLS = ", ".join("s." + c.strip() for c in _READ_COLUMNS.split(","))
_WHERE = "actor_id = ids.a AND status = 'approved' AND stance IS NOT NULL AND stance != ''"
_OLD_POSITIONS = f"""
    WITH RECURSIVE ids(a) AS (
        SELECT min(actor_id) FROM statements
        UNION ALL
        SELECT (SELECT min(actor_id) FROM statements WHERE actor_id > ids.a)
        FROM ids WHERE ids.a IS NOT NULL
    ), latest(r) AS (
        SELECT (SELECT rowid FROM statements WHERE {_WHERE} ORDER BY date DESC, rowid DESC LIMIT 1)
        FROM ids WHERE ids.a IS NOT NULL
    )
    SELECT s.actor_id, s.stance, {_COLS}
    FROM latest JOIN statements s ON s.rowid = latest.r ORDER BY s.actor_id
"""
_OLD_HISTORY = (
    f"SELECT stance, {_READ_COLUMNS} FROM statements WHERE actor_id = ? AND status = 'approved'"
    " AND stance IS NOT NULL AND stance != '' ORDER BY date DESC, rowid DESC"
)


def _old_positions(db) -> list:
    return [(r[0], r[1], _statement(r[2:])) for r in db.execute(_OLD_POSITIONS)]


def _old_history(db, actor_id: str) -> list:
    return [(r[0], _statement(r[1:])) for r in db.execute(_OLD_HISTORY, [actor_id])]


def _timed(fn: Callable[[], object], out: list[float]) -> None:
    start = time.perf_counter()
    fn()
    out.append((time.perf_counter() - start) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="a copy of a record (it is migrated)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    record = Record(open_database(args.path), embedder=None)
    db = record.db
    count = record.statement_count()
    busy = [
        a
        for (a,) in db.execute(
            "SELECT actor_id FROM statements WHERE actor_id IS NOT NULL GROUP BY actor_id"
            " ORDER BY count(*) DESC LIMIT 5"
        )
    ]
    new_pos: list[float] = []
    old_pos: list[float] = []
    new_hist: list[float] = []
    old_hist: list[float] = []
    record.current_positions()  # warm the cache for both
    db.execute(_OLD_POSITIONS).fetchall()
    for run in range(args.runs):
        pairs = [
            (lambda: record.current_positions(), new_pos),
            (lambda: _old_positions(db), old_pos),
            (lambda: [record.stance_history(a) for a in busy], new_hist),
            (lambda: [_old_history(db, a) for a in busy], old_hist),
        ]
        if run % 2:
            pairs = [pairs[1], pairs[0], pairs[3], pairs[2]]
        for fn, out in pairs:
            _timed(fn, out)
    load = os.getloadavg()
    print(f"statements={count} actors_busiest={busy} runs={args.runs} load={load[0]:.2f}")
    for name, new, old in (
        ("current_positions", new_pos, old_pos),
        ("stance_history x5", new_hist, old_hist),
    ):
        n, o = statistics.median(new), statistics.median(old)
        print(f"{name}: new {n:.1f} ms, before m014 {o:.1f} ms, ratio {n / o:.2f}")


if __name__ == "__main__":
    main()
