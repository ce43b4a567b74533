"""The state of one database at a glance, for `python -m bot status`: the schema version,
row counts, the review queue, the reminder ledger's states and the feeds that fail."""

from __future__ import annotations

from storage.database import schema_version
from storage.record import Record

COUNTED = (
    "stories",
    "deadlines",
    "actors",
    "sources",
    "statements",
    "items",
    "chats",
    "subscriptions",
    "follows",
    "feeds",
    "audit",
)


def overview(record: Record) -> dict:
    """A JSON-ready summary of the database."""
    db = record.db
    tables = set(db.table_names())

    def grouped(sql: str) -> dict[str, int]:
        return {str(k): n for k, n in db.execute(sql).fetchall()}

    applied = schema_version(db)
    return {
        "database": str(db.conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:"),
        "schema": {"version": len(applied), "latest": applied[-1] if applied else None},
        "counts": {t: db[t].count for t in COUNTED if t in tables},
        "statements": grouped("SELECT status, count(*) FROM statements GROUP BY status"),
        "pending_reviews": db.table("statements").count_where("status = 'pending'"),
        "subscriptions": grouped("SELECT state, count(*) FROM subscriptions GROUP BY state"),
        "ledger": grouped("SELECT state, count(*) FROM deliveries GROUP BY state"),
        "feeds_in_error": [
            {"id": r[0], "url": r[1], "errors": r[2], "last_error": r[3], "next_poll": r[4]}
            for r in db.execute(
                "SELECT id, url, errors, last_error, next_poll FROM feeds"
                " WHERE active = 1 AND errors > 0 ORDER BY id"
            ).fetchall()
        ],
    }
