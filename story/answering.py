"""Answer a question from the record: decide what answers it, or that nothing does.

The domain decides here; storage only fetches. `answer_question` reads the question, asks
the record (anything shaped like `RecordSource`) for candidates with cheap, planned lookups,
ranks them by how much of the question they cover, and returns an `Answer` that
`story.render` turns into chat text.

Search plan, for speed at 100k+ statements: topic words become groups of search keys
(a word and its concept-group alternatives); groups are ordered rarest first by their
document frequency; the record is asked only for the rarest group's statements, as (id,
stored keys) rows, and the other groups are checked on those keys: the statements holding
the longest run of rarest groups are kept, the most common dropped until something is
found. Cost follows the rarest posting list, not the table, however long the question.
Candidates are then scored by idf-weighted coverage of every group (ties: a BM25-like term
weight), and nothing below `MIN_COVERAGE` is offered as an answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Protocol

from story.as_of import as_of
from story.countdown import Countdown, countdown
from story.lexicon import concept_groups, is_stopword
from story.models import Actor, Deadline, Source, Stance, Statement
from story.names import ActorIndex
from story.normalize import (
    arabic_inflections,
    is_arabic,
    normalize,
    pattern_free,
    search_keys,
    search_variants,
)
from story.questions import Question, read_question
from story.stance import declines_to_comment, refusal_ends, refusal_words

MIN_COVERAGE = 0.5  # share of the question's (idf-weighted) topic a statement must cover
# Meaning (cosine of sentence vectors, story.embedding), used with the words:
SIM_ALONE = 0.5  # close enough in meaning to answer with no shared word (the other language)
SIM_WITH_WORDS = 0.3  # words covered, but a meaning this far off is not the answer
SIM_PARAPHRASE = 0.5  # half the words and this close in meaning: the same claim reworded …
SIM_RIVAL = 0.05  # … unless another speaker's statement is as close (then no one is named)
SAME_LANG_COVERAGE = 0.75  # words a statement in the question's language must cover
WORDS_SUFFICE = 0.9  # a statement in the question's language covering this much needs no vector
SIM_TOPIC = 0.35  # a named speaker's statement this close in meaning is on the asked topic
# A question's vector is closer to texts in its own language than to the same words in the
# other: measured on the seed pack (a run of 4-8 words of a bilingual statement against its
# text in each language; median gap, English 0.035, Arabic 0.138). A statement only in the
# other language has this added when rivals are weighed (`_contested`), so that it meets the
# same-language ones on equal terms; the bar to answer at all (SIM_ALONE) stays on the raw
# cosine (the Arabic gap is inflated by shared words: added there, it answered wrongly).
CROSS_LANGUAGE_GAP = {"en": 0.035, "ar": 0.138}
_ROOT_WEIGHT = 0.5  # a topic word met only in another form counts half
_NEAREST = 8  # statements the vector pass adds to the full-text hits
MAX_ANSWERS = 5
_SEARCH_LIMIT = 40
_UNSEEN_WEIGHT = 0.6  # a word the record never uses counts, but less than a rare one it does
_SMALL_GROUP = 1000  # a rarest group holding at most this many statements is read whole
_SCAN_LIMIT = 80  # of a larger one, the newest this many are read
_FETCH = 16  # whole statements fetched for the best-scored candidates
_TOPIC_CHARS = 400  # of a question's topic words, what its vector is made of (see _topic_text)
_TF_K1, _TF_B, _TF_AVG_KEYS = 1.2, 0.75, 32.0  # BM25 term-frequency saturation and length norm
_CLOSE = 0.2  # answers listed: those within this coverage of the best
_ALT_WEIGHT = 0.3  # a concept-group alternative's share of an occurrence of the word itself


class RecordSource(Protocol):
    """What answering needs from storage (storage.Record provides it)."""

    def actor_index(self) -> ActorIndex: ...
    def stances(self) -> dict[str, Stance]: ...
    def sources(self) -> dict[str, Source]: ...
    def deadlines(self, story_id: str | None = None) -> list[Deadline]: ...
    def current_story_id(self, now: datetime | None = None) -> str | None: ...
    def statement_count(self) -> int: ...
    def statements_by(
        self,
        actor_ids: Iterable[str],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[Statement]: ...
    def term_frequencies(self, keys: Iterable[str]) -> dict[str, int]: ...
    def search(
        self,
        groups: Sequence[Sequence[str]],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[Statement]: ...
    def search_keys(
        self,
        groups: Sequence[Sequence[str]],
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
    ) -> list[tuple[str, str]]: ...
    def statements_with_ids(self, ids: Sequence[str]) -> list[Statement]: ...
    def stance_history(
        self, actor_id: str, story_id: str | None = None, *, until: date | None = None
    ) -> list[tuple[str, Statement]]: ...
    def embed_question(self, text: str) -> object | None: ...
    def nearest(
        self,
        vector: object,
        *,
        limit: int = 10,
        since: date | None = None,
        until: date | None = None,
    ) -> list[tuple[Statement, float]]: ...
    def similarities(self, vector: object, statement_ids: Iterable[str]) -> dict[str, float]: ...


@dataclass
class Answer:
    """What the record says to a question. `statements` is empty when nothing answers it."""

    question: Question
    statements: list[Statement] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    countdowns: list[Countdown] = field(default_factory=list)
    stance: tuple[str, Statement] | None = (
        None  # position questions: current stance and its statement
    )
    more: int = 0  # further matches not listed
    rest: list[Statement] = field(default_factory=list)  # those further matches, in order
    # why there is no answer: unknown_actor | no_statements | no_match | not_understood | off_topic
    note: str = ""
    # (none_in_period: nothing in the asked time; `statements` then holds the latest instead)

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
    weight: float  # coverage weight of the group (its idf, summed over its keys' frequencies)
    idfs: tuple[float, ...]  # each key's own BM25 idf (0: no statement holds it), term weight
    own: frozenset[str]  # the keys of the question's own words (the rest are alternatives)


def _keys_for(word: str) -> tuple[str, ...]:
    """The search keys a topic word may appear as: its own, its other inflections (Arabic)
    and its concept group's."""
    keys = set(search_variants(word))
    for key in list(keys):
        keys |= set(arabic_inflections(key))
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
        idfs = tuple(_bm25_idf(frequencies[k], total) if frequencies.get(k) else 0.0 for k in keys)
        groups.append(_Group(word, keys, df, weight, idfs, frozenset(search_variants(word))))
    # One group per distinct key set: "withdraw" and "withdrawal" are one topic.
    unique: dict[tuple[str, ...], _Group] = {}
    for g in groups:
        first = unique.setdefault(g.keys, g)
        if first is not g:  # both words are the question's own, neither an alternative
            unique[g.keys] = replace(first, own=first.own | g.own)
    return list(unique.values())


@lru_cache(maxsize=20_000)
def _split_keys(text: str) -> tuple[str, ...]:
    """Stored search keys, split once: the same statements come back question after question
    (the newest holding common words above all), and their key strings keep their hashes.
    Keyed by the text itself, so an edited statement can never meet its old keys."""
    return tuple(text.split())


def _bm25_idf(df: int, total: int) -> float:
    """BM25's inverse document frequency: near 0 for a key nearly every statement holds, which
    says almost nothing about which statement was meant, however often a text repeats it."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def _doc_keys(statement: Statement) -> list[str]:
    """A statement's search keys: the stored ones when storage gave them, else folded here."""
    if statement.keys:
        keys = list(_split_keys(statement.keys))
    else:
        keys = search_keys(statement.text_ar) + search_keys(statement.text_en)
    if statement.context_en or statement.context_ar:
        keys += search_keys(statement.context_en) + search_keys(statement.context_ar)
    return keys


class _Scorer:
    """Scores texts against one question's groups: each text key is looked up once."""

    def __init__(self, groups: Sequence[_Group]):
        self.groups = list(groups)
        self.total = sum(g.weight for g in self.groups)
        # key → (group position, its share of an occurrence of the question's word; 0 for an
        # alternative in the other language, see `counts`)
        self.where: dict[str, list[tuple[int, float]]] = {}
        self.arabic: list[bool] = []  # whether each group's word is Arabic
        self.idf: list[float] = []  # each group's term weight: its word's own idf
        for i, g in enumerate(self.groups):
            arabic = is_arabic(g.word)
            for key in g.keys:
                # The question's own word is surer evidence than a concept-group alternative.
                if key in g.own:
                    share = 1.0
                elif is_arabic(key) == arabic:
                    share = _ALT_WEIGHT
                else:
                    share = 0.0
                self.where.setdefault(key, []).append((i, share))
            self.idf.append(_word_idf(g))
            self.arabic.append(arabic)
        self.keyset = frozenset(self.where)

    def counts(
        self, keys: Sequence[str], matched: Iterable[str] | None = None
    ) -> dict[int, float]:
        """group position → how often the text holds that group's word (its commonest key;
        an alternative's occurrences count less). `matched`: the text's keys that are the
        question's (`keyset.intersection(keys)`), when the caller has them already."""
        counts: dict[int, float] = {}
        written: dict[bool, bool] = {}  # script (Arabic?) → whether the text has words in it
        where = self.where
        for key in self.keyset.intersection(keys) if matched is None else matched:
            n = keys.count(key)
            for i, share in where[key]:
                if not share:
                    # An alternative in the other language: the translation every bilingual
                    # statement carries, no sign of which one was quoted, unless the text has
                    # no words in the question's language.
                    arabic = self.arabic[i]
                    if arabic not in written:
                        written[arabic] = _written_in(keys, arabic)
                    if written[arabic]:
                        continue
                    share = _ALT_WEIGHT
                # The group's strongest evidence: an Arabic word's two keys (with and without
                # its clitic) are one occurrence, not two.
                value = n * share
                if value > counts.get(i, 0.0):
                    counts[i] = value
        return counts

    def score(
        self, counts: dict[int, float], n_keys: int, speaker_words: frozenset[str] = frozenset()
    ) -> tuple[float, float]:
        """(coverage, term weight): the idf-weighted share of the groups a text holds, and
        BM25 over the groups (each at its word's own idf, saturated by how often the text
        holds it, normalised by the text's length): the tie-break among texts covering the
        same groups, so that the rarer words and the denser text win."""
        if not self.total:
            return 0.0, 0.0
        covered = sum(
            g.weight for i, g in enumerate(self.groups) if i in counts or g.word in speaker_words
        )
        return covered / self.total, self._weight(counts, n_keys) / self.total

    def _weight(self, counts: dict[int, float], n_keys: int) -> float:
        norm = _TF_K1 * (1 - _TF_B + _TF_B * n_keys / _TF_AVG_KEYS)
        idf = self.idf
        return sum(idf[i] * n * (_TF_K1 + 1) / (n + norm) for i, n in counts.items())

    def term_weight(self, keys: Sequence[str], matched: Iterable[str]) -> float:
        """`score`'s term weight alone (the tie-break), from the keys of the question a text
        holds (`matched`, as `counts` takes them): coverage is known to the caller."""
        if not self.total:
            return 0.0
        return self._weight(self.counts(keys, matched), len(keys)) / self.total


    def own_cover(self, keys: Sequence[str], speaker_words: frozenset[str] = frozenset()) -> float:
        """The idf-weighted share of the groups a text holds in the question's own words (or
        names by its speaker), not only in a concept-group alternative: "Baghdad" asked,
        "government" is a looser match than "Baghdad" itself."""
        if not self.total:
            return 0.0
        held = {
            i
            for key in self.keyset.intersection(keys)
            for i, share in self.where[key]
            if share == 1
        }
        held |= {i for i, g in enumerate(self.groups) if g.word in speaker_words}
        return sum(self.groups[i].weight for i in held) / self.total


def _written_in(keys: Sequence[str], arabic: bool) -> bool:
    """Whether a text's keys hold any Arabic word (or, `arabic` false, any Latin one). Stored
    keys put the Arabic text first and the English last, so the answer is usually at hand."""
    if arabic:
        return keys[0] >= "\u0600" or any(k >= "\u0600" for k in keys)
    return "a" <= keys[-1][:1] <= "z" or any("a" <= k[:1] <= "z" for k in keys)


def _word_idf(group: _Group) -> float:
    """A group's term weight: the BM25 idf of the question's own word (its commonest stored
    form), not of the whole concept group, which a few common alternatives make universal.
    A word the record never uses is known by its alternatives: the commonest of them."""
    idf_of = {key: idf for key, idf in zip(group.keys, group.idfs, strict=True) if idf}
    own = [idf for key, idf in idf_of.items() if key in group.own]
    return min(own or idf_of.values() or [0.0])


def _score(
    groups: Sequence[_Group], keys: list[str], speaker_words: frozenset[str] = frozenset()
) -> tuple[float, float]:
    scorer = _Scorer(groups)
    return scorer.score(scorer.counts(keys), len(keys), speaker_words)


def coverage(
    groups: Sequence[_Group], statement: Statement, speaker_words: frozenset[str] = frozenset()
) -> float:
    """Idf-weighted share of the question's topic groups that a statement holds.

    `speaker_words` are question words that name this statement's speaker: "who said the
    Pentagon would honour the date" is answered by the Pentagon's words, which do not name it.
    """
    return _score(groups, _doc_keys(statement), speaker_words)[0]


def _light(
    used: list[_Group], record: RecordSource, since: date | None, until: date | None
) -> list[tuple[str, str]]:
    """(id, keys) of the statements that may hold the longest run of `used`'s rarest groups
    (sorted rarest first): every statement holding the first k of them, for the largest k
    that any statement does among the leading groups of at most `_SMALL_GROUP` statements.

    The rarest group is fetched (with the other small ones) and the rest are checked on the
    stored keys: an AND of several OR'd common groups costs FTS5 far more than the rarest
    posting list, however few rows it matches, while an AND of small groups costs little.
    Which k is found by probes of one row (binary search: holding k groups implies holding
    fewer), so a group of 600 statements at 1M is not read whole when a few of them hold the
    next rare word too. When even the rarest group is larger (only common words in the
    question), the newest `_SCAN_LIMIT` statements holding the two rarest groups are read,
    else the newest holding the rarest alone.
    """
    if used[0].df > _SMALL_GROUP:
        if len(used) > 1:
            # Only common words: the newest statements holding the two rarest groups, rather
            # than the newest holding the rarest alone, most of which lack the rest of the words.
            both = record.search_keys(
                [used[0].keys, used[1].keys], since=since, until=until, limit=_SCAN_LIMIT
            )
            if both:
                return both
        return record.search_keys([used[0].keys], since=since, until=until, limit=_SCAN_LIMIT)
    small = 1
    while small < len(used) and used[small].df <= _SMALL_GROUP:
        small += 1
    low, high = 1, small  # the first `low` groups are taken as held together (else: [] below)
    while low < high:
        k = (low + high + 1) // 2
        probe = [g.keys for g in used[:k]]
        if record.search_keys(probe, since=since, until=until, limit=1):
            low = k
        else:
            high = k - 1
    groups = [g.keys for g in used[:low]]
    return record.search_keys(groups, since=since, until=until, limit=_SMALL_GROUP)


# (id, stored keys, the groups it holds as bits, the question's keys among its keys)
_Row = tuple[str, tuple[str, ...], int, frozenset[str]]


def _holding(rows: list[_Row], used: list[int], total: float, scorer: _Scorer) -> list[_Row]:
    """The rows holding the longest run of the rarest groups (positions `used`) that any row
    holds — the most common dropped first, never below `MIN_COVERAGE` — newest first."""
    runs = []
    for row in rows:
        run = 0
        mask = row[2]
        while run < len(used) and mask >> used[run] & 1:
            run += 1
        runs.append(run)
    longest = max(runs, default=0)
    weight = 0.0
    prefix = [0.0]  # weight of used[:k]
    for i in used:
        weight += scorer.groups[i].weight
        prefix.append(weight)
    for k in range(len(used), 0, -1):
        if longest >= k:
            return [row for row, run in zip(rows, runs, strict=True) if run >= k]
        if prefix[k - 1] < MIN_COVERAGE * total:
            return []
    return []


def match_score(cover: float, sim: float | None, same_language: bool = True) -> float:
    """How well a statement answers a who-said question, from its word coverage and its
    meaning (cosine of sentence vectors). Returns a score; MIN_COVERAGE and up answers.

    Without a vector: coverage alone. With one, in the question's language the words must
    carry it: nearly all of them (SAME_LANG_COVERAGE) at a meaning not far off
    (SIM_WITH_WORDS), or half of them for a paraphrase (SIM_PARAPHRASE, and see
    `_contested`); words that cover the topic but claim something else are not the answer.
    A statement only in the other language shares few words: there meaning alone answers,
    from SIM_ALONE up.
    """
    if sim is None:
        return cover
    if cover >= SAME_LANG_COVERAGE and sim >= SIM_WITH_WORDS:
        return cover
    if cover >= MIN_COVERAGE and sim >= SIM_PARAPHRASE:
        return max(cover, sim)
    if not same_language and sim >= SIM_ALONE:
        return MIN_COVERAGE + (1 - MIN_COVERAGE) * (sim - SIM_ALONE) / (1 - SIM_ALONE)
    return min(cover, MIN_COVERAGE - 0.01)


def _retrieve(
    groups: list[_Group],
    record: RecordSource,
    since: date | None,
    until: date | None,
    scorer: _Scorer | None = None,
) -> list[Statement]:
    """Statements holding as many of the rarest groups as possible, best-scored first.

    Per row only what choosing needs is computed: the groups it holds, as the bits of one
    int (one OR per matched key), and its coverage once per distinct set of groups; the term
    weight (the tie-break) only for rows whose coverage can still reach the best `_FETCH`.
    """
    present = sorted((g for g in groups if g.df > 0), key=lambda g: g.df)
    if not present:
        return []
    scorer = scorer or _Scorer(groups)
    total = scorer.total
    position = {g: i for i, g in enumerate(scorer.groups)}
    bits: dict[str, int] = {}
    for key, places in scorer.where.items():
        for i, _ in places:
            bits[key] = bits.get(key, 0) | 1 << i
    keyset = scorer.keyset
    covers: dict[int, float] = {}

    def cover(mask: int) -> float:
        """The idf-weighted share of the groups in `mask` (summed in group order, as
        `_Scorer.score` does)."""
        if mask not in covers:
            held = sum(g.weight for i, g in enumerate(scorer.groups) if mask >> i & 1)
            covers[mask] = held / total
        return covers[mask]

    seen: dict[str, _Row] = {}

    def rows_for(used: list[_Group]) -> list[_Row]:
        rows = []
        for ident, text in _light(used, record, since, until):
            row = seen.get(ident)
            if row is None:
                keys = _split_keys(text)
                matched = keyset.intersection(keys)
                mask = 0
                for key in matched:
                    mask |= bits[key]
                row = seen[ident] = (ident, keys, mask, matched)
            rows.append(row)
        return _holding(rows, [position[g] for g in used], total, scorer)

    found = {row[0]: row for row in rows_for(present)}
    best = max((cover(row[2]) for row in found.values()), default=0.0)
    # The rarest group may be a stray word: also try without it, once — unless nothing
    # without it could come within `_CLOSE` of the best found. (When its group was too
    # large to read whole, that second pass also turned up older rows holding every group:
    # more of the same sample of the newest. Skipping it there: in-process A/B at 100k,
    # mean CPU 0.96 -> 0.87 of main's; 1 of 700 bench answers changed, no source-first.)
    if len(present) >= 3:
        rest = present[1:]
        reach = sum(g.weight for g in rest)
        hopeless = reach / total < best - _CLOSE - 1e-9
        if reach >= MIN_COVERAGE * total and not hopeless:
            for row in rows_for(rest):
                found.setdefault(row[0], row)
    rows = list(found.values())
    kept = _best_rows(rows, [round(cover(row[2]), 3) for row in rows], scorer)
    return record.statements_with_ids([ident for ident in found if ident in kept])  # newest first


def _best_rows(rows: list[_Row], rounded: list[float], scorer: _Scorer) -> set[str]:
    """The ids of the `_FETCH` best rows by (coverage, term weight), ties to the earlier row.

    Every row above the `_FETCH`th best coverage (the bar) is kept whatever its weight, and
    rows below it never are: only the rows at the bar compete for the places left, so only
    they are weighed, and only when there are more of them than places."""
    if len(rows) <= _FETCH:
        return {row[0] for row in rows}
    bar = sorted(rounded, reverse=True)[_FETCH - 1]
    kept = {row[0] for row, covered in zip(rows, rounded, strict=True) if covered > bar}
    at_bar = [row for row, covered in zip(rows, rounded, strict=True) if covered == bar]
    places = _FETCH - len(kept)
    if len(at_bar) > places:
        weights = [round(scorer.term_weight(row[1], row[3]), 3) for row in at_bar]
        order = sorted(range(len(at_bar)), key=lambda i: weights[i], reverse=True)
        at_bar = [at_bar[i] for i in order[:places]]
    return kept | {row[0] for row in at_bar}


def _rank(
    statements: Iterable[Statement],
    groups: Sequence[_Group],
    story_id: str | None,
    actors: dict[str, Actor],
    speaker_words: dict[str, frozenset[str]] | None = None,
    sims: dict[str, float] | None = None,
    lang: str = "",
    refusals_answer: bool = True,
    memo: dict[str, tuple[float, float, float]] | None = None,
    scorer: _Scorer | None = None,
) -> list[tuple[float, Statement]]:
    """Best first: coverage (or meaning, see `match_score`), then the chat's story, then the
    share held in the question's own words (`_Scorer.own_cover`), then a principal's own
    words over an outlet's report of them, then the term weight, direct quotes, the newest.

    Unless `refusals_answer`, a refusal to comment answers nothing on the topic it names
    ("declined to comment on the threats" does not say who threatened): it is left out.
    `memo` (statement id → its word scores) lets a second ranking of the same question,
    with meaning added, reuse what the first computed from the words; `scorer`, the
    question's `_Scorer(groups)` when the caller built it already (a long question's groups
    take a millisecond or more to index)."""

    def outlet(s: Statement) -> bool:
        actor = actors.get(s.actor_id)
        return actor is not None and actor.kind == "outlet"

    named = speaker_words or {}
    unique = list({s.id: s for s in statements}.values())
    scorer = scorer or _Scorer(groups)

    def words(s: Statement) -> tuple[float, float, float]:
        """(coverage, term weight, own-word share): what the words alone say."""
        keys = _doc_keys(s)
        speaker = named.get(s.actor_id, frozenset())
        cover, weight = scorer.score(scorer.counts(keys), len(keys), speaker)
        return cover, weight, scorer.own_cover(keys, speaker)

    def score(s: Statement) -> tuple[float, float, float]:
        held = memo.get(s.id) if memo is not None else None
        if held is None:
            held = words(s)
            if memo is not None:
                memo[s.id] = held
        cover, weight, own = held
        same_language = bool(s.text_ar if lang == "ar" else s.text_en) or not lang
        return match_score(cover, (sims or {}).get(s.id), same_language), weight, own

    scored = [(score(s), s) for s in unique]
    scored.sort(
        key=lambda cs: (
            round(cs[0][0], 3),
            cs[1].story_id == story_id,
            round(cs[0][2], 3),
            not outlet(cs[1]),
            round(cs[0][1], 3),
            cs[1].kind == "direct",
            cs[1].date,
        ),
        reverse=True,
    )
    ranked = [(score[0], s) for score, s in scored]
    return ranked if refusals_answer else _without_refusals(ranked)


def _without_refusals(ranked: list[tuple[float, Statement]]) -> list[tuple[float, Statement]]:
    """`ranked` less the refusals to comment among those that could be listed: the best that
    says something and those within `_CLOSE` of it. Only these are read (their texts folded
    once); the rest cannot be listed whatever they say."""
    kept: list[tuple[float, Statement]] = []
    for i, (c, s) in enumerate(ranked):
        if c < MIN_COVERAGE or (kept and round(c, 3) < round(kept[0][0], 3) - _CLOSE):
            return kept + ranked[i:]
        if not _refuses(s):
            kept.append((c, s))
    return kept


def _refuses(s: Statement) -> bool:
    """Whether a statement only declines to comment (in either of its languages)."""
    if s.keys and _refusal_end_keys().isdisjoint(_split_keys(s.keys)):
        return False  # no cue's last word: no cue (the texts need not be folded)
    return any(declines_to_comment(text) for text in (s.text_en, s.text_ar) if text)


@lru_cache(maxsize=1)
def _refusal_end_keys() -> frozenset[str]:
    return frozenset(k for w in refusal_ends() for k in search_variants(w))


@lru_cache(maxsize=1)
def _refusal_keys() -> frozenset[str]:
    return frozenset(k for w in refusal_words() for k in search_variants(w))


def _asks_about_refusal(q: Question) -> bool:
    """Whether the question is about commenting or refusing to ("who declined to comment?"):
    then a refusal is what it asks for."""
    keys = _refusal_keys()
    return any(k in keys for term in q.terms for k in search_variants(term))


def answer_question(
    text: str,
    record: RecordSource,
    now: datetime,
    *,
    default_lang: str = "en",
    story_id: str | None = None,
    replay: bool = False,
) -> Answer:
    """Answer one chat question at time `now` (aware); a `replay` knows nothing said later."""
    record = as_of(record, now, replay=replay)
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


def countdowns_for(
    record: RecordSource, now: datetime, story_id: str | None, terms: Sequence[str] = ()
) -> list[Countdown]:
    """Every deadline of the story (main first) as known at `now`, counted down from it;
    the deadlines the question's `terms` name come first, whichever story holds them."""
    record = as_of(record, now)
    deadlines = record.deadlines(story_id) or record.deadlines()
    named = deadlines_named(terms, record.deadlines()) if terms else []
    held = {d.id for d in named}
    return [countdown(d, now) for d in [*named, *(d for d in deadlines if d.id not in held)]]


def deadlines_named(terms: Sequence[str], deadlines: Sequence[Deadline]) -> list[Deadline]:
    """The deadlines whose titles a question's topic words name best ("countdown to the
    US combat withdrawal"), or none. A word counts by how few titles hold it (in either
    language, or a word of its concept group): one every title holds tells none apart."""
    if len(deadlines) < 2:
        return []
    titles = {d.id: set(search_keys(d.title_en) + search_keys(d.title_ar)) for d in deadlines}
    scores: dict[str, float] = {}
    for term in terms:
        keys = set(_keys_for(term))
        holders = [ident for ident, held in titles.items() if held & keys]
        for ident in holders if len(holders) < len(deadlines) else ():
            scores[ident] = scores.get(ident, 0.0) + math.log(len(deadlines) / len(holders))
    best = max(scores.values(), default=0.0)
    return [d for d in deadlines if best and scores.get(d.id) == best]


def _answer_countdown(
    answer: Answer, record: RecordSource, now: datetime, story_id: str | None
) -> None:
    answer.countdowns = countdowns_for(record, now, story_id, answer.question.terms)
    if not answer.countdowns:
        answer.note = "no_deadline"


def _answer_who_said(
    answer: Answer, record: RecordSource, now: datetime, story_id: str | None
) -> None:
    q = answer.question
    if not q.terms:
        answer.note = "not_understood"
        return
    ranked = _who_said_ranked(q, record, story_id, answer.actors)
    if not ranked and q.since and q.time_in_claim:
        # "who said the mission will end in September 2025": the time is the claim's, not
        # when it was said; asked again with its words as topic words, over the whole record.
        times = [w for w in q.time_words if not is_stopword(w)]
        unbounded = replace(q, terms=[*q.terms, *times], since=None, until=None)
        ranked = _who_said_ranked(unbounded, record, story_id, answer.actors)
        if ranked:
            answer.question = unbounded
    if not ranked:
        answer.note = "no_match"
        return
    best = ranked[0][0]
    close = [s for c, s in ranked if c >= best - _CLOSE]
    answer.statements = close[:MAX_ANSWERS]
    answer.more = max(len(close) - MAX_ANSWERS, 0)
    answer.rest = close[MAX_ANSWERS:]


def _who_said_ranked(
    q: Question, record: RecordSource, story_id: str | None, actors: dict[str, Actor]
) -> list[tuple[float, Statement]]:
    """The statements that answer a who-said question, best first (none that answer: [])."""
    groups = _groups(q.terms, record)
    # Statements by an actor the question names: the words naming it count as matched.
    speaker_words = _speaker_words(q, record)
    scorer = _Scorer(groups)  # one index of the groups for retrieval and both rankings
    candidates = _retrieve(groups, record, q.since, q.until, scorer)
    named_ids = [a for a in speaker_words if a in q.mentioned_ids]
    if named_ids:
        # A body named in the question speaks through its members too ("who said the factions
        # will …": their umbrella committee's own words), whose texts need not name it.
        named_ids += [a for a in speaker_words if a not in named_ids]
        candidates += record.statements_by(named_ids, since=q.since, until=q.until)
    refusals = _asks_about_refusal(q)
    memo: dict[str, tuple[float, float, float]] = {}  # word scores, for both rankings
    ranked = _rank(
        candidates, groups, story_id, actors, speaker_words, refusals_answer=refusals,
        memo=memo, scorer=scorer,
    )
    sims = None
    top = ranked[0] if ranked else None
    verbatim = top is not None and top[0] >= WORDS_SUFFICE and bool(_own_text(top[1], q.lang))
    if not verbatim:
        # Not a near-verbatim match in the question's language: meaning decides (one embedding).
        vector = record.embed_question(_topic_text(q))
        near = record.nearest(vector, limit=_NEAREST, since=q.since, until=q.until)
        candidates += [s for s, _ in near]
        if vector is not None:
            sims = record.similarities(vector, [s.id for s in candidates])
        if near or sims is not None:  # else nothing new to weigh: the ranking stands
            ranked = _rank(
                candidates, groups, story_id, actors, speaker_words, sims, q.lang,
                refusals_answer=refusals, memo=memo, scorer=scorer,
            )
    ranked = [(c, s) for c, s in ranked if c >= MIN_COVERAGE]
    # Who else is as close is judged across the language gap; the bar to answer is not moved.
    fair = _calibrated(sims, candidates, q.lang) if sims else None
    if ranked and fair and _contested(ranked[0][1], candidates, groups, speaker_words, fair):
        return []
    # A statement found both by its words and by its speaker: once, at its best place.
    first: dict[str, tuple[float, Statement]] = {}
    for c, s in ranked:
        first.setdefault(s.id, (c, s))
    return list(first.values())


def _calibrated(
    sims: dict[str, float], statements: Iterable[Statement], lang: str
) -> dict[str, float]:
    """Similarities with `CROSS_LANGUAGE_GAP` added for statements only in the other language."""
    gap = CROSS_LANGUAGE_GAP.get(lang, 0.0)
    out = dict(sims)
    for s in statements:
        if s.id in sims and not _own_text(s, lang):
            out[s.id] = sims[s.id] + gap
    return out


def _own_text(s: Statement, lang: str) -> str:
    """The statement's words in `lang` ("" when it has none there)."""
    return s.text_ar if lang == "ar" else s.text_en


def _contested(
    top: Statement,
    candidates: Sequence[Statement],
    groups: Sequence[_Group],
    speaker_words: dict[str, frozenset[str]],
    sims: dict[str, float],
) -> bool:
    """Whether a best answer that rests on part of the words and on meaning is contested: a
    statement of another speaker is as close in meaning, so the record does not say who."""
    cover = coverage(groups, top, speaker_words.get(top.actor_id, frozenset()))
    if cover >= SAME_LANG_COVERAGE or top.id not in sims:
        return False
    bar = sims[top.id] - SIM_RIVAL
    return any(s.actor_id != top.actor_id and sims.get(s.id, -1.0) >= bar for s in candidates)


def _topic_text(q: Question) -> str:
    """The question's topic words as written, for its vector: "who said" and the like carry
    no meaning a statement shares, and lower the similarity of the right one.

    At most `_TOPIC_CHARS` of them (cut at a word): the model's cost grows faster than the
    text (a 1,000-character question took 36-53 ms to embed, 400 characters 6 ms), and past
    a long statement's length the vector says no more; the words still rank every term."""
    terms = set(q.terms)
    words = [w for w in re.findall(r"[^\W_]+", q.text) if normalize(w) in terms]
    text = " ".join(words) if words else q.text
    if len(text) <= _TOPIC_CHARS:
        return text
    cut = text.rfind(" ", 0, _TOPIC_CHARS + 1)
    return text[: cut if cut > 0 else _TOPIC_CHARS]


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
    members = _members(record.actor_index())
    found: list[str] = []
    parents = list(dict.fromkeys(actor_ids))
    while parents:
        children = [
            c for p in parents for c in members.get(p, ()) if c not in actor_ids and c not in found
        ]
        children = list(dict.fromkeys(children))
        found += children
        parents = children
    return found


@lru_cache(maxsize=4)
def _members(index: ActorIndex) -> dict[str, tuple[str, ...]]:
    """actor id → the actors affiliated to it, in the record's order; built once per index."""
    members: dict[str, list[str]] = {}
    for actor in index.actors.values():
        if actor.affiliation:
            members.setdefault(actor.affiliation, []).append(actor.id)
    return {k: tuple(v) for k, v in members.items()}


def _own_then_affiliates(
    actor_ids: list[str], record: RecordSource, q: Question
) -> tuple[list[Statement], list[Statement]]:
    own = record.statements_by(actor_ids, since=q.since, until=q.until)
    affiliates = _affiliates(actor_ids, record)
    theirs = record.statements_by(affiliates, since=q.since, until=q.until) if affiliates else []
    return own, theirs


def _answer_what_said(
    answer: Answer, record: RecordSource, now: datetime, story_id: str | None
) -> None:
    q = answer.question
    if not q.actor_ids:
        answer.note = "unknown_actor" if q.unknown_name else "not_understood"
        if q.did_you_mean:
            return  # a typo of a known name: offered back, nobody else's words instead
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
        if q.since or q.until:  # nothing in that time: say so, and offer the latest instead
            latest = [
                s for s in record.statements_by(q.actor_ids[:1], limit=3) if s.date <= now.date()
            ]
            if latest:
                answer.note = "none_in_period"
                answer.statements = latest[:1]
        return
    if q.terms:
        groups = _groups(q.terms, record)
        ranked = _rank(own, groups, story_id, answer.actors) + _rank(
            theirs, groups, story_id, answer.actors
        )
        if not any(c > 0 for c, _ in ranked):
            # Another form of the topic's words (الوساطة / وسيط): the same consonants.
            ranked = [(_ROOT_WEIGHT * _pattern_coverage(groups, s), s) for _, s in ranked]
        vector = None if any(c > 0 for c, _ in ranked) else record.embed_question(_topic_text(q))
        if vector is not None:
            # No statement shares the topic's words; it may be asked in the other language:
            # meaning counts then (one embedding, only when the words found nothing).
            sims = record.similarities(vector, [s.id for _, s in ranked])
            ranked = [
                (max(c, sims.get(s.id, 0.0)) if sims.get(s.id, 0.0) >= SIM_TOPIC else c, s)
                for c, s in ranked
            ]
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
    answer.rest = ordered[MAX_ANSWERS:]


def _pattern_coverage(groups: Sequence[_Group], statement: Statement) -> float:
    """Idf-weighted share of the topic groups whose Arabic words a statement holds in some
    other form of the same consonants (see `normalize.pattern_free`)."""
    total = sum(g.weight for g in groups)
    if not total:
        return 0.0
    held = {pattern_free(k) for k in _doc_keys(statement)}
    covered = sum(g.weight for g in groups if any(pattern_free(k) in held for k in g.keys))
    return covered / total


def _answer_position(
    answer: Answer, record: RecordSource, now: datetime, story_id: str | None
) -> None:
    q = answer.question
    if not q.actor_ids:
        answer.note = "unknown_actor" if q.unknown_name else "not_understood"
        return
    actor_id = q.actor_ids[0]
    history = record.stance_history(actor_id, story_id) or record.stance_history(actor_id)
    groups = _groups(q.terms, record) if q.terms else []
    if not history:
        history = _members_position(actor_id, record, q, story_id, groups)
    if history:
        answer.stance = history[0]
    statements = [s for _, s in history] or record.statements_by(
        [actor_id], since=q.since, until=q.until
    )
    if not statements:
        answer.note = "no_statements"
        return
    if groups:
        ranked = _rank(statements, groups, story_id, answer.actors)
        if ranked and ranked[0][0] > 0:
            statements = [ranked[0][1]] + [s for s in statements if s.id != ranked[0][1].id]
    answer.statements = statements[:3]


def _members_position(
    actor_id: str,
    record: RecordSource,
    q: Question,
    story_id: str | None,
    groups: Sequence[_Group],
) -> list[tuple[str, Statement]]:
    """The stances of a body's members (a group speaking through its spokesman), when they
    stand for it: the body has said nothing itself, or only off the asked topic while a
    member spoke on it. A body's own words come before anything its members said."""
    history: list[tuple[str, Statement]] = []
    for member in _affiliates([actor_id], record):
        history += record.stance_history(member, story_id)
    history.sort(key=lambda pair: pair[1].said_order(), reverse=True)
    own = record.statements_by([actor_id], since=q.since, until=q.until) if history else []
    if not own:
        return history
    if not groups:
        return []

    def best(statements: Iterable[Statement]) -> float:
        return max((coverage(groups, s) for s in statements), default=0.0)

    return history if best(s for _, s in history) > best(own) else []


def _answer_profile(
    answer: Answer, record: RecordSource, now: datetime, story_id: str | None
) -> None:
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


def answer_profile(
    actor_id: str,
    record: RecordSource,
    now: datetime,
    *,
    lang: str,
    story_id: str | None = None,
    replay: bool = False,
) -> Answer:
    """An actor's profile: current position and latest statements (/actor), as of `now`."""
    record = as_of(record, now, replay=replay)
    index = record.actor_index()
    question = Question(
        text="", lang=lang, intent="profile", actor_ids=[actor_id], mentioned_ids=[actor_id]
    )
    answer = Answer(question=question, actors=index.actors)
    _answer_profile(answer, record, now, story_id or record.current_story_id())
    return answer


def _answer_unknown(
    answer: Answer, record: RecordSource, now: datetime, story_id: str | None
) -> None:
    q = answer.question
    if q.terms:
        # No question form, but topic words: show who said things about them.
        _answer_who_said(answer, record, now, story_id)
    else:
        answer.note = "not_understood"
