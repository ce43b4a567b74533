"""Small word helpers: stripping the Arabic conjunction, article and ل, name-like Latin words,
speaker heads."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from story.extract.document import Tok
from story.extract.lexicon.ar import AR_PREPS, AR_SPEAKER_HEADS, BA_NOT_OBJECT
from story.extract.lexicon.en import NAME_PARTICLES


def ba_object(w: str) -> bool:
    """A word carrying the preposition ب that opens a content: "هدد باستئناف …"."""
    return w.startswith("ب") and len(w) >= 4 and w not in BA_NOT_OBJECT and w not in AR_PREPS


def name_like(t: Tok) -> bool:
    """A word of a Latin-script personal name: "Qassim", "al-Araji", "bin"."""
    return t.cap or t.norm in NAME_PARTICLES or t.norm.split("-")[0] in NAME_PARTICLES


@lru_cache(maxsize=65536)  # asked of nearly every word before a cue, and words repeat
def is_head(w: str) -> bool:
    return any(f in AR_SPEAKER_HEADS for f in (w, "ال" + w, strip_al(w), strip_conj(w)))


def strip_conj(w: str) -> str:
    return w[1:] if len(w) > 3 and w[0] in "وف" else w


def strip_al(w: str) -> str:
    for prefix in ("وال", "فال", "بال", "لل", "ال"):
        if w.startswith(prefix) and len(w) - len(prefix) >= 2:
            return w[len(prefix) :]
    return w


def strip_lam(w: str) -> str:
    if w.startswith("لل"):
        return "ال" + w[2:]
    if w.startswith("ل") and len(w) > 3:
        return w[1:]
    return w


def strip_punct(s: str) -> str:
    return s.strip(" ،,.:;؛\"'«»“”")


def vowel_fold(w: str) -> str:
    """An Arabic word without its inner long vowels: "كوردستان" and "كردستان" alike."""
    return w[:1] + "".join(c for c in w[1:-1] if c not in "اوي") + w[-1:] if len(w) > 3 else w
