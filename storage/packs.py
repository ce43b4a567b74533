"""Load a validated story pack into the database, idempotently.

Every row is compared with what is stored: a new entry is added, a changed one updated, an
unchanged one left alone, so loading the same pack twice adds nothing. Nothing is deleted:
a statement that vanished from a pack may have been approved or edited in chat since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC

from sqlite_utils import Database

from story.models import Actor, Pack, Statement
from story.normalize import search_text


@dataclass
class LoadReport:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, outcome: str) -> None:
        bucket = self.added if outcome == "added" else self.updated
        bucket[table] = bucket.get(table, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def summary(self) -> str:
        def fmt(d: dict[str, int]) -> str:
            return ", ".join(f"{n} {table}" for table, n in sorted(d.items())) or "nothing"

        return f"added {fmt(self.added)}; updated {fmt(self.updated)}"


def _put(db: Database, table: str, row: dict, pk: str | tuple[str, ...], report: LoadReport) -> None:
    """Insert or update one row, counting only real changes."""
    keys = (pk,) if isinstance(pk, str) else pk
    where = " AND ".join(f"[{k}] = ?" for k in keys)
    existing = next(db[table].rows_where(where, [row[k] for k in keys], limit=1), None)
    if existing is None:
        db[table].insert(row, pk=pk)
        report.count(table, "added")
    elif any(existing.get(k) != v for k, v in row.items()):
        db[table].update(tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]], row)
        report.count(table, "updated")


def statement_row(statement: Statement, status: str = "approved") -> dict:
    """The stored form of a statement, with its search keys in both languages."""
    return {
        "id": statement.id,
        "story_id": statement.story_id,
        "actor_id": statement.actor_id,
        "text_ar": statement.text_ar,
        "text_en": statement.text_en,
        "kind": statement.kind,
        "date": statement.date.isoformat(),
        "source_id": statement.source_id,
        "stance": statement.stance,
        "context_en": statement.context_en,
        "context_ar": statement.context_ar,
        "status": status,
        "search_ar": search_text(statement.text_ar),
        "search_en": search_text(statement.text_en),
    }


def actor_row(actor: Actor) -> dict:
    return {
        "id": actor.id,
        "kind": actor.kind,
        "name_en": actor.name_en,
        "name_ar": actor.name_ar,
        "role_en": actor.role_en,
        "role_ar": actor.role_ar,
        "affiliation": actor.affiliation,
    }


def load_pack(db: Database, pack: Pack) -> LoadReport:
    """Write a pack into the database in one transaction; return what changed."""
    report = LoadReport()
    story = pack.story
    with db.conn:
        _put(
            db,
            "stories",
            {
                "id": story.id,
                "title_en": story.title_en,
                "title_ar": story.title_ar,
                "published": story.published.isoformat() if story.published else None,
                "summary_en": story.summary_en,
                "summary_ar": story.summary_ar,
            },
            "id",
            report,
        )
        for stance in pack.stances:
            row = {"id": stance.id, "story_id": story.id, "label_en": stance.label_en, "label_ar": stance.label_ar}
            _put(db, "stances", row, "id", report)
        for deadline in pack.deadlines:
            row = {
                "id": deadline.id,
                "story_id": story.id,
                "title_en": deadline.title_en,
                "title_ar": deadline.title_ar,
                "due": deadline.due.astimezone(UTC).isoformat(),
                "timezone": deadline.timezone,
                "status": deadline.status,
                "main": int(deadline.main),
                "description_en": deadline.description_en,
                "description_ar": deadline.description_ar,
            }
            _put(db, "deadlines", row, "id", report)
        for actor in pack.actors:
            _put(db, "actors", actor_row(actor), "id", report)
            names = [actor.name_en, actor.name_ar, *actor.aliases]
            for alias in dict.fromkeys(names):
                _put(db, "aliases", {"actor_id": actor.id, "alias": alias, "how": "name"}, ("actor_id", "alias", "how"), report)
            for role in dict.fromkeys(actor.roles):
                _put(db, "aliases", {"actor_id": actor.id, "alias": role, "how": "role"}, ("actor_id", "alias", "how"), report)
        for source in pack.sources:
            row = {"id": source.id, "name_en": source.name_en, "name_ar": source.name_ar, "url": source.url}
            _put(db, "sources", row, "id", report)
        for statement in pack.statements:
            _put(db, "statements", statement_row(statement), "id", report)
            if statement.stance:
                row = {
                    "statement_id": statement.id,
                    "actor_id": statement.actor_id,
                    "story_id": statement.story_id,
                    "stance": statement.stance,
                    "date": statement.date.isoformat(),
                }
                _put(db, "stance_history", row, "statement_id", report)
    return report
