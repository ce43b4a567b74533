"""What the timeline picture shows, decided without drawing: rows, marks, deadlines, labels.

`/timeline` draws time across and one row per actor, each approved statement a mark coloured
by its stance, the story's deadlines as vertical lines. Which rows, in which order, which
stances the legend lists and every label in the chat's language are decided here, as plain
data, so the renderer (bot.timeline) only draws and tests can check the choices directly.
Labels are in logical order; shaping Arabic for a picture is the renderer's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from story.models import Actor, Deadline, Stance, Statement, Story
from story.render import STATUS, count_of, format_date
from story.texts import pick

MAX_ROWS = 40  # beyond this a phone shows nothing readable: the busiest actors are kept
LABEL_CHARS = 34  # a row label longer than this is cut (the picture's left margin)
NO_STANCE = ""  # the legend key of statements the record gives no stance

TEXTS: dict[str, dict[str, str]] = {
    "title": {"en": "Timeline: {story}", "ar": "الخط الزمني: {story}"},
    "title_actor": {"en": "Timeline: {actor}", "ar": "الخط الزمني: {actor}"},
    "subtitle": {
        "en": "{count}, {first} – {last}",
        "ar": "{count}، {first} – {last}",
    },
    "no_stance": {"en": "No stance recorded", "ar": "بلا موقف مسجّل"},
    "more_rows": {
        "en": "{count} more actors not shown (/timeline <name> for one)",
        "ar": "{count} أطراف أخرى غير معروضة (/timeline <اسم> لطرف واحد)",
    },
    "deadline": {"en": "{title} ({status})", "ar": "{title} ({status})"},
    "caption": {"en": "🗓 {title}", "ar": "🗓 {title}"},
    "empty_story": {
        "en": "The record has no approved statements for this story yet: nothing to draw.",
        "ar": "لا توجد في السجل تصريحات معتمدة لهذه القصة بعد: لا شيء لرسمه.",
    },
    "empty_actor": {
        "en": "The record has no approved statement by {name} in this story.",
        "ar": "لا يوجد في السجل تصريح معتمد لـ{name} في هذه القصة.",
    },
    "unknown": {
        "en": "No actor or story is called {name}. /positions lists the actors, /story stories.",
        "ar": "لا طرف ولا قصة باسم {name}. /positions يعرض الأطراف، و/story القصص.",
    },
    "no_story": {
        "en": "The record holds no story yet.",
        "ar": "لا يحوي السجل أي قصة بعد.",
    },
}

MONTHS_SHORT_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                   "Nov", "Dec")
MONTHS_SHORT_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                   "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")


def timeline_text(key: str, lang: str, **values: object) -> str:
    """A fixed text of the timeline (its replies and the picture's words) in `lang`."""
    return pick(TEXTS, key, lang, **values)


@dataclass(frozen=True)
class Mark:
    """One statement on a row: its day, its stance key (NO_STANCE for none) and its id."""

    day: date
    stance: str
    statement_id: str


@dataclass(frozen=True)
class Row:
    actor_id: str
    label: str
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class DeadlineLine:
    """A deadline where it falls on the time axis (local time of its own zone), labelled."""

    deadline_id: str
    at: datetime  # naive, in the deadline's zone: where the line is drawn
    label: str
    status: str


@dataclass(frozen=True)
class LegendEntry:
    stance: str  # a stance id, or NO_STANCE
    label: str
    index: int  # the stance's place in the story's vocabulary: the colour the renderer gives


@dataclass(frozen=True)
class Timeline:
    lang: str
    title: str
    subtitle: str
    rows: tuple[Row, ...]
    deadlines: tuple[DeadlineLine, ...]
    legend: tuple[LegendEntry, ...]
    start: date
    end: date
    note: str = ""  # e.g. how many rows were left out
    statement_count: int = 0

    def labels(self) -> list[str]:
        """Every label the picture draws besides the axis ticks (logical order)."""
        out = [self.title, self.subtitle, *(r.label for r in self.rows)]
        out += [d.label for d in self.deadlines] + [e.label for e in self.legend]
        return out + ([self.note] if self.note else [])


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def month_label(day: date, lang: str, *, with_year: bool) -> str:
    """A tick label on the time axis: "Nov 2021" / "نوفمبر 2021", or the month alone."""
    names = MONTHS_SHORT_AR if lang == "ar" else MONTHS_SHORT_EN
    name = names[day.month - 1]
    return f"{name} {day.year}" if with_year else name


def deadline_line(deadline: Deadline, lang: str, today: date | None = None) -> DeadlineLine:
    """A deadline as the picture labels it: its title and its status (or recorded outcome),
    as known on `today` when the deadline can tell (a replay does not know what came later)."""
    as_of = getattr(deadline, "as_of", None)
    if today is not None and callable(as_of):
        deadline = as_of(today)
    status = deadline.status
    outcome = getattr(deadline, "outcome", None)
    if outcome is not None and getattr(outcome, "status", None):
        status = outcome.status
    words = STATUS.get(status, (status, status))[1 if lang == "ar" else 0]
    title = deadline.title_ar if lang == "ar" else deadline.title_en
    title = title or deadline.title_en or deadline.title_ar
    local = deadline.due.astimezone(ZoneInfo(deadline.timezone)).replace(tzinfo=None)
    # A deadline at local midnight is "the end of" the day before, as /countdown says it.
    shown = (local - timedelta(minutes=1)).date() if (local.hour, local.minute) == (0, 0) else (
        local.date()
    )
    label = timeline_text("deadline", lang, title=title, status=words)
    label = f"{label} · {format_date(shown, lang)}"
    return DeadlineLine(deadline.id, local, label, status)


def build_timeline(
    story: Story,
    statements: list[Statement],
    actors: dict[str, Actor],
    stances: list[Stance],
    deadlines: list[Deadline],
    lang: str,
    *,
    actor_id: str | None = None,
    today: date | None = None,
) -> Timeline | None:
    """The picture's content for `story` (or one actor of it); None when nothing is to draw.

    `statements` are the approved statements to show (storage chose them); `stances` the
    story's vocabulary in its order, which fixes every stance's colour.
    """
    if actor_id is not None:
        statements = [s for s in statements if s.actor_id == actor_id]
    if not statements:
        return None
    by_actor: dict[str, list[Statement]] = {}
    for s in statements:
        by_actor.setdefault(s.actor_id, []).append(s)
    # Busiest actors first when rows must be dropped; shown by first statement, then name.
    kept = sorted(by_actor, key=lambda a: (-len(by_actor[a]), a))[:MAX_ROWS]
    hidden = len(by_actor) - len(kept)

    def name_of(aid: str) -> str:
        actor = actors.get(aid)
        return actor.name(lang) if actor else aid

    kept.sort(key=lambda a: (min(s.date for s in by_actor[a]), name_of(a)))
    rows = tuple(
        Row(
            aid,
            short_label(name_of(aid)),
            tuple(
                Mark(s.date, s.stance or NO_STANCE, s.id)
                for s in sorted(by_actor[aid], key=lambda s: (*s.said_order(), s.id))
            ),
        )
        for aid in kept
    )
    shown = [m for r in rows for m in r.marks]
    used = {m.stance for m in shown}
    legend = [
        LegendEntry(st.id, st.label_ar if lang == "ar" else st.label_en, i)
        for i, st in enumerate(stances)
        if st.id in used
    ]
    known = {st.id for st in stances}
    for i, stance_id in enumerate(sorted(used - known - {NO_STANCE}), len(stances)):
        legend.append(LegendEntry(stance_id, stance_id, i))  # a stance outside the vocabulary
    if NO_STANCE in used:
        legend.append(LegendEntry(NO_STANCE, timeline_text("no_stance", lang), -1))
    lines = tuple(deadline_line(d, lang, today) for d in deadlines)
    first = min(m.day for m in shown)
    last = max(m.day for m in shown)
    start = min([first, *(d.at.date() for d in lines)])
    end = max([last, *(d.at.date() for d in lines)])
    if actor_id is not None:
        title = timeline_text("title_actor", lang, actor=name_of(actor_id))
    else:
        story_title = story.title_ar if lang == "ar" else story.title_en
        title = timeline_text("title", lang, story=story_title)
    subtitle = timeline_text(
        "subtitle",
        lang,
        count=count_of(
            len(shown), lang, ("statement", "statements"),
            ("تصريح واحد", "تصريحان", "تصريحات", "تصريحًا"),
        ),
        first=format_date(first, lang),
        last=format_date(last, lang),
    )
    note = timeline_text("more_rows", lang, count=hidden) if hidden else ""
    return Timeline(
        lang=lang,
        title=title,
        subtitle=subtitle,
        rows=rows,
        deadlines=lines,
        legend=tuple(legend),
        start=start,
        end=end,
        note=note,
        statement_count=len(shown),
    )
