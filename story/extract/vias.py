"""Outlets and channels a statement came through: بحسب/وفقا لـ X، في حديث لـ X، نقلت X عن Y،
in an interview with X, according to X, on Twitter, في بيان."""

from __future__ import annotations

import bisect
from functools import lru_cache

from story.extract.base import ReaderBase
from story.extract.lexicon.ar import (
    AR_ATTRIB,
    AR_ATTRIB_VERBS,
    AR_CHANNEL,
    AR_COMP,
    AR_INTERVIEW,
    AR_OUTLET_WORDS,
    AR_PREPS,
    AR_SPEAKER_HEADS,
)
from story.extract.lexicon.common import PLATFORMS
from story.extract.lexicon.en import EN_CHANNEL, EN_COMP, EN_OUTLET_WORDS, EN_PREPS
from story.extract.words import strip_al, strip_conj, strip_lam

# Unions and differences of the lexicon's sets, built once (not at every test).
_COMP = frozenset(AR_COMP | EN_COMP)
_EN_PREPS_BUT_OF = frozenset(EN_PREPS - {"of"})
_AR_PREPS_COMP = frozenset(AR_PREPS | AR_COMP)

OUTLET_WORDS = AR_OUTLET_WORDS | EN_OUTLET_WORDS
_CHANNELS = AR_CHANNEL | EN_CHANNEL  # built once: _is_channel asks of every token
_CHANNEL_AFTER = frozenset({"في", "خلال", "عبر", "in", "via", "وفي"})


@lru_cache(maxsize=65536)
def _outlet_word(w: str) -> bool:
    """Is `w`, without its conjunction, a word for an outlet (صحيفة، قناة, agency)?"""
    return strip_conj(w) in OUTLET_WORDS


@lru_cache(maxsize=65536)
def _may_open_via(w: str) -> bool:
    """Can a word keyed `w` open any via span `_collect_vias` reads (an attribution word, an
    interview noun, a platform, a ل-prefixed recipient, a channel)? Most words cannot, and the
    answer per word is kept: the scan then costs one look-up per token."""
    bare = strip_conj(w)
    return (
        w in AR_ATTRIB
        or w in {"according", "interview", "speaking", "talking", "ل", "لـ"}
        or bare in AR_INTERVIEW
        or bare in _CHANNELS
        or strip_lam(bare) in PLATFORMS
        or (w.startswith("ل") and strip_al(strip_lam(w)) in AR_OUTLET_WORDS)
    )


class ViaReader(ReaderBase):
    def _collect_outlets(self) -> None:
        doc = self.doc
        for t0, _t1, actor, _ in doc.mentions:
            if actor.kind == "outlet":
                self.state.outlets.append((t0, actor.name_en or actor.name_ar, actor.id))
        covered = {x for t0, t1, _, _ in doc.mentions for x in range(t0, t1)}
        for i, t in enumerate(self.toks):
            if t.kind != "w" or not _outlet_word(t.norm) or i in covered:
                continue
            # "مجلة نيوز ويك الامريكية": an outlet named after its kind.
            if (
                t.kind == "w"
                and i + 1 < len(self.toks)
                and i + 1 not in doc.mention_at
                and self.toks[i + 1].kind == "w"
            ):
                j = i + 1
                while (
                    j < len(self.toks)
                    and j - i <= 3
                    and self.toks[j].kind == "w"
                    and not self.toks[j].norm.startswith("ال")
                    and (not t.latin or self.toks[j].cap)  # "Reuters on Thursday": Reuters
                ):
                    j += 1
                if not t.latin and j == i + 1:
                    # "صحيفة الشرق", "قناة الحرة": a name with the article, one or two words.
                    while j < len(self.toks) and j - i <= 2 and self.toks[j].kind == "w" and (
                        self.toks[j].norm.startswith("ال") and not self._cue_at(j)
                    ):
                        j += 1
                if t.latin and t.cap and j == i + 1:
                    self.state.outlets.append((i, t.raw, None))  # "Reuters", "AFP"
                elif j > i + 1:
                    name, _, _ = doc.span_text(i, j)
                    self.state.outlets.append((i, name, None))
        self.state.outlets.sort(key=lambda o: o[0])

    def _outlet_before(self, tok: int) -> tuple[str, str | None] | None:
        best = None
        for i, name, ident in self.state.outlets:
            if i < tok:
                best = (name, ident)
        return best

    def _np_via(self, a: int, limit: int) -> tuple[int, str, str | None, bool] | None:
        """The outlet/source named by tokens from `a`: (end tok, name, actor id, official)."""
        doc, toks = self.doc, self.toks
        b = a
        while (
            b < limit
            and b - a < 7
            and toks[b].kind == "w"
            and toks[b].norm not in _COMP
        ):
            if b > a and (toks[b].norm in AR_PREPS or toks[b].norm in {"said", "told"}):
                break
            if b > a and toks[b].latin and toks[b].norm in _EN_PREPS_BUT_OF:
                break  # "told Reuters on Thursday"
            b += 1
        if b == a:
            return None
        for i in range(a, b):
            hit = doc.mention_at.get(i)
            if hit:
                t1, actor, _ = hit
                return t1, actor.name_en or actor.name_ar, actor.id, actor.kind != "outlet"
        first = strip_al(strip_lam(toks[a].norm))
        if first in OUTLET_WORDS and (
            toks[a].norm.startswith(("ال", "لل")) or toks[a].norm in {"the"} or b == a + 1
        ):
            found = self._outlet_before(a + 1)
            if found and (toks[a].norm.startswith(("ال", "لل")) or b == a + 1):
                return a + 1, found[0], found[1], False
        name, _, _ = doc.span_text(a, b)
        return b, name, None, False

    def _collect_vias(self) -> None:
        toks = self.toks
        n = len(toks)
        for i, t in enumerate(toks):
            if t.kind != "w" or not _may_open_via(t.norm):
                continue
            w = t.norm
            j = None
            if w in AR_ATTRIB:
                j = self._attrib_start(i)
            elif w == "according" and i + 1 < n and toks[i + 1].norm == "to":
                j = i + 2
            elif strip_conj(w) in AR_INTERVIEW:
                j = self._interview_start(i)
            elif (
                w in {"interview", "speaking", "talking"}
                and i + 1 < n
                and toks[i + 1].norm
                in {
                    "with",
                    "to",
                }
            ):
                j = i + 2
            platform = PLATFORMS.get(strip_lam(strip_conj(w)))
            inside = bool(self.via_spans) and self.via_spans[-1][1] > i  # "في حديث لقناة …"
            if platform and i > 0 and toks[i - 1].norm in {"on", "via", "علي", "عبر", "في"}:
                self.via_spans.append((i - 1, i + 1, platform, None, False))
            elif not t.latin and not inside and self._recipient(i):
                continue
            elif self._is_channel(i):
                self._channel_span(i)
            elif j is not None and 0 <= j < n:
                found = self._np_via(j, n)
                if found:
                    official = (
                        found[3]
                        and toks[j - 1].norm not in {"ما", "لما", "عما"}
                        and not AR_ATTRIB_VERBS.match(strip_conj(toks[j - 1].norm))
                    )
                    self.via_spans.append((i, found[0], found[1], found[2], official))

    def _recipient(self, i: int) -> bool:
        """The outlet a speaker talks to, marked with ل: "لوكالة X"، "للصحيفة"، لـ"X"
        (added as a via span; True when one was)."""
        toks, n = self.toks, len(self.toks)
        w = toks[i].norm
        if w in {"ل", "لـ"} and i + 1 < n:
            nxt = toks[i + 1]
            if nxt.kind == "q" and nxt.quote >= 0:
                q = self.doc.quotes[nxt.quote]
                if q.open_tok == i + 1 and q.close_tok is not None and 1 <= q.words(toks) <= 5:
                    name, _, _ = self.doc.span_text(q.first, q.last + 1)
                    self.via_spans.append((i, q.close_tok + 1, name, None, False))
                    return True
            if nxt.kind == "w" and self._outletish(i + 1):
                found = self._np_via(i + 1, n)
                if found:
                    self.via_spans.append((i, found[0], found[1], found[2], False))
                    return True
            return False
        if w.startswith("ل") and strip_al(strip_lam(w)) in AR_OUTLET_WORDS:
            found = self._np_via_prefixed(i)
            if found:
                self.via_spans.append((i, found[0], found[1], found[2], False))
                return True
        return False

    def _attrib_start(self, i: int) -> int | None:
        """Where the source after بحسب/وفقا لـ starts (-1: taken already, with ل on the noun)."""
        toks, n, w = self.toks, len(self.toks), self.toks[i].norm
        j = i + 1
        if j < n and toks[j].norm in {"ل", "لـ", "عن"}:
            j += 1
        if j < n and toks[j].norm in {"ما", "لما", "عما"}:
            j += 1
            if j < n and AR_ATTRIB_VERBS.match(strip_conj(toks[j].norm)):
                j += 1
        elif j < n and strip_lam(toks[j].norm) != toks[j].norm and toks[j].norm.startswith("لما"):
            j += 1
            if j < n and AR_ATTRIB_VERBS.match(toks[j].norm):
                j += 1
        elif j < n and toks[j].norm.startswith("ل") and w in {"وفقا", "ووفقا", "طبقا"}:
            # وفقا لصحيفة …: the preposition sits on the noun.
            found = self._np_via_prefixed(j)
            if found:
                self.via_spans.append((i, found[0], found[1], found[2], found[3]))
            return -1
        return j

    def _interview_start(self, i: int) -> int | None:
        """ "في حديث لـ X", "في تصريح للمجلة", "حديث ل احد قياداتها مع مجلة …"."""
        toks, n = self.toks, len(self.toks)
        k = i + 1
        while (
            k < n
            and k - i <= 4
            and toks[k].kind == "w"
            and toks[k].norm not in {"ل", "لـ", "مع"}
            and not toks[k].norm.startswith("لل")
            and not (toks[k].norm.startswith("ل") and self._outletish(k))
        ):
            k += 1
        j = None
        if k < n and toks[k].kind == "w" and toks[k].norm in {"ل", "لـ", "مع"}:
            j = k + 1
        elif (
            k < n and toks[k].kind == "w" and (toks[k].norm.startswith("لل") or self._outletish(k))
        ):
            found = self._np_via_prefixed(k)
            if found:
                self.via_spans.append((i, found[0], found[1], found[2], False))
            return -1
        if j is not None and not self._outletish(j):
            m2 = next((x for x in range(j, min(n, j + 6)) if toks[x].norm == "مع"), None)
            j = m2 + 1 if m2 is not None and self._outletish(m2 + 1) else -1
        return j

    def _is_channel(self, i: int) -> bool:
        """ "في بيان", "خلال مؤتمر", "in a statement": how it was said."""
        toks, w = self.toks, strip_conj(self.toks[i].norm)
        if w in _CHANNELS and i > 0 and toks[i - 1].norm in _CHANNEL_AFTER:
            return True
        return (
            i > 1
            and w in AR_CHANNEL
            and toks[i - 1].norm == "خلال"
            and toks[i - 2].norm in {"من", "ومن"}
        )

    def _channel_span(self, i: int) -> None:
        toks, n = self.toks, len(self.toks)
        k = i + 1
        while (
            k < n
            and k - i <= 2
            and toks[k].kind == "w"
            and toks[k].norm not in AR_SPEAKER_HEADS
            and (
                toks[k].norm.startswith("ال")
                or toks[k].norm.endswith(("ي", "يه"))
                and toks[k].norm not in AR_PREPS
            )
        ):
            k += 1
        name, _, _ = self.doc.span_text(i, k)
        if k == i + 1:
            name = ""  # "في تغريدة", "في بيان": a channel, but no name to show as via
        self.via_spans.append((i, k, name, None, False))

    def _outletish(self, j: int) -> bool:
        if j >= len(self.toks):
            return False
        hit = self.doc.mention_at.get(j)
        if hit and hit[1].kind == "outlet":
            return True
        return strip_al(strip_lam(self.toks[j].norm)) in OUTLET_WORDS

    def _np_via_prefixed(self, j: int) -> tuple[int, str, str | None, bool] | None:
        """A via written with its preposition on the noun: للمجلة، لصحيفة نيويورك تايمز."""
        toks = self.toks
        hit = self.doc.mention_at.get(j)
        if hit:
            return hit[0], hit[1].name_en or hit[1].name_ar, hit[1].id, hit[1].kind != "outlet"
        base = strip_al(strip_lam(toks[j].norm))
        if base in AR_OUTLET_WORDS:
            if toks[j].norm.startswith("لل"):
                found = self._outlet_before(j)
                if found:
                    return j + 1, found[0], found[1], False
                return j + 1, toks[j].raw[1:], None, False
            k = j + 1
            while (
                k < len(toks)
                and k - j <= 3
                and toks[k].kind == "w"
                and toks[k].norm not in _AR_PREPS_COMP
                and not self._cue_at(k)
            ):
                k += 1
            name, _, _ = self.doc.span_text(j, k)
            return k, name[1:] if name.startswith("ل") else name, None, False
        return None

    def _index_vias(self) -> None:
        self.via_spans.sort(key=lambda v: v[0])
        self._via_starts = [v[0] for v in self.via_spans]
        self._via_at: list[int] = [-1] * len(self.toks)  # token -> end of the via span holding it
        for a, b, *_ in self.via_spans:
            for x in range(a, min(b, len(self.toks))):
                self._via_at[x] = b
        self._dropped_vias: set[int] = set()

    def _vias_in(self, a: int, b: int) -> list[tuple[int, int, str, str | None, bool]]:
        lo = bisect.bisect_left(self._via_starts, a)
        if lo == len(self._via_starts) or self._via_starts[lo] >= b:
            return []  # most spans of a text hold no via: no slice, no list built
        hi = bisect.bisect_left(self._via_starts, b, lo)
        return [v for v in self.via_spans[lo:hi] if v[0] not in self._dropped_vias]

    def _via_starting(self, i: int) -> tuple[int, int, str, str | None, bool] | None:
        found = self._vias_in(i, i + 1)
        return found[0] if found else None

    def _drop_via(self, a: int) -> None:
        """The via at token a was the speaker after all ("…, according to X.")."""
        self._dropped_vias.add(a)
        for v in self._vias_in(a, a + 1):
            for x in range(v[0], min(v[1], len(self.toks))):
                self._via_at[x] = -1

    def _in_via(self, i: int) -> bool:
        return self._via_at[i] >= 0
