"""Find who said what in a news article (Arabic first, English too).

`extract_statements(text, published=..., actors=...)` returns the statements an article
attributes to someone: direct quotes (inside «», "", “”, '') and reported speech (after
أن/إن/بأن or "that", or the object of a speech verb: "نفى وجود …", "مشيرا الى …"), each with
its speaker, the outlet or channel it came through and the day it was made. Pure domain code:
no Telegram, no SQL; names resolve through `story.names.ActorIndex`.

How it reads an article:

* Tokens, paragraphs, quotes, sentences. Markdown links and emphasis are blanked (offsets
  kept). Quotes pair with a stack, so nested quotes stay inside the outer one; a quote left open
  at a paragraph's end goes on into the next paragraph when that one opens with a quote mark
  (English style) or closes it (an odd count of straight quotes), and ends with its paragraph
  otherwise. Headlines (short lines without final punctuation) restate the body: skipped.
* Speech cues by inflection over roots — past, present, participle, with و/ف (قال/قالت/يقول/
  قائلا، أكد/يؤكد/مؤكدة، أشار/مشيرا، نفى/نافيا، رأى/ترى …; said/says/told/added/adding …) —
  plus refusals (رفضت التعليق، لم ترد على طلب للتعليق، declined to comment) and "according
  to"/"بحسب". A cue counts only when a content follows it: a quote, a complementizer (أن، بأن،
  انها، فإن، that), a colon, the verb's own preposition (أشار الى، شدد على، حذر من، أعرب عن،
  هدد بـ) or, for verbs that take one, a direct object (نفى وجود …, said the troops …). A
  clause before its verb counts too ("…, Kirby said on Monday."; '"…," he said').
* The speaker: the subject right after the verb (VSO: "قالت مجلة نيوزويك"), an official source
  named by بحسب/according to between subject and verb, the last actor named before the verb
  in its clause (SVO, the sentence's topic, the antecedent of الذي/التي), or the noun phrase
  just before the verb; pronouns, bare verbs and continuation participles (مضيفا، موضحة،
  "he added") keep the current speaker. A name after "المتحدث باسم"/"spokesman for" is whom
  the speaker speaks for, not the speaker; "المجلة"/"the magazine" is the last outlet named,
  "الوزارة"/"the group" the last speaker or actor of that sort; a surname alone refers back
  to the person named before. An unknown speaker keeps the name and role the text gives
  ("وزير الخارجية الفرنسي جان لودريان" → name جان لودريان, role وزير الخارجية الفرنسي), for
  proposing a new actor; an unnamed subject ("مراقبون", "analysts", "the group" with no group
  named) gives no statement rather than the wrong speaker.
* A reported clause runs to the end of its sentence, the next cue, or a comma that opens a
  new clause (حيث، لكن، بينما، الأمر الذي، بحسب …). A clause that only introduces a nested
  statement ("مشيرة الى الموقف الذي صدر عن X والذي أكد …") gives way to it. A reported clause
  made of a quote and a few words is that direct quote; one holding several quotes is split.
* Outlets and channels: بحسب (ما أوردت) X، وفقا لـ X، في حديث لـ X، للمجلة، مع مجلة X،
  نقلت X عن Y (Y speaks, X carries), في بيان، على تويتر، in an interview with X, told X,
  according to X, citing Y, on Twitter, a wire dateline "BAGHDAD (Reuters) -"; else `outlet`.
* Dates: Arabic ordinal days (الأول … الحادي والثلاثين) with a month name or "من الشهر
  الحالي/الماضي", أمس، أول أمس، يوم الاثنين، الثلاثاء الماضي، الأسبوع/الشهر الماضي، a month alone
  (its first day), yesterday, on Monday, last Tuesday, Nov. 22 — looked for in the attribution
  part of a statement, never inside its quote, resolved against `published` and never after
  it; a continuation, or the same speaker again, keeps the day; otherwise `published`.

`quote` is the stretch `text[start:end]` with markup removed and white space collapsed (a
quote mark that reopens a quote in a new paragraph is dropped); a direct quote keeps its own
final full stop, a reported clause does not.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from story.models import Actor
from story.names import ActorIndex, name_key, name_keys
from story.normalize import normalize


@dataclass(frozen=True)
class ExtractedStatement:
    speaker_id: str | None  # a known actor's id, or None
    speaker_name_en: str  # the known actor's names, or the name/role the text gives
    speaker_name_ar: str
    speaker_role: str  # the role the text gives, if any
    quote: str  # the quoted or reported text, without the quote marks
    kind: str  # "direct" | "reported"
    via: str | None  # the outlet or channel it came through
    date: date
    start: int  # offsets of `quote` in the input text
    end: int
    via_id: str | None = None  # the outlet's actor id, when the outlet is a known actor


# --------------------------------------------------------------------------------------------
# Lexicon. Arabic entries are in normalised spelling (see story.normalize).

# Speech verbs by root: (past, present stem, participle stem, preposition(s) introducing the
# content, flags). Flags: "strict" — needs a quote, a complementizer, a colon or its
# preposition (no bare object); "belief" — the complementizer must follow at once (رأى، اعتبر);
# "cont" — a continuation verb (أضاف، تابع) whose bare form keeps the current speaker.
_AR_VERBS: list[tuple[str, str, str, tuple[str, ...], str]] = [
    ("قال", "قول", "قايل", (), "strict"),
    ("اكد", "وكد", "موكد", ("علي",), ""),
    ("اضاف", "ضيف", "مضيف", (), "strict cont"),
    ("اوضح", "وضح", "موضح", (), "strict"),
    ("اشار", "شير", "مشير", ("الي",), "strict"),
    ("شدد", "شدد", "مشدد", ("علي",), "strict"),
    ("اعلن", "علن", "معلن", ("عن",), ""),
    ("صرح", "صرح", "مصرح", (), "strict"),
    ("تابع", "تابع", "متابع", (), "strict cont"),
    ("لفت", "لفت", "لافت", ("الي",), "strict"),
    ("اعتبر", "عتبر", "معتبر", (), "strict belief"),
    ("حذر", "حذر", "محذر", ("من",), "strict"),
    ("هدد", "هدد", "مهدد", ("ب",), "strict"),
    ("افاد", "فيد", "مفيد", ("ب",), "strict"),
    ("اردف", "ردف", "مردف", (), "strict cont"),
    ("كشف", "كشف", "كاشف", ("عن",), "strict"),
    ("اعرب", "عرب", "معرب", ("عن",), "strict"),
    ("طالب", "طالب", "مطالب", ("ب",), "strict"),
    ("المح", "لمح", "ملمح", ("الي",), "strict"),
    ("نوه", "نوه", "منوه", ("الي", "ب"), "strict"),
    ("اقر", "قر", "مقر", ("ب",), "strict"),
    ("زعم", "زعم", "زاعم", (), "strict"),
    ("اعترف", "عترف", "معترف", ("ب",), "strict"),
    ("تعهد", "تعهد", "متعهد", ("ب",), "strict"),
    ("توعد", "توعد", "متوعد", ("ب",), "strict"),
    ("استدرك", "ستدرك", "مستدرك", (), "strict cont"),
    ("ابلغ", "بلغ", "", (), "strict"),
    ("ذكر", "", "", (), "strict"),
    ("بين", "بين", "مبين", (), "strict belief"),
    ("نقل", "نقل", "ناقل", (), "strict"),
]
# Irregular roots, spelled out: (forms, participles, prepositions, flags).
_AR_IRREGULAR: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = [
    (("نفت", "نفوا", "ينفي", "تنفي", "ينفون"), ("نافيا", "نافيه", "نافين"), (), ""),
    (("دعا", "دعت", "دعوا", "يدعو", "تدعو", "يدعون"), ("داعيا", "داعيه", "داعين"), ("الي",), "strict"),
    (("يري", "تري", "يرون", "رات", "راوا"), (), (), "strict belief"),
]
# Forms that are speech verbs only in their unfolded spelling (ى, not ي): نفى، رأى.
_AR_RAW_FORMS = {"نفى": ("", (), ""), "رأى": ("", (), "strict belief"), "راى": ("", (), "strict belief")}

_EN_VERBS: dict[str, str] = {
    # form: flags
    "said": "", "says": "", "told": "", "tells": "", "added": "cont", "adds": "cont",
    "stated": "", "denied": "", "denies": "", "warned": "", "warns": "", "noted": "",
    "stressed": "", "stresses": "", "insisted": "", "insists": "", "announced": "",
    "announces": "", "claimed": "", "explained": "", "explains": "", "argued": "",
    "argues": "", "asserted": "", "confirmed": "", "confirms": "", "affirmed": "",
    "acknowledged": "", "admitted": "", "emphasized": "", "emphasised": "", "maintained": "",
    "reiterated": "", "wrote": "", "tweeted": "", "declared": "", "threatened": "strict",
    "vowed": "", "pledged": "", "promised": "", "cautioned": "", "conceded": "",
    "replied": "strict", "responded": "strict", "continued": "strict cont", "reported": "",
    "reports": "",
}
_EN_PARTICIPLES = {
    "adding", "saying", "noting", "stressing", "warning", "insisting", "explaining", "arguing",
    "denying", "claiming", "vowing", "pledging", "asserting", "acknowledging", "admitting",
    "emphasizing", "emphasising", "stating", "cautioning",
}
_EN_TWO_WORD = {("pointed", "out"): "", ("points", "out"): "", ("went", "on"): "strict cont"}
_EN_TWO_WORD_PART = {("pointing", "out")}

# Refusing to comment is itself a statement: رفضت التعليق، امتنع عن الرد، declined to comment.
_AR_REFUSE = {"رفض", "رفضت", "رفضوا", "يرفض", "ترفض", "يرفضون", "رافضا", "رافضه",
              "امتنع", "امتنعت", "يمتنع", "تمتنع", "ممتنعا", "ممتنعه"}
_AR_REFUSE_OBJ = {"التعليق", "الرد", "الادلاء", "التعقيب", "تعليق", "الاجابه"}
_EN_REFUSE = {"declined", "refused", "declines", "refuses", "decline", "refuse"}
_EN_REFUSE_OBJ = {"comment", "respond", "elaborate", "answer", "discuss"}

# Complementizers that open reported content (with pronoun suffixes).
_AR_COMP = {
    "ان", "بان", "انه", "انها", "انهم", "انهما", "انني", "اننا", "انكم",
    "بانه", "بانها", "بانهم", "باننا", "بانهما", "فان", "فانه", "فانها", "فانهم",
}
# Words before ان that make it something else (بعد أن = after, يجب أن = must …).
_AR_COMP_BLOCK = {
    "بعد", "قبل", "منذ", "دون", "بدون", "يجب", "ينبغي", "يمكن", "يمكنه", "يمكنها", "لابد",
    "رغم", "برغم", "الا", "غير", "كما", "بما", "بيد", "لو", "ولو", "مجرد", "حين", "ريثما",
    "المقرر", "المتوقع", "المفترض", "الممكن", "المرجح", "المحتمل", "يريد", "تريد", "اراد",
    "ارادت", "يحاول", "تحاول", "قرر", "قررت", "يستطيع", "تستطيع", "سبق", "اي", "لاجل",
    "حتي", "مثل", "بمجرد", "فبعد", "وبعد",
}
_EN_COMP = {"that"}
_AR_PREPS = {
    "في", "من", "الي", "علي", "عن", "مع", "بين", "لدي", "حول", "ضد", "عبر", "نحو", "منذ",
    "خلال", "بعد", "قبل", "عند", "تحت", "فوق", "امام", "وراء", "دون", "لـ", "ل", "ب", "بـ",
    "وفي", "ومن", "والي", "وعلي", "وعن", "ومع", "اثناء", "عقب", "لدى", "بشان", "ازاء", "تجاه",
}
_EN_PREPS = {
    "to", "from", "with", "by", "for", "at", "in", "on", "about", "against", "between",
    "among", "during", "after", "before", "following", "into", "over", "under", "via", "of",
}
# Words skipped between a speech verb and its subject or content.
_AR_FILLERS = {
    "ايضا", "كذلك", "بدوره", "بدورها", "بدورهم", "سابقا", "لاحقا", "مجددا", "فقد", "قد",
    "ثم", "خلاله", "خلالها", "خلالهم", "فيه", "فيها", "اليوم", "امس", "صراحه", "بوضوح",
    "مرارا", "قايلا", "قايله", "بالقول", "بالتاكيد", "حينها", "وقتها", "بدورنا", "ذلك",
    "لكنه", "لكنها", "ولكنه", "ولكنها", "انذاك", "الان", "قوله", "قولها", "قولهم", "تاكيده",
    "تاكيدها",
}
_EN_FILLERS = {"also", "later", "earlier", "again", "then", "further", "previously", "repeatedly",
               "today", "yesterday", "recently", "separately", "however", "too", "once"}
_AR_SIDE = {"جانبه", "جانبها", "جانبهم", "جهته", "جهتها", "جهتهم", "ناحيته", "ناحيتها"}
_NISBA = ("ي", "يه", "يين", "يون", "ين")
_AR_INSTITUTIONS = {"معهد", "مركز", "جامعه", "صحيفه", "مجله", "جريده", "وكاله", "قناه", "شبكه", "موسسه", "منتدي"}
# Anonymous plurals are not speakers one can quote: "يرى مراقبون", "analysts say".
_VAGUE = {"مراقبون", "مراقبين", "محللون", "محللين", "خبراء", "متابعون", "متابعين", "مصادر", "مراقبو",
          "analysts", "observers", "experts", "critics", "some", "many", "others"}
_AR_AUX = {"كان", "كانت", "وكان", "وكانت", "فكان", "قد", "وقد", "لقد"}
_AR_NP_LINKS = {"في", "من", "ب", "لدي", "داخل"}  # القيادي في تحالف الفتح، عضو في البرلمان
_EN_POSSESSIVE = {"his", "her", "its", "their"}
_AR_PRONOUN = {"هو", "هي", "هم", "وهو", "وهي", "وهم", "لكنه", "لكنها", "ولكنه", "ولكنها",
               "لكنهم", "انه", "انها"}
_EN_PRONOUN = {"he", "she", "they", "it", "we", "i"}
_AR_RELATIVE = {"الذي", "التي", "الذين", "والذي", "والتي", "والذين", "اللذين", "اللتين"}
# After a comma these start a new clause: a reported clause stops before them.
_AR_BREAK = {
    "حيث", "لكن", "ولكن", "لكنه", "لكنها", "ولكنه", "ولكنها", "بينما", "فيما", "الا", "غير",
    "امر", "الامر", "وهو", "وهي", "وهذا", "مما", "وذلك", "وسط", "في", "بحسب", "حسب", "وفقا",
    "وفق", "نقلا", "علي", "كما", "اذ", "لافتا", "وقال", "واضاف", "وتابع", "واكد",
}
_EN_BREAK = {"according", "while", "whereas", "but", "although", "though", "which", "as"}
_AR_ATTRIB = {"بحسب", "حسب", "وبحسب", "وحسب", "وفقا", "ووفقا", "وفق", "طبقا"}
_AR_ATTRIB_VERBS = re.compile(
    r"^(اورد|ذكر|نشر|نقل|قال|افاد|اشار|كشف|اكد|اعلن|اوضح|جاء)(ت|ه|ته|وا)?$"
)
# Speech nouns: a quote that follows one is attributed to whoever the noun belongs to.
_AR_SPEECH_NOUNS = {
    "تصريحات", "تصريح", "تصريحه", "تصريحها", "تصريحاته", "تصريحاتها", "بيان", "بيانه", "بيانها",
    "تاكيدات", "تاكيد", "حديث", "حديثه", "حديثها", "كلمه", "كلمته", "كلمتها", "قول", "قوله",
    "قولها", "مقابله", "تغريده", "تغريدته", "تغريدتها", "منشور", "رساله", "خطاب", "خطابه",
    "اقوال", "تعليق", "تعليقه", "تعليقات",
}
_EN_SPEECH_NOUNS = {"statement", "remarks", "comments", "words", "interview", "tweet", "post",
                    "speech", "letter", "briefing", "testimony", "message"}
_AR_CHANNEL = {"بيان", "تغريده", "منشور", "مؤتمر", "موتمر", "رساله", "خطاب", "كلمه", "تصريح",
               "تصريحات", "مقابله", "لقاء", "حديث", "تقرير"}
_EN_CHANNEL = {"statement", "tweet", "post", "briefing", "conference", "interview", "letter", "speech"}
_PLATFORMS = {"twitter": "Twitter", "facebook": "Facebook", "telegram": "Telegram", "instagram": "Instagram",
              "youtube": "YouTube", "تويتر": "تويتر", "فيسبوك": "فيسبوك", "تلغرام": "تلغرام", "تليغرام": "تليغرام",
              "تلكرام": "تلكرام"}
_AR_OUTLET_WORDS = {"مجله", "صحيفه", "جريده", "وكاله", "قناه", "شبكه", "اذاعه", "تلفزيون",
                    "موقع", "مجلته", "صحيفته"}
_EN_OUTLET_WORDS = {"magazine", "newspaper", "paper", "agency", "network", "channel", "broadcaster",
                    "outlet", "radio", "television", "tv", "daily", "website", "reuters", "afp", "ap",
                    "bbc", "cnn", "رويترز", "برس"}
# Words that open a speaker's description (titles, offices, institutions).
_AR_SPEAKER_HEADS = {
    "وزير", "وزيره", "رئيس", "رييس", "الرييس", "نايب", "النايب", "المتحدث", "المتحدثه", "الناطق",
    "الناطقه", "متحدث", "ناطق", "مسوول", "المسوول", "مصدر", "مصادر", "السفير", "سفير", "قايد",
    "القايد", "القايده", "زعيم", "الزعيم", "عضو", "الامين", "مدير", "المدير", "مستشار",
    "المستشار", "اللواء", "العميد", "الفريق", "العقيد", "الجنرال", "الشيخ", "السيد", "السيده",
    "وزاره", "الوزاره", "الحكومه", "حكومه", "البرلمان", "مجلس", "المجلس", "الجيش", "حركه",
    "حزب", "كتايب", "فصايل", "الفصايل", "اللجنه", "لجنه", "السفاره", "القياده", "قياده",
    "التحالف", "الاداره", "اداره", "البيت", "هييه", "الهييه", "منظمه", "المنظمه", "تنظيم",
    "مكتب", "المكتب", "الرياسه", "رياسه", "النواب", "قوات", "القوات", "البنتاغون", "الخارجيه",
    "ميليشيا", "جماعه", "الجماعه", "تيار", "التيار", "ايتلاف", "الايتلاف", "كتله", "الكتله",
    "مجله", "صحيفه", "جريده", "وكاله", "قناه", "شبكه", "المرجع", "المرجعيه", "القيادي", "قيادي",
    "مسوولين", "مسوولون", "المسوولين", "المصادر", "خبير", "الخبير", "محلل", "المحلل",
    "ممثل", "الممثل", "امين", "محافظ", "المحافظ", "نواب", "عضوه", "المبعوث", "مبعوث",
}  # (مصادر is in the list above)
_EN_ROLE_WORDS = {
    "president", "prime", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "general", "gen", "commander", "official", "officials", "senior", "deputy", "ambassador",
    "envoy", "chief", "head", "leader", "foreign", "defense", "defence", "interior", "state",
    "lt", "col", "colonel", "major", "admiral", "navy", "army", "adviser", "advisor", "mr", "ms",
    "mrs", "dr", "sen", "senator", "rep", "representative", "governor", "mayor", "director",
    "the", "a", "an", "of", "for", "department", "ministry", "pentagon", "source", "sources",
    "commission", "committee", "council", "office", "cabinet", "press", "national", "security",
    "us", "u", "s", "iraqi", "american", "french", "british", "iranian", "military", "lieutenant",
    "captain", "cmdr", "commanding", "top", "former", "acting", "lawmaker", "member",
}
_EN_PRONOUN_OR_STOP = _EN_PRONOUN | {"this", "that", "there", "which", "who", "what", "and", "but"}
_AR_DANGLING = (
    _AR_PREPS | _AR_RELATIVE | {"و", "او", "ثم", "صدر", "الصادر", "الصادره", "صادر", "ان", "وان",
                                "اطلقها", "اطلقه"}
)
_EN_DANGLING = _EN_PREPS | {"and", "or", "that", "which", "who", "the", "a", "an"}
_EN_ABBREV = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "gov", "jan", "feb", "mar",
              "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "st", "no", "vs",
              "cmdr", "capt", "maj", "adm", "sgt", "jr", "sr", "inc", "corp", "co"}

_OPENERS = {"«": "»", "“": "”", "„": "”", "‹": "›", "‘": "’"}
_CLOSERS = {"»": "«", "”": "“", "›": "‹", "’": "‘"}
_SENT_END = {".", "!", "?", "؟", "…"}
_COMMAS = {",", "،"}


def _build_ar_lexicon() -> tuple[dict[str, tuple[str, tuple[str, ...], str]], dict[str, tuple[str, ...]]]:
    verbs: dict[str, tuple[str, tuple[str, ...], str]] = {}
    participles: dict[str, tuple[str, ...]] = {}
    for past, pres, part, preps, flags in _AR_VERBS:
        forms = {past, past + "ت", past + "وا", past + "ا"}
        if pres:
            forms |= {"ي" + pres, "ت" + pres, "ي" + pres + "ون"}
        for form in forms:
            verbs[form] = (past, preps, flags)
        if part:
            for suffix in ("ا", "ه", "ين", "ون"):
                participles[part + suffix] = preps
    for forms, parts, preps, flags in _AR_IRREGULAR:
        for form in forms:
            verbs[form] = (forms[0], preps, flags)
        for form in parts:
            participles[form] = preps
    return verbs, participles


_AR_VERB_FORMS, _AR_PARTICIPLES = _build_ar_lexicon()
del _AR_VERB_FORMS["نقلا"]  # "نقلا عن" = quoting: an attribution, not a verb
# Present-tense forms report habits and headlines more than statements: they need a marker.
_AR_PRESENT = {f for f in _AR_VERB_FORMS if f[:1] in "يت" and f not in {"تابع", "تابعت", "تابعوا", "تابعا", "توعد", "توعدت", "تعهد", "تعهدت"}}

_WORD = r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’\-][^\W_]+)*"
_TOKEN_RE = re.compile(
    rf"(?P<w>{_WORD})|(?P<q>[«»“”„\"'‘’‹›])|(?P<nl>\n)|(?P<p>\.{{2,}}|…|[.!?؟،,;؛:—–]|(?<=\s)-(?=\s))"
)
_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")


# --------------------------------------------------------------------------------------------
# Dates.

_AR_MONTHS = [
    ("كانون الثاني", 1), ("كانون الاول", 12), ("تشرين الاول", 10), ("تشرين الثاني", 11),
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("ابريل", 4), ("مايو", 5), ("يونيو", 6),
    ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("اغسطس", 8), ("سبتمبر", 9), ("اكتوبر", 10),
    ("نوفمبر", 11), ("ديسمبر", 12), ("شباط", 2), ("اذار", 3), ("نيسان", 4), ("ايار", 5),
    ("حزيران", 6), ("تموز", 7), ("اب", 8), ("ايلول", 9),
]
_AR_MONTH_NAMES = {name: num for name, num in _AR_MONTHS}
_AR_MONTH_RE = "|".join(re.escape(n) for n, _ in _AR_MONTHS)
# Ordinal day words: a unit (الأول … العاشر, الحادي/الواحد), optionally "عشر" or "والعشرين/والثلاثين".
_AR_UNITS = {"اول": 1, "حادي": 1, "واحد": 1, "ثاني": 2, "ثالث": 3, "رابع": 4, "خامس": 5,
             "سادس": 6, "سابع": 7, "ثامن": 8, "تاسع": 9, "عاشر": 10}
_AR_TENS = {"عشرين": 20, "ثلاثين": 30}
_AR_ORDINAL = (
    r"(?:ال)?(?P<u>اول|حادي|واحد|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر)"
    r"(?:\s+(?P<teen>عشر)|\s+و(?:ال)?(?P<t>عشرين|ثلاثين))?"
    r"|(?:ال)?(?P<t2>عشرين|ثلاثين)|(?P<d>\d{1,2})"
)
_AR_REL_MONTH = r"الشهر\s+(?P<rel>الحالي|الجاري|نفسه|ذاته|الماضي|المنصرم|السابق|المقبل|القادم)"
_AR_DAY_MONTH_RE = re.compile(
    rf"(?<!\w)(?:{_AR_ORDINAL})\s+(?:من\s+)?(?:شهر\s+)?(?:{_AR_REL_MONTH}|(?P<m>{_AR_MONTH_RE}))"
    rf"(?:\s+(?:{_AR_MONTH_RE}))?(?:\s+(?P<fut>المقبل|القادم))?"
    rf"(?:\s+(?:من\s+)?(?:عام|العام|سنه)?\s*(?P<y>\d{{4}}))?(?!\w)"
)
_AR_MONTH_ONLY_RE = re.compile(
    rf"(?<!\w)(?:في|خلال|منذ|شهر)\s+(?:شهر\s+)?(?P<m>{_AR_MONTH_RE})(?:\s+(?:الماضي|المنصرم|الفايت))?"
    rf"(?:\s+(?:من\s+)?(?:عام|العام|سنه)?\s*(?P<y>\d{{4}}))?(?!\w)"
)
_AR_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4,
                "السبت": 5, "الاحد": 6}
_AR_RELATIVE_RE = re.compile(
    r"(?<!\w)(?P<w>(?:(?:يوم|مساء|صباح|ليله)\s+(?:ال)?|ال)(?P<wd>اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)"
    r"(?:\s+(?P<past>الماضي|المنصرم|الفايت))?)(?!\w)"
    r"|(?<!\w)(?P<y2>اول\s+امس|امس\s+الاول)(?!\w)"
    r"|(?<!\w)(?P<y1>امس|البارحه|ليله\s+امس)(?!\w)"
    r"|(?<!\w)(?P<today>اليوم|هذا\s+اليوم)(?!\w)"
    r"|(?<!\w)(?P<lw>الاسبوع\s+(?:الماضي|المنصرم|الفايت))(?!\w)"
    r"|(?<!\w)(?P<lm>الشهر\s+(?:الماضي|المنصرم|الفايت))(?!\w)"
)
_AR_DATE_WORDS = {"يوم", "مساء", "صباح", "ليله", "الماضي", "المنصرم", "امس", "الاول", "الشهر",
                  "الاسبوع", "الحالي", "الجاري"}
_EN_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_EN_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_EN_MONTHS["sept"] = 9
_EN_MONTH_RE = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_EN_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_EN_DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_EN_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_EN_MONTH_RE})\.?(?:,?\s+(?P<y2>\d{{4}}))?)\b"
    rf"|\b(?P<last>last\s+|this\s+past\s+|on\s+)?(?P<wd>{'|'.join(_EN_WEEKDAYS)})\b"
    rf"|\b(?P<yest>yesterday)\b|\b(?P<today>today)\b"
    rf"|\b(?:in|during|since)\s+(?P<mo>{_EN_MONTH_RE})\b(?:\s+(?P<yo>\d{{4}}))?"
    rf"|\b(?P<lw>last\s+week)\b|\b(?P<lm>last\s+month)\b",
    re.IGNORECASE,
)


def _shift_month(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _weekday_before(published: date, weekday: int, strict: bool) -> date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and strict:
        back = 7
    return published - timedelta(days=back)


def _make_date(year: int | None, month: int, day: int, published: date, month_named: bool) -> date | None:
    year = year or published.year
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if found > published and month_named and year == published.year:
        try:
            found = date(year - 1, month, day)
        except ValueError:
            return None
    return found if found <= published else None


def _ar_ordinal_value(match: re.Match) -> int | None:
    if match.group("d"):
        return int(match.group("d"))
    if match.group("t2"):
        return _AR_TENS[match.group("t2")]
    unit = _AR_UNITS[match.group("u")]
    if match.group("teen"):
        return unit + 10 if unit < 10 else None
    if match.group("t"):
        return unit + _AR_TENS[match.group("t")] if unit < 10 else None
    return unit


def _dates_in(folded: str, published: date) -> list[tuple[int, date]]:
    """(position, date) of every date expression in a normalised text."""
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for m in _AR_DAY_MONTH_RE.finditer(folded):
        day = _ar_ordinal_value(m)
        if not day or m.group("fut"):
            continue  # "الواحد والثلاثين من ديسمبر المقبل" is not when anyone spoke
        if m.group("rel"):
            rel = m.group("rel")
            base = published
            if rel in {"الماضي", "المنصرم", "السابق"}:
                base = _shift_month(date(published.year, published.month, 1), -1)
            elif rel in {"المقبل", "القادم"}:
                base = _shift_month(date(published.year, published.month, 1), 1)
            value = _make_date(base.year, base.month, day, published, False)
        else:
            year = int(m.group("y")) if m.group("y") else None
            value = _make_date(year, _AR_MONTH_NAMES[m.group("m")], day, published, year is None)
        if value:
            found.append((m.start(), value))
            taken.append(m.span())
    for m in _AR_RELATIVE_RE.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = None
        if m.group("wd"):
            value = _weekday_before(published, _AR_WEEKDAYS["ال" + m.group("wd")], bool(m.group("past")))
        elif m.group("y2"):
            value = published - timedelta(days=2)
        elif m.group("y1"):
            value = published - timedelta(days=1)
        elif m.group("today"):
            value = published
        elif m.group("lw"):
            value = published - timedelta(days=7)
        elif m.group("lm"):
            value = _shift_month(published, -1)
        if value:
            found.append((m.start(), value))
    for m in _EN_DATE_RE.finditer(folded):
        value = None
        if m.group("m1") or m.group("m2"):
            month = _EN_MONTHS[(m.group("m1") or m.group("m2")).lower()]
            day = int(m.group("d1") or m.group("d2"))
            year_text = m.group("y1") or m.group("y2")
            year = int(year_text) if year_text else None
            value = _make_date(year, month, day, published, year is None)
        elif m.group("mo"):
            year = int(m.group("yo")) if m.group("yo") else None
            value = _make_date(year, _EN_MONTHS[m.group("mo").lower()], 1, published, year is None)
        elif m.group("wd"):
            strict = bool(m.group("last")) and not m.group("last").lower().startswith("on")
            value = _weekday_before(published, _EN_WEEKDAYS[m.group("wd").lower()], strict)
        elif m.group("yest"):
            value = published - timedelta(days=1)
        elif m.group("today"):
            value = published
        elif m.group("lw"):
            value = published - timedelta(days=7)
        elif m.group("lm"):
            value = _shift_month(published, -1)
        if value:
            found.append((m.start(), value))
    if not found:
        # A month without a day ("أعلنت في تموز الماضي"): its first day.
        for m in _AR_MONTH_ONLY_RE.finditer(folded):
            year = int(m.group("y")) if m.group("y") else None
            value = _make_date(year, _AR_MONTH_NAMES[m.group("m")], 1, published, year is None)
            if value:
                found.append((m.start(), value))
    return sorted(found)


# --------------------------------------------------------------------------------------------
# The document model.


@dataclass
class _Tok:
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

    @property
    def cap(self) -> bool:
        return self.latin and self.raw[:1].isupper()


@dataclass
class _Quote:
    open_tok: int
    close_tok: int | None  # None: ended with its paragraph
    first: int  # first token inside
    last: int  # last token inside (inclusive); first > last when empty
    name_only: bool = False
    used: bool = False

    def words(self, toks: list[_Tok]) -> int:
        return sum(1 for t in toks[self.first : self.last + 1] if t.kind == "w")


@dataclass
class _Speaker:
    actor: Actor | None
    name: str = ""  # for an unknown speaker: the name (or the role) the text gives
    role: str = ""
    tok: int = -1  # where the text names it (-1: carried over)
    end_tok: int = -1

    @property
    def key(self) -> str:
        return self.actor.id if self.actor else normalize(self.name)


_NOBODY = _Speaker(None, name="")  # a subject is there, but it names no one we can tell


@dataclass
class _Claim:
    cue: int  # first token of the cue
    cue_end: int  # token after the cue
    kind: str  # "verb" | "part" | "refuse" | "acc" | "post" | "noun" | "orphan" | "told"
    flags: str
    marker: str  # "quote" | "comp" | "colon" | "prep" | "obj" | "self"
    content: int  # first content token
    content_end: int = -1  # token after the content
    quote: int | None = None  # a direct quote: the index of the quote
    middle: tuple[int, int] = (0, 0)  # tokens between cue and content
    speaker: _Speaker | None = None
    via: str | None = None
    via_id: str | None = None
    day: date | None = None
    closed: bool = False  # content end fixed by the content itself (quote)
    dropped: bool = False
    nested: bool = False  # said inside another speaker's clause


class _Doc:
    def __init__(self, text: str, index: ActorIndex, published: date):
        self.text = text
        self.index = index
        self.published = published
        self.masked = _mask(text)
        self.toks = self._tokenize()
        self.paras = self._paragraphs()
        self.quotes: list[_Quote] = []
        self._pair_quotes()
        self._unmark_quoted_headings()
        self.sents: list[tuple[int, int]] = []
        self._sentences()
        self.mentions = self._mentions()
        self.mention_at: dict[int, tuple[int, Actor, str]] = {}  # first token -> (end tok, actor, how)
        for t0, t1, actor, how in self.mentions:
            self.mention_at.setdefault(t0, (t1, actor, how))
        self._mark_name_quotes()

    # -- tokens, paragraphs, quotes, sentences ------------------------------------------------

    def _tokenize(self) -> list[_Tok]:
        toks: list[_Tok] = []
        for m in _TOKEN_RE.finditer(self.masked):
            kind = m.lastgroup or "w"
            raw = m.group()
            if kind == "nl" and (not toks or toks[-1].kind == "nl"):
                continue
            norm = _norm_word(raw) if kind == "w" else raw
            latin = kind == "w" and bool(re.match(r"[A-Za-z]", raw))
            toks.append(_Tok(len(toks), kind, m.start(), m.end(), raw, norm, 0, latin=latin))
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
        result = []
        for a, b, _ in out:
            body = [t for t in self.toks[a:b] if t.kind != "nl"]
            words = sum(1 for t in body if t.kind == "w")
            line_start = self.text.rfind("\n", 0, body[0].start) + 1 if body else 0
            marked = self.text[line_start : body[0].start].lstrip().startswith("#") if body else False
            ends = False
            for t in reversed(body):  # the last mark before any closing quotes
                if t.kind == "q":
                    continue
                ends = t.raw in _SENT_END or t.raw[:1] in _SENT_END or t.raw in {":", "؛", ";"}
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
                if heading and self.text[self.toks[a].start - 1 : self.toks[a].start].strip() != "#":
                    self.paras[p] = (a, b, False)

    def _is_open_single(self, t: _Tok) -> bool:
        before = self.masked[t.start - 1] if t.start > 0 else " "
        after = self.masked[t.end] if t.end < len(self.masked) else " "
        return (before.isspace() or before in "([«“\"—-") and after.isalnum()

    def _is_close_single(self, t: _Tok) -> bool:
        before = self.masked[t.start - 1] if t.start > 0 else " "
        after = self.masked[t.end] if t.end < len(self.masked) else " "
        return (before.isalnum() or before in ".,!?؟،") and (not after.isalnum())

    def _pair_quotes(self) -> None:
        toks = self.toks
        stack: list[tuple[str, int]] = []
        quote_start: int | None = None
        para_bounds = [(a, b) for a, b, _ in self.paras]
        skip: set[int] = set()

        def close_top(end_tok: int | None, last_inside: int) -> None:
            nonlocal quote_start
            assert quote_start is not None
            opener = quote_start
            self.quotes.append(_Quote(opener, end_tok, opener + 1, last_inside))
            quote_start = None

        for p, (a, b) in enumerate(para_bounds):
            for i in range(a, b):
                t = toks[i]
                if t.kind != "q" or i in skip:
                    continue
                c = t.raw
                if c == '"':
                    if stack and any(ch == '"' for ch, _ in stack):
                        while stack and stack[-1][0] != '"':
                            stack.pop()
                        stack.pop()
                        if not stack:
                            close_top(i, i - 1)
                        continue
                    stack.append((c, i))
                elif c == "'":
                    if stack and any(ch == "'" for ch, _ in stack) and self._is_close_single(t):
                        while stack and stack[-1][0] != "'":
                            stack.pop()
                        stack.pop()
                        if not stack:
                            close_top(i, i - 1)
                        continue
                    if self._is_open_single(t):
                        stack.append((c, i))
                    else:
                        continue
                elif c in _OPENERS:
                    if c == "‘" and not self._is_open_single(t):
                        continue
                    stack.append((c, i))
                elif c in _CLOSERS:
                    opener = _CLOSERS[c]
                    if not any(ch == opener for ch, _ in stack):
                        continue
                    while stack and stack[-1][0] != opener:
                        stack.pop()
                    stack.pop()
                    if not stack:
                        close_top(i, i - 1)
                    continue
                else:
                    continue
                if len(stack) == 1 and quote_start is None:
                    quote_start = i
            if stack and quote_start is not None:
                outer = stack[0][0]
                nxt = para_bounds[p + 1] if p + 1 < len(para_bounds) else None
                carry = False
                if nxt is not None:
                    body = [t for t in toks[nxt[0] : nxt[1]] if t.kind != "nl"]
                    if body and body[0].kind == "q" and body[0].raw in {outer, '"', "«", "“"} and (
                        body[0].raw == outer or outer == '"'
                    ):
                        carry = True  # English style: the quote goes on in the next paragraph
                        skip.add(body[0].i)
                    elif outer == '"':
                        carry = sum(1 for t in body if t.raw == '"') % 2 == 1
                    elif outer in _OPENERS:
                        for t in body:
                            if t.raw == outer:
                                break
                            if t.raw == _OPENERS[outer]:
                                carry = True
                                break
                if not carry:
                    last = b - 1
                    while last > a and toks[last].kind == "nl":
                        last -= 1
                    close_top(None, last)
                    stack.clear()
        if stack and quote_start is not None:
            close_top(None, len(toks) - 1)
        for n, q in enumerate(self.quotes):
            end = q.close_tok if q.close_tok is not None else q.last
            for i in range(q.open_tok, end + 1):
                toks[i].quote = n

    def _sentences(self) -> None:
        toks = self.toks
        start = 0
        n = len(toks)
        for i, t in enumerate(toks):
            brk = False
            if t.quote >= 0:
                q = self.quotes[t.quote]
                # A closing mark after a sentence end, then a capitalised word: the sentence ends.
                if q.close_tok == i and i + 1 < n and toks[i + 1].cap and i > 0 and toks[i - 1].raw in _SENT_END:
                    brk = True
                # A quote that ends with its paragraph ends the sentence too.
                if q.close_tok is None and i == q.last:
                    brk = True
            elif t.kind == "nl":
                brk = True
            elif t.kind == "p" and (t.raw in _SENT_END or t.raw[:1] == "."):
                brk = True
                if t.raw == ".":
                    prev = toks[i - 1] if i > 0 else None
                    nxt = toks[i + 1] if i + 1 < n else None
                    if prev is not None and prev.kind == "w" and prev.latin and (
                        prev.norm in _EN_ABBREV or (len(prev.raw) == 1 and prev.raw.isupper())
                    ):
                        brk = False
                    if prev is not None and nxt is not None and prev.end == t.start and nxt.start == t.end:
                        brk = False  # 1.5, U.S
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
        for m in self.index.find_in(self.masked, fuzzy=True):
            if m.how == "fuzzy" and not self._fuzzy_ok(m.matched, m.actor_id):
                continue
            t0 = max(0, bisect.bisect_right(starts, m.start) - 1)  # the token holding the start ("al-Khafaji")
            t1 = max(t0 + 1, bisect.bisect_left(starts, m.end))
            if t0 >= len(self.toks) or (t0, t1) in seen:
                continue
            if self._other_given_name(t0, t1, self.index.actors[m.actor_id]):
                continue
            seen.add((t0, t1))
            out.append((t0, t1, self.index.actors[m.actor_id], m.how))
        return sorted(out, key=lambda m: (m[0], m[1]))

    def _other_given_name(self, t0: int, t1: int, actor: Actor) -> bool:
        """"المحلل السياسي إحسان الشمري" is not "نصر الشمري": a surname alone matched, after a
        given name the actor does not have."""
        if actor.kind != "person" or t1 - t0 != 1 or t0 == 0:
            return False
        prev = self.toks[t0 - 1]
        if prev.kind != "w":
            return False
        keys = {k for n in (actor.name_en, actor.name_ar, *actor.aliases) for k in name_keys(n)}
        if name_key(prev.raw) in keys:
            return False
        if prev.latin:
            return prev.cap and prev.norm not in _EN_ROLE_WORDS and prev.norm not in _EN_PRONOUN_OR_STOP and t0 > 1 and (
                self.toks[t0 - 2].kind != "p" or self.toks[t0 - 2].raw in _COMMAS
            )
        if prev.norm.startswith("ال") or _is_head(prev.norm) or prev.norm in _AR_PREPS:
            return False
        before = self.toks[t0 - 2] if t0 > 1 else None
        return before is not None and before.kind == "w" and not before.latin and (
            before.norm.startswith("ال") or _is_head(before.norm)
        ) and before.norm not in _AR_PREPS

    def _fuzzy_ok(self, matched: str, actor_id: str) -> bool:
        """A one-word hit counts only as a person's surname or given name, or a near spelling
        of one — not a common word that happens to sit in a long name (الحكومة، الامريكية)."""
        actor = self.index.actors[actor_id]
        if actor.kind != "person":
            return False
        key = name_key(matched)
        names = [actor.name_en, actor.name_ar, *actor.aliases]
        name_words = {k for n in names for k in name_keys(n)}
        if key in name_words:
            return True
        return len(key) >= 6  # a near spelling (the index already checked the distance)

    def _mark_name_quotes(self) -> None:
        for q in self.quotes:
            inside = [i for i in range(q.first, q.last + 1) if self.toks[i].kind == "w"]
            if not inside or len(inside) > 8:
                continue
            covered = set()
            for t0, t1, _, _ in self.mentions:
                if t0 >= q.first and t1 <= q.last + 1:
                    covered.update(range(t0, t1))
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
        return _clean(self.masked[start:end]), start, end


_norm_word = lru_cache(maxsize=65536)(normalize)


def _mask(text: str) -> str:
    """The text with markdown link syntax and emphasis blanked out, offsets unchanged."""

    def blank(m: re.Match) -> str:
        inner = m.group(1)
        return " " + inner + " " * (len(m.group()) - len(inner) - 1)

    masked = _LINK_RE.sub(blank, text)
    masked = re.sub(r"(?m)^[ \t]*#+", lambda m: " " * len(m.group()), masked)
    return re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", lambda m: " " * len(m.group()), masked)


def _clean(s: str) -> str:
    s = re.sub(r"\n\s*[\"“«](?=\S)", " ", s)  # a quote mark that reopens a quote in a new paragraph
    return re.sub(r"\s+", " ", s).strip()


# --------------------------------------------------------------------------------------------
# The extractor.


@dataclass
class _State:
    last: _Speaker | None = None  # the current speaker
    outlets: list[tuple[int, str, str | None]] = field(default_factory=list)  # (tok, name, actor id)


class _Extractor:
    def __init__(self, doc: _Doc, outlet: str | None):
        self.doc = doc
        self.toks = doc.toks
        self.outlet = outlet
        self.state = _State()
        self.claims: list[_Claim] = []
        self.history: list[_Speaker] = []  # speakers so far, for "الوزارة" / "the minister"
        self.last_claim: _Claim | None = None
        self.via_spans: list[tuple[int, int, str, str | None, bool]] = []  # (a, b, name, id, official)
        self.used_vias: set[int] = set()
        self._cues: dict[int, tuple[str, int, str, tuple[str, ...]] | None] = {}
        self._mention_starts = [m[0] for m in doc.mentions]
        self._collect_outlets()
        self._collect_vias()
        self._index_vias()

    # -- outlets and vias ----------------------------------------------------------------------

    def _collect_outlets(self) -> None:
        doc = self.doc
        for t0, _t1, actor, _ in doc.mentions:
            if actor.kind == "outlet":
                self.state.outlets.append((t0, actor.name_en or actor.name_ar, actor.id))
        covered = {x for t0, t1, _, _ in doc.mentions for x in range(t0, t1)}
        for i, t in enumerate(self.toks):
            if i in covered:
                continue
            # "مجلة نيوز ويك الامريكية": an outlet named after its kind.
            if (
                t.kind == "w" and _strip_conj(t.norm) in _AR_OUTLET_WORDS | _EN_OUTLET_WORDS
                and i + 1 < len(self.toks) and i + 1 not in doc.mention_at and self.toks[i + 1].kind == "w"
            ):
                j = i + 1
                while j < len(self.toks) and j - i <= 3 and self.toks[j].kind == "w" and not self.toks[j].norm.startswith("ال"):
                    j += 1
                if j > i + 1:
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
        while b < limit and b - a < 7 and toks[b].kind == "w" and toks[b].norm not in _AR_COMP | _EN_COMP:
            if b > a and (toks[b].norm in _AR_PREPS or toks[b].norm in {"said", "told"}):
                break
            b += 1
        if b == a:
            return None
        for i in range(a, b):
            hit = doc.mention_at.get(i)
            if hit:
                t1, actor, _ = hit
                return t1, actor.name_en or actor.name_ar, actor.id, actor.kind != "outlet"
        first = _strip_al(_strip_lam(toks[a].norm))
        if first in _AR_OUTLET_WORDS | _EN_OUTLET_WORDS and (toks[a].norm.startswith(("ال", "لل")) or toks[a].norm in {"the"} or b == a + 1):
            found = self._outlet_before(a + 1)
            if found and (toks[a].norm.startswith(("ال", "لل")) or b == a + 1):
                return a + 1, found[0], found[1], False
        name, _, _ = doc.span_text(a, b)
        return b, name, None, False

    def _collect_vias(self) -> None:
        toks = self.toks
        n = len(toks)
        for i, t in enumerate(toks):
            if t.kind != "w":
                continue
            w = t.norm
            j = None
            channel = False
            if w in _AR_ATTRIB:
                j = i + 1
                if j < n and toks[j].norm in {"ل", "لـ", "عن"}:
                    j += 1
                if j < n and toks[j].norm in {"ما", "لما", "عما"}:
                    j += 1
                    if j < n and _AR_ATTRIB_VERBS.match(_strip_conj(toks[j].norm)):
                        j += 1
                elif j < n and _strip_lam(toks[j].norm) != toks[j].norm and toks[j].norm.startswith("لما"):
                    j += 1
                    if j < n and _AR_ATTRIB_VERBS.match(toks[j].norm):
                        j += 1
                elif j < n and toks[j].norm.startswith("ل") and w in {"وفقا", "ووفقا", "طبقا"}:
                    # وفقا لصحيفة …: the preposition sits on the noun.
                    found = self._np_via_prefixed(j)
                    if found:
                        self.via_spans.append((i, found[0], found[1], found[2], found[3]))
                    continue
            elif w == "according" and i + 1 < n and toks[i + 1].norm == "to":
                j = i + 2
            elif _strip_conj(w) in {"حديث", "تصريح", "تصريحات", "مقابله", "لقاء", "تصريحه", "حديثه", "حديثها"}:
                k = i + 1
                while k < n and k - i <= 4 and toks[k].kind == "w" and toks[k].norm not in {"ل", "لـ", "مع"} and not toks[k].norm.startswith("لل") and not (
                    toks[k].norm.startswith("ل") and self._outletish(k)
                ):
                    k += 1
                if k < n and toks[k].kind == "w" and toks[k].norm in {"ل", "لـ", "مع"}:
                    j = k + 1
                elif k < n and toks[k].kind == "w" and (toks[k].norm.startswith("لل") or self._outletish(k)):
                    found = self._np_via_prefixed(k)
                    if found:
                        self.via_spans.append((i, found[0], found[1], found[2], False))
                    continue
                # "حديث ل احد قياداتها مع مجلة …": look a little further for مع + outlet.
                if j is not None and not self._outletish(j):
                    m2 = next((x for x in range(j, min(n, j + 6)) if toks[x].norm == "مع"), None)
                    j = m2 + 1 if m2 is not None and self._outletish(m2 + 1) else None
                    if j is None:
                        continue
            elif w in {"interview", "speaking", "talking"} and i + 1 < n and toks[i + 1].norm in {"with", "to"}:
                j = i + 2
            elif _strip_conj(w) in _AR_CHANNEL | _EN_CHANNEL and i > 0 and toks[i - 1].norm in {"في", "خلال", "عبر", "in", "via", "وفي"} or i > 1 and _strip_conj(w) in _AR_CHANNEL and toks[i - 1].norm == "خلال" and toks[i - 2].norm in {"من", "ومن"}:
                channel = True
            if _strip_lam(_strip_conj(w)) in _PLATFORMS and i > 0 and toks[i - 1].norm in {"on", "via", "علي", "عبر", "في"}:
                self.via_spans.append((i - 1, i + 1, _PLATFORMS[_strip_lam(_strip_conj(w))], None, False))
                continue
            if channel:
                k = i + 1
                while k < n and k - i <= 2 and toks[k].kind == "w" and toks[k].norm not in _AR_SPEAKER_HEADS and (
                    toks[k].norm.startswith("ال") or toks[k].norm.endswith(("ي", "يه")) and toks[k].norm not in _AR_PREPS
                ):
                    k += 1
                name, _, _ = self.doc.span_text(i, k)
                self.via_spans.append((i, k, name, None, False))
                continue
            if j is not None and j < n:
                found = self._np_via(j, n)
                if found:
                    official = found[3] and toks[j - 1].norm not in {"ما", "لما", "عما"} and not _AR_ATTRIB_VERBS.match(_strip_conj(toks[j - 1].norm))
                    self.via_spans.append((i, found[0], found[1], found[2], official))

    def _outletish(self, j: int) -> bool:
        if j >= len(self.toks):
            return False
        hit = self.doc.mention_at.get(j)
        if hit and hit[1].kind == "outlet":
            return True
        return _strip_al(_strip_lam(self.toks[j].norm)) in _AR_OUTLET_WORDS | _EN_OUTLET_WORDS

    def _np_via_prefixed(self, j: int) -> tuple[int, str, str | None, bool] | None:
        """A via written with its preposition on the noun: للمجلة، لصحيفة نيويورك تايمز."""
        toks = self.toks
        hit = self.doc.mention_at.get(j)
        if hit:
            return hit[0], hit[1].name_en or hit[1].name_ar, hit[1].id, hit[1].kind != "outlet"
        base = _strip_al(_strip_lam(toks[j].norm))
        if base in _AR_OUTLET_WORDS:
            if toks[j].norm.startswith("لل"):
                found = self._outlet_before(j)
                if found:
                    return j + 1, found[0], found[1], False
                return j + 1, toks[j].raw[1:], None, False
            k = j + 1
            while k < len(toks) and k - j <= 3 and toks[k].kind == "w" and toks[k].norm not in _AR_PREPS | _AR_COMP and not self._cue_at(k):
                k += 1
            name, _, _ = self.doc.span_text(j, k)
            return k, name[1:] if name.startswith("ل") else name, None, False
        return None

    def _index_vias(self) -> None:
        self._via_at: list[int] = [-1] * len(self.toks)  # token -> end of the via span holding it
        for a, b, *_ in self.via_spans:
            for x in range(a, min(b, len(self.toks))):
                self._via_at[x] = b

    def _vias_in(self, a: int, b: int) -> list[tuple[int, int, str, str | None, bool]]:
        return [v for v in self.via_spans if a <= v[0] < b]

    def _in_via(self, i: int) -> bool:
        return self._via_at[i] >= 0

    # -- cues ----------------------------------------------------------------------------------

    def _cue_at(self, i: int) -> tuple[str, int, str, tuple[str, ...]] | None:
        """(kind, end token, flags, content prepositions) of a speech cue at token i."""
        if i not in self._cues:
            self._cues[i] = self._find_cue(i)
        return self._cues[i]

    def _find_cue(self, i: int) -> tuple[str, int, str, tuple[str, ...]] | None:
        toks = self.toks
        t = toks[i]
        if t.kind != "w":
            return None
        w = t.norm
        nxt = toks[i + 1].norm if i + 1 < len(toks) and toks[i + 1].kind == "w" else ""
        if t.latin:
            lw = w
            if lw in _EN_REFUSE and nxt == "to" and i + 2 < len(toks) and toks[i + 2].norm in _EN_REFUSE_OBJ:
                return ("refuse", i + 3, "", ())
            if lw in {"did", "does", "would"} and nxt == "not":
                # "did not respond to a request for comment"
                for k in range(i + 2, min(len(toks), i + 10)):
                    if toks[k].kind != "w":
                        break
                    if toks[k].norm == "comment":
                        return ("refuse", k + 1, "", ())
            if (lw, nxt) in _EN_TWO_WORD:
                return ("verb", i + 2, _EN_TWO_WORD[(lw, nxt)], ())
            if (lw, nxt) in _EN_TWO_WORD_PART:
                return ("part", i + 2, "", ())
            if lw in _EN_VERBS:
                return ("verb", i + 1, _EN_VERBS[lw], ())
            if lw in _EN_PARTICIPLES:
                return ("part", i + 1, "", ())
            if lw == "according" and nxt == "to":
                return ("acc", i + 2, "", ())
            return None
        if _strip_conj(w) == "لم" and nxt[:1] in {"ي", "ت"}:
            # "لم ترد القيادة على طلب للتعليق"
            for k in range(i + 2, min(len(toks), i + 9)):
                if toks[k].kind != "w":
                    break
                if toks[k].norm in _AR_REFUSE_OBJ or toks[k].norm in {"للتعليق", "بتعليق"}:
                    return ("refuse", k + 1, "", ())
        for form in (w, _strip_conj(w)):
            if form in _AR_REFUSE:
                # رفضت التعليق، امتنع عن الرد، رفضت القيادة الأمريكية التعليق
                for k in range(i + 1, min(len(toks), i + 6)):
                    if toks[k].kind != "w":
                        break
                    if toks[k].norm in _AR_REFUSE_OBJ:
                        return ("refuse", k + 1, "", ())
            if form in _AR_VERB_FORMS:
                _, preps, flags = _AR_VERB_FORMS[form]
                if form == "بين" and not any(self._comp_at(x) for x in range(i + 1, min(len(toks), i + 5))):
                    return None  # بين is "between" unless a complementizer follows
                if form in _AR_PRESENT and "strict" not in flags:
                    flags += " strict"
                return ("verb", i + 1, flags, preps)
            if form in _AR_PARTICIPLES:
                return ("part", i + 1, "strict" if form.endswith("ه") else "", _AR_PARTICIPLES[form])
        raw = re.sub("[\u064b-\u065f\u0670\u0640]", "", t.raw)
        for form in (raw, raw[1:] if raw[:1] in "وف" else ""):
            if form in _AR_RAW_FORMS:
                _, preps, flags = _AR_RAW_FORMS[form]
                return ("verb", i + 1, flags, preps)
        return None

    def _cue_blocked(self, i: int, kind: str) -> bool:
        toks = self.toks
        prev = toks[i - 1].norm if i > 0 else ""
        prev2 = toks[i - 2].norm if i > 1 else ""
        if prev in {"ما", "لما", "عما"} and (prev2 in _AR_ATTRIB or prev2 in {"حسب", "بحسب"}):
            return True
        if self._in_via(i) and kind != "acc":
            return True
        if kind == "part":
            # A participle that continues a statement follows a comma, a quote or a verb.
            if prev in _COMMAS or toks[i - 1].kind == "q" or i == 0 or toks[i - 1].kind == "nl":
                return False
            return not (toks[i - 1].kind == "w" and self._cue_at(i - 1) is not None)
        if kind == "verb" and toks[i].latin:
            # "the said agreement", "as noted": not statements.
            if prev in {"the", "a", "as", "to", "be", "been", "is", "was", "being", "not"} and toks[i].norm not in {"said"}:
                return True
            if prev in {"the", "a", "to"}:
                return True
        return False

    # -- content -------------------------------------------------------------------------------

    def _comp_at(self, j: int) -> bool:
        toks = self.toks
        t = toks[j]
        if t.kind != "w":
            return False
        if t.latin:
            return t.norm in _EN_COMP
        if t.norm not in _AR_COMP:
            return False
        prev = toks[j - 1].norm if j > 0 and toks[j - 1].kind == "w" else ""
        return prev not in _AR_COMP_BLOCK  # بعد أن، يجب أن … are not "that"

    def _forward(self, i: int, end_cue: int, kind: str, flags: str, preps: tuple[str, ...]) -> _Claim | None:
        """Find where a cue's content starts: a quote, a complementizer, a colon, a preposition
        or (for verbs that take one) a bare object."""
        toks = self.toks
        s0, s1 = self.doc.sent_bounds(i)
        belief = "belief" in flags
        limit = min(s1, end_cue + (8 if belief else 28))
        commas = 0
        j = end_cue
        while j < limit:
            t = toks[j]
            if belief and t.kind == "w" and (t.norm in _AR_PREPS or (t.latin and t.norm in _EN_PREPS)):
                break  # "ترى في التجربة …": an opinion verb whose complementizer is not in sight
            if t.kind == "q" and t.quote >= 0 and self.doc.quotes[t.quote].open_tok == j:
                q = self.doc.quotes[t.quote]
                if not q.name_only and q.words(toks) >= 1:
                    return _Claim(i, end_cue, kind, flags, "quote", q.first, quote=t.quote, middle=(end_cue, j))
                j = (q.close_tok if q.close_tok is not None else q.last) + 1
                continue
            if self.doc.in_quote(j):
                j += 1
                continue
            if t.kind == "p":
                if t.raw in {":"}:
                    return _Claim(i, end_cue, kind, flags, "colon", j + 1, middle=(end_cue, j))
                if t.raw in _COMMAS:
                    commas += 1
                    if commas > 2:
                        break
                elif t.raw in {";", "؛"}:
                    break
                j += 1
                continue
            if self._comp_at(j):
                return _Claim(i, end_cue, kind, flags, "comp", j + 1, middle=(end_cue, j - (1 if j > end_cue and toks[j - 1].norm in {"الي", "علي", "من"} else 0)))
            if j > end_cue and self._cue_at(j) and not self._cue_blocked(j, self._cue_at(j)[0]) and self._cue_at(j)[0] != "acc":
                break
            j += 1
        if belief:
            return None
        # The verb's own preposition: أشار الى …، شدد على …، أعرب عن …
        if preps:
            j = end_cue
            commas = 0
            while j < min(s1, end_cue + 12):
                t = toks[j]
                if t.kind == "p" and t.raw in _COMMAS:
                    commas += 1
                    if commas > 1:
                        break
                elif t.kind == "p" and t.raw not in _COMMAS or t.kind == "q" or self.doc.in_quote(j):
                    break
                elif t.kind == "w":
                    w = t.norm
                    if w in preps or ("ب" in preps and _ba_object(w) and not self.doc.mention_at.get(j)):
                        start = j + 1 if w in preps else j
                        if start < s1:
                            return _Claim(i, end_cue, kind, flags, "prep", start, middle=(end_cue, j))
                    if j > end_cue + 1 and self._cue_at(j):
                        break
                    if w in {"في", "خلال", "عبر", "امام", "عقب", "اثناء", "وفي"}:
                        # An adjunct ("في بيان نشرته على قناتها"): its words are not the content.
                        k = j + 1
                        while k < s1 and toks[k].kind == "w" and k - j < 10 and toks[k].norm not in preps:
                            k += 1
                        if k < s1 and toks[k].raw in _COMMAS:
                            j = k
                            continue
                j += 1
        if "strict" in flags:
            return None
        # A bare object: "نفى وجود أي خطط", "اكدت خلاله، نيتها …", "Kirby said the troops …".
        j = self._skip_adjuncts(end_cue, s1)
        if j >= s1 or toks[j].kind in {"p", "nl"}:
            return None
        if toks[i].latin and kind == "verb" and toks[j].cap:
            # "said Kirby." / "said Renad Mansour, a fellow at …": the subject, then nothing.
            k = j
            while k < s1 and toks[k].kind == "w" and (toks[k].cap or toks[k].norm in {"al", "el", "de", "bin"}):
                k += 1
            if k >= s1 or toks[k].kind in {"p", "nl"}:
                return None
        return _Claim(i, end_cue, kind, flags, "obj", j, middle=(end_cue, j))

    def _skip_adjuncts(self, j: int, limit: int) -> int:
        """Skip fillers, dates, prepositional adjuncts and a following comma after a verb."""
        toks = self.toks
        start = j
        while j < limit:
            t = toks[j]
            if t.kind == "p" and t.raw in _COMMAS:
                j += 1
                continue
            if t.kind != "w":
                return j
            w = t.norm
            if w in _AR_FILLERS or w in _EN_FILLERS or (t.latin and w in _EN_WEEKDAYS):
                j += 1
                continue
            if w in {"من", "ومن"} and j + 1 < limit and toks[j + 1].norm in _AR_SIDE:
                j += 2
                continue
            if self._in_via(j):
                j = self._via_at[j]
                continue
            if w in {"خلال", "عقب", "اثناء", "في", "امام", "لدي", "عبر", "during", "after", "in", "on", "at", "following"} and j == start:
                # An adjunct right after the verb: up to the next comma.
                k = j + 1
                while k < limit and toks[k].kind == "w" and k - j < 8:
                    k += 1
                if k < limit and toks[k].kind == "p" and toks[k].raw in _COMMAS:
                    j = k + 1
                    start = j
                    continue
                if t.latin and k - j <= 4:
                    j = k
                    continue
                return j
            if t.latin and w in {"reporters", "journalists"} and j == start:
                j += 1
                continue
            return j
        return j

    # -- speakers ------------------------------------------------------------------------------

    def _mention_speaker(self, t0: int, t1: int, actor: Actor, how: str) -> _Speaker:
        role = ""
        if how == "role":
            role, _, _ = self.doc.span_text(t0, t1)
        return _Speaker(actor, tok=t0, end_tok=t1, role=role)

    def _eligible(self, t0: int) -> bool:
        toks = self.toks
        if self.doc.in_quote(t0) or self._in_via(t0):
            return False
        if t0 > 0 and toks[t0 - 1].kind == "w" and (toks[t0 - 1].norm in _AR_PREPS or (toks[t0 - 1].latin and toks[t0 - 1].norm in _EN_PREPS - {"of"})):
            return False
        return not (toks[t0].norm.startswith("لل") or toks[t0].norm.startswith("بال"))

    def _mentions_in(self, a: int, b: int) -> list[tuple[int, int, Actor, str]]:
        lo = bisect.bisect_left(self._mention_starts, a)
        hi = bisect.bisect_left(self._mention_starts, b)
        return [m for m in self.doc.mentions[lo:hi] if m[1] <= b]

    def _affiliation(self, t0: int, how: str) -> bool:
        """A name after "المتحدث باسم" / "spokesman for" names whom the speaker speaks for."""
        if how == "role" or t0 == 0:
            return False
        prev = self.toks[t0 - 1].norm
        if prev == "باسم":
            return True
        return prev in {"for", "of"} and t0 > 1 and self.toks[t0 - 2].norm in {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "adviser", "advisor"}

    def _inside_name(self, t0: int) -> bool:
        """"معهد واشنطن", "جامعة بغداد": a name that is part of an institution's name (but
        "مجلة نيوزويك" is the magazine itself)."""
        hit = self.doc.mention_at.get(t0)
        if t0 == 0 or (hit is not None and hit[1].kind == "outlet"):
            return False
        prev = _strip_lam(_strip_conj(self.toks[t0 - 1].norm))
        return prev in _AR_INSTITUTIONS or (self.toks[t0 - 1].latin and self.toks[t0 - 1].cap and self.toks[t0 - 1].norm in {"institute", "university", "center", "centre", "council"})

    def _best_in_np(self, a: int, b: int) -> _Speaker | None:
        ms = [
            m for m in self._mentions_in(a, b)
            if (self._eligible(m[0]) or m[0] == a) and not self._affiliation(m[0], m[3]) and not self._inside_name(m[0])
        ]
        if not ms:
            return None
        people = [m for m in ms if m[2].kind == "person"]
        pick = people[0] if people else (ms[-1] if self.toks[a].latin else ms[0])
        if not people and len(ms) > 1 and any(m[3] == "role" for m in ms):
            pick = next(m for m in ms if m[3] == "role")
        sp = self._mention_speaker(*pick)
        if not sp.role and pick[0] > a:
            role, _, _ = self.doc.span_text(a, pick[0])
            if role.lower() not in {"the", "a", "an", "ال"}:
                sp.role = role
        return sp

    def _speaker_after(self, a: int, b: int, headed_only: bool = False) -> tuple[_Speaker | None, int]:
        """The subject right after a verb (VSO), within tokens [a, b): (speaker, end)."""
        toks = self.toks
        j = a
        while j < b and toks[j].kind == "w" and (
            toks[j].norm in _AR_FILLERS or toks[j].norm in _EN_FILLERS or toks[j].norm in _EN_WEEKDAYS
            or toks[j].norm in _AR_WEEKDAYS or toks[j].norm in _AR_DATE_WORDS
            or toks[j].norm in {"last", "this", "past", "week", "month", "year"}
        ):
            j += 1
        if j >= b or toks[j].kind != "w":
            return None, a
        if toks[j].norm in _AR_PREPS or (toks[j].latin and toks[j].norm in _EN_PREPS) or self._in_via(j):
            return None, a
        if toks[j].norm.startswith("لل") or _strip_al(_strip_lam(toks[j].norm)) in _AR_OUTLET_WORDS and toks[j].norm.startswith("ل"):
            return None, a
        if toks[j].latin and toks[j].norm in _EN_PRONOUN:
            return (self.state.last, j + 1) if self.state.last else (None, a)
        if toks[j].norm.startswith(("وال", "فال")) and not self.doc.mention_at.get(j):
            return None, -1  # "تهدد والإدارة …": a new clause, not the verb's subject
        k = self._np_end(j, b, short_name=headed_only)
        if k == j:
            return None, a
        # An outlet named after its kind: "صحيفة واشنطن بوست" is the paper, not Washington.
        if not toks[j].latin and toks[j].norm in _AR_OUTLET_WORDS:
            hit = self.doc.mention_at.get(j + 1) or self.doc.mention_at.get(j)
            if hit and hit[1].kind == "outlet":
                return _Speaker(hit[1], tok=j, end_tok=hit[0]), max(k, hit[0])
            name, _, _ = self.doc.span_text(j, k)
            return _Speaker(None, name=name, tok=j, end_tok=k), k
        sp = self._best_in_np(j, k)
        if sp is not None:
            return sp, k
        anaphor = self._anaphor(j, k)
        if anaphor:
            return anaphor, k
        unknown = self._unknown_np(j, k, after_verb=True)
        if unknown and not (headed_only and not unknown.role):
            return unknown, k
        if not headed_only and not toks[j].latin:
            return None, -1  # a subject is there but names no one we can tell ("التقارير")
        return None, a

    def _np_end(self, j: int, b: int, short_name: bool) -> int:
        """Where a subject noun phrase that starts at j ends. A phrase opened by a title may hold
        its institution ("القيادي في تحالف الفتح محمد البياتي"); with `short_name` (the verb
        takes an object next) a name after the title runs two words, three for a nisba."""
        toks = self.toks
        headed = _is_head(toks[j].norm)
        name_words = 0
        k = j
        while k < b and k - j < 14 and toks[k].kind == "w" and not self._in_via(k):
            t = toks[k]
            w = t.norm
            if k > j:
                if w in _AR_COMP or w in _EN_COMP or w in _AR_FILLERS or w.startswith("لل") or self._cue_at(k):
                    break
                if w in _AR_PREPS or (t.latin and w in _EN_PREPS - {"of", "for"}):
                    linked = w in _AR_NP_LINKS or (w == "عن" and _strip_al(toks[j].norm) in {"نايب", "ممثل", "عضو"})
                    if headed and linked and name_words == 0:
                        k += 1
                        continue
                    break
            if not t.latin and k > j and not w.startswith("ال") and not _is_head(w) and w != "باسم":
                name_words += 1
                if short_name and headed and name_words > 2:
                    break
            elif not t.latin and name_words and w.startswith("ال"):
                if w.endswith("ي") and short_name:
                    return k + 1  # "محمد البياتي": a nisba surname closes the name
                if short_name:
                    break
            k += 1
        while k > j + 1 and (toks[k - 1].norm in _AR_NP_LINKS or toks[k - 1].norm == "عن"):
            k -= 1
        return k

    def _anaphor(self, a: int, b: int) -> _Speaker | None:
        """"المجلة" / "الصحيفة" / "the magazine": the last outlet named before."""
        toks = self.toks
        words = [x for x in range(a, b) if toks[x].kind == "w"]
        if not words:
            return None
        first = toks[words[0]].norm
        if toks[words[0]].latin:
            if first != "the" or len(words) < 2 or len(words) > 3:
                return None
            head = toks[words[-1]].norm
            outlet = toks[words[1]].norm in _EN_OUTLET_WORDS
        else:
            if not first.startswith("ال") or len(words) > 2:
                return None
            head = _strip_al(first)
            outlet = head in _AR_OUTLET_WORDS
        if outlet:
            found = self._outlet_before(a)
            if not found:
                return None
            actor = self.doc.index.actors.get(found[1]) if found[1] else None
            return _Speaker(actor, name="" if actor else found[0], tok=a, end_tok=b)
        if head in {"بيان", "تقرير", "statement", "report"}:
            return self.state.last
        kind = _KIND_NOUNS.get(head)
        if kind:
            # "the group" / "الحركة": the last actor of that kind named before.
            named = [m for m in self.doc.mentions if m[1] <= a and m[2].kind == kind and not self.doc.in_quote(m[0])]
            if named:
                return _Speaker(named[-1][2], tok=a, end_tok=b)
        # "الوزارة" / "الوزير" / "the ministry": the last speaker whose name or role says so.
        for sp in reversed(self.history):
            texts = [sp.name, sp.role]
            if sp.actor is not None:
                texts += [sp.actor.name_en, sp.actor.name_ar, sp.actor.role_en, sp.actor.role_ar]
            keys = {k for text in texts if text for k in name_keys(text)}
            if head in keys or any(k.startswith(head) for k in keys if len(head) >= 4):
                return _Speaker(sp.actor, name=sp.name, role=sp.role, tok=a, end_tok=b)
        return None

    def _unknown_np(self, a: int, b: int, after_verb: bool) -> _Speaker | None:
        """An unknown speaker from a noun phrase: name and role as the text gives them."""
        toks = self.toks
        words = [t for t in toks[a:b] if t.kind == "w"]
        if not words or len(words) > 10:
            return None
        if words[0].latin:
            return self._unknown_en(a, b)
        first = _strip_conj(words[0].norm) if words[0].norm.startswith("و") and len(words[0].norm) > 4 else words[0].norm
        if first in _AR_PREPS or first in _AR_COMP or first in _AR_FILLERS or first in _AR_RELATIVE:
            return None
        if first in _AR_FUNCTION or _strip_conj(first) in _AR_FUNCTION:
            return None
        raw = [w.raw for w in words]
        if _strip_al(first) in _AR_CHANNEL | {"دراسه"} and len(words) > 1:
            words, raw = words[1:], raw[1:]  # "بيان اللجنة": the committee speaks through its statement
            first = words[0].norm
            if first.startswith("ل") and not first.startswith("ال") and len(first) > 3:
                first = _strip_lam(first)  # "تقرير لمعهد واشنطن"
                raw[0] = raw[0][1:].lstrip("ـ")
        if first in _VAGUE or words[-1].norm in _VAGUE:
            return None
        headed = _is_head(first)
        if after_verb and not headed:
            # After a verb a bare word may be the object; take only what looks like a name:
            # words without the article (لودريان، مقتدى الصدر) or a nisba surname (الكاظمي).
            surname = len(words) <= 2 and words[-1].norm.startswith("ال") and words[-1].norm.endswith("ي")
            if (first.startswith("ال") and not surname) or len(words) > 4:
                return None
        # The person's name closes the phrase: words without the article, or a nisba surname
        # at the very end ("القيادي في تحالف الفتح محمد البياتي"), three words at most.
        n = len(words)
        k = n
        if headed:
            while k > 1 and n - k < 3:
                w = words[k - 1].norm
                nisba = w.startswith("ال") and w.endswith("ي") and k == n
                plain = not w.startswith(("ال", "لل")) and not _is_head(w) and w not in _AR_NP_LINKS | {"عن", "باسم"}
                if not (nisba or plain):
                    break
                k -= 1
            while k < n - 1 and words[k].norm.endswith(("ون", "ين")):
                k += 1  # "كتلة صادقون أحمد الكناني": a plural is not a given name
            if not first.startswith("ال") and not any(w.norm.startswith("ال") for w in words[1:]):
                k = n  # "مصدر أمني عراقي"، "مسؤول عراقي رفيع": a description, no name
            role, name = " ".join(raw[:k]), " ".join(raw[k:])
        else:
            role, name = "", " ".join(raw)
        return _Speaker(None, name=_strip_punct(name or role), role=_strip_punct(role), tok=a, end_tok=b)

    def _unknown_en(self, a: int, b: int) -> _Speaker | None:
        toks = self.toks
        words = [t for t in toks[a:b] if t.kind == "w"]
        while words and words[-1].norm in {"the", "a", "an", "of", "for"}:
            words.pop()
        while words and words[0].norm in {"a", "an"}:
            words.pop(0)
        if not words or any(w.norm in _VAGUE for w in words):
            return None
        # "Renad Mansour of Chatham House": a name, then where the person works.
        for k, w in enumerate(words):
            if w.norm in {"of", "at", "from"} and k > 0 and all(_name_like(x) and x.norm not in _EN_ROLE_WORDS for x in words[:k]):
                name = " ".join(x.raw for x in words[:k])
                return _Speaker(None, name=name, role=" ".join(x.raw for x in words[k + 1 :]), tok=a, end_tok=b)
        if not any(w.cap or w.norm in _EN_ROLE_WORDS - {"the", "a", "an", "of", "for"} for w in words):
            return None
        if all(w.norm in {"the", "a", "an", "of", "for"} for w in words):
            return None
        # Name: the trailing capitalised words that are not role words.
        k = len(words)
        while k > 0 and _name_like(words[k - 1]) and words[k - 1].norm not in _EN_ROLE_WORDS:
            k -= 1
        name = " ".join(w.raw for w in words[k:])
        role = " ".join(w.raw for w in words[:k])
        if role.lower() in {"the", "a", "an"}:
            role = ""
        return _Speaker(None, name=name or role, role=role, tok=a, end_tok=b)

    def _np_before(self, i: int, lo: int) -> tuple[int, int] | None:
        """The noun phrase just before token i (SVO), not before `lo`: (first, end)."""
        toks = self.toks
        j = i - 1
        # "من جانبها،" "بدوره" "أيضا" between subject and verb.
        while j >= lo and (toks[j].kind == "p" and toks[j].raw in _COMMAS or toks[j].kind == "w" and (toks[j].norm in _AR_FILLERS or toks[j].norm in _EN_FILLERS or toks[j].norm in _AR_SIDE or toks[j].norm in {"من", "ومن"} and j + 1 < i and toks[j + 1].norm in _AR_SIDE)):
            j -= 1
        end = j + 1
        k = j
        while k >= lo and toks[k].kind == "w" and end - k <= 8:
            w = toks[k].norm
            if w in _AR_PREPS or (toks[k].latin and w in _EN_PREPS - {"of", "for"}) or w in _AR_COMP or w in _AR_RELATIVE or self._cue_at(k):
                break
            if toks[k].latin and not (_name_like(toks[k]) or w in _EN_ROLE_WORDS):
                break
            k -= 1
            if k >= lo and toks[k].raw == "." and k > 0 and toks[k - 1].norm in _EN_ABBREV:
                k -= 1  # "Col. Wayne Marotto"
        first = k + 1
        for t0, t1, _, _ in self._mentions_in(max(lo, 0), end):
            if t0 < first and t1 >= first:
                first = t0  # "The US command in Iraq": a name that holds a preposition or a common noun
        while first < end and toks[first].norm in _AR_AUX | {"اما", "واما"}:
            first += 1
        if first >= end:
            return None
        if first > k + 1:
            return first, end
        before = toks[k] if k >= 0 else None
        if before is not None and before.latin:
            if before.norm in _EN_POSSESSIVE:
                return k, end  # "his office said"
            return first, end  # English subjects stand right before their verb
        at_start = k < lo or before is None or before.kind in {"p", "nl"} or (before.kind == "q")
        if not at_start:
            return None
        return first, end

    def _speaker_before(self, i: int, lo: int, nested: bool) -> _Speaker | None:
        """The speaker named before a verb: an official source (بحسب X), the last eligible
        actor named in the clause, or the noun phrase just before the verb."""
        toks = self.toks
        # A pronoun right before the verb: he said, لكنه تابع.
        j = i - 1
        while j >= lo and toks[j].kind == "w" and toks[j].norm in _AR_FILLERS - {"لكنه", "لكنها", "ولكنه", "ولكنها"} | _EN_FILLERS:
            j -= 1
        if j >= lo and toks[j].kind == "w" and (toks[j].norm in _AR_PRONOUN or (toks[j].latin and toks[j].norm in _EN_PRONOUN)):
            return self.state.last
        if not nested:
            for a, _b, _name, ident, official in self._vias_in(lo, i):
                if official and ident and toks[a].norm in _AR_ATTRIB | {"according"}:
                    actor = self.doc.index.actors[ident]
                    return _Speaker(actor, tok=a, end_tok=_b)
        if toks[i].latin and not nested:
            # English: the subject is the phrase right before the verb.
            np = self._np_before(i, lo)
            if np and toks[np[0]].norm in _EN_POSSESSIVE:
                owners = [m for m in self.doc.mentions if m[1] <= np[0] and not self.doc.in_quote(m[0])]
                if owners:
                    role, _, _ = self.doc.span_text(np[0], np[1])
                    return _Speaker(owners[-1][2], role=role, tok=np[0], end_tok=np[1])
            elif np:
                sp = self._best_in_np(np[0], np[1]) or self._anaphor(np[0], np[1])
                if sp is None:
                    sp = self._unknown_en(np[0], np[1])
                    if sp is not None and not sp.name[:1].isupper() and self._mentions_in(lo, i):
                        sp = None  # "the official" — a named actor earlier in the clause is likelier
                if sp is not None:
                    self._appositive_role(sp, np[1], i)
                    self._preceding_role(sp, np[0], lo)
                    return sp
            if self._common_noun_before(i, lo):
                return _NOBODY  # "the group warned", "Analysts said": not the last speaker
        ms = [
            m for m in self._mentions_in(lo, i)
            if self._eligible(m[0]) and not self._affiliation(m[0], m[3]) and not self._inside_name(m[0])
        ]
        if nested:
            # Inside another speaker's clause the subject must stand right before the verb.
            ms = [m for m in ms if self._adjacent(m[1], i)]
        if ms:
            last = ms[-1]
            # "المتحدث باسم كتائب حزب الله حركة النجباء نصر الشمري": prefer the person in a run.
            run = [m for m in ms if m[0] >= last[0] - 10 and self._contiguous(m[1], last[0])]
            people = [m for m in run if m[2].kind == "person"]
            pick = people[-1] if people else last
            sp = self._mention_speaker(*pick)
            self._appositive_role(sp, pick[1], i)
            return sp
        if nested:
            return None
        np = self._np_before(i, lo)
        if np:
            unknown = self._anaphor(np[0], np[1]) or self._unknown_np(np[0], np[1], after_verb=False)
            if unknown:
                return unknown
        return None

    def _common_noun_before(self, i: int, lo: int) -> bool:
        j = i - 1
        while j >= lo and self.toks[j].kind == "w" and self.toks[j].norm in _EN_FILLERS:
            j -= 1
        if j < lo or self.toks[j].kind != "w":
            return False
        t = self.toks[j]
        return t.latin and t.norm not in _EN_PRONOUN and t.norm not in {"who", "which", "that"}

    def _preceding_role(self, sp: _Speaker, first: int, lo: int) -> None:
        """"A spokesman for the coalition, Col. Wayne Marotto, said": the role before the name."""
        toks = self.toks
        if sp.actor is not None or first < 2 or toks[first - 1].raw not in _COMMAS:
            return
        k = first - 2
        while k >= lo and toks[k].kind == "w" and first - k < 12:
            k -= 1
        if k + 1 < first - 1 and toks[k + 1].norm in {"a", "an", "the"} and any(
            toks[x].norm in _EN_ROLE_WORDS - {"the", "a", "an", "of", "for"} for x in range(k + 2, first - 1)
        ):
            lead, _, _ = self.doc.span_text(k + 2 if toks[k + 1].norm in {"a", "an"} else k + 1, first - 1)
            sp.role = f"{lead}, {sp.role}" if sp.role else lead

    def _appositive_role(self, sp: _Speaker, a: int, b: int) -> None:
        """"Nasr al-Shammari, a spokesman for the Nujaba movement, told …": the role."""
        toks = self.toks
        if sp.role or a >= len(toks) or toks[a].raw not in _COMMAS or a + 1 >= len(toks):
            return
        if toks[a + 1].norm not in {"a", "an", "the"}:
            return
        k = a + 1
        while k < min(b, a + 14) and toks[k].kind == "w":
            k += 1
        if k - a > 2:
            sp.role, _, _ = self.doc.span_text(a + 2 if toks[a + 1].norm in {"a", "an"} else a + 1, k)

    def _adjacent(self, end: int, verb: int) -> bool:
        toks = self.toks
        gap = [t for t in toks[end:verb] if t.kind != "q"]
        if any(t.kind == "p" for t in gap):
            return False
        return len(gap) <= 8 and not toks[verb].norm.startswith("و")

    def _contiguous(self, a: int, b: int) -> bool:
        return all(t.kind == "w" for t in self.toks[a:b]) and b - a <= 6

    def _topic(self, s0: int, before: int) -> _Speaker | None:
        """The sentence's topic: an actor or noun phrase it opens with, followed by a verb."""
        toks = self.toks
        j = s0
        while j < before and toks[j].kind != "w":
            j += 1
        if j >= before:
            return None
        hit = self.doc.mention_at.get(j)
        if hit and not self.doc.in_quote(j):
            return self._mention_speaker(j, *hit)
        k = j
        while k < before and toks[k].kind == "w" and k - j < 5 and (toks[k].norm.startswith("ال") or toks[k].norm in _AR_SPEAKER_HEADS):
            k += 1
        if k > j and k < before and toks[k].kind == "w" and toks[k].norm not in _AR_PREPS and not toks[k].latin:
            return self._unknown_np(j, k, after_verb=False)
        return None

    # -- main loop -----------------------------------------------------------------------------

    def run(self) -> list[_Claim]:
        doc = self.doc
        heading_paras = {p for p, (_, _, h) in enumerate(doc.paras) if h}
        for k, (s0, s1) in enumerate(doc.sents):
            paras = {self.toks[x].para for x in range(s0, s1)}
            if paras and paras <= heading_paras:
                continue
            self._sentence(k, s0, s1)
        return self.claims

    def _sentence(self, k: int, s0: int, s1: int) -> None:
        toks = self.toks
        cues: list[_Claim] = []
        i = s0
        while i < s1:
            t = toks[i]
            refuse_in_quote = False
            if doc_in_quote := self.doc.in_quote(i):
                q = self.doc.quotes[t.quote]
                refuse_in_quote = i == q.first and t.kind == "w"
            if doc_in_quote and not refuse_in_quote:
                i += 1
                continue
            found = self._cue_at(i)
            if not found or (refuse_in_quote and found[0] != "refuse"):
                i += 1
                continue
            kind, end, flags, preps = found
            if self._cue_blocked(i, kind):
                i = end
                continue
            if i > s0 and toks[i - 1].norm in {"كما", "مثلما", "as"} and "strict" not in flags:
                flags += " strict"  # "كما أكد الوزير" = as the minister said, unless a content follows
            if kind == "refuse":
                claim = self._refusal(i, end, s1)
            elif kind == "acc":
                claim = None  # decided after the verbs of the sentence are known
            else:
                claim = (
                    self._post_quote(i, end, kind, flags)
                    or self._forward(i, end, kind, flags, preps)
                    or (self._post_clause(i, end, kind, flags, s0) if not cues else None)
                )
                if claim and claim.marker == "obj" and kind == "part" and toks[i].latin:
                    claim = None
                if claim and kind == "verb" and claim.marker in {"prep", "obj"} and self._inside_open(cues, i):
                    claim = None  # "قالت إن الفصائل تهدد باستئناف …": part of the reported clause
            if claim:
                cues.append(claim)
                if claim.kind == "verb" and kind == "part":
                    claim.kind = "part"
                i = max(end, claim.content) if claim.marker in {"comp", "colon", "prep", "obj"} and claim.kind != "post" else end
                if claim.marker == "quote" and claim.quote is not None:
                    q = self.doc.quotes[claim.quote]
                    i = max(i, (q.close_tok if q.close_tok is not None else q.last) + 1)
                continue
            i = end
        # "according to X, …" and "بحسب X، …" without a speech verb: X said it.
        if not cues:
            acc = self._according_claim(s0, s1)
            if acc:
                cues.append(acc)
        cues.sort(key=lambda c: c.cue)
        self._bound(cues, s1)
        sentence_claims: list[_Claim] = []
        for claim in cues:
            self._resolve(claim, s0, sentence_claims)
            if claim.speaker is None:
                claim.dropped = True
                continue
            claim.speaker = self._corefer(claim.speaker, claim.cue)
            self._nested_cut(sentence_claims, claim)
            self._finish(claim, s0, sentence_claims)
            sentence_claims.append(claim)
            self.state.last = claim.speaker
            self.history.append(claim.speaker)
            self.last_claim = claim
        self._leftover_quotes(s0, s1, sentence_claims)
        self.claims.extend(c for c in sentence_claims if not c.dropped)

    def _inside_open(self, cues: list[_Claim], i: int) -> bool:
        """Does token i sit in the reported clause of the last cue (no comma in between, or a
        present-tense verb, which reports a state rather than a new statement)?"""
        if not cues:
            return False
        last = cues[-1]
        if last.marker not in {"comp", "colon", "prep", "obj"} or i < last.content:
            return False
        if self.toks[i].norm in _AR_PRESENT or _strip_conj(self.toks[i].norm) in _AR_PRESENT:
            return True
        if i > 0 and self.toks[i - 1].norm in {"and", "but"}:
            return False  # "confirmed the transition but said …": a second statement
        return not any(t.kind == "p" for t in self.toks[last.content : i] if t.quote < 0)

    def _post_quote(self, i: int, end: int, kind: str, flags: str) -> _Claim | None:
        """A verb right after a quote it attributes: "…،" قال الشمري / "…," he said."""
        if kind != "verb":
            return None
        toks = self.toks
        j = i - 1
        subj_start = i
        while j >= 0 and toks[j].kind == "w" and i - j <= 7 and toks[j].latin:
            subj_start = j  # '"…," a senior militia commander told Reuters'
            j -= 1
        if j >= 0 and toks[j].kind == "p" and toks[j].raw in _COMMAS:
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
            if tx.kind == "p" and tx.raw in _SENT_END:
                break
        claim = _Claim(i, end, "post", flags, "quote", q.first, quote=toks[j].quote, middle=(end, min(s1, end + 8)))
        claim.closed = True
        claim.content_end = q.last + 1
        claim.middle = (subj_start, i)  # an English subject before the verb
        return claim

    def _post_clause(self, i: int, end: int, kind: str, flags: str, s0: int) -> _Claim | None:
        """Reported speech before its verb: "The troops will stay, Kirby said on Monday." /
        "القوات ستبقى، قال المتحدث"."""
        if kind != "verb":
            return None
        toks = self.toks
        j = i - 1
        subj_start = i
        if toks[i].latin:
            while j >= s0 and toks[j].kind == "w" and i - j <= 8 and (
                toks[j].cap or toks[j].norm in _EN_ROLE_WORDS or toks[j].norm in _EN_PRONOUN or toks[j].norm in {"al", "el"}
            ):
                subj_start = j
                j -= 1
        if j < s0 or toks[j].kind != "p" or toks[j].raw not in _COMMAS:
            return None
        comma = j
        start = s0
        for x in range(s0, min(comma, s0 + 4)):
            if toks[x].raw in {"—", "–", "-"}:
                start = x + 1  # a dateline: "WASHINGTON —", "بغداد -"
        if sum(1 for t in toks[start:comma] if t.kind == "w" and t.quote < 0) < 3:
            return None
        claim = _Claim(i, end, "post", flags, "clause", start, middle=(subj_start, i))
        claim.content_end = comma
        claim.closed = True
        return claim

    def _refusal(self, i: int, end: int, s1: int) -> _Claim:
        t = self.toks[i]
        if t.quote >= 0 and self.doc.quotes[t.quote].first == i:
            q = self.doc.quotes[t.quote]
            claim = _Claim(i, end, "refuse", "", "quote", q.first, quote=t.quote, middle=(end, end))
            return claim
        return _Claim(i, end, "refuse", "", "self", i, middle=(end, end))

    def _according_claim(self, s0: int, s1: int) -> _Claim | None:
        for a, b, _name, ident, _official in self._vias_in(s0, s1):
            w = self.toks[a].norm
            if w not in _AR_ATTRIB | {"according"} or not ident:
                continue
            if a < s0 + 3:
                content = b
                while content < s1 and (self.toks[content].kind == "p" or self._comp_at(content)):
                    content += 1
                claim = _Claim(a, b, "acc", "", "obj", content, middle=(b, content))
                claim.speaker = _Speaker(self.doc.index.actors[ident], tok=a, end_tok=b)
                return claim
            # "…, according to X." at the end.
            if b >= s1 - 2:
                claim = _Claim(a, b, "acc", "", "obj", s0, middle=(b, b))
                claim.content_end = a
                claim.speaker = _Speaker(self.doc.index.actors[ident], tok=a, end_tok=b)
                claim.closed = True
                self.via_spans = [v for v in self.via_spans if v[0] != a]
                self._index_vias()
                return claim
        return None

    def _bound(self, cues: list[_Claim], s1: int) -> None:
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
                    stop = min(stop, self.doc.quotes[nxt.quote].open_tok) if nxt.quote is not None else stop
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
                if t.kind == "p" and t.raw in _COMMAS:
                    nxt_w = toks[end + 1].norm if end + 1 < len(toks) and toks[end + 1].kind == "w" else ""
                    if nxt_w in _AR_BREAK or nxt_w in _EN_BREAK or (toks[end + 1].kind == "w" and self._cue_at(end + 1)) if end + 1 < len(toks) else False:
                        break
                    commas += 1
                    if claim.marker in {"obj", "prep", "self"} and (commas >= 2 or (words >= 10 and claim.marker != "self")):
                        break
                    if claim.marker == "self":
                        break
                if t.kind == "p" and t.raw in {";", "؛"}:
                    break
                via = next((v for v in self.via_spans if v[0] == end), None)
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

    def _resolve(self, claim: _Claim, s0: int, before: list[_Claim]) -> None:
        """Find the claim's speaker."""
        toks = self.toks
        if claim.speaker is not None:
            return
        prev = before[-1] if before else None
        if claim.kind == "part":
            main = [c for c in before if not c.nested]
            claim.speaker = main[-1].speaker if main else (self._topic(s0, claim.cue) or self.state.last)
            return
        if claim.kind == "post":
            a, b = claim.middle
            if a < claim.cue:  # English: "…," Kirby said / he said
                if toks[a].norm in _EN_PRONOUN:
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
            return
        if claim.kind == "refuse":
            lo = prev.content if prev and not prev.closed else (prev.content_end if prev else s0)
            after = None
            if claim.cue_end - 1 > claim.cue + 1 and not toks[claim.cue].latin:  # رفضت القيادة الأمريكية التعليق
                first = claim.cue + (2 if _strip_conj(toks[claim.cue].norm) == "لم" else 1)
                after, _ = self._speaker_after(first, claim.cue_end - 1, headed_only=True)
            before_sp = self._speaker_before(claim.cue, lo, nested=False)
            claim.speaker = after or (None if before_sp is _NOBODY else before_sp or self.state.last)
            return
        # A verb: subject after it (Arabic) or before it (English), else the current speaker.
        a, b = claim.middle
        nested = prev is not None and not prev.closed and prev.content_end >= claim.cue - 1
        lo = s0
        if prev is not None:
            lo = prev.content if nested else prev.content_end
        sp = None
        if toks[claim.cue].latin:
            sp = self._speaker_before(claim.cue, lo, nested=nested)
        if sp is None:
            if claim.marker == "obj":
                sp, _ = self._speaker_after(claim.cue_end, self.doc.sent_bounds(claim.cue)[1], headed_only=True)
            else:
                sp, end = self._speaker_after(claim.cue_end, b)
                if end == -1:
                    claim.speaker = None
                    return
        if sp is None and not toks[claim.cue].latin:
            sp = self._speaker_before(claim.cue, lo, nested=nested)
        if sp is _NOBODY:
            claim.speaker = None
            return
        if sp is None and "cont" in claim.flags and prev is not None:
            sp = prev.speaker
        if sp is None:
            sp = self.state.last
        # "نقلت X عن Y", "ذكرت X، نقلا عن Y، أن", "X reported, citing Y, that": Y said it, X carried it.
        if claim.marker != "obj":
            carrier = _strip_conj(toks[claim.cue].norm).startswith(("نقل", "ينقل", "تنقل"))
            for x in range(a, b):
                w = toks[x].norm
                if (w == "عن" or (toks[x].latin and w in {"citing", "quoting"})) and x + 1 < b:
                    cited = carrier or w in {"citing", "quoting"} or toks[x - 1].norm in {"نقلا", "ونقلا"}
                    end = self._np_end(x + 1, b, short_name=False)
                    inner = self._best_in_np(x + 1, end)
                    if inner is None and cited:
                        inner = self._anaphor(x + 1, end) or (
                            self._unknown_en(x + 1, end) if toks[x + 1].latin else self._unknown_np(x + 1, end, after_verb=False)
                        )
                    if inner is not None:
                        claim.via = sp.actor.name_en if sp and sp.actor else (sp.name if sp else None)
                        claim.via_id = sp.actor.id if sp and sp.actor else None
                        sp = inner
                    break
        claim.speaker = sp
        if claim.marker == "obj" and sp is not None and sp.tok >= claim.cue_end and sp.end_tok > claim.content:
            claim.content = sp.end_tok

    def _corefer(self, sp: _Speaker, tok: int) -> _Speaker:
        """An unknown one-word name that is the surname of a person the article named before
        ("نصر الشمري … الشمري أكد") is that person."""
        if sp.actor is not None or not sp.name:
            return sp
        keys = name_keys(sp.name)
        if len(keys) != 1:
            return sp
        found = {
            actor.id: actor
            for t0, _t1, actor, _ in self.doc.mentions
            if t0 < tok and actor.kind == "person" and any(
                name_keys(n)[-1:] == keys for n in (actor.name_en, actor.name_ar, *actor.aliases) if name_keys(n)
            )
        }
        if len(found) == 1:
            return _Speaker(next(iter(found.values())), role=sp.role, tok=sp.tok, end_tok=sp.end_tok)
        for earlier in reversed(self.history):
            if earlier.actor is None and earlier.name and name_keys(earlier.name)[-1:] == keys:
                return _Speaker(None, name=earlier.name, role=earlier.role or sp.role, tok=sp.tok, end_tok=sp.end_tok)
        return sp

    def _nested_cut(self, before: list[_Claim], claim: _Claim) -> None:
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
        while j >= prev.content and self.toks[j].kind == "w" and (
            self.toks[j].norm in _AR_SPEAKER_HEADS or _strip_al(self.toks[j].norm) in _AR_SPEAKER_HEADS or self.toks[j].norm == "باسم" or self.toks[j].norm.startswith("ال") and j + 1 < len(self.toks) and self.toks[j + 1].norm.startswith("ال")
        ):
            j -= 1
        cut = j + 1
        claim.nested = True
        last_word = next((self.toks[x] for x in range(cut - 1, prev.content - 1, -1) if self.toks[x].kind == "w"), None)
        prev.content_end = cut
        if last_word is None or last_word.norm in _AR_DANGLING or (last_word.latin and last_word.norm in _EN_DANGLING):
            prev.dropped = True
        if claim.via is None and prev.speaker and prev.speaker.actor and prev.speaker.actor.kind == "outlet":
            claim.via = prev.speaker.actor.name_en or prev.speaker.actor.name_ar
            claim.via_id = prev.speaker.actor.id

    def _finish(self, claim: _Claim, s0: int, before: list[_Claim]) -> None:
        """Via and date for a claim."""
        toks = self.toks
        prev = before[-1] if before else None
        lo = s0 if prev is None else (prev.content_end if prev.closed else prev.content)
        zone_a = min(lo, claim.cue)
        zone_b = claim.content if claim.marker != "self" else claim.cue_end
        if claim.kind == "post":
            zone_b = min(self.doc.sent_bounds(claim.cue)[1], claim.cue_end + 10)
            if claim.marker == "clause":
                zone_a = claim.content_end
        # Tail after a direct quote up to the next cue: "… بحسب ما أوردت X".
        tail_a = claim.content_end
        tail_b = self.doc.sent_bounds(claim.cue)[1]
        for x in range(tail_a, tail_b):
            if toks[x].kind == "w" and self._cue_at(x) and not self._in_via(x):
                tail_b = x
                break
        if claim.via is None:
            own = [v for v in self._vias_in(zone_a, zone_b) if v[0] not in self.used_vias and not (v[4] and v[3] and claim.speaker and claim.speaker.actor and v[3] == claim.speaker.actor.id)]
            own += [v for v in self._vias_in(tail_a, tail_b) if v not in own and v[0] not in self.used_vias]
            # "اكد للمجلة": a ل-prefixed outlet right after the verb.
            for x in range(claim.cue_end, min(zone_b, claim.cue_end + 3)):
                if toks[x].kind == "w" and toks[x].norm.startswith("لل") and self._outletish(x):
                    found = self._np_via_prefixed(x)
                    if found:
                        own.insert(0, (x, found[0], found[1], found[2], False))
                    break
                if toks[x].latin and toks[x].norm != "the":
                    hit = self.doc.mention_at.get(x)
                    if claim.cue and toks[claim.cue].norm in {"told", "tells"} and (self._outletish(x) or (hit and hit[1].kind == "outlet")):
                        found = self._np_via(x, zone_b)
                        if found:
                            own.insert(0, (x, found[0], found[1], found[2], False))
                    break
            if own:
                v = own[0]
                if not (claim.speaker and claim.speaker.actor and v[3] == claim.speaker.actor.id):
                    claim.via, claim.via_id = v[2], v[3]
                    self.used_vias.add(v[0])
        # The same speaker again, in this sentence or the one before: same channel, same day.
        same = None
        if claim.speaker is not None:
            for c in [*reversed(before), self.last_claim]:
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
        best = None
        for a, b in spans:
            if a >= b:
                continue
            pieces = [(toks[x].start, toks[x].end) for x in range(a, b) if not self.doc.in_quote(x)]
            if not pieces:
                continue
            text = self.doc.masked[pieces[0][0] : pieces[-1][1]]
            for pos, value in _dates_in(normalize(text), self.doc.published):
                dist = abs(pieces[0][0] + pos - toks[claim.cue].start)
                inside_quote = any(
                    self.doc.in_quote(x) and toks[x].start <= pieces[0][0] + pos < toks[x].end for x in range(a, b)
                )
                if inside_quote:
                    continue
                if best is None or dist < best[0]:
                    best = (dist, value)
        if best:
            day = best[1]
        elif claim.kind == "part":
            main = [c for c in before if not c.nested]
            day = main[-1].day if main else None
        elif same is not None:
            day = same.day
        claim.day = day or self.doc.published

    def _leftover_quotes(self, s0: int, s1: int, claims: list[_Claim]) -> None:
        """Quotes no cue took: a speech noun before them ("تصريحات كيربي … تأكيدات على "…""),
        "على حد تعبيره" after them, or a long quote in a sentence whose speaker is known."""
        toks = self.toks
        covered = []
        for c in claims:
            if c.dropped:
                continue
            covered.append((c.content, c.content_end))
            if c.quote is not None:
                q = self.doc.quotes[c.quote]
                covered.append((q.open_tok, (q.close_tok if q.close_tok is not None else q.last) + 1))
        for qn, q in enumerate(self.doc.quotes):
            if q.name_only or q.open_tok < s0 or q.open_tok >= s1:
                continue
            if any(a <= q.first < b for a, b in covered):
                continue
            nwords = q.words(toks)
            if nwords < 3:
                continue
            claim = None
            # A speech noun before it in the sentence: its owner is the speaker.
            lo = max([c.content_end for c in claims if c.content_end <= q.open_tok and not c.dropped] or [s0])
            for x in range(q.open_tok - 1, lo - 1, -1):
                t = toks[x]
                if t.kind != "w" or self.doc.in_quote(x):
                    continue
                if q.open_tok - x > 4:
                    break
                if _strip_conj(t.norm) in _AR_SPEECH_NOUNS or _strip_al(t.norm) in _AR_SPEECH_NOUNS or (t.latin and t.norm in _EN_SPEECH_NOUNS):
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
                        claim = _Claim(x, x + 1, "noun", "", "quote", q.first, quote=qn, middle=(x + 1, q.open_tok))
                        claim.speaker = sp
                    break
            if claim is None:
                close = q.close_tok if q.close_tok is not None else q.last
                after = [toks[x].norm for x in range(close + 1, min(s1, close + 5)) if toks[x].kind == "w"]
                if after[:2] == ["علي", "حد"] or after[:1] == ["بحسب"] and after[1:2] in (["قوله"], ["تعبيره"]):
                    sp = claims[-1].speaker if claims else self.state.last
                elif nwords >= 6 and claims:
                    sp = claims[-1].speaker
                elif nwords >= 6 and self.state.last is not None and self._recent_speaker(q.open_tok) and not any(
                    toks[x].kind == "w" for x in range(s0, q.open_tok)
                ):
                    sp = self.state.last  # a paragraph that goes on quoting the last speaker
                else:
                    sp = None
                if sp is not None:
                    claim = _Claim(q.open_tok, q.open_tok, "orphan", "", "quote", q.first, quote=qn, middle=(q.open_tok, q.open_tok))
                    claim.speaker = sp
            if claim is not None:
                claim.content_end = q.last + 1
                claim.closed = True
                ref = claims[-1] if claims else self.last_claim
                same = ref is not None and ref.speaker is not None and claim.speaker is not None and ref.speaker.key == claim.speaker.key
                claim.via, claim.via_id = (ref.via, ref.via_id) if same and ref else (None, None)
                claim.day = ref.day if same and ref else self.doc.published
                claims.append(claim)
                self.last_claim = claim
                covered.append((q.first, q.last + 1))
        claims.sort(key=lambda c: c.content)

    def _recent_speaker(self, tok: int) -> bool:
        """Did the paragraph before, or this one, give a statement? (a quote runs on)."""
        return bool(self.claims) and self.toks[self.claims[-1].cue].para >= self.toks[tok].para - 1


_BA_NOT_OBJECT = {"بيان", "بين", "بعد", "بغداد", "بلاده", "بلادها", "بلاد", "بشكل", "بصفته", "بصفتها",
                  "بدوره", "بدورها", "بحسب", "بسبب", "برلمان", "بيانه", "بيانها", "بينما", "بل", "بان",
                  "بانه", "بانها", "باسم", "بالقول", "بالتاكيد", "بوضوح", "بايدن"}


def _ba_object(w: str) -> bool:
    """A word carrying the preposition ب that opens a content: "هدد باستئناف …"."""
    return w.startswith("ب") and len(w) >= 4 and w not in _BA_NOT_OBJECT and w not in _AR_PREPS


_KIND_NOUNS = {
    "group": "group", "militia": "group", "movement": "group", "organization": "group",
    "organisation": "group", "faction": "group", "جماعه": "group", "حركه": "group", "فصيل": "group",
    "ميليشيا": "group", "كتايب": "group", "ministry": "office", "department": "office",
    "office": "office", "command": "office", "وزاره": "office", "government": "government",
    "administration": "government", "حكومه": "government", "اداره": "government",
}
_AR_FUNCTION = {
    "هذه", "هذا", "ذلك", "تلك", "ما", "لا", "لم", "لن", "قد", "كل", "احد", "بعض", "حيث", "كما", "اذ",
    "اذا", "فيما", "بينما", "لكن", "ثم", "اما", "او", "ام", "بل", "حتي", "الا", "غير", "انه", "انها",
    "الذي", "التي", "هناك", "هنا", "عندما", "حين", "لما", "كان", "كانت", "ليس", "ليست",
}
_TRAILING = {"and", "but", "or", "و", "او", "ثم", "لكن", "ولكن"}
_DATELINE_RE = re.compile(r"^[^\S\n]*[^\W\d][^()\n]{0,40}?\(([^()\n]{2,40})\)[^\S\n]*[-—–]", re.MULTILINE)
_NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "van", "von", "der"}


def _name_like(t: _Tok) -> bool:
    """A word of a Latin-script personal name: "Qassim", "al-Araji", "bin"."""
    return t.cap or t.norm in _NAME_PARTICLES or t.norm.split("-")[0] in _NAME_PARTICLES


def _is_head(w: str) -> bool:
    return any(f in _AR_SPEAKER_HEADS for f in (w, "ال" + w, _strip_al(w), _strip_conj(w)))


def _strip_conj(w: str) -> str:
    return w[1:] if len(w) > 3 and w[0] in "وف" else w


def _strip_al(w: str) -> str:
    for prefix in ("وال", "فال", "بال", "لل", "ال"):
        if w.startswith(prefix) and len(w) - len(prefix) >= 2:
            return w[len(prefix) :]
    return w


def _strip_lam(w: str) -> str:
    if w.startswith("لل"):
        return "ال" + w[2:]
    if w.startswith("ل") and len(w) > 3:
        return w[1:]
    return w


def _strip_punct(s: str) -> str:
    return s.strip(" ،,.:;؛\"'«»“”")


# --------------------------------------------------------------------------------------------
# Public API.

_INDEX_CACHE: dict[tuple[Actor, ...], ActorIndex] = {}


def _index_for(actors: Sequence[Actor]) -> ActorIndex:
    key = tuple(actors)
    index = _INDEX_CACHE.get(key)
    if index is None:
        if len(_INDEX_CACHE) > 8:
            _INDEX_CACHE.clear()
        index = _INDEX_CACHE[key] = ActorIndex(key)
    return index


def _split_quotes(doc: _Doc, a: int, b: int) -> list[tuple[int, int, int | None]]:
    """Split a reported clause that holds quotes: [(first, end, quote index)] — a clause whose
    quote is all it says becomes that quote."""
    toks = doc.toks
    inner = []
    for qn, q in enumerate(doc.quotes):
        if a <= q.open_tok < b and not q.name_only and q.words(toks) >= 3:
            inner.append(qn)
    if not inner:
        return [(a, b, None)]
    pieces: list[tuple[int, int, int | None]] = []
    start = a
    for n, qn in enumerate(inner):
        q = doc.quotes[qn]
        qend = (q.close_tok if q.close_tok is not None else q.last) + 1
        end = qend if n + 1 < len(inner) else b
        pieces.append((start, end, qn))
        start = end
    out = []
    for first, end, qn in pieces:
        q = doc.quotes[qn]
        qend = (q.close_tok if q.close_tok is not None else q.last) + 1
        outside = sum(1 for x in range(first, end) if toks[x].kind == "w" and not (q.open_tok <= x < qend) and toks[x].quote < 0)
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
    doc = _Doc(text, _index_for(actors), published)
    if outlet is None:
        # A wire dateline names the outlet: "BAGHDAD (Reuters) -", "بغداد (رويترز) -".
        dateline = _DATELINE_RE.search(text[:2000])
        if dateline:
            outlet = dateline.group(1).strip()
    extractor = _Extractor(doc, outlet)
    out: list[ExtractedStatement] = []
    seen: set[tuple[int, int]] = set()
    for claim in extractor.run():
        if claim.content_end <= claim.content:
            continue
        if claim.quote is not None and claim.marker == "quote":
            q = doc.quotes[claim.quote]
            pieces = [(q.first, q.last + 1, claim.quote)]
        else:
            pieces = _split_quotes(doc, claim.content, claim.content_end)
        for a, b, qn in pieces:
            direct = qn is not None and doc.quotes[qn].first == a
            kind = "direct" if direct else "reported"
            while not direct and b > a and (doc.toks[b - 1].kind in {"p", "nl"} or doc.toks[b - 1].norm in _TRAILING):
                b -= 1  # "confirmed the transition but [said …]"
            quote, start, end = doc.span_text(a, b, keep_end=direct)
            n_words = len(re.findall(r"[^\W_]+", quote))
            if n_words < 2 or (start, end) in seen:
                continue
            seen.add((start, end))
            out.append(_statement(claim, quote, kind, start, end, extractor, outlet))
    return out


def _statement(claim: _Claim, quote: str, kind: str, start: int, end: int, ex: _Extractor, outlet: str | None) -> ExtractedStatement:
    sp = claim.speaker
    assert sp is not None
    if sp.actor is not None:
        name_en, name_ar, ident = sp.actor.name_en, sp.actor.name_ar, sp.actor.id
    else:
        ident = None
        arabic = bool(re.search("[\u0600-\u06ff]", sp.name))
        name_ar = sp.name if arabic else ""
        name_en = "" if arabic else sp.name
    via = claim.via or outlet
    return ExtractedStatement(
        speaker_id=ident,
        speaker_name_en=name_en,
        speaker_name_ar=name_ar,
        speaker_role=sp.role,
        quote=quote,
        kind=kind,
        via=via,
        date=claim.day or ex.doc.published,
        start=start,
        end=end,
        via_id=claim.via_id if claim.via else None,
    )
