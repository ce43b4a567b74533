"""Pins story.reminder_text: what a reminder says in each language, kept to one line per speaker,
capped, right-to-left safe in Arabic."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from story.countdown import countdown
from story.models import Actor, Deadline, Stance, Statement
from story.reminder_text import News, Reminder, render_reminder

BAGHDAD = timezone(timedelta(hours=3))
DEADLINE = Deadline(
    "d",
    "s",
    "US combat forces leave Iraq",
    "انسحاب القوات القتالية الأمريكية من العراق",
    datetime(2022, 1, 1, tzinfo=BAGHDAD),
    "Asia/Baghdad",
    main=True,
)
KIRBY = Actor("kirby", "person", "John Kirby", "جون كيربي")
STANCES = {"fixed": Stance("fixed", "The deadline is fixed", "الموعد ثابت"),
           "stay": Stance("stay", "Advisers stay", "يبقى المستشارون")}


def statement(i: int, text: str = "We remain committed to the withdrawal date.") -> Statement:
    return Statement(
        f"s{i}",
        "s",
        "kirby",
        text_ar="نحن ملتزمون بموعد الانسحاب.",
        text_en=text,
        kind="direct",
        date=date(2021, 11, 20 + i),
        stance="fixed",
    )


def reminder(kind: str, news: News, **detail: object) -> Reminder:
    return Reminder(
        kind=kind,
        countdown=countdown(DEADLINE, datetime(2021, 12, 24, 9, tzinfo=BAGHDAD)),
        timezone="Asia/Baghdad",
        news=news,
        actors={"kirby": KIRBY},
        stances=STANCES,
        detail=detail,
    )


def test_news_is_one_line_per_statement_newest_first_and_capped() -> None:
    long = "word " * 60
    news = News(statements=[statement(3, long), statement(2)], statements_total=7,
                positions=[("kirby", "fixed", "stay", statement(3))], positions_total=1)
    text = render_reminder(reminder("milestone", news, days_left=7), "en")
    assert text.startswith(
        "🔔 7 days to go\n⏳ US combat forces leave Iraq\n7 days 15 hours left\n"
    )
    lines = text.split("\n")
    quote = lines[lines.index("🗣 New statements:") + 1]
    assert (
        quote.startswith("• John Kirby: “word word")
        and quote.endswith("word…”")
        and len(quote) < 130
    )
    assert "• … and 5 more" in lines
    assert "• John Kirby: The deadline is fixed (was: Advisers stay)" in lines


def test_arabic_reminder_is_right_to_left_and_counts_in_arabic() -> None:
    text = render_reminder(
        reminder(
            "catchup", News(), missed=3, first="2021-11-28", last="2021-11-30", milestones=[30]
        ),
        "ar",
    )
    lines = text.split("\n")
    assert all(line.startswith("\u200f") for line in lines if line)
    assert lines[0] == ("\u200f⏪ كان رقيب متوقفًا ففاتك 3 تذكيرات (28 تشرين الثاني/نوفمبر 2021 – "
                        "30 تشرين الثاني/نوفمبر 2021، منها محطة 30 يومًا). الوضع الآن:")
    assert "\u200fلا جديد في السجل منذ تذكيرك السابق." in lines


def test_first_reminder_counts_news_from_subscribing() -> None:
    text = render_reminder(Reminder(**{**reminder("daily", News()).__dict__, "first": True}), "en")
    assert text.endswith("Nothing new in the record since you subscribed.")
