"""Texts of the review desk: a candidate's card, the queue, the outcome of an action.

A card says everything an admin needs to decide without opening the article: the speaker
(a tracked actor, or a new one the text names), the words, kind, date, through whom and
where it was reported, and the suggested stance. Plain text, Arabic or English by the
admin's chat, bidi-safe like every other reply.
"""

from __future__ import annotations

from collections.abc import Sequence

from story.models import Actor, Source, Stance, Statement
from story.normalize import is_arabic
from story.render import format_date, isolate, render_stance, rtl_safe, telling_sources

STATUS_MARK = {"pending": "🕓", "approved": "✅", "rejected": "❌", "replaced": "♻️"}
_STATUS = {
    "pending": ("awaiting review", "بانتظار المراجعة"),
    "approved": ("approved", "معتمد"),
    "rejected": ("rejected", "مرفوض"),
    "replaced": ("replaced by an edit of its post", "استُبدل بتعديل منشوره"),
}


def status_label(status: str, lang: str) -> str:
    return _STATUS.get(status, (status, status))[1 if lang == "ar" else 0]


def speaker_text(
    statement: Statement, actors: dict[str, Actor], name_en: str, name_ar: str, role: str, lang: str
) -> str:
    """Who said it: the tracked actor, or the name the text gives, marked as new."""
    actor = actors.get(statement.actor_id) if statement.actor_id else None
    if actor is not None:
        return actor.name(lang)
    name = (name_ar or name_en) if lang == "ar" else (name_en or name_ar)
    role_part = f"، {role}" if role and lang == "ar" else f", {role}" if role else ""
    if not name:
        return "؟ (بلا متحدث)" if lang == "ar" else "? (no speaker)"
    new_mark = "🆕 (طرف جديد)" if lang == "ar" else "🆕 (new actor)"
    return f"{name}{role_part} {new_mark}"


def suggestion_line(name: str, lang: str) -> str:
    """A transliterated name offered for confirmation (👤 Speaker corrects it)."""
    script = "العربي" if is_arabic(name) else "اللاتيني"
    if lang == "ar":
        shown = isolate(name, lang)
        return f"✍️ الاسم المقترح بالحرف {script}: {shown} (اقتراح آلي، يُصحَّح بزر 👤)"
    shown = isolate(name, lang)
    return f"✍️ Suggested spelling: {shown} (transliterated; correct it with 👤 Speaker)"


def render_card(
    ref: int,
    statement: Statement,
    status: str,
    *,
    actors: dict[str, Actor],
    sources: dict[str, Source],
    stances: dict[str, Stance],
    speaker: tuple[str, str, str] = ("", "", ""),
    reports: Sequence[tuple[str, str]] = (),
    lang: str,
    note: str = "",
    suggested: str = "",
) -> str:
    """One statement as a review card (speaker: the names and role the text gave;
    suggested: a new speaker's name in the other script, transliterated, to confirm)."""
    ar = lang == "ar"
    who = speaker_text(statement, actors, *speaker, lang)
    words = statement.text_ar or statement.text_en if ar else statement.text_en or statement.text_ar
    quoted = (f"«{words}»" if ar else f"“{words}”") if statement.kind == "direct" else (
        f"(بتصرّف) {words}" if ar else f"(reported) {words}"
    )
    source = sources.get(statement.source_id) if statement.source_id else None
    stance = render_stance(statement.stance, stances, lang) if statement.stance else ("—")
    state = status_label(status, lang)
    lines = [
        f"{STATUS_MARK.get(status, '•')} #{ref} · {state} · {isolate(statement.id, lang)}",
        (f"🗣 المتحدث: {who}" if ar else f"🗣 Speaker: {who}"),
        *([suggestion_line(suggested, lang)] if suggested and not statement.actor_id else []),
        quoted,
        (
            f"📅 {format_date(statement.date, lang)}"
            + (f" · عبر {isolate(source.name(lang), lang)}" if source else "")
        )
        if ar
        else (
            f"📅 {format_date(statement.date, lang)}"
            + (f" · via {isolate(source.name(lang), lang)}" if source else "")
        ),
        (f"📌 الموقف: {stance}" if ar else f"📌 Stance: {stance}"),
    ]
    reports = telling_sources(reports)
    if reports:
        shown = [isolate(name, lang) + (f" {url}" if url else "") for name, url in reports[:4]]
        more = len(reports) - 4
        label = f"📰 المصادر ({len(reports)}): " if ar else f"📰 Reported by ({len(reports)}): "
        lines.append(label + "; ".join(shown) + (f" … +{more}" if more > 0 else ""))
    if note:
        lines.append(note)
    return rtl_safe("\n".join(lines), lang)


def render_queue(rows: Sequence[tuple[int, str, str]], total: int, lang: str) -> str:
    """/pending: one line per candidate (ref, speaker, words), and how many there are."""
    if not total:
        return rtl_safe(
            "لا شيء بانتظار المراجعة." if lang == "ar" else "Nothing is waiting for review.", lang
        )
    head = f"🕓 بانتظار المراجعة: {total}" if lang == "ar" else f"🕓 Waiting for review: {total}"
    lines = [head]
    for ref, who, words in rows:
        short = words if len(words) <= 90 else words[:89].rstrip() + "…"
        lines.append(f"#{ref} · {who}: {short}")
    if total > len(rows):
        lines.append(
            f"(أول {len(rows)} أدناه؛ راجعها ثم أرسل /pending مجددًا)" if lang == "ar"
            else f"(the first {len(rows)} follow; review them, then /pending again)"
        )
    return rtl_safe("\n".join(lines), lang)


def stance_choices(stances: Sequence[Stance], lang: str) -> list[str]:
    """Button labels for the stance menu, in vocabulary order."""
    return [s.label_ar if lang == "ar" else s.label_en for s in stances]
