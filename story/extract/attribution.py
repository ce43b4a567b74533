"""A claim's speaker, via and day; clauses that give way to a nested statement; quotes that
no cue took (a speech noun before them, "على حد تعبيره" after them)."""

from __future__ import annotations

import bisect
import itertools
from datetime import date
from functools import lru_cache

from story.extract.base import ReaderBase
from story.extract.dates import dates_in
from story.extract.lexicon.ar import (
    AR_AN_PRONOUNS,
    AR_DANGLING,
    AR_PRONOUN,
    AR_SPEAKER_HEADS,
    AR_SPEECH_NOUNS,
)
from story.extract.lexicon.common import COMMAS, KIND_NOUNS
from story.extract.lexicon.en import (
    EN_AUX,
    EN_DANGLING,
    EN_NEW_CLAUSE,
    EN_OBJECT_PRONOUNS,
    EN_PRONOUN,
    EN_SPEECH_NOUNS,
    EN_TELL,
)
from story.extract.model import NOBODY, Claim, Speaker, recent
from story.extract.quotes import Quote
from story.extract.words import strip_al, strip_conj, vowel_fold
from story.names import name_keys
from story.normalize import normalize

# How far around a cue its speaker, channel and date are looked for (in tokens): it keeps
# the work per cue bounded, so an endless sentence costs time linear in its length.
WINDOW = 48
NAMED_LATER_REACH = 120  # tokens: how far on a description's name may come


@lru_cache(maxsize=4096)
def _dates_of(text: str, published: date) -> tuple[tuple[int, date], ...]:
    """(position, date) of each date in an attribution's text as written: the text is folded
    once per distinct text (a feed's refrain, "قال مصدر أمني إن", comes back at every claim)."""
    return tuple(dates_in(normalize(text), published))


class Attribution(ReaderBase):
    def _resolve(self, claim: Claim, s0: int, before: list[Claim]) -> None:
        """Find the claim's speaker."""
        if claim.speaker is not None:
            return
        prev = before[-1] if before else None
        if claim.kind == "part":
            main = next((c for c in reversed(before) if not c.nested), None)  # no copy: linear
            english = self.toks[claim.cue].latin
            claim.speaker = (
                main.speaker
                if main is not None
                else (english and self._sentence_subject(claim.cue))
                or self._topic(s0, claim.cue)
                or self.state.last
            )
            return
        if claim.kind == "post":
            self._resolve_post(claim)
            return
        if claim.kind == "refuse":
            self._resolve_refusal(claim, s0, prev)
            return
        self._resolve_verb(claim, s0, prev)

    def _resolve_post(self, claim: Claim) -> None:
        """ "…," Kirby said / "…،" قال الشمري: the subject before or after the verb."""
        toks = self.toks
        a, b = claim.middle
        if a < claim.cue:  # English: "…," Kirby said / he said
            if toks[a].norm in EN_PRONOUN:
                claim.speaker = self.state.last
                return
            claim.speaker = self._best_in_np(a, claim.cue) or self._unknown_en(a, claim.cue)
            if claim.speaker:
                return
        s1 = self.doc.sent_bounds(claim.cue)[1]
        sp, end = self._speaker_after(claim.cue_end, s1)
        if sp is not None and end > 0:
            self._appositive_role(sp, end, s1)
        claim.speaker = sp or self.state.last

    def _resolve_refusal(self, claim: Claim, s0: int, prev: Claim | None) -> None:
        toks = self.toks
        lo = prev.content if prev and not prev.closed else (prev.content_end if prev else s0)
        after = None
        if (
            claim.cue_end - 1 > claim.cue + 1 and not toks[claim.cue].latin
        ):  # رفضت القيادة الأمريكية التعليق
            first = claim.cue + (2 if strip_conj(toks[claim.cue].norm) == "لم" else 1)
            after, _ = self._speaker_after(first, claim.cue_end - 1, headed_only=True)
        before_sp = self._speaker_before(claim.cue, lo, nested=False)
        claim.speaker = after or (None if before_sp is NOBODY else before_sp or self.state.last)

    def _resolve_verb(self, claim: Claim, s0: int, prev: Claim | None) -> None:
        """A verb: subject after it (Arabic) or before it (English), else the current speaker."""
        toks = self.toks
        a, b = claim.middle
        nested = prev is not None and not prev.closed and prev.content_end >= claim.cue - 1
        lo = s0
        if prev is not None:
            lo = prev.content if nested else prev.content_end
        if "quoted" in claim.flags:
            self._resolve_quoted(claim, lo)
            return
        if "biqawl" in claim.flags:
            claim.speaker = self._biqawl_subject(claim.cue, lo) or self.state.last
            return
        if nested and toks[claim.cue].latin:
            # "blamed the coalition but the group said …": the subject after "but".
            conj = [x for x in range(lo, claim.cue) if toks[x].norm in EN_NEW_CLAUSE]
            if conj:
                lo, nested = conj[-1] + 1, False
        sp = None
        if toks[claim.cue].latin:
            sp = self._speaker_before(claim.cue, lo, nested=nested)
        if sp is None:
            if claim.marker == "obj":
                sp, _ = self._speaker_after(
                    claim.cue_end, self.doc.sent_bounds(claim.cue)[1], headed_only=True
                )
            else:
                sp, end = self._speaker_after(claim.cue_end, b)
                if end == -1:
                    claim.speaker = None
                    return
        if sp is None and not toks[claim.cue].latin:
            sp = self._speaker_before(claim.cue, lo, nested=nested)
        if sp is None and nested:
            sp = self._clause_subject(claim.cue, lo)
        if sp is NOBODY:
            claim.speaker = None
            return
        if sp is None and "cont" in claim.flags and prev is not None:
            sp = prev.speaker
        if sp is None:
            sp = self.state.last
        if claim.marker != "obj":
            sp = self._cited(claim, sp)
        claim.speaker = sp
        if (
            claim.marker == "obj"
            and sp is not None
            and sp.tok >= claim.cue_end
            and sp.end_tok > claim.content
        ):
            # "نفى … خالد المحنا، اليوم الأحد، وجود …": the object after the day.
            s1 = self.doc.sent_bounds(claim.cue)[1]
            claim.content = self._skip_adjuncts(sp.end_tok, s1)
            if claim.content_end <= claim.content:
                self._bound([claim], s1)  # the clause was bounded from the subject

    def _biqawl_subject(self, i: int, lo: int) -> Speaker | None:
        """ "وعلق رئيس الاتحاد X على القرار بقوله": the subject after the clause's verb (up to
        a speech noun: "ختم الوزير كلمته بقوله"), else the one named before the verb."""
        toks = self.toks
        v = i - 1
        while v > lo and not (toks[v - 1].kind == "p" and toks[v - 1].raw in COMMAS):
            v -= 1
        b = next(
            (
                x
                for x in range(v + 1, i)
                if strip_conj(toks[x].norm) in AR_SPEECH_NOUNS or toks[x].kind != "w"
            ),
            i,
        )
        sp, _ = self._speaker_after(v + 1, b) if v + 1 < b else (None, 0)
        if sp is None:
            sp = self._speaker_before(i, lo, nested=False)
        return None if sp is NOBODY else sp

    def _resolve_quoted(self, claim: Claim, lo: int) -> None:
        """ "The paper quoted him as saying …": the one quoted speaks ("him": the person the
        text is about), the subject carried the words."""
        toks = self.toks
        a, b = claim.cue + 1, claim.cue_end - 2  # between "quoted" and "as saying"
        if b <= a:
            return
        if toks[a].norm in EN_OBJECT_PRONOUNS:
            person = self.state.last or self._last_person(claim.cue)
        else:
            person = (
                self._best_in_np(a, b) or self._role_person(a, b) or self._unknown_en(a, b)
            )
        if person is None:
            return
        carrier = self._speaker_before(claim.cue, lo, nested=False)
        claim.speaker = person
        if carrier is not None and carrier is not NOBODY:
            actor = carrier.actor
            claim.via = (actor.name_en or actor.name_ar) if actor else carrier.name
            claim.via_id = actor.id if actor else None

    def _clause_subject(self, i: int, lo: int) -> Speaker | None:
        """ "قال X إن وزير النفط أكد أن …" / "X said that the secretary had warned that …": a
        reported clause that opens with its own subject and speech verb reports that subject's
        words (the noun phrase from the clause's start to the verb, auxiliaries skipped)."""
        toks = self.toks
        j = i
        while j > lo and toks[j - 1].kind == "w" and toks[j - 1].latin and (
            toks[j - 1].norm in EN_AUX
        ):
            j -= 1
        first = lo
        while first < j and toks[first].kind == "w" and self._comp_at(first):
            first += 1
        if j - first < 1 or j - first > 6:
            return None
        if any(toks[x].kind != "w" or self.doc.in_quote(x) for x in range(first, j)):
            return None
        if toks[first].latin:
            if toks[first].norm in EN_PRONOUN:
                return None  # "said that he had warned": the speaker himself
            return self._best_in_np(first, j) or self._role_person(first, j) or (
                self._unknown_en(first, j)
            )
        if toks[first].norm in AR_PRONOUN:
            return None
        return (
            self._best_in_np(first, j)
            or self._anaphor(first, j)
            or self._unknown_np(first, j, after_verb=False)
        )

    def _cited(self, claim: Claim, sp: Speaker | None) -> Speaker | None:
        """ "نقلت X عن Y", "ذكرت X، نقلا عن Y، أن", "X reported, citing Y, that": Y said it,
        X carried it."""
        toks = self.toks
        a, b = claim.middle
        carrier = strip_conj(toks[claim.cue].norm).startswith(("نقل", "ينقل", "تنقل"))
        for x in range(a, b):
            w = toks[x].norm
            if carrier and w in AR_AN_PRONOUNS:
                # "ونقلت الصحيفة عنه قوله إن": "him", the person the text is about.
                inner = self.state.last or self._last_person(claim.cue)
                if inner is not None and (sp is None or sp.key != inner.key):
                    claim.via = sp.actor.name_en if sp and sp.actor else (sp.name if sp else None)
                    claim.via_id = sp.actor.id if sp and sp.actor else None
                    return inner
                break
            if (w == "عن" or (toks[x].latin and w in {"citing", "quoting"})) and x + 1 < b:
                cited = (
                    carrier or w in {"citing", "quoting"} or toks[x - 1].norm in {"نقلا", "ونقلا"}
                )
                end = self._np_end(x + 1, b, short_name=False)
                inner = self._best_in_np(x + 1, end)
                if inner is None and cited:
                    inner = self._anaphor(x + 1, end) or (
                        self._unknown_en(x + 1, end)
                        if toks[x + 1].latin
                        else self._unknown_np(x + 1, end, after_verb=False)
                    )
                if inner is not None:
                    claim.via = sp.actor.name_en if sp and sp.actor else (sp.name if sp else None)
                    claim.via_id = sp.actor.id if sp and sp.actor else None
                    sp = inner
                break
        return sp

    def _corefer(self, sp: Speaker, tok: int) -> Speaker:
        """An unknown one-word name that is the surname of a person the article named before
        ("نصر الشمري … الشمري أكد") is that person."""
        if sp.actor is not None or not sp.name or sp.joint:
            return sp
        titled = self._titled_before(sp) or self._named_later(sp, tok)
        if titled is not None:
            return titled
        person = self._person_named(sp.name, tok)
        if person is not None:
            # One consistent name per person in a text; the title goes to the role.
            return Speaker(
                person.actor,
                name="" if person.actor else person.name,
                role=sp.role or person.role,
                tok=sp.tok,
                end_tok=sp.end_tok,
            )
        keys = name_keys(sp.name)
        if len(keys) != 1:
            return sp
        found = {
            actor.id: actor
            for first, actor in self.doc.surname_owners.get(keys, {}).values()
            if first < tok
        }
        if len(found) == 1:
            return Speaker(next(iter(found.values())), role=sp.role, tok=sp.tok, end_tok=sp.end_tok)
        for earlier in recent(self.history):
            if earlier.actor is None and earlier.name and name_keys(earlier.name)[-1:] == keys:
                return Speaker(
                    None,
                    name=earlier.name,
                    role=earlier.role or sp.role,
                    tok=sp.tok,
                    end_tok=sp.end_tok,
                )
        return sp

    def _named_later(self, sp: Speaker, tok: int) -> Speaker | None:
        """ "A powerful militia said …" with the militia's name given later ("the militia, known
        as X"): the first actor of that kind the text names after, close by."""
        words = sp.name.split()
        if not words or words[-1][:1].isupper():
            return None
        kind = KIND_NOUNS.get(words[-1].lower())
        if kind is None:
            return None
        for t0, _t1, actor, _ in self.doc.mentions[bisect.bisect_left(self._mention_starts, tok) :]:
            if t0 > tok + NAMED_LATER_REACH:
                break
            if actor.kind == kind and not self.doc.in_quote(t0):
                return Speaker(actor, role=sp.role or sp.name, tok=sp.tok, end_tok=sp.end_tok)
        name = self._known_as(words[-1].lower(), tok)
        if name:
            return Speaker(None, name=name, role=sp.role or sp.name, tok=sp.tok, end_tok=sp.end_tok)
        return None

    def _known_as(self, head: str, tok: int) -> str:
        """ "the militia, known as X" / "the group, called X": the name given to `head`."""
        toks = self.toks
        end = min(len(toks) - 3, tok + NAMED_LATER_REACH)
        for x in range(tok + 1, end):
            if toks[x].norm != head:
                continue
            k = x + 1 + (toks[x + 1].raw in COMMAS)
            if toks[k].norm == "known" and toks[k + 1].norm == "as":
                k += 2
            elif toks[k].norm in {"called", "named"}:
                k += 1
            else:
                continue
            m = k
            while m < len(toks) and toks[m].kind == "w" and (toks[m].cap or toks[m].norm in {
                "al", "el", "of", "the"
            }):
                m += 1
            if m > k and toks[k].cap:
                return self.doc.span_text(k, m)[0]
        return ""

    def _titled_before(self, sp: Speaker) -> Speaker | None:
        """A speaker named by role alone ("المتحدث باسم الحكومة", "the spokesman") is the last
        named speaker who holds that role."""
        if not sp.role or sp.name != sp.role:
            return None
        keys = {vowel_fold(k) for k in name_keys(sp.role)} - {"the", "a", "an"}
        if not keys:
            return None
        for earlier in recent(self.history):
            named = earlier.actor is not None or (earlier.name and earlier.name != earlier.role)
            if not named or earlier.joint or not earlier.role:
                continue
            if keys <= {vowel_fold(k) for k in name_keys(earlier.role)}:
                return Speaker(
                    earlier.actor,
                    name=earlier.name,
                    role=earlier.role,
                    tok=sp.tok,
                    end_tok=sp.end_tok,
                )
        return None

    def _nested_cut(self, before: list[Claim], claim: Claim) -> None:
        """A clause that runs into another speaker's statement stops before that speaker; if
        it only introduced that statement ("الموقف الذي صدر عن X والذي أكد"), it goes."""
        if not before or claim.kind == "part" or claim.speaker is None or claim.speaker.tok < 0:
            return
        prev = before[-1]
        if prev.closed or prev.quote is not None:
            return
        if not (prev.content <= claim.speaker.tok < prev.content_end + 1):
            return
        cut = claim.speaker.tok
        # Include the role words in front of the name (المتحدث باسم … اللواء).
        j = cut - 1
        while (
            j >= prev.content
            and self.toks[j].kind == "w"
            and (
                self.toks[j].norm in AR_SPEAKER_HEADS
                or strip_al(self.toks[j].norm) in AR_SPEAKER_HEADS
                or self.toks[j].norm == "باسم"
                or self.toks[j].norm.startswith("ال")
                and j + 1 < len(self.toks)
                and self.toks[j + 1].norm.startswith("ال")
            )
        ):
            j -= 1
        cut = j + 1
        claim.nested = True
        last_word = next(
            (
                self.toks[x]
                for x in range(cut - 1, prev.content - 1, -1)
                if self.toks[x].kind == "w"
            ),
            None,
        )
        prev.content_end = cut
        if (
            last_word is None
            or last_word.norm in AR_DANGLING
            or (last_word.latin and last_word.norm in EN_DANGLING)
        ):
            prev.dropped = True
        if (
            claim.via is None
            and prev.speaker
            and prev.speaker.actor
            and prev.speaker.actor.kind == "outlet"
        ):
            claim.via = prev.speaker.actor.name_en or prev.speaker.actor.name_ar
            claim.via_id = prev.speaker.actor.id

    def _finish(self, claim: Claim, s0: int, before: list[Claim]) -> None:
        """Via and date for a claim."""
        toks = self.toks
        prev = before[-1] if before else None
        lo = s0 if prev is None else (prev.content_end if prev.closed else prev.content)
        zone_a = max(min(lo, claim.cue), claim.cue - WINDOW)
        zone_b = claim.content if claim.marker != "self" else claim.cue_end
        if claim.kind == "post":
            zone_b = min(self.doc.sent_bounds(claim.cue)[1], claim.cue_end + 10)
            if claim.marker == "clause":
                zone_a = claim.content_end
        # Tail after a direct quote up to the next cue: "… بحسب ما أوردت X".
        tail_a = claim.content_end
        tail_b = min(self.doc.sent_bounds(claim.cue)[1], tail_a + WINDOW)
        for x in range(tail_a, tail_b):
            if toks[x].kind == "w" and self._cue_at(x) and not self._in_via(x):
                tail_b = x
                break
        if claim.via is None:
            self._own_via(claim, (zone_a, zone_b), (tail_a, tail_b))
        # The same speaker again, in this sentence or the one before: same channel, same day.
        same = None
        if claim.speaker is not None:
            for c in itertools.chain(reversed(before), (self.last_claim,)):
                if c is not None and c.speaker is not None and c.speaker.key == claim.speaker.key:
                    if abs(toks[c.cue].para - toks[claim.cue].para) <= 1:
                        same = c
                    break
        if claim.via is None and same is not None:
            claim.via, claim.via_id = same.via, same.via_id
        # Date: the expression nearest the verb in the attribution part.
        day = None
        spans = [(zone_a, zone_b)]
        if claim.kind == "post":
            spans.append((claim.cue, zone_b))
        best = self._nearest_day(claim, spans)
        if best:
            day = best
        elif claim.kind == "part":
            main = next((c for c in reversed(before) if not c.nested), None)
            day = main.day if main else None
        elif same is not None:
            day = same.day
        claim.day = day or self.doc.published

    def _own_via(self, claim: Claim, zone: tuple[int, int], tail: tuple[int, int]) -> None:
        """The outlet or channel named in the claim's attribution or right after its quote."""
        toks = self.toks
        (zone_a, zone_b), (tail_a, tail_b) = zone, tail
        own = [
            v
            for v in self._vias_in(zone_a, zone_b)
            if v[0] not in self.used_vias
            and not (
                v[4]
                and v[3]
                and claim.speaker
                and claim.speaker.actor
                and v[3] == claim.speaker.actor.id
            )
        ]
        own += [
            v for v in self._vias_in(tail_a, tail_b) if v not in own and v[0] not in self.used_vias
        ]
        # "اكد للمجلة": a ل-prefixed outlet right after the verb.
        for x in range(claim.cue_end, min(zone_b, claim.cue_end + 3)):
            if toks[x].kind == "w" and toks[x].norm.startswith("لل") and self._outletish(x):
                found = self._np_via_prefixed(x)
                if found:
                    own.insert(0, (x, found[0], found[1], found[2], False))
                break
            if toks[x].latin and toks[x].norm != "the":
                hit = self.doc.mention_at.get(x)
                if (
                    claim.cue
                    and toks[claim.cue].norm in EN_TELL
                    and (self._outletish(x) or (hit and hit[1].kind == "outlet"))
                ):
                    found = self._np_via(x, zone_b)
                    if found:
                        own.insert(0, (x, found[0], found[1], found[2], False))
                break
        if own:
            v = own[0]
            if not (claim.speaker and claim.speaker.actor and v[3] == claim.speaker.actor.id):
                claim.via, claim.via_id = v[2], v[3]
                self.used_vias.add(v[0])

    def _nearest_day(self, claim: Claim, spans: list[tuple[int, int]]) -> date | None:
        """The date nearest the cue in its attribution, outside quotes."""
        toks = self.toks
        in_quote = self.doc.in_quote
        best = None
        for a, b in spans:
            # The text from the first token outside a quote to the last one (only the ends of
            # that run matter: found from each side, not by listing every token between).
            first = a
            while first < b and in_quote(first):
                first += 1
            if first >= b:
                continue
            last = b - 1
            while in_quote(last):  # stops at `first` at the latest
                last -= 1
            start = toks[first].start
            text = self.doc.masked[start : toks[last].end]
            for pos, value in _dates_of(text, self.doc.published):
                dist = abs(start + pos - toks[claim.cue].start)
                inside_quote = any(
                    in_quote(x) and toks[x].start <= start + pos < toks[x].end
                    for x in range(a, b)
                )
                if inside_quote:
                    continue
                if best is None or dist < best[0]:
                    best = (dist, value)
        return best[1] if best else None

    def _leftover_quotes(self, s0: int, s1: int, claims: list[Claim]) -> None:
        """Quotes no cue took: a speech noun before them ("تصريحات كيربي … تأكيدات على "…""),
        "على حد تعبيره" after them, or a long quote in a sentence whose speaker is known."""
        toks = self.toks
        covered: set[int] = set()  # tokens inside a claim's content or quote
        ends = sorted(c.content_end for c in claims if not c.dropped)
        for c in claims:
            if c.dropped:
                continue
            covered.update(range(c.content, c.content_end))
            if c.quote is not None:
                q = self.doc.quotes[c.quote]
                covered.update(
                    range(q.open_tok, (q.close_tok if q.close_tok is not None else q.last) + 1)
                )
        quotes = self.doc.quotes
        first = bisect.bisect_left(self._quote_opens, s0)
        last = bisect.bisect_left(self._quote_opens, s1)
        for qn in range(first, last):
            q = quotes[qn]
            if q.name_only or q.first in covered:
                continue
            nwords = q.words(toks)
            if nwords < 3:
                continue
            k = bisect.bisect_right(ends, q.open_tok)
            lo = max(ends[k - 1], s0) if k else s0
            claim = self._noun_quote(q, qn, lo, claims) or self._orphan_quote(q, qn, s0, s1, claims)
            if claim is not None:
                claim.content_end = q.last + 1
                claim.closed = True
                ref = claims[-1] if claims else self.last_claim
                same = (
                    ref is not None
                    and ref.speaker is not None
                    and claim.speaker is not None
                    and ref.speaker.key == claim.speaker.key
                )
                claim.via, claim.via_id = (ref.via, ref.via_id) if same and ref else (None, None)
                claim.day = ref.day if same and ref else self.doc.published
                claims.append(claim)
                self.last_claim = claim
                covered.update(range(q.first, q.last + 1))
                bisect.insort(ends, claim.content_end)
        claims.sort(key=lambda c: c.content)

    def _noun_quote(self, q: Quote, qn: int, lo: int, claims: list[Claim]) -> Claim | None:
        """A speech noun just before the quote ("تصريحات كيربي … "…""): its owner speaks."""
        toks = self.toks
        claim = None
        for x in range(q.open_tok - 1, lo - 1, -1):
            t = toks[x]
            if t.kind != "w" or self.doc.in_quote(x):
                continue
            if q.open_tok - x > 4:
                break
            if (
                strip_conj(t.norm) in AR_SPEECH_NOUNS
                or strip_al(t.norm) in AR_SPEECH_NOUNS
                or (t.latin and t.norm in EN_SPEECH_NOUNS)
            ):
                sp = None
                owner = self.doc.mention_at.get(x + 1)
                if owner:
                    sp = self._mention_speaker(x + 1, *owner)
                else:
                    ms = [m for m in self._mentions_in(lo, q.open_tok) if self._eligible(m[0])]
                    sp = self._mention_speaker(*ms[-1]) if ms else None
                if sp is None and claims:
                    sp = claims[-1].speaker
                if sp is not None:
                    claim = Claim(
                        x,
                        x + 1,
                        "noun",
                        "",
                        "quote",
                        q.first,
                        quote=qn,
                        middle=(x + 1, q.open_tok),
                    )
                    claim.speaker = sp
                break
        return claim

    def _orphan_quote(
        self, q: Quote, qn: int, s0: int, s1: int, claims: list[Claim]
    ) -> Claim | None:
        """ "…" على حد تعبيره, or a long quote in a sentence or paragraph of a known speaker."""
        toks = self.toks
        nwords = q.words(toks)
        close = q.close_tok if q.close_tok is not None else q.last
        after = [toks[x].norm for x in range(close + 1, min(s1, close + 5)) if toks[x].kind == "w"]
        if (
            after[:2] == ["علي", "حد"]
            or after[:1] == ["بحسب"]
            and after[1:2] in (["قوله"], ["تعبيره"])
        ):
            sp = claims[-1].speaker if claims else self.state.last
        elif nwords >= 6 and claims:
            sp = claims[-1].speaker
        elif (
            (nwords >= 6 or self._quote_runs_on(q, s1))
            and self.state.last is not None
            and self._recent_speaker(q.open_tok)
            and not any(toks[x].kind == "w" for x in range(s0, q.open_tok))
        ):
            sp = self.state.last  # a paragraph that goes on quoting the last speaker
        else:
            sp = None
        if sp is not None:
            claim = Claim(
                q.open_tok,
                q.open_tok,
                "orphan",
                "",
                "quote",
                q.first,
                quote=qn,
                middle=(q.open_tok, q.open_tok),
            )
            claim.speaker = sp
            return claim
        return None

    def _quote_runs_on(self, q: Quote, s1: int) -> bool:
        """ '"…," Ryder said. "So there will be consequences."': a short quote that is its whole
        sentence, right after a quote given to a speaker in the same paragraph."""
        toks = self.toks
        close = q.close_tok if q.close_tok is not None else q.last
        if any(toks[x].kind == "w" for x in range(close + 1, s1)):
            return False
        last = self.claims[-1] if self.claims else None
        if last is None or last.quote is None or last.marker != "quote":
            return False
        before = self.doc.quotes[last.quote]
        return toks[before.open_tok].para == toks[q.open_tok].para and before.open_tok < q.open_tok

    def _recent_speaker(self, tok: int) -> bool:
        """Did the paragraph before, or this one, give a statement? (a quote runs on)."""
        return bool(self.claims) and self.toks[self.claims[-1].cue].para >= self.toks[tok].para - 1
