"""A time of day and a quiet range as users type them: "9pm", "9", "٩ مساءً", "22-7".

`parse_time_of_day` takes what story.schedule.parse_hhmm takes (21:00, 0930) and also a bare
hour (9 → 09:00), am/pm and the Arabic صباحًا / مساءً (or ص / م), with Arabic-Indic digits.
`parse_range` splits "22-7", "10pm-6am" or "22:00 to 07:00" in two. Pure.
"""

from __future__ import annotations

import re
from datetime import time

from story.schedule import parse_hhmm

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_PM = ("pm", "p.m.", "م", "مساء", "مساءً", "مساءا", "ليلا", "ليلًا")
_AM = ("am", "a.m.", "ص", "صباح", "صباحًا", "صباحا", "صباحاً")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(\D*)$")


def parse_time_of_day(value: str) -> time | None:
    """'21:00', '9pm', '9:30 am', '9', '٩ مساءً' → time; None if it is not one."""
    word = " ".join(value.translate(_DIGITS).lower().split())
    exact = parse_hhmm(word)
    if exact is not None:
        return exact
    match = _CLOCK.match(word)
    if not match:
        return None
    hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3).strip()
    if minute > 59:
        return None
    if suffix in _PM or suffix in _AM:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix in _PM else 0)
    elif suffix or hour > 23:
        return None
    return time(hour, minute)


def parse_range(value: str) -> tuple[time, time] | None:
    """'22-7', '10pm-6am', '22:00 to 07:00', 'من ١٠ م إلى ٦ ص' → (start, end); None if not."""
    text = value.strip().removeprefix("من").strip()
    parts = re.split(r"\s*[-–—]\s*|\s+(?:to|until|إلى|الى|حتى)\s+", text)
    if len(parts) != 2:
        return None
    start, end = parse_time_of_day(parts[0]), parse_time_of_day(parts[1])
    if start is None or end is None or start == end:
        return None
    return start, end
