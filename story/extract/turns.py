"""Transcript turns: `MR. KIRBY: words`, `ADMIRAL KIRBY:`, `THE PRESIDENT:`, `Q words`.

A text with at least two turn labels at line starts (an upper-case label and a colon, or a
bare `Q`) is a transcript. Each turn of a speaker is that speaker's own words (direct): its
substantive sentences — not questions, pleasantries, hand-overs or deflections — make up to
four statements, runs of consecutive sentences. The label resolves to the person the text
introduces (`MR. KIRBY` → "John Kirby" when the text or the pack names him; `THE PRESIDENT` →
the person the text calls President), with the title as role. Reporters' turns (`Q`) and the
moderator's give nothing. A clause inside a turn that reports another person's words ("the
President urged …") stays that person's statement, and its sentence is left out of the turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from story.extract.base import ReaderBase
from story.extract.lexicon.ar import AR_TURN_HOSTS
from story.extract.lexicon.en import (
    EN_ROLE_WORDS,
    EN_TITLES,
    TURN_COURTESY,
    TURN_CUES,
    TURN_DEFLECTIONS,
    TURN_HANDOVERS,
    TURN_NOT_SPEAKERS,
    TURN_PROCEDURE,
)
from story.extract.model import Speaker
from story.extract.people import same_person, surname_key
from story.extract.words import is_head, strip_al
from story.normalize import normalize

# Unions and differences of the lexicon's sets, built once (not at every test).
_EN_ROLE_OR_TITLE = frozenset(EN_ROLE_WORDS | EN_TITLES)

_LABEL = re.compile(
    r"^[ \t]*(?:(?P<q>Q)(?=[ \t\u00a0]+[A-Z“\"])|"
    r"(?P<label>[A-Z][A-Z.’'\-]*(?:[ \t]+[A-Z][A-Z.’'\-]*){0,5})"
    r"[ \t]*:)",
    re.MULTILINE,
)
# An Arabic turn label: up to four words of Arabic script opening a line, then a colon.
_AR_WORD = "[\u0621-\u063a\u0641-\u064a\u0640\u064b-\u0652]+"
_AR_LABEL = re.compile(rf"^[ \t]*(?P<label>{_AR_WORD}(?:[ \t]+{_AR_WORD}){{0,3}})[ \t]*:", re.M)
MAX_PER_TURN = 4
INTRO_REACH = 400  # tokens: where a transcript introduces the people of its turns


@dataclass
class Turn:
    label: str  # "" for a reporter's question (Q)
    start: int  # first character of the turn's words
    end: int


def read_turns(text: str) -> list[Turn]:
    """The turns of a transcript, or [] when the text is not one."""
    found = [m for m in _LABEL.finditer(text) if m.group("q") or _is_label(m.group("label"))]
    if len(found) < 2 or not any(m.group("label") for m in found):
        found = []
    if max(text, default=" ") >= "\u0600":  # Arabic script in the text: Arabic labels too
        found = sorted(found + _arabic_labels(text), key=lambda m: m.start())
    turns = []
    for n, m in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(text)
        turns.append(Turn((m.group("label") or "").strip(), m.end(), end))
    return turns


def _arabic_labels(text: str) -> list[re.Match[str]]:
    """Turn labels in Arabic script ("المذيع:", "سؤال:", "الكاظمي:"): a transcript only when
    an interviewer's or a question's label is among them — posts headed "X: …" are not one."""
    found = list(_AR_LABEL.finditer(text))
    if len(found) < 2 or not any(normalize(m.group("label")) in AR_TURN_HOSTS for m in found):
        return []
    return found


def _is_label(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and sum(1 for c in letters if c.isupper()) == len(letters)


def turn_speaker(label: str, ex: ReaderBase) -> Speaker | None:
    """The person a turn label names, or None for a reporter or the moderator."""
    if _AR_LABEL.match(label + ":"):
        return _arabic_turn_speaker(label, ex)
    words = [w.strip(".").lower() for w in label.split() if w.strip(".")]
    if not words or " ".join(words) in TURN_NOT_SPEAKERS or words[-1] in TURN_NOT_SPEAKERS:
        return None
    titles = [w for w in words if w in EN_TITLES or w in EN_ROLE_WORDS]
    names = [w for w in words if w not in titles]
    role = " ".join(w.capitalize() for w in titles if w != "the")
    if not names:
        for p in reversed(ex.people):
            if role and (p.role.lower().endswith(role.lower()) or (
                p.actor and role.lower() in (p.actor.role_en or "").lower()
            )):
                return Speaker(p.actor, name="" if p.actor else p.name, role=role)
        return Speaker(None, name=label.title(), role=role)
    key = surname_key(names[-1])
    for p in ex.people:
        if p.actor and surname_key(p.actor.name_en) == key:
            return Speaker(p.actor, role=p.role or role)
    # Pack people with that surname: the one the text introduces in full, else the only one.
    known = [
        actor
        for actor in ex.doc.index.actors.values()
        if actor.kind == "person" and actor.name_en and surname_key(actor.name_en) == key
    ]
    full = _full_name(names[-1], ex.doc.masked)
    if full:
        same = [a for a in known if same_person(a.name_en, full)]
        return Speaker(same[0], role=role) if same else Speaker(None, name=full, role=role)
    for p in ex.people:
        if p.key == key and (len(p.name.split()) > 1 or len(known) != 1):
            return Speaker(None, name=p.name.title() if p.name.isupper() else p.name, role=role)
    if len(known) == 1:
        return Speaker(known[0], role=role)
    return Speaker(None, name=" ".join(w.capitalize() for w in names), role=role)


def _arabic_turn_speaker(label: str, ex: ReaderBase) -> Speaker | None:
    """ "الكريمي" → the person the text names so ("سامي الكريمي"); "الوزير" → the person the
    text gave that title; the interviewer and the question ("المذيع", "سؤال") → None."""
    norm = normalize(label)
    if norm in AR_TURN_HOSTS:
        return None
    key = surname_key(norm)
    for p in ex.people:
        if p.key == key or surname_key(normalize(p.name)) == key:
            return p.speaker()
    for actor in ex.doc.index.actors.values():
        if actor.name_ar and surname_key(normalize(actor.name_ar)) == key:
            return Speaker(actor)
    title = strip_al(norm)
    for p in reversed(ex.people):
        if p.role and title in normalize(p.role).split():
            return p.speaker()
    if is_head(norm):
        return _introduced(title, ex) or Speaker(None, name=label, role=label)
    return Speaker(None, name=label)


def _introduced(title: str, ex: ReaderBase) -> Speaker | None:
    """ "الوزير:" in a text that introduces "وزير التخطيط" before its turns: that title in full."""
    toks = ex.toks
    for k in range(min(len(toks), INTRO_REACH)):
        if toks[k].kind == "w" and toks[k].norm == title and not ex.doc.in_quote(k):
            end = k + 1
            while end < len(toks) and end - k <= 3 and toks[end].kind == "w" and (
                toks[end].norm.startswith("ال")
            ):
                end += 1  # "وزير التخطيط": the title and what it is of
            if end > k + 1:
                name = ex.doc.span_text(k, end)[0]
                return Speaker(None, name=name, role=name, tok=k, end_tok=end)
    return None


def _full_name(surname: str, text: str) -> str:
    """"Ruth Okafor" for the label OKAFOR: given names before the surname in the text."""
    title = "-".join(part.capitalize() for part in surname.split("-"))
    for m in re.finditer(rf"((?:[A-Z][a-z]+\s+){{1,2}}){re.escape(title)}\b", text):
        given = [w for w in m.group(1).split() if w.lower() not in _EN_ROLE_OR_TITLE]
        if given and len(given) == len(m.group(1).split()):
            return " ".join([*given, title])
    return ""


def substantive(sentence: str) -> bool:
    """Not a question, a pleasantry, a hand-over or a deflection."""
    s = sentence.strip()
    words = re.findall(r"[^\W_]+", s)
    if len(words) < 6 or s.endswith(("?", "؟")):
        return False
    low = s.lower()
    opening = " ".join(words[:10]).lower()
    if any(p in opening for p in TURN_DEFLECTIONS):
        return False  # "I'm not going to get into …", whatever follows
    if any(p in opening for p in TURN_HANDOVERS) or opening.startswith(TURN_CUES):
        return False  # "And with that, I'll turn it over to …", "Go ahead and …"
    if _courtesy(low):
        return False
    return len(words) >= 15 or not any(p in low for p in TURN_PROCEDURE)


def _courtesy(low: str) -> bool:
    """Is every clause of a (lower-case) sentence a courtesy or a short vocative?"""
    clauses = [c.strip() for c in re.split(r",|;|\band\b|—|–", low.rstrip(".!"))]
    clauses = [c for c in clauses if c]
    polite = [any(p in c for p in TURN_COURTESY) for c in clauses]
    return any(polite) and all(
        p or len(c.split()) <= 2 for p, c in zip(polite, clauses, strict=True)
    )


def runs(units: list[tuple[int, int, int]], limit: int = MAX_PER_TURN) -> list[tuple[int, int]]:
    """Group sentences (start, end, words) into at most `limit` runs of about equal words."""
    if not units:
        return []
    groups = min(limit, len(units))
    target = sum(u[2] for u in units) / groups
    out: list[tuple[int, int]] = []
    start, total = units[0][0], 0
    for n, (a, b, w) in enumerate(units):
        if total == 0 or (out and out[-1][1] < a and start < out[-1][1]):
            start = a
        total += w
        if len(out) < groups - 1 and total >= (len(out) + 1) * target - w / 2:
            out.append((start, b))
            start = units[n + 1][0] if n + 1 < len(units) else b
    if not out or out[-1][1] != units[-1][1]:
        out.append((start, units[-1][1]))
    return out
