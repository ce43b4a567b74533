"""Speakers named by a label and a colon: posts and headlines.

"X: words", "X عن Y: words", "عاجل | X: words", "X بخصوص Y: words", and in English "X: words",
"X on Y: words". The label opens its sentence (after flags, emoji or a "breaking" tag), holds a
name or a role and no speech verb, and the words after the colon are the statement. Labels that
name no one ("ملاحظة", "Update", a time such as 10:30, a date) give nothing. Headlines are read
for this form only; the same words again in the body are one statement (see pipeline).
"""

from __future__ import annotations

from story.extract.base import ReaderBase
from story.extract.document import Tok
from story.extract.lexicon.ar import (
    AR_AN_ROLES,
    AR_FIRST_PERSON,
    AR_LABEL_ABOUT,
    AR_LABEL_TAGS,
    AR_NOT_FIRST_PERSON,
)
from story.extract.lexicon.common import KIND_NOUNS
from story.extract.lexicon.en import (
    EN_FIRST_PERSON,
    EN_LABEL_ABOUT,
    EN_LABEL_TAGS,
    EN_ROLE_WORDS,
)
from story.extract.model import Claim, Speaker
from story.extract.words import is_head, strip_al, strip_conj

MAX_LABEL_WORDS = 9
NAME_LINE_COMPS = {"ان", "بان"}  # أن / إن / بأن opening the line after a speaker's name
EN_LABEL_LINKS = {"of", "the", "for", "and", "al", "el", "bin", "de", "on", "about", "in"}
# Unions and differences of the lexicon's sets, built once (not at every test).
_EN_LINKS_OR_ABOUT = frozenset(EN_LABEL_LINKS | EN_LABEL_ABOUT)
_LABEL_TAGS = frozenset(AR_LABEL_TAGS | EN_LABEL_TAGS)
_LABEL_ABOUT = frozenset(AR_LABEL_ABOUT | EN_LABEL_ABOUT)


def _label_word(t: Tok) -> bool:
    """A word an English label may hold: a capitalised name word, a role word, a link."""
    return t.cap or t.norm in EN_ROLE_WORDS or t.norm in _EN_LINKS_OR_ABOUT


def _addressee(t: Tok) -> bool:
    """ "للصحفيين", "لنظيره": the one spoken to, with ل (a name is not written so)."""
    w = t.norm
    return not t.latin and (w.startswith("لل") or (w.startswith("ل") and w.endswith(("ه", "ها"))))


def first_person(toks: list[Tok]) -> bool:
    """Do a label's words speak in the first person ("قررنا"، "نحن"، "We will", "our")?"""
    for t in toks:
        if t.kind != "w" or t.quote >= 0:
            continue
        w = t.norm
        if t.latin:
            if w in EN_FIRST_PERSON and not (len(t.raw) > 1 and t.raw.isupper()):  # not "US"
                return True
        elif w in AR_FIRST_PERSON or (
            len(w) >= 5 and w.endswith("نا") and w not in AR_NOT_FIRST_PERSON
        ):
            return True
    return False


class LabelReader(ReaderBase):
    def _label_claim(self, s0: int, s1: int) -> Claim | None:
        """A claim for a sentence that opens with "X: …", with its speaker."""
        toks = self.toks
        a = s0
        while a < s1 and toks[a].kind == "w" and toks[a].norm in _LABEL_TAGS:
            a += 1
            while a < s1 and toks[a].kind == "p" and toks[a].raw in {":", "-", "—", "–"}:
                a += 1  # "BREAKING: X: …"
        colon = next(
            (x for x in range(a, min(s1, a + MAX_LABEL_WORDS + 1)) if toks[x].raw == ":"), None
        )
        if colon is None or colon == a or self.doc.in_quote(colon):
            return None
        label = range(a, colon)
        if any(toks[x].kind != "w" or self._cue_at(x) for x in label):
            return None
        if any(toks[x].norm.isdigit() for x in label):
            return None
        if all(toks[x].latin and toks[x].raw.isupper() for x in label):
            return None  # "MR. KIRBY:": a transcript turn (turns.py)
        about = next(
            (
                x
                for x in label
                if x > a
                and toks[x].norm in _LABEL_ABOUT
                and not (toks[x].norm == "عن" and strip_al(toks[a].norm) in AR_AN_ROLES)
            ),
            colon,
        )
        if toks[a].latin and any(not _label_word(toks[x]) for x in range(a, about)):
            return None  # "Let me tell you something: …": a sentence, not a name
        words = sum(1 for x in range(colon + 1, s1) if toks[x].kind == "w")
        if words < 3 or colon + 1 >= s1 or toks[colon + 1].norm[:1].isdigit():
            return None  # "آخر تحديث: 12 …", "10:30": a date or a time, not words
        end = colon
        for x in label:
            about = toks[x].norm in _LABEL_ABOUT
            if toks[x].norm == "عن" and strip_al(toks[a].norm) in AR_AN_ROLES:
                about = False  # "النائب عن تحالف الفتح علي تركي:": a role, not a topic
            if x > a and about and not self._given_ali(x, colon):
                end = x  # "ترامب عن إيران": Trump speaks, about Iran
                break
            if x > a and (self._in_via(x) or _addressee(toks[x])):
                end = x  # "المحلل سامي الكريمي لقناة دجلة:", "… لنظيره الإيراني:": to whom
                break
        hit = self.doc.mention_at.get(a)
        if hit is not None and end < hit[0] <= colon:
            end = hit[0]  # "المقاومة الإسلامية في العراق:": the name holds the preposition
        sp = self._label_speaker(a, end)
        if sp is None:
            return None
        claim = Claim(
            colon, colon + 1, "label", "", "colon", colon + 1, middle=(colon + 1, colon + 1)
        )
        claim.speaker = sp
        return claim

    def _name_line_claim(self, s0: int, s1: int, n0: int, n1: int) -> Claim | None:
        """A post's speaker on a line of its own, its words on the next line opened by أن /
        بأن with no verb ("حركة الأنصار\nأن مراجعة العلاقات …"): the line names the speaker,
        the clause after the complementizer is the statement (reported)."""
        toks = self.toks
        words = [x for x in range(s0, s1) if toks[x].kind == "w"]
        if not words or len(words) > MAX_LABEL_WORDS or toks[s0].latin:
            return None
        if any(toks[x].kind not in {"w", "nl"} or self._cue_at(x) for x in range(s0, s1)):
            return None
        if n0 >= n1 or toks[n0].norm not in NAME_LINE_COMPS or toks[n0].para == toks[s0].para:
            return None
        if sum(1 for x in range(n0 + 1, n1) if toks[x].kind == "w") < 4:
            return None
        sp = self._label_speaker(s0, s1)
        first = strip_al(strip_conj(toks[s0].norm))
        if sp is None or not (sp.actor or is_head(toks[s0].norm) or first in KIND_NOUNS):
            return None  # "مشاهد من المدينة\nأن …": a caption, no speaker
        claim = Claim(n0, n0 + 1, "label", "", "comp", n0 + 1, middle=(n0 + 1, n0 + 1))
        claim.speaker = sp
        return claim

    def _label_speaker(self, a: int, b: int) -> Speaker | None:
        if self.toks[a].latin:
            return self._best_in_np(a, b) or self._role_person(a, b) or self._unknown_en(a, b)
        sp = self._best_in_np(a, b) or self._unknown_np(a, b, after_verb=False)
        if sp is not None and not sp.actor and not (sp.name or sp.role):
            return None
        return sp
