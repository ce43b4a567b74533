"""Turn answers into chat text, in Arabic or English, safe for right-to-left display.

Replies are plain text (no parse mode), so nothing a quote contains can break formatting.
Arabic replies start every line with a right-to-left mark, and text of the other direction
(a Latin source name in an Arabic line, an Arabic name in an English one) is wrapped in
Unicode isolates, so punctuation and numbers stay where a reader expects them.
`split_message` cuts long replies at paragraph or line breaks within Telegram's limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from story.answering import Answer
from story.countdown import Countdown
from story.models import Actor, Source, Stance, Statement
from story.normalize import script_of
from story.zones import offset_label

TELEGRAM_LIMIT = 4096
RLM = "\u200f"
FSI, PDI = "\u2068", "\u2069"

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_AR = (
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيو",
    "تموز/يوليو",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
)

STATUS = {
    "pending": ("pending", "قائم"),
    "met": ("met", "نُفّذ"),
    "missed": ("missed", "لم يُنفَّذ"),
    "extended": ("extended", "مُدّد"),
    "cancelled": ("cancelled", "أُلغي"),
}
NO_OUTCOME = ("outcome not recorded yet", "لم تُسجَّل النتيجة بعد")


def telling_sources(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(outlet, url) pairs that name something: a pasted text's source has neither."""
    return [(name, url) for name, url in pairs if name or url]


def isolate(text: str, lang: str) -> str:
    """Wrap text of the other writing direction in Unicode isolates."""
    return f"{FSI}{text}{PDI}" if text and script_of(text) != lang else text


def echo(user_text: str, lang: str, limit: int = 80) -> str:
    """User text quoted back in a reply: no bidi controls of its own, isolated, cut short."""
    cleaned = _CONTROLS.sub("", user_text)[:limit]
    return f"{FSI}{cleaned}{PDI}"


_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c\x00-\x1f]")


def rtl_safe(text: str, lang: str) -> str:
    """Give every line of an Arabic reply a right-to-left start (once: safe to apply again)."""
    if lang != "ar":
        return text
    return "\n".join(
        line if not line or line.startswith(RLM) else RLM + line for line in text.split("\n")
    )


def format_date(day: date, lang: str) -> str:
    if lang == "ar":
        return f"{day.day} {MONTHS_AR[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def count_of(n: int, lang: str, english: tuple[str, str], arabic: tuple[str, str, str, str]) -> str:
    """A number with its noun in agreement.

    english: (singular, plural). arabic: (one, two, plural for 3–10, singular accusative for
    11 and up), e.g. ("يوم واحد", "يومان", "أيام", "يومًا"): 1 يوم واحد، 2 يومان، 3 أيام، 42 يومًا.
    """
    if lang != "ar":
        return f"{n} {english[0] if n == 1 else english[1]}"
    one, two, few, many = arabic
    if n == 1:
        return one
    if n == 2:
        return two
    return f"{n} {few if 3 <= n % 100 <= 10 else many}"


def plural_days(n: int, lang: str) -> str:
    return count_of(n, lang, ("day", "days"), ("يوم واحد", "يومان", "أيام", "يومًا"))


def plural_hours(n: int, lang: str) -> str:
    return count_of(n, lang, ("hour", "hours"), ("ساعة واحدة", "ساعتان", "ساعات", "ساعة"))


# Zone cities as an Arabic reply names them (others stay as IANA spells them).
CITIES_AR = {
    "Baghdad": "بغداد", "London": "لندن", "Paris": "باريس", "Berlin": "برلين", "Amman": "عمّان",
    "Beirut": "بيروت", "Damascus": "دمشق", "Riyadh": "الرياض", "Kuwait": "الكويت",
    "Dubai": "دبي", "Qatar": "قطر", "Bahrain": "البحرين", "Tehran": "طهران", "Istanbul": "إسطنبول",
    "Cairo": "القاهرة", "New York": "نيويورك", "Chicago": "شيكاغو", "Los Angeles": "لوس أنجلوس",
    "Toronto": "تورنتو", "Stockholm": "ستوكهولم", "Amsterdam": "أمستردام", "Moscow": "موسكو",
    "UTC": "التوقيت العالمي", "GMT": "غرينتش", "Jerusalem": "القدس", "Muscat": "مسقط",
}


def zone_city(timezone: str, lang: str) -> str:
    """The city of an IANA zone in the reply's language: "Asia/Baghdad" → "بغداد"."""
    city = offset_label(timezone) or timezone.split("/")[-1].replace("_", " ")
    return CITIES_AR.get(city, city) if lang == "ar" else city


def _left(c: Countdown, lang: str) -> str:
    """How long: hours and minutes under a day, years and days past a year, else days+hours."""
    days = c.days
    if days >= 365:
        years, rest = divmod(days, 365)
        y = count_of(years, lang, ("year", "years"), ("سنة واحدة", "سنتان", "سنوات", "سنة"))
        if not rest:
            return y
        return (
            f"{y} و{plural_days(rest, lang)}"
            if lang == "ar"
            else f"{y} and {plural_days(rest, lang)}"
        )
    if days == 0:
        minutes = (abs(c.remaining) % timedelta(hours=1)) // timedelta(minutes=1)
        m = count_of(
            minutes, lang, ("minute", "minutes"), ("دقيقة واحدة", "دقيقتان", "دقائق", "دقيقة")
        )
        if not c.hours:
            return m
        h = plural_hours(c.hours, lang)
        return f"{h} و{m}" if lang == "ar" else f"{h} {m}"
    if c.passed:
        return plural_days(days, lang)  # "passed 3 days ago": hours no longer matter
    sep = " و" if lang == "ar" else " "
    return f"{plural_days(days, lang)}{sep}{plural_hours(c.hours, lang)}"


def _due_text(c: Countdown, timezone: str, lang: str) -> str:
    local = c.due_local(timezone)
    city = zone_city(timezone, lang)
    # A deadline at local midnight is "the end of" the day before: 31 Dec, not 1 Jan 00:00.
    if (local.hour, local.minute) == (0, 0):
        day = (local - timedelta(minutes=1)).date()
        return (
            f"نهاية {format_date(day, lang)} ({isolate(city, lang)})"
            if lang == "ar"
            else f"end of {format_date(day, lang)} ({city} time)"
        )
    clock = local.strftime("%H:%M")
    return (
        f"{format_date(local.date(), lang)} {clock} ({isolate(city, lang)})"
        if lang == "ar"
        else f"{format_date(local.date(), lang)}, {clock} {city} time"
    )


def render_countdown(c: Countdown, timezone: str, lang: str) -> str:
    d = c.deadline
    title = d.title_ar if lang == "ar" else d.title_en
    status = _status_text(c, lang)
    due = _due_text(c, timezone, lang)
    if lang == "ar":
        if c.passed:
            left = f"انقضى الموعد منذ {_left(c, lang)}" if c.days else "انقضى الموعد اليوم"
        else:
            left = f"باقٍ {_left(c, lang)}"
        return f"⏳ {title}\n{left}\nالموعد: {due}\nالحالة: {status}{_outcome_note(c, lang)}"
    if c.passed:
        left = f"passed {_left(c, lang)} ago" if c.days else "passed today"
    else:
        left = f"{_left(c, lang)} left"
    return f"⏳ {title}\n{left}\nDeadline: {due}\nStatus: {status}{_outcome_note(c, lang)}"


def _status_text(c: Countdown, lang: str) -> str:
    """The status as known then: never "pending" once the date has passed."""
    d = c.deadline
    if c.passed and d.status in ("pending", "extended") and d.outcome is None:
        return NO_OUTCOME[1 if lang == "ar" else 0]
    return STATUS.get(d.status, (d.status, d.status))[1 if lang == "ar" else 0]


def _outcome_note(c: Countdown, lang: str) -> str:
    o = c.deadline.outcome
    if o is None or not o.note(lang):
        return ""
    return f"\n{format_date(o.decided, lang)}: {o.note(lang)}"


def render_deadline_news(c: Countdown, timezone: str, lang: str) -> str:
    """What subscribers and followers are told when a deadline moves or gets an outcome."""
    d = c.deadline
    head = "📌 تحديث الموعد" if lang == "ar" else "📌 Deadline update"
    moved = ""
    if d.history:
        was = format_when(d.history[-1].previous, timezone, lang)
        moved = f"\nكان: {was}" if lang == "ar" else f"\nWas: {was}"
    return f"{head}\n{render_countdown(c, timezone, lang)}{moved}"


def speaker_line(actor: Actor | None, lang: str) -> str:
    """"Name — role" for the head of a quote."""
    if actor is None:
        return "?"
    role = actor.role(lang)
    return f"{actor.name(lang)} — {role}" if role else actor.name(lang)


def render_statement(
    s: Statement,
    actors: dict[str, Actor],
    sources: dict[str, Source],
    lang: str,
    reports: list[tuple[str, str]] | None = None,
) -> str:
    """One statement: who, when and through whom, then the words (direct ones in quotes);
    then the link of its first source and how many outlets reported it."""
    actor = actors.get(s.actor_id)
    source = sources.get(s.source_id) if s.source_id else None
    when = format_date(s.date, lang)
    text = s.text(lang)
    if lang == "ar":
        via = f" · عبر {isolate(source.name(lang), lang)}" if source else ""
        words = f"«{text}»" if s.kind == "direct" else f"(بتصرّف) {text}"
    else:
        via = f" · via {isolate(source.name(lang), lang)}" if source else ""
        words = f"“{text}”" if s.kind == "direct" else f"(reported) {text}"
    label = untranslated_label(s, lang)
    body = f"🗣 {speaker_line(actor, lang)}\n📅 {when}{via}\n" + (
        f"{label}\n{words}" if label else words
    )
    link = next((url for _, url in reports or [] if url), "") or (source.url if source else "")
    outlets = len({outlet for outlet, _ in reports or [] if outlet})
    if not link:
        return body
    if outlets > 1:
        many = count_of(
            outlets, lang, ("outlet", "outlets"), ("وسيلة واحدة", "وسيلتان", "وسائل", "وسيلة")
        )
        told = f" · نقلته {many}" if lang == "ar" else f" · reported by {many}"
    else:
        told = ""
    return f"{body}\n🔗 {link}{told}"


def untranslated_label(s: Statement, lang: str) -> str:
    """A short note when the words are shown in the other language because the record has
    no translation (they are never machine-translated): "Arabic original", "الأصل بالإنجليزية"."""
    if lang == "ar" and not s.text_ar and s.text_en:
        return "🔤 الأصل بالإنجليزية (بلا ترجمة)"
    if lang != "ar" and not s.text_en and s.text_ar:
        return "🔤 Arabic original (not translated)"
    return ""


def render_stance(stance_id: str, stances: dict[str, Stance], lang: str) -> str:
    stance = stances.get(stance_id)
    if stance is None:
        return stance_id
    return stance.label_ar if lang == "ar" else stance.label_en


# Head nouns of institutions that English names with "the" in running text ("nothing from the
# White House", "the Joint Operations Command"); a proper name ("Kataib Hezbollah") has none.
_INSTITUTION_HEADS = frozenset(
    "house administration department command government governments commission committee"
    " factions coalition movement forces ministry office council army alliance front party"
    " parliament embassy agency court union group mission authority presidency cabinet".split()
)


def name_in_sentence(actor: Actor, lang: str) -> str:
    """The actor's name as it reads inside an English sentence: an institution gets "the"
    ("the White House", "the US command in Iraq"); people, proper names and Arabic as they are."""
    name = actor.name(lang)
    if lang == "ar" or actor.kind == "person" or name.lower().startswith("the "):
        return name
    head = re.split(r"\s+(?:of|in|for|against|on)\s+|\s*\(", name, maxsplit=1)[0].split()
    if not head or "'s" in head[0] or "’s" in head[0]:
        return name
    return f"the {name}" if head[-1].lower() in _INSTITUTION_HEADS else name


def possessive(name: str) -> str:
    """An English possessive of a name: "Kirby's", "the Factions'"; a gloss in brackets
    stays after it ("Harakat al-Nujaba's (al-Nujaba movement)" reads as one name)."""
    head, bracket, gloss = name.partition(" (")
    mark = "'" if head.endswith("s") and not head.endswith("ss") else "'s"
    return f"{head}{mark}" + (f" ({gloss}" if bracket else "")


_NO_ANSWER = {
    "no_match": (
        "The record has no statement that answers this.",
        "لا يوجد في السجل تصريح يجيب عن هذا السؤال.",
    ),
    "no_statements": (
        "The record has no statement by {name}.",
        "لا يوجد في السجل أي تصريح صادر عن {name}.",
    ),
    "off_topic": (
        "The record has nothing from {name} on that. Ask “what did {name} say?” for all of it.",
        "لا يوجد في السجل ما قاله {name} في هذا الشأن. اسأل «ماذا قال {name}؟» لعرض تصريحاته.",
    ),
    "unknown_actor": (
        "The record has nothing from “{unknown}”: no such speaker is tracked.",
        "لا يوجد في السجل شيء عن «{unknown}»: هذا المتحدث غير متابَع.",
    ),
    "not_understood": (
        "I could not tell what you are asking. Try “who said …?”, “what did Kirby say?”, “what is "
        "al-Khafaji's position?” or /countdown.",
        "لم أفهم السؤال. جرّب: «من قال …؟»، «ماذا قال كيربي؟»، «ما موقف الخفاجي؟» أو /countdown.",
    ),
    "no_deadline": (
        "No deadline is tracked for this story.",
        "لا يوجد موعد نهائي متابَع لهذه القصة.",
    ),
}


def render_answer(
    answer: Answer,
    *,
    sources: dict[str, Source],
    stances: dict[str, Stance],
    timezone: str = "Asia/Baghdad",
    lang: str | None = None,
    reports: dict[str, list[tuple[str, str]]] | None = None,
) -> str:
    """The chat text for an answer, in the asker's language (`reports`: the outlets of each
    statement, for its link and count)."""
    reports = reports or {}
    lang = lang or answer.question.lang
    actors = answer.actors
    q = answer.question
    parts: list[str] = []
    if answer.countdowns:
        parts.extend(render_countdown(c, timezone, lang) for c in answer.countdowns)
    elif answer.stance or (q.intent in ("position", "profile") and answer.statements):
        actor = actors.get(q.actor_ids[0]) if q.actor_ids else None
        if q.intent == "profile" and actor:
            parts.append(render_profile_header(actor, actors, lang))
        if answer.stance:
            stance_id, _ = answer.stance
            label = render_stance(stance_id, stances, lang)
            name = actor.name(lang) if actor else ""
            parts.append(
                f"📌 موقف {name}: {label}"
                if lang == "ar"
                else f"📌 {possessive(name)} position: {label}"
            )
        parts.extend(
            render_statement(s, actors, sources, lang, reports.get(s.id)) for s in answer.statements
        )
    elif answer.statements:
        if answer.note == "none_in_period" and q.actor_ids and q.actor_ids[0] in actors:
            name = name_in_sentence(actors[q.actor_ids[0]], lang)
            period = _period_phrase(q.since, q.until, lang)
            parts.append(
                f"لا شيء من {name} {period}. آخر ما قاله:"
                if lang == "ar"
                else f"Nothing from {name} {period}. The latest:"
            )
        parts.extend(
            render_statement(s, actors, sources, lang, reports.get(s.id)) for s in answer.statements
        )
    else:
        name = ""
        if q.actor_ids and q.actor_ids[0] in actors:
            name = name_in_sentence(actors[q.actor_ids[0]], lang)
        template = _NO_ANSWER.get(answer.note or "no_match", _NO_ANSWER["no_match"])[
            1 if lang == "ar" else 0
        ]
        parts.append(template.format(name=name, unknown=q.unknown_name or ""))
        guesses = [actors[a] for a in q.did_you_mean if a in actors]
        if guesses:  # a name near a known one, by a typo only: offered, never assumed
            names = " / ".join(name_in_sentence(a, lang) for a in guesses[:3])
            parts.append(f"هل تقصد {names}؟" if lang == "ar" else f"Did you mean {names}?")
    if answer.more and answer.statements:  # not "nothing …" and "3 more" in one breath
        parts.append(f"… و{answer.more} غيرها." if lang == "ar" else f"… and {answer.more} more.")
    in_period = answer.statements or answer.note == "no_match"
    if q.since and answer.note != "none_in_period" and in_period:
        period = f"{format_date(q.since, lang)} – {format_date(q.until or q.since, lang)}"
        parts.append(f"(الفترة: {period})" if lang == "ar" else f"(period: {period})")
    return rtl_safe("\n\n".join(parts), lang)


def _period_phrase(since: date | None, until: date | None, lang: str) -> str:
    """ "in 2022", "in March 2022" or "between 1 March 2022 and 5 April 2022", in `lang`."""
    start, end = since or until, until or since
    if start is None or end is None:
        return ""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"عام {start.year}" if lang == "ar" else f"in {start.year}"
    whole_month = start.day == 1 and (end + timedelta(days=1)).month != end.month
    if whole_month and (start.year, start.month) == (end.year, end.month):
        month = (MONTHS_AR if lang == "ar" else MONTHS_EN)[start.month - 1]
        return f"في {month} {start.year}" if lang == "ar" else f"in {month} {start.year}"
    first, last = format_date(start, lang), format_date(end, lang)
    return f"بين {first} و{last}" if lang == "ar" else f"between {first} and {last}"


def render_profile_header(actor: Actor, actors: dict[str, Actor], lang: str) -> str:
    other = actor.name("en" if lang == "ar" else "ar")
    lines = [f"👤 {actor.name(lang)} — {isolate(other, lang)}"]
    if actor.role(lang):
        lines.append(actor.role(lang))
    if actor.affiliation and actor.affiliation in actors:
        parent = actors[actor.affiliation].name(lang)
        lines.append(f"الجهة: {parent}" if lang == "ar" else f"Affiliation: {parent}")
    return "\n".join(lines)


def render_positions(
    rows: list[tuple[Actor, str | None, Statement | None]],
    stances: dict[str, Stance],
    lang: str,
) -> str:
    """/positions: one line per actor with its current stance."""
    title = "📋 المواقف الحالية:" if lang == "ar" else "📋 Current positions:"
    lines = [title]
    for actor, stance_id, statement in rows:
        label = render_stance(stance_id, stances, lang) if stance_id else ("—")
        when = f" ({format_date(statement.date, lang)})" if statement else ""
        lines.append(f"• {actor.name(lang)}: {label}{when}")
    return rtl_safe("\n".join(lines), lang)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji beyond the BMP is two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _fit(text: str, limit: int) -> int:
    """The longest prefix of `text` (in characters) within `limit` UTF-16 units."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return i
    return len(text)


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut text into chunks of at most `limit` UTF-16 units (Telegram's measure), at
    paragraph, line or word breaks."""
    chunks: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        end = _fit(rest, limit)
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, end)
            if cut > end // 4:
                break
        if cut <= 0:
            cut = end
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def format_when(moment: datetime, timezone: str, lang: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_date(local.date(), lang)} {local.strftime('%H:%M')}"
