"""Read the record: actors, deadlines, statements, stances, full-text search; chat settings.

`Record` is what the domain's answering code talks to (it satisfies `story.answering.Source`
by shape). Queries are planned for size: actors are found through the in-memory alias
index, statements by (actor_id, date) index, and full-text lookups are AND queries whose
cost follows the rarest term's posting list, never an OR over common words.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from sqlite_utils import Database

from storage.database import open_database
from storage.packs import LoadReport, deadline_from_row, load_pack
from storage.vectors import VectorIndex
from story.embedding import Embedder, default_embedder
from story.models import Actor, Deadline, Source, Stance, Statement, Story
from story.names import ActorIndex, keys_version
from story.pack import Pack, bundled_pack_paths, parse_pack_bytes, read_pack_bytes

_STATEMENT_COLUMNS = (
    "id, story_id, actor_id, text_ar, text_en, kind, date, source_id, stance, context_en,"
    " context_ar, said_at"
)
# Newest first as read from the (actor_id, date) index: the day, then entry order. Reads put
# each day's statements in the order they were said in Python (`newest_said`): an SQL sort
# on said_at costs a temporary B-tree per query (5x on an actor's history at 1M).
NEWEST = "date DESC, rowid DESC"
# The record's own reads also take the stored search keys, so ranking need not fold texts again.
_READ_COLUMNS = _STATEMENT_COLUMNS + ", search_ar, search_en"


def newest_said(statements: list[Statement]) -> list[Statement]:
    """Statements read newest first by (date, entry order), in the order they were said
    within each day: the time where known (a day only counts as its start), then entry
    order (the sort is stable)."""
    return sorted(statements, key=Statement.said_order, reverse=True)


# Beside the database: the embedding model as built from its wheel (story.embedding), so a
# start reads it back in a fraction of a second instead of building it for seconds.
MODEL_CACHE = "raqib-cache"


def _statement(row: Sequence) -> Statement:
    (
        ident,
        story_id,
        actor_id,
        text_ar,
        text_en,
        kind,
        day,
        source_id,
        stance,
        context_en,
        context_ar,
        said_at,
    ) = row[:12]
    search_ar, search_en = row[12:14] if len(row) >= 14 else ("", "")  # rows without the keys
    return Statement(
        id=ident,
        story_id=story_id,
        actor_id=actor_id,
        text_ar=text_ar or "",
        text_en=text_en or "",
        kind=kind,
        date=date.fromisoformat(day),
        source_id=source_id,
        stance=stance,
        context_en=context_en or "",
        context_ar=context_ar or "",
        keys=f"{search_ar or ''} {search_en or ''}" if search_ar or search_en else "",
        said_at=datetime.fromisoformat(said_at) if said_at else None,
    )


def fts_phrase(key: str) -> str:
    """One FTS5 query term, quoted so user text never becomes query syntax."""
    return '"' + key.replace('"', '""') + '"'


class Record:
    """The story record in one SQLite database."""

    def __init__(self, db: Database, embedder: Embedder | None | str = "default"):
        self.db = db
        # Answers read the index and rows at random: keep them in memory, not in read() calls.
        db.execute("PRAGMA cache_size = -65536")
        db.execute("PRAGMA mmap_size = 1073741824")
        self._actor_index: ActorIndex | None = None
        self._actor_index_generation: int | None = None
        self._actors_checked = False  # whether actor_generation was read since `invalidate`
        self._cache: dict[str, object] = {}
        model = default_embedder() if embedder == "default" else embedder
        self.vectors = None if model is None or isinstance(model, str) else VectorIndex(db, model)

    @classmethod
    def open(
        cls, path: str | Path, *, seed: bool = True, embedder: Embedder | None | str = "default"
    ) -> Record:
        """Open the database at `path`; fill an empty one from the bundled story packs."""
        record = cls(open_database(path), embedder)
        if seed:
            for pack_path in bundled_pack_paths():
                record.load_file(pack_path)
        if record.vectors is not None:
            cache_in = getattr(record.vectors.embedder, "cache_in", None)
            if cache_in is not None and str(path) != ":memory:":
                cache_in(Path(path).resolve().parent / MODEL_CACHE)  # the built model, kept
            record.vectors.embed_missing()  # a record written before vectors, or by another model
            warm = getattr(record.vectors.embedder, "warm", None)
            if warm is not None:
                warm()
        return record

    # -- writing ---------------------------------------------------------------------------
    def load(self, pack: Pack, *, also: Callable[[], None] | None = None) -> LoadReport:
        try:
            report = load_pack(self.db, pack, also=also)
        finally:
            self.invalidate()  # rolled back or not, nothing cached may outlive the attempt
        if report.changed and self.vectors is not None:
            self.vectors.embed_missing()
        if any(t in d for d in (report.added, report.updated) for t in ("actors", "aliases")):
            self.actor_index()  # new names: the index is built and stored now, not at a start
        return report

    def load_file(self, path: str | Path, *, force: bool = False) -> LoadReport | None:
        """Load a pack file unless this exact content was loaded before (None then); the
        pack and the note that it was loaded are written in one transaction."""
        path = Path(path)
        data = read_pack_bytes(path)
        digest = hashlib.sha256(data).hexdigest()
        key = str(path.resolve())
        seen = next(self.db.table("packs").rows_where("path = ?", [key], limit=1), None)
        if not force and seen and seen["sha256"] == digest:
            return None
        row = {"path": key, "sha256": digest, "loaded_at": datetime.now(UTC).isoformat()}
        pack = parse_pack_bytes(data, path)

        def note_loaded() -> None:
            self.db.table("packs").upsert(row, pk="path")

        return self.load(pack, also=note_loaded)

    def invalidate(self) -> None:
        """Forget cached stances and sources after a change; the actor index is checked
        against the actors' write count (m013) and rebuilt only if they changed."""
        self._actors_checked = False
        self._cache.clear()

    def is_empty(self) -> bool:
        return self.db.table("stories").count == 0

    # -- stories and deadlines --------------------------------------------------------------
    def stories(self) -> list[Story]:
        return [
            Story(
                id=r["id"],
                title_en=r["title_en"],
                title_ar=r["title_ar"],
                published=date.fromisoformat(r["published"]) if r["published"] else None,
                summary_en=r["summary_en"] or "",
                summary_ar=r["summary_ar"] or "",
            )
            for r in self.db.table("stories").rows_where(order_by="published desc, id")
        ]

    def current_story_id(self, now: datetime | None = None) -> str | None:
        """What a chat follows until it picks another: at `now`, the story with the nearest
        deadline ahead (as known then), else the newest (published, else latest deadline).
        Stories and deadlines are read once until a change (this runs on every question)."""
        if "stories" not in self._cache:
            self._cache["stories"] = self.stories()
            self._cache["all_deadlines"] = self.deadlines()
        stories: list = self._cache["stories"]  # type: ignore[assignment]
        if not stories:
            return None
        if now is None:
            return stories[0].id
        deadlines = [d.as_of(now.date()) for d in self._cache["all_deadlines"]]  # type: ignore[attr-defined]
        ahead = sorted((d.due, d.story_id) for d in deadlines if d.due > now)
        if ahead:
            return ahead[0][1]
        latest: dict[str, datetime] = {}
        for d in deadlines:
            latest[d.story_id] = max(latest.get(d.story_id, d.due), d.due)
        never = datetime.min.replace(tzinfo=UTC)
        return max(stories, key=lambda s: (latest.get(s.id, never), s.published or date.min)).id

    def deadlines(self, story_id: str | None = None) -> list[Deadline]:
        where, args = ("story_id = ?", [story_id]) if story_id else (None, [])
        return [
            deadline_from_row(r)
            for r in self.db.table("deadlines").rows_where(where, args, order_by="main desc, due")
        ]

    def set_deadline_status(self, deadline_id: str, status: str) -> bool:
        if not self.db.table("deadlines").count_where("id = ?", [deadline_id]):
            return False
        self.db.table("deadlines").update(deadline_id, {"status": status})
        self.invalidate()
        return True

    # -- actors, stances, sources ----------------------------------------------------------
    def actor_index(self) -> ActorIndex:
        """The name index of every actor. A start reads it whole from `actor_index_cache`
        (m013: one row) while no actor or alias was written since it was built and the key
        code is the same; otherwise it is built and stored. After `invalidate` the index in
        memory is kept if no actor or alias changed (a statement approval does not rebuild it)."""
        if self._actor_index is not None and self._actors_checked:
            return self._actor_index
        generation = self._actor_generation()
        stale = generation is None or generation != self._actor_index_generation
        if self._actor_index is None or stale:
            index = self._cached_actor_index(generation)
            if index is None:
                index = self._build_actor_index()
                self._store_actor_index(generation, index)
            self._actor_index, self._actor_index_generation = index, generation
        self._actors_checked = True
        return self._actor_index

    def _actor_generation(self) -> int | None:
        """How many writes actors and aliases have had (m013's triggers); None before m013."""
        try:
            row = self.db.execute("SELECT n FROM actor_generation WHERE id = 1").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    def _cached_actor_index(self, generation: int | None) -> ActorIndex | None:
        if generation is None:
            return None
        row = self.db.execute(
            "SELECT state FROM actor_index_cache WHERE id = 1 AND generation = ? AND version = ?",
            [generation, keys_version()],
        ).fetchone()
        return ActorIndex.from_bytes(row[0]) if row else None

    def _build_actor_index(self) -> ActorIndex:
        """The index from the actors' rows (derived afresh: ~6 s at 20,000 actors)."""
        # Plain tuples, not sqlite-utils dict rows: a third of the time at 20,000 actors.
        aliases: dict[str, dict[str, list[str]]] = {}
        rows = self.db.execute("SELECT actor_id, alias, how FROM aliases ORDER BY rowid")
        for actor_id, alias, how in rows:
            aliases.setdefault(actor_id, {"name": [], "role": []})[how].append(alias)
        actors = []
        rows = self.db.execute(
            "SELECT id, kind, name_en, name_ar, role_en, role_ar, affiliation, roles_from,"
            " roles_until FROM actors ORDER BY rowid"
        )
        for ident, kind, name_en, name_ar, role_en, role_ar, affiliation, since, until in rows:
            own = aliases.get(ident, {"name": [], "role": []})
            actors.append(
                Actor(
                    id=ident,
                    kind=kind,
                    name_en=name_en,
                    name_ar=name_ar,
                    role_en=role_en or "",
                    role_ar=role_ar or "",
                    affiliation=affiliation,
                    aliases=tuple(own["name"]),
                    roles=tuple(own["role"]),
                    roles_from=since or "",
                    roles_until=until or "",
                )
            )
        return ActorIndex(actors)

    def _store_actor_index(self, generation: int | None, index: ActorIndex) -> None:
        """Keep the built index for the next start; a read-only or busy database (or one
        from before m013) just builds it again next time."""
        if generation is None:
            return
        try:
            with self.db.conn:
                self.db.execute(
                    "INSERT OR REPLACE INTO actor_index_cache (id, generation, version, state)"
                    " VALUES (1, ?, ?, ?)",
                    [generation, keys_version(), index.to_bytes()],
                )
        except sqlite3.OperationalError:
            pass

    def actors(self) -> dict[str, Actor]:
        return self.actor_index().actors

    def stances(self) -> dict[str, Stance]:
        if "stances" not in self._cache:
            self._cache["stances"] = {
                r["id"]: Stance(r["id"], r["label_en"], r["label_ar"])
                for r in self.db.table("stances").rows
            }
        return self._cache["stances"]  # type: ignore[return-value]

    def sources(self) -> dict[str, Source]:
        if "sources" not in self._cache:
            self._cache["sources"] = {
                r["id"]: Source(r["id"], r["name_en"], r["name_ar"], r["url"] or "")
                for r in self.db.table("sources").rows
            }
        return self._cache["sources"]  # type: ignore[return-value]

    # -- statements ------------------------------------------------------------------------
    def statement_count(self) -> int:
        # Statements are never deleted, so the highest rowid is the count without a scan
        # (count(*) reads the whole id index: 6 s on a cold 1M file before the first answer).
        if "count" not in self._cache:
            top = self.db.execute("SELECT max(rowid) FROM statements").fetchone()[0]
            self._cache["count"] = top or 0
        return self._cache["count"]  # type: ignore[return-value]

    def statements_by(
        self,
        actor_ids: Iterable[str],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[Statement]:
        """Approved statements of these actors, newest first (index on actor_id, date)."""
        ids = list(actor_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = [f"SELECT {_READ_COLUMNS} FROM statements WHERE actor_id IN ({marks})"]
        args: list = list(ids)
        sql.append("AND status = 'approved'")
        if since:
            sql.append("AND date >= ?")
            args.append(since.isoformat())
        if until:
            sql.append("AND date <= ?")
            args.append(until.isoformat())
        sql.append(f"ORDER BY {NEWEST} LIMIT ?")
        args.append(limit)
        return newest_said([_statement(r) for r in self.db.execute(" ".join(sql), args).fetchall()])

    def term_frequencies(self, keys: Iterable[str]) -> dict[str, int]:
        """How many statements hold each search key, from the index's own vocabulary.

        fts5vocab counts by reading a term's posting list, so counts are cached until the
        record changes: a running bot asks about the same words again and again.
        """
        cache: dict[str, int] = self._cache.setdefault("df", {})  # type: ignore[assignment]
        missing = [k for k in set(keys) if k not in cache]
        for start in range(0, len(missing), 200):
            chunk = missing[start : start + 200]
            found = dict(
                self.db.execute(
                    "SELECT term, doc FROM statements_fts_vocab"
                    f" WHERE term IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
            if len(cache) > 100_000:
                cache.clear()
            for key in chunk:
                cache[key] = found.get(key, 0)
        return {k: cache[k] for k in keys}

    def search(
        self,
        groups: Sequence[Sequence[str]],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[Statement]:
        """Approved statements holding at least one key of EVERY group, newest rows first.

        Keys come from story.normalize.search_key and are quoted here, so
        nothing a user typed is ever parsed as FTS5 syntax. Rows come in descending rowid
        order, which FTS5 serves without scoring every match: a query of common words stops
        after `limit` rows instead of ranking tens of thousands (the caller re-ranks).
        """
        columns = ", ".join("s." + c.strip() for c in _READ_COLUMNS.split(","))
        rows = self._matching(columns, groups, since, until, limit)
        return [_statement(r) for r in rows]

    def _matching(
        self,
        columns: str,
        groups: Sequence[Sequence[str]],
        since: date | None,
        until: date | None,
        limit: int,
    ) -> list:
        """`columns` of the newest approved statements holding every group (one FTS5 query)."""
        groups = [g for g in groups if g]
        if not groups:
            return []
        match = " AND ".join("(" + " OR ".join(fts_phrase(k) for k in g) + ")" for g in groups)
        sql = [
            f"SELECT {columns}",
            "FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid",
            "WHERE statements_fts MATCH ? AND s.status = 'approved'",
        ]
        args: list = [match]
        if since:
            sql.append("AND s.date >= ?")
            args.append(since.isoformat())
        if until:
            sql.append("AND s.date <= ?")
            args.append(until.isoformat())
        sql.append("ORDER BY statements_fts.rowid DESC LIMIT ?")
        args.append(limit)
        return self.db.execute(" ".join(sql), args).fetchall()

    # -- vectors ---------------------------------------------------------------------------
    def sync_vector(self, statement_id: str) -> None:
        """Give an approved statement its vector (again, after an edit); drop a withdrawn one's."""
        if self.vectors is not None:
            self.vectors.sync(statement_id)

    def embed_question(self, text: str) -> object | None:
        """The question's vector (one embedding), or None when the record has no model."""
        return self.vectors.embed_query(text) if self.vectors is not None else None

    def nearest(
        self,
        vector: object,
        *,
        limit: int = 10,
        since: date | None = None,
        until: date | None = None,
    ) -> list[tuple[Statement, float]]:
        """Approved statements closest in meaning to `vector`, best first, with the cosine."""
        if self.vectors is None or vector is None:
            return []
        wanted = limit * 2 if since or until else limit
        hits = self.vectors.nearest(vector, limit=wanted)  # type: ignore[arg-type]
        if not hits:
            return []
        sims = dict(hits)
        sql = [
            f"SELECT rowid, {_READ_COLUMNS} FROM statements",  # stored keys: ranked unfolded
            f"WHERE rowid IN ({','.join('?' * len(sims))})",
            "AND status = 'approved'",
        ]
        args: list = list(sims)
        if since:
            sql.append("AND date >= ?")
            args.append(since.isoformat())
        if until:
            sql.append("AND date <= ?")
            args.append(until.isoformat())
        rows = self.db.execute(" ".join(sql), args).fetchall()
        found = [(_statement(r[1:]), sims[r[0]]) for r in rows]
        return sorted(found, key=lambda pair: -pair[1])[:limit]

    def similarities(self, vector: object, statement_ids: Iterable[str]) -> dict[str, float]:
        """statement id → cosine to `vector`, for statements that have a vector."""
        ids = list(dict.fromkeys(statement_ids))
        if self.vectors is None or vector is None or not ids:
            return {}
        by_rowid = dict(
            self.db.execute(
                f"SELECT rowid, id FROM statements WHERE id IN ({','.join('?' * len(ids))})", ids
            ).fetchall()
        )
        sims = self.vectors.similarities(vector, by_rowid)  # type: ignore[arg-type]
        return {by_rowid[r]: v for r, v in sims.items()}

    def search_keys(
        self,
        groups: Sequence[Sequence[str]],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[tuple[str, str]]:
        """(id, stored search keys) of approved statements matching like `search`, newest first.

        The light form of `search`: ranking needs only the keys, so hundreds of candidates
        cost a fraction of building whole statements; `statements_with_ids` fetches the few kept.
        """
        columns = "s.id, s.search_ar || ' ' || s.search_en"
        return self._matching(columns, groups, since, until, limit)

    def statements_with_ids(self, ids: Sequence[str]) -> list[Statement]:
        """These statements (primary-key lookups), in the order given."""
        if not ids:
            return []
        rows = self.db.execute(
            f"SELECT {_READ_COLUMNS} FROM statements WHERE id IN ({','.join('?' * len(ids))})",
            list(ids),
        ).fetchall()
        by_id = {r[0]: _statement(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def stance_history(
        self, actor_id: str, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, Statement]]:
        """(stance id, statement) pairs for an actor, newest first (dated `until` or before).

        Read from `statements` itself (what the stance_history view selects), on the
        (actor_id, date) index: joined through the view, SQLite picked the (story_id, date)
        index for the story filter and scanned the whole story (97 ms a question at 100k).
        `+story_id` keeps the story filter off the index choice.
        """
        sql = (
            f"SELECT stance, {_READ_COLUMNS} FROM statements "
            "WHERE actor_id = ? AND status = 'approved' AND stance IS NOT NULL AND stance != ''"
        )
        args: list = [actor_id]
        if story_id:
            sql += " AND +story_id = ?"
            args.append(story_id)
        if until:
            sql += " AND date <= ?"
            args.append(until.isoformat())
        sql += f" ORDER BY {NEWEST}"
        pairs = [(r[0], _statement(r[1:])) for r in self.db.execute(sql, args).fetchall()]
        return sorted(pairs, key=lambda pair: pair[1].said_order(), reverse=True)  # stable

    def current_positions(
        self, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, str, Statement]]:
        """(actor id, stance id, statement) of every actor's latest stance dated `until` or
        before (every one when None), one row per actor in actor id order.

        One walk of the (actor_id, date) index: a skip-scan finds each actor id with one
        seek, and each actor's newest statement with a stance is read from its end (then the
        last said of its day, from the partial index of timed ones). Through the view,
        SQLite read the whole story by (story_id, date) and sorted it for a window function:
        350-850 ms at 100k statements.
        """
        if (
            story_id
            and not self.db.execute(
                "SELECT 1 FROM statements WHERE story_id = ? LIMIT 1", [story_id]
            ).fetchone()
        ):
            return []  # a story with no statements: no walk over every actor's
        cols = ", ".join("s." + c.strip() for c in _READ_COLUMNS.split(","))
        kept = ["status = 'approved'", "stance IS NOT NULL", "stance != ''"]
        story: list = []
        if story_id:
            kept.append("+story_id = ?")
            story.append(story_id)
        upto: list = []
        if until:
            upto.append(until.isoformat())
        held = " AND ".join(["actor_id = ids.a", *kept, *(["date <= ?"] if until else [])])
        timed = " AND ".join(["actor_id = last.a", "date = d.date", "said_at IS NOT NULL", *kept])
        args: list = [*story, *upto, *story]
        # The actor's latest statement by (date, entry order) from the index's end; then, if
        # statements of that day have a time, the last said of them (a day only counts as its
        # start), found in the small partial index of timed statements (m014).
        sql = f"""
            WITH RECURSIVE ids(a) AS (
                SELECT min(actor_id) FROM statements
                UNION ALL
                SELECT (SELECT min(actor_id) FROM statements WHERE actor_id > ids.a)
                FROM ids WHERE ids.a IS NOT NULL
            ), last(a, r) AS (
                SELECT ids.a, (SELECT rowid FROM statements WHERE {held}
                               ORDER BY date DESC, rowid DESC LIMIT 1)
                FROM ids WHERE ids.a IS NOT NULL
            ), latest(r) AS (
                SELECT coalesce((
                    SELECT rowid FROM statements INDEXED BY statements_said_day WHERE {timed}
                    ORDER BY said_at DESC, rowid DESC LIMIT 1
                ), last.r)
                FROM last JOIN statements d ON d.rowid = last.r
            )
            SELECT s.actor_id, s.stance, {cols} FROM latest JOIN statements s ON s.rowid = latest.r
            ORDER BY s.actor_id
        """
        rows = self.db.execute(sql, args).fetchall()
        return [(r[0], r[1], _statement(r[2:])) for r in rows]

    def statement_reports(self, statement_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """The outlets that reported each statement, first first: id → [(outlet, url)]."""
        if not statement_ids:
            return {}
        marks = ", ".join("?" * len(statement_ids))
        rows = self.db.execute(
            f"SELECT statement_id, coalesce(outlet, via, ''), coalesce(url, '')"
            f" FROM statement_sources WHERE statement_id IN ({marks}) ORDER BY rowid",
            list(statement_ids),
        ).fetchall()
        reports: dict[str, list[tuple[str, str]]] = {}
        for statement_id, outlet, url in rows:
            reports.setdefault(statement_id, []).append((outlet, url))
        return reports

    # -- chats -----------------------------------------------------------------------------
    def chat_settings(self, chat_id: int) -> dict:
        row = next(self.db.table("chats").rows_where("id = ?", [chat_id], limit=1), None)
        return row or {}

    def set_chat_settings(self, chat_id: int, now: datetime, **values: str) -> None:
        existing = self.chat_settings(chat_id)
        row = {"id": chat_id, "created_at": existing.get("created_at") or now.isoformat(), **values}
        self.db.table("chats").upsert(row, pk="id", alter=False)
