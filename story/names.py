"""Find actors in text by name, alias, transliteration, role or a small typo.

`ActorIndex` is built once from the record's actors and answers two questions: which
actors does a text mention, and where — `find_in_text` for published texts (exact names and
known spellings only), `find_in_question` for what users type (typos forgiven, and marked);
`resolve(name)` — which actor is this name. Matching works on name keys: normalised words
with Arabic clitics and the article removed, English possessives and the particles "al-",
"the" dropped, so that "al-Khafaji", "Khafaji", "الخفاجي" and "للخفاجي" meet. The longest
phrase wins, so the role "المتحدث باسم البنتاغون" (Kirby) beats the name "البنتاغون" (the
Pentagon) inside it.
Typos (questions only) fall back to rapidfuzz on single name words, with a high cut-off so
that an unknown name (ماكرون) does not turn into a known one.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from story.models import Actor
from story.normalize import is_arabic, normalize, strip_arabic_clitic, strip_arabic_prefix
from story.transliterate import skeleton

_TOKEN = re.compile(r"[^\W_]+")
# A word of the original text: letters plus the marks normalize() drops (diacritics, tatweel,
# zero-width and bidi controls), so offsets stay in the text as written.
_RAW_TOKEN = re.compile(
    "(?:[^\\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff])+"
)
# Particles that a name may carry or drop: "al-Khafaji" = "Khafaji", "the Pentagon" = "Pentagon".
_DROPPED = frozenset({"al", "el", "the", "ال", "mr", "ms", "mrs", "s"})  # "s": of "Pentagon's"
_FUZZY_MIN_LEN = 5
_SKELETON_MIN = 3  # consonants a name needs before its skeleton alone may find it
_SKELETON_SAME_SCRIPT = 5  # consonants for a respelling in the same script (نصرالله, Nasrullah)
_MISSING = object()  # not in a memo yet
_SKELETON_SPAN = 3  # words of a question joined to meet a name's skeleton (نصر الله = Nasrallah)
assert _SKELETON_SPAN == 3, "_by_skeleton_kept keys its memo on the word and the next two"
_ACTOR_FIELDS = tuple(f.name for f in fields(Actor))  # in Actor's own order, for to_bytes


def _max_typos(key: str) -> int:
    """Edits tolerated in a name word: one in five or six letters, two from seven on."""
    return 1 if len(key) < 7 else 2


def _joined(text: str, end: int, start: int) -> bool:
    """Whether two words are joined by a hyphen or spaces only ("al-Khafaji", "al Khafaji")."""
    return text[end:start].strip() in ("", "-", "‐", "–")


@lru_cache(maxsize=65536)
def _key_skeleton(key: str) -> str:
    """`skeleton` of one name key, kept: find_in asks it of every word up to three times, and
    the skeleton of joined words is theirs joined (a repeat across the joint dropped)."""
    return skeleton(key)


@lru_cache(maxsize=65536)  # asked of every mention, and a text names few names, often
def _ends_lower(matched: str) -> bool:
    """Does the last word of a matched name begin in lower case ("said", "austin")?"""
    last = _RAW_TOKEN.findall(matched)[-1:] or [matched]
    return last[0][:1].islower()


def _join_skeleton(key: str, part: str) -> str:
    """The skeleton of words joined: each word's is collapsed already, so only a repeat across
    the joint is dropped."""
    return key + part[1:] if key and part and part[0] == key[-1] else key + part


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """The matching key of one word of a name (normalised, clitics and possessive off)."""
    return _folded_name_key(normalize(word))


@lru_cache(maxsize=65536)
def _folded_name_key(word: str) -> str:
    """`name_key` of a word already normalised (normalize is idempotent: no second pass)."""
    if is_arabic(word):
        return strip_arabic_prefix(word)
    if word.endswith("'s"):
        word = word[:-2]
    return word.strip("'")


@lru_cache(maxsize=65536)
def name_keys(text: str) -> tuple[str, ...]:
    """The keys of a whole name, particles dropped: "the Pentagon's" → ("pentagon",)."""
    keys = (_folded_name_key(w) for w in _TOKEN.findall(normalize(text).replace("'s", "")))
    return tuple(k for k in keys if k and k not in _DROPPED)


@lru_cache(maxsize=1)
def keys_version() -> str:
    """Changes whenever the code deriving name keys may have: a digest of the modules it lives
    in (this one, story.models, story.normalize, story.transliterate) and of the Python whose
    marshal format `ActorIndex.to_bytes` writes, so there is no version number to bump."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{sys.version_info[:2]} {marshal.version}".encode())  # see to_bytes
    for module in (__name__, "story.models", "story.normalize", "story.transliterate"):
        digest.update(Path(sys.modules[module].__file__ or "").read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class TextWords:
    """What `ActorIndex.find_in_text` needs of the language around names, as name keys (the
    lexicons live with their readers; see story.extract.document)."""

    common: frozenset[str]  # ordinary words: a one-word name that is one needs context
    honorifics: frozenset[str]  # words before a name that make it one (Mr, Dr, الشيخ, السيد)


@dataclass(frozen=True)
class Mention:
    """An actor named in a text: which one, where (character offsets) and how."""

    actor_id: str
    start: int
    end: int
    matched: str
    how: str  # "name" | "role" | "fuzzy"


class ActorIndex:
    """Name, alias and role lookup over a set of actors."""

    def __init__(self, actors: Iterable[Actor]):
        self.actors: dict[str, Actor] = {}
        self._phrases: dict[tuple[str, ...], dict[str, str]] = {}
        self._longest = 1
        # first letter → length → word → (its place in the index, actor ids); see _fuzzy_words
        self._single_words: dict[str, dict[int, dict[str, tuple[int, set[str]]]]] | None = None
        self._skeletons: dict[str, dict[str, str]] = {}  # consonant key → actor id → script
        # Every leading part of a phrase and of a skeleton: a scan stops as soon as the words
        # read so far begin no name (most words of a text begin none).
        self._prefixes: set[tuple[str, ...]] = set()
        self._skeleton_prefixes: set[str] = {""}  # "": a word with no consonant (a number)
        self._fuzzy_memo: dict[str, set[str]] = {}  # typo'd word → actor ids (cleared by add)
        self._fuzzy_lists: dict[tuple[str, int], list[str]] = {}  # (letter, length) → words
        # word key → the keys a phrase may start with there (itself, without its clitic) that
        # begin some phrase; most words begin none, and a text repeats its words (cleared by add)
        self._starts_memo: dict[str, tuple[str, ...]] = {}
        # (word as written, keys of the words it may join, least, skip) → `_by_skeleton`
        # (cleared by add)
        self._skeleton_memo: dict[tuple, tuple[int, list[str]] | None] = {}
        self._idle_words: set[str] = set()  # keys find_in passes by (see there; cleared by add)
        for actor in actors:
            self.add(actor)

    def add(self, actor: Actor) -> None:
        self.actors[actor.id] = actor
        for phrase in self._names_of(actor):
            self._add_phrase(phrase, actor.id, "name")
            key = skeleton(phrase)
            if len(key) >= _SKELETON_MIN:
                self._skeletons.setdefault(key, {})[actor.id] = "ar" if is_arabic(phrase) else "en"
                self._skeleton_prefixes.update(key[:n] for n in range(1, len(key) + 1))
        for phrase in actor.roles:
            self._add_phrase(phrase, actor.id, "role")
        self._single_words = None
        self._fuzzy_memo = {}
        self._fuzzy_lists = {}
        self._starts_memo = {}
        self._skeleton_memo = {}
        self._idle_words = set()

    def to_bytes(self) -> bytes:
        """The built index, actors included, for `from_bytes` at the next start (marshal: the
        plain dicts, sets and tuples load in C, ~20x faster than adding 20,000 actors again).
        Valid only under the same `keys_version`."""
        actors = [tuple(getattr(a, f) for f in _ACTOR_FIELDS) for a in self.actors.values()]
        state = (self._phrases, self._prefixes, self._skeletons, self._skeleton_prefixes)
        return marshal.dumps((actors, *state, self._longest, self._fuzzy_words()))

    @classmethod
    def from_bytes(cls, data: bytes) -> ActorIndex:
        """The index `to_bytes` wrote, as it was built."""
        # Hundreds of thousands of new containers: the cyclic collector would walk them all
        # again and again while they are made (2-3x the load time); none of them is a cycle.
        collecting = gc.isenabled()
        gc.disable()
        try:
            state = marshal.loads(data)
            index = cls(())
            index.actors = {a[0]: Actor(*a) for a in state[0]}
        finally:
            if collecting:
                gc.enable()
        index._phrases, index._prefixes, index._skeletons, index._skeleton_prefixes = state[1:5]
        index._longest, index._single_words = state[5:]  # typo words too: ~0.7 s at 1M to redo
        return index

    @staticmethod
    def _names_of(actor: Actor) -> list[str]:
        names = [actor.name_en, actor.name_ar, *actor.aliases]
        # "US Department of Defense (Pentagon)": the part outside and inside brackets both name it.
        for name in list(names):
            inner = re.findall(r"\(([^)]+)\)", name)
            if inner:
                names.append(re.sub(r"\([^)]*\)", " ", name))
                names.extend(inner)
        return [n for n in dict.fromkeys(names) if n.strip()]

    def _add_phrase(self, phrase: str, actor_id: str, how: str) -> None:
        keys = name_keys(phrase)
        if not keys:
            return
        owners = self._phrases.setdefault(keys, {})
        self._prefixes.update(keys[:n] for n in range(1, len(keys) + 1))
        # A name outranks a role for the same words.
        if owners.get(actor_id) != "name":
            owners[actor_id] = how
        self._longest = max(self._longest, len(keys))

    def _fuzzy_words(self) -> dict[str, dict[int, dict[str, tuple[int, set[str]]]]]:
        """One-word names long enough for typo matching, by first letter and length:
        word → (its place in the index, actor ids).

        Words of longer names are left out: "بغداد" in "حكومة بغداد" is not a name by itself.
        """
        if self._single_words is None:
            words: dict[str, dict[int, dict[str, tuple[int, set[str]]]]] = {}
            places: dict[str, int] = {}  # words seen so far per first letter
            for keys, owners in self._phrases.items():
                if len(keys) == 1 and len(keys[0]) >= _FUZZY_MIN_LEN:
                    for actor_id, how in owners.items():
                        if how == "name":
                            bucket = words.setdefault(keys[0][0], {}).setdefault(len(keys[0]), {})
                            if keys[0] not in bucket:
                                bucket[keys[0]] = (places.get(keys[0][0], 0), set())
                                places[keys[0][0]] = places.get(keys[0][0], 0) + 1
                            bucket[keys[0]][1].add(actor_id)
            self._single_words = words
        return self._single_words

    def find_in(
        self,
        text: str,
        *,
        fuzzy: bool,
        skip: frozenset[str] = frozenset(),
        roles_of: frozenset[str] | None = None,
        respell_min: int = _SKELETON_MIN,
    ) -> list[Mention]:
        """Actors mentioned in `text`, left to right, longest phrase first at each point.

        `fuzzy`: small typos find a name too (typed questions; see `find_in_question` and
        `find_in_text`). `skip` holds keys that are never taken as a fuzzy name (question
        words, stopwords). `roles_of`, when given: the only persons a role phrase may name.
        `respell_min`: the consonants a name needs to be found by them alone, in the other
        script or another spelling (Sudani / السوداني at three; Nasrullah / نصرالله at five).
        """
        spans = [
            span
            for m in _RAW_TOKEN.finditer(text)
            if (span := (m.start(), m.end(), name_key(m.group())))[2]
        ]
        mentions: list[Mention] = []
        # Most words begin no phrase nor skeleton and are no typo of a name: the memos below
        # answer that without a call, the per-word cost of a long text.
        starts_memo = self._starts_memo
        # Words that begin no phrase and whose skeleton begins no name's: nothing but a typo
        # can be found there, so without `fuzzy` they are passed by one look-up.
        idle = self._idle_words if not fuzzy else frozenset()
        i = 0
        while i < len(spans):
            key = spans[i][2]
            if key in _DROPPED or key in idle:
                i += 1
                continue
            starts = starts_memo.get(key)
            if starts is None:
                starts = self._starts(key)
            if not starts and _key_skeleton(key) not in self._skeleton_prefixes:
                if len(self._idle_words) > 50_000:
                    self._idle_words.clear()
                self._idle_words.add(key)
            found = self._longest_at(spans, i, starts, roles_of) if starts else None
            if found:
                length, owners = found
                start, end = spans[i][0], spans[i + length - 1][1]
                if i and spans[i - 1][2] in _DROPPED and _joined(text, spans[i - 1][1], start):
                    start = spans[i - 1][0]  # "al-Khafaji": the particle belongs to the name
                for actor_id, how in owners.items():
                    mentions.append(Mention(actor_id, start, end, text[start:end], how))
                i += length
                continue
            if key not in skip and (
                respelt := self._by_skeleton_kept(text, spans, i, skip, respell_min)
            ):
                length, ids = respelt
                start, end = spans[i][0], spans[i + length - 1][1]
                for actor_id in ids:
                    mentions.append(Mention(actor_id, start, end, text[start:end], "skeleton"))
                i += length
                continue
            if fuzzy and len(key) >= _FUZZY_MIN_LEN and key not in skip:
                typo_of = self._fuzzy_memo.get(key)
                for actor_id in self._fuzzy(key) if typo_of is None else typo_of:
                    start, end = spans[i][0], spans[i][1]
                    mentions.append(Mention(actor_id, start, end, text[start:end], "fuzzy"))
            i += 1
        return mentions

    def find_in_question(
        self,
        text: str,
        skip: frozenset[str] = frozenset(),
        during: tuple[date, date] | None = None,
    ) -> list[Mention]:
        """Actors a question typed by a user names: typos are forgiven here (and only here),
        each marked "fuzzy" so the answer can ask "did you mean …?" instead of assuming.
        A role several persons held ("the Iraqi prime minister") names the one who held it
        `during` the days asked about, when the record says who (`Actor.holds_roles_during`)."""
        mentions = self.find_in(text, fuzzy=True, skip=skip)
        return mentions if during is None else self._held_during(mentions, *during)

    def _held_during(self, mentions: list[Mention], first: date, last: date) -> list[Mention]:
        """Role mentions less the persons who did not hold the role from `first` to `last`,
        unless that leaves none for the phrase (the record does not say who did: all stay)."""
        holders: dict[tuple[int, int], set[str]] = {}
        for m in mentions:
            if m.how == "role" and self.actors[m.actor_id].holds_roles_during(first, last):
                holders.setdefault((m.start, m.end), set()).add(m.actor_id)
        return [
            m
            for m in mentions
            if m.how != "role"
            or (m.start, m.end) not in holders
            or m.actor_id in holders[(m.start, m.end)]
        ]

    def find_in_text(self, text: str, words: TextWords) -> list[Mention]:
        """Actors a published text names. A text spells a name as published, so a name
        matches exactly (after normalisation) or by a spelling the record holds — never by a
        typo ("Karimi" is not al-Kadhimi), and by consonants alone only for a long name
        (Nasrullah / نصر الله): "القادم" ("next") is not الكاظمي, "Sudan" is not al-Sudani.
        Two more cautions, each a wrong speaker otherwise:

        * a person's role phrase ("the Pentagon spokesman") names him only when the text
          also names him: roles change hands, and the pack does not say who held one when;
        * a one-word name that is also an ordinary word (العسكري "military", "Said") names
          a person only after the text named him in full, or right after an honorific; an
          English name word in lower case ("said") is never a name.
        """
        mentions = self.find_in(text, fuzzy=False, respell_min=_SKELETON_SAME_SCRIPT)
        named = frozenset(m.actor_id for m in mentions if m.how != "role")
        kept = [
            m
            for m in mentions
            if m.how != "role" or m.actor_id in named or self.actors[m.actor_id].kind != "person"
        ]
        held = {(m.start, m.end) for m in kept}
        dropped = {(m.start, m.end): m for m in mentions if (m.start, m.end) not in held}
        for role in dropped.values():
            kept += self._within(text, role, named)  # "البنتاغون" inside the role, say
        kept.sort(key=lambda m: m.start)
        return self._in_context(text, kept, words)

    def _within(self, text: str, role: Mention, named: frozenset[str]) -> list[Mention]:
        """The mentions inside a role phrase that names nobody here, read again without it
        (only its span: the scan outside it is the same)."""
        inner = self.find_in(
            text[role.start : role.end],
            fuzzy=False,
            roles_of=named,
            respell_min=_SKELETON_SAME_SCRIPT,
        )
        shift = role.start
        return [
            Mention(m.actor_id, m.start + shift, m.end + shift, m.matched, m.how) for m in inner
        ]

    def _in_context(self, text: str, mentions: list[Mention], words: TextWords) -> list[Mention]:
        """The mentions of `find_in_text` that hold in their context (see there)."""
        introduced: set[str] = set()  # persons the text has named in full so far
        out: list[Mention] = []
        for m in mentions:
            keys = name_keys(m.matched)
            if m.how == "role" or len(keys) != 1:
                introduced.add(m.actor_id)
                out.append(m)
                continue
            if _ends_lower(m.matched):
                continue  # "said", "austin": English names are capitalised in print
            if keys[0] in words.common and self.actors[m.actor_id].kind == "person":
                before = _RAW_TOKEN.findall(text[max(0, m.start - 40) : m.start])[-1:]
                honoured = bool(before) and name_key(before[0]) in words.honorifics
                if m.actor_id not in introduced and not honoured:
                    continue
            else:
                introduced.add(m.actor_id)
            out.append(m)
        return out

    def _longest_at(
        self,
        spans: list[tuple[int, int, str]],
        i: int,
        starts: tuple[str, ...],
        roles_of: frozenset[str] | None = None,
    ) -> tuple[int, dict[str, str]] | None:
        """The longest phrase starting at token i, from `starts` (`_starts` of its word: the
        word may carry a clitic, لكيربي). With `roles_of`, a person's role phrase counts only
        for the persons in it."""
        best = None
        for start_key in starts:
            keys = [start_key]
            j = i + 1
            owners = self._allowed(self._phrases.get(tuple(keys)), roles_of)
            if owners and (best is None or best[0] < 1):
                best = (1, owners)
            while j < len(spans) and len(keys) < self._longest + 2:
                key = spans[j][2]
                j += 1
                if key in _DROPPED:
                    continue  # "Tahsin al-Khafaji": the particle may come or go
                keys.append(key)
                if tuple(keys) not in self._prefixes:
                    break
                owners = self._allowed(self._phrases.get(tuple(keys)), roles_of)
                if owners and (best is None or j - i > best[0]):
                    best = (j - i, owners)
        return best

    def _allowed(
        self, owners: dict[str, str] | None, roles_of: frozenset[str] | None
    ) -> dict[str, str] | None:
        """`owners` of a phrase less the persons it names only by a role not in `roles_of`."""
        if not owners or roles_of is None:
            return owners
        kept = {
            a: how
            for a, how in owners.items()
            if how != "role" or a in roles_of or self.actors[a].kind != "person"
        }
        return kept or None

    def _starts(self, first: str) -> tuple[str, ...]:
        """The keys a phrase at a word keyed `first` may start with: the key, and the key
        without its clitic (لكيربي), each only if some phrase begins with it."""
        found = self._starts_memo.get(first)
        if found is None:
            bare = strip_arabic_clitic(first) if is_arabic(first) else None
            keys = (first, strip_arabic_prefix(bare) if bare else None)
            found = tuple(k for k in keys if k and (k,) in self._prefixes)
            if len(self._starts_memo) > 50_000:
                self._starts_memo.clear()
            self._starts_memo[first] = found
        return found

    def _skeleton_may_start(
        self, spans: list[tuple[int, int, str]], i: int, skip: frozenset[str]
    ) -> bool:
        """Can `_by_skeleton` find anything at token i? Only if the word's skeleton is a name's,
        or it and the next word's joined begin one (short skeletons begin nearly every name:
        this spares most words the whole look)."""
        first = _key_skeleton(spans[i][2])
        if first not in self._skeleton_prefixes:
            return False
        if first in self._skeletons:
            return True
        if i + 1 >= len(spans) or spans[i + 1][2] in skip or spans[i + 1][2] in _DROPPED:
            return False
        return _join_skeleton(first, _key_skeleton(spans[i + 1][2])) in self._skeleton_prefixes

    def _by_skeleton_kept(
        self,
        text: str,
        spans: list[tuple[int, int, str]],
        i: int,
        skip: frozenset[str],
        least: int,
    ) -> tuple[int, list[str]] | None:
        """`_by_skeleton` where `_skeleton_may_start` lets it look, its answer kept per word
        as written and the keys of the words after it that it may join (all the two read),
        until the index changes: a text repeats its words, and short words ("قال", "أن")
        begin the consonants of many names."""
        n = len(spans)
        memo_key = (  # the word, and the two after it that _SKELETON_SPAN (3) lets it join
            text[spans[i][0] : spans[i][1]],
            spans[i + 1][2] if i + 1 < n else None,
            spans[i + 2][2] if i + 2 < n else None,
            least,
            skip,
        )
        found = self._skeleton_memo.get(memo_key, _MISSING)
        if found is _MISSING:
            found = (
                self._by_skeleton(text, spans, i, skip, least)
                if self._skeleton_may_start(spans, i, skip)
                else None
            )
            if len(self._skeleton_memo) > 50_000:
                self._skeleton_memo.clear()
            self._skeleton_memo[memo_key] = found
        return found  # type: ignore[return-value]

    def _by_skeleton(
        self,
        text: str,
        spans: list[tuple[int, int, str]],
        i: int,
        skip: frozenset[str],
        least: int = _SKELETON_MIN,
    ) -> tuple[int, list[str]] | None:
        """A name met by its consonants in the other script or another spelling: the words
        from token i (up to three, joined) whose skeleton is a name's. Three consonants are
        enough only for a word that looks like a name (capitalised, or with the Arabic
        article: "Sudani", "السوداني"); a respelling in the name's own script needs five
        (نصرالله / نصر الله, Nasrullah / Nasrallah); shorter ones are left to typo matching.
        A key shorter than `least` consonants finds nothing."""
        # The skeletons of the words from i joined, as long as they begin some name's (each
        # word's is collapsed already, so only a repeat across the joint is left to drop).
        keys: list[str] = []
        key = ""
        for j in range(i, min(len(spans), i + _SKELETON_SPAN)):
            word = spans[j][2]
            if word in skip or word in _DROPPED:
                break
            key = _join_skeleton(key, _key_skeleton(word))
            if key not in self._skeleton_prefixes:
                break
            keys.append(key)
        for length in range(len(keys), 0, -1):
            key = keys[length - 1]
            owners = self._skeletons.get(key)
            if not owners or len(key) < least:
                continue
            words = spans[i : i + length]
            raw = text[words[0][0] : words[0][1]]
            script = "ar" if is_arabic(words[0][2]) else "en"
            looks_like_name = raw[:1].isupper() or normalize(raw).startswith("ال")
            if len(key) == _SKELETON_MIN and not looks_like_name:
                continue
            respelt = len(key) >= _SKELETON_SAME_SCRIPT
            ids = [a for a, sc in owners.items() if sc != script or respelt]
            if ids:
                return length, ids
        return None

    def _fuzzy(self, key: str) -> set[str]:
        # Typos rarely hit the first letter; requiring it keeps "Kerry" from becoming "Kirby".
        # Only words of a length within the tolerated edits are compared; answers are kept
        # until the index changes (a running bot sees the same words again and again).
        if key in self._fuzzy_memo:
            return self._fuzzy_memo[key]
        by_length = self._fuzzy_words().get(key[0], {})
        typos = _max_typos(key)
        found = by_length.get(len(key), {}).get(key)
        if found is None:
            # The closest word; among equally close ones the first in the index's order. Each
            # length's words are already in that order (see _fuzzy_words), so each list is
            # searched as it is and the best of each compared by (distance, place): no list
            # of every word of the letter is built and sorted per word asked (~5 ms at 1M).
            best: tuple[int, int, str, int] | None = None  # (distance, place, word, length)
            for n in range(len(key) - typos, len(key) + typos + 1):
                bucket = by_length.get(n)
                if not bucket:
                    continue
                listed = self._fuzzy_lists.get((key[0], n))
                if listed is None:
                    listed = self._fuzzy_lists[(key[0], n)] = list(bucket)
                match = process.extractOne(
                    key, listed, scorer=Levenshtein.distance, score_cutoff=typos
                )
                if match and (best is None or (match[1], bucket[match[0]][0]) < best[:2]):
                    best = (match[1], bucket[match[0]][0], match[0], n)
            found = (0, by_length[best[3]][best[2]][1]) if best else (0, set())
        if len(self._fuzzy_memo) > 50_000:
            self._fuzzy_memo.clear()
        self._fuzzy_memo[key] = found[1]
        return found[1]

    def resolve(self, name: str) -> Actor | None:
        """The one actor a name designates, or None when it names none or several."""
        keys = name_keys(name)
        owners = self._phrases.get(keys)
        if owners and len(owners) == 1:
            return self.actors[next(iter(owners))]
        mentions = self.find_in(name, fuzzy=True)  # a name typed by an admin or a user
        ids = {m.actor_id for m in mentions}
        if len(ids) == 1:
            return self.actors[ids.pop()]
        # Several candidates: prefer the one covering most of the name.
        if mentions:
            best = max(mentions, key=lambda m: (m.end - m.start, m.how == "name"))
            covering = [m for m in mentions if (m.start, m.end) == (best.start, best.end)]
            if len(covering) == 1:
                return self.actors[covering[0].actor_id]
        return None
