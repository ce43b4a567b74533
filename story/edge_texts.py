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
    "pasted_no_source": {
        "en": "⚠️ No source: this text came without a link or a channel, so the record cannot "
        "say where it was published. Forward the post from its channel, or send its link "
        "(/ingest <link>), to read it with its source.",
        "ar": "⚠️ بلا مصدر: وصل هذا النص دون رابط أو قناة، فلا يستطيع السجل أن يذكر أين نُشر. "
        "أعد توجيه المنشور من قناته أو أرسل رابطه (‏/ingest <الرابط>) لقراءته مع مصدره.",
    },
    "group_hello": {
        "en": "Hello! I am Raqib: I follow the story of a deadline — the countdown, who said "
        "what, and each side's position.\n"
        "To ask me here, mention @{bot} or reply to one of my messages, e.g. "
        "“@{bot} what did Kirby say?”. /countdown, /positions and /help work for everyone.\n"
        "Group privacy mode matters for /monitor: with it on (Telegram's default) I see only "
        "messages meant for me, so to read every post make me an admin or turn privacy "
        "mode off with @BotFather.",
        "ar": "مرحبًا! أنا رقيب: أتابع قصة موعد نهائي — العدّ التنازلي ومن قال ماذا وموقف "
        "كل طرف.\n"
        "لتسألني هنا اذكر @{bot} أو رُدّ على إحدى رسائلي، مثل «@{bot} ماذا قال كيربي؟». "
        "الأوامر /countdown و/positions و/help متاحة للجميع.\n"
        "وضع الخصوصية في المجموعة يهمّ الأمر /monitor: إن كان مفعّلًا (الافتراضي في تيليغرام) "
        "لا أرى إلا الرسائل الموجّهة إليّ، فلقراءة كل المنشورات اجعلني مشرفًا أو أوقف وضع "
        "الخصوصية عبر @BotFather.",
    },
}


def edge(key: str, lang: str, **values: object) -> str:
    """The reply `key` in `lang` (Arabic when missing), placeholders filled."""
    return pick(EDGE_TEXTS, key, lang, **values)
