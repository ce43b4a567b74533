"""Texts of the live story's admin side: the outcome question, /story's states, /newstory.

Kept apart from story.texts (shared by every feature) so this feature's wording stays in one
place; `say` reads them like `story.texts.text`.
"""

from __future__ import annotations

from story.texts import pick

STORY_TEXTS: dict[str, dict[str, str]] = {
    "ask_outcome": {
        "en": (
            "❓ The deadline “{title}” passed on {due} and no outcome is recorded. "
            "What happened?"
        ),
        "ar": "❓ انقضى موعد «{title}» في {due} ولم تُسجَّل نتيجته. ماذا حدث؟",
    },
    "outcome_recorded": {
        "en": "✅ Outcome of “{title}” recorded: {status} ({who}). {told} chat(s) told.",
        "ar": "✅ سُجّلت نتيجة «{title}»: {status} ({who}). أُبلغت {told} محادثة.",
    },
    "outcome_already": {
        "en": (
            "The outcome of “{title}” is already recorded: {status}. "
            "/deadline outcome changes it."
        ),
        "ar": "نتيجة «{title}» مسجّلة من قبل: {status}. يغيّرها /deadline outcome.",
    },
    "outcome_gone": {
        "en": "That deadline is no longer in the record.",
        "ar": "لم يعد هذا الموعد في السجل.",
    },
    "story_ahead": {"en": "{title}: {left} left ({due})", "ar": "{title}: باقٍ {left} ({due})"},
    "story_passed": {
        "en": "{title}: passed {due}, {status}",
        "ar": "{title}: انقضى في {due}، {status}",
    },
    "by_story": {"en": "Latest position in each story:", "ar": "آخر موقف في كل قصة:"},
    "nothing_ahead": {
        "en": "Every deadline Raqib follows has passed, so there is nothing to remind you of."
        " This chat's story's last one — {state}.\n/follow all tells you here when a position"
        " changes or a deadline's outcome is recorded; /story shows every story.",
        "ar": "انقضت كل المواعيد التي يتابعها رقيب، فلا شيء يُذكَّر به. آخر موعد في قصة هذه"
        " المحادثة — {state}.\n‏/follow all ليبلغك هنا حين يتغيّر موقف أو تُسجَّل نتيجة موعد؛"
        " و‏/story يعرض كل القصص.",
    },
    "newstory_usage": {
        "en": "Usage: /newstory STORY-ID DEADLINE-ID YYYY-MM-DD[THH:MM] TIME/ZONE Title words\n"
        "e.g. /newstory iraq-elections-2029 iraq-vote 2029-11-11 Asia/Baghdad Iraq's election",
        "ar": "الاستخدام: /newstory معرّف-القصة معرّف-الموعد YYYY-MM-DD[THH:MM] المنطقة/الزمنية"
        " العنوان\nمثلًا: /newstory iraq-elections-2029 iraq-vote 2029-11-11 Asia/Baghdad"
        " الانتخابات العراقية",
    },
    "newstory_bad_date": {
        "en": "Not a date: {value}. Write YYYY-MM-DD or YYYY-MM-DDTHH:MM.",
        "ar": "ليس تاريخًا: {value}. اكتب YYYY-MM-DD أو YYYY-MM-DDTHH:MM.",
    },
    "newstory_bad_zone": {
        "en": "Not a time zone: {value}. Use an IANA name such as Asia/Baghdad.",
        "ar": "ليست منطقة زمنية: {value}. استعمل اسمًا مثل Asia/Baghdad.",
    },
    "newstory_bad_id": {
        "en": "Ids are lower-case letters, digits and dashes: {value}.",
        "ar": "المعرّفات أحرف لاتينية صغيرة وأرقام وشرطات: {value}.",
    },
    "ns_ask_title_ar": {
        "en": "A new story (/cancel stops). 1/4 — its title in Arabic?",
        "ar": "قصة جديدة (‏/cancel للإيقاف). 1/4 — عنوانها بالعربية؟",
    },
    "ns_ask_title_en": {
        "en": "2/4 — its title in English?", "ar": "2/4 — عنوانها بالإنجليزية؟",
    },
    "ns_bad_title_en": {
        "en": "The English title needs Latin letters or digits (the story's id is made from it).",
        "ar": "يحتاج العنوان الإنجليزي أحرفًا لاتينية أو أرقامًا (منه يُصنع معرّف القصة).",
    },
    "ns_ask_due": {
        "en": "3/4 — the deadline: YYYY-MM-DD or YYYY-MM-DDTHH:MM, then a time zone if not {zone}"
        " (e.g. 2029-11-11T08:00 Asia/Baghdad)",
        "ar": "3/4 — الموعد: YYYY-MM-DD أو YYYY-MM-DDTHH:MM، ثم المنطقة الزمنية إن لم تكن {zone}"
        " (مثلًا 2029-11-11T08:00 Asia/Baghdad)",
    },
    "ns_ask_actor": {
        "en": "4/4 — its first actor: a tracked actor's name, or new: English name | الاسم"
        " العربي, or - for none yet",
        "ar": "4/4 — أول أطرافها: اسم طرف متابَع، أو جديد: English name | الاسم العربي، أو -"
        " إن لم يكن بعد",
    },
    "ns_unknown_actor": {
        "en": "No tracked actor is called {name}. Write new: English name | الاسم العربي, or -.",
        "ar": "لا طرف متابَع باسم {name}. اكتب جديد: English name | الاسم العربي، أو -.",
    },
    "ns_actor_named": {"en": "First actor: {name}.", "ar": "أول الأطراف: {name}."},
    "ns_cancelled": {"en": "No story created.", "ar": "لم تُنشأ أي قصة."},
    "ns_timed_out": {
        "en": "/newstory stopped: no answer for {minutes} minutes. No story created.",
        "ar": "توقف /newstory: لا جواب منذ {minutes} دقائق. لم تُنشأ أي قصة.",
    },
    "newstory_done": {
        "en": "✅ Story {story} created with its deadline {deadline} ({due}). /story lists it.",
        "ar": "✅ أُنشئت القصة {story} وموعدها {deadline} ({due}). تجدها في /story.",
    },
}


def say(key: str, lang: str, **values: object) -> str:
    return pick(STORY_TEXTS, key, lang, **values)
