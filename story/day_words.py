"""The day a statement was made, as admins type it in /add: ISO dates, "today", "yesterday"
and the usual written forms of both languages ("9 December 2021", "Dec 9, 2021", "9/12/2021",
"٩ كانون الأول ٢٠٢١", "9 ديسمبر 2021"), read by dateparser (pinned in pyproject.toml).

Day-first for numeric dates (as in Iraq and most of the world); a day written without a
year is taken as the last one before `today`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser  # type: ignore[import-untyped]  # no stubs shipped

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_RELATIVE = {"today": 0, "now": 0, "اليوم": 0, "yesterday": 1, "أمس": 1, "امس": 1, "البارحة": 1}
# The Levantine and Iraqi month names, which dateparser does not know, as the ones it does.
_MONTHS = {
    "كانون الثاني": "يناير", "شباط": "فبراير", "آذار": "مارس", "اذار": "مارس",
    "نيسان": "أبريل", "أيار": "مايو", "ايار": "مايو", "حزيران": "يونيو", "تموز": "يوليو",
    "آب": "أغسطس", "اب": "أغسطس", "أيلول": "سبتمبر", "ايلول": "سبتمبر",
    "تشرين الأول": "أكتوبر", "تشرين الاول": "أكتوبر", "تشرين الثاني": "نوفمبر",
    "كانون الأول": "ديسمبر", "كانون الاول": "ديسمبر",
}
_MONTH_WORDS = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")(?!\w)"
)
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day"]}


def parse_day(value: str, today: date) -> date | None:
    """The day `value` names, or None when it is not a day."""
    typed = " ".join(value.translate(_DIGITS).strip().lower().split())
    if not typed or len(typed) > 60:
        return None
    if typed in _RELATIVE:
        return today - timedelta(days=_RELATIVE[typed])
    try:
        return date.fromisoformat(typed)
    except ValueError:
        typed = _MONTH_WORDS.sub(lambda m: _MONTHS[m.group(1)], typed)
        base = datetime(today.year, today.month, today.day, 12)
        found = dateparser.parse(
            typed, languages=["en", "ar"], settings={**_SETTINGS, "RELATIVE_BASE": base}
        )
        return found.date() if found is not None else None
