"""Who speaks: the subject after a verb (VSO) or before it (SVO), roles around the name,
anaphora (المجلة، the ministry), unknown speakers with the name and role the text gives."""

from __future__ import annotations

import bisect
import re

from story.extract.attribution import WINDOW
from story.extract.base import ReaderBase
from story.extract.dates import AR_DATE_WORDS, AR_WEEKDAYS, EN_WEEKDAYS
from story.extract.lexicon.ar import (
    AR_ADJUNCT_OPENERS,
    AR_AN_ROLES,
    AR_ATTRIB,
    AR_AUX,
    AR_CHANNEL,
    AR_COMP,
    AR_FILLERS,
    AR_FUNCTION,
    AR_GENTILICS,
    AR_INSTITUTIONS,
    AR_JOINT,
    AR_KUNYA,
    AR_NP_LINKS,
    AR_OUTLET_WORDS,
    AR_PERSON_TITLES,
    AR_PLACE_NOUNS,
    AR_PREPS,
    AR_PRONOUN,
    AR_RELATIVE,
    AR_SIDE,
    AR_SPEAKER_HEADS,
)
from story.extract.lexicon.common import COMMAS, KIND_NOUNS, VAGUE
from story.extract.lexicon.en import (
    EN_ABBREV,
    EN_ASIDE_MARKS,
    EN_ASIDE_OPENERS,
    EN_AUX,
    EN_COMP,
    EN_CORE_TITLES,
    EN_FILLERS,
    EN_NOT_NAMES,
    EN_OPENERS,
    EN_OUTLET_WORDS,
    EN_PERFECT,
    EN_PERSON_ROLES,
    EN_PLACE_PREPS,
    EN_POSSESSIVE,
    EN_PREPS,
    EN_PRONOUN,
    EN_ROLE_WORDS,
)
from story.extract.model import NOBODY, Speaker, recent
from story.extract.words import is_head, name_like, strip_al, strip_conj, strip_lam, strip_punct
from story.models import Actor
from story.names import name_keys

MAX_ACRONYMS = 16  # distinct acronyms a text may have spelled out (each costs one scan)
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# Unions and differences of the lexicon's sets, built once (not at every test).
_AR_LINKS_PREPS_BISM = frozenset(AR_NP_LINKS | AR_PREPS | {"باسم"})
_EN_PREPS_BUT_OF = frozenset(EN_PREPS - {"of"})
_EN_PREPS_BUT_OF_FOR = frozenset(EN_PREPS - {"of", "for"})
_AR_CHANNEL_OR_STUDY = frozenset(AR_CHANNEL | {"دراسه"})
_AR_LINKS_AN_BISM = frozenset(AR_NP_LINKS | {"عن", "باسم"})
_EN_ROLE_CONTENT = frozenset(EN_ROLE_WORDS - {"the", "a", "an", "of", "for"})
_AR_AUX_AMMA = frozenset(AR_AUX | {"اما", "واما"})
_FILLERS_BUT_LAKIN = frozenset(AR_FILLERS - {"لكنه", "لكنها", "ولكنه", "ولكنها"} | EN_FILLERS)
_ATTRIB = frozenset(AR_ATTRIB | {"according"})

MENTION_REACH = 500  # mentions back that "the group" / "الحركة" may refer to


def _plain(w: str) -> bool:
    return (
        not w.startswith(("ال", "لل", "بال", "وال", "فال", "كال"))
        and not is_head(w)
        and w not in _AR_LINKS_PREPS_BISM
    )


def _owner_in_role(head: str, role: str) -> bool:
    """Does an English role name `head` as whom the speaker belongs to ("the militia's deputy",
    "deputy head of the militia") rather than as what the speaker is?"""
    low = role.lower()
    return f"{head}'s" in low or f"{head}’s" in low or re.search(
        rf"\bof (?:the |its |that )?{re.escape(head)}\b", low
    ) is not None


def _particle_name(raw: str) -> bool:
    """ "al-Sadr", "el-Sisi": a surname written with its particle in lower case."""
    head, _, rest = raw.partition("-")
    return head.lower() in {"al", "el", "bin", "ibn", "abu"} and rest[:1].isupper()


class SpeakerReader(ReaderBase):
    def _mention_speaker(self, t0: int, t1: int, actor: Actor, how: str) -> Speaker:
        role = ""
        if how == "role":
            role, _, _ = self.doc.span_text(t0, t1)
        return Speaker(actor, tok=t0, end_tok=t1, role=role)

    def _eligible(self, t0: int) -> bool:
        toks = self.toks
        if self.doc.in_quote(t0) or self._in_via(t0):
            return False
        if (
            t0 > 0
            and toks[t0 - 1].kind == "w"
            and (
                toks[t0 - 1].norm in AR_PREPS
                or (toks[t0 - 1].latin and toks[t0 - 1].norm in _EN_PREPS_BUT_OF)
            )
        ):
            return False
        return not (toks[t0].norm.startswith("لل") or toks[t0].norm.startswith("بال"))

    def _mentions_in(self, a: int, b: int) -> list[tuple[int, int, Actor, str]]:
        starts = self._mention_starts
        lo = bisect.bisect_left(starts, a)
        if lo == len(starts) or starts[lo] >= b:
            return []  # no mention starts in [a, b): no slice, no list built
        hi = bisect.bisect_left(starts, b, lo)
        return [m for m in self.doc.mentions[lo:hi] if m[1] <= b]

    def _affiliation(self, t0: int, how: str) -> bool:
        """A name after "المتحدث باسم" / "spokesman for" names whom the speaker speaks for."""
        if how == "role" or t0 == 0:
            return False
        prev = self.toks[t0 - 1].norm
        if prev == "باسم":
            return True
        return (
            prev in {"for", "of"}
            and t0 > 1
            and self.toks[t0 - 2].norm
            in {
                "spokesman",
                "spokeswoman",
                "spokesperson",
                "official",
                "officials",
                "adviser",
                "advisor",
            }
        )

    def _inside_name(self, t0: int) -> bool:
        """ "معهد واشنطن", "جامعة بغداد": a name that is part of an institution's name (but
        "مجلة نيوزويك" is the magazine itself)."""
        hit = self.doc.mention_at.get(t0)
        if t0 == 0 or (hit is not None and hit[1].kind == "outlet"):
            return False
        prev = strip_lam(strip_conj(self.toks[t0 - 1].norm))
        return prev in AR_INSTITUTIONS or (
            self.toks[t0 - 1].latin
            and self.toks[t0 - 1].cap
            and self.toks[t0 - 1].norm in {"institute", "university", "center", "centre", "council"}
        )

    def _construct_role(self, t0: int, how: str) -> bool:
        """"مستشار رئيس الحكومة": the role after a head noun in construct is whom the speaker
        serves, not the speaker."""
        if how != "role" or t0 == 0 or self.toks[t0 - 1].latin or self.toks[t0 - 1].kind != "w":
            return False
        prev = self.toks[t0 - 1].norm
        return is_head(prev) and not prev.startswith("ال")

    def _appositive_name_ar(self, k: int, b: int) -> tuple[str, int] | None:
        """A name between commas after a role: "، هشام داود،" → (name, end)."""
        toks = self.toks
        if k >= b or toks[k].raw not in COMMAS or self._in_via(k + 1):
            return None  # "، بحسب الوكالة،": the outlet, not a name
        m = k + 1
        while m < b and m - k <= 4 and toks[m].kind == "w" and not toks[m].latin:
            if toks[m].norm in AR_COMP or self._cue_at(m) or toks[m].norm in AR_PREPS:
                break
            m += 1
        if m - k < 3 or m >= b or not (toks[m].raw in COMMAS or self._comp_at(m)):
            return None
        if any(not self._plain_name_word(x) for x in range(k + 1, m)):
            return None  # "، اليوم الأحد،": a day, not a name
        name, _, _ = self.doc.span_text(k + 1, m)
        return name, m

    def _best_in_np(self, a: int, b: int) -> Speaker | None:
        ms = [
            m
            for m in self._mentions_in(a, b)
            if (self._eligible(m[0]) or m[0] == a)
            and not self._affiliation(m[0], m[3])
            and not self._inside_name(m[0])
            and not self._construct_role(m[0], m[3])
        ]
        if not ms:
            return None
        people = [m for m in ms if m[2].kind == "person"]
        people = [m for m in people if m[3] != "role"] or people  # a name before a role
        pick = people[0] if people else (ms[-1] if self.toks[a].latin else ms[0])
        if not people and len(ms) > 1 and any(m[3] == "role" for m in ms):
            pick = next(m for m in ms if m[3] == "role")
        if not people and self.toks[a].latin:
            titled = self._titled_after(pick[0], pick[1], b)
            if titled is not None:
                return titled  # "Pentagon Press Secretary Pat Ryder": the person, not the office
        by_role = self._role_speaker(a, b, pick)
        if by_role is not None:
            return by_role
        sp = self._mention_speaker(*pick)
        if not sp.role and pick[0] > a:
            role, _, _ = self.doc.span_text(a, pick[0])
            if role.lower() not in {"the", "a", "an", "ال"}:
                sp.role = role
        return sp

    def _titled_after(self, t0: int, t1: int, b: int) -> Speaker | None:
        """An institution named at [t0, t1), then a title and a person's name up to b ("Pentagon
        Press Secretary Maj. Gen. Pat Ryder"): that person (unknown), the rest the role."""
        toks = self.toks
        k = t1
        while k < b and (
            toks[k].kind == "w" and (toks[k].norm in EN_ROLE_WORDS or toks[k].norm in EN_ABBREV)
            or toks[k].raw == "." and toks[k - 1].norm in EN_ABBREV
        ):
            k += 1
        if k == t1 or not any(toks[x].norm in EN_CORE_TITLES for x in range(t1, k)):
            return None
        end = k
        while end < b and toks[end].kind == "w" and name_like(toks[end]) and (
            toks[end].norm not in EN_ROLE_WORDS | EN_NOT_NAMES
        ):
            end += 1
        if end == k or end != b:
            return None
        name, _, _ = self.doc.span_text(k, end)
        role, _, _ = self.doc.span_text(t0, k)
        return Speaker(None, name=name, role=role.rstrip("."), tok=t0, end_tok=b)

    def _role_speaker(
        self, a: int, b: int, pick: tuple[int, int, Actor, str]
    ) -> Speaker | None:
        """A person named by role in [a, b): a role the pack knows followed by another name
        ("Pentagon spokesman Dale Mercer"), or a person's title with an institution ("محافظ
        محافظة البصرة", "a Pentagon spokesman") — the person, by name when the text gives one
        right after, else by the role (resolved later to whoever the text gave that role)."""
        toks = self.toks
        t0, t1, actor, how = pick
        if actor.kind == "person" and how == "role":
            end = t1
        elif actor.kind != "person" and toks[a].latin:
            end = t1
            while end < b and toks[end].norm in EN_PERSON_ROLES:
                end += 1
            if end == t1:
                return None
        elif actor.kind != "person" and a < t0:
            first = strip_conj(toks[a].norm)
            if first not in AR_PERSON_TITLES and strip_al(first) not in AR_PERSON_TITLES:
                return None
            end = t1
        else:
            return None
        k = end
        while k < b and toks[k].kind == "w" and toks[k].latin and name_like(toks[k]):
            if toks[k].norm in EN_ROLE_WORDS or self.doc.mention_at.get(k):
                break
            k += 1
        start = a + 1 if toks[a].norm in {"a", "an", "the"} else a
        role, _, _ = self.doc.span_text(start, end)
        if k - end >= 2:
            name, _, _ = self.doc.span_text(end, k)
            return Speaker(None, name=name, role=role, tok=a, end_tok=k)
        if actor.kind == "person":
            return None  # the role the pack knows, said of its own holder
        return Speaker(None, name=role, role=role, tok=a, end_tok=end)

    def _speaker_after(
        self, a: int, b: int, headed_only: bool = False
    ) -> tuple[Speaker | None, int]:
        """The subject right after a verb (VSO), within tokens [a, b): (speaker, end)."""
        toks = self.toks
        j = a
        while (
            j < b
            and toks[j].kind == "w"
            and (
                toks[j].norm in AR_FILLERS
                or toks[j].norm in EN_FILLERS
                or toks[j].norm in EN_WEEKDAYS
                or toks[j].norm in AR_WEEKDAYS
                or toks[j].norm in AR_DATE_WORDS
                or toks[j].norm in {"last", "this", "past", "week", "month", "year"}
            )
        ):
            j += 1
        if j >= b or toks[j].kind != "w":
            return None, a
        if (
            toks[j].norm in AR_PREPS
            or toks[j].norm in AR_ADJUNCT_OPENERS
            or (toks[j].latin and toks[j].norm in EN_PREPS)
            or self._in_via(j)
        ):
            return None, a
        if (
            toks[j].norm.startswith("لل")
            or strip_al(strip_lam(toks[j].norm)) in AR_OUTLET_WORDS
            and toks[j].norm.startswith("ل")
        ):
            return None, a
        if toks[j].latin and toks[j].norm in EN_PRONOUN:
            return (self.state.last, j + 1) if self.state.last else (None, a)
        if toks[j].norm in AR_JOINT:
            pair = self._people_before(j)[-2:]
            return (self._joint(pair, j), j + 1) if len(pair) == 2 else (None, -1)
        if toks[j].norm.startswith(("وال", "فال")) and not self.doc.mention_at.get(j):
            return None, -1  # "تهدد والإدارة …": a new clause, not the verb's subject
        k = self._np_end(j, b, short_name=headed_only)
        if k == j:
            return None, a
        hit = self.doc.mention_at.get(j)
        if hit is not None and k < hit[0] <= b:
            k = hit[0]  # "المقاومة الإسلامية في العراق": a name that holds a preposition
        # An outlet named after its kind: "صحيفة واشنطن بوست" is the paper, not Washington.
        if not toks[j].latin and toks[j].norm in AR_OUTLET_WORDS:
            hit = self.doc.mention_at.get(j + 1) or self.doc.mention_at.get(j)
            if hit and hit[1].kind == "outlet":
                return Speaker(hit[1], tok=j, end_tok=hit[0]), max(k, hit[0])
            name, _, _ = self.doc.span_text(j, k)
            return Speaker(None, name=name, tok=j, end_tok=k), k
        sp = self._best_in_np(j, k)
        if sp is not None:
            named = None if sp.actor or sp.name != sp.role else self._appositive_name_ar(k, b)
            if named:
                sp.name, k = named  # "محافظ محافظة البصرة، سامي الكريمي،": the role's holder
                sp.end_tok = k
            return sp, k
        anaphor = self._anaphor(j, k)
        if anaphor:
            return anaphor, k
        unknown = self._unknown_np(j, k, after_verb=True)
        if unknown and not (headed_only and not unknown.role):
            named = self._appositive_name_ar(k, b)
            if named and unknown.role:
                # "مستشار رئيس الحكومة، هشام داود، إن": the name between commas, the phrase its role
                unknown.name, k = named
                unknown.end_tok = k
                unknown.role = self.doc.span_text(j, self._np_end(j, b, short_name=False))[0]
            return unknown, k
        if not headed_only and not toks[j].latin:
            return None, -1  # a subject is there but names no one we can tell ("التقارير")
        return None, a

    def _np_end(self, j: int, b: int, short_name: bool) -> int:
        """Where a subject noun phrase that starts at j ends. A phrase opened by a title may hold
        its institution ("القيادي في تحالف الفتح محمد البياتي"); with `short_name` (the verb
        takes an object next) a name after the title runs two words, three for a nisba."""
        toks = self.toks
        headed = is_head(toks[j].norm)
        # "نفت الوزارة وجود …": a body named with the article ("الوزارة"، "الحكومة"; not a
        # person's title, "المتحدثة") takes no name after it: a word without the article begins
        # the verb's object.
        w0 = toks[j].norm
        definite = (
            not toks[j].latin and w0.startswith("ال") and w0.endswith("ه") and not is_head(w0[:-1])
        )
        name_words = 0
        k = j
        while k < b and k - j < 14 and toks[k].kind == "w" and not self._in_via(k):
            t = toks[k]
            w = t.norm
            if strip_conj(w) in AR_KUNYA or w in AR_KUNYA:
                name_words += 1  # "أبو علي العسكري": the kunya and its name are one name
                k += 2
                continue
            if k > j:
                if w in AR_WEEKDAYS or strip_conj(w) in AR_WEEKDAYS:
                    break  # "رئيس الهيئة سامي الكريمي الأربعاء": the day is no part of the name
                if headed and name_words == 0 and self._institution_lil(k, b):
                    k += 1  # "القائد العام للقوات المسلحة": the institution goes on
                    continue
                if w in AR_COMP or w in EN_COMP or w in AR_FILLERS or w.startswith("لل"):
                    break
                if self._cue_at(k):
                    break
                if headed and self._given_ali(k, b):
                    name_words += 1  # "علي حسين": the name Ali, not the preposition على
                    k += 1
                    continue
                if w in AR_PREPS or (t.latin and w in _EN_PREPS_BUT_OF_FOR):
                    linked = w in AR_NP_LINKS or (
                        w == "عن" and strip_al(toks[j].norm) in AR_AN_ROLES
                    )
                    if headed and linked and name_words == 0:
                        k += 1
                        continue
                    break
            if not t.latin and k > j and not w.startswith("ال") and not is_head(w) and w != "باسم":
                if definite and not self.doc.mention_at.get(j):
                    break
                name_words += 1
                if short_name and headed and name_words > 2:
                    break
            elif not t.latin and name_words and w.startswith("ال"):
                if w.endswith("ي") and short_name:
                    return k + 1  # "محمد البياتي": a nisba surname closes the name
                if short_name and name_words == 1 and self._name_closes(k + 1):
                    return k + 1  # "خالد المحنا، اليوم": a family name, then the adjuncts
                if short_name:
                    break
            k += 1
        while k > j + 1 and (toks[k - 1].norm in AR_NP_LINKS or toks[k - 1].norm == "عن"):
            k -= 1
        return k

    def _plain_name_word(self, x: int) -> bool:
        """Can the word at x be part of a person's name (no day, filler or function word)?"""
        w = strip_conj(self.toks[x].norm)
        return not self._name_closes(x) and w not in AR_FUNCTION and w not in AR_DATE_WORDS

    def _name_closes(self, k: int) -> bool:
        """Does a name end before token k (a comma, a day, "اليوم")?"""
        if k >= len(self.toks):
            return True
        t = self.toks[k]
        if t.kind != "w":
            return t.raw in COMMAS
        w = strip_conj(t.norm)
        return w in AR_WEEKDAYS or w in AR_DATE_WORDS or t.norm in AR_FILLERS

    def _institution_lil(self, k: int, b: int) -> bool:
        """A لل-word inside a title's institution ("المتحدث باسم القائد العام للقوات المسلحة
        كريم الساعدي"): the phrase goes on, through words with the article, to a name."""
        toks = self.toks
        if not toks[k].norm.startswith("لل") or self._outletish(k):
            return False
        x = k + 1
        while x < min(b, k + 4) and toks[x].kind == "w" and toks[x].norm.startswith(("ال", "لل")):
            x += 1
        return x < b and toks[x].kind == "w" and _plain(toks[x].norm) and not self._cue_at(x)

    def _given_ali(self, k: int, b: int) -> bool:
        """ "علي" spelled with ya (the preposition is على) before a name word: the name Ali."""
        toks = self.toks
        if toks[k].raw != "علي" or k + 1 >= b or toks[k + 1].kind != "w":
            return False
        nxt = toks[k + 1].norm
        if nxt.startswith("ال"):
            # "علي البيدر:" — a surname with the article, where the name ends
            end = k + 2 >= b or toks[k + 2].kind != "w" or self._in_via(k + 2)
            return end and not self._cue_at(k + 1)
        if not _plain(nxt) or nxt in AR_COMP or self._cue_at(k + 1):
            return False
        after = toks[k + 2].norm if k + 2 < b and toks[k + 2].kind == "w" else ""
        return not (after.startswith("ال") and not after.endswith("ي"))  # "علي هامش المؤتمر"

    def _anaphor(self, a: int, b: int) -> Speaker | None:
        """ "المجلة" / "الصحيفة" / "the magazine": the last outlet named before."""
        toks = self.toks
        words = [x for x in range(a, b) if toks[x].kind == "w"]
        if not words:
            return None
        first = toks[words[0]].norm
        if toks[words[0]].latin:
            if first != "the" or len(words) < 2 or len(words) > 3:
                return None
            head = toks[words[-1]].norm
            outlet = toks[words[1]].norm in EN_OUTLET_WORDS
        else:
            if not first.startswith("ال") or len(words) > 2:
                return None
            head = strip_al(first)
            outlet = head in AR_OUTLET_WORDS
        if outlet:
            found = self._outlet_before(a)
            if not found:
                return None
            actor = self.doc.index.actors.get(found[1]) if found[1] else None
            return Speaker(actor, name="" if actor else found[0], tok=a, end_tok=b)
        if head in {"بيان", "تقرير", "statement", "report"}:
            return self.state.last
        kind = KIND_NOUNS.get(head)
        if kind:
            # "the group" / "الحركة": the last actor of that kind named before.
            named = self._last_of_kind(kind, a)
            if named is not None:
                return Speaker(named, tok=a, end_tok=b)
        # "الوزارة" / "الوزير" / "the ministry": the last speaker whose name or role says so.
        for sp in recent(self.history):
            texts = [sp.name, sp.role]
            if sp.actor is not None:
                texts += [sp.actor.name_en, sp.actor.name_ar, sp.actor.role_en, sp.actor.role_ar]
            if sp.role and toks[words[0]].latin and _owner_in_role(head, sp.role):
                continue  # "the militia" is not "the militia's deputy": its member speaks
            keys = {k for text in texts if text for k in name_keys(text)}
            if head in keys or any(k.startswith(head) for k in keys if len(head) >= 4):
                return Speaker(sp.actor, name=sp.name, role=sp.role, tok=a, end_tok=b)
        return None

    def _last_of_kind(self, kind: str, a: int) -> Actor | None:
        """The last actor of `kind` named (outside quotes) before token a, looking back over
        the last MENTION_REACH mentions."""
        mentions = self.doc.mentions
        k = bisect.bisect_left(self._mention_starts, a)
        for m in reversed(mentions[max(0, k - MENTION_REACH) : k]):
            if m[1] <= a and m[2].kind == kind and not self.doc.in_quote(m[0]):
                return m[2]
        return None

    def _unknown_np(self, a: int, b: int, after_verb: bool) -> Speaker | None:
        """An unknown speaker from a noun phrase: name and role as the text gives them."""
        toks = self.toks
        words = [t for t in toks[a:b] if t.kind == "w"]
        if not words or len(words) > 10:
            return None
        if words[0].latin:
            return self._unknown_en(a, b)
        first = (
            strip_conj(words[0].norm)
            if words[0].norm.startswith("و") and len(words[0].norm) > 4
            else words[0].norm
        )
        if first in AR_PREPS or first in AR_COMP or first in AR_FILLERS or first in AR_RELATIVE:
            return None
        if first in AR_FUNCTION or strip_conj(first) in AR_FUNCTION:
            return None
        raw = [w.raw for w in words]
        if strip_al(first) in _AR_CHANNEL_OR_STUDY and len(words) > 1:
            words, raw = (
                words[1:],
                raw[1:],
            )  # "بيان اللجنة": the committee speaks through its statement
            first = words[0].norm
            if first.startswith("ل") and not first.startswith("ال") and len(first) > 3:
                first = strip_lam(first)  # "تقرير لمعهد واشنطن"
                raw[0] = raw[0][1:].lstrip("ـ")
            elif not first.startswith("ال") and not is_head(first):
                return None  # "تغريدة نشرها الحساب": the post, not who wrote it
        if first in VAGUE or words[-1].norm in VAGUE:
            return None
        headed = is_head(first)
        if after_verb and not headed:
            # After a verb a bare word may be the object; take only what looks like a name:
            # words without the article (لودريان، مقتدى الصدر) or a nisba surname (الكاظمي).
            surname = (
                len(words) <= 2 and words[-1].norm.startswith("ال") and words[-1].norm.endswith("ي")
            )
            if (first.startswith("ال") and not surname) or len(words) > 4:
                return None
        # The person's name closes the phrase: words without the article, or a nisba surname
        # at the very end ("القيادي في تحالف الفتح محمد البياتي"), three words at most.
        n = len(words)
        k = n
        if headed:
            while k > 1 and n - k < 3:
                w = words[k - 1].norm
                nisba = (  # a surname, not an adjective of the role ("رئيس الوزراء العراقي")
                    w.startswith("ال") and w.endswith("ي") and k == n and w not in AR_GENTILICS
                )
                plain = (
                    not w.startswith(("ال", "لل", "بال", "وال", "فال", "كال"))  # not "بالحشد"
                    and not is_head(w)
                    and w not in _AR_LINKS_AN_BISM
                    and not (k >= 2 and strip_conj(words[k - 2].norm) in AR_PLACE_NOUNS)
                )
                family = (  # "فالح الفياض": a given name, then a surname with the article
                    w.startswith("ال")
                    and k == n
                    and k >= 2
                    and (_plain(words[k - 2].norm) or words[k - 2].raw == "علي")  # the name Ali
                )
                if not (nisba or plain or family):
                    break
                k -= 1
            while k < n - 1 and words[k].norm.endswith(("ون", "ين")):
                k += 1  # "كتلة صادقون أحمد الكناني": a plural is not a given name
            if not first.startswith("ال") and not any(w.norm.startswith("ال") for w in words[1:]):
                k = n  # "مصدر أمني عراقي"، "مسؤول عراقي رفيع": a description, no name
            role, name = " ".join(raw[:k]), " ".join(raw[k:])
        else:
            role, name = "", " ".join(raw)
        return Speaker(
            None, name=strip_punct(name or role), role=strip_punct(role), tok=a, end_tok=b
        )

    def _unknown_en(self, a: int, b: int) -> Speaker | None:
        toks = self.toks
        words = [t for t in toks[a:b] if t.kind == "w"]
        while words and words[-1].norm in {"the", "a", "an", "of", "for"}:
            words.pop()
        while words and (words[0].norm in {"a", "an"} or (
            len(words) > 1 and words[0].cap and words[0].norm in EN_FILLERS | EN_OPENERS
        )):
            words.pop(0)  # "Then Kirby said": a sentence adverb opens the phrase, no name word
        if not words or any(w.norm in VAGUE for w in words):
            return None
        if all(w.norm in EN_NOT_NAMES for w in words):
            return None  # "You said …": the one spoken to is no speaker
        # "Renad Mansour of Chatham House": a name, then where the person works.
        for k, w in enumerate(words):
            if (
                w.norm in {"of", "at", "from"}
                and k > 0
                and all(name_like(x) and x.norm not in EN_ROLE_WORDS for x in words[:k])
            ):
                name = " ".join(x.raw for x in words[:k])
                return Speaker(
                    None, name=name, role=" ".join(x.raw for x in words[k + 1 :]), tok=a, end_tok=b
                )
        for k, w in enumerate(words):
            if w.norm in EN_PLACE_PREPS and 0 < k < len(words) - 1 and (
                words[k - 1].norm in EN_PERSON_ROLES
                and not any(name_like(x) and x.norm not in EN_ROLE_WORDS for x in words[:k])
            ):
                # "a police commander in Basra": a person by role and place, no name.
                phrase = " ".join(x.raw for x in words)
                return Speaker(None, name=phrase, role=phrase, tok=a, end_tok=b)
        roles = _EN_ROLE_CONTENT
        if not any(w.cap or _particle_name(w.raw) or w.norm in roles for w in words):
            return None
        if all(w.norm in {"the", "a", "an", "of", "for"} for w in words):
            return None
        # Name: the trailing capitalised words that are not role words.
        k = len(words)
        while k > 0 and name_like(words[k - 1]) and words[k - 1].norm not in EN_ROLE_WORDS:
            k -= 1
        name = " ".join(w.raw for w in words[k:])
        role = " ".join(w.raw for w in words[:k])
        if role.lower() in {"the", "a", "an"}:
            role = ""
        if len(words) == 1 and _ACRONYM.fullmatch(name):
            name = self._acronym_name(name, words[0].start) or name  # "IS" → "Islamic State"
        return Speaker(None, name=name or role, role=role, tok=a, end_tok=b)

    def _acronym_name(self, acronym: str, before: int) -> str | None:
        """The name an acronym stands for, as the text spelled it out before `before`: "IS" →
        "Islamic State", "IHEC" → "Independent High Electoral Commission". Each acronym is
        looked up once per text (one scan), and only the first few acronyms of a text."""
        found = self._acronyms.get(acronym)
        if found is None:
            if len(self._acronyms) >= MAX_ACRONYMS:
                return None
            link = r"[ \t]+(?:(?:of|the|for|and|on)[ \t]+)?"
            pattern = link.join(rf"{c}[a-z][\w'’-]*" for c in acronym)
            spelled = re.finditer(rf"\b{pattern}\b", self.doc.masked)
            found = [(m.start(), m.group()) for m in spelled]
            self._acronyms[acronym] = found
        names = [name for at, name in found if at < before]
        return names[-1] if names else None

    def _np_before(self, i: int, lo: int) -> tuple[int, int] | None:
        """The noun phrase just before token i (SVO), not before `lo`: (first, end)."""
        toks = self.toks
        j = i - 1
        # "من جانبها،" "بدوره" "أيضا" between subject and verb.
        while j >= lo and (
            toks[j].kind == "p"
            and toks[j].raw in COMMAS
            or toks[j].kind == "w"
            and (
                (toks[j].latin and j == i - 1 and toks[j].raw.endswith("ly"))  # "publicly"
                or (toks[j].latin and toks[j].norm in EN_PERFECT)  # "the alliance has vowed"
                or toks[j].norm in AR_FILLERS
                or toks[j].norm in EN_FILLERS
                or toks[j].norm in AR_SIDE
                or toks[j].norm in {"من", "ومن"}
                and j + 1 < i
                and toks[j + 1].norm in AR_SIDE
            )
        ):
            j -= 1
        end = j + 1
        k = j
        while k >= lo and toks[k].kind == "w" and end - k <= 8:
            w = toks[k].norm
            if toks[k].latin and w in EN_PLACE_PREPS and k > lo and (
                toks[k - 1].norm in EN_PERSON_ROLES
            ):
                k -= 1  # "a police commander in Basra": where the person serves
                continue
            if (
                w in AR_PREPS
                or (toks[k].latin and w in _EN_PREPS_BUT_OF_FOR)
                or w in AR_COMP
                or w in AR_RELATIVE
                or self._cue_at(k)
            ):
                break
            if toks[k].latin and not (
                name_like(toks[k]) or w in EN_ROLE_WORDS or (w in KIND_NOUNS and k == i - 1)
            ):
                break
            k -= 1
            if k >= lo and toks[k].raw == "." and k > 0 and toks[k - 1].norm in EN_ABBREV:
                k -= 1  # "Col. Wayne Marotto"
        first = k + 1
        for t0, t1, _, _ in self._mentions_in(max(lo, 0), end):
            if t0 < first and t1 >= first:
                first = (
                    t0  # "The US command in Iraq": a name that holds a preposition or a common noun
                )
        while first < end and toks[first].norm in _AR_AUX_AMMA:
            first += 1
        if first >= end:
            return None
        if first > k + 1:
            return first, end
        before = toks[k] if k >= 0 else None
        if before is not None and before.latin:
            if before.norm in EN_POSSESSIVE:
                return k, end  # "his office said"
            return first, end  # English subjects stand right before their verb
        at_start = k < lo or before is None or before.kind in {"p", "nl"} or (before.kind == "q")
        if not at_start:
            return None
        return first, end

    def _speaker_before(self, i: int, lo: int, nested: bool) -> Speaker | None:
        """The speaker named before a verb: an official source (بحسب X), the last eligible
        actor named in the clause, or the noun phrase just before the verb."""
        toks = self.toks
        lo = max(lo, i - WINDOW)
        aside = self._aside_before(i, lo) if toks[i].latin else None
        if aside is not None:
            # "Kataib Hezbollah, an Iran-backed group, said": the subject stands before the aside.
            sp = self._speaker_before(aside, lo, nested)
            if sp is not None and sp is not NOBODY:
                self._appositive_role(sp, aside, i)
                return sp
        joint = self._joint_before(i, lo)
        if joint is not None:
            return joint
        # A pronoun right before the verb: he said, لكنه تابع.
        j = i - 1
        while (
            j >= lo
            and toks[j].kind == "w"
            and (
                toks[j].norm in _FILLERS_BUT_LAKIN
                or toks[j].latin and toks[j].norm in EN_PERFECT  # "It has promised"
            )
        ):
            j -= 1
        if (
            j >= lo
            and toks[j].kind == "w"
            and (toks[j].norm in AR_PRONOUN or (toks[j].latin and toks[j].norm in EN_PRONOUN))
        ):
            return (
                self._third_person(j)
                or self._first_person(j)
                or self.state.last
                or self._last_person(i)
            )
        if not nested:
            for a, _b, _name, ident, official in self._vias_in(lo, i):
                if official and ident and toks[a].norm in _ATTRIB:
                    actor = self.doc.index.actors[ident]
                    return Speaker(actor, tok=a, end_tok=_b)
        if toks[i].latin and i > lo and toks[i - 1].norm == "and":
            # "X spoke with Y and underscored …": the subject of the first verb.
            sp = self._sentence_subject(i)
            if sp is not None:
                return sp
        if toks[i].latin and not nested:
            found = self._english_subject(i, lo)
            if found is not None:
                return found
        ms = [
            m
            for m in self._mentions_in(lo, i)
            if self._eligible(m[0])
            and not self._affiliation(m[0], m[3])
            and not self._inside_name(m[0])
        ]
        if nested:
            # Inside another speaker's clause the subject must stand right before the verb.
            ms = [m for m in ms if self._adjacent(m[1], i)]
        if ms:
            last = ms[-1]
            # "المتحدث باسم كتائب حزب الله حركة النجباء نصر الشمري": prefer the person in a run.
            run = [m for m in ms if m[0] >= last[0] - 10 and self._contiguous(m[1], last[0])]
            people = [m for m in run if m[2].kind == "person"]
            pick = people[-1] if people else last
            sp = self._mention_speaker(*pick)
            self._appositive_role(sp, pick[1], i)
            return sp
        if nested:
            return None
        np = self._np_before(i, lo)
        if np:
            unknown = self._anaphor(np[0], np[1]) or self._unknown_np(
                np[0], np[1], after_verb=False
            )
            if unknown:
                return unknown
        return None

    def _aside_before(self, i: int, lo: int) -> int | None:
        """The comma that opens an aside between a subject and verb i (", an Iran-backed group,"
        / ", who asked not to be named,"): its token, when the aside closes right before i."""
        toks = self.toks
        e = i - 1
        while e > lo and toks[e].latin and toks[e].norm in EN_AUX:
            e -= 1  # "- has announced": the aside closes before the auxiliary
        if e <= lo or toks[e].raw not in EN_ASIDE_MARKS:
            return None
        close = toks[e].raw
        for k in range(e - 2, max(lo, e - 24), -1):
            if toks[k].kind == "w" and toks[k].quote < 0:
                continue
            if close == ",":
                opens = toks[k].raw == "," and toks[k + 1].norm in EN_ASIDE_OPENERS
            else:
                opens = toks[k].raw == close  # "X - an unusual alliance - said"
            return k if opens and k > lo and toks[k - 1].kind == "w" else None
        return None

    def _english_subject(self, i: int, lo: int) -> Speaker | None:
        """English: the subject is the phrase right before the verb ("his office said", "the
        minister said"), else the sentence's named person; NOBODY for an unnamed subject."""
        toks = self.toks
        np = self._np_before(i, lo)
        if np and toks[np[0]].norm in EN_POSSESSIVE:
            owners = [m for m in self.doc.mentions if m[1] <= np[0] and not self.doc.in_quote(m[0])]
            if owners:
                role, _, _ = self.doc.span_text(np[0], np[1])
                return Speaker(owners[-1][2], role=role, tok=np[0], end_tok=np[1])
        elif np:
            sp = (
                self._best_in_np(np[0], np[1])
                or self._role_person(np[0], np[1])
                or self._anaphor(np[0], np[1])
            )
            if sp is None:
                sp = self._unknown_en(np[0], np[1])
                if sp is not None and not sp.name[:1].isupper() and self._mentions_in(lo, i):
                    sp = None  # "the official" — a named actor earlier in the clause is likelier
            if sp is not None:
                self._appositive_role(sp, np[1], i)
                self._preceding_role(sp, np[0], lo)
                return sp
        subject = self._sentence_subject(i)
        if subject is not None and (np is None or not self._vague_np(np[0], np[1])):
            return subject  # "Prime Minister X, speaking at …, said"
        if self._common_noun_before(i, lo):
            return NOBODY  # "the group warned", "Analysts said": not the last speaker
        return None

    def _vague_np(self, a: int, b: int) -> bool:
        return any(t.norm in VAGUE for t in self.toks[a:b] if t.kind == "w")

    def _common_noun_before(self, i: int, lo: int) -> bool:
        j = i - 1
        while j >= lo and self.toks[j].kind == "w" and self.toks[j].norm in EN_FILLERS:
            j -= 1
        if j < lo or self.toks[j].kind != "w":
            return False
        t = self.toks[j]
        return t.latin and t.norm not in EN_PRONOUN and t.norm not in {"who", "which", "that"}

    def _preceding_role(self, sp: Speaker, first: int, lo: int) -> None:
        """ "A spokesman for the coalition, Col. Wayne Marotto, said": the role before the name."""
        toks = self.toks
        if sp.actor is not None or first < 2 or toks[first - 1].raw not in COMMAS:
            return
        k = first - 2
        while k >= lo and toks[k].kind == "w" and first - k < 12:
            k -= 1
        if (
            k + 1 < first - 1
            and toks[k + 1].norm in {"a", "an", "the"}
            and any(
                toks[x].norm in _EN_ROLE_CONTENT
                for x in range(k + 2, first - 1)
            )
        ):
            lead, _, _ = self.doc.span_text(
                k + 2 if toks[k + 1].norm in {"a", "an"} else k + 1, first - 1
            )
            sp.role = f"{lead}, {sp.role}" if sp.role else lead

    def _appositive_role(self, sp: Speaker, a: int, b: int) -> None:
        """ "Nasr al-Shammari, a spokesman for the Nujaba movement, told …": the role."""
        toks = self.toks
        if sp.role or a >= len(toks) or toks[a].raw not in COMMAS or a + 1 >= len(toks):
            return
        if toks[a + 1].norm not in {"a", "an", "the"}:
            return
        k = a + 1
        while k < min(b, a + 14) and toks[k].kind == "w":
            k += 1
        if k - a > 2:
            sp.role, _, _ = self.doc.span_text(
                a + 2 if toks[a + 1].norm in {"a", "an"} else a + 1, k
            )

    def _adjacent(self, end: int, verb: int) -> bool:
        toks = self.toks
        gap = [t for t in toks[end:verb] if t.kind != "q"]
        if any(t.kind == "p" for t in gap):
            return False
        return len(gap) <= 8 and not toks[verb].norm.startswith("و")

    def _contiguous(self, a: int, b: int) -> bool:
        return all(t.kind == "w" for t in self.toks[a:b]) and b - a <= 6

    def _topic(self, s0: int, before: int) -> Speaker | None:
        """The sentence's topic: an actor or noun phrase it opens with, followed by a verb."""
        toks = self.toks
        j = s0
        while j < before and toks[j].kind != "w":
            j += 1
        if j >= before:
            return None
        hit = self.doc.mention_at.get(j)
        if hit and not self.doc.in_quote(j):
            return self._mention_speaker(j, *hit)
        k = j
        while (
            k < before
            and toks[k].kind == "w"
            and k - j < 5
            and (toks[k].norm.startswith("ال") or toks[k].norm in AR_SPEAKER_HEADS)
        ):
            k += 1
        if (
            k > j
            and k < before
            and toks[k].kind == "w"
            and toks[k].norm not in AR_PREPS
            and not toks[k].latin
        ):
            return self._unknown_np(j, k, after_verb=False)
        return None
