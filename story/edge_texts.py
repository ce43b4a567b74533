"""Replies to forgiving input and to stale or forged buttons, in both languages.

Kept apart from story/texts.py so these short replies (issue 11's rough edges, issue 12's
forged callbacks) stay in one place; `edge(key, lang, **values)` fills one in.
"""

from __future__ import annotations

from story.texts import pick

EDGE_TEXTS: dict[str, dict[str, str]] = {
    "timezone_suggest": {
        "en": "“{name}” is not a time zone I know. Did you mean {names}? "
        "(/timezone {first})",
        "ar": "«{name}» ليست منطقة زمنية معروفة. هل تقصد {names}؟ (/timezone {first})",
    },
    "time_bad": {
        "en": "“{arg}” is not a time of day. Examples: 21:00, 9pm, 9:30am.",
        "ar": "«{arg}» ليس وقتًا من اليوم. أمثلة: 21:00، ٩ مساءً، ٩:٣٠ صباحًا.",
    },
    "button_stale": {
        "en": "This button is out of date. Send the command again.",
        "ar": "هذا الزر قديم. أرسل الأمر من جديد.",
    },
}


def edge(key: str, lang: str, **values: object) -> str:
    """The reply `key` in `lang` (Arabic when missing), placeholders filled."""
    return pick(EDGE_TEXTS, key, lang, **values)
