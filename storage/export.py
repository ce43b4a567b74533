"""Reading the record out: a story as a `Pack` (for `export --format pack`), statements as
flat rows (CSV/JSON), and a consistent copy of the whole database (`backup`).

`export_text` is the one way to write an export: `python -m bot export` prints it and the
chat's `/export` sends it as a document, so both give the same rows in the same format.

A pack holds what Raqib answers from: the story, its stances and deadlines, the actors and
sources, and the story's approved statements (pending and rejected candidates stay behind).
The backup uses SQLite's online backup API, so it is consistent even while the bot writes.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from storage.record import _STATEMENT_COLUMNS, Record, _statement
from story.models import Pack, Statement, said_text
from story.pack_writer import pack_to_toml

FORMATS = ("csv", "json", "pack")

ROW_FIELDS = (
    "id",
    "story_id",
    "status",
    "date",
    "said_at",  # UTC, when the source gives a time ("" when only the day is known)
    "actor_id",
    "speaker_en",
    "speaker_ar",
    "kind",
    "text_ar",
    "text_en",
    "stance",
    "source_id",
    "source",
    "source_url",
    "urls",
)


def _statements(
    record: Record, story_id: str | None, statuses: tuple[str, ...]
) -> list[tuple[str, Statement]]:
    where = [f"status IN ({','.join('?' * len(statuses))})"]
    args: list = list(statuses)
    if story_id:
        where.append("story_id = ?")
        args.append(story_id)
    sql = (
        f"SELECT status, {_STATEMENT_COLUMNS} FROM statements"
        f" WHERE {' AND '.join(where)} ORDER BY date, said_at, rowid"
    )
    return [(r[0], _statement(r[1:])) for r in record.db.execute(sql, args).fetchall()]


def story_pack(record: Record, story_id: str) -> Pack | None:
    """A story as a pack: approved statements with a speaker, and everything they name."""
    story = next((s for s in record.stories() if s.id == story_id), None)
    if story is None:
        return None
    stances = [s for s in _stances(record, story_id)]
    statements = [s for _, s in _statements(record, story_id, ("approved",)) if s.actor_id]
    used = {s.source_id for s in statements if s.source_id}
    sources = [src for sid, src in sorted(record.sources().items()) if sid in used]
    actors = sorted(record.actors().values(), key=lambda a: a.id)  # affiliations stay resolvable
    return Pack(
        path=f"<{story_id}>",
        story=story,
        stances=stances,
        deadlines=record.deadlines(story_id),
        actors=actors,
        sources=sources,
        statements=statements,
    )


def _stances(record: Record, story_id: str):
    from story.models import Stance

    rows = record.db.table("stances").rows_where("story_id = ?", [story_id], order_by="rowid")
    return [Stance(r["id"], r["label_en"], r["label_ar"]) for r in rows]


def statement_rows(
    record: Record, story_id: str | None = None, *, all_statuses: bool = False
) -> list[dict]:
    """Statements as flat rows (ROW_FIELDS): approved ones, or every status."""
    statuses = ("approved", "pending", "rejected") if all_statuses else ("approved",)
    actors, sources = record.actors(), record.sources()
    urls: dict[str, list[str]] = {}
    for statement_id, url in record.db.execute(
        "SELECT statement_id, url FROM statement_sources"
        " WHERE url IS NOT NULL AND url != '' ORDER BY rowid"
    ).fetchall():
        urls.setdefault(statement_id, []).append(url)
    rows = []
    for status, s in _statements(record, story_id, statuses):
        actor = actors.get(s.actor_id) if s.actor_id else None
        source = sources.get(s.source_id) if s.source_id else None
        rows.append(
            {
                "id": s.id,
                "story_id": s.story_id,
                "status": status,
                "date": s.date.isoformat(),
                "said_at": said_text(s.said_at),
                "actor_id": s.actor_id or "",
                "speaker_en": actor.name_en if actor else "",
                "speaker_ar": actor.name_ar if actor else "",
                "kind": s.kind,
                "text_ar": s.text_ar,
                "text_en": s.text_en,
                "stance": s.stance or "",
                "source_id": s.source_id or "",
                "source": source.name("en") if source else "",
                "source_url": source.url if source and source.url else "",
                "urls": " ".join(dict.fromkeys(urls.get(s.id, []))),
            }
        )
    return rows


class ExportError(ValueError):
    """An export that cannot be made (no such story, an unknown format)."""


def rows_csv(rows: list[dict]) -> str:
    """Statement rows as CSV text: a header of ROW_FIELDS, one line per statement."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ROW_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def rows_json(rows: list[dict]) -> str:
    """Statement rows as one JSON document, {"statements": [...]}, Arabic unescaped."""
    return json.dumps({"statements": rows}, ensure_ascii=False, indent=1) + "\n"


def export_text(
    record: Record,
    fmt: str,
    story_id: str | None = None,
    *,
    all_statuses: bool = False,
    comment: str = "",
) -> str:
    """The export in `fmt` (csv, json or pack): the story's statements (csv/json: every
    story's when `story_id` is None; pack: the current story's). Raises ExportError."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "pack":
        story_id = story_id or record.current_story_id()
        pack = story_pack(record, story_id) if story_id else None
        if pack is None:
            raise ExportError(f"no story {story_id!r}" if story_id else "no story to export")
        return pack_to_toml(pack, comment=comment)
    if story_id and story_id not in {s.id for s in record.stories()}:
        raise ExportError(f"no story {story_id!r}")
    rows = statement_rows(record, story_id, all_statuses=all_statuses)
    return rows_csv(rows) if fmt == "csv" else rows_json(rows)


def backup(record: Record, path: str | Path) -> Path:
    """Copy the whole database to `path` with SQLite's online backup (consistent while the
    bot writes); an existing file there is replaced. Returns the path written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial)
    try:
        record.db.conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        copy.close()
    partial.replace(target)
    return target
