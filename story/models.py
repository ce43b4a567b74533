"""The record's plain data types: stories, deadlines, actors, sources, statements, stances.

They know neither Telegram nor SQL: storage builds them from rows, the domain reasons over
them, handlers and the CLI show what the domain renders from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

STATEMENT_KINDS = ("direct", "reported")
DEADLINE_STATUSES = ("pending", "met", "missed", "extended", "cancelled")
OUTCOME_STATUSES = ("met", "missed", "extended", "cancelled")
ACTOR_KINDS = ("person", "office", "group", "outlet", "government", "other")
Day = date  # inside Statement, `date` names its field


@dataclass(frozen=True)
class Story:
    id: str
    title_en: str
    title_ar: str
    published: date | None = None
    summary_en: str = ""
    summary_ar: str = ""


@dataclass(frozen=True)
class Stance:
    """One position in a story's stance vocabulary ("deadline fixed", "advisers stay" …)."""

    id: str
    label_en: str
    label_ar: str


@dataclass(frozen=True)
class Outcome:
    """What happened at a deadline, as recorded on `decided` (and not known before it)."""

    status: str  # OUTCOME_STATUSES
    decided: date
    note_en: str = ""
    note_ar: str = ""
    statement_id: str | None = None

    def note(self, lang: str) -> str:
        return (self.note_ar or self.note_en) if lang == "ar" else (self.note_en or self.note_ar)


@dataclass(frozen=True)
class DeadlineMove:
    """A deadline moved on `decided` from `previous` to a later (or earlier) instant."""

    previous: datetime  # aware: the due instant before the move
    decided: date
    note_en: str = ""
    note_ar: str = ""


@dataclass(frozen=True)
class Deadline:
    id: str
    story_id: str
    title_en: str
    title_ar: str
    due: datetime  # aware; the instant the deadline falls
    timezone: str
    status: str = "pending"
    main: bool = False
    description_en: str = ""
    description_ar: str = ""
    outcome: Outcome | None = None
    history: tuple[DeadlineMove, ...] = ()  # oldest first; `due` is the date after the last

    def as_of(self, today: date) -> Deadline:
        """The deadline as it was known on `today`: moves and an outcome decided later are
        undone, so a replay never shows what had not happened yet."""
        moves = tuple(m for m in self.history if m.decided <= today)
        later = [m for m in self.history if m.decided > today]
        due = later[0].previous if later else self.due
        outcome = self.outcome if self.outcome and self.outcome.decided <= today else None
        if outcome:
            status = outcome.status
        elif moves:
            status = "extended"
        elif self.outcome or later:
            status = "pending"
        else:
            status = self.status
        return replace(self, due=due, status=status, outcome=outcome, history=moves)


@dataclass(frozen=True)
class Actor:
    """Someone whose words the record holds: a person, an office, a group or an outlet."""

    id: str
    kind: str
    name_en: str
    name_ar: str
    role_en: str = ""
    role_ar: str = ""
    affiliation: str | None = None  # another actor's id
    aliases: tuple[str, ...] = ()  # other names, spellings and transliterations
    roles: tuple[
        str, ...
    ] = ()  # role phrases that designate this actor ("the Pentagon spokeswoman")
    # When the actor held those roles: ISO dates, "" for open (roles change hands: al-Kadhimi
    # was "the Iraqi prime minister" until October 2022, al-Sudani from then).
    roles_from: str = ""
    roles_until: str = ""

    def holds_roles_during(self, first: date, last: date) -> bool:
        """Whether the actor held its roles on some day from `first` to `last` (no dates:
        always, as far as the record knows)."""
        return (not self.roles_from or self.roles_from <= last.isoformat()) and (
            not self.roles_until or first.isoformat() < self.roles_until
        )

    def name(self, lang: str) -> str:
        return (self.name_ar or self.name_en) if lang == "ar" else (self.name_en or self.name_ar)

    def role(self, lang: str) -> str:
        return (self.role_ar or self.role_en) if lang == "ar" else (self.role_en or self.role_ar)


@dataclass(frozen=True)
class Source:
    """Where a statement reached the record: an outlet, an official statement, a channel."""

    id: str
    name_en: str
    name_ar: str
    url: str = ""

    def name(self, lang: str) -> str:
        return (self.name_ar or self.name_en) if lang == "ar" else (self.name_en or self.name_ar)


@dataclass(frozen=True)
class Statement:
    id: str
    story_id: str
    actor_id: str
    text_ar: str
    text_en: str
    kind: str  # "direct" | "reported"
    date: date
    source_id: str | None = None
    stance: str | None = None
    context_en: str = ""
    context_ar: str = ""
    # The search keys storage holds for text_ar and text_en (space-separated), when read from
    # it: ranking uses them instead of folding the texts again. Empty: compute from the texts.
    keys: str = field(default="", compare=False, repr=False)
    # When it was said (UTC), where the source gives a time (a post's, a feed entry's); None
    # when only the day is known. It orders statements within a day (see `said_order`).
    said_at: datetime | None = None

    def text(self, lang: str) -> str:
        return (self.text_ar or self.text_en) if lang == "ar" else (self.text_en or self.text_ar)

    def said_order(self) -> tuple[Day, str]:
        """The key that orders statements as they were said: the day, then the time where
        one is known (a statement with only a day counts as said at its start). Entry order
        breaks the remaining ties (storage's rowid; Python's sorts are stable)."""
        return self.date, said_text(self.said_at)


def said_text(moment: datetime | None) -> str:
    """The stored form of a statement's time: '2021-12-10T09:05:00Z' (UTC, whole seconds),
    "" for none; text order is time order."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        raise ValueError("a statement's time must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Pack:
    """A validated story pack: everything one data file holds."""

    path: str
    story: Story
    stances: list[Stance] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
