"""The SQLite file for Datasette (issue 14 item 3): the `statements_view` migration joins
statements to speakers, stances and sources, and datasette/metadata.json's tables, columns,
full-text search and canned queries fit a real database, run with sqlite3 the way Datasette
runs them (Datasette itself is not a dependency)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_review_flow import KIRBY_QUOTE, article_text, buttons, card_for, forward, press

from storage import Record
from story.normalize import search_keys

METADATA = Path(__file__).resolve().parents[1] / "datasette" / "metadata.json"


@pytest.fixture
def meta() -> dict:
    return json.loads(METADATA.read_text(encoding="utf-8"))


def _columns(db: sqlite3.Connection, name: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info([{name}])")}


def test_the_view_joins_speakers_stances_and_sources(record: Record) -> None:
    assert "statements_view" in record.db.view_names()
    db = record.db.conn
    db.row_factory = sqlite3.Row
    rows = {r["id"]: r for r in db.execute("SELECT * FROM statements_view")}
    assert len(rows) == db.execute("SELECT count(*) FROM statements").fetchone()[0]
    actors, sources, stances = record.actors(), record.sources(), record.stances()
    for s in record.statements_by(list(actors), limit=1000):
        row = rows[s.id]
        actor = actors[s.actor_id]
        assert (row["speaker_en"], row["speaker_ar"]) == (actor.name_en, actor.name_ar)
        assert (row["text_ar"], row["text_en"], row["date"]) == (
            s.text_ar,
            s.text_en,
            s.date.isoformat(),
        )
        if s.stance:
            assert row["stance_en"] == stances[s.stance].label_en
        if s.source_id:
            assert row["source_en"] == sources[s.source_id].name_en
            assert (row["source_url"] or "") == sources[s.source_id].url
    db.row_factory = None


async def test_the_view_carries_every_reports_link(raqib_chat) -> None:
    await forward(raqib_chat, article_text())
    kirby = card_for(raqib_chat, KIRBY_QUOTE)
    await press(raqib_chat, kirby, buttons(kirby)["✅ Approve"])
    db = raqib_chat.app.bot_data["record"].db.conn
    reports, urls, status = db.execute(
        "SELECT reports, report_urls, status FROM statements_view WHERE text_ar LIKE ?",
        [f"%{KIRBY_QUOTE}%"],
    ).fetchone()
    assert (reports, status) == (1, "approved") and urls == "https://t.me/rafidain_news/42"


def test_metadata_names_what_the_database_holds(record: Record, meta: dict) -> None:
    db = record.db.conn
    [(name, database)] = meta["databases"].items()
    assert name == "raqib"  # Datasette names a database by its file: var/raqib.db
    names = set(record.db.table_names()) | set(record.db.view_names())
    for table, settings in database["tables"].items():
        assert table in names, f"metadata describes {table!r}, which the database lacks"
        columns = _columns(db, table)
        for column in settings.get("columns", {}):
            assert column in columns, f"{table}.{column}"
        for key in ("sort_desc", "label_column"):
            if key in settings:
                assert settings[key] in columns, f"{table}: {key} {settings[key]!r}"
        for facet in settings.get("facets", []):
            assert facet in columns
    # The bot's own operational tables (chats, subscriptions …) are kept off the index.
    for private in ("chats", "subscriptions", "audit", "deliveries"):
        assert database["tables"][private]["hidden"] is True


@pytest.mark.parametrize("table", ["statements_view", "statements"])
def test_full_text_search_is_configured_and_finds(record: Record, meta: dict, table) -> None:
    settings = meta["databases"]["raqib"]["tables"][table]
    fts, pk = settings["fts_table"], settings["fts_pk"]
    assert fts in record.db.table_names()
    # Datasette's own search clause for a table or view with fts_table / fts_pk.
    sql = (
        f"SELECT id FROM [{table}] WHERE [{pk}] IN"
        f" (SELECT rowid FROM [{fts}] WHERE [{fts}] MATCH :search)"
    )
    for word in ("withdrawal", "الانسحاب"):
        term = search_keys(word)[0]  # what the description tells users to type: the stem
        found = record.db.conn.execute(sql, {"search": f"{term}*"}).fetchall()
        assert found, f"{word!r} → {term!r} found nothing"
        texts = record.db.conn.execute(
            "SELECT search_en || ' ' || search_ar FROM statements WHERE id = ?", [found[0][0]]
        ).fetchone()[0]
        assert term in texts


def test_the_canned_queries_run_against_a_real_database(record: Record, meta: dict) -> None:
    queries = meta["databases"]["raqib"]["queries"]
    assert len(queries) >= 2
    db = record.db.conn
    for name, query in queries.items():
        assert query["title"] and query["description"], name
        db.execute(f"EXPLAIN {query['sql']}", {"speaker": ""})  # parses, every name exists

    positions = db.execute(queries["positions"]["sql"]).fetchall()
    expected = {
        (record.actors()[actor].name_en, record.stances()[stance].label_en)
        for actor, stance, _ in record.current_positions()
    }
    assert {(row[0], row[2]) for row in positions} == expected and expected

    kirby = db.execute(queries["said_by"]["sql"], {"speaker": "كيربي"}).fetchall()
    by_name = db.execute(queries["said_by"]["sql"], {"speaker": "Kirby"}).fetchall()
    assert kirby and kirby == by_name
    assert {row[1] for row in kirby} == {"John Kirby"}
    assert [row[0] for row in kirby] == sorted((row[0] for row in kirby), reverse=True)
    assert db.execute(queries["said_by"]["sql"], {"speaker": "Macron"}).fetchall() == []

    [deadline] = db.execute(queries["deadlines"]["sql"]).fetchall()[:1]
    assert deadline[0] == record.deadlines()[0].title_en and isinstance(deadline[5], int)


# Written for these tests: a one-statement story whose statement has a time of saying.
TIMED_PACK = """[story]
id = "timed-story"
title_en = "Timed"
title_ar = "موقوت"

[[actors]]
id = "timed-speaker"
kind = "person"
name_en = "Timed Speaker"
name_ar = "متحدث موقوت"

[[statements]]
id = "timed-1"
actor = "timed-speaker"
kind = "direct"
date = 2021-12-01
said_at = 2021-12-01T09:05:00+03:00
text_ar = "سطر موقوت"
text_en = "A timed line."
"""


def test_the_view_gives_when_each_statement_was_said(record: Record, tmp_path: Path) -> None:
    pack = tmp_path / "timed.toml"
    pack.write_text(TIMED_PACK, encoding="utf-8")
    assert record.load_file(pack) is not None
    said = dict(record.db.execute("SELECT id, said_at FROM statements_view").fetchall())
    assert said["timed-1"] == "2021-12-01T06:05:00Z"
    assert said == dict(record.db.execute("SELECT id, said_at FROM statements").fetchall())


def _view_sql(db) -> str:
    return db.execute("SELECT sql FROM sqlite_master WHERE name = 'statements_view'").fetchone()[0]


@pytest.mark.parametrize("stop_before", ["m014_said_at_and_cards", "m015_statements_view_said_at"])
def test_m015_applies_after_what_ran_before_it_and_again_unchanged(tmp_path, stop_before) -> None:
    """m015 (said_at in statements_view) applies to a record stopped before it or before
    m014, and run again by hand gives the same view; a record opened then has nothing
    pending and its view still answers full-text searches."""
    from storage.database import open_database
    from storage.migrations import m015_statements_view_said_at, migrations

    db = open_database(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before=stop_before)
    assert "said_at" not in _columns(db.conn, "statements_view")
    migrations.apply(db)
    first = _view_sql(db)
    m015_statements_view_said_at(db)
    assert _view_sql(db) == first and "said_at" in _columns(db.conn, "statements_view")
    assert migrations.pending(open_database(tmp_path / "old.db")) == []
    record = Record.open(tmp_path / "old.db")
    term = search_keys("withdrawal")[0]
    assert record.db.execute(
        "SELECT count(*) FROM statements_view WHERE statement_rowid IN"
        " (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)",
        [f"{term}*"],
    ).fetchone()[0]
