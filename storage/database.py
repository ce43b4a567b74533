"""Open the database: WAL mode, foreign keys, migrations applied, bundled packs on first start."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from storage.migrations import migrations


def open_database(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the SQLite file at `path`, in WAL mode, schema up to date.

    ":memory:" gives a private in-memory database (tests and one-shot runs).
    """
    if str(path) == ":memory:":
        db = Database(memory=True)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    if migrate:
        migrations.apply(db)
    return db


def schema_version(db: Database) -> list[str]:
    """Names of the migrations applied, oldest first."""
    return [m.name for m in migrations.applied(db)]
