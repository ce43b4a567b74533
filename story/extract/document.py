"""Reading the document: tokens (markdown links and emphasis blanked, offsets kept),
paragraphs and headings, quote spans, sentences, and the mentions of known actors."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from story.extract.layout import unwrap
from story.extract.lexicon.ar import (
    AR_FILLERS,
    AR_HONORIFICS,
    AR_PARTICIPLES,
    AR_PERSON_TITLES,
    AR_PREPS,
    AR_VERB_FORMS,
)
from story.extract.lexicon.common import COMMAS, SENT_END
from story.extract.lexicon.en import (
    EN_ABBREV,
    EN_HONORIFICS,
    EN_NOT_NAMES,
    EN_PRONOUN_OR_STOP,
    EN_ROLE_WORDS,
    EN_TITLES,
)
from story.extract.quotes import Quote, pair_quotes
from story.extract.words import is_head, strip_conj
from story.lexicon import ARABIC_STOPWORDS_RAW, CONCEPT_GROUPS_RAW, ENGLISH_STOPWORDS
from story.models import Actor
from story.names import ActorIndex, TextWords, name_key, name_keys
from story.normalize import normalize, words

# A word's letters may carry Arabic vowel marks (مُبيّناً): marks are no word characters for
# `re`, so they are allowed after a letter, else the word would break at each mark.
LETTERS = r"[^\W_]+(?:[\u064b-\u065f\u0670]+[^\W_]*)*"
WORD = rf"\d+(?:[.,]\d+)+|(?:[A-Z]\.){{2,}}(?=[\s,;:)\-]|$)|{LETTERS}(?:['’\-]{LETTERS})*"


TOKEN_RE = re.compile(
    rf"(?P<w>{WORD})|(?P<q>[«»“”„\"'‘’‹›])|(?P<nl>\n)|(?P<p>\.{{2,}}|…|[.!?؟،,;؛:—–]|(?<=\s)-(?=\s))"
)


BROKEN_NAME_RE = re.compile(r"(?<=[\u0621-\u064aـ]ـ)[ \t](?=[\u0621-\u064a])")
LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")


MAX_MARK_RUN = 12
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(slots=True)
class Tok:
    i: int
    kind: str  # "w" word, "q" quote mark, "p" punctuation, "nl" line break
    start: int
    end: int
    raw: str
    norm: str
    para: int
    quote: int = -1  # the top-level quote whose marks or content hold this token
    sent: int = -1
    latin: bool = False
    cap: bool = False  # a Latin word that begins with a capital (set once: asked again and again)


class Doc:
    def __init__(self, text: str, index: ActorIndex, published: date):
        self.text = text
        self.index = index
        self.published = published
        self.masked = mask(text)
        self.toks = self._tokenize()
        self.paras = self._paragraphs()
        self.quotes: list[Quote] = pair_quotes(self.toks, self.paras, self.masked)
        self._unmark_quoted_headings()
        self.sents: list[tuple[int, int]] = []
        self._sentences()
        self.mentions = self._mentions()
        self.mention_at: dict[
            int, tuple[int, Actor, str]
        ] = {}  # first token -> (end tok, actor, how)
        for t0, t1, actor, how in self.mentions:
            self.mention_at.setdefault(t0, (t1, actor, how))
        self._mention_starts = [m[0] for m in self.mentions]
        self.surname_owners = self._surname_owners()
        self._mark_name_quotes()

    # -- tokens, paragraphs, quotes, sentences ------------------------------------------------

    def _tokenize(self) -> list[Tok]:
        """Tokens; a run of more than MAX_MARK_RUN marks with no word between is noise, and
        only its first marks are kept (1 MB of quote marks is no text to read)."""
        toks: list[Tok] = []
        append = toks.append
        run = 0
        last = ""
        for m in TOKEN_RE.finditer(self.masked):
            kind = m.lastgroup or "w"
            raw = m.group()
            if kind == "w":
                run = 0
                latin = raw[0] in _ASCII_LETTERS
                norm = norm_word(raw) if raw != "IS" else raw  # "IS": Islamic State, no verb
            elif kind == "nl":
                if last == "nl" or not toks:
                    continue
                run, latin, norm = 0, False, raw
            else:
                run += 1
                if run > MAX_MARK_RUN:
                    continue
                latin, norm = False, raw
            last = kind
            start, end = m.span()
            cap = latin and raw[:1].isupper()
            append(Tok(len(toks), kind, start, end, raw, norm, 0, -1, -1, latin, cap))
        return toks

    def _paragraphs(self) -> list[tuple[int, int, bool]]:
        """(first token, end token, is_heading) per paragraph."""
        out: list[tuple[int, int, bool]] = []
        start = 0
        for i in range(len(self.toks) + 1):
            if i == len(self.toks) or self.toks[i].kind == "nl":
                if i > start:
                    out.append((start, i, False))
                start = i + 1
        result: list[tuple[int, int, bool]] = []
        for a, b, _ in out:
            body = [t for t in self.toks[a:b] if t.kind != "nl"]
            words = sum(1 for t in body if t.kind == "w")
            line_start = self.text.rfind("\n", 0, body[0].start) + 1 if body else 0
            marked = (
                self.text[line_start : body[0].start].lstrip().startswith("#") if body else False
            )
            ends = False
            for t in reversed(body):  # the last mark before any closing quotes
                if t.kind == "q":
                    continue
                ends = t.raw in SENT_END or t.raw[:1] in SENT_END or t.raw in {":", "؛", ";"}
                break
            heading = marked or (0 < words <= 20 and not ends)
            for t in self.toks[a:b]:
                t.para = len(result)
            result.append((a, b, heading))
        for i, t in enumerate(self.toks):
            if t.kind == "nl" and i > 0:
                t.para = self.toks[i - 1].para
        return result

    def _unmark_quoted_headings(self) -> None:
        """A short line that leaves a quote open is a quote broken by a paragraph, not a title."""
        for q in self.quotes:
            end = q.close_tok if q.close_tok is not None else q.last
            if q.close_tok is None or self.toks[q.open_tok].para != self.toks[end].para:
                p = self.toks[q.open_tok].para
                a, b, heading = self.paras[p]
                if (
                    heading
                    and self.text[self.toks[a].start - 1 : self.toks[a].start].strip() != "#"
                ):
                    self.paras[p] = (a, b, False)

    def _sentences(self) -> None:
        toks = self.toks
        start = 0
        n = len(toks)
        for i, t in enumerate(toks):
            brk = False
            if t.quote >= 0:
                q = self.quotes[t.quote]
                # A closing mark after a sentence end, then a capitalised word: the sentence ends.
                if (
                    q.close_tok == i
                    and i + 1 < n
                    and toks[i + 1].cap
                    and i > 0
                    and toks[i - 1].raw in SENT_END
                ):
                    brk = True
                # A quote that ends with its paragraph ends the sentence too.
                if q.close_tok is None and i == q.last:
                    brk = True
            elif t.kind == "nl":
                brk = True
            elif t.kind == "p" and (t.raw in SENT_END or t.raw[:1] == "."):
                brk = True
                if t.raw == ".":
                    prev = toks[i - 1] if i > 0 else None
                    nxt = toks[i + 1] if i + 1 < n else None
                    if (
                        prev is not None
                        and prev.kind == "w"
                        and prev.latin
                        and (prev.norm in EN_ABBREV or (len(prev.raw) == 1 and prev.raw.isupper()))
                    ):
                        brk = False
                    if (
                        prev is not None
                        and nxt is not None
                        and prev.end == t.start
                        and nxt.start == t.end
                        and not _arabic_word(prev)
                        and not _arabic_word(nxt)
                    ):
                        brk = False  # 1.5, U.S (but "لبنان.وقال" is two sentences)
                    if nxt is not None and nxt.latin and nxt.raw[:1].islower():
                        brk = False
            if brk:
                self._add_sentence(start, i + 1)
                start = i + 1
        if start < n:
            self._add_sentence(start, n)

    def _add_sentence(self, a: int, b: int) -> None:
        if not any(t.kind == "w" for t in self.toks[a:b]):
            return
        k = len(self.sents)
        self.sents.append((a, b))
        for t in self.toks[a:b]:
            t.sent = k

    # -- mentions ------------------------------------------------------------------------------

    def _mentions(self) -> list[tuple[int, int, Actor, str]]:
        starts = [t.start for t in self.toks]
        out: list[tuple[int, int, Actor, str]] = []
        seen: set[tuple[int, int]] = set()
        actors, n = self.index.actors, len(self.toks)
        right, left = bisect.bisect_right, bisect.bisect_left
        for m in self.index.find_in_text(self.masked, text_words()):
            t0 = max(0, right(starts, m.start) - 1)  # the token holding the start ("al-Khafaji")
            t1 = max(t0 + 1, left(starts, m.end, t0))
            if t0 >= n or (t0, t1) in seen:
                continue
            actor = actors[m.actor_id]
            if self._other_given_name(t0, t1, actor):
                continue
            if m.how == "skeleton" and any(
                t.norm.startswith("بال") for t in self.toks[t0 + 1 : t1]
            ):
                continue  # "فصيل بالمقاومة" (a faction in it) is not "فصائل المقاومة"
            seen.add((t0, t1))
            out.append((t0, t1, actor, m.how))
        out.sort()  # by (t0, t1): each pair is there once, so no actor is ever compared
        return out

    def _surname_owners(self) -> dict[tuple[str, ...], dict[str, tuple[int, Actor]]]:
        """The last name key of each person mentioned → (their first mention's token, actor),
        so a bare surname finds the person named before it without rescanning the mentions."""
        out: dict[tuple[str, ...], dict[str, tuple[int, Actor]]] = {}
        for t0, _t1, actor, _how in self.mentions:
            if actor.kind != "person" or any(actor.id in o for o in out.values()):
                continue
            for name in (actor.name_en, actor.name_ar, *actor.aliases):
                last = name_keys(name)[-1:]
                if last:
                    out.setdefault(last, {}).setdefault(actor.id, (t0, actor))
        return out

    def _other_given_name(self, t0: int, t1: int, actor: Actor) -> bool:
        """ "المحلل السياسي إحسان الشمري" is not "نصر الشمري": a surname alone matched, after a
        given name the actor does not have."""
        if actor.kind != "person" or t1 - t0 != 1 or t0 == 0:
            return False
        prev = self.toks[t0 - 1]
        if prev.kind != "w":
            return False
        if name_key(prev.raw) in _name_words(actor):
            return False
        if prev.latin:
            if not prev.cap or prev.norm in EN_ROLE_WORDS or prev.norm in EN_PRONOUN_OR_STOP:
                return False
            before = self.toks[t0 - 2] if t0 > 1 else None
            if before is None or before.kind == "nl" or (
                before.kind == "p" and before.raw not in COMMAS
            ):
                # First in its sentence, so capitalised anyway: a given name unless it is an
                # ordinary word ("Then Kirby said" — but "Hassan Kirby said" is someone else).
                return name_key(prev.raw) not in text_words().common
            return True
        if prev.norm.startswith("ال") or is_head(prev.norm) or prev.norm in AR_PREPS:
            return False
        before = self.toks[t0 - 2] if t0 > 1 else None
        if before is None or before.kind != "w" or before.latin:
            return False
        if strip_conj(before.norm) in AR_VERB_FORMS and _given_name_ar(prev.norm):
            return True  # "قال أحمد السوداني": the verb, a given name, then the surname
        return (
            (before.norm.startswith("ال") or is_head(before.norm))
            and before.norm not in AR_PREPS
        )

    def _mark_name_quotes(self) -> None:
        for q in self.quotes:
            if not 0 < q.words(self.toks) <= 8:  # its words counted once, kept on the quote
                continue
            inside = [i for i in range(q.first, q.last + 1) if self.toks[i].kind == "w"]
            covered: set[int] = set()
            n = bisect.bisect_left(self._mention_starts, q.first)
            while n < len(self.mentions) and self.mentions[n][0] <= q.last:
                t0, t1, _, _ = self.mentions[n]
                if t1 <= q.last + 1:
                    covered.update(range(t0, t1))
                n += 1
            if len(covered & set(inside)) >= 0.75 * len(inside):
                q.name_only = True

    # -- helpers -------------------------------------------------------------------------------

    def in_quote(self, i: int) -> bool:
        t = self.toks[i]
        return t.quote >= 0 and not self.quotes[t.quote].name_only

    def sent_bounds(self, i: int) -> tuple[int, int]:
        return self.sents[self.toks[i].sent]

    def span_text(self, a: int, b: int, keep_end: bool = False) -> tuple[str, int, int]:
        """Clean text of tokens [a, b) and its offsets in the input; `keep_end` keeps a final
        full stop, question or exclamation mark (a quote's own)."""
        keep = {"!", "?", "؟", ".", "…", "..."} if keep_end else {"!", "?", "؟"}
        while a < b and self.toks[a].kind in {"p", "nl"}:
            a += 1
        while b > a and self.toks[b - 1].kind in {"p", "nl"} and self.toks[b - 1].raw not in keep:
            b -= 1
        if a >= b:
            return "", 0, 0
        start, end = self.toks[a].start, self.toks[b - 1].end
        return clean(self.masked[start:end]), start, end


norm_word = lru_cache(maxsize=65536)(normalize)


@lru_cache(maxsize=1)
def text_words() -> TextWords:
    """The ordinary words the lexicons know — question scaffolding and speech verbs, the
    field's concepts (العسكري: military), titles and role words — and the honorifics, as
    name keys: a one-word name that is an ordinary word needs more to be a name."""
    vocabulary = [
        *ENGLISH_STOPWORDS,
        *words(ARABIC_STOPWORDS_RAW),
        *words(CONCEPT_GROUPS_RAW),
        *AR_PERSON_TITLES,
        *EN_TITLES,
        *EN_ROLE_WORDS,
        *EN_NOT_NAMES,
    ]
    common = frozenset(name_key(w) for w in vocabulary) - {""}
    return TextWords(common, frozenset(name_key(w) for w in EN_HONORIFICS | AR_HONORIFICS))


_AR_VERB_WORDS = frozenset(AR_VERB_FORMS) | frozenset(AR_PARTICIPLES)


def _given_name_ar(norm: str) -> bool:
    """Whether a plain Arabic word after a speech verb may be a given name: not itself a verb
    or participle (قال وأضاف …), nor an ordinary word the lexicons know."""
    verbs = _AR_VERB_WORDS
    return not (
        norm in verbs
        or strip_conj(norm) in verbs
        or name_key(norm) in text_words().common
        or norm in AR_FILLERS
    )


@lru_cache(maxsize=4096)
def _name_words(actor: Actor) -> frozenset[str]:
    """The name keys of all of an actor's names (asked of every mention: kept)."""
    names = (actor.name_en, actor.name_ar, *actor.aliases)
    return frozenset(k for n in names for k in name_keys(n))


def mask(text: str) -> str:
    """The text with markdown link syntax and emphasis blanked out, offsets unchanged."""

    def blank(m: re.Match) -> str:
        inner = m.group(1)
        return " " + inner + " " * (len(m.group()) - len(inner) - 1)

    masked = LINK_RE.sub(blank, unwrap(text))
    # A name broken to dodge filters ("نـ صـ ر الله"): the breaks join, same length.
    masked = BROKEN_NAME_RE.sub("ـ", masked)
    masked = re.sub(r"(?m)^[ \t]*#+", lambda m: " " * len(m.group()), masked)
    return re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", lambda m: " " * len(m.group()), masked)


_REOPEN_RE = re.compile(r"\n\s*[\"“«](?=\S)")  # a mark reopening a quote in a new paragraph


def clean(s: str) -> str:
    return " ".join(_REOPEN_RE.sub(" ", s).split())


def _arabic_word(t: Tok) -> bool:
    """An Arabic word (Arabic has no abbreviation dots: a tight full stop still ends)."""
    return t.kind == "w" and not t.latin and not t.raw.isdigit()
