"""Read a chat question: its language, what it asks, about whom, on what topic, in what time.

`read_question` turns free text ("ماذا قال كيربي عن الدعوة؟", "who said the deadline is
fixed?") into a `Question`: an intent (who said / what did X say / X's position / countdown /
who is X), the actors it names as speakers, a name it gives that the record does not know,
the topic words, and a time window it names ("in 2021", "last week", "الشهر الماضي").
The patterns describe how questions are built in each language (interrogative + speech
verb, possessive + position noun …), not particular questions.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from story.lexicon import concept_groups, is_stopword
from story.names import ActorIndex, Mention, name_key
from story.normalize import normalize, script_of, search_key, words

MAX_QUESTION_CHARS = 1000  # longer text is read only this far: a question, not an essay

INTENTS = ("countdown", "who_said", "what_said", "position", "profile", "unknown")

# Patterns run on normalize()d text: أ/إ/آ → ا, ة → ه, ى → ي, lower case.
_AR_SPEECH = (
    r"(?:قال|قالت|قالوا|يقول|تقول|يقولون|صرح|صرحت|يصرح|ذكر|ذكرت|اعلن|اعلنت|اكد|اكدت|يؤكد|يوكد|تؤكد|"
    r"اوضح|اوضحت|اشار|اشارت|هدد|هددت|يهدد|تهدد|نفي|نفت|حذر|حذرت|وصف|وصفت|طالب|طالبت|رفض|رفضت|"
    r"وعد|وعدت|تعهد|تعهدت|كشف|كشفت|تحدث|تحدثت|اعتبر|اعتبرت|راي|رات|يري|تري|زعم|زعمت|ادعي|ادعت|"
    r"التزم|التزمت|يلتزم|تلتزم|توعد|توعدت|صدر|قاله|قالته|ذكره|ذكرته|"
    r"كال|كالت|يكول|تكول)"  # Iraqi: گال/يگول (normalised گ → ك)
)
_EN_SPEECH = (
    r"(?:say|says|said|saying|state|states|stated|tell|tells|told|claim|claims|claimed|announce|"
    r"announced|"
    r"comment|commented|mention|mentioned|declare|declared|threaten|threatens|threatened|deny|"
    r"denied|"
    r"warn|warned|promise|promised|pledge|pledged|commit|committed|argue|argued|insist|insisted|"
    r"stress|stressed|confirm|confirmed|vow|vowed|reject|rejected|refuse|refused|demand|demanded|"
    r"call|called|describe|described|suggest|suggested|predict|predicted|think|thinks|believe|"
    r"believes|"
    r"accuse|accused|admit|admitted|report|reported|write|wrote|post|posted|tweet|tweeted|speak|"
    r"spoke)"
)

_WHO = [
    re.compile(
        r"^\W*(?:and\s+|so\s+|but\s+)?(?:who|whom|which\s+(?:\w+\s+){0,3}?(?:"
        + _EN_SPEECH[3:-1]
        + r")\b)"
    ),
    re.compile(r"^\W*(?:و|ف)?من\s+(?:(?:هو|هي|هم)\s+)?(?:الذي|التي|الذين|اللي|قد\s+)?"),
    re.compile(r"^\W*(?:اي|ايه|ايّ)\s+(?:\w+\s+){1,3}?" + _AR_SPEECH),
    re.compile(r"\b(?:who|whom)\s+" + _EN_SPEECH + r"\b"),
    re.compile(r"(?:^|\s)من\s+(?:الذي\s+|التي\s+)?" + _AR_SPEECH + r"(?:\s|$)"),
]
# "who said …" / "من قال …": an interrogative with a speech verb — the surest form of all.
_WHO_SAID = [
    re.compile(r"^\W*(?:and\s+|so\s+|but\s+)?(?:who|whom)\s+(?:\w+\s+){0,2}?" + _EN_SPEECH + r"\b"),
    re.compile(
        r"^\W*(?:و|ف)?(?:من|منو)\s+(?:(?:هو|هي|هم)\s+)?(?:الذي\s+|التي\s+|الذين\s+|اللي\s+|قد\s+)?"
        + _AR_SPEECH
        + r"(?:\s|$)"
    ),
    re.compile(
        r"^\W*(?:did|has|have|had|does)\s+(?:anyone|anybody|someone|somebody|any\s+\w+)\s+"
        + _EN_SPEECH
        + r"\b"
    ),
    re.compile(r"^\W*(?:هل|وهل)\s+" + _AR_SPEECH + r"\s+(?:احد|اي\s+\S+)(?:\s|$)"),
]
_PROFILE = [
    re.compile(r"^\W*(?:who|what)\s+(?:is|was|are|were)\s+(?P<rest>.+?)\W*$"),
    re.compile(r"^\W*(?:tell me about|about|profile of)\s+(?P<rest>.+?)\W*$"),
    re.compile(r"^\W*(?:من|ما|ماهي|ماهو)\s+(?:هو|هي|هم|هي\s+جهه)\s+(?P<rest>.+?)\W*$"),
    re.compile(r"^\W*(?:عرفني|عرّفني|حدثني|معلومات)\s+(?:ب|عن|على|علي)?\s*(?P<rest>.+?)\W*$"),
]
_WHAT_SAID = [
    re.compile(
        r"\bwhat\s+(?:did|does|do|has|have|had|was|were|is|are|will|would)\b.*?\b"
        + _EN_SPEECH
        + r"\b"
    ),
    re.compile(
        r"\bwhat\s+(?:\S+\s+){1,5}?(?:said|says|has said|have said|stated|announced|claimed)\b"
    ),
    re.compile(
        r"\b(?:statements?|quotes?|remarks?|comments?|words|sayings|claims)\s+(?:by|of|from)\b"
    ),
    re.compile(r"'s\s+(?:statements?|quotes?|remarks?|comments?|words|claims)\b"),
    re.compile(r"^\W*(?:did|does|has|have|had|is|was)\s+.+?\b" + _EN_SPEECH + r"\b"),
    re.compile(r"(?:^|\s)(?:ماذا|بماذا|مالذي|شو|ايش|وش|شنو|ما\s*(?:الذي|اللذي))\s+" + _AR_SPEECH),
    re.compile(r"(?:^|\s)ما\s+(?:قاله|قالته|قالوه|صرح\s+به|صرحت\s+به|ذكره|ذكرته|اعلنه|اعلنته)"),
    re.compile(r"(?:^|\s)(?:هل|وهل)\s+" + _AR_SPEECH),
    re.compile(r"(?:^|\s)ش(?:كال|كالت|كالوا|قال|قالت|يكول|تكول)(?:\s|$)"),  # Iraqi شگال: ش + گال
    re.compile(r"(?:^|\s)(?:تصريحات|اقوال|كلام|تصريح|بيانات|بيان)\s+\S"),
]
_POSITION = [
    re.compile(
        r"\b(?:position|positions|stance|stances|standpoint|view|views|opinion|attitude|line)\b"
    ),
    re.compile(r"\bwhere\s+(?:does|do|did|is|are)\s+.+?\bstand"),
    re.compile(r"\bwhat\s+(?:does|do|did)\s+.+?\b(?:think|believe|want)\b"),
    re.compile(r"(?:^|\s)(?:موقف|مواقف|رأي|راي|وجهه نظر|رؤيه)(?:\s|$)"),
    re.compile(r"(?:^|\s)(?:ماذا|ما\s+الذي)\s+(?:يري|تري|يريد|تريد|يعتقد|تعتقد)"),
]
_COUNTDOWN = [
    re.compile(r"\bcount\s*-?\s*downs?\b"),
    re.compile(
        r"\b(?:days?|hours?|weeks?|time)\s+(?:are\s+|is\s+)?(?:left|remaining|remain|to go|until|"
        r"till|before)\b"
    ),
    re.compile(
        r"\bhow\s+(?:many|much|long)\b.*\b(?:days?|hours?|weeks?|months?|time|left|remain\w*|"
        r"until|till|before|to go)\b"
    ),
    re.compile(r"\bwhen\s+(?:is|does|will|was|did)\b.*\b(?:deadline|due|expire\w*|run out|end)\b"),
    re.compile(r"\b(?:deadline|withdrawal)\s+(?:date|day)\b"),
    re.compile(r"^\W*(?:the\s+)?deadline\W*$"),
    re.compile(r"(?:^|\s)(?:شكد|جم)\s+(?:\S+\s+)?(?:باقي|بقي|ضل|ظل|يوم|يوما|ايام|ساعه|وقت)"),
    re.compile(
        r"(?:^|\s)كم\s+(?:يوم|يوما|ايام|ساعه|ساعات|اسبوع|اسابيع|شهر|اشهر|بقي|باقي|تبقي|يتبقي|"
        r"متبقي|المتبقي|من\s+الوقت|من\s+الايام|الوقت)"
    ),
    re.compile(
        r"(?:^|\s)(?:باقي|بقي|تبقي|يتبقي|متبقي|المتبقي|المتبقيه|الباقي)\s+(?:\S+\s+)?(?:علي|حتي|"
        r"لل|من|عن)"
    ),
    re.compile(r"العد\s+التنازلي"),
    re.compile(
        r"(?:^|\s)متي\s+(?:\S+\s+)?(?:موعد|الموعد|المهله|مهله|الانسحاب|انسحاب|ينتهي|تنتهي|ينسحب|"
        r"تنسحب|تخرج|يخرج)"
    ),
    re.compile(r"(?:^|\s)(?:موعد|تاريخ)\s+(?:الانسحاب|المهله|انتهاء)"),
]
# "Was the deadline met?": a deadline's outcome, answered as its countdown (status, outcome).
_DEADLINE_NOUNS = r"(?:deadline|date|timetable|timeline|mission|withdrawal|pullout|pull-out|exit)"
_OUTCOME = [
    re.compile(
        r"\b(?:was|were|is|has|have|had)\s+(?:\w+\s+){0,5}?" + _DEADLINE_NOUNS + r"\s+(?:been\s+)?"
        r"(?:met|missed|kept|honou?red|respected|extended|postponed|delayed|cancell?ed|completed|"
        r"achieved|fulfill?ed)\b"
    ),
    re.compile(
        r"\b(?:did|does|will|has|have)\s+.+?\b(?:meet|miss|keep|honou?r|respect|make|beat|met|"
        r"missed|kept)\s+(?:the|its|their|that|this)\s+(?:\w+\s+){0,3}?(?:deadline|date|timetable)\b"
    ),
    re.compile(
        r"\b(?:did|have|has)\s+.+?\b(?:leave|left|withdraw\w*|pull\w*\s+out|exit\w*|go|gone|end\w*)"
        r"\b.*\b(?:by|before|on|at)\s+(?:the\s+)?(?:deadline|due date|agreed date|end of)"
    ),
    re.compile(r"\bwhat\s+(?:happened|became of)\b.*\b" + _DEADLINE_NOUNS + r"\b"),
    re.compile(r"\b(?:outcome|result|fate)\s+of\b.*\b" + _DEADLINE_NOUNS + r"\b"),
    re.compile(r"(?:^|\s)هل\s+(?:تم\s+)?(?:الالتزام|التزم\S*|احترام|احترم\S*|الوفاء|وف[تي])\s+.*(?:موعد|مهله|جدول)"),
    re.compile(
        r"(?:^|\s)هل\s+(?:تم\s+)?(?:انسحب\S*|الانسحاب|خرج\S*|الخروج|غادر\S*|انته\S*|اكتمل\S*|اتم\S*|"
        r"تمدد\S*|مدد\S*|تمديد|تاجل\S*|تاجيل)\s+.*(?:موعد|مهله|الوقت المحدد|المحدد|نهايه)"
    ),
    re.compile(r"(?:^|\s)(?:ماذا|شنو|شو|ما\s+الذي)\s+(?:حدث|حصل|صار|جري)\s+.*(?:موعد|مهله|انسحاب|مهمه)"),
    re.compile(r"(?:^|\s)(?:نتيجه|مصير|حصيله)\s+(?:ال)?(?:موعد|مهله|انسحاب|مهمه)"),
]
# The words countdown and outcome questions are asked with: the rest names the deadline.
_COUNTDOWN_WORDS = frozenset(
    """count countdown down days day hours hour weeks week months month years year time long
    left remaining remain remains until till before to go due expire expires run out end ends
    deadline deadlines date when many much met missed kept meet miss keep honoured honored
    happened outcome result status
    يوم يوما ايام اليوم الايام ساعه ساعات اسبوع اسابيع شهر اشهر باقي بقي ضل ظل تبقي يتبقي
    متبقي المتبقي المتبقيه الباقي الوقت وقت موعد الموعد بموعد مهله المهله بالمهله العد
    التنازلي متي ينتهي تنتهي انتهاء تاريخ شكد جم كم تم الالتزام احترام حدث حصل صار نتيجه
    مصير""".split()
)
# Words that end the speaker part of "what did X say about Y" / "ما موقف X من Y".
_TOPIC_MARKERS = frozenset(
    {
        "about",
        "on",
        "regarding",
        "concerning",
        "re",
        "over",
        "towards",
        "toward",
        "of",
        "عن",
        "حول",
        "بشان",
        "تجاه",
        "ازاء",
        "بخصوص",
        "من",
        "في",
        "على",
        "علي",
    }
)


@dataclass
class Question:
    text: str
    lang: str
    intent: str
    actor_ids: list[str] = field(default_factory=list)  # the speakers the question names
    mentioned_ids: list[str] = field(default_factory=list)  # every actor named, speaker or topic
    mention_words: dict[str, list[str]] = field(
        default_factory=dict
    )  # actor id → its words in the question
    unknown_name: str | None = None  # a speaker name the record does not know
    # Actors a name of the question comes near only by a typo ("Karimi" → al-Kadhimi): never
    # taken as meant (a different person would be a wrong speaker), only offered back.
    did_you_mean: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # normalised topic words
    since: date | None = None
    until: date | None = None
    time_words: list[str] = field(default_factory=list)  # the words that named the time window
    # Whether the time words come after the topic's first word ("who said the mission will end
    # in September 2025"): they may be the claim's, not the time it was said.
    time_in_claim: bool = False


_MONTHS = {
    # English, Arabic (Egyptian/Gulf names and Levantine/Iraqi names), normalised.
    1: ("january", "jan", "يناير", "كانون الثاني"),
    2: ("february", "feb", "فبراير", "شباط"),
    3: ("march", "mar", "مارس", "اذار"),
    4: ("april", "apr", "ابريل", "نيسان"),
    5: ("may", "مايو", "ايار"),
    6: ("june", "jun", "يونيو", "حزيران"),
    7: ("july", "jul", "يوليو", "تموز"),
    8: ("august", "aug", "اغسطس", "اب"),
    9: ("september", "sep", "sept", "سبتمبر", "ايلول"),
    10: ("october", "oct", "اكتوبر", "تشرين الاول"),
    11: ("november", "nov", "نوفمبر", "تشرين الثاني"),
    12: ("december", "dec", "ديسمبر", "كانون الاول"),
}
_MONTH_WORDS = sorted(
    ((name, n) for n, names in _MONTHS.items() for name in names), key=lambda x: -len(x[0])
)
_MONTH_RE = re.compile(
    r"(?:^|\s)(?:in|during|since|of|في|خلال|شهر|منذ)\s+(?:شهر\s+)?(?P<month>"
    + "|".join(re.escape(n) for n, _ in _MONTH_WORDS)
    + r")(?:\s+(?P<year>(?:19|20)\d\d))?(?=\s|$|\W)"
)
_YEAR_RE = re.compile(
    r"(?:^|\s)(?:in|during|since|of|from|في|خلال|منذ|عام|سنه|العام)\s+(?:عام\s+|سنه\s+|the "
    r"year\s+)?(?P<year>(?:19|20)\d\d)\b"
)
_RELATIVE = [
    (
        re.compile(
            r"\b(?:last|past|previous)\s+week\b|(?:الاسبوع|اسبوع)\s+(?:الماضي|المنصرم|السابق)"
        ),
        7,
    ),
    (
        re.compile(r"\b(?:last|past|previous)\s+month\b|(?:الشهر|شهر)\s+(?:الماضي|المنصرم|السابق)"),
        31,
    ),
    (
        re.compile(
            r"\b(?:last|past|previous)\s+year\b|(?:العام|عام|السنه)\s+(?:الماضي|الماضيه|المنصرم|"
            r"السابق|السابقه)"
        ),
        366,
    ),
    (re.compile(r"\bthis\s+week\b|هذا\s+الاسبوع"), 7),
    (re.compile(r"\bthis\s+month\b|هذا\s+الشهر"), 31),
    (re.compile(r"\bthis\s+year\b|هذا\s+العام|هذه\s+السنه"), 366),
    (re.compile(r"\byesterday\b|(?:^|\s)(?:امس|البارحه)(?:\s|$)"), 1),
    (re.compile(r"\btoday\b|(?:^|\s)اليوم(?:\s|$)"), 0),
    (
        re.compile(
            r"\b(?:recently|lately|latest)\b|(?:^|\s)(?:مؤخرا|موخرا|اخيرا|الاخيره|الاخير)(?:\s|$)"
        ),
        30,
    ),
]
_LAST_N_DAYS = re.compile(
    r"\b(?:last|past)\s+(?P<n>\d{1,3})\s+days\b|(?:اخر|خلال)\s+(?P<n2>\d{1,3})\s+(?:ايام|يوما|يوم)"
)


def _time_window(folded: str, now: datetime) -> tuple[date | None, date | None, list[str], str]:
    """Find a time window the question names; return (since, until, its words, text without it)."""
    today = now.date()
    m = _LAST_N_DAYS.search(folded)
    if m:
        n = int(m.group("n") or m.group("n2"))
        return today - timedelta(days=n), today, m.group().split(), folded.replace(m.group(), " ")
    m = _MONTH_RE.search(folded)
    if m:
        month = dict(_MONTH_WORDS)[m.group("month")]
        year = (
            int(m.group("year"))
            if m.group("year")
            else (today.year if month <= today.month else today.year - 1)
        )
        last = calendar.monthrange(year, month)[1]
        return (
            date(year, month, 1),
            date(year, month, last),
            m.group().split(),
            folded.replace(m.group(), " "),
        )
    m = _YEAR_RE.search(folded)
    if m:
        year = int(m.group("year"))
        return (
            date(year, 1, 1),
            date(year, 12, 31),
            m.group().split(),
            folded.replace(m.group(), " "),
        )
    for pattern, days in _RELATIVE:
        m = pattern.search(folded)
        if m:
            if days == 0:
                return today, today, m.group().split(), folded.replace(m.group(), " ")
            if "this" in m.group() or "هذا" in m.group() or "هذه" in m.group():
                since = {
                    7: today - timedelta(days=today.weekday()),
                    31: today.replace(day=1),
                    366: today.replace(month=1, day=1),
                }[days]
                return since, today, m.group().split(), folded.replace(m.group(), " ")
            return (
                today - timedelta(days=days),
                today,
                m.group().split(),
                folded.replace(m.group(), " "),
            )
    return None, None, [], folded


def _detect_intent(folded: str) -> str:
    """The question's form; the strongest signal wins (a speech verb beats a topic noun)."""
    if any(p.search(folded) for p in _WHO_SAID):
        return "who_said"
    if any(p.search(folded) for p in _POSITION):
        return "position"
    if any(p.search(folded) for p in _WHAT_SAID):
        return "what_said"
    if any(p.search(folded) for p in _COUNTDOWN) or any(p.search(folded) for p in _OUTCOME):
        return "countdown"
    if any(p.search(folded) for p in _WHO):
        return "who_said"
    return "unknown"


def _profile_target(folded: str) -> str | None:
    for pattern in _PROFILE:
        m = pattern.search(folded)
        if m:
            return m.group("rest")
    return None


def _speaker_slot(folded: str) -> str:
    """The words after the question's verb and before its topic: where a speaker is named.

    Empty when the topic starts first ("what was said about the deadline").
    """
    slot: list[str] = []
    for token in words(folded):
        if token in _TOPIC_MARKERS:
            if slot:
                break
            if token not in ("من", "of", "on"):
                return ""
            continue
        if is_stopword(token) or token in _INTENT_WORDS:
            continue
        slot.append(token)
    return " ".join(slot)


def _as_written(folded_words: str, text: str) -> str:
    """The words of a folded phrase as the user wrote them (case, hamza): for echoing back."""
    wanted = folded_words.split()
    originals = re.findall(r"[^\W_]+", text)
    wanted += [w.removesuffix("'s") for w in wanted]  # "Karimi's position": the name
    out = [o for o in originals if normalize(o) in wanted]
    return " ".join(dict.fromkeys(out)) if out else folded_words


_INTENT_WORDS = frozenset(
    {
        "position",
        "positions",
        "stance",
        "stances",
        "view",
        "views",
        "opinion",
        "attitude",
        "line",
        "statements",
        "remarks",
        "comments",
        "quotes",
        "stand",
        "want",
        "موقف",
        "مواقف",
        "راي",
        "وجهه",
        "نظر",
        "رويه",
        "تصريحات",
        "اقوال",
        "كلام",
        "بيان",
        "بيانات",
        "يري",
        "تري",
        "يريد",
        "تريد",
        "شكال",
        "شكالت",
        "شكالوا",
        "شقال",
        "شقالت",
        "شيكول",
        "شتكول",
    }  # Iraqi "what did … say"
)


def read_question(
    text: str, index: ActorIndex, now: datetime, default_lang: str = "en"
) -> Question:
    """Understand a question against the record's actors at time `now`."""
    text = text[:MAX_QUESTION_CHARS]
    folded = normalize(text)
    lang = script_of(text) if re.search(r"[^\W\d_]", folded) else default_lang
    since, until, time_words, without_time = _time_window(folded, now)
    intent = _detect_intent(without_time)

    profile = _profile_target(without_time)
    skip = _not_names(without_time)
    during = (since or now.date(), until or since or now.date())  # whose role it was then
    mentions, typos = _by_typo(index.find_in_question(without_time, skip, during))
    mentioned = list(dict.fromkeys(m.actor_id for m in mentions))
    question = Question(
        text=text,
        lang=lang,
        intent=intent,
        mentioned_ids=mentioned,
        since=since,
        until=until,
        time_words=time_words,
        did_you_mean=list(dict.fromkeys(m.actor_id for m in typos)),
    )
    for m in mentions:
        question.mention_words.setdefault(m.actor_id, []).extend(
            words(without_time[m.start : m.end])
        )

    if profile is not None and intent in ("who_said", "unknown"):
        target_mentions, _ = _by_typo(index.find_in_question(profile, skip, during))
        covered = sum(m.end - m.start for m in _unique_spans(target_mentions))
        content = [w for w in words(profile) if not is_stopword(w)]
        if target_mentions and covered >= 0.6 * len(" ".join(content)):
            question.intent = "profile"
            question.actor_ids = list(dict.fromkeys(m.actor_id for m in target_mentions))
            return question

    if question.intent in ("what_said", "position") or (question.intent == "unknown" and mentions):
        if question.intent == "unknown":
            question.intent = "what_said"
        speaker_mentions = _speaker_mentions(mentions)
        if typos and (not mentions or typos[0].start < mentions[0].start):
            speaker_mentions = []  # the speaker's name is the typo: the rest is the topic
        question.actor_ids = list(dict.fromkeys(m.actor_id for m in speaker_mentions))
        spans = [(m.start, m.end) for m in speaker_mentions]
        rest = _cut(without_time, spans)
        terms = [t for t in _content_words(rest) if t not in _INTENT_WORDS]
        slot_words = _speaker_slot(without_time).split()
        named = [w for m in speaker_mentions for w in words(without_time[m.start : m.end])]
        if question.actor_ids and named and all(w in slot_words for w in named):
            # The rest of the speaker slot names the speaker too ("بات رايدر" for Ryder, "the
            # government spokesman Basim al-Awadi"): a first name or a title, not a topic.
            terms = [t for t in terms if t not in slot_words]
        if not question.actor_ids:
            slot = _speaker_slot(without_time)
            if slot:
                question.unknown_name = _as_written(slot, text)
                terms = [t for t in terms if t not in slot.split()]
        question.terms = terms
    elif question.intent == "countdown":  # "how many days are LEFT": not a topic word
        question.terms = [t for t in _content_words(without_time) if t not in _COUNTDOWN_WORDS]
    else:
        question.terms = _content_words(without_time)
    question.time_in_claim = _time_after_topic(folded, time_words, question.terms)
    return question


def _time_after_topic(folded: str, time_words: list[str], terms: list[str]) -> bool:
    """Whether the time phrase starts after the first topic word does."""
    if not time_words or not terms:
        return False
    at = folded.find(" ".join(time_words))
    first = re.search(r"(?<!\w)" + re.escape(terms[0]) + r"(?!\w)", folded)
    return at >= 0 and first is not None and at > first.start()


def _by_typo(mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """(the mentions by name or spelling, those by a typo only)."""
    return [m for m in mentions if m.how != "fuzzy"], [m for m in mentions if m.how == "fuzzy"]


def _not_names(folded: str) -> frozenset[str]:
    """Words of the question never to be read as a misspelt name: question scaffolding,
    position words and the field's own vocabulary ("withdrawal" is not a typo of a name)."""
    concepts = concept_groups()
    return frozenset(
        name_key(w)
        for w in words(folded)
        if is_stopword(w) or w in _INTENT_WORDS or search_key(w) in concepts
    )


def _unique_spans(mentions: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in mentions:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


def _speaker_mentions(mentions: list[Mention]) -> list[Mention]:
    """The mentions naming the speaker: the first named phrase (and its equals at that span)."""
    if not mentions:
        return []
    first = mentions[0]
    return [m for m in mentions if (m.start, m.end) == (first.start, first.end)]


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _content_words(text: str) -> list[str]:
    """Topic words: not question scaffolding, not short numbers."""
    out = [t for t in words(text) if not (is_stopword(t) or (t.isdigit() and len(t) < 4))]
    return list(dict.fromkeys(out))


_ASKING = re.compile(
    # First words that only ask ("من" and "ما" also mean "from" and "not": left out).
    r"^\W*(?:what|who|whom|when|where|why|how|which|did|does|"
    r"ماذا|متى|أين|اين|لماذا|ليش|كيف|هل|شنو|شكد|منو|وين|شلون)\b",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    """Whether a chat message reads as a question (a question mark, or an interrogative first
    word): what an admin types to ask, never a statement's corrected words."""
    body = text.strip()
    return body.endswith(("?", "؟")) or bool(_ASKING.match(normalize(body[:80])))


_SMALL_TALK = frozenset(
    {
        "thanks",
        "thank",
        "you",
        "thx",
        "ty",
        "ok",
        "okay",
        "great",
        "nice",
        "cool",
        "good",
        "bot",
        "lol",
        "yes",
        "no",
        "sure",
        "welcome",
        "bye",
        "hi",
        "hello",
        "much",
        "very",
        "so",
        "a",
        "lot",
        "شكرا",
        "شكرًا",
        "مشكور",
        "مشكورين",
        "تسلم",
        "تسلمون",
        "يسلمو",
        "تمام",
        "حلو",
        "ممتاز",
        "اوك",
        "جزاك",
        "الله",
        "خيرا",
        "خير",
        "عاشت",
        "ايدك",
        "ايديك",
        "هلا",
        "مرحبا",
        "اهلا",
        "نعم",
        "لا",
        "جدا",
        "كثيرا",
        "كلش",
        "زين",
        "احسنت",
    }
)


def is_small_talk(text: str) -> bool:
    """Thanks, greetings and reactions ("thanks", "شكرا", "👍"): nothing to answer."""
    tokens = [normalize(t) for t in re.findall(r"[^\W\d_]+", text)]
    folded = {normalize(w) for w in _SMALL_TALK}
    return all(t in folded for t in tokens)  # no words at all (emoji, "!!") is small talk too
