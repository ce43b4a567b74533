"""Fixed chat texts in both languages: welcome, help, short refusals and confirmations."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "start": {
        "en": (
            "👋 I am Raqib. I follow the story of the US combat withdrawal from Iraq: the "
            "deadline, and who said what about it.\n\n"
            "Ask me in English or Arabic, for example:\n"
            "• what did Kirby say?\n"
            "• who said the deadline is fixed?\n"
            "• what is al-Nujaba's position?\n"
            "• how many days are left?\n\n"
            "/help lists the commands."
        ),
        "ar": (
            "👋 أنا رقيب. أتابع قصة انسحاب القوات القتالية الأمريكية من العراق: الموعد النهائي، "
            "ومن قال ماذا بشأنه.\n\n"
            "اسألني بالعربية أو الإنجليزية، مثلًا:\n"
            "• ماذا قال كيربي؟\n"
            "• من قال إن موعد الانسحاب ثابت؟\n"
            "• ما موقف النجباء؟\n"
            "• كم يومًا بقي على الانسحاب؟\n\n"
            "/help لقائمة الأوامر."
        ),
    },
    "help": {
        "en": (
            "Commands:\n"
            "/countdown — time left to the deadline\n"
            "/who <question> — who said what (or just write your question)\n"
            "/positions — every actor's current position\n"
            "/follow <actor>|all — tell me here when a position changes (/unfollow to stop)\n"
            "/actor <name> — an actor's profile and statements\n"
            "/timeline [name] — the statements on a timeline (a picture)\n"
            "/lang ar|en — the language of my replies\n"
            "/timezone <Area/City> — your time zone, e.g. /timezone Europe/London\n"
            "/subscribe — deadline reminders here: daily, weekly or milestones (/subscriptions, "
            "/unsubscribe, /quiet)\n"
            "/story — the stories I follow, and which one this chat follows\n"
            "/export [csv|json] — this chat's story as a file (statements, speakers, sources)\n\n"
            "In a group, mention me or reply to me to ask a question. In any chat, even one I am"
            " not in, type @{bot} and a question: the answer comes as cards to post there."
        ),
        "ar": (
            "الأوامر:\n"
            "/countdown — الوقت المتبقي على الموعد\n"
            "/who <سؤال> — من قال ماذا (أو اكتب سؤالك مباشرة)\n"
            "/positions — المواقف الحالية لكل الأطراف\n"
            "/follow <اسم>|all — أُعلمك هنا حين يتغيّر موقف (/unfollow للإيقاف)\n"
            "/actor <اسم> — نبذة عن طرف وتصريحاته\n"
            "/timeline [اسم] — التصريحات على خط زمني (صورة)\n"
            "/lang ar|en — لغة الردود\n"
            "/timezone <المنطقة/المدينة> — منطقتك الزمنية، مثل /timezone Asia/Baghdad\n"
            "/subscribe — تذكير بالموعد هنا: يوميًا أو أسبوعيًا أو عند المحطات (/subscriptions "
            "و/unsubscribe و/quiet)\n"
            "/story — القصص التي أتابعها، وأيها تتابع هذه المحادثة\n"
            "/export [csv|json] — قصة هذه المحادثة في ملف (التصريحات وقائلوها ومصادرها)\n\n"
            "في المجموعات، اذكرني أو رد على رسالتي لتسألني. وفي أي محادثة، حتى لو لم أكن فيها،"
            " اكتب ‎@{bot} ثم سؤالك: يأتيك الجواب بطاقاتٍ تنشرها هناك."
        ),
    },
    "page_gone": {
        "en": "That list is no longer held: ask again.",
        "ar": "لم تعد هذه القائمة محفوظة: اسأل من جديد.",
    },
    "button_stale": {
        "en": "This button is no longer active.",
        "ar": "هذا الزر لم يعد فعّالًا.",
    },
    "add_too_long": {
        "en": "That text is {n} characters long; a statement holds at most {limit}. "
        "Send the statement's own words, shorter (nothing was cut or saved).",
        "ar": "طول النص {n} حرفًا، والتصريح لا يتجاوز {limit} حرف. "
        "أرسل كلمات التصريح نفسها بنص أقصر (لم يُقتطع أو يُحفظ شيء).",
    },
    "who_empty": {
        "en": "Ask a question after /who, e.g. /who what did Kirby say?",
        "ar": "اكتب سؤالك بعد /who، مثل: /who ماذا قال كيربي؟",
    },
    "actor_empty": {
        "en": "Give a name after /actor, e.g. /actor Kirby",
        "ar": "اكتب اسمًا بعد /actor، مثل: /actor الخفاجي",
    },
    "actor_unknown": {
        "en": "No actor called “{name}” is tracked. /positions lists them all.",
        "ar": "لا يوجد طرف متابَع باسم «{name}». /positions يعرض القائمة كاملة.",
    },
    "lang_usage": {
        "en": "Usage: /lang ar or /lang en",
        "ar": "الاستخدام: /lang ar أو /lang en",
    },
    "lang_set": {
        "en": "I will reply in English.",
        "ar": "سأرد بالعربية.",
    },
    "timezone_usage": {
        "en": "Usage: /timezone Area/City, e.g. /timezone Asia/Baghdad or /timezone Europe/London",
        "ar": (
            "الاستخدام: /timezone المنطقة/المدينة، مثل /timezone Asia/Baghdad أو /timezone "
            "Europe/London"
        ),
    },
    "timezone_bad": {
        "en": (
            "“{name}” is not a time zone I know. Use an IANA name such as Asia/Baghdad or "
            "Europe/London."
        ),
        "ar": "«{name}» ليست منطقة زمنية معروفة. استخدم اسمًا مثل Asia/Baghdad أو Europe/London.",
    },
    "timezone_set": {
        "en": "Time zone set to {name}.",
        "ar": "تم ضبط المنطقة الزمنية على {name}.",
    },
    "unknown_command": {
        "en": "I don't know that command. /help lists what I can do.",
        "ar": "لا أعرف هذا الأمر. /help يعرض ما يمكنني فعله.",
    },
    "text_only": {
        "en": "I can only read text. Write your question in words.",
        "ar": "أقرأ النصوص فقط. اكتب سؤالك كتابةً.",
    },
    "no_deadline": {
        "en": "No deadline is tracked for this story.",
        "ar": "لا يوجد موعد نهائي متابَع لهذه القصة.",
    },
    "no_positions": {
        "en": "No positions are recorded yet.",
        "ar": "لا توجد مواقف مسجلة بعد.",
    },
    "error": {
        "en": "Sorry, something went wrong with that. Please try again.",
        "ar": "عذرًا، حدث خطأ. حاول مرة أخرى.",
    },
    "story_list": {
        "en": "Stories (▶ = this chat's; /story N to switch):",
        "ar": "القصص (▶ = قصة هذه المحادثة؛ /story رقم للتبديل):",
    },
    "story_set": {
        "en": "This chat now follows: {title}",
        "ar": "تتابع هذه المحادثة الآن: {title}",
    },
    "story_unknown": {
        "en": "No story {name}. /story lists them.",
        "ar": "لا توجد قصة {name}. /story يعرض القائمة.",
    },
    "setstatus_usage": {
        "en": "Usage: /setstatus pending|met|missed|extended [deadline id]",
        "ar": "الاستخدام: /setstatus pending|met|missed|extended [معرّف الموعد]",
    },
    "setstatus_unknown": {
        "en": "No deadline with the id {name}.",
        "ar": "لا يوجد موعد بالمعرّف {name}.",
    },
    "setstatus_done": {
        "en": "Status of “{title}” set to {status}.",
        "ar": "تم ضبط حالة «{title}» على {status}.",
    },
    "deadline_usage": {
        "en": "/deadline move ID 2026-10-01 [note] · /deadline outcome ID"
        " met|missed|extended|cancelled [note]",
        "ar": "/deadline move المعرّف 2026-10-01 [ملاحظة] · /deadline outcome المعرّف"
        " met|missed|extended|cancelled [ملاحظة]",
    },
    "deadline_done": {
        "en": "✅ {what} {id}: {told} chat(s) told.",
        "ar": "✅ {what} {id}: أُبلغت {told} محادثة.",
    },
    "group_admins_only": {
        "en": "Only this group's admins can change its settings.",
        "ar": "لا يغيّر إعدادات هذه المجموعة إلا مشرفوها.",
    },
    "admins_only": {
        "en": "Only Raqib's admins can do that.",
        "ar": "هذا الأمر لمشرفي رقيب فقط.",
    },
    "export_usage": {
        "en": "Usage: /export csv or /export json (CSV by default)",
        "ar": "الاستخدام: /export csv أو /export json (CSV افتراضيًا)",
    },
    "export_caption": {
        "en": "📤 {title}: {n} statement(s), with speakers in both languages, sources and links.",
        "ar": "📤 {title}: عدد التصريحات {n}، مع أسماء المتحدثين باللغتين والمصادر والروابط.",
    },
    "export_none": {
        "en": "No story to export yet.",
        "ar": "لا توجد قصة لتصديرها بعد.",
    },
}


def pick(table: dict[str, dict[str, str]], key: str, lang: str, **values: object) -> str:
    """Entry `key` of a bilingual text table in `lang` (Arabic when missing), placeholders
    filled."""
    entry = table[key]
    template = entry.get(lang) or entry["ar"]
    return template.format(**values) if values else template


def text(key: str, lang: str, **values: object) -> str:
    """The fixed text `key` in `lang` (falling back to Arabic), with {placeholders} filled."""
    return pick(TEXTS, key, lang, **values)
