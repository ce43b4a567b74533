"""The schema, as forward migrations applied in order at start-up.

Each migration is a function registered with sqlite-utils' `Migrations`; the applied ones
are recorded in `_sqlite_migrations`, so start-up applies only what is new. Never edit a
migration that has shipped: add the next one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("raqib")

# The full-text index holds search keys (see story.normalize.search_text), not raw text:
# unicode61 alone does not equate أ and ا, so folding happens before the text reaches it.
FTS_TOKENIZE = "unicode61 remove_diacritics 0"


@migrations()
def m001_record(db: Database) -> None:
    """Stories, deadlines, actors and their aliases, sources, statements, stance history."""
    db.table("stories").create(
        {
            "id": str,
            "title_en": str,
            "title_ar": str,
            "published": str,
            "summary_en": str,
            "summary_ar": str,
        },
        pk="id",
    )
    db.table("stances").create(
        {"id": str, "story_id": str, "label_en": str, "label_ar": str}, pk="id"
    )
    db.table("deadlines").create(
        {
            "id": str,
            "story_id": str,
            "title_en": str,
            "title_ar": str,
            "due": str,  # ISO 8601, UTC
            "timezone": str,
            "status": str,
            "main": int,
            "description_en": str,
            "description_ar": str,
        },
        pk="id",
        foreign_keys=[("story_id", "stories", "id")],
    )
    db.table("actors").create(
        {
            "id": str,
            "kind": str,
            "name_en": str,
            "name_ar": str,
            "role_en": str,
            "role_ar": str,
            "affiliation": str,
        },
        pk="id",
    )
    db.table("aliases").create(
        {"actor_id": str, "alias": str, "how": str},
        pk=("actor_id", "alias", "how"),
        foreign_keys=[("actor_id", "actors", "id")],
    )
    db.table("sources").create({"id": str, "name_en": str, "name_ar": str, "url": str}, pk="id")
    db.table("statements").create(
        {
            "id": str,
            "story_id": str,
            "actor_id": str,
            "text_ar": str,
            "text_en": str,
            "kind": str,
            "date": str,
            "source_id": str,
            "stance": str,
            "context_en": str,
            "context_ar": str,
            "status": str,  # approved | pending | rejected
            "search_ar": str,
            "search_en": str,
        },
        pk="id",
        foreign_keys=[("story_id", "stories", "id"), ("actor_id", "actors", "id")],
        defaults={"status": "approved"},
    )
    db.table("statements").create_index(["actor_id", "date"])
    db.table("statements").create_index(["story_id", "date"])
    db.table("statements").enable_fts(
        ["search_ar", "search_en"], create_triggers=True, tokenize=FTS_TOKENIZE
    )
    # Document frequencies straight from the index, to put rare terms first in a query.
    db.execute("CREATE VIRTUAL TABLE statements_fts_vocab USING fts5vocab(statements_fts, 'row')")
    db.table("stance_history").create(
        {"statement_id": str, "actor_id": str, "story_id": str, "stance": str, "date": str},
        pk="statement_id",
    )
    db.table("stance_history").create_index(["actor_id", "date"])
    # Which pack files have been loaded, by content hash: a changed bundled pack reloads.
    db.table("packs").create({"path": str, "sha256": str, "loaded_at": str}, pk="path")


@migrations()
def m002_chats(db: Database) -> None:
    """Per-chat settings and deadline subscriptions."""
    db.table("chats").create(
        {"id": int, "lang": str, "timezone": str, "story_id": str, "created_at": str},
        pk="id",
    )
    db.table("subscriptions").create(
        {
            "id": int,
            "chat_id": int,
            "deadline_id": str,
            "cadence": str,
            "at_time": str,
            "active": int,
            "next_due": str,
            "created_at": str,
        },
        pk="id",
    )
    db.table("subscriptions").create_index(["active", "next_due"])


@migrations()
def m003_reminders(db: Database) -> None:
    """Reminders: subscription details and state, quiet hours, the delivery ledger, the
    subscription history, and the order in which statements entered the record."""
    subscriptions = db.table("subscriptions")
    subscriptions.add_column("weekday", int)  # weekly cadence: 0 = Monday … 6 = Sunday
    subscriptions.add_column("milestones", int, not_null_default=1)
    subscriptions.add_column("lang", str)  # the subscriber's language when the chat has none
    # active | ended | unsubscribed | blocked | removed | gone | migrated; active = 1 iff active
    subscriptions.add_column("state", str, not_null_default="active")
    subscriptions.add_column(
        "cursor", str
    )  # nominal instant (UTC) of the last occurrence dealt with
    subscriptions.add_column(
        "seen_mark", int, not_null_default=0
    )  # statement_additions.seq last reported
    subscriptions.add_column("last_sent_at", str)
    subscriptions.add_column("changed_at", str)
    db.execute(
        "CREATE UNIQUE INDEX subscriptions_chat_deadline ON subscriptions (chat_id, deadline_id)"
    )
    db.table("chats").add_column("quiet_start", str)  # "HH:MM", local
    db.table("chats").add_column("quiet_end", str)
    # The delivery ledger: one row per (subscription, occurrence), written before sending.
    db.table("deliveries").create(
        {
            "subscription_id": int,
            "occurrence": str,  # local date "2021-12-24", "final", or "catchup:<date>"
            "kind": str,  # daily | weekly | milestone | final | catchup
            "chat_id": int,
            "due": str,  # ISO 8601 UTC
            "detail": str,  # JSON: days_left, missed …
            "state": str,  # pending | sending | sent | uncertain | failed | cancelled
            "attempts": int,
            "claimed_at": str,
            "sent_at": str,
            "message_id": int,
            "error": str,
        },
        pk=("subscription_id", "occurrence"),
        defaults={"attempts": 0, "state": "pending"},
    )
    db.table("deliveries").create_index(
        ["state"]
    )  # the dispatcher's queue: state = 'pending', rowid order
    db.table("deliveries").create_index(["chat_id"])
    db.table("subscription_events").create(
        {"id": int, "subscription_id": int, "chat_id": int, "at": str, "event": str, "detail": str},
        pk="id",
    )
    db.table("subscription_events").create_index(["subscription_id"])
    # Statements in the order they entered the record, for "new since your last reminder".
    # A sequence, not a time: the clock can be injected (--now, tests), rows never reorder.
    db.execute(
        "CREATE TABLE statement_additions ("
        " seq INTEGER PRIMARY KEY AUTOINCREMENT, statement_id TEXT NOT NULL, added_at TEXT NOT "
        "NULL DEFAULT '')"
    )
    db.execute("CREATE INDEX statement_additions_statement ON statement_additions (statement_id)")
    db.execute(
        "INSERT INTO statement_additions (statement_id) SELECT id FROM statements ORDER BY rowid"
    )
    db.execute(
        "CREATE TRIGGER statements_added AFTER INSERT ON statements BEGIN"
        " INSERT INTO statement_additions (statement_id, added_at)"
        " VALUES (new.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END"
    )


@migrations()
def m004_ingest(db: Database) -> None:
    """Ingestion and review: items read (articles, feed entries, chat posts), the sources of
    each statement, extraction details of candidates, proposed actors, the audit trail, feeds,
    monitored chats and follows."""
    # One row per article or post read; the same URL or the same text is read once.
    db.table("items").create(
        {
            "id": int,
            "url": str,  # canonical URL, or tg://chat/<id>/<message id> for chat posts
            "content_hash": str,  # sha256 of the folded words
            "kind": str,  # url | feed | forward | text | chat
            "title": str,
            "outlet": str,
            "published": str,  # YYYY-MM-DD
            "feed_id": int,
            "chat_id": int,
            "message_id": int,
            "submitted_by": int,
            "fetched_at": str,
            "found": int,  # candidates extracted
        },
        pk="id",
    )
    db.table("items").create_index(["url"], unique=True)
    db.table("items").create_index(["content_hash"], unique=True)
    # Every item that reported a statement: one statement, several sources.
    db.table("statement_sources").create(
        {
            "statement_id": str,
            "item_id": int,
            "via": str,
            "outlet": str,
            "url": str,
            "added_at": str,
        },
        pk=("statement_id", "item_id"),
    )
    db.table("proposed_actors").create(
        {
            "id": int,
            "key": str,  # folded name words: one proposal per name
            "name_en": str,
            "name_ar": str,
            "role": str,
            "status": str,  # proposed | accepted
            "actor_id": str,  # once accepted
            "created_at": str,
        },
        pk="id",
    )
    db.table("proposed_actors").create_index(["key"], unique=True)
    # How a candidate was found: the speaker as the text named it, the suggested stance.
    db.table("extractions").create(
        {
            "statement_id": str,
            "item_id": int,
            "speaker_name_en": str,
            "speaker_name_ar": str,
            "speaker_role": str,
            "proposed_actor_id": int,
            "suggested_stance": str,
            "quote_key": str,
            "created_at": str,
        },
        pk="statement_id",
    )
    db.table("audit").create(
        {
            "id": int,
            "at": str,
            "user_id": int,
            "action": str,
            "target": str,  # statement id, actor id, feed URL, chat id
            "before": str,  # JSON
            "after": str,  # JSON
        },
        pk="id",
    )
    db.table("audit").create_index(["target"])
    db.table("feeds").create(
        {
            "id": int,
            "url": str,
            "title": str,
            "etag": str,
            "last_modified": str,
            "errors": int,
            "last_error": str,
            "next_poll": str,  # ISO 8601 UTC
            "last_polled": str,
            "origin": str,  # config | chat
            "active": int,
            "added_at": str,
        },
        pk="id",
        defaults={"errors": 0, "active": 1},
    )
    db.table("feeds").create_index(["url"], unique=True)
    db.table("monitored_chats").create(
        {"chat_id": int, "title": str, "active": int, "added_by": int, "added_at": str},
        pk="chat_id",
    )
    db.table("follows").create(
        {"chat_id": int, "actor_id": str, "created_at": str},  # actor_id "*" = every actor
        pk=("chat_id", "actor_id"),
    )
    db.table("follows").create_index(["actor_id"])


@migrations()
def m005_seen_language(db: Database) -> None:
    """The Telegram language last seen in each chat (story.chat_language's second rule), so
    alerts, reminders and cards read like the chat's replies. Chats that subscribed before
    keep the language they subscribed in."""
    db.table("chats").add_column("seen_lang", str)
    db.execute(
        "UPDATE chats SET seen_lang = (SELECT s.lang FROM subscriptions s WHERE s.chat_id = "
        "chats.id"
        " AND s.lang IS NOT NULL ORDER BY s.id DESC LIMIT 1) WHERE seen_lang IS NULL"
    )
    db.execute(
        "INSERT INTO chats (id, seen_lang, created_at) SELECT s.chat_id, s.lang, min(s.created_at)"
        " FROM subscriptions s WHERE s.lang IS NOT NULL AND s.chat_id NOT IN (SELECT id FROM chats)"
        " GROUP BY s.chat_id"
    )


@migrations()
def m006_derived_state(db: Database) -> None:
    """State kept once: the stance history is a view of approved statements with a stance
    (it was a copy kept in step by hand), and a subscription's `active` flag is computed
    from its `state` (it was a second column that had to agree with it)."""
    db.execute("DROP TABLE stance_history")
    db.execute(
        "CREATE VIEW stance_history AS SELECT rowid AS seq, id AS statement_id, actor_id, "
        "story_id, stance, date"
        " FROM statements WHERE status = 'approved' AND stance IS NOT NULL AND stance != ''"
        " AND actor_id IS NOT NULL"
    )
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'subscriptions'"
        " AND sql LIKE '%active%'"
    ).fetchall():
        db.execute(f"DROP INDEX [{name}]")
    db.execute("ALTER TABLE subscriptions DROP COLUMN active")
    db.execute(
        "ALTER TABLE subscriptions ADD COLUMN active INTEGER"
        " GENERATED ALWAYS AS (state = 'active') VIRTUAL"
    )
    db.execute("CREATE INDEX subscriptions_active_next_due ON subscriptions (active, next_due)")


@migrations()
def m007_bilingual(db: Database) -> None:
    """Names in both scripts and sentence vectors: which name of a proposed speaker is a
    suggested transliteration (not the text's), and one embedding per statement (float16
    BLOB plus its sign bits for a fast first pass), written at approval and pack load."""
    db.table("proposed_actors").add_column(
        "suggested", str
    )  # "en" | "ar": that name is a suggestion
    # Part 0 embeds the whole statement, parts 1… its clauses (a question quotes a part).
    db.execute(
        "CREATE TABLE statement_vectors (statement_rowid INTEGER NOT NULL, part INTEGER NOT NULL,"
        " model TEXT NOT NULL, bits BLOB NOT NULL, vec BLOB NOT NULL,"
        " PRIMARY KEY (statement_rowid, part))"
    )


@migrations()
def m008_deadline_outcomes(db: Database) -> None:
    """A deadline's outcome (JSON: status, decided, notes, statement) and the history of its
    moves (JSON list: previous due, decided, notes), both dated so a replay can undo them."""
    db.table("deadlines").add_column("outcome", str)
    db.table("deadlines").add_column("history", str)


@migrations()
def m009_statements_view(db: Database) -> None:
    """`statements_view`: each statement with its speaker's names and roles in both
    languages, its stance's labels, its source (names and link), and the links of every
    outlet that reported it — one row per statement, for Datasette and other SQL readers.
    `statement_rowid` is the statements_fts rowid, so full-text search works on the view."""
    db.execute(
        """
        CREATE VIEW statements_view AS
        SELECT
            s.rowid AS statement_rowid, s.id, s.story_id, s.date, s.status, s.kind,
            s.actor_id, a.name_en AS speaker_en, a.name_ar AS speaker_ar,
            a.role_en AS role_en, a.role_ar AS role_ar,
            s.text_ar, s.text_en,
            s.stance, st.label_en AS stance_en, st.label_ar AS stance_ar,
            s.source_id, src.name_en AS source_en, src.name_ar AS source_ar,
            src.url AS source_url,
            (SELECT count(*) FROM statement_sources r WHERE r.statement_id = s.id) AS reports,
            (SELECT group_concat(url, ' ') FROM (
                SELECT DISTINCT r.url FROM statement_sources r
                WHERE r.statement_id = s.id AND r.url IS NOT NULL AND r.url != ''
                ORDER BY r.rowid)) AS report_urls
        FROM statements s
        LEFT JOIN actors a ON a.id = s.actor_id
        LEFT JOIN stances st ON st.id = s.stance
        LEFT JOIN sources src ON src.id = s.source_id
        """
    )


@migrations()
def m010_admin_menus(db: Database) -> None:
    """`admin_menus`: the admins whose own chat got the admin command menu, so a later start
    without them in the config deletes that menu (Telegram keeps it until told)."""
    db.table("admin_menus").create({"chat_id": int, "set_at": str}, pk="chat_id")


@migrations()
def m011_vector_pending(db: Database) -> None:
    """What opening a record must embed, without scanning every statement: `vector_pending`
    holds the approved statements that may lack a vector from the model named in
    `vector_marker` (at most one row). Triggers queue every statement inserted approved or
    changed to approved, whoever writes it; storage.vectors clears the queue as it embeds.
    With no marker (a record from before this, or another model's), the first open scans all."""
    db.execute("CREATE TABLE vector_pending (statement_rowid INTEGER PRIMARY KEY)")
    db.execute(
        "CREATE TABLE vector_marker (id INTEGER PRIMARY KEY CHECK (id = 1), model TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TRIGGER statements_vector_added AFTER INSERT ON statements"
        " WHEN new.status = 'approved' BEGIN"
        " INSERT OR IGNORE INTO vector_pending (statement_rowid) VALUES (new.rowid); END"
    )
    db.execute(
        "CREATE TRIGGER statements_vector_approved AFTER UPDATE OF status ON statements"
        " WHEN new.status = 'approved' AND old.status IS NOT 'approved' BEGIN"
        " INSERT OR IGNORE INTO vector_pending (statement_rowid) VALUES (new.rowid); END"
    )


@migrations()
def m012_statement_bits(db: Database) -> None:
    """The sign bits in their own table (64 bytes a row, beside nothing else): the first
    pass of a vector search reads them all at start-up, and beside 1 KB of float16 in
    `statement_vectors` that read was the whole table (~1 GB at 1M statements)."""
    db.execute(
        "CREATE TABLE statement_bits (statement_rowid INTEGER NOT NULL, part INTEGER NOT NULL,"
        " model TEXT NOT NULL, bits BLOB NOT NULL, PRIMARY KEY (statement_rowid, part))"
        " WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO statement_bits (statement_rowid, part, model, bits)"
        " SELECT statement_rowid, part, model, bits FROM statement_vectors"
    )
    db.execute("ALTER TABLE statement_vectors DROP COLUMN bits")


@migrations()
def m013_start_caches(db: Database) -> None:
    """What a start reads in one go instead of rebuilding.

    (1) The name index (20,000 actors took ~6 s of normalising and consonant skeletons):
    `actor_index_cache` holds the whole built index (story.names.ActorIndex.to_bytes), valid
    while `actor_generation` — bumped by triggers on every write to actors or aliases,
    whoever writes — and the key code (`keys_version`) are the ones it was built under."""
    db.execute(
        "CREATE TABLE actor_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO actor_generation (id, n) VALUES (1, 0)")
    db.execute(
        "CREATE TABLE actor_index_cache (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " generation INTEGER NOT NULL, version TEXT NOT NULL, state BLOB NOT NULL)"
    )
    for table in ("actors", "aliases"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_generation AFTER {event} ON {table}"
                " BEGIN UPDATE actor_generation SET n = n + 1 WHERE id = 1; END"
            )
    # (2) The vector search's sign bits (storage.vectors): one snapshot row per model (all
    # rowids, all bits: two BLOBs, not a million rows through fetchall), and the statements
    # whose bits changed since it was written, queued by triggers whoever writes.
    db.execute(
        "CREATE TABLE bits_snapshot (model TEXT PRIMARY KEY, rowids BLOB NOT NULL,"
        " bits BLOB NOT NULL)"
    )
    db.execute("CREATE TABLE bits_changed (statement_rowid INTEGER PRIMARY KEY)")
    for event, row in (("INSERT", "new"), ("DELETE", "old")):
        db.execute(
            f"CREATE TRIGGER statement_bits_{event.lower()}_changed AFTER {event} ON"
            f" statement_bits BEGIN INSERT OR IGNORE INTO bits_changed (statement_rowid)"
            f" VALUES ({row}.statement_rowid); END"
        )


@migrations()
def m014_said_at_and_cards(db: Database) -> None:
    """When a statement was said, where the source gives a time, and where review cards were
    sent. `statements.said_at` (UTC, '2021-12-10T09:05:00Z'; NULL when only a day is known)
    orders an actor's statements within one day: date, then said_at (unknown first), then
    entry order; a partial index holds the timed ones. `items.published_at` keeps the item's
    own instant (a Telegram post's, a feed entry's) for its re-reading after an edit.
    `review_cards` lists each card message, so the card of a candidate replaced by an edit
    of its post can be marked.

    Independent of every other migration after m012: columns are added only when missing,
    tables and indexes only if absent, so it applies the same before or after any other."""
    for table, column in (("statements", "said_at"), ("items", "published_at")):
        if column not in db.table(table).columns_dict:
            db.execute(f"ALTER TABLE [{table}] ADD COLUMN [{column}] TEXT")
    db.execute(
        "CREATE TABLE IF NOT EXISTS review_cards (chat_id INTEGER NOT NULL,"
        " message_id INTEGER NOT NULL, statement_rowid INTEGER NOT NULL, sent_at TEXT NOT NULL,"
        " PRIMARY KEY (chat_id, message_id))"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS review_cards_statement ON review_cards (statement_rowid)"
    )
    # Only the statements with a time: finding an actor's last-said one on its latest day
    # probes this small index, not every statement of that day (storage.record).
    db.execute(
        "CREATE INDEX IF NOT EXISTS statements_said_day ON statements (actor_id, date, said_at)"
        " WHERE said_at IS NOT NULL"
    )


@migrations()
def m015_statements_view_said_at(db: Database) -> None:
    """`statements_view` gains `said_at` (m014's time of saying, UTC; NULL when only the day
    is known), after `date`, so Datasette readers can order a day's statements as said.
    The view is dropped and created whole (SQLite cannot alter a view), so running it again
    gives the same view; `said_at` is added here too when m014 has not run."""
    if "said_at" not in db.table("statements").columns_dict:
        db.execute("ALTER TABLE statements ADD COLUMN said_at TEXT")
    db.execute("DROP VIEW IF EXISTS statements_view")
    db.execute(
        """
        CREATE VIEW statements_view AS
        SELECT
            s.rowid AS statement_rowid, s.id, s.story_id, s.date, s.said_at, s.status, s.kind,
            s.actor_id, a.name_en AS speaker_en, a.name_ar AS speaker_ar,
            a.role_en AS role_en, a.role_ar AS role_ar,
            s.text_ar, s.text_en,
            s.stance, st.label_en AS stance_en, st.label_ar AS stance_ar,
            s.source_id, src.name_en AS source_en, src.name_ar AS source_ar,
            src.url AS source_url,
            (SELECT count(*) FROM statement_sources r WHERE r.statement_id = s.id) AS reports,
            (SELECT group_concat(url, ' ') FROM (
                SELECT DISTINCT r.url FROM statement_sources r
                WHERE r.statement_id = s.id AND r.url IS NOT NULL AND r.url != ''
                ORDER BY r.rowid)) AS report_urls
        FROM statements s
        LEFT JOIN actors a ON a.id = s.actor_id
        LEFT JOIN stances st ON st.id = s.stance
        LEFT JOIN sources src ON src.id = s.source_id
        """
    )


@migrations()
def m016_dated_roles(db: Database) -> None:
    """When an actor held its role phrases (`roles_from`, `roles_until`: ISO dates, NULL for
    open): "the Iraqi prime minister" asked in 2026 is the one who held the office then, not
    the 2021 one. The pack's dates are written at the next load (the pack file is re-read)."""
    for column in ("roles_from", "roles_until"):
        if column not in db.table("actors").columns_dict:
            db.execute(f"ALTER TABLE actors ADD COLUMN {column} TEXT")
