"""Positions over time: when an actor's position moves, what changed lately, and the texts
that say so (alerts to followers, the /positions table, an actor's history).

An actor's position is the stance of its latest approved statement that has one; earlier
stances are its history. Everything here is pure: storage hands in the history, handlers
send what comes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from story.models import Actor, Source, Stance, Statement
from story.render import format_date, isolate, render_stance, rtl_safe, telling_sources

RECENT_DAYS = 7

# (stance id, statement) pairs, newest first: what storage's stance_history returns.
History = Sequence[tuple[str, Statement]]


@dataclass(frozen=True)
class PositionChange:
    """An actor's position moved: from `before` (None: it had none) to `after`, because of
    `statement`."""

    actor_id: str
    before: str | None
    after: str
    statement: Statement


def current(history: History) -> tuple[str, Statement] | None:
    return history[0] if history else None


def position_change(actor_id: str, before: History, after: History) -> PositionChange | None:
    """The change between an actor's history before and after an edit, if its position moved.

    Approving an older statement, or one with the stance the actor already holds, moves
    nothing; approving a newer statement with another stance, changing the stance of the
    latest one, or withdrawing the latest one (its predecessor then stands) does.
    """
    now = current(after)
    if now is None:
        return None
    was = current(before)
    if was is not None and was[0] == now[0]:
        return None
    return PositionChange(actor_id, was[0] if was else None, now[0], now[1])


def recent_change(history: History, today: date, days: int = RECENT_DAYS) -> str | None:
    """The previous stance if the position changed within `days` of `today`, else None.

    The change is dated by the first statement of the current stance's run: the day the
    actor moved to it. "" means the actor took a position for the first time lately.
    """
    if not history:
        return None
    stance = history[0][0]
    moved_on = history[0][1].date
    previous = ""
    for other, statement in history[1:]:
        if other != stance:
            previous = other
            break
        moved_on = statement.date
    if moved_on < today - timedelta(days=days) or moved_on > today:
        return None
    return previous


def render_alert(
    change: PositionChange,
    actor: Actor,
    stances: dict[str, Stance],
    sources: Sequence[tuple[str, str]],
    lang: str,
) -> str:
    """The message followers get: who moved, from what, to what, the words behind it, where
    they were reported (`sources`: (name, url) pairs, the first being the statement's own)."""
    sources = telling_sources(sources)
    s = change.statement
    to = render_stance(change.after, stances, lang)
    words = s.text(lang)
    quote = (f"«{words}»" if lang == "ar" else f"“{words}”") if s.kind == "direct" else words
    if lang == "ar":
        was = render_stance(change.before, stances, lang) if change.before else "لا موقف مسجّل"
        lines = [
            f"📣 تغيّر موقف {actor.name(lang)}",
            f"من: {was}",
            f"إلى: {to}",
            f"🗣 {format_date(s.date, lang)}: {quote}",
        ]
        label = "المصدر"
    else:
        was = (
            render_stance(change.before, stances, lang) if change.before else "no recorded position"
        )
        lines = [
            f"📣 {actor.name(lang)} changed position",
            f"from: {was}",
            f"to: {to}",
            f"🗣 {format_date(s.date, lang)}: {quote}",
        ]
        label = "Source" if len(sources) < 2 else "Sources"
    if sources:
        shown = [isolate(name, lang) + (f" — {url}" if url else "") for name, url in sources[:3]]
        lines.append(f"{label}: " + "; ".join(shown))
    return rtl_safe("\n".join(lines), lang)


def render_table(
    rows: Sequence[tuple[Actor, str, Statement, str | None]],
    stances: dict[str, Stance],
    lang: str,
) -> str:
    """/positions: one line per actor — its stance, the date behind it and, when it moved in
    the last week, a 🆕 mark with what it was (rows: actor, stance, statement, recent change)."""
    lines = ["📋 المواقف الحالية:" if lang == "ar" else "📋 Current positions:"]
    marked = False
    for actor, stance_id, statement, previous in rows:
        stance = render_stance(stance_id, stances, lang)
        line = f"• {actor.name(lang)}: {stance} ({format_date(statement.date, lang)})"
        if previous is not None:
            marked = True
            if previous:
                was = render_stance(previous, stances, lang)
                line += f" 🆕 (كان: {was})" if lang == "ar" else f" 🆕 (was: {was})"
            else:
                line += " 🆕"
        lines.append(line)
    if marked:
        lines.append(
            f"🆕 = تغيّر خلال آخر {RECENT_DAYS} أيام"
            if lang == "ar"
            else f"🆕 = changed in the last {RECENT_DAYS} days"
        )
    return rtl_safe("\n".join(lines), lang)


def render_history(history: History, stances: dict[str, Stance], lang: str, limit: int = 10) -> str:
    """An actor's stances over time, newest first: one line per change of position."""
    runs: list[tuple[str, date]] = []
    for stance_id, statement in reversed(history):  # oldest first, to date each move
        if not runs or runs[-1][0] != stance_id:
            runs.append((stance_id, statement.date))
    runs.reverse()
    head = "🧭 تاريخ المواقف:" if lang == "ar" else "🧭 Position history:"
    lines = [head]
    for i, (stance_id, since) in enumerate(runs[:limit]):
        mark = " ⬅" if i == 0 else ""
        lines.append(
            f"• {format_date(since, lang)}: {render_stance(stance_id, stances, lang)}{mark}"
        )
    return rtl_safe("\n".join(lines), lang)


def source_pairs(
    statement: Statement, sources: dict[str, Source], reports: Sequence[tuple[str, str]], lang: str
) -> list[tuple[str, str]]:
    """(name, url) of where a statement was reported: its own source, then other reports."""
    pairs: list[tuple[str, str]] = []
    own = sources.get(statement.source_id) if statement.source_id else None
    if own is not None:
        pairs.append((own.name(lang), ""))
    for name, url in reports:
        if (name, url) not in pairs and url not in {u for _, u in pairs if u}:
            pairs.append((name, url))
    if own is not None and len(pairs) > 1 and not pairs[0][1]:
        # The statement's own source and its first report are usually the same outlet.
        first_name, first_url = pairs[1]
        if first_name == own.name(lang):
            pairs[0] = (first_name, first_url)
            del pairs[1]
    return pairs
