"""Answer a question from the record: decide what answers it, or that nothing does.

The domain decides here; storage only fetches. `answer_question` reads the question, asks
the record (anything shaped like `RecordSource`) for candidates with cheap, planned lookups,
ranks them by how much of the question they cover, and returns an `Answer` that
`story.render` turns into chat text.

Search plan, for speed at 100k+ statements: topic words become groups of search keys
(a word and its concept-group alternatives); groups are ordered rarest first by their
document frequency; the record is asked for statements holding ALL groups, and the most
common group is dropped until something is found. Cost follows the rarest posting list,
not the table. Candidates are then scored by idf-weighted coverage of every group, and
nothing below `MIN_COVERAGE` is offered as an answer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from story.countdown import Countdown, countdown
from story.lexicon import concept_groups
from story.models import Actor, Deadline, Source, Stance, Statement
from story.names import ActorIndex
from story.normalize import normalize, search_keys, search_variants
from story.questions import Question, read_question

MIN_COVERAGE = 0.5  # share of the question's (idf-weighted) topic a statement must cover
MAX_ANSWERS = 5
_SEARCH_LIMIT = 40
_UNSEEN_WEIGHT = 0.6  # a word the record never uses counts, but less than a rare one it does



class RecordSource(Protocol):
    """What answering needs from storage (storage.Record provides it)."""

    def actor_index(self) -> ActorIndex: ...
    def stances(self) -> dict[str, Stance]: ...
    def sources(self) -> dict[str, Source]: ...
    def deadlines(self, story_id: str | None = None) -> list[Deadline]: ...
    def current_story_id(self, now: datetime | None = None) -> str | None: ...
    def statement_count(self) -> int: ...
    def statements_by(
        self, actor_ids: Iterable[str], *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[Statement]: ...
    def term_frequencies(self, keys: Iterable[str]) -> dict[str, int]: ...
    def search(
        self, groups: Sequence[Sequence[str]], *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[Statement]: ...
    def stance_history(
        self, actor_id: str, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, Statement]]: ...


def _earlier(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


class AsOf:
    """The record as it stood on `today`: statements dated later and deadline moves or
    outcomes decided later are not in it. Every answer reads the record through this, so a
    `--now` replay never knows the future; the filtering lives here and in the `until`
    arguments of storage's queries, nowhere else."""

    def __init__(self, record: RecordSource, now: datetime) -> None:
        self.record, self.now, self.today = record, now, now.date()

    def __getattr__(self, name: str):  # everything undated passes through
        return getattr(self.record, name)

    def deadlines(self, story_id: str | None = None) -> list[Deadline]:
        return [d.as_of(self.today) for d in self.record.deadlines(story_id)]

    def statements_by(
        self, actor_ids: Iterable[str], *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[Statement]:
        return self.record.statements_by(actor_ids, since=since, until=_earlier(until, self.today), limit=limit)

    def search(
        self, groups: Sequence[Sequence[str]], *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[Statement]:
        return self.record.search(groups, since=since, until=_earlier(until, self.today), limit=limit)

    def stance_history(
        self, actor_id: str, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, Statement]]:
        return self.record.stance_history(actor_id, story_id, until=_earlier(until, self.today))

    def current_positions(self, story_id: str | None = None) -> list[tuple[str, str, Statement]]:
        return self.record.current_positions(story_id, until=self.today)  # type: ignore[attr-defined]

    def current_story_id(self) -> str | None:
        """A chat's story when it chose none: the nearest deadline ahead, else the newest."""
        return self.record.current_story_id(self.now)


def as_of(record: RecordSource, now: datetime) -> AsOf:
    """The record as known at `now` (its calendar date in its own time zone)."""
    return AsOf(record.record if isinstance(record, AsOf) else record, now)


@dataclass
class Answer:
    """What the record says to a question. `statements` is empty when nothing answers it."""

    question: Question
    statements: list[Statement] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    countdowns: list[Countdown] = field(default_factory=list)
    stance: tuple[str, Statement] | None = None  # position questions: current stance and its statement
    more: int = 0  # further matches not listed
    note: str = ""  # why there is no answer: unknown_actor | no_statements | no_match | not_understood | off_topic

    @property
    def intent(self) -> str:
        return self.question.intent

    @property
    def days_left(self) -> int | None:
        return self.countdowns[0].days_left if self.countdowns else None


@dataclass(frozen=True)
class _Group:
    word: str
    keys: tuple[str, ...]
    df: int
    weight: float


def _keys_for(word: str) -> tuple[str, ...]:
    """The search keys a topic word may appear as: its own and its concept group's."""
    keys = set(search_variants(word))
    for key in list(keys):
        keys |= concept_groups().get(key, frozenset())
    return tuple(sorted(keys))


def _groups(terms: Sequence[str], record: RecordSource) -> list[_Group]:
    per_word = [(t, _keys_for(t)) for t in terms]
    per_word = [(t, k) for t, k in per_word if k and k[0]]
    frequencies = record.term_frequencies({k for _, keys in per_word for k in keys})
    total = max(record.statement_count(), 1)
    groups = []
    for word, keys in per_word:
        df = min(sum(frequencies.get(k, 0) for k in keys), total)
        weight = math.log(1 + total / (df + 1))
        if df == 0:
            weight *= _UNSEEN_WEIGHT
        groups.append(_Group(word, keys, df, weight))
    # One group per distinct key set: "withdraw" and "withdrawal" are one topic.
    unique: dict[tuple[str, ...], _Group] = {}
    for g in groups:
        unique.setdefault(g.keys, g)
    return list(unique.values())


def _matches(group: _Group, doc_keys: set[str]) -> bool:
    return not doc_keys.isdisjoint(group.keys)


def coverage(groups: Sequence[_Group], statement: Statement, speaker_words: frozenset[str] = frozenset()) -> float:
    """Idf-weighted share of the question's topic groups that a statement holds.

    `speaker_words` are question words that name this statement's speaker: "who said the
    Pentagon would honour the date" is answered by the Pentagon's words, which do not name it.
    """
    total = sum(g.weight for g in groups)
    if not total:
        return 0.0
    doc_keys = set(search_keys(statement.text_ar)) | set(search_keys(statement.text_en))
    if statement.context_en or statement.context_ar:
        doc_keys |= set(search_keys(statement.context_en)) | set(search_keys(statement.context_ar))
    return sum(g.weight for g in groups if g.word in speaker_words or _matches(g, doc_keys)) / total


def _retrieve(groups: list[_Group], record: RecordSource, since: date | None, until: date | None) -> list[Statement]:
    """Statements holding as many of the rarest groups as possible (AND, dropping common ones)."""
    present = sorted((g for g in groups if g.df > 0), key=lambda g: g.df)
    if not present:
        return []
    total = sum(g.weight for g in groups)
    found: dict[str, Statement] = {}
    used = list(present)
    while used:
        for s in record.search([g.keys for g in used], since=since, until=until, limit=_SEARCH_LIMIT):
            found.setdefault(s.id, s)
        if found or sum(g.weight for g in used[:-1]) < MIN_COVERAGE * total:
            break
        used = used[:-1]
    # The rarest group may be a stray word: also try without it, once.
    if len(present) >= 3:
        rest = present[1:]
        if sum(g.weight for g in rest) >= MIN_COVERAGE * total:
            for s in record.search([g.keys for g in rest], since=since, until=until, limit=_SEARCH_LIMIT):
                found.setdefault(s.id, s)
    return list(found.values())


def _rank(
    statements: Iterable[Statement],
    groups: Sequence[_Group],
    story_id: str | None,
    actors: dict[str, Actor],
    speaker_words: dict[str, frozenset[str]] | None = None,
) -> list[tuple[float, Statement]]:
    """Best first: coverage, then the chat's story, then a principal's own words over an
    outlet's report of them, then direct quotes, then the newest."""
    def outlet(s: Statement) -> bool:
        actor = actors.get(s.actor_id)
        return actor is not None and actor.kind == "outlet"

    named = speaker_words or {}
    scored = [(coverage(groups, s, named.get(s.actor_id, frozenset())), s) for s in statements]
    scored.sort(
        key=lambda cs: (round(cs[0], 3), cs[1].story_id == story_id, not outlet(cs[1]), cs[1].kind == "direct", cs[1].date),
        reverse=True,
    )
    return scored


def answer_question(
    text: str,
    record: RecordSource,
    now: datetime,
    *,
    default_lang: str = "en",
    story_id: str | None = None,
) -> Answer:
    """Answer one chat question at time `now` (aware)."""
    record = as_of(record, now)
    index = record.actor_index()
    question = read_question(text, index, now, default_lang)
    story_id = story_id or record.current_story_id()
    answer = Answer(question=question, actors=index.actors)
    handler = {
        "countdown": _answer_countdown,
        "who_said": _answer_who_said,
        "what_said": _answer_what_said,
        "position": _answer_position,
        "profile": _answer_profile,
    }.get(question.intent, _answer_unknown)
    handler(answer, record, now, story_id)
    return answer


def countdowns_for(record: RecordSource, now: datetime, story_id: str | None) -> list[Countdown]:
    """Every deadline of the story (main first) as known at `now`, counted down from it."""
    record = as_of(record, now)
    deadlines = record.deadlines(story_id) or record.deadlines()
    return [countdown(d, now) for d in deadlines]


def _answer_countdown(answer: Answer, record: RecordSource, now: datetime, story_id: str | None) -> None:
    answer.countdowns = countdowns_for(record, now, story_id)
    if not answer.countdowns:
        answer.note = "no_deadline"


def _with_year_as_topic(answer: Answer, terms: list[str]) -> list[str]:
    """A bare year may be content ("expelled them in 2011"), not a window: use it as a word."""
    years = [w for w in answer.question.time_words if w.isdigit()]
    return terms + years


def _answer_who_said(answer: Answer, record: RecordSource, now: datetime, story_id: str | None) -> None:
    q = answer.question
    if not q.terms:
        answer.note = "not_understood"
        return
    groups = _groups(q.terms, record)
    # Statements by an actor the question names: the words naming it count as matched.
    speaker_words = _speaker_words(q, record)
    candidates = _retrieve(groups, record, q.since, q.until)
    named_ids = [a for a in speaker_words if a in q.mentioned_ids]
    if named_ids:
        candidates += record.statements_by(named_ids, since=q.since, until=q.until)
    if not candidates and q.since and any(w.isdigit() for w in q.time_words):
        groups = _groups(_with_year_as_topic(answer, q.terms), record)
        candidates = _retrieve(groups, record, None, None)
    ranked = [(c, s) for c, s in _rank(candidates, groups, story_id, answer.actors, speaker_words) if c >= MIN_COVERAGE]
    if not ranked:
        answer.note = "no_match"
        return
    best = ranked[0][0]
    close = [s for c, s in ranked if c >= best - 0.2]
    answer.statements = close[:MAX_ANSWERS]
    answer.more = max(len(close) - MAX_ANSWERS, 0)


def _speaker_words(q: Question, record: RecordSource) -> dict[str, frozenset[str]]:
    """actor id → the question's words naming it (or the body it belongs to)."""
    out: dict[str, frozenset[str]] = {}
    for actor_id, found in q.mention_words.items():
        for member in [actor_id, *_affiliates([actor_id], record)]:
            out[member] = out.get(member, frozenset()) | frozenset(found)
    return out


def _affiliates(actor_ids: list[str], record: RecordSource) -> list[str]:
    """Actors that belong to these ones, at any depth (a ministry's spokespeople, a
    government's command and its spokesman)."""
    actors = list(record.actor_index().actors.values())
    found: list[str] = []
    parents = set(actor_ids)
    while parents:
        children = [a.id for a in actors if a.affiliation in parents and a.id not in actor_ids and a.id not in found]
        found += children
        parents = set(children)
    return found


def _own_then_affiliates(actor_ids: list[str], record: RecordSource, q: Question) -> tuple[list[Statement], list[Statement]]:
    own = record.statements_by(actor_ids, since=q.since, until=q.until)
    affiliates = _affiliates(actor_ids, record)
    theirs = record.statements_by(affiliates, since=q.since, until=q.until) if affiliates else []
    return own, theirs


def _answer_what_said(answer: Answer, record: RecordSource, now: datetime, story_id: str | None) -> None:
    q = answer.question
    if not q.actor_ids:
        answer.note = "unknown_actor" if q.unknown_name else "not_understood"
        if q.terms or q.unknown_name:
            # "what did the resistance say about Afghanistan": no actor is called that, but
            # the words may still say whose statements are meant. A real unknown name
            # (Macron) finds nothing and the answer stays "no such speaker".
            slot = [w for w in (q.unknown_name or "").lower().split() if w]
            original = q.terms
            q.terms = list(dict.fromkeys([*q.terms, *(normalize(w) for w in slot)]))
            _answer_who_said(answer, record, now, story_id)
            q.terms = original
            if answer.statements:
                answer.note = ""
            elif q.unknown_name:
                answer.note = "unknown_actor"
        return
    own, theirs = _own_then_affiliates(q.actor_ids, record, q)
    if not own and not theirs:
        answer.note = "no_statements"
        return
    if q.terms:
        groups = _groups(q.terms, record)
        ranked = _rank(own, groups, story_id, answer.actors) + _rank(theirs, groups, story_id, answer.actors)
        on_topic = [s for c, s in ranked if c > 0]
        if not on_topic:
            answer.note = "off_topic"
            answer.statements = []
            answer.more = len(own) + len(theirs)
            return
        best = max(c for c, _ in ranked)
        ordered = [s for c, s in sorted(ranked, key=lambda cs: -cs[0]) if c >= best * 0.5]
    else:
        ordered = own + theirs  # newest first, the actor's own words before its staff's
    answer.statements = ordered[:MAX_ANSWERS]
    answer.more = max(len(ordered) - MAX_ANSWERS, 0)


def _answer_position(answer: Answer, record: RecordSource, now: datetime, story_id: str | None) -> None:
    q = answer.question
    if not q.actor_ids:
        answer.note = "unknown_actor" if q.unknown_name else "not_understood"
        return
    actor_id = q.actor_ids[0]
    history = record.stance_history(actor_id, story_id) or record.stance_history(actor_id)
    if not history:
        # A group that speaks through its spokesman: its position is theirs.
        for member in _affiliates([actor_id], record):
            history += record.stance_history(member, story_id)
        history.sort(key=lambda pair: pair[1].date, reverse=True)
    if history:
        answer.stance = history[0]
    statements = [s for _, s in history] or record.statements_by([actor_id], since=q.since, until=q.until)
    if not statements:
        answer.note = "no_statements"
        return
    if q.terms:
        groups = _groups(q.terms, record)
        ranked = _rank(statements, groups, story_id, answer.actors)
        if ranked and ranked[0][0] > 0:
            statements = [ranked[0][1]] + [s for s in statements if s.id != ranked[0][1].id]
    answer.statements = statements[:3]


def _answer_profile(answer: Answer, record: RecordSource, now: datetime, story_id: str | None) -> None:
    q = answer.question
    actor_id = q.actor_ids[0]
    history = record.stance_history(actor_id, story_id) or record.stance_history(actor_id)
    if history:
        answer.stance = history[0]
    statements = record.statements_by([actor_id], limit=MAX_ANSWERS + 1)
    answer.statements = statements[:MAX_ANSWERS]
    answer.more = max(len(statements) - MAX_ANSWERS, 0)
    if not statements:
        answer.note = "no_statements"


def answer_profile(actor_id: str, record: RecordSource, now: datetime, *, lang: str, story_id: str | None = None) -> Answer:
    """An actor's profile: current position and latest statements (/actor), as of `now`."""
    record = as_of(record, now)
    index = record.actor_index()
    question = Question(text="", lang=lang, intent="profile", actor_ids=[actor_id], mentioned_ids=[actor_id])
    answer = Answer(question=question, actors=index.actors)
    _answer_profile(answer, record, now, story_id or record.current_story_id())
    return answer


def _answer_unknown(answer: Answer, record: RecordSource, now: datetime, story_id: str | None) -> None:
    q = answer.question
    if q.terms:
        # No question form, but topic words: show who said things about them.
        _answer_who_said(answer, record, now, story_id)
    else:
        answer.note = "not_understood"
