"""Storage: schema and migrations, idempotent pack loads, normalised full-text search."""

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from storage import Record
from storage.database import open_database, schema_version
from storage.migrations import migrations
from story.normalize import search_variants, words
from story.pack import PackError, bundled_pack_paths, parse_pack, read_pack


@pytest.fixture
def record(tmp_path):
    return Record.open(tmp_path / "raqib.db")


def keys(text):
    """Search groups for a phrase: one group per word, as the answering code builds them."""
    return [search_variants(w) for w in words(text)]


def test_database_is_in_wal_mode_with_every_migration_applied(tmp_path):
    db = open_database(tmp_path / "x.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema_version(db) == [
        m.name for m in migrations.pending(open_database(":memory:", migrate=False))
    ]
    for table in (
        "stories",
        "deadlines",
        "actors",
        "aliases",
        "statements",
        "sources",
        "stance_history",
        "chats",
        "subscriptions",
    ):
        assert db[table].exists(), table


def test_reopening_applies_nothing_twice(tmp_path):
    open_database(tmp_path / "x.db")
    db = open_database(tmp_path / "x.db")
    assert migrations.pending(db) == []


def test_empty_database_is_filled_from_the_bundled_pack(record):
    assert record.statement_count() >= 29
    assert record.deadlines()[0].main


def test_loading_the_same_pack_twice_adds_nothing(record):
    pack = read_pack(bundled_pack_paths()[0])
    report = record.load(pack)
    assert not report.changed, report.summary()


def test_a_changed_entry_is_updated_not_duplicated(record):
    pack = read_pack(bundled_pack_paths()[0])
    first = pack.statements[0]
    pack.statements[0] = replace(first, text_en=first.text_en + " (corrected)")
    before = record.statement_count()
    report = record.load(pack)
    assert report.updated == {"statements": 1}
    record.invalidate()
    assert record.statement_count() == before
    assert record.search([search_variants("corrected")])[0].id == first.id


def test_alef_forms_find_each_other_in_full_text_search(record):
    with_hamza = record.search(keys("الأمريكية"))
    bare_alef = record.search(keys("الامريكية"))
    assert with_hamza and {s.id for s in with_hamza} == {s.id for s in bare_alef}


def test_inflected_and_prefixed_forms_find_the_same_statements(record):
    # The article says "المقاومة العراقية قادرة"; ask with other forms of the same words.
    assert record.search(keys("مقاومة قادرة"))
    assert record.search(keys("والمقاومة القادرة"))


@pytest.mark.parametrize(
    "hostile",
    [
        '" OR NEAR( *',
        "kirby*",
        "NOT AND OR",
        "'; DROP TABLE statements; --",
        '"""',
        "^col:x",
        "NEAR(a b, 2)",
    ],
)
def test_user_text_never_becomes_fts_syntax(record, hostile):
    record.search([search_variants(w) for w in words(hostile)] + [("قوات",)])
    assert record.db["statements"].exists()


def test_time_window_limits_search(record):
    assert record.search(keys("القوات"), since=date(2030, 1, 1)) == []
    assert record.search(keys("القوات"), until=date(2021, 12, 31))


def test_current_positions_give_each_actor_its_latest_stance(record):
    pack = read_pack(bundled_pack_paths()[0])
    kirby = [s for s in pack.statements if s.actor_id == "john-kirby"][0]
    # after his December 2021 words in the pack
    later = replace(kirby, id="kirby-later", date=date(2022, 6, 1), stance="no_comment")
    record.load(replace(pack, statements=[*pack.statements, later]))
    positions = {actor: (stance, s.id) for actor, stance, s in record.current_positions()}
    assert positions["john-kirby"] == ("no_comment", "kirby-later")
    assert "tahsin-al-khafaji" in positions


def test_pack_errors_name_file_entry_and_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[story]\nid = "s"\ntitle_en = "t"\ntitle_ar = "ت"\n'
        '[[actors]]\nid = "a"\nkind = "person"\nname_en = "A"\nname_ar = "أ"\n'
        '[[statements]]\nid = "x1"\nactor = "nobody"\nkind = "direct"\ndate = 2021-11-22\ntext_ar '
        '= "ن"\ntext_en = "t"\n',
        encoding="utf-8",
    )
    with pytest.raises(PackError) as err:
        read_pack(bad)
    message = str(err.value)
    assert (
        str(bad) in message and "statements[0] (id 'x1')" in message and "field 'actor'" in message
    )


def test_pack_validation_rejects_bad_kind_date_and_timezone():
    base = {"story": {"id": "s", "title_en": "t", "title_ar": "ت"}}
    with pytest.raises(PackError, match="field 'kind'"):
        parse_pack(
            {**base, "actors": [{"id": "a", "kind": "alien", "name_en": "A", "name_ar": "أ"}]}
        )
    with pytest.raises(PackError, match="field 'timezone'"):
        parse_pack(
            {
                **base,
                "deadlines": [
                    {
                        "id": "d",
                        "title_en": "d",
                        "title_ar": "د",
                        "due": "2022-01-01T00:00:00",
                        "timezone": "Mars/Olympus",
                    }
                ],
            }
        )
    with pytest.raises(PackError, match="field 'date'"):
        parse_pack(
            {
                **base,
                "actors": [{"id": "a", "kind": "person", "name_en": "A", "name_ar": "أ"}],
                "statements": [
                    {
                        "id": "x",
                        "actor": "a",
                        "kind": "direct",
                        "date": "last tuesday",
                        "text_ar": "ن",
                        "text_en": "t",
                    }
                ],
            }
        )


def test_a_pack_that_is_not_toml_names_the_file(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text("[story\n", encoding="utf-8")
    with pytest.raises(PackError, match="broken.toml: not valid TOML"):
        read_pack(bad)


def test_records_are_plain_sqlite_files_other_tools_can_read(tmp_path):
    Record.open(tmp_path / "r.db")
    with sqlite3.connect(tmp_path / "r.db") as conn:
        assert conn.execute("SELECT count(*) FROM statements").fetchone()[0] >= 29


def test_a_statement_reviewed_in_chat_survives_a_pack_reload(record):
    from datetime import UTC, datetime

    from storage.review_store import IngestStore

    pack = read_pack(bundled_pack_paths()[0])
    edited, withdrawn = pack.statements[0], pack.statements[1]
    desk = IngestStore(record)
    now = datetime(2021, 11, 25, tzinfo=UTC)
    assert desk.set_text(edited.id, "Corrected translation.", 777, now).ok
    assert desk.delete(withdrawn.id, 777, now).ok
    # The pack file changes (a typo fixed elsewhere) and is loaded again.
    pack.statements[0] = replace(edited, text_en=edited.text_en + " (pack v2)")
    pack.statements[1] = replace(withdrawn, text_en=withdrawn.text_en + " (pack v2)")
    record.load(pack)
    rows = {
        r["id"]: r
        for r in record.db["statements"].rows_where("id in (?, ?)", [edited.id, withdrawn.id])
    }
    assert rows[edited.id]["text_en"] == "Corrected translation."
    assert rows[withdrawn.id]["status"] == "rejected"


def test_stance_history_matches_the_view_and_reads_the_actor_index(record):
    """stance_history reads `statements` directly: the same rows, in the same order, as the
    stance_history view, looked up on the (actor_id, date) index, never a scan of the story."""
    actor_id, _, statement = record.current_positions()[0]
    story_id, until = statement.story_id, statement.date
    executed: list[str] = []
    record.db.conn.set_trace_callback(executed.append)
    got = record.stance_history(actor_id, story_id, until=until)
    record.db.conn.set_trace_callback(None)
    view = record.db.execute(
        "SELECT h.stance, h.statement_id FROM stance_history h JOIN statements s"
        " ON s.id = h.statement_id WHERE h.actor_id = ? AND h.story_id = ? AND h.date <= ?"
        " ORDER BY h.date DESC, s.rowid DESC",
        [actor_id, story_id, until.isoformat()],
    ).fetchall()
    assert [(stance, s.id) for stance, s in got] == [tuple(r) for r in view]
    assert got and all(s.actor_id == actor_id and s.date <= until for _, s in got)
    sql = next(q for q in executed if "stance" in q and q.lstrip().upper().startswith("SELECT"))
    plan = " ".join(str(r[-1]) for r in record.db.execute("EXPLAIN QUERY PLAN " + sql))
    assert "idx_statements_actor_id_date" in plan, plan


def _positions_through_the_view(record, story_id, until):
    """The old plan: the stance_history view, a window per actor (what must not change)."""
    where = [w for w in ("story_id = ?" if story_id else "", "date <= ?" if until else "") if w]
    args = [a for a in (story_id, until.isoformat() if until else None) if a]
    rows = record.db.execute(
        "SELECT h.actor_id, h.stance, h.statement_id FROM (SELECT statement_id, actor_id, stance,"
        " row_number() OVER (PARTITION BY actor_id ORDER BY date DESC, seq DESC) AS n"
        f" FROM stance_history {'WHERE ' + ' AND '.join(where) if where else ''}) h"
        " JOIN statements s ON s.id = h.statement_id WHERE h.n = 1 AND s.status = 'approved'",
        args,
    ).fetchall()
    return sorted(tuple(r) for r in rows)


def test_current_positions_match_the_view_on_ties_stories_dates_and_withdrawals(record):
    """current_positions walks the (actor_id, date) index actor by actor; it must give what
    the stance_history view gives: the newest stance (same date: the later row), only the
    asked story, only up to `until`, never a statement that is not approved."""
    pack = read_pack(bundled_pack_paths()[0])
    kirby = [s for s in pack.statements if s.actor_id == "john-kirby"][0]
    extra = [
        replace(kirby, id="kirby-a", date=date(2022, 6, 1), stance="no_comment"),
        replace(kirby, id="kirby-b", date=date(2022, 6, 1), stance=kirby.stance),  # same day
        replace(kirby, id="kirby-c", date=date(2022, 7, 1), stance="no_comment"),  # withdrawn
        replace(kirby, id="kirby-d", date=date(2022, 8, 1), stance=None),  # no stance
    ]
    record.load(replace(pack, statements=[*pack.statements, *extra]))
    record.db.execute("UPDATE statements SET status = 'rejected' WHERE id = 'kirby-c'")
    story = kirby.story_id
    for story_id in (None, story, "no-such-story"):
        for until in (None, date(2021, 12, 1), date(2022, 6, 1), date(2030, 1, 1)):
            rows = record.current_positions(story_id, until=until)
            got = sorted((a, st, s.id) for a, st, s in rows)
            assert got == _positions_through_the_view(record, story_id, until), (story_id, until)
    latest = {a: s.id for a, _, s in record.current_positions(story)}
    assert latest["john-kirby"] == "kirby-b"
    assert record.current_positions("no-such-story") == []
