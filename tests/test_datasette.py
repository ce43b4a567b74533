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
