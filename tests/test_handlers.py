"""Raqib's handlers through the real Application: build_application, PTB's dispatch, the real
handlers, a SQLite record in tmp_path and a clock fixed at 2021-11-25T12:00+03:00 (36 days and
12 hours before the end of 31 December 2021, Baghdad time). The Bot API is the in-process
FakeBotAPI, so every reply is what Telegram would have been asked to send.

`raqib_chat.send(...)` returns the texts the bot sent in reply; `raqib_chat.errors` lists what
reached the "raqib.errors" logger, i.e. every time the error handler ran.
"""

from __future__ import annotations

import logging
import re

import pytest

RLM = "\u200f"
GROUP = -1001234567890
OTHER_GROUP = -4242  # a basic group
ERROR_TEXTS = ("عذرًا، حدث خطأ", "Sorry, something went wrong")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Words of the record (data/stories/iraq-us-withdrawal-2021.toml).
KIRBY_AR = "لن تبقى في العراق بعد الموعد المعلن"
KIRBY_EN = "US combat forces will not remain in Iraq after the announced date."
MCNULTY_EN = "There are no current plans for a complete withdrawal from Iraq."
MCNULTY_AR = "لا توجد أي خطط حالية لانسحاب كلي من العراق"
NO_ANSWER_EN = "The record has no statement that answers this."


def assert_no_error(chat, replies: list[str] | None = None) -> None:
    """The error handler was not reached and nobody was told that something went wrong."""
    assert chat.errors == [], [r.getMessage() for r in chat.errors]
    for text in replies if replies is not None else [r["plain_text"] for r in chat.replies]:
        assert not any(e in text for e in ERROR_TEXTS), text


def only(replies: list[str]) -> str:
    assert len(replies) == 1, replies
    return replies[0]


async def assert_still_answers(chat, chat_id: int | None = None) -> None:
    """The bot keeps serving after whatever came before."""
    kwargs = {} if chat_id is None else {"chat_id": chat_id}
    reply = only(await chat.send("/countdown", language_code="en", **kwargs))
    assert "36 days 12 hours left" in reply


# ------------------------------------------------------------------------------ /start, /help


async def test_start_answers_in_arabic_by_default(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/start"))
    assert reply.startswith(RLM)
    assert "أنا رقيب" in reply
    assert "I am Raqib" not in reply
    assert_no_error(raqib_chat)


async def test_start_answers_in_english_when_the_user_language_is_english(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/start", language_code="en"))
    assert reply.startswith("👋 I am Raqib")
    assert not ARABIC_LETTER.search(reply)
    assert_no_error(raqib_chat)


async def test_start_answers_in_arabic_when_the_user_language_is_arabic(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/start", language_code="ar"))
    assert reply.startswith(RLM) and "أنا رقيب" in reply


@pytest.mark.parametrize(("language_code", "heading"), [(None, "الأوامر:"), ("en", "Commands:")])
async def test_help_lists_every_command(raqib_chat, language_code, heading) -> None:
    reply = only(await raqib_chat.send("/help", language_code=language_code))
    assert heading in reply
    for command in ("/countdown", "/who", "/positions", "/actor", "/lang", "/timezone"):
        assert command in reply
    assert_no_error(raqib_chat)


# ------------------------------------------------------------------------- /countdown and zone


async def test_countdown_says_36_days_in_arabic(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/countdown"))
    assert reply.startswith(RLM)
    assert "36 يومًا" in reply
    assert "12 ساعة" in reply
    assert "نهاية 31 كانون الأول/ديسمبر 2021" in reply
    assert "بغداد" in reply and "Baghdad" not in reply  # the zone named in the reply's language
    assert_no_error(raqib_chat)


async def test_countdown_puts_the_deadline_its_words_name_first(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/countdown Syria", language_code="en"))
    assert reply.startswith("⏳ The coalition's mission for Syria")
    assert "US combat forces leave Iraq" in reply  # the chat's story's deadline still follows
    assert_no_error(raqib_chat)


async def test_countdown_says_36_days_in_english(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/countdown", language_code="en"))
    assert "36 days 12 hours left" in reply
    assert "Deadline: end of 31 December 2021 (Baghdad time)" in reply
    assert "Status: pending" in reply


async def test_timezone_london_shows_the_deadline_at_21_00_london_time(raqib_chat) -> None:
    confirm = only(await raqib_chat.send("/timezone Europe/London", language_code="en"))
    assert confirm == "Time zone set to Europe/London."
    reply = only(await raqib_chat.send("/countdown", language_code="en"))
    assert "Deadline: 31 December 2021, 21:00 London time" in reply
    assert "Baghdad" not in reply
    assert "36 days 12 hours left" in reply  # the time left does not depend on the zone
    assert_no_error(raqib_chat)


async def test_timezone_london_changes_the_arabic_countdown_too(raqib_chat) -> None:
    only(await raqib_chat.send("/timezone Europe/London"))
    reply = only(await raqib_chat.send("/countdown"))
    assert "31 كانون الأول/ديسمبر 2021 21:00" in reply
    assert "لندن" in reply and "Baghdad" not in reply and "بغداد" not in reply
    assert "نهاية" not in reply


async def test_timezone_is_per_chat(raqib_chat) -> None:
    await raqib_chat.send("/timezone Europe/London", language_code="en")
    other = only(await raqib_chat.send("/countdown", chat_id=5002, language_code="en"))
    assert "Baghdad time" in other


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("en", "“Not/AZone” is not a time zone I know. Use an IANA name such as Asia/Baghdad"),
        (None, "«Not/AZone» ليست منطقة زمنية معروفة. استخدم اسمًا مثل Asia/Baghdad"),
    ],
)
async def test_timezone_unknown_zone_gets_an_error_with_an_example(
    raqib_chat, language_code, expected
) -> None:
    reply = only(await raqib_chat.send("/timezone Not/AZone", language_code=language_code))
    # The user's text is echoed inside Unicode isolates (U+2068 … U+2069).
    assert expected in reply.replace("\u2068", "").replace("\u2069", "")
    # The bad zone was not stored: the countdown still shows Baghdad time.
    countdown = only(await raqib_chat.send("/countdown", language_code="en"))
    assert "(Baghdad time)" in countdown
    assert_no_error(raqib_chat)


async def test_timezone_without_argument_gets_usage(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/timezone", language_code="en"))
    assert reply.startswith("Usage: /timezone Area/City")


@pytest.mark.parametrize("zone", ["Europe", "Asia/__pycache__"])
async def test_timezone_naming_a_zone_directory_gets_the_unknown_zone_reply(
    raqib_chat, zone
) -> None:
    reply = only(await raqib_chat.send(f"/timezone {zone}", language_code="en"))
    assert f"“\u2068{zone}\u2069” is not a time zone I know" in reply
    assert_no_error(raqib_chat)


# ---------------------------------------------------------------------------------- /lang


async def test_lang_en_then_countdown_answers_in_english(raqib_chat) -> None:
    assert only(await raqib_chat.send("/countdown")).startswith(RLM)  # Arabic before
    assert only(await raqib_chat.send("/lang en")) == "I will reply in English."
    reply = only(await raqib_chat.send("/countdown"))
    assert "36 days 12 hours left" in reply
    assert not ARABIC_LETTER.search(reply)
    assert_no_error(raqib_chat)


async def test_lang_ar_overrides_an_english_user_language(raqib_chat) -> None:
    assert only(await raqib_chat.send("/lang ar", language_code="en")) == RLM + "سأرد بالعربية."
    reply = only(await raqib_chat.send("/countdown", language_code="en"))
    assert "36 يومًا" in reply


async def test_lang_with_an_unknown_language_gets_usage(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/lang fr", language_code="en"))
    assert reply == "Usage: /lang ar or /lang en"
    # Nothing changed.
    assert "36 days" in only(await raqib_chat.send("/countdown", language_code="en"))


# ----------------------------------------------------------------------------- questions


async def test_arabic_question_is_answered_in_arabic_with_the_arabic_text(raqib_chat) -> None:
    reply = only(await raqib_chat.send("ماذا قال كيربي؟"))
    assert reply.startswith(RLM)
    assert "جون كيربي" in reply
    assert KIRBY_AR in reply
    assert KIRBY_EN not in reply
    assert_no_error(raqib_chat)


async def test_english_question_is_answered_in_english_with_the_translation(raqib_chat) -> None:
    # The user's chat language is the default (Arabic): the question's language wins.
    reply = only(await raqib_chat.send("What did McNulty say?"))
    assert reply.startswith("🗣 Jessica McNulty")
    assert MCNULTY_EN in reply
    assert MCNULTY_AR not in reply
    assert not reply.startswith(RLM)
    assert_no_error(raqib_chat)


async def test_question_the_record_cannot_answer_says_so(raqib_chat) -> None:
    reply = only(await raqib_chat.send("who said the world cup final will be played in Baghdad?"))
    assert reply == NO_ANSWER_EN
    assert "🗣" not in reply
    assert_no_error(raqib_chat)


async def test_how_many_days_question_gets_the_countdown(raqib_chat) -> None:
    reply = only(await raqib_chat.send("كم يومًا بقي على الانسحاب؟"))
    assert "36 يومًا" in reply and reply.startswith(RLM)


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("en", "Ask a question after /who, e.g. /who what did Kirby say?"),
        (None, RLM + "اكتب سؤالك بعد /who، مثل: /who ماذا قال كيربي؟"),
    ],
)
async def test_who_without_a_question_gets_usage(raqib_chat, language_code, expected) -> None:
    assert only(await raqib_chat.send("/who", language_code=language_code)) == expected
    assert_no_error(raqib_chat)


async def test_who_with_a_question_answers_it(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/who what did Kirby say?"))
    assert KIRBY_EN in reply


# ------------------------------------------------------------------------ /positions, /actor


async def test_positions_lists_actors_with_their_stances(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/positions", language_code="en"))
    lines = reply.split("\n")
    assert lines[0] == "📋 Current positions:"
    rows = {line.split(":", 1)[0]: line for line in lines[1:]}
    assert len(rows) >= 5
    assert "Combat forces leave; advisers and trainers stay" in rows["• John Kirby"]
    assert "No plans for a complete withdrawal" in rows["• Jessica McNulty"]
    assert "Declined to comment" in rows["• US command in Iraq"]
    # every actor listed has a stance and the date it was taken; what moved in the last
    # 7 days is marked 🆕 with what it was, and a last line explains the mark
    assert lines[-1] == "🆕 = changed in the last 7 days"
    assert (
        "🆕 (was: Doubts the US commitment to withdraw)"
        in rows["• Coordination Committee of the Resistance Factions"]
    )
    for line in lines[1:-1]:
        assert re.fullmatch(r"• .+: .+ \(\d{1,2} \w+ 2021\)( 🆕( \(was: .+\))?)?", line), line
    assert_no_error(raqib_chat)


async def test_positions_in_arabic(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/positions"))
    assert reply.startswith(RLM + "📋 المواقف الحالية:")
    assert "• تحسين الخفاجي: " in reply


async def test_actor_kirby_gives_a_profile(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/actor Kirby", language_code="en"))
    assert reply.startswith("👤 John Kirby — ")
    assert "Pentagon press secretary" in reply
    assert "📌 John Kirby's position:" in reply
    assert KIRBY_EN in reply
    assert_no_error(raqib_chat)


async def test_actor_by_arabic_name_gives_an_arabic_profile(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/actor كيربي"))
    assert reply.startswith(RLM + "👤 جون كيربي")
    assert KIRBY_AR in reply


async def test_actor_unknown_name_gets_a_clear_reply(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/actor nosuchname", language_code="en"))
    assert (
        reply == "No actor called “\u2068nosuchname\u2069” is tracked. /positions lists them all."
    )
    assert_no_error(raqib_chat)


async def test_actor_without_a_name_gets_usage(raqib_chat) -> None:
    assert only(await raqib_chat.send("/actor", language_code="en")) == (
        "Give a name after /actor, e.g. /actor Kirby"
    )


# ---------------------------------------------------------------------------------- groups


@pytest.mark.parametrize("group", [GROUP, OTHER_GROUP])
async def test_group_chatter_gets_no_reply(raqib_chat, group) -> None:
    assert await raqib_chat.send("what did Kirby say?", chat_id=group) == []
    assert await raqib_chat.send("ماذا قال كيربي؟", chat_id=group, user_id=2002) == []
    assert await raqib_chat.send("/frobnicate", chat_id=group) == []  # another bot's command
    assert_no_error(raqib_chat)


async def test_group_message_mentioning_the_bot_gets_an_answer_quoting_it(raqib_chat) -> None:
    update = raqib_chat.api.new_message(GROUP, "@raqib_bot what did Kirby say?")
    reply = only(await raqib_chat.process(update))
    assert KIRBY_EN in reply
    assert raqib_chat.replies[-1]["reply_to_message_id"] == update["message"]["message_id"]
    assert_no_error(raqib_chat)


async def test_group_message_mentioning_the_bot_in_arabic_gets_an_arabic_answer(raqib_chat) -> None:
    reply = only(await raqib_chat.send("ماذا قال كيربي؟ @raqib_bot", chat_id=GROUP))
    assert reply.startswith(RLM) and KIRBY_AR in reply


async def test_group_reply_to_the_bot_gets_an_answer(raqib_chat) -> None:
    only(await raqib_chat.send("@raqib_bot /countdown", chat_id=GROUP))
    assert await raqib_chat.send("what did McNulty say?", chat_id=GROUP) == []
    reply = only(await raqib_chat.send("what did McNulty say?", chat_id=GROUP, reply_to_bot=True))
    assert MCNULTY_EN in reply
    assert_no_error(raqib_chat)


async def test_group_commands_are_answered(raqib_chat) -> None:
    reply = only(await raqib_chat.send("/countdown@raqib_bot", chat_id=GROUP, language_code="en"))
    assert "36 days 12 hours left" in reply


async def test_group_sticker_and_photo_get_silence(raqib_chat) -> None:
    assert await raqib_chat.send_sticker(GROUP) == []
    assert await raqib_chat.send_photo(GROUP) == []
    assert_no_error(raqib_chat)
    await assert_still_answers(raqib_chat, GROUP)


# ------------------------------------------------------------------------------- bad input

BAD_TEXTS = {
    "4096 latin letters": "x" * 4096,
    "4096-char repeated question": ("what did Kirby say? " * 205)[:4096],
    "4096-char Arabic": ("ماذا قال كيربي؟ " * 300)[:4096],
    "4096 emoji": "🙂" * 4096,
    "emoji only": "😀🔥🇮🇶👍🏽",
    "bidi controls and mixed scripts": "\u202eماذا قال\u2066 Kirby\u2069؟\u202c",
    "invisible characters only": "\u200b\u200f\u202e\u2066",
    "FTS injection": '" OR NEAR( * DROP TABLE x; --',
    "FTS prefix": "kirby*",
    "FTS operators only": "NOT AND OR",
    "SQL injection": "'; DROP TABLE statements; --",
    "FTS column filter": "text_en: kirby NEAR/2 said",
    "unbalanced quotes and brackets": '"((( kirby ]]} \\',
    "a lone slash": "/",
}


@pytest.mark.parametrize("text", list(BAD_TEXTS.values()), ids=list(BAD_TEXTS))
async def test_bad_text_gets_a_short_reply_or_silence_and_the_bot_keeps_answering(
    raqib_chat, record, text
) -> None:
    statements = record.statement_count()
    replies = await raqib_chat.send(text)
    assert len(replies) <= 1, replies
    assert all(len(reply) <= 1000 for reply in replies), replies
    assert_no_error(raqib_chat)
    await assert_still_answers(raqib_chat)
    assert record.statement_count() == statements  # nothing was dropped or written
    assert KIRBY_EN in only(await raqib_chat.send("what did Kirby say?"))


async def test_fts_syntax_in_a_name_still_finds_the_speaker(raqib_chat) -> None:
    reply = only(await raqib_chat.send("kirby*"))
    assert "John Kirby" in reply


@pytest.mark.parametrize(
    "command",
    [
        "/who " + "x" * 4000,
        "/actor " + "ب" * 4000,
        '/actor " OR NEAR( * DROP TABLE x; --',
        "/timezone " + "A/" * 2000,
        "/timezone ../../etc/passwd",
        "/lang " + "\u202e" * 50,
        "/countdown extra words 🙂",
    ],
    ids=[
        "who-4000",
        "actor-4000",
        "actor-fts",
        "timezone-4000",
        "timezone-path",
        "lang-bidi",
        "countdown-args",
    ],
)
async def test_bad_command_arguments_get_a_short_reply(raqib_chat, command) -> None:
    reply = only(await raqib_chat.send(command))
    assert len(reply) <= 400, reply
    assert_no_error(raqib_chat)
    await assert_still_answers(raqib_chat)


@pytest.mark.parametrize("command", ["/actor \u202eZorro", "/timezone \u202eEurope/Nowhere"])
async def test_echoed_user_text_carries_no_bidi_controls(raqib_chat, command) -> None:
    reply = only(await raqib_chat.send(command, language_code="en"))
    assert "Zorro" in reply or "Europe/Nowhere" in reply
    assert not any(c in reply for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067"), repr(reply)


async def test_unknown_command_in_private_gets_a_short_reply(raqib_chat) -> None:
    assert only(await raqib_chat.send("/frobnicate", language_code="en")) == (
        "I don't know that command. /help lists what I can do."
    )
    arabic = only(await raqib_chat.send("/frobnicate", chat_id=5003))
    assert arabic.startswith(RLM + "لا أعرف هذا الأمر")
    assert_no_error(raqib_chat)
    await assert_still_answers(raqib_chat)


async def test_edited_question_gets_silence(raqib_chat) -> None:
    update = raqib_chat.api.new_message(raqib_chat.private_chat, "what did Kirby say?")
    assert len(await raqib_chat.process(update)) == 1
    edited = await raqib_chat.edit(
        raqib_chat.private_chat, update["message"]["message_id"], "what did McNulty say?"
    )
    assert edited == []
    assert_no_error(raqib_chat)
    await assert_still_answers(raqib_chat)


async def test_edited_message_in_a_group_gets_silence(raqib_chat) -> None:
    update = raqib_chat.api.new_message(GROUP, "hello all")
    await raqib_chat.process(update)
    edited = await raqib_chat.edit(
        GROUP, update["message"]["message_id"], "@raqib_bot what did Kirby say?"
    )
    assert edited == []


async def test_edited_command_gets_silence(raqib_chat) -> None:
    update = raqib_chat.api.new_message(raqib_chat.private_chat, "hello")
    await raqib_chat.process(update)
    edited = await raqib_chat.edit(
        raqib_chat.private_chat, update["message"]["message_id"], "/countdown"
    )
    assert edited == []


async def test_edited_unknown_command_gets_silence(raqib_chat) -> None:
    update = raqib_chat.api.new_message(raqib_chat.private_chat, "hello")
    await raqib_chat.process(update)
    assert (
        await raqib_chat.edit(
            raqib_chat.private_chat, update["message"]["message_id"], "/frobnicate"
        )
        == []
    )


async def test_an_unexpected_error_is_logged_apologised_for_and_serving_goes_on(
    raqib_chat, record, monkeypatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(record, "current_positions", broken)
    reply = only(await raqib_chat.send("/positions"))
    assert reply == RLM + "عذرًا، حدث خطأ. حاول مرة أخرى."
    assert len(raqib_chat.errors) == 1
    assert "disk on fire" in raqib_chat.errors[0].getMessage()
    monkeypatch.undo()
    assert "📋" in only(await raqib_chat.send("/positions"))
    await assert_still_answers(raqib_chat)


async def test_the_apology_is_in_the_chat_language(raqib_chat, record, monkeypatch) -> None:
    await raqib_chat.send("/lang en")

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(record, "current_positions", broken)
    assert (
        only(await raqib_chat.send("/positions"))
        == "Sorry, something went wrong with that. Please try again."
    )


@pytest.mark.parametrize("kind", ["sticker", "photo"])
async def test_sticker_or_photo_in_private_gets_a_short_reply(raqib_chat, kind) -> None:
    send = raqib_chat.send_sticker if kind == "sticker" else raqib_chat.send_photo
    reply = only(await send())
    assert reply == RLM + "أقرأ النصوص فقط. اكتب سؤالك كتابةً."
    assert_no_error(raqib_chat)
    await assert_still_answers(raqib_chat)


# ------------------------------------------------------------------------------ invariants

ARABIC_INPUTS = [
    "/start",
    "/help",
    "/countdown",
    "/positions",
    "/actor كيربي",
    "/actor لا_أحد",
    "/who",
    "/who ماذا قال الخفاجي؟",
    "ماذا قال كيربي؟",
    "ما موقف النجباء؟",
    "من قال إن موعد الانسحاب ثابت؟",
    "من قال إن نهائي كأس العالم سيقام في بغداد؟",
    "/timezone Not/AZone",
    "/lang",
    "/frobnicate",
    "😀",
]


@pytest.mark.parametrize("text", ARABIC_INPUTS)
async def test_arabic_replies_begin_every_line_with_a_right_to_left_mark(raqib_chat, text) -> None:
    replies = await raqib_chat.send(text)
    assert replies, "expected a reply"
    for reply in replies:
        assert reply.startswith(RLM), repr(reply[:60])
        for line in reply.split("\n"):
            assert not line or line.startswith(RLM), repr(line[:60])
    assert_no_error(raqib_chat)


async def test_every_reply_fits_in_one_telegram_message(raqib_chat) -> None:
    inputs = [
        *ARABIC_INPUTS,
        *BAD_TEXTS.values(),
        "/actor Newsweek",
        "what did Newsweek say?",
        "ماذا قالت نيوزويك؟",
        "/positions",
        "who said withdrawal?",
    ]
    for text in inputs:
        await raqib_chat.send(text)
        await raqib_chat.send(text, language_code="en")
    assert raqib_chat.replies
    for sent in raqib_chat.replies:
        assert len(sent["plain_text"]) <= 4096
        assert len(sent["text"]) <= 4096
    assert_no_error(raqib_chat)


def _leaks(records: list[logging.LogRecord], secret: str) -> list[str]:
    leaks = []
    for log_record in records:
        rendered = log_record.getMessage() + (log_record.exc_text or "") + repr(log_record.args)
        if secret in rendered:
            leaks.append(f"{log_record.name}: {log_record.getMessage()[:80]}")
    return leaks


async def test_the_token_never_appears_in_replies_or_logs_while_serving(
    raqib_chat, record, caplog, monkeypatch
) -> None:
    secret = raqib_chat.token.split(":", 1)[1]
    for text in [
        "/start",
        "/countdown",
        "what did Kirby say?",
        "/frobnicate",
        "/timezone Not/AZone",
        "😀",
    ]:
        await raqib_chat.send(text)
    await raqib_chat.send_sticker()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(record, "current_positions", broken)
    await raqib_chat.send("/positions")  # through the error handler, traceback logged
    texts = [sent["plain_text"] for sent in raqib_chat.replies]
    assert len(texts) == 8
    assert not any(secret in text for text in texts)
    records = caplog.get_records("call")
    assert any(r.levelno == logging.DEBUG for r in records)  # DEBUG really was captured
    assert any(r.name == "raqib.errors" for r in records)  # and so was the error handler's log
    assert _leaks(records, secret) == []


async def test_the_token_never_appears_in_logs_when_the_bot_is_built(raqib_chat, caplog) -> None:
    secret = raqib_chat.token.split(":", 1)[1]
    await raqib_chat.send("/start")
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert any(r.name.startswith("telegram") for r in records)
    assert _leaks(records, secret) == []
