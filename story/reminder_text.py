"""What a reminder says, and the texts of subscribing, in Arabic and English.

A reminder is the countdown (story.render.render_countdown: days and hours, the deadline in
the chat's time zone, its status), a header saying why it comes (daily, weekly, a milestone,
a catch-up after an outage, the final message), and what entered the record since this
chat's previous reminder: new statements and changed positions, one line per speaker,
newest first, capped with "and N more". Pure: the caller gathers the data (storage) and
sends the text (bot.dispatch). Arabic text gets right-to-left marks via rtl_safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from story.countdown import Countdown
from story.models import Actor, Stance, Statement
from story.render import (
    count_of,
    format_date,
    format_when,
    isolate,
    plural_days,
    render_countdown,
    render_stance,
    rtl_safe,
    zone_city,
)
from story.schedule import WEEKDAYS, hhmm
from story.texts import pick

QUOTE_CHARS = 110  # a statement is shown on one line, cut to about this many characters
MAX_LINES = 5  # per section, then "and N more"
MAX_POSITIONS = 12  # the final message's "where the actors stand"

WEEKDAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
}


@dataclass
class News:
    """What entered the record since a chat's previous reminder."""

    statements: list[Statement] = field(default_factory=list)  # newest first, capped
    statements_total: int = 0
    # (actor id, new stance id, previous stance id or None, the statement), newest first
    positions: list[tuple[str, str, str | None, Statement]] = field(default_factory=list)
    positions_total: int = 0
    mark: int = 0  # how far into the record (statement sequence number) this news runs


@dataclass(frozen=True)
class Reminder:
    """Everything one reminder message shows."""

    kind: str  # daily | weekly | milestone | catchup | final
    countdown: Countdown
    timezone: str
    news: News
    actors: dict[str, Actor]
    stances: dict[str, Stance]
    detail: dict = field(default_factory=dict)
    first: bool = False  # no reminder before this one: news counts from subscribing
    late_since: datetime | None = None  # sent after an outage, this long after it was due
    positions_now: list[tuple[str, str]] = field(
        default_factory=list
    )  # final: (actor id, stance id)


def plural_reminders(n: int, lang: str) -> str:
    return count_of(
        n, lang, ("reminder", "reminders"), ("تذكير واحد", "تذكيران", "تذكيرات", "تذكيرًا")
    )


def _day(key: str, lang: str) -> str:
    try:
        return format_date(date.fromisoformat(key), lang)
    except ValueError:
        return key


def _milestone_phrase(days: list[int], lang: str) -> str:
    days = sorted(set(days), reverse=True)
    if lang == "ar":
        return "، ".join(plural_days(d, lang) for d in days)
    return ", ".join(f"{d}-day" for d in days)


def _one_line(text: str, limit: int = QUOTE_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit - 1)  # at a word break, unless a single word is that long
    return flat[: cut if cut > limit // 2 else limit - 1].rstrip(" ،,.;:") + "…"


def _name(actors: dict[str, Actor], actor_id: str, lang: str) -> str:
    actor = actors.get(actor_id)
    return actor.name(lang) if actor else actor_id


def header(reminder: Reminder, lang: str) -> str:
    kind, detail = reminder.kind, reminder.detail
    if kind == "milestone" and detail.get("days_left"):
        n = detail["days_left"]
        return (
            f"🔔 باقٍ على الموعد {plural_days(n, lang)}"
            if lang == "ar"
            else f"🔔 {plural_days(n, lang)} to go"
        )
    if kind == "weekly":
        return "📅 تذكير أسبوعي" if lang == "ar" else "📅 Weekly reminder"
    if kind == "final":
        return (
            "🏁 حلّ الموعد النهائي. الحصيلة حتى الآن:"
            if lang == "ar"
            else "🏁 The deadline has come. The outcome so far:"
        )
    if kind == "catchup":
        missed = int(detail.get("missed", 1))
        first, last = detail.get("first"), detail.get("last")
        period = ""
        if first and last:
            period = (
                _day(first, lang) if first == last else f"{_day(first, lang)} – {_day(last, lang)}"
            )
        milestones = detail.get("milestones") or []
        if lang == "ar":
            extra = f"، منها محطة {_milestone_phrase(milestones, lang)}" if milestones else ""
            span = f" ({period}{extra})" if period else ""
            return f"⏪ كان رقيب متوقفًا ففاتك {plural_reminders(missed, lang)}{span}. الوضع الآن:"
        extra = (
            f", including the {_milestone_phrase(milestones, lang)} "
            f"milestone{'s' if len(milestones) > 1 else ''}"
            if milestones
            else ""
        )
        span = f" ({period}{extra})" if period else ""
        return (
            f"⏪ Raqib was offline and you missed {plural_reminders(missed, lang)}{span}. "
            "Where things stand now:"
        )
    return "⏰ تذكير يومي" if lang == "ar" else "⏰ Daily reminder"


def _news_lines(reminder: Reminder, lang: str) -> list[str]:
    news, actors = reminder.news, reminder.actors
    if lang == "ar":
        intro = "منذ اشتراكك:" if reminder.first else "منذ تذكيرك السابق:"
    else:
        intro = "Since you subscribed:" if reminder.first else "Since your last reminder:"
    if not news.statements_total and not news.positions_total:
        if lang == "ar":
            return [
                "لا جديد في السجل منذ اشتراكك."
                if reminder.first
                else "لا جديد في السجل منذ تذكيرك السابق."
            ]
        return [
            "Nothing new in the record since you subscribed."
            if reminder.first
            else "Nothing new in the record since your last reminder."
        ]
    lines = [intro]
    if news.statements_total:
        lines.append("🗣 تصريحات جديدة:" if lang == "ar" else "🗣 New statements:")
        for s in news.statements:
            words = _one_line(s.text(lang))
            quoted = f"«{words}»" if lang == "ar" else f"“{words}”"
            lines.append(f"• {_name(actors, s.actor_id, lang)}: {quoted}")
        more = news.statements_total - len(news.statements)
        if more > 0:
            lines.append(f"• … و{more} غيرها" if lang == "ar" else f"• … and {more} more")
    if news.positions_total:
        lines.append("📌 مواقف تغيّرت:" if lang == "ar" else "📌 Changed positions:")
        for actor_id, stance, before, _ in news.positions:
            now_label = render_stance(stance, reminder.stances, lang)
            if before:
                was = render_stance(before, reminder.stances, lang)
                tail = f" (كان: {was})" if lang == "ar" else f" (was: {was})"
            else:
                tail = " (موقف أول)" if lang == "ar" else " (first stated)"
            lines.append(f"• {_name(actors, actor_id, lang)}: {now_label}{tail}")
        more = news.positions_total - len(news.positions)
        if more > 0:
            lines.append(f"• … و{more} غيرها" if lang == "ar" else f"• … and {more} more")
    return lines


def render_reminder(reminder: Reminder, lang: str) -> str:
    """The reminder's text in `lang`, right-to-left safe."""
    parts: list[str] = []
    if reminder.late_since is not None and reminder.kind not in ("catchup", "final"):
        when = format_when(reminder.late_since, reminder.timezone, lang)
        parts.append(
            f"⏪ كان موعد هذا التذكير {when}، وكان رقيب متوقفًا." if lang == "ar"
            else f"⏪ This reminder was due {when}; Raqib was offline."
        )
    parts.append(
        header(reminder, lang)
        + "\n"
        + render_countdown(reminder.countdown, reminder.timezone, lang)
    )
    if reminder.kind == "final" and reminder.positions_now:
        lines = ["أين تقف الأطراف الآن:" if lang == "ar" else "Where the actors stand now:"]
        shown = reminder.positions_now[:MAX_POSITIONS]
        lines += [
            f"• {_name(reminder.actors, actor_id, lang)}: "
            f"{render_stance(stance, reminder.stances, lang)}"
            for actor_id, stance in shown
        ]
        more = len(reminder.positions_now) - len(shown)
        if more > 0:
            lines.append(f"• … و{more} غيرها" if lang == "ar" else f"• … and {more} more")
        parts.append("\n".join(lines))
    parts.append("\n".join(_news_lines(reminder, lang)))
    if reminder.kind == "final":
        parts.append(
            "كان هذا آخر تذكير بهذا الموعد. ‏/positions للمواقف و‏/countdown للموعد في أي وقت."
            if lang == "ar"
            else "This was the last reminder for this deadline. "
            "/positions and /countdown work any time."
        )
    return rtl_safe("\n\n".join(parts), lang)


# ------------------------------------------------------------------------------ subscribing

SUBSCRIBE_TEXTS: dict[str, dict[str, str]] = {
    "choose_deadline": {
        "en": "Which deadline should this chat be reminded of?",
        "ar": "بأي موعد تريد أن تُذكَّر في هذه المحادثة؟",
    },
    "choose_cadence": {
        "en": (
            "Reminders for: {title}\nHow often? Milestones (30, 14, 7, 3 and 1 days before) and "
            "the deadline itself come with every choice."
        ),
        "ar": (
            "التذكير بـ: {title}\nكم مرة؟ المحطات (قبل 30 و14 و7 و3 أيام ويوم واحد) والموعد نفسه "
            "تأتي مع كل خيار."
        ),
    },
    "choose_weekday": {
        "en": "Weekly reminders for: {title}\nOn which day?",
        "ar": "تذكير أسبوعي بـ: {title}\nفي أي يوم؟",
    },
    "choose_time": {
        "en": "{what} for: {title}\nAt what time ({tz})?",
        "ar": "{what} بـ: {title}\nفي أي ساعة ({tz})؟",
    },
    "subscribed": {
        "en": (
            "✅ Subscribed: {summary}\nNext reminder: {next}.\n/subscriptions shows this chat's "
            "reminders, /unsubscribe stops them."
        ),
        "ar": (
            "✅ تم الاشتراك: {summary}\nالتذكير التالي: {next}.\n‏/subscriptions لعرض تذكيرات هذه "
            "المحادثة، و‏/unsubscribe لإيقافها."
        ),
    },
    "cancelled": {"en": "Nothing changed.", "ar": "لم يتغير شيء."},
    "admins_only": {
        "en": "Only this group's admins can change its reminders.",
        "ar": "تغيير تذكيرات هذه المجموعة لمشرفيها فقط.",
    },
    "no_deadline": {
        "en": "There is no deadline to be reminded of.",
        "ar": "لا يوجد موعد يمكن التذكير به.",
    },
    "deadline_passed": {
        "en": "That deadline has already passed ({when}): there is nothing left to remind you of.",
        "ar": "هذا الموعد انقضى بالفعل ({when})، فلا شيء يُذكَّر به.",
    },
    "bad_args": {
        "en": (
            "I did not understand “{arg}”. Examples: /subscribe · /subscribe daily 08:30 · "
            "/subscribe weekly sun 18:00 · /subscribe milestones · /subscribe daily 09:00 "
            "nomilestones"
        ),
        "ar": (
            "لم أفهم «{arg}». أمثلة: ‏/subscribe · ‏/subscribe daily 08:30 · ‏/subscribe weekly "
            "sun 18:00 · ‏/subscribe milestones · ‏/subscribe daily 09:00 nomilestones"
        ),
    },
    "none": {
        "en": "This chat has no reminders. /subscribe starts them.",
        "ar": "لا توجد تذكيرات في هذه المحادثة. ‏/subscribe لبدئها.",
    },
    "list_title": {"en": "🗓 This chat's reminders:", "ar": "🗓 تذكيرات هذه المحادثة:"},
    "list_next": {"en": "next: {next}", "ar": "التالي: {next}"},
    "list_quiet": {
        "en": "Quiet hours: {quiet} — nothing is sent then; what falls due waits until they end.",
        "ar": "ساعات الهدوء: {quiet} — لا يُرسل فيها شيء، وما يحين فيها ينتظر انتهاءها.",
    },
    "list_footer": {
        "en": "/unsubscribe stops them, /quiet sets quiet hours, /timezone the time zone ({tz}).",
        "ar": "‏/unsubscribe للإيقاف، ‏/quiet لساعات الهدوء، ‏/timezone للمنطقة الزمنية ({tz}).",
    },
    "unsubscribed": {"en": "🔕 Stopped: {titles}.", "ar": "🔕 تم الإيقاف: {titles}."},
    "choose_unsubscribe": {"en": "Which reminders should stop?", "ar": "أي تذكيرات تريد إيقافها؟"},
    "all": {"en": "All of them", "ar": "كلها"},
    "cancel": {"en": "Cancel", "ar": "إلغاء"},
    "daily": {"en": "Daily", "ar": "يومي"},
    "weekly": {"en": "Weekly", "ar": "أسبوعي"},
    "milestones": {"en": "Milestones only", "ar": "المحطات فقط"},
    "milestones_on": {"en": "Milestones: on", "ar": "المحطات: مفعّلة"},
    "milestones_off": {"en": "Milestones: off", "ar": "المحطات: معطّلة"},
    "daily_what": {"en": "Daily reminders", "ar": "تذكير يومي"},
    "weekly_what": {"en": "Weekly reminders on {day}", "ar": "تذكير أسبوعي يوم {day}"},
    "quiet_usage": {
        "en": (
            "Quiet hours now: {quiet}. Set them with /quiet 22:00-07:00 (in {tz}), "
            "or /quiet off."
        ),
        "ar": (
            "ساعات الهدوء الآن: {quiet}. اضبطها بـ ‏/quiet 22:00-07:00 (بتوقيت {tz})، أو ‏/quiet "
            "off."
        ),
    },
    "quiet_none": {"en": "none", "ar": "لا يوجد"},
    "quiet_set": {
        "en": "🌙 Quiet hours set: {quiet} ({tz}). Reminders falling then wait until they end.",
        "ar": "🌙 تم ضبط ساعات الهدوء: {quiet} ({tz}). التذكيرات التي تحين فيها تنتظر انتهاءها.",
    },
    "quiet_off": {"en": "Quiet hours removed.", "ar": "أُلغيت ساعات الهدوء."},
    "quiet_bad": {
        "en": "“{arg}” is not a time range. Example: /quiet 22:00-07:00, or /quiet off.",
        "ar": "«{arg}» ليست فترة زمنية. مثال: ‏/quiet 22:00-07:00، أو ‏/quiet off.",
    },
    "welcome_back": {
        "en": (
            "Welcome back. The reminders this chat had stopped when the bot was blocked or "
            "removed; /subscribe starts them again."
        ),
        "ar": (
            "أهلًا بعودتك. توقفت تذكيرات هذه المحادثة عندما حُظر البوت أو أُزيل؛ ‏/subscribe "
            "لاستئنافها."
        ),
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """A subscription text in `lang` (Arabic when missing), placeholders filled."""
    return pick(SUBSCRIBE_TEXTS, key, lang, **values)


def weekday_name(day: int, lang: str) -> str:
    return WEEKDAY_NAMES["ar" if lang == "ar" else "en"][day]


def describe_cadence(
    cadence: str, at: time, weekday: int | None, milestones: bool, lang: str
) -> str:
    """'daily at 09:00, with milestones' / 'يوميًا الساعة 09:00، مع المحطات'."""
    clock = hhmm(at)
    if lang == "ar":
        if cadence == "milestones":
            return f"المحطات فقط، الساعة {clock}"
        base = (
            f"يوميًا الساعة {clock}"
            if cadence == "daily"
            else f"كل {weekday_name(weekday if weekday is not None else 6, lang)} الساعة {clock}"
        )
        return base + ("، مع المحطات" if milestones else "، بلا محطات")
    if cadence == "milestones":
        return f"milestones only, at {clock}"
    base = (
        f"daily at {clock}"
        if cadence == "daily"
        else f"every {weekday_name(weekday if weekday is not None else 6, lang)} at {clock}"
    )
    return base + (", with milestones" if milestones else ", without milestones")


def describe_quiet(quiet: tuple[time, time] | None, lang: str) -> str:
    return f"{hhmm(quiet[0])}–{hhmm(quiet[1])}" if quiet else t("quiet_none", lang)


def describe_next(moment: datetime | None, timezone: str, lang: str) -> str:
    if moment is None:
        return "—"
    return f"{format_when(moment, timezone, lang)} ({isolate(zone_city(timezone, lang), lang)})"


def deadline_title(title_en: str, title_ar: str, lang: str) -> str:
    return (title_ar or title_en) if lang == "ar" else (title_en or title_ar)


__all__ = [
    "WEEKDAYS",
    "News",
    "Reminder",
    "describe_cadence",
    "describe_next",
    "describe_quiet",
    "render_reminder",
    "t",
]
