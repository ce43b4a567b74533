"""End to end: Raqib's real Application on PTB's own HTTP transport (HTTPXRequest), long
polling the stand-in Bot API on 127.0.0.1. Nothing here goes beyond the loopback interface:
the Config's base_url points PTB at the stand-in server."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from telegram.request import HTTPXRequest

from bot.app import build_application
from bot.clock import make_clock
from bot.config import Config
from storage import Record

TOKEN = "424242:RAQIB-e2e-SECRET"
NOW = datetime(2021, 11, 25, 12, 0, tzinfo=timezone(timedelta(hours=3)))
RLM = "\u200f"
USER = 7001


async def test_raqib_answers_over_http_long_polling(botapi_server, tmp_path) -> None:
    server = botapi_server
    api = server.api
    record = Record.open(tmp_path / "r.db")
    config = Config(token=TOKEN, base_url=server.base_url, db_path=str(tmp_path / "r.db"))
    app = build_application(config, record, make_clock(NOW))
    app.bot_data["replay"] = True  # the record as it stood at NOW
    assert isinstance(app.bot.request, HTTPXRequest)  # PTB's own transport, not the in-process one
    assert server.base_url.startswith("http://127.0.0.1:")

    async def ask(inject, predicate=lambda sent: sent["chat_id"] == USER) -> str:
        since = len(api.sent)
        inject()
        sent = await server.wait_for_sent(predicate, timeout=10, since=since)
        return sent["plain_text"]

    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        # /start, in Arabic by default
        start = await ask(lambda: api.new_message(USER, "/start"))
        assert start.startswith(RLM) and "أنا رقيب" in start

        # an Arabic question: Kirby's words in Arabic
        arabic = await ask(lambda: api.new_message(USER, "ماذا قال كيربي؟"))
        assert arabic.startswith(RLM)
        assert "لن تبقى في العراق بعد الموعد المعلن" in arabic

        # an English question: the English translation
        english = await ask(lambda: api.new_message(USER, "What did McNulty say?"))
        assert "There are no current plans for a complete withdrawal from Iraq." in english

        # the countdown
        countdown = await ask(lambda: api.new_message(USER, "/countdown"))
        assert "36 يومًا" in countdown

        # bad input: emoji only, then a sticker; short replies, no apology
        emoji = await ask(lambda: api.new_message(USER, "😀🔥🇮🇶"))
        assert len(emoji) < 300 and "حدث خطأ" not in emoji
        sticker = await ask(lambda: api.new_sticker(USER))
        assert sticker == RLM + "أقرأ النصوص فقط. اكتب سؤالك كتابةً."

        # group chatter is ignored, a mention is answered
        since = len(api.sent)
        api.new_message(-1009, "what did Kirby say?")
        mention = await ask(
            lambda: api.new_message(-1009, "@raqib_bot what did Kirby say?"),
            predicate=lambda sent: sent["chat_id"] == -1009,
        )
        assert "US combat forces will not remain in Iraq after the announced date." in mention
        assert [s["chat_id"] for s in api.sent[since:]] == [-1009]

        # and still serving after all that
        again = await ask(lambda: api.new_message(USER, "/countdown"))
        assert "36 يومًا" in again
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()

    # Every update was consumed over HTTP, every reply went out, nothing failed.
    methods = [call.method for call in api.calls]
    assert "getUpdates" in methods and "getMe" in methods
    assert all(call.status == 200 for call in api.calls), [
        (c.method, c.status, c.body) for c in api.calls if c.status != 200
    ]
    assert all(len(sent["plain_text"]) <= 4096 for sent in api.sent)
    assert len(api.sent) == 8
    assert not any(TOKEN.split(":")[1] in sent["plain_text"] for sent in api.sent)
