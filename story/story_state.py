"""A story's state in a few lines, for /story: each deadline ahead with the time left, or
passed with its outcome or "outcome not recorded yet" — as known at `now` (a pure function:
no Telegram, no SQL)."""

from __future__ import annotations

from datetime import datetime

from story.countdown import countdown
from story.models import Deadline
from story.render import NO_OUTCOME, STATUS, format_when, plural_days, plural_hours
from story.story_texts import say


def deadline_state(deadline: Deadline, now: datetime, timezone: str, lang: str) -> str:
    d = deadline.as_of(now.date())
    c = countdown(d, now)
    title = d.title_ar if lang == "ar" else d.title_en
    due = format_when(d.due, timezone, lang)
    if not c.passed:
        sep = " و" if lang == "ar" else " "
        left = plural_days(c.days, lang) if c.days else plural_hours(c.hours, lang)
        if c.days and c.hours:
            left += sep + plural_hours(c.hours, lang)
        return say("story_ahead", lang, title=title, left=left, due=due)
    label = 1 if lang == "ar" else 0
    if d.outcome is None and d.status in ("pending", "extended"):
        status = NO_OUTCOME[label]
    else:
        status = STATUS.get(d.status, (d.status, d.status))[label]
    return say("story_passed", lang, title=title, due=due, status=status)


def story_state(deadlines: list[Deadline], now: datetime, timezone: str, lang: str) -> list[str]:
    return [deadline_state(d, now, timezone, lang) for d in deadlines]
