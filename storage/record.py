"""Read the record: actors, deadlines, statements, stances, full-text search; chat settings.

`Record` is what the domain's answering code talks to (it satisfies `story.answering.Source`
by shape). Queries are planned for size: actors are found through the in-memory alias
index, statements by (actor_id, date) index, and full-text lookups are AND queries whose
cost follows the rarest term's posting list, never an OR over common words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from sqlite_utils import Database

from storage.database import open_database
from storage.packs import LoadReport, deadline_from_row, load_pack
from story.models import Actor, Deadline, Source, Stance, Statement, Story
from story.names import ActorIndex
from story.pack import Pack, bundled_pack_paths, read_pack

_STATEMENT_COLUMNS = (
    "id, story_id, actor_id, text_ar, text_en, kind, date, source_id, stance, context_en, context_ar"
)


def _statement(row: Sequence) -> Statement:
    (ident, story_id, actor_id, text_ar, text_en, kind, day, source_id, stance, context_en, context_ar) = row
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
    )


def fts_phrase(key: str) -> str:
    """One FTS5 query term, quoted so user text never becomes query syntax."""
    return '"' + key.replace('"', '""') + '"'


class Record:
    """The story record in one SQLite database."""

    def __init__(self, db: Database):
        self.db = db
        self._actor_index: ActorIndex | None = None
        self._cache: dict[str, object] = {}

    @classmethod
    def open(cls, path: str | Path, *, seed: bool = True) -> Record:
        """Open the database at `path`; fill an empty one from the bundled story packs."""
        record = cls(open_database(path))
        if seed:
            for pack_path in bundled_pack_paths():
                record.load_file(pack_path)
        return record

    # -- writing ---------------------------------------------------------------------------
    def load(self, pack: Pack) -> LoadReport:
        report = load_pack(self.db, pack)
        if report.changed:
            self.invalidate()
        return report

    def load_file(self, path: str | Path, *, force: bool = False) -> LoadReport | None:
        """Load a pack file unless this exact content was loaded before (None then)."""
        path = Path(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
        key = str(path.resolve())
        seen = next(self.db.table("packs").rows_where("path = ?", [key], limit=1), None)
        if not force and seen and seen["sha256"] == digest:
            return None
        report = self.load(read_pack(path))
        self.db.table("packs").upsert({"path": key, "sha256": digest, "loaded_at": datetime.now(UTC).isoformat()}, pk="path")
        return report

    def invalidate(self) -> None:
        """Forget cached actors, stances and sources after a change."""
        self._actor_index = None
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
        deadline ahead (as known then), else the newest (published, else latest deadline)."""
        stories = self.stories()
        if not stories:
            return None
        if now is None:
            return stories[0].id
        deadlines = [d.as_of(now.date()) for d in self.deadlines()]
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
        return True

    # -- actors, stances, sources ----------------------------------------------------------
    def actor_index(self) -> ActorIndex:
        if self._actor_index is None:
            aliases: dict[str, dict[str, list[str]]] = {}
            for r in self.db.query("SELECT actor_id, alias, how FROM aliases"):
                aliases.setdefault(r["actor_id"], {"name": [], "role": []})[r["how"]].append(r["alias"])
            actors = []
            for r in self.db.table("actors").rows:
                own = aliases.get(r["id"], {"name": [], "role": []})
                actors.append(
                    Actor(
                        id=r["id"],
                        kind=r["kind"],
                        name_en=r["name_en"],
                        name_ar=r["name_ar"],
                        role_en=r["role_en"] or "",
                        role_ar=r["role_ar"] or "",
                        affiliation=r["affiliation"],
                        aliases=tuple(own["name"]),
                        roles=tuple(own["role"]),
                    )
                )
            self._actor_index = ActorIndex(actors)
        return self._actor_index

    def actors(self) -> dict[str, Actor]:
        return self.actor_index().actors

    def stances(self) -> dict[str, Stance]:
        if "stances" not in self._cache:
            self._cache["stances"] = {
                r["id"]: Stance(r["id"], r["label_en"], r["label_ar"]) for r in self.db.table("stances").rows
            }
        return self._cache["stances"]  # type: ignore[return-value]

    def sources(self) -> dict[str, Source]:
        if "sources" not in self._cache:
            self._cache["sources"] = {
                r["id"]: Source(r["id"], r["name_en"], r["name_ar"], r["url"] or "") for r in self.db.table("sources").rows
            }
        return self._cache["sources"]  # type: ignore[return-value]

    # -- statements ------------------------------------------------------------------------
    def statement_count(self) -> int:
        if "count" not in self._cache:
            self._cache["count"] = self.db.table("statements").count
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
        sql = [f"SELECT {_STATEMENT_COLUMNS} FROM statements WHERE actor_id IN ({','.join('?' * len(ids))})"]
        args: list = list(ids)
        sql.append("AND status = 'approved'")
        if since:
            sql.append("AND date >= ?")
            args.append(since.isoformat())
        if until:
            sql.append("AND date <= ?")
            args.append(until.isoformat())
        sql.append("ORDER BY date DESC, rowid DESC LIMIT ?")
        args.append(limit)
        return [_statement(r) for r in self.db.execute(" ".join(sql), args).fetchall()]

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
                    f"SELECT term, doc FROM statements_fts_vocab WHERE term IN ({','.join('?' * len(chunk))})", chunk
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
        groups = [g for g in groups if g]
        if not groups:
            return []
        match = " AND ".join("(" + " OR ".join(fts_phrase(k) for k in g) + ")" for g in groups)
        sql = [
            f"SELECT {', '.join('s.' + c.strip() for c in _STATEMENT_COLUMNS.split(','))}",
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
        return [_statement(r) for r in self.db.execute(" ".join(sql), args).fetchall()]

    def stance_history(
        self, actor_id: str, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, Statement]]:
        """(stance id, statement) pairs for an actor, newest first (dated `until` or before)."""
        sql = (
            f"SELECT h.stance, {', '.join('s.' + c.strip() for c in _STATEMENT_COLUMNS.split(','))} "
            "FROM stance_history h JOIN statements s ON s.id = h.statement_id "
            "WHERE h.actor_id = ? AND s.status = 'approved'"
        )
        args: list = [actor_id]
        if story_id:
            sql += " AND h.story_id = ?"
            args.append(story_id)
        if until:
            sql += " AND h.date <= ?"
            args.append(until.isoformat())
        sql += " ORDER BY h.date DESC, s.rowid DESC"
        return [(r[0], _statement(r[1:])) for r in self.db.execute(sql, args).fetchall()]

    def current_positions(
        self, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, str, Statement]]:
        """(actor id, stance id, statement) of every actor's latest stance dated `until` or
        before (every one when None)."""
        cols = ", ".join("s." + c.strip() for c in _STATEMENT_COLUMNS.split(","))
        where = [w for w in ("story_id = ?" if story_id else "", "date <= ?" if until else "") if w]
        args = [a for a in (story_id, until.isoformat() if until else None) if a]
        sql = f"""
            SELECT h.actor_id, h.stance, {cols} FROM (
                SELECT statement_id, actor_id, stance, row_number() OVER (
                    PARTITION BY actor_id ORDER BY date DESC, seq DESC) AS n
                FROM stance_history {"WHERE " + " AND ".join(where) if where else ""}
            ) h JOIN statements s ON s.id = h.statement_id
            WHERE h.n = 1 AND s.status = 'approved'
        """
        rows = self.db.execute(sql, args).fetchall()
        return [(r[0], r[1], _statement(r[2:])) for r in rows]

    # -- chats -----------------------------------------------------------------------------
    def chat_settings(self, chat_id: int) -> dict:
        row = next(self.db.table("chats").rows_where("id = ?", [chat_id], limit=1), None)
        return row or {}

    def set_chat_settings(self, chat_id: int, now: datetime, **values: str) -> None:
        existing = self.chat_settings(chat_id)
        row = {"id": chat_id, "created_at": existing.get("created_at") or now.isoformat(), **values}
        self.db.table("chats").upsert(row, pk="id", alter=False)
