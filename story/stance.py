"""Suggest a stance for an extracted quote from keyword cues, in Arabic and English.

The suggestion is only a suggestion: an admin confirms or changes it at review. Cues exist
for the stance ids of the bundled story; any other stance vocabulary falls back to the words
of the stance's own labels. Matching is on folded text (see story.normalize), and the longest
cue wins, so "لا توجد أي خطط حالية لانسحاب كلي" (no plans for a full withdrawal) beats the
"انسحاب كلي" inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from story.models import Stance
from story.normalize import normalize, words

# stance id → cue phrases (either language); a phrase may use "…" for "any few words".
CUES: dict[str, tuple[str, ...]] = {
    "full_withdrawal_demanded": (
        "انسحاب كامل",
        "الانسحاب الكامل",
        "انسحابا كاملا",
        "بالكامل",
        "سحب القوات الامريكية بالكامل",
        "اخراج القوات",
        "خروج القوات",
        "افراغ القواعد",
        "complete withdrawal",
        "full withdrawal",
        "withdraw completely",
        "all us troops",
        "every soldier",
    ),
    "threatens_military_action": (
        "العمل العسكري",
        "التحرك العسكري",
        "معاودة",
        "طرد",
        "طردهم",
        "اجبار",
        "استهداف",
        "تجربة طالبان",
        "التجربة الافغانية",
        "مواجهة",
        "military action",
        "resume attacks",
        "resume operations",
        "force them out",
        "expel",
        "drive out",
        "attack",
    ),
    "doubts_us_commitment": (
        "لم نرى",
        "لم نر",
        "اي التزام حقيقي",
        "تزيد من عدتها",
        "على العكس من المتوقع",
        "تماطل",
        "مماطلة",
        "no real commitment",
        "not serious",
        "doubt",
        "stalling",
        "increasing its forces",
    ),
    "committed_to_deadline": (
        "ملتزمة", "متلزمة", "ملتزم", "التزام", "الموعد المتفق عليه", "لن تبقى", "سحب قواتها",
        "committed", "commitment", "will not remain", "on schedule", "agreed date",
    ),
    "deadline_fixed": (
        "موعد ثابت", "ثابت", "لا تمديد", "لم يغيره شيء", "تمديد … خاطئ", "حديث خاطئ",
        "fixed", "no extension", "not be extended", "firm date", "has not changed",
    ),
    "combat_withdrawal_advisers_stay": (
        "المشورة",
        "التدريب",
        "غير القتالية",
        "الدعم الاستخباراتي",
        "مستشارين",
        "المستشارين",
        "بدعوة",
        "advice",
        "advise",
        "advisers",
        "advisors",
        "training",
        "train",
        "non-combat",
        "intelligence support",
    ),
    "no_full_withdrawal": (
        "لا توجد اي خطط",
        "لا خطط",
        "لانسحاب كلي",
        "انسحاب كلي",
        "غير خاضع للتغيير",
        "لا انسحاب كامل",
        "no plans",
        "no current plans",
        "not subject to change",
        "no full withdrawal",
    ),
    "no_comment": (
        "رفضت التعليق", "رفض التعليق", "امتنع عن التعليق", "امتنعت عن التعليق", "لم ترد",
        "declined to comment", "no comment", "did not respond", "refused to comment",
    ),
    "unclear_no_timetable": (
        "جدول زمني", "عدم وضوح", "غياب", "لم يقدم اي معلومات", "غير واضح",
        "timetable", "unclear", "no details", "no information",
    ),
}

_LABEL_STOPWORDS = frozenset(
    "the a an of to and or no not for with on in its their his her is are be by from us "
    "في من الى على عن مع و لا ال".split()
)


def _pattern(phrase: str) -> re.Pattern[str]:
    """A cue as a regex over folded text: whole words, "…" standing for up to four words."""
    parts = [re.escape(" ".join(words(part))) for part in phrase.split("…")]
    return re.compile(r"(?<!\w)" + r"(?:\W+\w+){0,4}\W+".join(parts) + r"(?!\w)")


_COMPILED: dict[str, list[tuple[re.Pattern[str], int]]] = {
    stance_id: [(_pattern(p), len(words(p.replace("…", " ")))) for p in phrases]
    for stance_id, phrases in CUES.items()
}


def declines_to_comment(text: str) -> bool:
    """Whether a text refuses to comment (the `no_comment` cues): whatever topic it names is
    what it would not speak about, so it answers no question on that topic."""
    folded = " ".join(words(text))
    return any(pattern.search(folded) for pattern, _ in _COMPILED["no_comment"])


def refusal_ends() -> frozenset[str]:
    """The last word of every refusal cue: a text holding none of them is no refusal (a test
    on a statement's stored search keys, before folding its text for the patterns)."""
    return frozenset(words(phrase)[-1] for phrase in CUES["no_comment"])


def refusal_words() -> frozenset[str]:
    """The content words of the refusal cues ("declined", "comment", "التعليق"): a question
    using one asks about a refusal itself."""
    return frozenset(
        w
        for phrase in CUES["no_comment"]
        for w in words(phrase)
        if len(w) >= 4 and w not in _LABEL_STOPWORDS
    )


def _label_cues(stance: Stance) -> list[tuple[re.Pattern[str], int]]:
    """For a stance without cues: the content words of its labels, each worth half a cue."""
    found = []
    for label in (stance.label_en, stance.label_ar):
        for word in words(label):
            if len(word) >= 4 and word not in _LABEL_STOPWORDS:
                found.append((_pattern(word), 0))
    return found


def suggest_stance(quote: str, stances: Iterable[Stance]) -> str | None:
    """The stance id whose cues best match `quote`, or None when nothing does."""
    folded = " ".join(words(normalize(quote)))
    best: tuple[float, str] | None = None
    for stance in stances:
        own = _COMPILED.get(stance.id)
        matched = [
            weight for pattern, weight in (own or _label_cues(stance)) if pattern.search(folded)
        ]
        if not matched:
            continue
        # The longest cue, then how many; label words count half each.
        score = max(matched) + 0.1 * (len(matched) - 1) if own else 0.5 * len(matched)
        if score >= 1 and (best is None or score > best[0]):
            best = (score, stance.id)
    return best[1] if best else None
