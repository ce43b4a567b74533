"""Fixed texts of ingestion, review, follows and feeds, in both languages.

Kept apart from story.texts (the public commands' texts) because they belong to the admins'
desk; `say` returns them ready to send (filled in and bidi-safe).
"""

from __future__ import annotations

from story.render import rtl_safe

TEXTS: dict[str, tuple[str, str]] = {  # key: (English, Arabic)
    "read_summary": (
        "📥 Read “{title}”: {new} new candidate(s), {merged} already held (another source added).",
        "📥 قرأت «{title}»: {new_ar} للمراجعة، و{merged} موجود سابقًا (أضيف مصدر آخر).",
    ),
    "read_nothing": (
        "📥 Read “{title}”: I found no statement attributed to anyone.",
        "📥 قرأت «{title}»: لم أجد تصريحًا منسوبًا لأحد.",
    ),
    "read_duplicate": (
        "This was read before (same link or same text); nothing new.",
        "سبق أن قرأت هذا (الرابط نفسه أو النص نفسه)؛ لا جديد.",
    ),
    "read_failed": ("Could not read {url}: {error}", "تعذّرت قراءة {url}: {error}"),
    "reading": ("⏳ Reading {url} …", "⏳ أقرأ {url} …"),
    "more_in_queue": ("… and {n} more: /pending", "… و{n} غيرها: /pending"),
    "untitled": ("the text", "النص"),
    "approved": ("✅ Approved by {who}.", "✅ اعتمده {who}."),
    "rejected": ("❌ Rejected by {who}.", "❌ رفضه {who}."),
    "deleted": ("🗑 Withdrawn from the record by {who}.", "🗑 سحبه {who} من السجل."),
    "actor_created": ("➕ New actor added: {name} ({id}).", "➕ أضيف طرف جديد: {name} ({id})."),
    "already": ("Already done: this statement is {status}.", "تمّ سابقًا: هذا التصريح {status}."),
    "not_found": ("No statement #{ref}.", "لا يوجد تصريح رقم #{ref}."),
    "replaced": (
        "This candidate was replaced: its post was edited. Review the new card instead.",
        "استُبدل هذا المرشّح: عُدّل منشوره. راجع البطاقة الجديدة بدلًا منه.",
    ),
    "no_speaker": (
        "Set a speaker first (👤): the text named nobody I could propose.",
        "حدّد المتحدث أولًا (👤): لم يذكر النص اسمًا يمكن اقتراحه.",
    ),
    "stance_set": ("📌 Stance set: {stance}.", "📌 حُدّد الموقف: {stance}."),
    "no_stance": ("none", "بلا موقف"),
    "pick_stance": ("Choose the stance of #{ref}:", "اختر موقف التصريح #{ref}:"),
    "ask_text": (
        "✏️ Send the corrected text of #{ref} (Arabic or English; it replaces that language's "
        "text). /cancel to stop.",
        "✏️ أرسل النص المصحّح للتصريح #{ref} (بالعربية أو الإنجليزية؛ يحلّ محلّ نص تلك اللغة). "
        "/cancel للإلغاء.",
    ),
    "ask_speaker": (
        "👤 Who said #{ref}? Send a tracked actor's name, or “new: English name | الاسم العربي” "
        "to add one. /cancel to stop.",
        "👤 من قائل التصريح #{ref}؟ أرسل اسم طرف متابَع، أو «new: English name | الاسم العربي» "
        "لإضافة طرف جديد. /cancel للإلغاء.",
    ),
    "speaker_unknown": (
        "No tracked actor called {name}. Send another name, or “new: {plain}” to add it.",
        "لا يوجد طرف متابَع باسم {name}. أرسل اسمًا آخر، أو «new: {plain}» لإضافته.",
    ),
    "speaker_set": ("👤 Speaker set: {name}.", "👤 حُدّد المتحدث: {name}."),
    "text_set": ("✏️ Text corrected.", "✏️ صُحّح النص."),
    "ask_text_now": (
        "✏️ #{ref} now reads:\n{old}\nSend the corrected text within {minutes} minutes"
        " (it replaces the text in its language); you will be asked to confirm.",
        "✏️ نص التصريح #{ref} الآن:\n{old}\nأرسل النص المصحّح خلال {minutes} دقائق"
        " (يحلّ محلّ نص لغته)؛ وسيُطلب منك التأكيد.",
    ),
    "confirm_text": (
        "Replace the text of #{ref}?\nnow: {old}\nnew: {new}",
        "استبدال نص التصريح #{ref}؟\nالآن: {old}\nالجديد: {new}",
    ),
    "prompt_expired": (
        "⌛ The correction prompt had expired: nothing was changed.",
        "⌛ انتهت مهلة التصحيح: لم يتغيّر شيء.",
    ),
    "prompt_question": (
        "(Taken as a question, not as the corrected text: the prompt is closed.)",
        "(اعتُبرت سؤالًا لا نصًا مصحّحًا: أُغلق طلب التصحيح.)",
    ),
    "button_confirm": ("✅ Replace", "✅ استبدال"),
    "pending_in_private": (
        "🕓 The review queue is sent to you in private.",
        "🕓 أُرسلت قائمة المراجعة إليك في المحادثة الخاصة.",
    ),
    "pending_open_private": (
        "🕓 Open a private chat with me first (press Start there): the review queue is private.",
        "🕓 افتح محادثة خاصة معي أولًا (اضغط «ابدأ» هناك): قائمة المراجعة خاصة.",
    ),
    "ingest_usage": (
        "📥 /ingest reads a text or a link for review: /ingest <text or link>, or send /ingest"
        " in reply to a message. Say where it comes from (an outlet or a link), or it is filed"
        " without a source.",
        "📥 يقرأ /ingest نصًا أو رابطًا للمراجعة: ‎/ingest <النص أو الرابط>، أو أرسل /ingest ردًا"
        " على رسالة. اذكر مصدره (وسيلة إعلام أو رابطًا)، وإلا سُجّل بلا مصدر.",
    ),
    "unfollow_confirm": (
        "Stop all {n} follows of this chat?",
        "إيقاف كل متابعات هذه المحادثة ({n})؟",
    ),
    "unfollow_yes": ("🔕 Stop them all", "🔕 إيقافها كلها"),
    "button_cancel": ("✖️ Cancel", "✖️ إلغاء"),
    "cancelled": ("Cancelled.", "أُلغي."),
    "edit_usage": (
        "Usage: /edit <#number, statement id or actor name> — shows the statement(s) with edit "
        "buttons.",
        "الاستخدام: /edit <رقم التصريح أو معرّفه أو اسم الطرف> — يعرض التصريح مع أزرار التعديل.",
    ),
    "delete_usage": (
        "Usage: /delete <#number or statement id>",
        "الاستخدام: /delete <رقم التصريح أو معرّفه>",
    ),
    "edit_none": ("Nothing found for {name}.", "لا شيء باسم {name}."),
    # /add, the guided entry
    "add_speaker": (
        "➕ New statement. Who said it? Send a tracked actor's name (or “new: English name | "
        "الاسم العربي”). /cancel to stop.",
        "➕ تصريح جديد. من قاله؟ أرسل اسم طرف متابَع (أو «new: English name | الاسم العربي»). "
        "/cancel للإلغاء.",
    ),
    "add_text": (
        "🗣 {name}. Now send the words, as published.",
        "🗣 {name}. أرسل الآن نص التصريح كما نُشر.",
    ),
    "add_date": (
        "📅 When was it said? e.g. 2021-12-09, 9 December 2021, 9/12/2021, “yesterday”, “today”.",
        "📅 متى قيل؟ مثل 2021-12-09 أو 9 كانون الأول 2021 أو 9/12/2021 أو «أمس» أو «اليوم».",
    ),
    "add_date_bad": (
        "Not a date: send YYYY-MM-DD or “today”.",
        "ليس تاريخًا: أرسل YYYY-MM-DD أو «اليوم».",
    ),
    "add_source": (
        "📰 Where was it reported? An outlet's name and/or a link, or “-” for none.",
        "📰 أين نُشر؟ اسم الوسيلة و/أو رابط، أو «-» إن لم يوجد.",
    ),
    "add_stance": ("📌 Its stance? (suggested: {stance})", "📌 موقفه؟ (المقترح: {stance})"),
    "add_done": ("✅ Added as #{ref}.", "✅ أضيف برقم #{ref}."),
    "add_exists": (
        "This statement is already held as #{ref}.",
        "هذا التصريح موجود سابقًا برقم #{ref}.",
    ),
    # follows
    "follow_usage": (
        "Usage: /follow <actor> or /follow all — I will tell this chat when a position changes.",
        "الاستخدام: /follow <اسم الطرف> أو /follow all — أُعلم هذه المحادثة حين يتغيّر موقف.",
    ),
    "follow_done": ("🔔 This chat now follows {name}.", "🔔 تتابع هذه المحادثة الآن {name}."),
    "follow_already": ("This chat already follows {name}.", "هذه المحادثة تتابع {name} بالفعل."),
    "follow_all": ("every actor", "كل الأطراف"),
    "unfollow_done": ("🔕 Stopped following {name}.", "🔕 توقفت متابعة {name}."),
    "unfollow_none": ("This chat was not following {name}.", "هذه المحادثة لا تتابع {name}."),
    "unfollow_everything": (
        "🔕 Stopped following everything ({n}).",
        "🔕 توقفت كل المتابعات ({n}).",
    ),
    "follow_list": ("🔔 Following: {names}", "🔔 المتابَعون: {names}"),
    "follow_group_admins": (
        "In a group, only its administrators can change what it follows.",
        "في المجموعات، يغيّر المتابعات مشرفو المجموعة فقط.",
    ),
    # monitor
    "monitor_usage": (
        "Usage: /monitor on|off in a group; for a channel: /monitor on|off <@channel or id> (the "
        "bot must be an admin there).",
        "الاستخدام: /monitor on|off داخل المجموعة؛ وللقناة: /monitor on|off <@القناة أو معرّفها> "
        "(ويجب أن يكون البوت مشرفًا فيها).",
    ),
    "monitor_on": (
        "👁 Monitoring {chat}: its posts are read for statements and sent to the admins for review.",
        "👁 أراقب {chat}: أقرأ منشوراتها بحثًا عن تصريحات وأرسلها للمشرفين للمراجعة.",
    ),
    "monitor_off": ("Stopped monitoring {chat}.", "توقفت مراقبة {chat}."),
    "monitor_unknown_chat": (
        "I cannot see the chat {chat}: {error}",
        "لا أستطيع الوصول إلى {chat}: {error}",
    ),
    # feeds
    "feeds_usage": (
        "Usage: /feeds (list), /feeds add URL, /feeds remove URL|number",
        "الاستخدام: /feeds (القائمة)، /feeds add رابط، /feeds remove رابط|رقم",
    ),
    "feeds_none": ("No feeds yet. /feeds add URL", "لا توجد خلاصات بعد. /feeds add رابط"),
    "feeds_head": ("📡 Feeds:", "📡 الخلاصات:"),
    "feed_added": (
        "📡 Feed added (#{id}); it is read within a minute, then every {minutes} minutes.",
        "📡 أضيفت الخلاصة (#{id})؛ تُقرأ خلال دقيقة، ثم كل {minutes} دقيقة.",
    ),
    "feed_exists": ("That feed is already polled (#{id}).", "هذه الخلاصة متابَعة بالفعل (#{id})."),
    "feed_removed": ("Feed removed: {url}", "أزيلت الخلاصة: {url}"),
    "feed_unknown": ("No such feed.", "لا توجد خلاصة كهذه."),
    "feed_bad_url": ("Give an http(s) URL.", "أرسل رابطًا يبدأ بـ http أو https."),
    "feed_refused": (
        "Not added: that link gives no feed I can read ({why}).",
        "لم تُضف: هذا الرابط لا يعطي خلاصة يمكنني قراءتها ({why}).",
    ),
}


def say(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang`, placeholders filled, ready to send."""
    en, ar = TEXTS[key]
    template = ar if lang == "ar" else en
    return rtl_safe(template.format(**values) if values else template, lang)


def plain(key: str, lang: str, **values: object) -> str:
    """Like `say`, without the right-to-left marks (for text inside another line)."""
    en, ar = TEXTS[key]
    template = ar if lang == "ar" else en
    return template.format(**values) if values else template
