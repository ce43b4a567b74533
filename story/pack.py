"""Read and validate a story pack (TOML) into a `Pack`.

A pack is one file under data/stories/: the story, its stance vocabulary, its deadlines, the
actors and sources it names and every statement it attributes. Validation is strict and
names the file, the entry and the field of the first problem, so that an editor can fix a
pack without reading code:

    data/stories/x.toml: statements[3] (id 'kirby-2'): field 'actor': unknown actor 'kirbi'

Unknown tables and fields are refused too (a typo'd `[[statments]]` would otherwise load
nothing and say nothing), and so are dates outside MIN_YEAR..MAX_YEAR, files that are not
UTF-8 and nesting too deep to parse: every problem is one line, never a traceback.
"""

from __future__ import annotations

import contextlib
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from story.models import (
    ACTOR_KINDS,
    DEADLINE_STATUSES,
    OUTCOME_STATUSES,
    STATEMENT_KINDS,
    Actor,
    Deadline,
    DeadlineMove,
    Outcome,
    Pack,
    Source,
    Stance,
    Statement,
    Story,
)

MIN_YEAR, MAX_YEAR = 1900, 2200  # dates of statements and deadlines outside this are typos

# The tables of a pack and the fields of their entries (anything else is a typo).
FIELDS: dict[str, frozenset[str]] = {
    "story": frozenset({"id", "title_en", "title_ar", "published", "summary_en", "summary_ar"}),
    "stances": frozenset({"id", "en", "ar"}),
    "actors": frozenset(
        {"id", "kind", "name_en", "name_ar", "role_en", "role_ar", "affiliation", "aliases",
         "roles", "roles_from", "roles_until"}
    ),
    "sources": frozenset({"id", "name_en", "name_ar", "url"}),
    "deadlines": frozenset(
        {"id", "title_en", "title_ar", "due", "timezone", "status", "main", "description_en",
         "description_ar", "outcome", "history"}
    ),
    "outcome": frozenset({"status", "decided", "note_en", "note_ar", "statement"}),
    "history": frozenset({"previous", "decided", "note_en", "note_ar"}),
    "statements": frozenset(
        {"id", "actor", "source", "stance", "text_ar", "text_en", "kind", "date", "context_en",
         "context_ar", "said_at"}
    ),
}


class PackError(ValueError):
    """A pack that cannot be loaded; the message names the file, the entry and the field."""


def _in_range(value: date) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def _check_fields(path: str, where: str, table: str, data: dict) -> None:
    unknown = sorted(set(data) - FIELDS[table])
    if unknown:
        known = ", ".join(sorted(FIELDS[table]))
        raise PackError(f"{path}: {where}: unknown field {unknown[0]!r} (known: {known})")


class _Entry:
    """Typed access to one table of a pack, raising PackError that says where."""

    def __init__(self, path: str, where: str, data: Any, table: str):
        self.path, self.where = path, where
        if not isinstance(data, dict):
            raise PackError(f"{path}: {where}: expected a table, got {type(data).__name__}")
        _check_fields(path, where, table, data)
        self.data = data

    def fail(self, name: str, problem: str) -> PackError:
        return PackError(f"{self.path}: {self.where}: field '{name}': {problem}")

    def text(self, name: str, required: bool = True) -> str:
        value = self.data.get(name, "")
        if not isinstance(value, str):
            raise self.fail(name, f"expected text, got {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(name, "missing or empty")
        return value.strip()

    def either(self, first: str, second: str) -> tuple[str, str]:
        """Two texts of which at least one must be given (a name or words in one language:
        what chat review produces for a speaker or quote reported in one language only)."""
        one, two = self.text(first, required=False), self.text(second, required=False)
        if not one and not two:
            raise self.fail(first, f"missing or empty (and so is '{second}')")
        return one, two

    def choice(
        self, name: str, allowed: tuple[str, ...] | set[str], default: str | None = None
    ) -> str:
        value = self.data.get(name, default)
        if value not in allowed:
            raise self.fail(name, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return str(value)

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, "expected a list of text")
        return tuple(v.strip() for v in value if v.strip())

    def day(self, name: str) -> date:
        value = self.data.get(name)
        if isinstance(value, datetime):
            value = value.date()
        elif isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value)
        if isinstance(value, date):
            if not _in_range(value):
                raise self.fail(name, f"year {value.year} is outside {MIN_YEAR}..{MAX_YEAR}")
            return value
        raise self.fail(name, f"expected a date like 2021-11-22, got {value!r}")

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise self.fail(name, "expected true or false")
        return value


def _entries(path: str, raw: dict, key: str) -> list[tuple[str, _Entry]]:
    items = raw.get(key, [])
    if not isinstance(items, list):
        raise PackError(f"{path}: '{key}' must be an array of tables ([[{key}]])")
    out = []
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        where = f"{key}[{i}]" + (f" (id {ident!r})" if ident else "")
        out.append((where, _Entry(path, where, item, key)))
    return out


def _unique(path: str, key: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise PackError(f"{path}: {key}: id {ident!r} appears twice")
        seen.add(ident)


def _instant(e: _Entry, name: str, tz: ZoneInfo) -> datetime:
    """An aware date-time; a naive one is in the deadline's time zone."""
    raw = e.data.get(name)
    if isinstance(raw, datetime):
        value = raw
    else:
        try:
            value = datetime.fromisoformat(str(raw))
        except ValueError:
            raise e.fail(
                name, f"expected a date-time like 2022-01-01T00:00:00, got {raw!r}"
            ) from None
    if not _in_range(value):
        raise e.fail(name, f"year {value.year} is outside {MIN_YEAR}..{MAX_YEAR}")
    return value if value.tzinfo else value.replace(tzinfo=tz)


def _said_at(e: _Entry, day: date) -> datetime | None:
    """A statement's `said_at`: an instant with its zone (stored in UTC), on its `date` give
    or take a day (the date is the day where it was said, which may not be UTC's)."""
    if "said_at" not in e.data:
        return None
    raw = e.data["said_at"]
    value = raw if isinstance(raw, datetime) else None
    if isinstance(raw, str):
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(raw)
    if value is None or value.tzinfo is None:
        raise e.fail("said_at", f"expected a time with its zone like 2021-12-10T09:05:00Z, "
                     f"got {raw!r}")
    if abs((value.astimezone(UTC).date() - day).days) > 1:
        raise e.fail("said_at", f"{value.isoformat()} is not on the statement's date {day}")
    return value.astimezone(UTC)


def _outcome(path: str, deadline: _Entry) -> Outcome:
    e = _Entry(path, f"{deadline.where}: outcome", deadline.data["outcome"], "outcome")
    return Outcome(
        status=e.choice("status", OUTCOME_STATUSES),
        decided=e.day("decided"),
        note_en=e.text("note_en", required=False),
        note_ar=e.text("note_ar", required=False),
        statement_id=e.text("statement", required=False) or None,
    )


def parse_pack(raw: dict, path: str = "<pack>") -> Pack:
    """Validate the parsed TOML of a pack; raise PackError naming file, entry and field."""
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        tables = ", ".join(f"[{t}]" if t == "story" else f"[[{t}]]" for t in FIELDS)
        raise PackError(f"{path}: unknown table {unknown[0]!r} (a pack has {tables})")
    story_entry = _Entry(path, "story", raw.get("story"), "story")
    story = Story(
        id=story_entry.text("id"),
        title_en=story_entry.text("title_en"),
        title_ar=story_entry.text("title_ar"),
        published=story_entry.day("published") if "published" in story_entry.data else None,
        summary_en=story_entry.text("summary_en", required=False),
        summary_ar=story_entry.text("summary_ar", required=False),
    )

    stances = [
        Stance(id=e.text("id"), label_en=e.text("en"), label_ar=e.text("ar"))
        for _, e in _entries(path, raw, "stances")
    ]
    _unique(path, "stances", [s.id for s in stances])
    stance_ids = {s.id for s in stances}

    actors = []
    for _, e in _entries(path, raw, "actors"):
        actors.append(
            Actor(
                id=e.text("id"),
                kind=e.choice("kind", ACTOR_KINDS),
                name_en=e.either("name_en", "name_ar")[0],
                name_ar=e.either("name_en", "name_ar")[1],
                role_en=e.text("role_en", required=False),
                role_ar=e.text("role_ar", required=False),
                affiliation=e.text("affiliation", required=False) or None,
                aliases=e.texts("aliases"),
                roles=e.texts("roles"),
                roles_from=e.day("roles_from").isoformat() if "roles_from" in e.data else "",
                roles_until=e.day("roles_until").isoformat() if "roles_until" in e.data else "",
            )
        )
    _unique(path, "actors", [a.id for a in actors])
    actor_ids = {a.id for a in actors}
    for (_, e), actor in zip(_entries(path, raw, "actors"), actors, strict=True):
        if actor.affiliation and actor.affiliation not in actor_ids:
            raise e.fail("affiliation", f"unknown actor {actor.affiliation!r}")
        if actor.roles_from and actor.roles_until and actor.roles_until <= actor.roles_from:
            raise e.fail("roles_until", f"not after roles_from ({actor.roles_from})")

    sources = [
        Source(
            id=e.text("id"),
            name_en=e.either("name_en", "name_ar")[0],
            name_ar=e.either("name_en", "name_ar")[1],
            url=e.text("url", required=False),
        )
        for _, e in _entries(path, raw, "sources")
    ]
    _unique(path, "sources", [s.id for s in sources])
    source_ids = {s.id for s in sources}

    deadlines = []
    for _, e in _entries(path, raw, "deadlines"):
        tz_name = e.text("timezone", required=False) or "Asia/Baghdad"
        try:
            tz = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise e.fail("timezone", f"unknown time zone {tz_name!r}") from None
        due = _instant(e, "due", tz)
        outcome = _outcome(path, e) if "outcome" in e.data else None
        history = tuple(
            DeadlineMove(
                previous=_instant(m, "previous", tz),
                decided=m.day("decided"),
                note_en=m.text("note_en", required=False),
                note_ar=m.text("note_ar", required=False),
            )
            for _, m in _entries(path, e.data, "history")
        )
        deadlines.append(
            Deadline(
                id=e.text("id"),
                story_id=story.id,
                title_en=e.text("title_en"),
                title_ar=e.text("title_ar"),
                due=due,
                timezone=tz_name,
                status=e.choice("status", DEADLINE_STATUSES, default="pending"),
                main=e.flag("main"),
                description_en=e.text("description_en", required=False),
                description_ar=e.text("description_ar", required=False),
                outcome=outcome,
                history=history,
            )
        )
    _unique(path, "deadlines", [d.id for d in deadlines])

    statements = []
    for _, e in _entries(path, raw, "statements"):
        actor_id = e.text("actor")
        if actor_id not in actor_ids:
            raise e.fail("actor", f"unknown actor {actor_id!r}")
        source = e.text("source", required=False) or None
        if source and source not in source_ids:
            raise e.fail("source", f"unknown source {source!r}")
        stance = e.text("stance", required=False) or None
        if stance and stance not in stance_ids:
            raise e.fail("stance", f"{stance!r} is not in the pack's [[stances]]")
        day = e.day("date")
        statements.append(
            Statement(
                id=e.text("id"),
                story_id=story.id,
                actor_id=actor_id,
                text_ar=e.either("text_ar", "text_en")[0],
                text_en=e.either("text_ar", "text_en")[1],
                kind=e.choice("kind", STATEMENT_KINDS),
                date=day,
                source_id=source,
                stance=stance,
                context_en=e.text("context_en", required=False),
                context_ar=e.text("context_ar", required=False),
                said_at=_said_at(e, day),
            )
        )
    _unique(path, "statements", [s.id for s in statements])
    statement_ids = {s.id for s in statements}
    for (where, _), d in zip(_entries(path, raw, "deadlines"), deadlines, strict=True):
        said = d.outcome.statement_id if d.outcome else None
        if said and said not in statement_ids:
            raise PackError(
                f"{path}: {where}: outcome: field 'statement': unknown statement {said!r}"
            )

    return Pack(
        path=path,
        story=story,
        stances=stances,
        deadlines=deadlines,
        actors=actors,
        sources=sources,
        statements=statements,
    )


def read_pack_bytes(path: str | Path) -> bytes:
    """A pack file's bytes, or a PackError that says why it cannot be read (a directory...)."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise PackError(f"{path}: cannot read: {exc.strerror or exc}") from None


def parse_pack_bytes(data: bytes, path: str | Path) -> Pack:
    """Decode (UTF-8), parse (TOML) and validate a pack's bytes."""
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        byte = f"byte {data[exc.start]:#04x} at offset {exc.start}"
        raise PackError(f"{path}: not UTF-8 text ({byte})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise PackError(f"{path}: nested too deeply to be a story pack") from None
    return parse_pack(raw, str(path))


def read_pack(path: str | Path) -> Pack:
    """Read and validate a pack file."""
    return parse_pack_bytes(read_pack_bytes(path), path)


BUNDLED_PACKS = Path(__file__).resolve().parent.parent / "data" / "stories"


def bundled_pack_paths() -> list[Path]:
    return sorted(BUNDLED_PACKS.glob("*.toml"))
