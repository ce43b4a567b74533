"""The people a text names, for reference within the text.

Readouts and briefings name each person once in full ("Prime Minister Mohammed Shia al-Sudani",
"National Security Advisor Jake Sullivan") and then refer to them by title, surname, pronoun
or together ("the Prime Minister", "Mr. Sullivan", "He", "The two leaders", "They"). This
stage lists the people named — known person actors, and unknown names after a title — each
with one consistent name (the fullest the text gives, keyed by surname), and resolves:

* a joint subject — "The two leaders", "both sides", "They", "الجانبان", or "A and B" — to
  both people, as one speaker "A and B";
* a title alone — "the President", "the Vice President" — to the person the text gave it;
* a pronoun with no speaker yet — to the subject of the last sentence that named someone.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from story.extract.base import ReaderBase
from story.extract.document import Tok
from story.extract.lexicon.ar import AR_JOINT, AR_PERSON_TITLES, AR_PLACE_NOUNS, AR_PREPS
from story.extract.lexicon.en import (
    EN_ABBREV,
    EN_CORE_TITLES,
    EN_HONORIFICS,
    EN_JOINT,
    EN_NOT_NAMES,
    EN_ROLE_WORDS,
    EN_TITLES,
)
from story.extract.model import Speaker
from story.extract.words import is_head, name_like, strip_conj
from story.models import Actor
from story.normalize import normalize

# Unions and differences of the lexicon's sets, built once (not at every test).
_EN_ROLE_OR_NOT_NAME = frozenset(EN_ROLE_WORDS | EN_NOT_NAMES)
_JOINT = frozenset(EN_JOINT | AR_JOINT)

PEOPLE_REACH = 200  # people named before a point that reference may go back to


@dataclass
class Person:
    tok: int  # where the text names this person
    key: str  # surname key
    name: str
    role: str = ""
    actor: Actor | None = None
    sent: int = -1

    def speaker(self, tok: int = -1) -> Speaker:
        return Speaker(self.actor, name="" if self.actor else self.name, role=self.role, tok=tok)


def _possessive(name: str) -> str:
    for end in ("’s", "'s"):
        if name.endswith(end):
            return name[: -len(end)]
    return name


@lru_cache(maxsize=65536)  # asked of every Arabic word of a text
def _ar_title(w: str) -> bool:
    """Is the word, with or without its conjunction, a person's title (وزير، رئيس)?"""
    return w in AR_PERSON_TITLES or strip_conj(w) in AR_PERSON_TITLES


@lru_cache(maxsize=65536)  # asked of every claim's speaker, and a text names few
def surname_key(name: str) -> str:
    """ "Mohammed Shia al-Sudani" and "Sudani" share the key "sudani"."""
    words = [w for w in name.replace("’", "'").lower().split() if w not in {"jr.", "jr", "sr."}]
    last = words[-1] if words else ""
    for prefix in ("al-", "el-", "ال"):
        if last.startswith(prefix) and len(last) > len(prefix) + 2:
            last = last[len(prefix) :]
    return last.strip(".,'")


def same_person(a: str, b: str) -> bool:
    """Do two names a text gives name one person? The same surname, and the shorter name's
    words (titles aside) all in the longer: "Sayyed Nasrallah" / "Hassan Nasrallah", "نصر الله" /
    "حسن نصر الله" — but not "Ahmed al-Sudani" / "Mohammed al-Sudani"."""
    key = surname_key(a)
    if len(key) < 3 or key != surname_key(b):
        return False
    wa, wb = _name_words(a), _name_words(b)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(short) and set(short) <= set(long)


def _name_words(name: str) -> list[str]:
    words = [normalize(w) for w in name.replace("’", "'").split()]
    words = [w for w in words if w and w not in EN_TITLES and w not in AR_PERSON_TITLES]
    return [surname_key(w) for w in words]  # "al-Sudani" and "Sudani" alike


def _initial_dot(toks: list[Tok], k: int) -> bool:
    """The full stop of an initial: "Joseph R. Biden"."""
    return toks[k].raw == "." and k > 0 and len(toks[k - 1].raw) == 1 and toks[k - 1].cap


def _of_role(toks: list[Tok], j: int) -> bool:
    """ "of" inside a title: "Secretary of State", "Minister of Defense"."""
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return toks[j].norm == "of" and nxt is not None and nxt.cap and nxt.norm in EN_ROLE_WORDS


def _name_in(p: Person, arabic: bool) -> str:
    if p.actor is None:
        return p.name
    return (p.actor.name_ar if arabic else p.actor.name_en) or p.actor.name_en or p.actor.name_ar


def _nisba(t: Tok) -> bool:
    return t.kind == "w" and t.norm.startswith("ال") and t.norm.endswith("ي")


class PeopleReader(ReaderBase):
    def _collect_people(self) -> None:
        toks = self.toks
        found: list[Person] = []
        for t0, _t1, actor, _how in self.doc.mentions:
            if actor.kind == "person" and not self.doc.in_quote(t0):
                found.append(Person(t0, actor.id, actor.name_en or actor.name_ar, actor=actor))
        covered = {x for t0, t1, _, _ in self.doc.mentions for x in range(t0, t1)}
        i, n = 0, len(toks)
        while i < n:
            t = toks[i]
            if not (t.latin and t.cap and t.norm in EN_TITLES) or i in covered:
                i += 1
                continue
            j = i + 1  # the title word, then more of the title
            while j < n and (
                toks[j].latin
                and toks[j].cap
                and toks[j].norm in EN_ROLE_WORDS
                or toks[j].raw == "."
                or _of_role(toks, j)
                or toks[j].norm in EN_ABBREV and j + 1 < n and toks[j + 1].raw == "."  # "Maj."
            ):
                j += 1
            if not any(toks[x].norm in EN_CORE_TITLES for x in range(i, j)):
                i = max(j, i + 1)
                continue  # "Press Briefing", "National Security Communications": no title
            k = j
            while k < n and (toks[k].latin and name_like(toks[k]) or _initial_dot(toks, k)):
                if toks[k].norm in _EN_ROLE_OR_NOT_NAME or k in covered:
                    break
                k += 1
            role = " ".join(x.raw for x in toks[i:j] if x.kind == "w")
            if k == j:
                k = self._appositive_name(j)
                j = self._comma_after(j) + 1 if k > j else j
            if k > j and k not in covered and not self.doc.in_quote(j):
                name = _possessive(" ".join(x.raw for x in toks[j:k]))
                found.append(Person(j, surname_key(name), name, role))
            i = max(k, i + 1)
        found += self._arabic_people(covered)
        found.sort(key=lambda p: p.tok)
        self.people = self._consistent(found)
        # Lookups by position and by surname, so that no claim rescans the whole list.
        self._people_toks = [p.tok for p in self.people]
        self._people_tok_set = set(self._people_toks)
        self._people_by_key: dict[str, list[Person]] = {}
        for p in self.people:
            self._people_by_key.setdefault(p.key, []).append(p)

    def _arabic_people(self, covered: set[int]) -> list[Person]:
        """ "وزير الخارجية كريم حداد": a title, its office words (with ال), then the name."""
        toks, out = self.toks, []
        for i, t in enumerate(toks):
            if t.kind != "w" or t.latin or not _ar_title(t.norm):
                continue
            j = i + 1
            while (
                j < len(toks)
                and j - i < 5
                and toks[j].kind == "w"
                and (toks[j].norm.startswith(("ال", "بال")) or is_head(toks[j].norm))
            ):
                j += 1  # "القيادي بالحشد": where the title holder serves is part of the role
            if j + 1 < len(toks) and strip_conj(toks[j].norm) in AR_PLACE_NOUNS:
                j += 2  # "رئيس إقليم كردستان": the place's name is part of the office
            k = j
            while k < len(toks) and k - j < 3 and toks[k].kind == "w" and not toks[k].latin:
                w = toks[k].norm
                if w.startswith("ال") or is_head(w) or w in AR_PREPS or k in covered:
                    break
                if self._cue_at(k):
                    break
                k += 1
            if k < len(toks) and k > j and _nisba(toks[k]) and k not in covered:
                k += 1  # a nisba surname: "محمد البياتي"
            if k > j and not self.doc.in_quote(j) and k not in covered:
                name = " ".join(x.raw for x in toks[j:k])
                role = " ".join(x.raw for x in toks[i:j])
                out.append(Person(j, surname_key(name), name, role))
        return out

    def _comma_after(self, j: int) -> int:
        toks = self.toks
        k = j
        while k < len(toks) and k - j < 8 and toks[k].kind == "w":
            k += 1
        return k if k < len(toks) and toks[k].raw == "," else -1

    def _appositive_name(self, j: int) -> int:
        """ "the Prime Minister of the Republic of Iraq, Mohammed Shia al-Sudani,": where the
        name after the comma ends (j when there is none)."""
        toks = self.toks
        comma = self._comma_after(j)
        if comma < 0:
            return j
        k = comma + 1
        while k < len(toks) and (toks[k].latin and name_like(toks[k]) or _initial_dot(toks, k)):
            if toks[k].norm in EN_ROLE_WORDS:
                return j
            k += 1
        if k - comma < 3 or k >= len(toks) or toks[k].raw not in {",", "."}:
            return j
        return k

    def _consistent(self, found: list[Person]) -> list[Person]:
        """One name per person: the fullest the text gives, and the first role."""
        best: dict[str, Person] = {}
        for p in found:
            b = best.get(p.key)
            role = "" if p.role.lower().strip(".") in EN_HONORIFICS else p.role
            if b is None or (b.actor is None and (p.actor or len(p.name) > len(b.name))):
                best[p.key] = Person(p.tok, p.key, p.name, role or (b.role if b else ""), p.actor)
            elif not b.role and role:
                b.role = role
        out = []
        for p in found:
            b = best[p.key]
            role = b.role if not p.role or p.role.lower().strip(".") in EN_HONORIFICS else p.role
            out.append(Person(p.tok, p.key, b.name, role, b.actor, self.toks[p.tok].sent))
        return out

    def _person_named(self, name: str, tok: int) -> Person | None:
        """The person of the text whose name ends `name` ("Sayyed Hassan Nasrallah",
        "Nasrallah" → Hassan Nasrallah), named up to the claim at token `tok`."""
        key = surname_key(name)
        for p in self._people_by_key.get(key, ()):
            if p.tok > tok + 12:
                break
            if name.endswith(p.name) or p.name.endswith(name) or p.actor:
                return p
        return None

    def _people_before(self, i: int) -> list[Person]:
        """Distinct people named before token i, the most recent last."""
        seen: dict[str, Person] = {}
        end = bisect.bisect_left(self._people_toks, i)
        for p in self.people[max(0, end - PEOPLE_REACH) : end]:
            seen.pop(p.key, None)
            seen[p.key] = p
        return list(seen.values())

    def _last_person(self, i: int) -> Speaker | None:
        """The subject of the last sentence before i that names someone: its first person."""
        k = bisect.bisect_left(self._people_toks, i) - 1
        if k < 0:
            return None
        sent = self.people[k].sent
        while k > 0 and self.people[k - 1].sent == sent:
            k -= 1
        return self.people[k].speaker()

    def _sentence_subject(self, i: int) -> Speaker | None:
        """ "X spoke with Y and underscored …": the first person of i's sentence."""
        sent = self.toks[i].sent
        first = self.doc.sents[sent][0] if sent >= 0 else 0
        for p in self.people[bisect.bisect_left(self._people_toks, first) :]:
            if p.tok >= i:
                break
            if p.sent == sent:
                return p.speaker(p.tok)
        return None

    def _role_person(self, a: int, b: int) -> Speaker | None:
        """ "the President" / "the Vice President": the person the text gave that title."""
        words = [t for t in self.toks[a:b] if t.kind == "w"]
        while words and words[0].norm in {"and", "but", "so"}:
            words = words[1:]
        if (
            len(words) < 2
            or words[0].norm != "the"
            or any(w.norm not in EN_ROLE_WORDS for w in words[1:])
        ):
            return None
        role = " ".join(w.norm for w in words[1:])
        for p in [*reversed(self._people_before(a)), *self._role_holders(role)]:
            mine = p.role.lower()
            if (
                mine.startswith(role)
                or mine.endswith(role)
                or (p.actor and role in (p.actor.role_en or "").lower())
            ):
                return p.speaker(a)
        return None

    def _role_holders(self, role: str) -> list[Person]:
        """The one known person whose role is `role` ("President of …"), if only one, and
        who held it when the text was published (a 2025 readout's "the President" is not
        the 2021 one: `Actor.holds_roles_during`)."""
        day = self.doc.published
        holders = [
            a
            for a in self.doc.index.actors.values()
            if a.kind == "person"
            and (a.role_en or "").lower().startswith(role)
            and a.holds_roles_during(day, day)
        ]
        named = [p for p in self.people if p.actor in holders]
        if named:
            return named[-1:]
        return (
            [Person(-1, holders[0].id, holders[0].name_en, actor=holders[0])]
            if len(holders) == 1
            else []
        )

    def _joint(self, people: list[Person], tok: int) -> Speaker:
        arabic = not self.toks[tok].latin
        names = [_name_in(p, arabic) for p in people]
        return Speaker(None, name=(" و" if arabic else " and ").join(names), tok=tok, joint=True)

    def _joint_before(self, i: int, lo: int) -> Speaker | None:
        """A joint subject right before verb i: both people, as one speaker."""
        toks = self.toks
        j = i
        while j > lo and i - j < 10 and (
            toks[j - 1].kind == "w" or (toks[j - 1].raw == "." and toks[j - 2].norm in EN_ABBREV)
        ):
            j -= 1
        words = [t.norm for t in toks[j:i] if t.kind == "w"]
        words = [w for w in words if w not in {"further", "also", "both", "jointly", "together"}]
        if not words:
            return None
        tail = " ".join(words[-2:])
        if words[-1] in _JOINT or tail in EN_JOINT:
            pair = self._people_before(i)[-2:]
            return self._joint(pair, j) if len(pair) == 2 else None
        if "and" not in words or not toks[j].latin:
            return None
        cut = j + [t.norm for t in toks[j:i]].index("and")
        left, right = self._side_person(j, cut), self._side_person(cut + 1, i)
        if left is not None and right is not None and left.key != right.key:
            return self._joint([left, right], j)
        return None

    def _side_person(self, a: int, b: int) -> Person | None:
        """The person one side of "A and B" names: by name, or by title alone."""
        k = bisect.bisect_left(self._people_toks, a)
        if k < len(self.people) and self.people[k].tok < b:
            return self.people[k]
        words = [t.norm for t in self.toks[a:b] if t.kind == "w" and t.norm != "the"]
        if not words or any(w not in EN_ROLE_WORDS for w in words):
            return None
        role = " ".join(words)
        for p in reversed(self._people_before(a)):
            if p.role.lower() == role or p.role.lower().endswith(role):
                return p
            if p.actor and role in (p.actor.role_en or "").lower():
                return p
        return None
