"""Load a validated story pack into the database, idempotently.

Every row is compared with what is stored: a new entry is added, a changed one updated, an
unchanged one left alone, so loading the same pack twice adds nothing. Nothing is deleted,
and a statement reviewed in chat (it has an audit entry) is never overwritten by a pack.

A load is one transaction (`db.atomic()`: one BEGIN … COMMIT; sqlite-utils' own writes nest
inside it as savepoints), so a crash leaves the old pack or the new one, never a mix. A pack
may not take over rows of another story: an id already held by another story is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlite_utils import Database

from story.models import Actor, Deadline, DeadlineMove, Outcome, Pack, Statement, said_text
from story.normalize import search_text
from story.pack import PackError

# Tables whose rows belong to one story, and the pack table each comes from.
_OWNED = (("stances", "stances"), ("deadlines", "deadlines"), ("statements", "statements"))


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


def _put_many(
    db: Database,
    table: str,
    rows: list[dict],
    pk: str | tuple[str, ...],
    report: LoadReport,
    keep: frozenset = frozenset(),
) -> None:
    """Insert new rows in bulk and update changed ones, counting only real changes.

    Rows whose key is in `keep` are never updated: they were curated in chat since.
    """
    if not rows:
        return
    keys = (pk,) if isinstance(pk, str) else pk
    key_of = (lambda r: r[keys[0]]) if len(keys) == 1 else (lambda r: tuple(r[k] for k in keys))
    existing: dict = {}
    if db.table(table).count:
        wanted = [key_of(r) for r in rows]
        for chunk_start in range(0, len(wanted), 400):
            chunk = wanted[chunk_start : chunk_start + 400]
            if len(keys) == 1:
                where = f"[{keys[0]}] IN ({','.join('?' * len(chunk))})"
                args = list(chunk)
            else:
                where = " OR ".join(
                    "(" + " AND ".join(f"[{k}] = ?" for k in keys) + ")" for _ in chunk
                )
                args = [v for key in chunk for v in key]
            for row in db.table(table).rows_where(where, args):
                existing[key_of(row)] = row
    new = [r for r in rows if key_of(r) not in existing]
    if new:
        db.table(table).insert_all(new, pk=pk, batch_size=1000)
        report.added[table] = report.added.get(table, 0) + len(new)
    for row in rows:
        old = existing.get(key_of(row))
        if (
            old is not None
            and key_of(row) not in keep
            and any(old.get(k) != v for k, v in row.items())
        ):
            db.table(table).update(key_of(row), row)
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
        "said_at": said_text(statement.said_at) or None,
        "status": status,
        "search_ar": search_text(statement.text_ar),
        "search_en": search_text(statement.text_en),
    }


def deadline_row(d: Deadline) -> dict:
    """The stored form of a deadline; outcome and history as JSON (see `deadline_from_row`)."""
    outcome = None
    if d.outcome:
        o = d.outcome
        outcome = {"status": o.status, "decided": o.decided.isoformat(), "note_en": o.note_en,
                   "note_ar": o.note_ar, "statement": o.statement_id}
    history = [
        {"previous": m.previous.astimezone(UTC).isoformat(), "decided": m.decided.isoformat(),
         "note_en": m.note_en, "note_ar": m.note_ar}
        for m in d.history
    ]
    return {
        "id": d.id,
        "story_id": d.story_id,
        "title_en": d.title_en,
        "title_ar": d.title_ar,
        "due": d.due.astimezone(UTC).isoformat(),
        "timezone": d.timezone,
        "status": d.status,
        "main": int(d.main),
        "description_en": d.description_en,
        "description_ar": d.description_ar,
        "outcome": json.dumps(outcome, ensure_ascii=False) if outcome else None,
        "history": json.dumps(history, ensure_ascii=False) if history else None,
    }


def deadline_from_row(r: dict) -> Deadline:
    outcome = None
    if r.get("outcome"):
        o = json.loads(r["outcome"])
        outcome = Outcome(o["status"], date.fromisoformat(o["decided"]), o.get("note_en") or "",
                          o.get("note_ar") or "", o.get("statement") or None)
    history = tuple(
        DeadlineMove(datetime.fromisoformat(m["previous"]), date.fromisoformat(m["decided"]),
                     m.get("note_en") or "", m.get("note_ar") or "")
        for m in json.loads(r.get("history") or "[]")
    )
    return Deadline(
        id=r["id"],
        story_id=r["story_id"],
        title_en=r["title_en"],
        title_ar=r["title_ar"],
        due=datetime.fromisoformat(r["due"]),
        timezone=r["timezone"],
        status=r["status"],
        main=bool(r["main"]),
        description_en=r["description_en"] or "",
        description_ar=r["description_ar"] or "",
        outcome=outcome,
        history=history,
    )


def actor_row(actor: Actor) -> dict:
    return {
        "id": actor.id,
        "kind": actor.kind,
        "name_en": actor.name_en,
        "name_ar": actor.name_ar,
        "role_en": actor.role_en,
        "role_ar": actor.role_ar,
        "affiliation": actor.affiliation,
        "roles_from": actor.roles_from or None,
        "roles_until": actor.roles_until or None,
    }


def _refuse_foreign_ids(db: Database, pack: Pack) -> None:
    """A PackError when an id of the pack's stances, deadlines or statements is held by
    another story (loading would silently move that story's rows into this one)."""
    for table, key in _OWNED:
        if not db[table].exists():
            continue
        ids = [item.id for item in getattr(pack, key)]
        for start in range(0, len(ids), 400):
            chunk = ids[start : start + 400]
            marks = ",".join("?" * len(chunk))
            row = db.execute(
                f"SELECT id, story_id FROM [{table}] WHERE id IN ({marks})"
                " AND story_id != ? LIMIT 1",
                [*chunk, pack.story.id],
            ).fetchone()
            if row:
                raise PackError(
                    f"{pack.path}: {key}: id {row[0]!r} belongs to story {row[1]!r}, not to "
                    f"{pack.story.id!r}; give it another id"
                )


def load_pack(db: Database, pack: Pack, *, also: Callable[[], None] | None = None) -> LoadReport:
    """Write a pack into the database in one transaction; return what changed. `also` runs
    inside the same transaction (the caller's bookkeeping of which file was loaded)."""
    report = LoadReport()
    story = pack.story
    story_row = {
        "id": story.id,
        "title_en": story.title_en,
        "title_ar": story.title_ar,
        "published": story.published.isoformat() if story.published else None,
        "summary_en": story.summary_en,
        "summary_ar": story.summary_ar,
    }
    stances = [
        {"id": s.id, "story_id": story.id, "label_en": s.label_en, "label_ar": s.label_ar}
        for s in pack.stances
    ]
    deadlines = [deadline_row(d) for d in pack.deadlines]
    aliases = [
        {"actor_id": a.id, "alias": alias, "how": how}
        for a in pack.actors
        for how, names in (("name", [a.name_en, a.name_ar, *a.aliases]), ("role", list(a.roles)))
        for alias in dict.fromkeys(n for n in names if n)
    ]
    sources = [
        {"id": s.id, "name_en": s.name_en, "name_ar": s.name_ar, "url": s.url} for s in pack.sources
    ]
    # Statements an admin approved, edited or withdrew in chat keep that work: the audit
    # trail names them, and a pack reload must not silently undo a review.
    with db.atomic():
        _refuse_foreign_ids(db, pack)
        curated: frozenset = frozenset()
        if db.table("audit").exists():
            curated = frozenset(r[0] for r in db.execute("SELECT DISTINCT target FROM audit"))
        _put_many(db, "stories", [story_row], "id", report)
        _put_many(db, "stances", stances, "id", report)
        _put_many(db, "deadlines", deadlines, "id", report)
        _put_many(db, "actors", [actor_row(a) for a in pack.actors], "id", report)
        _put_many(db, "aliases", aliases, ("actor_id", "alias", "how"), report)
        _put_many(db, "sources", sources, "id", report)
        _put_many(
            db, "statements", [statement_row(s) for s in pack.statements], "id", report, curated
        )
        if also is not None:
            also()
    if report.added.get("statements", 0) >= 1000:  # a bulk load: merge the index segments
        with db.conn:
            db.execute("INSERT INTO statements_fts(statements_fts) VALUES ('optimize')")
    return report
