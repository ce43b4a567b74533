"""Names across the Arabic and Latin scripts: a matching key and a suggested spelling.

Two jobs, both small and rule-based (PyPI was checked: `arabnamer` pulls in xgboost and
spells نصر الله "نسرالاة" and al-Sudani "السداني"; `arabic-name-romanizer` goes one way only
and needs onnxruntime; see docs/PERFORMANCE.md):

- `skeleton(name)`: the name's consonants, folded into classes both scripts share, with
  vowels, semivowels, ع and hamza dropped and doubled letters collapsed. Short vowels are
  not written in Arabic and are spelled every which way in English, so the consonants are
  what "Nasrallah", "Nasrullah", "نصر الله" and "نصرالله" have in common (n-s-r-l-h), and
  "al-Sudani", "Soudani" and "السوداني" (s-d-n).
- `to_latin(name)` / `to_arabic(name)`: a transliteration to propose when a text gives a
  speaker's name in one script only. It is a suggestion an admin confirms or corrects, so
  it aims to be recognisable, not canonical. Word pairs already known (actors with both
  names) come first; letter rules fill the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from story.normalize import is_arabic, normalize, strip_arabic_prefix

# Consonant classes shared by both scripts. Letters absent from both maps are dropped.
_AR_CLASS = {
    "ب": "b",
    "پ": "b",
    "ت": "t",
    "ط": "t",
    "ث": "t",
    "ج": "j",
    "چ": "s",
    "ح": "h",
    "ه": "h",
    "خ": "k",
    "ك": "k",
    "ق": "k",
    "گ": "g",
    "غ": "g",
    "د": "d",
    "ض": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "ظ": "z",
    "س": "s",
    "ص": "s",
    "ش": "s",
    "ف": "f",
    "ڤ": "f",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
_LATIN_DIGRAPHS = (
    ("sh", "s"),
    ("kh", "k"),
    ("th", "t"),
    ("dh", "d"),
    ("gh", "g"),
    ("ch", "s"),
    ("ph", "f"),
)
_LATIN_CLASS = {
    "b": "b",
    "p": "b",
    "t": "t",
    "j": "j",
    "h": "h",
    "k": "k",
    "q": "k",
    "c": "k",
    "g": "g",
    "d": "d",
    "r": "r",
    "z": "z",
    "s": "s",
    "f": "f",
    "v": "f",
    "l": "l",
    "m": "m",
    "n": "n",
    "x": "ks",
}
_PARTICLES = frozenset({"al", "el", "the", "ال"})
_WORD = re.compile(r"[^\W\d_]+")


def _word_skeleton(word: str) -> str:
    if is_arabic(word):
        return "".join(_AR_CLASS.get(ch, "") for ch in word)
    word = re.sub(r"(?<=[aeiou])h(?=[^aeiouh])", "", word)  # John: a silent h
    for digraph, cls in _LATIN_DIGRAPHS:
        word = word.replace(digraph, cls.upper())  # upper: not re-read as a single letter
    return "".join(ch.lower() if ch.isupper() else _LATIN_CLASS.get(ch, "") for ch in word)


def skeleton(name: str) -> str:
    """The consonant key of a name, the same in both scripts ("" when it has none)."""
    out = []
    for word in _WORD.findall(normalize(name).replace("'s", "")):
        if word in _PARTICLES:
            continue
        if is_arabic(word):
            word = strip_arabic_prefix(word)
        out.append(_word_skeleton(word))
    return re.sub(r"(.)\1+", r"\1", "".join(out))


# -- suggested spellings --------------------------------------------------------------------
_TO_LATIN = {
    "ا": "a",
    "آ": "a",
    "أ": "a",
    "إ": "i",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ڤ": "v",
    "ق": "q",
    "ك": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",
    "ء": "",
    "ؤ": "u",
    "ئ": "i",
}
_LATIN_VOWELS = frozenset("aeiou")
_SUN = frozenset("تثدذرزسشصضطظلن")


def _latin_word(word: str) -> str:
    """One Arabic word in Latin letters, with guessed short vowels in consonant clusters."""
    out: list[str] = []
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < len(word) else ""
        prev = out[-1][-1:] if out else ""
        if ch == "و":
            piece = "w" if i == 0 or nxt == "ا" or (not nxt and prev in _LATIN_VOWELS) else "u"
        elif ch == "ي":
            piece = (
                "y" if i == 0 or nxt in ("ا", "و", "ة") or prev in _LATIN_VOWELS and nxt else "i"
            )
        elif ch == "ع":
            piece = "aa" if prev and prev not in _LATIN_VOWELS and nxt else "a"
        else:
            piece = _TO_LATIN.get(ch, ch if ch.isascii() else "")
        if not piece:
            continue
        # Two consonants in a row after the first letter: an unwritten short vowel between.
        if prev and prev not in _LATIN_VOWELS and piece[0] not in _LATIN_VOWELS and len(out) == 1:
            out.append("a")
        out.append(piece)
    # A word ending in two consonants (أكرم): a short vowel before the last one.
    if len(word) >= 4 and len(out) >= 3 and all(p[-1:] not in _LATIN_VOWELS for p in out[-2:]):
        out.insert(len(out) - 1, "a")
    return re.sub(r"a{3,}", "aa", "".join(out))


def to_latin(name: str, known: Mapping[str, str] | None = None) -> str:
    """A Latin spelling to suggest for an Arabic name ("" when it has no Arabic words)."""
    known = known or {}
    words = name.split()
    out: list[str] = []
    for i, word in enumerate(words):
        if word == "الله" and out:
            out[-1] += "allah"  # نصر الله → Nasrallah
            continue
        folded = normalize(word)
        if folded in known:
            out.append(known[folded])
            continue
        article = folded.startswith("ال") and len(folded) > 3
        stem = folded[2:] if article else folded
        latin = known.get(stem) or _latin_word(stem).capitalize()
        out.append(("al-" + latin) if article and i > 0 else ("Al-" + latin) if article else latin)
    return " ".join(w for w in out if w)


_TO_ARABIC_DIGRAPHS = (
    ("sh", "ش"),
    ("kh", "خ"),
    ("th", "ث"),
    ("dh", "ذ"),
    ("gh", "غ"),
    ("ch", "تش"),
    ("ph", "ف"),
    ("ou", "و"),
    ("oo", "و"),
    ("ee", "ي"),
    ("ai", "اي"),
    ("ay", "اي"),
)
_TO_ARABIC = {
    "a": "ا",
    "b": "ب",
    "c": "ك",
    "d": "د",
    "e": "",
    "f": "ف",
    "g": "غ",
    "h": "ه",
    "i": "ي",
    "j": "ج",
    "k": "ك",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "o": "و",
    "p": "ب",
    "q": "ق",
    "r": "ر",
    "s": "س",
    "t": "ت",
    "u": "و",
    "v": "ف",
    "w": "و",
    "x": "كس",
    "y": "ي",
    "z": "ز",
}


def _arabic_word(word: str) -> str:
    word = word.lower()
    out: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        piece = next((ar for lat, ar in _TO_ARABIC_DIGRAPHS if lat == pair), None)
        step = 2 if piece is not None else 1
        if piece is None:
            ch = word[i]
            if i == 0 and ch in _LATIN_VOWELS:
                piece = "إ" if ch in "ie" else "أ"
            elif (
                ch == "h"
                and 0 < i < len(word) - 1
                and word[i - 1] in _LATIN_VOWELS
                and word[i + 1] not in _LATIN_VOWELS
            ):
                piece = ""  # John: a silent h
            elif ch == "y" and 0 < i < len(word) - 1 and word[i - 1] not in _LATIN_VOWELS:
                piece = "اي"  # Ryder → رايدر
            elif ch == "e" and i == len(word) - 1:
                piece = ""
            else:
                piece = _TO_ARABIC.get(ch, "")
        if not (out and piece and out[-1] == piece and piece not in "اوي"):
            out.append(piece)  # doubled consonants are written once
        i += step
    return "".join(out)


def to_arabic(name: str, known: Mapping[str, str] | None = None) -> str:
    """An Arabic spelling to suggest for a Latin name ("" when it has no Latin words)."""
    known = known or {}
    out: list[str] = []
    for word in re.split(r"\s+", name.strip()):
        folded = normalize(word).strip("'")
        if not folded:
            continue
        if folded in known:
            out.append(known[folded])
            continue
        article = re.match(r"^(?:al|el|a[dnrstz]h?)-(.+)$", folded)
        stem = article.group(1) if article else folded
        stem = re.sub(r"[^a-z]", "", stem)
        god = re.match(r"^(.+?)[aou]llah$", stem)  # Nasrallah, Hezbollah: … الله
        if god and not article:
            arabic = (known.get(god.group(1)) or _arabic_word(god.group(1))) + " الله"
        else:
            arabic = known.get(stem) or _arabic_word(stem)
        if arabic:
            out.append(("ال" + arabic) if article else arabic)
    return " ".join(out)


def known_pairs(names: Iterable[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Word pairs from names held in both scripts, aligned word by word when the counts agree:
    ("Hadi al-Amiri", "هادي العامري") gives hadi↔هادي and amiri↔عامري. Returns
    (latin → arabic, arabic → latin)."""
    to_ar: dict[str, str] = {}
    to_en: dict[str, str] = {}
    for en, ar in names:
        en_words = [w for w in re.split(r"[\s-]+", normalize(en)) if w and w not in _PARTICLES]
        ar_words = [w for w in normalize(ar).split() if w]
        if len(en_words) != len(ar_words) or not en_words:
            continue
        latin_words = [w for w in re.split(r"\s+", en) if w]
        latin_words = [re.sub(r"^(?:al|el)-", "", w, flags=re.I) for w in latin_words]
        latin_words = [w for w in latin_words if normalize(w) not in _PARTICLES]
        if len(latin_words) != len(ar_words):
            continue
        for lat, lat_shown, arb in zip(en_words, latin_words, ar_words, strict=True):
            bare = strip_arabic_prefix(arb)
            if skeleton(lat) != skeleton(bare) or not skeleton(lat):
                continue  # not the same word (a title, a word order that differs)
            to_ar.setdefault(lat, bare)
            to_en.setdefault(bare, lat_shown)
    return to_ar, to_en
