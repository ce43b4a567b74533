"""Arabic and English text normalisation for search and name matching.

The same functions run when text is indexed and when a question is asked, so that spelling
variants meet: hamza and alef forms (أ إ آ ٱ → ا), taa marbuta (ة → ه), alef maqsura (ى → ي),
hamza carriers (ؤ → و, ئ → ي), tatweel, diacritics, Persian letter forms and Arabic-Indic
digits. `search_key` also strips the clitic prefixes و ف ب ك ل and the article ال and one
inflectional suffix (ة، ات، ين، ون، ها، هم …), and stems English words with Snowball, so that
"الأمريكية", "والامريكي" and "الأمريكيين", "withdraw" and "withdrawal" give one key.

Packaged Arabic stemmers are not used on purpose: ISRI merges unrelated words (it makes
الأمريكية equal الأمر), and light stemmers miss the spelling variants above.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Bidi controls and zero-width characters: invisible, and they split words.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c]")
_LETTER_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "ی": "ي",
        "ې": "ي",
        "ۀ": "ه",
        "ہ": "ه",
        "گ": "ك",
        "پ": "ب",
        "چ": "ج",
        "ڤ": "ف",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "’": "'",
        "‘": "'",
    }
)
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LATIN_LETTER = re.compile("[A-Za-z]")

# Clitic prefixes, longest first. The article forms are stripped whenever two letters stay;
# a bare conjunction or preposition only when three stay, so that short words survive.
_ARTICLE_PREFIXES = ("وبال", "وكال", "وال", "فال", "بال", "كال", "لل", "ال")
_CLITIC_PREFIXES = ("و", "ف", "ب", "ل", "ك")

_english_stemmer = snowballstemmer.stemmer("english")

# Irregular English verb forms: Snowball stems "torn" and "tearing" apart, so fold them first.
_IRREGULAR = {
    form: base
    for base, forms in {
        "arise": "arose arisen", "be": "was were been", "beat": "beaten", "become": "became",
        "begin": "began begun", "break": "broke broken", "bring": "brought", "build": "built",
        "buy": "bought", "catch": "caught", "choose": "chose chosen", "come": "came",
        "deal": "dealt", "do": "did done", "draw": "drew drawn", "drive": "drove driven",
        "fall": "fell fallen", "feel": "felt", "fight": "fought", "find": "found",
        "fly": "flew flown", "forbid": "forbade forbidden", "forget": "forgot forgotten",
        "give": "gave given", "go": "went gone", "grow": "grew grown", "have": "had has",
        "hear": "heard", "hide": "hid hidden", "hold": "held", "keep": "kept", "know": "knew known",
        "lead": "led", "leave": "left", "lose": "lost", "make": "made", "mean": "meant",
        "meet": "met", "pay": "paid", "ride": "rode ridden", "rise": "rose risen", "run": "ran",
        "say": "said", "see": "saw seen", "seek": "sought", "sell": "sold", "send": "sent",
        "shake": "shook shaken", "shoot": "shot", "show": "shown", "speak": "spoke spoken",
        "spend": "spent", "stand": "stood", "steal": "stole stolen", "strike": "struck",
        "swear": "swore sworn", "take": "took taken", "teach": "taught", "tear": "tore torn",
        "tell": "told", "think": "thought", "throw": "threw thrown", "understand": "understood",
        "wake": "woke woken", "wear": "wore worn", "win": "won", "withdraw": "withdrew withdrawn",
        "write": "wrote written",
    }.items()
    for form in forms.split()
}


def normalize(text: str) -> str:
    """Fold a text for comparison: NFKC, no invisible marks, unified Arabic letters, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _DIACRITICS.sub("", text)
    return text.translate(_LETTER_MAP).lower()


def words(text: str) -> list[str]:
    """The normalised words of a text, in order (hyphenated and apostrophe words kept whole)."""
    return _WORD.findall(normalize(text))


def is_arabic(word: str) -> bool:
    return bool(_ARABIC_LETTER.search(word))


def strip_arabic_prefix(word: str) -> str:
    """Remove a leading article (ال، وال، بال، لل …) from a normalised Arabic word."""
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def strip_arabic_clitic(word: str) -> str | None:
    """The word without a leading و ف ب ل ك, or None when there is none to take.

    A bare clitic cannot be told from a first letter (وزير، بغداد), so callers keep both
    forms: the index holds both keys of such a word, and a query looks for both.
    """
    if word[:1] in _CLITIC_PREFIXES and len(word) >= 4:
        return word[1:]
    return None


# Inflectional and pronoun suffixes, longest first; one is taken off when three letters stay.
_ARABIC_SUFFIXES = (
    "تان", "تين", "يين", "ات", "ان", "ين", "ون", "يه", "هم", "ها", "هن", "كم", "نا", "ه", "ي"
)


def arabic_stem(key: str) -> str:
    """Take one inflectional or pronoun suffix off an Arabic word
    (مقاومه → مقاوم, قواتها → قوات)."""
    for suffix in _ARABIC_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return key[: -len(suffix)]
    return key


@lru_cache(maxsize=65536)
def search_key(word: str) -> str:
    """The main index key of one normalised word: article and one suffix off (Arabic), or
    the Snowball stem (English)."""
    if is_arabic(word):
        return arabic_stem(strip_arabic_prefix(word))
    if _LATIN_LETTER.search(word):
        word = word.replace("'", "")
        return _english_stemmer.stemWord(_IRREGULAR.get(word, word))
    return word


_LONG_VOWELS = str.maketrans("", "", "اوي")


def pattern_free(key: str) -> str:
    """An Arabic key without its inner long vowels: the consonants that the word's pattern
    is built on (وساط، وسيط → وسط; قتال، قتيل → قتل). Loose: for telling whether a known
    speaker's words touch a topic, never for finding a speaker."""
    if not is_arabic(key) or len(key) < 4:
        return key
    bare = key[0] + key[1:].translate(_LONG_VOWELS)
    return bare if len(bare) >= 3 else key


@lru_cache(maxsize=65536)
def search_variants(word: str) -> tuple[str, ...]:
    """Every key a normalised word is indexed and looked up under: its main key and, for an
    Arabic word that may carry a clitic (وبغداد، لبغداد), the key without it."""
    key = search_key(word)
    if not is_arabic(word):
        return (key,)
    bare = strip_arabic_clitic(strip_arabic_prefix(word))
    if bare is None:
        return (key,)
    other = arabic_stem(strip_arabic_prefix(bare))
    return (key, other) if other != key else (key,)


# Imperfect verb prefixes (he/she/we) a question's verb may differ from a statement's by.
_PERSON_PREFIXES = "يتن"


@lru_cache(maxsize=65536)
def arabic_inflections(key: str) -> tuple[str, ...]:
    """Other index keys the same Arabic word takes in another inflection, for looking a
    question's word up (the index is not changed): the verb in another person (يطرد، تطرد،
    نطرد) or tense prefix (ستستمر → تستمر), a second suffix (معدات → معد), the plural
    verb's وا (طردوا → طرد), and the bare stem of a he/we verb (يرفض، نرفض → رفض; not ت,
    which begins many nouns: تحسين is not حسين). Candidates only: a key no statement holds
    costs a look-up and counts for nothing."""
    if not key or not is_arabic(key):
        return ()
    found: set[str] = set()
    stem = key
    if stem.endswith("وا") and len(stem) >= 5:
        stem = stem[:-2]
        found.add(stem)
    again = arabic_stem(stem)
    if again != stem:
        found.add(again)
    if stem[0] == "س" and len(stem) >= 5 and stem[1] in _PERSON_PREFIXES:
        stem = stem[1:]  # the future's س: ستستمر → تستمر
        found.add(stem)
    if stem[0] in _PERSON_PREFIXES and len(stem) >= 4:
        base = stem[1:]
        found |= {p + base for p in _PERSON_PREFIXES}
        if stem[0] != "ت":
            found.add(base)
    found.discard(key)
    return tuple(sorted(found))


def search_keys(text: str) -> list[str]:
    """The index keys of a text, in order: what the full-text index stores for it."""
    return [k for w in words(text) for k in search_variants(w)]


def search_text(text: str) -> str:
    """`search_keys` joined by spaces: the column content of the full-text index."""
    return " ".join(search_keys(text))


def script_of(text: str) -> str:
    """'ar' when the text has at least as many Arabic letters as Latin ones (and some), else 'en'.

    A tie goes to Arabic: "ما قال Kirby؟" is an Arabic question about a Latin name.
    """
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return "ar" if arabic and arabic >= latin else "en"
