"""Write a `Pack` as story-pack TOML, the format `story.pack.read_pack` reads back.

Used by `python -m bot export --format pack`: the record (including statements reviewed in
chat) becomes a file that loads into another database with `python -m bot load`. Pure:
no SQL, no files; the caller decides where the text goes. Empty optional fields are left
out, so the output reads like a hand-written pack.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from story.models import Pack

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def toml_value(value: object) -> str:
    """One TOML value: text, bool, int, date, aware date-time or a list of text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    text = str(value)
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _table(header: str, fields: dict[str, object]) -> str:
    lines = [header]
    for key, value in fields.items():
        if value is None or value == "" or value == () or value == [] or value is False:
            continue
        lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines)


def pack_to_toml(pack: Pack, comment: str = "") -> str:
    """The pack as TOML text; `comment` (one or more lines) goes at the top."""
    story = pack.story
    parts = [f"# {line}" for line in comment.splitlines()] if comment else []
    parts.append(
        _table(
            "[story]",
            {
                "id": story.id,
                "title_en": story.title_en,
                "title_ar": story.title_ar,
                "published": story.published,
                "summary_en": story.summary_en,
                "summary_ar": story.summary_ar,
            },
        )
    )
    for s in pack.stances:
        parts.append(_table("[[stances]]", {"id": s.id, "en": s.label_en, "ar": s.label_ar}))
    for d in pack.deadlines:
        fields = {
            "id": d.id,
            "title_en": d.title_en,
            "title_ar": d.title_ar,
            "due": d.due.astimezone(ZoneInfo(d.timezone)),
            "timezone": d.timezone,
            "status": d.status,
            "main": d.main,
            "description_en": d.description_en,
            "description_ar": d.description_ar,
        }
        parts.append(_table("[[deadlines]]", fields))
        for m in d.history:  # the dates it had before, oldest first
            move = {"previous": m.previous.astimezone(ZoneInfo(d.timezone)), "decided": m.decided,
                    "note_en": m.note_en, "note_ar": m.note_ar}
            parts.append(_table("[[deadlines.history]]", move))
        if d.outcome:
            o = d.outcome
            outcome = {"status": o.status, "decided": o.decided, "statement": o.statement_id,
                       "note_en": o.note_en, "note_ar": o.note_ar}
            parts.append(_table("[deadlines.outcome]", outcome))
    for a in pack.actors:
        names = {a.name_en, a.name_ar}
        fields = {
            "id": a.id,
            "kind": a.kind,
            "name_en": a.name_en,
            "name_ar": a.name_ar,
            "role_en": a.role_en,
            "role_ar": a.role_ar,
            "affiliation": a.affiliation,
            "aliases": [n for n in a.aliases if n not in names],
            "roles": list(a.roles),
            "roles_from": date.fromisoformat(a.roles_from) if a.roles_from else None,
            "roles_until": date.fromisoformat(a.roles_until) if a.roles_until else None,
        }
        parts.append(_table("[[actors]]", fields))
    for src in pack.sources:
        parts.append(
            _table(
                "[[sources]]",
                {"id": src.id, "name_en": src.name_en, "name_ar": src.name_ar, "url": src.url},
            )
        )
    for st in pack.statements:
        fields = {
            "id": st.id,
            "actor": st.actor_id,
            "kind": st.kind,
            "date": st.date,
            "source": st.source_id,
            "stance": st.stance,
            "text_ar": st.text_ar,
            "text_en": st.text_en,
            "context_en": st.context_en,
            "context_ar": st.context_ar,
            "said_at": st.said_at.astimezone(UTC) if st.said_at else None,
        }
        parts.append(_table("[[statements]]", fields))
    return "\n\n".join(parts) + "\n"
