"""The main loop: each sentence's speech cues become claims; where reported clauses end."""

from __future__ import annotations

from functools import lru_cache

from story.extract.attribution import Attribution
from story.extract.cues import CueReader
from story.extract.document import Doc
from story.extract.labels import LabelReader, first_person
from story.extract.lexicon.ar import AR_ATTRIB, AR_BREAK, AR_COMP, AR_LABEL_TAGS, AR_PRESENT
from story.extract.lexicon.common import COMMAS, SENT_END
from story.extract.lexicon.en import (
    EN_ABBREV,
    EN_AS_PARTICIPLES,
    EN_BREAK,
    EN_CHANNEL,
    EN_COMP,
    EN_GREETING,
    EN_LABEL_TAGS,
    EN_NEW_CLAUSE,
    EN_OUTLET_WORDS,
    EN_PRONOUN,
    EN_ROLE_WORDS,
    EN_TITLES,
)
from story.extract.model import Claim, Speaker, State
from story.extract.people import PeopleReader, surname_key
from story.extract.speakers import SpeakerReader
from story.extract.third_person import ThirdPersonReader
from story.extract.vias import OUTLET_WORDS, ViaReader
from story.extract.words import is_head, name_like, strip_al, strip_conj
from story.normalize import normalize

# Unions and differences of the lexicon's sets, built once (not at every test).
_LABEL_TAGS = frozenset(AR_LABEL_TAGS | EN_LABEL_TAGS)
_EN_OUTLET_OR_CHANNEL = frozenset(EN_OUTLET_WORDS | EN_CHANNEL)
_ATTRIB = frozenset(AR_ATTRIB | {"according"})


@lru_cache(maxsize=65536)  # asked of every claim's unknown speaker; a text names few
def _outlet_named(name: str) -> bool:
    """Does a speaker's name open with an outlet word ("صحيفة X", "the paper")?"""
    words = name.split()
    head = normalize(strip_conj(words[0])).lower() if words else ""
    if head in {"the", "a", "an"} and len(words) > 1:
        head = words[1].lower()
    return strip_al(head) in OUTLET_WORDS or head in OUTLET_WORDS


def _adjective(w: str) -> bool:
    """A word that describes a source: a nisba (أمني، حكومية) or a participle (مطلع، مقرب)."""
    return w.endswith(("ي", "يه")) or (w.startswith("م") and len(w) >= 4)


class Extractor(
    ViaReader, CueReader, SpeakerReader, PeopleReader, LabelReader, ThirdPersonReader, Attribution
):
    def __init__(self, doc: Doc, outlet: str | None):
        self.doc = doc
        self.toks = doc.toks
        self.outlet = outlet
        self.state = State()
        self.claims: list[Claim] = []
        self.history: list[Speaker] = []  # speakers so far, for "الوزارة" / "the minister"
        self.last_claim: Claim | None = None
        self.via_spans: list[
            tuple[int, int, str, str | None, bool]
        ] = []  # (a, b, name, id, official)
        self.used_vias: set[int] = set()
        self._cues: dict[int, tuple[str, int, str, tuple[str, ...]] | None] = {}
        self._mention_starts = [m[0] for m in doc.mentions]
        self._quote_opens = [q.open_tok for q in doc.quotes]
        self._acronyms: dict[str, list[tuple[int, str]]] = {}
        self._collect_people()
        self._collect_outlets()
        self._collect_vias()
        self._index_vias()

    def run(self) -> list[Claim]:
        doc = self.doc
        heading_paras = {p for p, (_, _, h) in enumerate(doc.paras) if h}
        skip = -1
        for k, (s0, s1) in enumerate(doc.sents):
            if k == skip:
                continue
            paras = {self.toks[x].para for x in range(s0, s1)}
            if paras and paras <= heading_paras:
                # The title (first line) restates its article; a later short line is a post
                # or a tagged headline ("عاجل | X: …"): read for "X: …" only.
                tagged = self.toks[s0].norm in _LABEL_TAGS
                label = self._label_claim(s0, s1)
                if label is None and k + 1 < len(doc.sents):
                    label = self._name_line_claim(s0, s1, *doc.sents[k + 1])
                    if label is not None:
                        skip = k + 1  # the line after is this speaker's clause
                        self._take_label(label, s0, doc.sents[k + 1][1])
                        continue
                if (
                    0 in paras
                    and not tagged
                    and label is not None
                    and not self._personal(label)
                    and not first_person(self.toks[label.content : s1])  # "X: وجودنا …"
                ):
                    continue  # "Iraq: the long road home": a title, not a speaker's words
                if label is not None:
                    self._take_label(label, s0, s1)
                continue
            self._sentence(k, s0, s1)
        return self.claims

    def _own_reporting(self, claim: Claim) -> bool:
        """An outlet's own reporting ("قالت صحيفة X في تقرير إن …", "Newsweek reported that",
        "the paper said"): the outlet is no speaker of its own story. Words it puts in
        quotation marks are words it carries, a statement still; so is a post's label
        ("رويترز: …", read apart)."""
        sp = claim.speaker
        if sp is None or claim.marker == "quote" or claim.kind == "refuse":
            return False
        if sp.actor is not None:
            if sp.actor.kind != "outlet":
                return False
        else:
            if not _outlet_named(sp.name):
                return False
        toks = self.toks
        return not any(
            toks[x].kind == "q"
            and toks[x].quote >= 0
            and self.doc.quotes[toks[x].quote].open_tok == x
            and not self.doc.quotes[toks[x].quote].name_only
            and self.doc.quotes[toks[x].quote].words(toks) >= 3
            for x in range(claim.content, max(claim.content, claim.content_end))
        )

    def _relative_appositive(self, comma: int) -> bool:
        """ "…, a move that …", "…, the step which …": after the comma a noun and its relative
        clause describe what came before; they are not the speaker's words."""
        toks = self.toks
        if comma + 2 >= len(toks) or toks[comma + 1].norm not in {"a", "an", "the"}:
            return False
        return any(
            toks[x].kind == "w" and toks[x].norm in {"that", "which"}
            for x in range(comma + 2, min(len(toks), comma + 5))
        )

    def _personal(self, label: Claim) -> bool:
        """Does a title's label name a person ("مسعود بارزاني : …", "الحلبوسي : …", "Minister
        X: …"), not a place, a body or a topic?"""
        sp = label.speaker
        if sp is None or sp.joint:
            return False
        if sp.actor is not None:
            return sp.actor.kind == "person"
        if sp.role and sp.name != sp.role:
            return True  # a title and a name
        words = sp.name.split()
        if sp.name == sp.role and words and not words[0][:1].isascii():
            return is_head(normalize(words[0]))  # "قيادي بالحشد:", "مصدر أمني:": by role
        if not words or len(words) > 3 or sp.name == sp.role:
            return False
        if all(w[:1].isupper() for w in words):
            return len(words) >= 2
        first = normalize(words[0])
        return not first.startswith("ال") or (len(words) == 1 and first.endswith("ي"))

    def _take_label(self, label: Claim, s0: int, s1: int) -> None:
        self._bound([label], s1)
        self._finish(label, s0, [])
        assert label.speaker is not None  # _label_claim gives each label its speaker
        label.speaker = self._corefer(label.speaker, label.cue)
        sp = label.speaker
        if sp.actor is None and sp.name and len(sp.name.split()) == 1:
            # "الحلبوسي : …" over a body that names him in full: one name for one person.
            key = surname_key(sp.name)
            fuller = next((p for p in self.people if p.key == key and p.name != sp.name), None)
            if fuller is not None:
                label.speaker = fuller.speaker(sp.tok)
        self.state.last = label.speaker
        self.history.append(label.speaker)
        self.last_claim = label
        self.claims.append(label)

    def _sentence(self, k: int, s0: int, s1: int) -> None:
        label = self._label_claim(s0, s1)
        if label is not None:
            self._take_label(label, s0, s1)
            return
        toks = self.toks
        cues: list[Claim] = []
        quotes, cue_at = self.doc.quotes, self._cue_at  # bound once: asked at every token
        i = s0
        while i < s1:
            t = toks[i]
            refuse_in_quote = False
            if t.quote >= 0 and not quotes[t.quote].name_only:  # in a quote
                q = quotes[t.quote]
                if i != q.first or t.kind != "w":
                    i += 1
                    continue
                refuse_in_quote = True
            found = cue_at(i)
            if not found or (refuse_in_quote and found[0] != "refuse"):
                i += 1
                continue
            kind, end, flags, preps = found
            if self._cue_blocked(i, kind):
                i = end
                continue
            if i > s0 and toks[i - 1].norm in {"كما", "مثلما", "as"} and "strict" not in flags:
                flags += (
                    " strict"  # "كما أكد الوزير" = as the minister said, unless a content follows
                )
            claim = self._cue_claim(i, end, kind, flags, preps, s0, s1, cues)
            if claim:
                cues.append(claim)
                if claim.kind == "verb" and kind == "part":
                    claim.kind = "part"
                i = (
                    max(end, claim.content)
                    if claim.marker in {"comp", "colon", "prep", "obj"} and claim.kind != "post"
                    else end
                )
                if claim.marker == "quote" and claim.quote is not None:
                    q = self.doc.quotes[claim.quote]
                    i = max(i, (q.close_tok if q.close_tok is not None else q.last) + 1)
                continue
            i = end
        # "according to X, …" and "بحسب X، …" without a speech verb: X said it.
        if not cues:
            acc = self._according_claim(s0, s1) or self._second_that(k, s0, s1)
            if acc:
                cues.append(acc)
        cues.sort(key=lambda c: c.cue)
        self._bound(cues, s1)
        sentence_claims: list[Claim] = []
        for claim in cues:
            self._resolve(claim, s0, sentence_claims)
            if claim.speaker is None:
                claim.dropped = True
                continue
            claim.speaker = self._corefer(claim.speaker, claim.cue)
            self._nested_cut(sentence_claims, claim)
            self._finish(claim, s0, sentence_claims)
            if self._own_reporting(claim):
                claim.dropped = True  # kept in the sentence: a nested speaker cuts it still
            sentence_claims.append(claim)
            self.state.last = claim.speaker
            self.history.append(claim.speaker)
            self.last_claim = claim
        self._leftover_quotes(s0, s1, sentence_claims)
        self.claims.extend(c for c in sentence_claims if not c.dropped)

    def _cue_claim(
        self,
        i: int,
        end: int,
        kind: str,
        flags: str,
        preps: tuple[str, ...],
        s0: int,
        s1: int,
        cues: list[Claim],
    ) -> Claim | None:
        """The claim a cue at token i opens, if its content is there."""
        toks = self.toks
        if kind == "refuse":
            claim = self._refusal(i, end, s1)
        elif kind == "acc":
            claim = None  # decided after the verbs of the sentence are known
        else:
            comma_next = end < len(toks) and toks[end].raw in COMMAS and toks[i].latin
            claim = (
                self._post_quote(i, end, kind, flags)
                or (self._post_clause(i, end, kind, flags, s0) if comma_next and not cues else None)
                or self._forward(i, end, kind, flags, preps)
                or (self._post_clause(i, end, kind, flags, s0) if not cues else None)
            )
            if claim and claim.marker == "obj" and kind == "part" and toks[i].latin and (
                toks[i].norm not in EN_AS_PARTICIPLES  # "describing X as Y" is a claim
            ):
                claim = None
            if claim and claim.marker == "obj" and self._greeting(i, claim.content):
                claim = None  # "welcomed Prime Minister X to the White House"
            if (
                claim
                and kind == "verb"
                and claim.marker in {"prep", "obj"}
                and self._inside_open(cues, i)
            ):
                claim = None  # "قالت إن الفصائل تهدد باستئناف …": part of the reported clause
        return claim

    def _according_person(self, a: int, s1: int) -> Claim | None:
        """ "According to the group's deputy, Ahmed Karimi, …" / "According to Ahmed Karimi,
        …": a person not yet known speaks (proposed as a new actor)."""
        toks = self.toks
        commas = [x for x in range(a + 2, min(s1, a + 16)) if toks[x].raw in COMMAS]
        if not commas:
            return None
        np_end = commas[0]
        sp = self._unknown_en(a + 2, np_end)
        content = np_end + 1
        if len(commas) > 1 and (sp is None or sp.name == sp.role):
            named = self._unknown_en(np_end + 1, commas[1])  # "the deputy, Ahmed Karimi,"
            if named is not None and named.name != named.role and not named.role:
                role = self.doc.span_text(a + 2, np_end)[0]
                sp = Speaker(None, name=named.name, role=role, tok=np_end + 1)
                content = commas[1] + 1
        if sp is None or sp.name == sp.role or not sp.name[:1].isupper():
            return None  # a description, an outlet or a document is no person
        if any(toks[x].norm in _EN_OUTLET_OR_CHANNEL for x in range(a + 2, np_end)):
            return None
        if content >= s1 - 2:
            return None
        claim = Claim(a, a + 2, "acc", "", "obj", content, middle=(a + 2, content))
        sp.tok, sp.end_tok = a + 2, content - 1
        claim.speaker = sp
        self._drop_via(a)
        return claim

    def _named_after_role(self, a: int, b: int) -> bool:
        """ "According to Pentagon press secretary Pat Ryder": a role the pack knows, then a
        name of someone else."""
        toks = self.toks
        for _t0, t1, _actor, how in self._mentions_in(a, b + 3):
            if how == "role" and t1 + 1 < len(toks) and toks[t1].cap and toks[t1 + 1].cap:
                return t1 not in self.doc.mention_at
        return False

    def _according_source_ar(self, a: int, b: int, s1: int) -> Claim | None:
        """ "وبحسب مصدر حكومي تحدث لـ"X"، فإن …": a source named by its description (a title
        and its adjectives) or by name speaks; a vague plural ("مصادر") gives nothing."""
        toks = self.toks
        j = a + 1
        while j < b and toks[j].norm in {"ل", "لـ", "عن"}:
            j += 1
        if j >= b or not is_head(toks[j].norm):
            return None
        end = b  # the source's words are the via span's (the noun phrase stage skips vias)
        k = j + 1
        while k < end and _adjective(toks[k].norm):
            k += 1
        sp = self._unknown_np(j, end, after_verb=False)
        if sp is None or not sp.name:
            return None
        if sp.name == sp.role:  # a description: the title and its adjectives only
            sp = self._unknown_np(j, k, after_verb=False)
            if sp is None:
                return None
        content = next(
            (x + 1 for x in range(b, min(s1, b + 8)) if toks[x].raw in COMMAS or self._comp_at(x)),
            None,
        )
        if content is None:
            return None
        while content < s1 and self._comp_at(content):
            content += 1
        if sum(1 for t in toks[content:s1] if t.kind == "w") < 3:
            return None
        claim = Claim(a, b, "acc", "", "obj", content, middle=(b, content))
        sp.tok, sp.end_tok = j, k
        claim.speaker = self._corefer(sp, a)
        return claim

    def _second_that(self, k: int, s0: int, s1: int) -> Claim | None:
        """ "He noted that X. And that Y." / "وأكد أن … . وأن …": a sentence that opens with
        "and that" goes on with the last sentence's that-clause, for the same speaker."""
        last = self.last_claim
        toks = self.toks
        if last is None or last.marker != "comp" or s0 + 2 >= s1 or k == 0:
            return None
        if last.cue < self.doc.sents[k - 1][0] or toks[s0].kind != "w":
            return None
        w = toks[s0].norm
        if toks[s0].latin:
            if w != "and" or toks[s0 + 1].norm not in EN_COMP:
                return None
            content = s0 + 2
        elif w.startswith("و") and w[1:] in AR_COMP:
            content = s0 + 1
        else:
            return None
        claim = Claim(s0, content, "part", "", "comp", content, middle=(content, content))
        claim.speaker = last.speaker
        return claim

    def _greeting(self, i: int, content: int) -> bool:
        """A welcome whose object is a person is a greeting, not a statement."""
        if self.toks[i].norm not in EN_GREETING:
            return False
        j = content + (1 if self.toks[content].norm == "the" else 0)
        t = self.toks[j] if j < len(self.toks) else None
        return t is not None and (t.norm in EN_TITLES or j in self._people_tok_set)

    def _inside_open(self, cues: list[Claim], i: int) -> bool:
        """Does token i sit in the reported clause of the last cue (no comma in between, or a
        present-tense verb, which reports a state rather than a new statement)?"""
        if not cues:
            return False
        last = cues[-1]
        if last.marker not in {"comp", "colon", "prep", "obj"} or i < last.content:
            return False
        if self.toks[i].norm in AR_PRESENT or strip_conj(self.toks[i].norm) in AR_PRESENT:
            return True
        if i > 0 and self.toks[i - 1].norm in {"and", "but"}:
            return False  # "confirmed the transition but said …": a second statement
        if self.toks[i].latin and any(
            t.norm in EN_NEW_CLAUSE for t in self.toks[last.content : i] if t.quote < 0
        ):
            return False  # "blamed the coalition but the group said …"
        return not any(t.kind == "p" for t in self.toks[last.content : i] if t.quote < 0)

    def _post_quote(self, i: int, end: int, kind: str, flags: str) -> Claim | None:
        """A verb right after a quote it attributes: "…،" قال الشمري / "…," he said."""
        if kind != "verb":
            return None
        toks = self.toks
        j = i - 1
        subj_start = i
        while j >= 0 and i - j <= 14 and (
            (toks[j].kind == "w" and toks[j].latin)
            or (toks[j].raw == "," and j > 0 and toks[j - 1].kind == "w")
            or (toks[j].raw == "." and j > 0 and toks[j - 1].norm in EN_ABBREV)  # "Maj. Gen."
        ):
            # '"…," a senior militia commander told Reuters'; '"…," the group's leader, Abu X,
            # said': the subject and its appositive.
            if toks[j].kind == "w":
                subj_start = j
            j -= 1
        if j >= 0 and toks[j].kind == "p" and toks[j].raw in COMMAS:
            j -= 1
        if j < 0 or toks[j].kind != "q" or toks[j].quote < 0:
            return None
        q = self.doc.quotes[toks[j].quote]
        if q.close_tok != j or q.used or q.name_only:
            # A quote whose comma sits inside it: "…," he said.
            return None
        # Only when nothing introduces a content after the verb.
        s1 = self.doc.sent_bounds(i)[1]
        for x in range(end, min(s1, end + 10)):
            tx = toks[x]
            if tx.kind == "q" or self._comp_at(x) or tx.raw == ":":
                return None
            if tx.kind == "p" and tx.raw in SENT_END:
                break
        claim = Claim(
            i,
            end,
            "post",
            flags,
            "quote",
            q.first,
            quote=toks[j].quote,
            middle=(end, min(s1, end + 8)),
        )
        claim.closed = True
        claim.content_end = q.last + 1
        claim.middle = (subj_start, i)  # an English subject before the verb
        return claim

    def _post_clause(self, i: int, end: int, kind: str, flags: str, s0: int) -> Claim | None:
        """Reported speech before its verb: "The troops will stay, Kirby said on Monday." /
        "القوات ستبقى، قال المتحدث"."""
        if kind != "verb":
            return None
        toks = self.toks
        j = i - 1
        subj_start = i
        if toks[i].latin:
            while (
                j >= s0
                and toks[j].kind == "w"
                and i - j <= 8
                and (
                    name_like(toks[j])  # "Kirby", "al-Maksousi", "bin"
                    or toks[j].norm in EN_ROLE_WORDS
                    or toks[j].norm in EN_PRONOUN
                )
            ):
                subj_start = j
                j -= 1
        if toks[i].latin and j >= s0 and toks[j].kind == "w":
            # ", the electoral commission said": a described subject after the clause.
            k = j
            while k >= s0 and toks[k].kind == "w" and i - k <= 6 and toks[k].norm != "the":
                k -= 1
            if k > s0 and toks[k].norm == "the" and toks[k - 1].raw in COMMAS:
                subj_start, j = k, k - 1
        if j < s0 or toks[j].kind != "p" or toks[j].raw not in COMMAS:
            return None
        comma = j
        start = s0
        for x in range(s0, min(comma, s0 + 4)):
            if toks[x].raw in {"—", "–", "-"}:
                start = x + 1  # a dateline: "WASHINGTON —", "بغداد -"
        outside = [x for x in range(start, comma) if toks[x].kind == "w" and toks[x].quote < 0]
        if sum(1 for x in outside if not self._in_via(x)) < 3:
            return None  # "وفي حديث لقناة العهد، رأى …": how it was said, not what
        claim = Claim(i, end, "post", flags, "clause", start, middle=(subj_start, i))
        claim.content_end = comma
        claim.closed = True
        return claim

    def _refusal(self, i: int, end: int, s1: int) -> Claim:
        t = self.toks[i]
        if t.quote >= 0 and self.doc.quotes[t.quote].first == i:
            q = self.doc.quotes[t.quote]
            claim = Claim(i, end, "refuse", "", "quote", q.first, quote=t.quote, middle=(end, end))
            return claim
        return Claim(i, end, "refuse", "", "self", i, middle=(end, end))

    def _according_claim(self, s0: int, s1: int) -> Claim | None:
        for a, b, _name, ident, _official in self._vias_in(s0, s1):
            w = self.toks[a].norm
            if w == "according" and a < s0 + 3 and (not ident or self._named_after_role(a, b)):
                claim = self._according_person(a, s1)
                if claim is not None:
                    return claim
            if w in AR_ATTRIB and not ident and a < s0 + 3:
                claim = self._according_source_ar(a, b, s1)
                if claim is not None:
                    return claim
            if w not in _ATTRIB or not ident:
                continue
            if a < s0 + 3:
                content = b
                while content < s1 and (self.toks[content].kind == "p" or self._comp_at(content)):
                    content += 1
                claim = Claim(a, b, "acc", "", "obj", content, middle=(b, content))
                claim.speaker = Speaker(self.doc.index.actors[ident], tok=a, end_tok=b)
                return claim
            # "…, according to X." at the end.
            if b >= s1 - 2:
                claim = Claim(a, b, "acc", "", "obj", s0, middle=(b, b))
                claim.content_end = a
                claim.speaker = Speaker(self.doc.index.actors[ident], tok=a, end_tok=b)
                claim.closed = True
                self._drop_via(a)
                return claim
        return None

    def _bound(self, cues: list[Claim], s1: int) -> None:
        """Where each reported clause ends."""
        toks = self.toks
        for n, claim in enumerate(cues):
            if claim.closed:
                continue
            if claim.marker == "quote" and claim.quote is not None:
                q = self.doc.quotes[claim.quote]
                claim.content_end = q.last + 1
                claim.closed = True
                continue
            limit = s1
            if n + 1 < len(cues):
                nxt = cues[n + 1]
                stop = nxt.cue
                if nxt.kind == "post":
                    stop = (
                        min(stop, self.doc.quotes[nxt.quote].open_tok)
                        if nxt.quote is not None
                        else stop
                    )
                limit = min(limit, max(stop, claim.content))
            if claim.marker == "self":
                limit = min(limit, claim.cue + 12)
            end = claim.content
            commas = 0
            words = 0
            cap = 60 if claim.marker in {"comp", "colon"} else 40
            while end < limit:
                t = toks[end]
                if t.quote >= 0 and self.doc.quotes[t.quote].open_tok == end:
                    q = self.doc.quotes[t.quote]
                    qend = (q.close_tok if q.close_tok is not None else q.last) + 1
                    words += q.words(toks)
                    end = qend
                    continue
                if t.kind == "p" and t.raw in COMMAS:
                    nxt_w = (
                        toks[end + 1].norm
                        if end + 1 < len(toks) and toks[end + 1].kind == "w"
                        else ""
                    )
                    if (
                        nxt_w in AR_BREAK
                        or nxt_w in EN_BREAK
                        or (toks[end + 1].kind == "w" and self._cue_at(end + 1))
                        if end + 1 < len(toks)
                        else False
                    ):
                        break
                    if self._relative_appositive(end):
                        break  # "…, a move that followed …": the writer's comment
                    commas += 1
                    if claim.marker in {"obj", "prep", "self"} and (
                        commas >= 2 or (words >= 10 and claim.marker != "self")
                    ):
                        break
                    if claim.marker == "self":
                        break
                if t.kind == "p" and t.raw in {";", "؛"}:
                    break
                via = self._via_starting(end)
                if via is not None and end > claim.content:
                    after = toks[via[1]] if via[1] < len(toks) else None
                    if after is None or via[1] >= s1 or after.kind in {"p", "nl"}:
                        break  # "… بحسب ما أوردت X،": the attribution, not the claim
                if t.kind == "w":
                    words += 1
                    if words > cap:
                        break
                end += 1
            claim.content_end = end
