"""The timeline's reads: a story's approved statements, its stances in order, and a cheap
version of the record that changes whenever anything the picture shows may have changed.

The version is what the picture cache (bot.timeline) keys on: the highest statement rowid
(a new candidate or statement), the highest audit id (every review, edit, withdrawal, new
actor), when a pack was last loaded (a changed pack rewrites rows in place), and the
story's deadline rows themselves (a status set in chat is not audited). Each is one index
look-up or a handful of rows, so asking costs well under a millisecond at any size.
"""

from __future__ import annotations

import hashlib
from datetime import date

from storage.record import _STATEMENT_COLUMNS, NEWEST, Record, _statement, newest_said
from story.models import Stance, Statement

MAX_STATEMENTS = 5000  # a picture holds no more marks than this: the newest are kept


def story_statements(
    record: Record,
    story_id: str,
    *,
    actor_id: str | None = None,
    until: date | None = None,
    limit: int = MAX_STATEMENTS,
) -> list[Statement]:
    """Approved statements of a story (of one actor, up to a day), newest first; by the
    (story_id, date) or (actor_id, date) index."""
    sql = f"SELECT {_STATEMENT_COLUMNS} FROM statements WHERE story_id = ? AND status = 'approved'"
    args: list = [story_id]
    if actor_id is not None:
        sql += " AND actor_id = ?"
        args.append(actor_id)
    if until is not None:
        sql += " AND date <= ?"
        args.append(until.isoformat())
    sql += f" ORDER BY {NEWEST} LIMIT ?"
    args.append(limit)
    return newest_said([_statement(row) for row in record.db.execute(sql, args).fetchall()])


def story_stances(record: Record, story_id: str) -> list[Stance]:
    """The story's stance vocabulary in its pack's order (the order fixes the colours)."""
    rows = record.db.execute(
        "SELECT id, label_en, label_ar FROM stances WHERE story_id = ? ORDER BY rowid", [story_id]
    ).fetchall()
    return [Stance(ident, en or "", ar or "") for ident, en, ar in rows]


def _top(record: Record, table: str) -> int:
    if not record.db.table(table).exists():
        return 0
    return record.db.execute(f"SELECT max(rowid) FROM [{table}]").fetchone()[0] or 0


def record_version(record: Record, story_id: str) -> str:
    """A short string that changes whenever the story's picture may change."""
    db = record.db
    packs = db.execute("SELECT max(loaded_at) FROM packs").fetchone()[0] or ""
    deadlines = db.execute(
        "SELECT * FROM deadlines WHERE story_id = ? ORDER BY id", [story_id]
    ).fetchall()
    digest = hashlib.sha1(repr(deadlines).encode("utf-8")).hexdigest()[:12]
    return f"s{_top(record, 'statements')}.a{_top(record, 'audit')}.p{packs}.d{digest}"
