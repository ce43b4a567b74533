"""Speech cues (verbs in their inflections, participles, refusals, according to) and where
their content starts: a quote, a complementizer, a colon, the verb's preposition, an object."""

from __future__ import annotations

import re
from functools import lru_cache

from story.extract.base import ReaderBase
from story.extract.dates import AR_DATE_WORDS, AR_WEEKDAYS, EN_WEEKDAYS
from story.extract.document import norm_word
from story.extract.lexicon.ar import (
    AR_ATTRIB,
    AR_BIQAWL,
    AR_CLAIM_NOUNS,
    AR_COMP,
    AR_COMP_BLOCK,
    AR_DEMONSTRATIVES,
    AR_FILLERS,
    AR_PARTICIPLES,
    AR_PREPS,
    AR_PRESENT,
    AR_RAW_FORMS,
    AR_REFUSE,
    AR_REFUSE_OBJ,
    AR_SIDE,
    AR_VERB_FORMS,
)
from story.extract.lexicon.common import COMMAS
from story.extract.lexicon.en import (
    EN_ADDRESSEES,
    EN_AMOUNT_OBJECTS,
    EN_AS_PARTICIPLES,
    EN_AS_REACH,
    EN_AS_VERBS,
    EN_CLAIM_NOUNS,
    EN_COMP,
    EN_COMP_BLOCK,
    EN_DAY_WORDS,
    EN_DETERMINERS,
    EN_FILLERS,
    EN_PARTICIPLES,
    EN_PREPS,
    EN_QUOTED_AUX,
    EN_REFUSE,
    EN_REFUSE_OBJ,
    EN_TELL,
    EN_TWO_WORD,
    EN_TWO_WORD_PART,
    EN_VERBS,
)
from story.extract.model import Claim
from story.extract.words import ba_object, is_head, strip_conj

EN_SUBJECT_PRONOUNS = {"it", "they", "he", "she", "we", "i"}
_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u0640]")  # vowel marks and tatweel
_UNSEEN = object()  # no cue looked for at this token yet
EN_COMP_REACH = 14  # tokens: "that" further from its verb is a relative ("the work that …")


# One step of reading an Arabic word as a cue (see `_ar_cue_plan`): (op, flags, prepositions);
# op "lm" or "refuse" (a look at the words after it, no flags), "bayn", "verb" or "part".
CueStep = tuple[str, str, tuple[str, ...]]


@lru_cache(maxsize=65536)
def _ar_cue_plan(raw: str) -> tuple[CueStep, ...]:
    """What an Arabic word (as written; its token's `norm` is `norm_word(raw)`) may be as a
    cue, in the order `_find_cue` tries it: the steps that need the words after it ("لم ترد
    … التعليق", a refusal's object, بين before a complementizer), then the verb or participle
    it is, if any. It depends on the word alone, and in a text of cues every word is asked:
    kept."""
    w = norm_word(raw)
    steps: list[CueStep] = []
    bare = strip_conj(w)
    if bare == "لم":
        steps.append(("lm", "", ()))
    if w in AR_BIQAWL or bare in AR_BIQAWL:
        # "وعلق X على القرار بقوله إن …", "ختم كلمته بقوله: …": "by saying" opens the words.
        steps.append(("verb", "strict biqawl", ()))
        return tuple(steps)
    for form in (w, bare):
        if form in AR_REFUSE:
            steps.append(("refuse", "", ()))
        if form in AR_VERB_FORMS:
            _, preps, flags = AR_VERB_FORMS[form]
            if form in AR_PRESENT and "strict" not in flags:
                flags += " strict"
            steps.append(("bayn" if form == "بين" else "verb", flags, preps))
            return tuple(steps)
        if form in AR_PARTICIPLES:
            steps.append(("part", "strict" if form.endswith("ه") else "", AR_PARTICIPLES[form]))
            return tuple(steps)
    unmarked = _MARKS_RE.sub("", raw)
    for form in (unmarked, unmarked[1:] if unmarked[:1] in "وف" else ""):
        if form in AR_RAW_FORMS:
            _, preps, flags = AR_RAW_FORMS[form]
            steps.append(("verb", flags, preps))
            return tuple(steps)
    return tuple(steps)


@lru_cache(maxsize=65536)
def _en_may_cue(lw: str) -> bool:
    """Can an English word open a cue at all (`_find_cue`'s first word of each form)? Most
    words cannot; asked of every word read, the answer is kept."""
    return (
        lw in EN_REFUSE
        or lw in {"did", "does", "would", "quoted", "according"}
        or lw in EN_QUOTED_AUX
        or lw in EN_VERBS
        or lw in EN_PARTICIPLES
        or lw in EN_AS_VERBS
        or lw in EN_AS_PARTICIPLES
        or any(first == lw for first, _ in EN_TWO_WORD)
        or any(first == lw for first, _ in EN_TWO_WORD_PART)
    )


class CueReader(ReaderBase):
    def _cue_at(self, i: int) -> tuple[str, int, str, tuple[str, ...]] | None:
        """(kind, end token, flags, content prepositions) of a speech cue at token i."""
        found = self._cues.get(i, _UNSEEN)
        if found is _UNSEEN:
            found = self._cues[i] = self._find_cue(i)
        return found  # type: ignore[return-value]

    def _find_cue(self, i: int) -> tuple[str, int, str, tuple[str, ...]] | None:
        toks = self.toks
        t = toks[i]
        if t.kind != "w":
            return None
        w = t.norm
        nxt = toks[i + 1].norm if i + 1 < len(toks) and toks[i + 1].kind == "w" else ""
        if t.latin:
            lw = w
            if not _en_may_cue(lw):
                return None
            if (
                lw in EN_REFUSE
                and nxt == "to"
                and i + 2 < len(toks)
                and toks[i + 2].norm in EN_REFUSE_OBJ
            ):
                return ("refuse", i + 3, "", ())
            if lw in {"did", "does", "would"} and nxt == "not":
                # "did not respond to a request for comment"
                for k in range(i + 2, min(len(toks), i + 10)):
                    if toks[k].kind != "w":
                        break
                    if toks[k].norm == "comment":
                        return ("refuse", k + 1, "", ())
            quoted = self._quoted_as_saying(i, lw, nxt)
            if quoted is not None:
                return quoted
            if (lw, nxt) in EN_TWO_WORD:
                return ("verb", i + 2, EN_TWO_WORD[(lw, nxt)], ())
            if (lw, nxt) in EN_TWO_WORD_PART:
                return ("part", i + 2, "", ())
            if lw in EN_VERBS:
                return ("verb", i + 1, EN_VERBS[lw], ())
            if lw in EN_PARTICIPLES:
                return ("part", i + 1, "", ())
            if (lw in EN_AS_VERBS or lw in EN_AS_PARTICIPLES) and self._as_follows(i):
                return ("part" if lw in EN_AS_PARTICIPLES else "verb", i + 1, "", ())
            if lw == "according" and nxt == "to":
                return ("acc", i + 2, "", ())
            return None
        for step in _ar_cue_plan(t.raw):
            op = step[0]
            if op == "lm":
                if nxt[:1] in {"ي", "ت"}:
                    # "لم ترد القيادة على طلب للتعليق"
                    for k in range(i + 2, min(len(toks), i + 9)):
                        if toks[k].kind != "w":
                            break
                        if toks[k].norm in AR_REFUSE_OBJ or toks[k].norm in {"للتعليق", "بتعليق"}:
                            return ("refuse", k + 1, "", ())
            elif op == "refuse":
                # رفضت التعليق، امتنع عن الرد، رفضت القيادة الأمريكية التعليق
                for k in range(i + 1, min(len(toks), i + 6)):
                    if toks[k].kind != "w":
                        break
                    if toks[k].norm in AR_REFUSE_OBJ:
                        return ("refuse", k + 1, "", ())
            elif op == "bayn":
                if not any(self._comp_at(x) for x in range(i + 1, min(len(toks), i + 5))):
                    return None  # بين is "between" unless a complementizer follows
                return ("verb", i + 1, step[1], step[2])
            else:
                return (op, i + 1, step[1], step[2])
        return None

    def _as_follows(self, i: int) -> bool:
        """ "describing their presence as destabilizing": an "as" after the object, in the
        same clause (no punctuation between), within EN_AS_REACH tokens."""
        toks = self.toks
        for k in range(i + 2, min(len(toks), i + EN_AS_REACH)):
            if toks[k].kind != "w":
                return False
            if toks[k].norm == "as":
                return k + 1 < len(toks) and toks[k + 1].kind == "w"
        return False

    def _quoted_as_saying(
        self, i: int, lw: str, nxt: str
    ) -> tuple[str, int, str, tuple[str, ...]] | None:
        """ "X was quoted as saying …" (X speaks) and "Y quoted X as saying …" (X speaks, Y
        carries): one cue from "was"/"quoted" to "saying"; flag "quoted" for the second."""
        if lw in EN_QUOTED_AUX and nxt == "quoted":
            first, flags = i + 2, ""
        elif lw == "quoted":
            first, flags = i + 1, "quoted"
        else:
            return None
        toks = self.toks
        for k in range(first, min(len(toks) - 1, first + 8)):
            if toks[k].kind != "w":
                return None
            if toks[k].norm == "as" and toks[k + 1].norm == "saying":
                return ("verb", k + 2, flags, ())
        return None

    def _cue_blocked(self, i: int, kind: str) -> bool:
        toks = self.toks
        prev = toks[i - 1].norm if i > 0 else ""
        prev2 = toks[i - 2].norm if i > 1 else ""
        if prev in {"ما", "لما", "عما"} and (prev2 in AR_ATTRIB or prev2 in {"حسب", "بحسب"}):
            return True
        if self._in_via(i) and kind != "acc":
            return True
        if kind == "part":
            # A participle that continues a statement follows a comma, a quote or a verb.
            if prev in COMMAS or toks[i - 1].kind == "q" or i == 0 or toks[i - 1].kind == "nl":
                return False
            return not (toks[i - 1].kind == "w" and self._cue_at(i - 1) is not None)
        if kind == "verb" and toks[i].latin:
            # "the said agreement", "as noted": not statements.
            if prev in {"the", "a", "as", "to", "be", "been", "is", "was", "being", "not"} and toks[
                i
            ].norm not in {"said"}:
                return True
            if prev in {"the", "a", "to"}:
                return True
        return False

    def _comp_at(self, j: int) -> bool:
        toks = self.toks
        t = toks[j]
        if t.kind != "w":
            return False
        if t.latin:
            prev = toks[j - 1].norm if j > 0 and toks[j - 1].kind == "w" else ""
            return t.norm in EN_COMP and prev not in EN_COMP_BLOCK
        if t.norm not in AR_COMP:
            return False
        prev = toks[j - 1].norm if j > 0 and toks[j - 1].kind == "w" else ""
        return prev not in AR_COMP_BLOCK  # بعد أن، يجب أن … are not "that"

    def _forward(
        self, i: int, end_cue: int, kind: str, flags: str, preps: tuple[str, ...]
    ) -> Claim | None:
        """Find where a cue's content starts: a quote, a complementizer, a colon, a preposition
        or (for verbs that take one) a bare object."""
        toks = self.toks
        s0, s1 = self.doc.sent_bounds(i)
        belief = "belief" in flags
        if toks[i].latin and not belief and "strict" not in flags:
            k = end_cue
            while k < s1 and toks[k].kind == "w" and (
                toks[k].norm in EN_WEEKDAYS or toks[k].norm in EN_DAY_WORDS
            ):
                k += 1
            if end_cue < k < s1 and toks[k].norm in EN_SUBJECT_PRONOUNS:
                # "said on Wednesday it would …": the day, then the clause without "that".
                return Claim(i, end_cue, kind, flags, "obj", k, middle=(end_cue, k))
        if (
            toks[i].latin
            and end_cue < s1
            and toks[end_cue].norm in EN_SUBJECT_PRONOUNS
            and not belief
            and "strict" not in flags
        ):
            # "said it staged an attack that …": the clause is the object; its "that" is relative.
            return self._object_content(i, end_cue, kind, flags, s1)
        limit = min(s1, end_cue + (8 if belief else 28))
        commas = 0
        j = end_cue
        if belief and not toks[i].latin and end_cue < s1 and is_head(toks[end_cue].norm):
            # "رأى القيادي في تحالف الفتح سعد السعدي أن": the subject, then the complementizer.
            j = self._np_end(end_cue, s1, short_name=False)
            limit = min(s1, j + 8)
        via_at, quotes = self._via_at, self.doc.quotes  # the loop's look-ups, bound once
        while j < limit:
            t = toks[j]
            latin = t.latin
            if not latin and t.norm in AR_PREPS and j + 1 < s1 and via_at[j + 1] >= 0:
                j = via_at[j + 1]  # "في حديث لقناة العهد": how it was said
                continue
            tk = t.kind
            if belief and tk == "w" and (t.norm in AR_PREPS or (latin and t.norm in EN_PREPS)):
                break  # "ترى في التجربة …": an opinion verb whose complementizer is not in sight
            if not latin and via_at[j] >= 0:
                j = via_at[j]  # لـ"الشبكة": the outlet spoken to, not the content
                continue
            if t.quote >= 0:
                q = quotes[t.quote]
                if tk == "q" and q.open_tok == j:
                    if not q.name_only and q.words(toks) >= 1:
                        return Claim(
                            i,
                            end_cue,
                            kind,
                            flags,
                            "quote",
                            q.first,
                            quote=t.quote,
                            middle=(end_cue, j),
                        )
                    j = (q.close_tok if q.close_tok is not None else q.last) + 1
                    continue
                if not q.name_only:  # inside a quote
                    j += 1
                    continue
            if tk == "p":
                if t.raw in {":"}:
                    return Claim(i, end_cue, kind, flags, "colon", j + 1, middle=(end_cue, j))
                if t.raw in COMMAS:
                    commas += 1
                    if commas > 3:  # "قال رئيس الهيئة، سامي الكريمي، الأربعاء، إن"
                        break
                elif t.raw in {";", "؛"}:
                    break
                j += 1
                continue
            comp = tk == "w" and self._comp_at(j)
            if latin and comp and self._appositive_before(end_cue, j):
                break  # "announced a suspension, a move that followed …": a relative clause
            if comp and not (latin and j - end_cue > EN_COMP_REACH):
                return Claim(
                    i,
                    end_cue,
                    kind,
                    flags,
                    "comp",
                    j + 1,
                    middle=(
                        end_cue,
                        j - (1 if j > end_cue and toks[j - 1].norm in {"الي", "علي", "من"} else 0),
                    ),
                )
            if (
                j > end_cue
                and (cue := self._cue_at(j)) is not None
                and cue[0] != "acc"
                and not self._cue_blocked(j, cue[0])
            ):
                break
            j += 1
        if belief:
            return None
        if preps:
            found = self._prep_content(i, end_cue, kind, flags, preps, s1)
            if found is not None:
                return found
        if "strict" in flags:
            return None
        return self._object_content(i, end_cue, kind, flags, s1)

    def _appositive_before(self, a: int, j: int) -> bool:
        """Does an appositive (", a move", ", the decision") open between a and the "that" at
        j? Then "that" opens its relative clause, not reported speech."""
        toks = self.toks
        return any(
            toks[x].raw == "," and toks[x + 1].norm in {"a", "an", "the"} and j - x <= 4
            for x in range(a, j - 1)
        )

    def _prep_content(
        self, i: int, end_cue: int, kind: str, flags: str, preps: tuple[str, ...], s1: int
    ) -> Claim | None:
        """The verb's own preposition: أشار الى …، شدد على …، أعرب عن …"""
        toks = self.toks
        j = end_cue
        commas = 0
        while j < min(s1, end_cue + 12):
            t = toks[j]
            if t.kind == "p" and t.raw in COMMAS:
                commas += 1
                if commas > 1:
                    break
            elif t.kind == "p" and t.raw not in COMMAS or t.kind == "q" or self.doc.in_quote(j):
                break
            elif t.kind == "w":
                w = t.norm
                if w in preps or ("ب" in preps and ba_object(w) and not self.doc.mention_at.get(j)):
                    start = j + 1 if w in preps else j
                    if start < s1:
                        return Claim(i, end_cue, kind, flags, "prep", start, middle=(end_cue, j))
                if j > end_cue + 1 and self._cue_at(j):
                    break
                if w in {"في", "خلال", "عبر", "امام", "عقب", "اثناء", "وفي"}:
                    # An adjunct ("في بيان نشرته على قناتها"): its words are not the content.
                    k = j + 1
                    while (
                        k < s1 and toks[k].kind == "w" and k - j < 10 and toks[k].norm not in preps
                    ):
                        k += 1
                    if k < s1 and toks[k].raw in COMMAS:
                        j = k
                        continue
            j += 1
        return None

    def _object_content(self, i: int, end_cue: int, kind: str, flags: str, s1: int) -> Claim | None:
        """A bare object: "نفى وجود أي خطط", "اكدت خلاله، نيتها …", "Kirby said the troops …"."""
        toks = self.toks
        if toks[i].latin and toks[i].norm in EN_TELL:
            return self._told_clause(i, end_cue, kind, flags, s1)
        j = self._skip_adjuncts(end_cue, s1)
        if j >= s1 or toks[j].kind in {"p", "nl"}:
            return None
        if toks[i].latin and kind == "verb" and toks[j].cap:
            # "said Kirby." / "said Renad Mansour, a fellow at …": the subject, then nothing.
            k = j
            while (
                k < s1
                and toks[k].kind == "w"
                and (toks[k].cap or toks[k].norm in {"al", "el", "de", "bin"})
            ):
                k += 1
            if k >= s1 or toks[k].kind in {"p", "nl"}:
                return None
        k = j
        while k < min(s1, j + 3) and toks[k].norm in {"a", "just", "as", "very"}:
            k += 1
        if toks[i].latin and k < s1 and toks[k].norm in EN_AMOUNT_OBJECTS:
            return None  # "it says a lot about …"
        return Claim(i, end_cue, kind, flags, "obj", j, middle=(end_cue, j))

    def _claim_noun_only(self, j: int, s1: int) -> bool:
        """Is the object at j only a noun for someone else's claim ("the allegation", "these
        reports", "الاتهامات", "هذه الأنباء"), its clause ending right after it?"""
        toks = self.toks
        k = j
        if k < s1 and toks[k].norm in EN_DETERMINERS | AR_DEMONSTRATIVES:
            k += 1
        if k >= s1 or toks[k].norm not in EN_CLAIM_NOUNS | AR_CLAIM_NOUNS:
            return False
        return k + 1 >= s1 or toks[k + 1].kind in {"p", "nl"}

    def _told_clause(self, i: int, end_cue: int, kind: str, flags: str, s1: int) -> Claim | None:
        """ "told AFP the decision followed …": past whom it was told (an outlet, a name,
        "reporters"), a clause with its own subject; "told Reuters on Thursday." gives none."""
        toks = self.toks
        j = end_cue
        if j + 1 < s1 and toks[j].norm == "the" and (toks[j + 1].cap or self._outletish(j + 1)):
            j += 1  # "told the BBC"
        while j < s1 and toks[j].kind == "w" and j - end_cue < 5 and (
            toks[j].cap or toks[j].norm in EN_ADDRESSEES or self._outletish(j)
        ):
            j += 1
        if j == end_cue:
            return None
        j = self._skip_adjuncts(j, s1)
        words = sum(1 for t in toks[j:s1] if t.kind == "w")
        if j >= s1 or toks[j].kind != "w" or words < 4 or toks[j].norm in EN_PREPS:
            return None  # "told Reuters on Thursday", "told reporters in Baghdad"
        return Claim(i, end_cue, kind, flags, "obj", j, middle=(end_cue, j))

    def _skip_adjuncts(self, j: int, limit: int) -> int:
        """Skip fillers, dates, prepositional adjuncts and a following comma after a verb."""
        toks = self.toks
        start = j
        while j < limit:
            t = toks[j]
            if t.kind == "p" and t.raw in COMMAS:
                j += 1
                continue
            if t.kind != "w":
                return j
            w = t.norm
            if w in AR_FILLERS or w in EN_FILLERS or (t.latin and w in EN_WEEKDAYS):
                j += 1
                continue
            if t.latin and w == "on" and j + 1 < limit and toks[j + 1].norm in EN_WEEKDAYS:
                j += 2  # "announced on Tuesday a suspension …"
                continue
            if not t.latin and (strip_conj(w) in AR_WEEKDAYS or w in AR_DATE_WORDS):
                j += 1
                continue
            if w in {"من", "ومن"} and j + 1 < limit and toks[j + 1].norm in AR_SIDE:
                j += 2
                continue
            if self._in_via(j):
                j = self._via_at[j]
                continue
            if (
                w
                in {
                    "خلال",
                    "عقب",
                    "اثناء",
                    "في",
                    "امام",
                    "لدي",
                    "عبر",
                    "during",
                    "after",
                    "in",
                    "on",
                    "at",
                    "following",
                }
                and j == start
            ):
                # An adjunct right after the verb: up to the next comma.
                k = j + 1
                while k < limit and toks[k].kind == "w" and k - j < 8:
                    k += 1
                if k < limit and toks[k].kind == "p" and toks[k].raw in COMMAS:
                    j = k + 1
                    start = j
                    continue
                if t.latin and k - j <= 4:
                    j = k
                    continue
                return j
            if t.latin and w == "as" and all(toks[x].kind == "p" for x in range(start, j)):
                # ", as you would expect him to do, the participation …": an aside.
                k = j + 1
                while k < limit and toks[k].kind == "w" and k - j < 10:
                    k += 1
                if k < limit and toks[k].raw in COMMAS:
                    j = start = k + 1
                    continue
                return j
            if t.latin and w in {"reporters", "journalists"} and j == start:
                j += 1
                continue
            return j
        return j
