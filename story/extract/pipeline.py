"""The entry point: `extract_statements` runs the stages and turns claims into statements."""

from __future__ import annotations

import bisect
import gc
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

from story.extract.claims import Extractor
from story.extract.document import Doc, Tok, clean
from story.extract.labels import first_person
from story.extract.lexicon.common import TRAILING
from story.extract.model import Claim, ExtractedStatement, Speaker
from story.extract.turns import (
    MAX_PER_TURN,
    Turn,
    read_turns,
    runs,
    substantive,
    turn_speaker,
)
from story.extract.words import strip_al
from story.models import Actor
from story.names import ActorIndex
from story.normalize import normalize

DATELINE_RE = re.compile(
    r"^[^\S\n]*[^\W\d][^()\n]{0,40}?\(([^()\n]{2,40})\)[^\S\n]*[-—–]", re.MULTILINE
)


# A text is read whole, in windows of about WINDOW characters cut at paragraph breaks (else
# line breaks, sentence ends, spaces): the per-token work of each window is bounded, so the whole
# costs time linear in length, and an article (far shorter) is one window, read as before. Each
# window after the first is read with up to OVERLAP characters of the one before it as context
# (the running speaker, a turn label, an outlet named there); the statements in that context
# belong to the window before. Beyond MAX_CHARS nothing is read, and a warning says so: that is
# the fetch limit (`[fetch] max_bytes`, 5 MB, and a character is at least a byte), so a page
# or a feed entry is never cut; only a longer text handed in directly (the CLI) is.
WINDOW = 60_000
OVERLAP = 4_000
MAX_CHARS = 5_000_000

log = logging.getLogger(__name__)
_WORD_RE = re.compile(r"[^\W_]+")
_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_SENT_END_RE = re.compile(r"[.!?؟…](?=\s)")


def capped(text: str) -> str:
    """`text` up to MAX_CHARS (cut at a paragraph break when there is one), with a warning."""
    if len(text) <= MAX_CHARS:
        return text
    end = _cut(text, MAX_CHARS // 2, MAX_CHARS)
    log.warning(
        "text of %d characters read up to character %d (MAX_CHARS %d); the rest is not read",
        len(text), end, MAX_CHARS,
    )
    return text[:end]


def windows(text: str) -> list[tuple[int, int, int]]:
    """(context start, own start, end) of each window `text` is read in; the own parts tile
    the text. A cut falls at the last paragraph break in the window's second half, else the
    last line break, sentence end or space there; a text with none is cut at WINDOW."""
    size, overlap = WINDOW, OVERLAP
    out: list[tuple[int, int, int]] = []
    pos = 0
    while pos < len(text):
        end = len(text) if len(text) - pos <= size else _cut(text, pos + size // 2, pos + size)
        context = pos
        if pos and overlap:
            context = _cut(text, max(0, pos - overlap), pos, turns=False, back=True)
        out.append((context, pos, end))
        pos = end
    return out


def _cut(text: str, lo: int, hi: int, *, turns: bool = True, back: bool = False) -> int:
    """Where to cut text[lo:hi]: after the last (or, `back`, the first) paragraph break, line
    break (before a transcript turn's label, first), sentence end or space; else at `hi`
    (`lo` when `back`)."""
    find = text.find if back else text.rfind
    if turns and not back:
        found = read_turns(text[lo:hi])
        if len(found) > 2:  # cut before the last turn's label line
            line = text.rfind("\n", lo, lo + found[-1].start)
            if line >= lo:
                return line + 1
    for brk in ("\n\n", "\n"):
        at = find(brk, lo, hi)
        if at >= 0:
            return at + len(brk)
    ends = list(_SENT_END_RE.finditer(text, lo, hi))
    if ends:
        return (ends[0] if back else ends[-1]).end()
    at = find(" ", lo, hi)
    if at >= 0:
        return at + 1
    return lo if back else hi


_INDEX_CACHE: dict[tuple[Actor, ...], ActorIndex] = {}


def index_for(actors: Sequence[Actor]) -> ActorIndex:
    key = tuple(actors)
    index = _INDEX_CACHE.get(key)
    if index is None:
        if len(_INDEX_CACHE) > 8:
            _INDEX_CACHE.clear()
        index = _INDEX_CACHE[key] = ActorIndex(key)
    return index


def split_quotes(
    doc: Doc, a: int, b: int, opens: list[int]
) -> list[tuple[int, int, int | None]]:
    """Split a reported clause that holds quotes: [(first, end, quote index)] — a clause whose
    quote is all it says becomes that quote. `opens`: each quote's opening token, rising (the
    quotes of a clause found by bisection, not by a scan of all the window's quotes per claim)."""
    toks = doc.toks
    inner = []
    for qn in range(bisect.bisect_left(opens, a), bisect.bisect_left(opens, b)):
        q = doc.quotes[qn]
        if not q.name_only and q.words(toks) >= 3:
            inner.append(qn)
    if not inner:
        return [(a, b, None)]
    pieces: list[tuple[int, int, int]] = []
    start = a
    for n, qn in enumerate(inner):
        q = doc.quotes[qn]
        qend = (q.close_tok if q.close_tok is not None else q.last) + 1
        end = qend if n + 1 < len(inner) else b
        pieces.append((start, end, qn))
        start = end
    out: list[tuple[int, int, int | None]] = []
    for first, end, qn in pieces:
        q = doc.quotes[qn]
        qend = (q.close_tok if q.close_tok is not None else q.last) + 1
        outside = sum(
            1
            for x in range(first, end)
            if toks[x].kind == "w" and not (q.open_tok <= x < qend) and toks[x].quote < 0
        )
        if outside <= 2:
            out.append((q.first, q.last + 1, qn))
        else:
            out.append((first, end, None))
    return out


def extract_statements(
    text: str, *, published: date, actors: Sequence[Actor], outlet: str | None = None
) -> list[ExtractedStatement]:
    """The statements `text` attributes to someone, in the order they appear."""
    if not text.strip():
        return []
    with _collector_paused():
        return _extract(text, published, actors, outlet)


# Extraction makes a token, a claim and a speaker object for every few characters, and keeps
# them to the end of a window; the cyclic garbage collector would walk them all again at each
# of its passes (a quarter of the time on a megabyte of cues). None of them forms a cycle that
# outlives its window, so the collector pauses while any thread extracts, and resumes after.
_gc_lock = threading.Lock()
_gc_holders = 0
_gc_was_enabled = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    global _gc_holders, _gc_was_enabled
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_was_enabled:
                gc.enable()


def _extract(
    text: str, published: date, actors: Sequence[Actor], outlet: str | None
) -> list[ExtractedStatement]:
    """extract_statements, the collector paused."""
    text = capped(text)
    if outlet is None:
        # A wire dateline names the outlet: "BAGHDAD (Reuters) -", "بغداد (رويترز) -".
        dateline = DATELINE_RE.search(text[:2000])
        if dateline:
            outlet = dateline.group(1).strip()
    index = index_for(actors)
    labels: dict[str, Speaker | None] = {}  # a turn label names one person in every window
    out: list[ExtractedStatement] = []
    parts = windows(text)
    before: dict[int, int] = {}  # start → index in out, of the window before's last statements
    for n, (context, own, end) in enumerate(parts):
        after = parts[n + 1][0] if n + 1 < len(parts) else end
        mine: dict[int, int] = {}
        for s in _read(text[context:end], index, published, outlet, labels):
            if context:
                s = _moved(s, context)
            if s.start < own:  # the window before's (its context here) …
                k = before.get(s.start)
                if k is not None and s.end > out[k].end and _same_speaker(s, out[k]):
                    out[k] = s  # … unless it was cut there: a quote running across the cut
                continue
            if s.start >= after:
                mine[s.start] = len(out)
            out.append(s)
        before = mine
    return once(out)


def _moved(s: ExtractedStatement, by: int) -> ExtractedStatement:
    """`s` with its offsets `by` characters on (a window's offsets made the text's); the
    fields copied directly, dataclasses.replace costing more than the statement itself, and
    the frozen class's __init__ (a guarded set per field) skipped: it has no checks to run."""
    moved = object.__new__(ExtractedStatement)
    fields = moved.__dict__
    fields.update(s.__dict__)
    fields["start"] += by
    fields["end"] += by
    return moved


def _same_speaker(a: ExtractedStatement, b: ExtractedStatement) -> bool:
    return (a.speaker_id, a.speaker_name_en, a.speaker_name_ar) == (
        b.speaker_id, b.speaker_name_en, b.speaker_name_ar
    )


def _read(
    text: str, index: ActorIndex, published: date, outlet: str | None,
    labels: dict[str, Speaker | None],
) -> list[ExtractedStatement]:
    """The statements of one window, offsets in it."""
    doc = Doc(text, index, published)
    extractor = Extractor(doc, outlet)
    out: list[ExtractedStatement] = []
    seen: set[tuple[int, int]] = set()
    opens = [q.open_tok for q in doc.quotes]  # rising: top-level quotes, in text order
    for claim in _named_later(extractor.run(), doc.toks):
        if claim.content_end <= claim.content:
            continue
        if claim.marker == "obj" and extractor._claim_noun_only(claim.content, claim.content_end):
            continue  # "denied the allegation.", "نفت هذه الأنباء": a claim named, none made
        pieces: list[tuple[int, int, int | None]]
        if claim.quote is not None and claim.marker == "quote":
            q = doc.quotes[claim.quote]
            pieces = [(q.first, q.last + 1, claim.quote)]
        else:
            pieces = split_quotes(doc, claim.content, claim.content_end, opens)
        for a, b, qn in pieces:
            direct = qn is not None and doc.quotes[qn].first == a
            kind = "direct" if direct else "reported"
            if claim.marker == "colon" and not direct and first_person(doc.toks[a:b]):
                kind = "direct"  # "X: قررنا …", "قال X: نحن …": the speaker's own words
            while (
                not direct
                and b > a
                and (doc.toks[b - 1].kind in {"p", "nl"} or doc.toks[b - 1].norm in TRAILING)
            ):
                b -= 1  # "confirmed the transition but [said …]"
            quote, start, end = doc.span_text(a, b, keep_end=direct)
            n_words = len(_WORD_RE.findall(quote))
            if n_words < 2 or (start, end) in seen:
                continue
            seen.add((start, end))
            out.append(statement(claim, quote, kind, start, end, extractor, outlet))
    turns = read_turns(doc.masked)
    return transcript(doc, extractor, turns, out, outlet, labels) if turns else out


NAMED_LATER = 12  # claims after a role-only speaker's that may give its name
_ROLE_GLUE = {"the", "a", "an", "of", "its", "his", "her", "their", "for", "في", "من"}


def _named_later(claims: list[Claim], toks: list[Tok]) -> list[Claim]:
    """A speaker the text first gives by role only ("The deputy head of the militia accused
    …", a headline "قيادي بالحشد: …") and names a little further on ("According to the
    militia's deputy, Ahmed al-Maksousi, …", "وقال القيادي في الحشد أبو علي …", "أعلن فصيل
    «النجباء» …"): that speaker, when exactly one speaker of the next NAMED_LATER claims fits
    (see _fits)."""
    for n, claim in enumerate(claims):
        sp = claim.speaker
        if sp is None or sp.actor is not None or not sp.role or sp.name != sp.role:
            continue
        if sp.role.lower().startswith(("a ", "an ")) or (
            0 <= sp.tok < len(toks) and toks[sp.tok].norm in {"a", "an"}
        ):
            continue  # "A deputy minister said": someone unnamed, not the one named next
        mine = _role_words(sp.role)
        fits: dict[str, Speaker] = {}
        for later in claims[n + 1 : n + 1 + NAMED_LATER]:
            other = later.speaker
            key = _fits(sp, mine, other, toks) if other is not None else None
            if key is not None and other is not None:
                fits.setdefault(key, other)
        if len(fits) == 1:
            named = next(iter(fits.values()))
            claim.speaker = Speaker(
                named.actor,
                name="" if named.actor else named.name,
                role=sp.role if named.actor else named.role,
                tok=sp.tok,
            )
    return claims


def _fits(sp: Speaker, mine: set[str], other: Speaker, toks: list[Tok]) -> str | None:
    """The key of a later speaker that names a role-only one: an unknown person whose role has
    the same words (one set within the other, two words at least), or a known actor written
    right after the role's head noun ("فصيل «النجباء»" for "فصيل بالمقاومة")."""
    if other.actor is not None:
        head = strip_al(normalize(sp.role.split()[0]).lower())
        j = other.tok - 1
        while j >= 0 and toks[j].kind == "q":
            j -= 1
        at = [x for x in (other.tok, j) if 0 <= x < len(toks) and toks[x].kind == "w"]
        if len(head) >= 3 and any(strip_al(toks[x].norm) == head for x in at):
            return other.actor.id
        return None
    if not other.role or other.name == other.role:
        return None
    theirs = _role_words(other.role)
    if len(mine & theirs) >= 2 and (mine <= theirs or theirs <= mine):
        return other.name
    return None


def _role_words(role: str) -> set[str]:
    """A role's content words, possessives and articles undone: "the militia's deputy" →
    {militia, deputy}; "القيادي بالحشد" → {قيادي, حشد}."""
    words = normalize(role.replace("’s", " ").replace("'s", " ")).lower().split()
    return {strip_al(w) for w in words if w not in _ROLE_GLUE}


ONCE_REACH = 64  # the longest statements of a group a shorter one is checked against (bounded)


def once(found: list[ExtractedStatement]) -> list[ExtractedStatement]:
    """A post repeated, or shortened with "…", or a headline restated in the body: one
    statement (the longest), where the same speaker's words open the same way and the shorter
    one's words are nearly all in the longer one (two claims that open alike stay two)."""
    groups: dict[tuple, list[int]] = {}
    words = [normalize(s.quote).split() for s in found]
    for n, s in enumerate(found):
        if len(words[n]) < 5:
            continue
        key = (s.speaker_id or s.speaker_name_en or s.speaker_name_ar, tuple(words[n][:5]))
        groups.setdefault(key, []).append(n)
    drop: set[int] = set()
    for members in groups.values():
        members.sort(key=lambda n: -len(found[n].quote))
        kept: list[int] = []
        for n in members:
            if any(_restates(words[n], words[k]) for k in kept[:ONCE_REACH]):
                drop.add(n)
            else:
                kept.append(n)
    return [s for n, s in enumerate(found) if n not in drop]


def _restates(short: list[str], long: list[str]) -> bool:
    """Are the shorter words a restatement of the longer (nearly all of them in it)?"""
    inside = set(long)
    return sum(1 for w in short if w in inside) >= 0.85 * len(short)


def transcript(
    doc: Doc, ex: Extractor, turns: list[Turn], found: list[ExtractedStatement],
    outlet: str | None, speakers: dict[str, Speaker | None],
) -> list[ExtractedStatement]:
    """A transcript's statements: each speaker's turns, and the words they report of others;
    `speakers` holds the person each turn label names (kept from window to window)."""
    out: list[ExtractedStatement] = []
    found = sorted(found, key=lambda s: s.start)
    found_starts = [s.start for s in found]
    sent_ends = [doc.toks[b - 1].end for _a, b in doc.sents]  # rising, as the sentences do
    for turn in turns:
        if turn.label and turn.label not in speakers:
            speakers[turn.label] = turn_speaker(turn.label, ex)
        sp = speakers.get(turn.label) if turn.label else None
        if sp is None:
            continue  # a reporter's question, the moderator
        lo = bisect.bisect_left(found_starts, turn.start)
        hi = bisect.bisect_left(found_starts, turn.end)
        others = [s for s in found[lo:hi] if _other_person(s, sp, ex)]
        out.extend(others)
        blocks: list[list[tuple[int, int, int]]] = [[]]
        for k in range(bisect.bisect_right(sent_ends, turn.start), len(doc.sents)):
            a, b = doc.sents[k]
            if doc.toks[a].start >= turn.end:
                break
            start, end = max(doc.toks[a].start, turn.start), min(doc.toks[b - 1].end, turn.end)
            if start >= end or doc.toks[b - 1].end <= turn.start or doc.toks[a].start >= turn.end:
                continue
            if any(s.start < end and start < s.end for s in others):
                blocks.append([])  # a run never spans another person's words
                continue
            text = clean(doc.masked[start:end])
            if substantive(text):
                blocks[-1].append((start, end, len(text.split())))
        for start, end in _turn_runs([b for b in blocks if b]):
            quote = clean(doc.masked[start:end])
            out.append(_from_speaker(sp, quote, "direct", start, end, doc.published, outlet, None))
    return sorted(out, key=lambda s: s.start)


def _turn_runs(blocks: list[list[tuple[int, int, int]]]) -> list[tuple[int, int]]:
    """Runs of sentences, block by block, four in all (one at least per block; the rest
    shared by words, largest remainders first, so a short block never pushes the turn over)."""
    words = [sum(u[2] for u in block) for block in blocks]
    total = sum(words) or 1
    spare = max(0, MAX_PER_TURN - len(blocks))
    exact = [spare * w / total for w in words]
    shares = [1 + int(x) for x in exact]
    left = spare - sum(int(x) for x in exact)
    for n in sorted(range(len(blocks)), key=lambda n: int(exact[n]) - exact[n])[:left]:
        shares[n] += 1
    out: list[tuple[int, int]] = []
    for block, share in zip(blocks, shares, strict=True):
        out.extend(runs(block, share))
    return out


def _other_person(s: ExtractedStatement, sp: Speaker, ex: Extractor) -> bool:
    """A statement inside a turn that the turn's speaker reports of someone else."""
    if sp.actor is not None and s.speaker_id == sp.actor.id:
        return False
    name = s.speaker_name_en or s.speaker_name_ar
    if sp.actor is None and name == sp.name:
        return False
    return s.speaker_id is not None or any(p.name == name for p in ex.people)


def statement(
    claim: Claim, quote: str, kind: str, start: int, end: int, ex: Extractor, outlet: str | None
) -> ExtractedStatement:
    assert claim.speaker is not None
    via = claim.via or outlet
    day = claim.day or ex.doc.published
    via_id = claim.via_id if claim.via else None
    return _from_speaker(claim.speaker, quote, kind, start, end, day, via, via_id)


@lru_cache(maxsize=4096)  # a text names few speakers, each of them again and again
def untag(name: str) -> str:
    """A name written as a hashtag ("#هشام_داود") or with breaks ("نـ صـ ر"), as a name."""
    return " ".join(name.replace("#", "").replace("_", " ").replace("ـ", "").split())


@lru_cache(maxsize=4096)
def _unknown_names(name: str) -> tuple[str, str]:
    """(English, Arabic) name of a speaker the pack does not know: the name goes in its
    script's field."""
    name = untag(name)
    return ("", name) if _ARABIC_RE.search(name) else (name, "")


def _from_speaker(
    sp: Speaker, quote: str, kind: str, start: int, end: int, day: date, via: str | None,
    via_id: str | None,
) -> ExtractedStatement:
    if sp.actor is not None:
        name_en, name_ar, ident = sp.actor.name_en, sp.actor.name_ar, sp.actor.id
    else:
        ident = None
        name_en, name_ar = _unknown_names(sp.name)
    made = object.__new__(ExtractedStatement)  # see _moved: the frozen __init__ skipped
    made.__dict__.update(
        speaker_id=ident,
        speaker_name_en=name_en,
        speaker_name_ar=name_ar,
        speaker_role=untag(sp.role),
        quote=quote,
        kind=kind,
        via=via,
        date=day,
        start=start,
        end=end,
        via_id=via_id,
    )
    return made
