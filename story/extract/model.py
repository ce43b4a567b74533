"""The extractor's records: the public ExtractedStatement, and the speakers and claims the
stages pass between them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from story.models import Actor
from story.normalize import normalize


@dataclass(frozen=True)
class ExtractedStatement:
    speaker_id: str | None  # a known actor's id, or None
    speaker_name_en: str  # the known actor's names, or the name/role the text gives
    speaker_name_ar: str
    speaker_role: str  # the role the text gives, if any
    quote: str  # the quoted or reported text, without the quote marks
    kind: str  # "direct" | "reported"
    via: str | None  # the outlet or channel it came through
    date: date
    start: int  # offsets of `quote` in the input text
    end: int
    via_id: str | None = None  # the outlet's actor id, when the outlet is a known actor


@dataclass
class Speaker:
    actor: Actor | None
    name: str = ""  # for an unknown speaker: the name (or the role) the text gives
    role: str = ""
    tok: int = -1  # where the text names it (-1: carried over)
    end_tok: int = -1
    joint: bool = False  # "A and B": both people of a readout

    @property
    def key(self) -> str:
        return self.actor.id if self.actor else _folded(self.name)


# A speaker's key is compared with the speakers before it at every claim: names folded once.
_folded = lru_cache(maxsize=65536)(normalize)


# Speakers so far that a reference ("the minister", a surname, a role) may go back to.
HISTORY_REACH = 100


def recent(history: list[Speaker]) -> Iterator[Speaker]:
    """The last HISTORY_REACH speakers, the most recent first (read in place, not copied:
    most look-backs stop at the first)."""
    return itertools.islice(reversed(history), HISTORY_REACH)


NOBODY = Speaker(None, name="")  # a subject is there, but it names no one we can tell


@dataclass
class Claim:
    cue: int  # first token of the cue
    cue_end: int  # token after the cue
    kind: str  # "verb" | "part" | "refuse" | "acc" | "post" | "noun" | "orphan" | "told"
    flags: str
    marker: str  # "quote" | "comp" | "colon" | "prep" | "obj" | "self"
    content: int  # first content token
    content_end: int = -1  # token after the content
    quote: int | None = None  # a direct quote: the index of the quote
    middle: tuple[int, int] = (0, 0)  # tokens between cue and content
    speaker: Speaker | None = None
    via: str | None = None
    via_id: str | None = None
    day: date | None = None
    closed: bool = False  # content end fixed by the content itself (quote)
    dropped: bool = False
    nested: bool = False  # said inside another speaker's clause


@dataclass
class State:
    last: Speaker | None = None  # the current speaker
    outlets: list[tuple[int, str, str | None]] = field(
        default_factory=list
    )  # (tok, name, actor id)
