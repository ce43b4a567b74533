"""Dates in the attribution part of a statement: Arabic ordinal days and month names, relative
days (أمس، يوم الاثنين، last Tuesday), English dates — resolved against the publication day and
never after it."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

AR_MONTHS = [
    ("كانون الثاني", 1),
    ("كانون الاول", 12),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
]


AR_MONTH_NAMES = {name: num for name, num in AR_MONTHS}


AR_MONTH_RE = "|".join(re.escape(n) for n, _ in AR_MONTHS)


# Ordinal day words: a unit (الأول … العاشر, الحادي/الواحد), optionally "عشر" or
# "والعشرين/والثلاثين".
AR_UNITS = {
    "اول": 1,
    "حادي": 1,
    "واحد": 1,
    "ثاني": 2,
    "ثالث": 3,
    "رابع": 4,
    "خامس": 5,
    "سادس": 6,
    "سابع": 7,
    "ثامن": 8,
    "تاسع": 9,
    "عاشر": 10,
}


AR_TENS = {"عشرين": 20, "ثلاثين": 30}


AR_ORDINAL = (
    r"(?:ال)?(?P<u>اول|حادي|واحد|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر)"
    r"(?:\s+(?P<teen>عشر)|\s+و(?:ال)?(?P<t>عشرين|ثلاثين))?"
    r"|(?:ال)?(?P<t2>عشرين|ثلاثين)|(?P<d>\d{1,2})"
)


AR_REL_MONTH = r"الشهر\s+(?P<rel>الحالي|الجاري|نفسه|ذاته|الماضي|المنصرم|السابق|المقبل|القادم)"


AR_DAY_MONTH_RE = re.compile(
    rf"(?<!\w)(?:{AR_ORDINAL})\s+(?:من\s+)?(?:شهر\s+)?(?:{AR_REL_MONTH}|(?P<m>{AR_MONTH_RE}))"
    rf"(?:\s+(?:{AR_MONTH_RE}))?(?:\s+(?P<fut>المقبل|القادم))?"
    rf"(?:\s+(?:من\s+)?(?:عام|العام|سنه)?\s*(?P<y>\d{{4}}))?(?!\w)"
)


AR_MONTH_ONLY_RE = re.compile(
    rf"(?<!\w)(?:في|خلال|منذ|شهر)\s+(?:شهر\s+)?(?P<m>{AR_MONTH_RE})(?:\s+(?:الماضي|المنصرم|الفايت))?"
    rf"(?:\s+(?:من\s+)?(?:عام|العام|سنه)?\s*(?P<y>\d{{4}}))?(?!\w)"
)


AR_WEEKDAYS = {
    "الاثنين": 0,
    "الثلاثاء": 1,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
}


AR_RELATIVE_RE = re.compile(
    r"(?<!\w)(?P<w>(?:(?:يوم|مساء|صباح|ليله)\s+(?:ال)?|ال)(?P<wd>اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)"
    r"(?:\s+(?P<past>الماضي|المنصرم|الفايت))?)(?!\w)"
    r"|(?<!\w)(?P<y2>اول\s+امس|امس\s+الاول)(?!\w)"
    r"|(?<!\w)(?P<y1>امس|البارحه|ليله\s+امس)(?!\w)"
    r"|(?<!\w)(?P<today>اليوم|هذا\s+اليوم)(?!\w)"
    r"|(?<!\w)(?P<lw>الاسبوع\s+(?:الماضي|المنصرم|الفايت))(?!\w)"
    r"|(?<!\w)(?P<lm>الشهر\s+(?:الماضي|المنصرم|الفايت))(?!\w)"
)


AR_DATE_WORDS = {
    "يوم",
    "مساء",
    "صباح",
    "ليله",
    "الماضي",
    "المنصرم",
    "امس",
    "الاول",
    "الشهر",
    "الاسبوع",
    "الحالي",
    "الجاري",
}


EN_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
EN_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
EN_MONTHS["sept"] = 9


EN_MONTH_RE = "|".join(sorted(EN_MONTHS, key=len, reverse=True))


EN_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}


EN_DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{EN_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{EN_MONTH_RE})\.?(?:,?\s+(?P<y2>\d{{4}}))?)\b"
    rf"|\b(?P<last>last\s+|this\s+past\s+|on\s+)?(?P<wd>{'|'.join(EN_WEEKDAYS)})\b"
    rf"|\b(?P<yest>yesterday)\b|\b(?P<today>today)\b"
    rf"|\b(?:in|during|since)\s+(?P<mo>{EN_MONTH_RE})\b(?:\s+(?P<yo>\d{{4}}))?"
    rf"|\b(?P<lw>last\s+week)\b|\b(?P<lm>last\s+month)\b",
    re.IGNORECASE,
)


def shift_month(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def weekday_before(published: date, weekday: int, strict: bool) -> date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and strict:
        back = 7
    return published - timedelta(days=back)


def make_date(
    year: int | None, month: int, day: int, published: date, month_named: bool
) -> date | None:
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


def ar_ordinal_value(match: re.Match) -> int | None:
    if match.group("d"):
        return int(match.group("d"))
    if match.group("t2"):
        return AR_TENS[match.group("t2")]
    unit = AR_UNITS[match.group("u")]
    if match.group("teen"):
        return unit + 10 if unit < 10 else None
    if match.group("t"):
        return unit + AR_TENS[match.group("t")] if unit < 10 else None
    return unit


def dates_in(folded: str, published: date) -> list[tuple[int, date]]:
    """(position, date) of every date expression in a normalised text."""
    return list(_dates_in(folded, published))


# Each claim's attribution part is searched for a date, and in a text of many claims the same
# words come back again and again ("قال مصدر أمني إن", a feed's refrain): the answer is kept.
@lru_cache(maxsize=4096)
def _dates_in(folded: str, published: date) -> tuple[tuple[int, date], ...]:
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for m in AR_DAY_MONTH_RE.finditer(folded):
        day = ar_ordinal_value(m)
        if not day or m.group("fut"):
            continue  # "الواحد والثلاثين من ديسمبر المقبل" is not when anyone spoke
        if m.group("rel"):
            rel = m.group("rel")
            base = published
            if rel in {"الماضي", "المنصرم", "السابق"}:
                base = shift_month(date(published.year, published.month, 1), -1)
            elif rel in {"المقبل", "القادم"}:
                base = shift_month(date(published.year, published.month, 1), 1)
            value = make_date(base.year, base.month, day, published, False)
        else:
            year = int(m.group("y")) if m.group("y") else None
            value = make_date(year, AR_MONTH_NAMES[m.group("m")], day, published, year is None)
        if value:
            found.append((m.start(), value))
            taken.append(m.span())
    for m in AR_RELATIVE_RE.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = None
        if m.group("wd"):
            value = weekday_before(
                published, AR_WEEKDAYS["ال" + m.group("wd")], bool(m.group("past"))
            )
        elif m.group("y2"):
            value = published - timedelta(days=2)
        elif m.group("y1"):
            value = published - timedelta(days=1)
        elif m.group("today"):
            value = published
        elif m.group("lw"):
            value = published - timedelta(days=7)
        elif m.group("lm"):
            value = shift_month(published, -1)
        if value:
            found.append((m.start(), value))
    for m in EN_DATE_RE.finditer(folded):
        value = None
        if m.group("m1") or m.group("m2"):
            month = EN_MONTHS[(m.group("m1") or m.group("m2")).lower()]
            day = int(m.group("d1") or m.group("d2"))
            year_text = m.group("y1") or m.group("y2")
            year = int(year_text) if year_text else None
            value = make_date(year, month, day, published, year is None)
        elif m.group("mo"):
            year = int(m.group("yo")) if m.group("yo") else None
            value = make_date(year, EN_MONTHS[m.group("mo").lower()], 1, published, year is None)
        elif m.group("wd"):
            strict = bool(m.group("last")) and not m.group("last").lower().startswith("on")
            value = weekday_before(published, EN_WEEKDAYS[m.group("wd").lower()], strict)
        elif m.group("yest"):
            value = published - timedelta(days=1)
        elif m.group("today"):
            value = published
        elif m.group("lw"):
            value = published - timedelta(days=7)
        elif m.group("lm"):
            value = shift_month(published, -1)
        if value:
            found.append((m.start(), value))
    if not found:
        # A month without a day ("أعلنت في تموز الماضي"): its first day.
        for m in AR_MONTH_ONLY_RE.finditer(folded):
            year = int(m.group("y")) if m.group("y") else None
            value = make_date(year, AR_MONTH_NAMES[m.group("m")], 1, published, year is None)
            if value:
                found.append((m.start(), value))
    return tuple(sorted(found))
