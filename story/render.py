"""Turn answers into chat text, in Arabic or English, safe for right-to-left display.

Replies are plain text (no parse mode), so nothing a quote contains can break formatting.
Arabic replies start every line with a right-to-left mark, and text of the other direction
(a Latin source name in an Arabic line, an Arabic name in an English one) is wrapped in
Unicode isolates, so punctuation and numbers stay where a reader expects them.
`split_message` cuts long replies at paragraph or line breaks within Telegram's limit.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from story.answering import Answer
from story.countdown import Countdown
from story.models import Actor, Source, Stance, Statement
from story.normalize import script_of

TELEGRAM_LIMIT = 4096
RLM = "\u200f"
FSI, PDI = "\u2068", "\u2069"

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTHS_AR = ("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيو",
             "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
             "كانون الأول/ديسمبر")

STATUS = {
    "pending": ("pending", "قائم"),
    "met": ("met", "نُفّذ"),
    "missed": ("missed", "لم يُنفَّذ"),
    "extended": ("extended", "مُدّد"),
    "cancelled": ("cancelled", "أُلغي"),
}
NO_OUTCOME = ("outcome not recorded yet", "لم تُسجَّل النتيجة بعد")


def isolate(text: str, lang: str) -> str:
    """Wrap text of the other writing direction in Unicode isolates."""
    return f"{FSI}{text}{PDI}" if text and script_of(text) != lang else text


def echo(user_text: str, lang: str, limit: int = 80) -> str:
    """User text quoted back in a reply: no bidi controls of its own, isolated, cut short."""
    cleaned = _CONTROLS.sub("", user_text)[:limit]
    return f"{FSI}{cleaned}{PDI}"


_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c\x00-\x1f]")


def rtl_safe(text: str, lang: str) -> str:
    """Give every line of an Arabic reply a right-to-left start."""
    if lang != "ar":
        return text
    return "\n".join(RLM + line if line else line for line in text.split("\n"))


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


def _due_text(c: Countdown, timezone: str, lang: str) -> str:
    local = c.due_local(timezone)
    city = timezone.split("/")[-1].replace("_", " ")
    # A deadline at local midnight is "the end of" the day before: 31 Dec, not 1 Jan 00:00.
    if (local.hour, local.minute) == (0, 0):
        day = (local - timedelta(minutes=1)).date()
        return f"نهاية {format_date(day, lang)} ({isolate(city, lang)})" if lang == "ar" else f"end of {format_date(day, lang)} ({city} time)"
    clock = local.strftime("%H:%M")
    return f"{format_date(local.date(), lang)} {clock} ({isolate(city, lang)})" if lang == "ar" else f"{format_date(local.date(), lang)}, {clock} {city} time"


def render_countdown(c: Countdown, timezone: str, lang: str) -> str:
    d = c.deadline
    title = d.title_ar if lang == "ar" else d.title_en
    status = _status_text(c, lang)
    due = _due_text(c, timezone, lang)
    if lang == "ar":
        if c.passed:
            left = f"انقضى الموعد منذ {plural_days(c.days, lang)}" if c.days else "انقضى الموعد اليوم"
        else:
            left = f"باقٍ {plural_days(c.days, lang)} و{plural_hours(c.hours, lang)}"
        return f"⏳ {title}\n{left}\nالموعد: {due}\nالحالة: {status}{_outcome_note(c, lang)}"
    if c.passed:
        left = f"passed {plural_days(c.days, lang)} ago" if c.days else "passed today"
    else:
        left = f"{plural_days(c.days, lang)} {plural_hours(c.hours, lang)} left"
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
    s: Statement, actors: dict[str, Actor], sources: dict[str, Source], lang: str
) -> str:
    """One statement: who, when and through whom, then the words (direct ones in quotes)."""
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
    return f"🗣 {speaker_line(actor, lang)}\n📅 {when}{via}\n{words}"


def render_stance(stance_id: str, stances: dict[str, Stance], lang: str) -> str:
    stance = stances.get(stance_id)
    if stance is None:
        return stance_id
    return stance.label_ar if lang == "ar" else stance.label_en


_NO_ANSWER = {
    "no_match": ("The record has no statement that answers this.", "لا يوجد في السجل تصريح يجيب عن هذا السؤال."),
    "no_statements": ("The record has no statement by {name}.", "لا يوجد في السجل أي تصريح لـ{name}."),
    "off_topic": ("The record has nothing from {name} on that. Ask “what did {name} say?” for all of it.",
                  "لا يوجد في السجل ما قاله {name} في هذا الشأن. اسأل «ماذا قال {name}؟» لعرض تصريحاته."),
    "unknown_actor": ("The record has nothing from “{unknown}”: no such speaker is tracked.",
                      "لا يوجد في السجل شيء عن «{unknown}»: هذا المتحدث غير متابَع."),
    "not_understood": ("I could not tell what you are asking. Try “who said …?”, “what did Kirby say?”, “what is al-Khafaji's position?” or /countdown.",
                       "لم أفهم السؤال. جرّب: «من قال …؟»، «ماذا قال كيربي؟»، «ما موقف الخفاجي؟» أو /countdown."),
    "no_deadline": ("No deadline is tracked for this story.", "لا يوجد موعد نهائي متابَع لهذه القصة."),
}


def render_answer(
    answer: Answer,
    *,
    sources: dict[str, Source],
    stances: dict[str, Stance],
    timezone: str = "Asia/Baghdad",
    lang: str | None = None,
) -> str:
    """The chat text for an answer, in the asker's language."""
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
            parts.append(f"📌 موقف {name}: {label}" if lang == "ar" else f"📌 {name}'s position: {label}")
        parts.extend(render_statement(s, actors, sources, lang) for s in answer.statements)
    elif answer.statements:
        parts.extend(render_statement(s, actors, sources, lang) for s in answer.statements)
    else:
        name = ""
        if q.actor_ids and q.actor_ids[0] in actors:
            name = actors[q.actor_ids[0]].name(lang)
        template = _NO_ANSWER.get(answer.note or "no_match", _NO_ANSWER["no_match"])[1 if lang == "ar" else 0]
        parts.append(template.format(name=name, unknown=q.unknown_name or ""))
    if answer.more:
        parts.append(f"… و{answer.more} غيرها." if lang == "ar" else f"… and {answer.more} more.")
    if q.since and (answer.statements or answer.note == "no_match"):
        period = f"{format_date(q.since, lang)} – {format_date(q.until or q.since, lang)}"
        parts.append(f"(الفترة: {period})" if lang == "ar" else f"(period: {period})")
    return rtl_safe("\n\n".join(parts), lang)


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


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut text into chunks of at most `limit` characters, at paragraph, line or word breaks."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, limit)
            if cut > limit // 4:
                break
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest:
        chunks.append(rest)
    return chunks


def format_when(moment: datetime, timezone: str, lang: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_date(local.date(), lang)} {local.strftime('%H:%M')}"
