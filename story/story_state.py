"""A story's state in a few lines, for /story: each deadline ahead with the time left, or
passed with its outcome or "outcome not recorded yet" — as known at `now` (a pure function:
no Telegram, no SQL)."""

from __future__ import annotations

from datetime import datetime

from story.countdown import countdown
from story.models import Deadline, Stance, Statement, Story
from story.render import NO_OUTCOME, STATUS, format_date, format_when, plural_days, plural_hours
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


def nothing_ahead(deadlines: list[Deadline], story_id: str | None, now: datetime,
                  timezone: str, lang: str) -> str:
    """/subscribe when no deadline is ahead in any story: the chat's story's last deadline
    (else the record's last) with its outcome, and what the chat can do instead."""
    own = [d for d in deadlines if d.story_id == story_id] or deadlines
    last = max(own, key=lambda d: d.due)
    return say("nothing_ahead", lang, state=deadline_state(last, now, timezone, lang))


def stances_by_story(history: list[tuple[str, Statement]], stories: list[Story],
                     stances: dict[str, Stance], lang: str) -> str:
    """An actor's latest stance in each story (history newest first), when there are several
    stories; "" otherwise."""
    latest: dict[str, tuple[str, Statement]] = {}
    for stance, statement in history:
        latest.setdefault(statement.story_id, (stance, statement))
    if len(latest) < 2:
        return ""
    lines = [say("by_story", lang)]
    for story in stories:
        if story.id not in latest:
            continue
        stance, statement = latest[story.id]
        known = stances.get(stance)
        label = (known.label_ar if lang == "ar" else known.label_en) if known else stance
        title = story.title_ar if lang == "ar" else story.title_en
        lines.append(f"• {title}: {label} ({format_date(statement.date, lang)})")
    return "\n".join(lines)
