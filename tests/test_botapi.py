"""Pins the fake Bot API: PTB runs on it in process and over HTTP, and faults surface as PTB
exceptions. Handlers here are tiny stand-ins; the real Raqib handlers are tested elsewhere."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from botapi import FakeBotAPI, InProcessRequest
from botapi_server import BotAPIServer
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, EndPointNotFound, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

TOKEN = "123:ABC"


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Countdown", callback_data="cd")]])
    await update.effective_message.reply_text("Raqib is watching", reply_markup=keyboard)


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text(f"pressed {query.data}")


def _build_app(builder_setup: Callable[[Any], Any]) -> Application:
    app = builder_setup(Application.builder().token(TOKEN)).build()
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CallbackQueryHandler(_button))
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, _echo)
    )
    return app


def _in_process_app(api: FakeBotAPI) -> Application:
    return _build_app(
        lambda b: b.request(InProcessRequest(api)).get_updates_request(InProcessRequest(api))
    )


async def _wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.01)


# ---------------------------------------------------------------------- (a) in process


async def test_in_process_application_initializes_and_replies() -> None:
    api = FakeBotAPI()
    app = _in_process_app(api)
    await app.initialize()
    try:
        assert app.bot.username == "raqib_bot"
        assert app.bot.first_name == "Raqib"
        assert app.bot.id == api.bot_id

        await app.process_update(Update.de_json(api.new_message(42, "hello"), app.bot))
        assert api.sent[-1]["chat_id"] == 42
        assert api.sent[-1]["text"] == "echo: hello"

        await app.process_update(Update.de_json(api.new_message(42, "/start"), app.bot))
        reply = api.sent[-1]
        assert reply["text"] == reply["plain_text"] == "Raqib is watching"
        keyboard = reply["reply_markup"]["inline_keyboard"]
        assert keyboard[0][0] == {"text": "Countdown", "callback_data": "cd"}

        update = api.new_callback_query(42, 42, "cd", reply["message_id"])
        await app.process_update(Update.de_json(update, app.bot))
        assert api.callback_answers[-1]["text"] == "ok"
        assert api.edited[-1]["text"] == "pressed cd"
        # Editing text without reply_markup drops the keyboard, as on Telegram.
        assert api.edited[-1]["reply_markup"] is None
    finally:
        await app.shutdown()


async def test_in_process_group_reply_quotes_the_message() -> None:
    api = FakeBotAPI()
    app = _in_process_app(api)
    await app.initialize()
    try:
        update = api.new_message(-1001000000123, "hi all", user_id=7, chat_title="Watchers")
        await app.process_update(Update.de_json(update, app.bot))
        sent = api.sent[-1]
        assert sent["chat_id"] == -1001000000123
        assert sent["reply_to_message_id"] == update["message"]["message_id"]
        assert sent["message"]["chat"]["type"] == "supergroup"
    finally:
        await app.shutdown()


async def test_in_process_polling_long_poll_wakes_on_injection() -> None:
    api = FakeBotAPI()
    app = _in_process_app(api)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=10, poll_interval=0)
        await asyncio.sleep(0.05)  # let the first long poll park
        started = time.monotonic()
        api.new_message(42, "ping")
        await _wait_until(lambda: any(r["text"] == "echo: ping" for r in api.sent))
        assert time.monotonic() - started < 2
        # The terminal chat injects from its input thread; that must wake the poll too.
        await asyncio.sleep(0.05)
        await asyncio.to_thread(api.new_message, 42, "from a thread")
        await _wait_until(lambda: api.sent[-1]["text"] == "echo: from a thread", timeout=2)
        await app.updater.stop()
        await app.stop()
    assert api.pending_updates == []


# ---------------------------------------------------------------------- (b) over HTTP


async def test_http_polling_receives_and_replies(botapi_server: BotAPIServer) -> None:
    api = botapi_server.api
    app = _build_app(lambda b: b.base_url(botapi_server.base_url))
    await app.initialize()
    assert app.bot.username == "raqib_bot"
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=10, poll_interval=0)
    try:
        await asyncio.sleep(0.1)  # the first getUpdates is now parked on the server
        started = time.monotonic()
        api.new_message(42, "hello over http")
        record = await botapi_server.wait_for_sent(lambda r: r["chat_id"] == 42)
        assert record["text"] == "echo: hello over http"
        assert time.monotonic() - started < 2, "long poll did not wake on injection"

        since = len(api.sent)
        api.new_message(42, "/start")
        record = await botapi_server.wait_for_sent(lambda r: True, since=since)
        assert record["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "cd"
    finally:
        stop_started = time.monotonic()
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert time.monotonic() - stop_started < 3, "stopping waited for the long poll"
    assert api.pending_updates == [], "the final getUpdates should confirm everything"
    methods = {call.method for call in api.calls}
    assert {"getMe", "deleteWebhook", "getUpdates", "sendMessage"} <= methods


async def test_http_server_accepts_get_and_json(botapi_server: BotAPIServer) -> None:
    base = f"{botapi_server.base_url}{TOKEN}"
    async with httpx.AsyncClient() as client:
        me = (await client.get(f"{base}/GETME")).json()
        assert me["ok"] and me["result"]["username"] == "raqib_bot"

        sent = await client.post(
            f"{base}/sendMessage",
            json={"chat_id": 5, "text": "hi", "reply_markup": {"inline_keyboard": []}},
        )
        assert sent.status_code == 200
        assert sent.json()["result"]["chat"]["id"] == 5

        missing = await client.post(f"{base}/noSuchMethod")
        assert missing.status_code == 404
        assert missing.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }

        bad_token = await client.get(f"{botapi_server.base_url}nonsense/getMe")
        assert bad_token.status_code == 404
        assert "nonsense" not in bad_token.text

    started = time.monotonic()
    async with httpx.AsyncClient() as client:
        poll = await client.get(f"{base}/getUpdates", params={"timeout": "0.3"})
    assert poll.json() == {"ok": True, "result": []}
    assert 0.25 <= time.monotonic() - started < 2


# ---------------------------------------------------------------------- (c) faults, both transports


@pytest.fixture(params=["in_process", "http"])
async def ptb_bot(request: pytest.FixtureRequest) -> AsyncIterator[tuple[FakeBotAPI, Bot]]:
    """A plain PTB ``Bot`` on a fresh FakeBotAPI, reached in process or over HTTP."""
    api = FakeBotAPI()
    if request.param == "in_process":
        bot = Bot(TOKEN, request=InProcessRequest(api), get_updates_request=InProcessRequest(api))
        async with bot:
            yield api, bot
        return
    with BotAPIServer(api) as server:
        async with Bot(TOKEN, base_url=server.base_url) as bot:
            yield api, bot


async def test_injected_429_raises_retry_after(
    ptb_bot: tuple[FakeBotAPI, Bot], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as timedelta, no warning
    api, bot = ptb_bot
    api.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(42, "reminder")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    assert api.sent == []
    await bot.send_message(42, "reminder")  # the failure was one-shot
    assert [r["text"] for r in api.sent] == ["reminder"]


async def test_rate_limit_answers_429_until_the_window_passes(
    ptb_bot: tuple[FakeBotAPI, Bot], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api, bot = ptb_bot
    now = [1000.0]
    api.clock = lambda: now[0]
    api.rate_limit = 2
    await bot.send_message(1, "a")
    await bot.send_message(2, "b")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(3, "c")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    now[0] += 1.0
    await bot.send_message(3, "c")
    assert [r["chat_id"] for r in api.sent] == [1, 2, 3]


async def test_blocked_chat_raises_forbidden(ptb_bot: tuple[FakeBotAPI, Bot]) -> None:
    api, bot = ptb_bot
    api.blocked.add(42)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(42, "hi")
    api.new_my_chat_member(43, 43, "member", "kicked")  # how Telegram reports a block
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(43, "hi")
    api.new_my_chat_member(43, 43, "kicked", "member")
    await bot.send_message(43, "welcome back")


async def test_migrated_group_raises_chat_migrated(ptb_bot: tuple[FakeBotAPI, Bot]) -> None:
    api, bot = ptb_bot
    api.new_message(-555, "hello", user_id=7, chat_title="Old group")
    api.migrate_chat(-555, -1001234567890)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-555, "hi")
    assert caught.value.new_chat_id == -1001234567890
    message = await bot.send_message(caught.value.new_chat_id, "hi")
    assert message.chat.type == "supergroup"
    assert message.chat.title == "Old group"


async def test_bad_requests_match_telegram(ptb_bot: tuple[FakeBotAPI, Bot]) -> None:
    # PTB strips "Bad Request: " and str.capitalize()s the rest, hence (?i) below.
    api, bot = ptb_bot
    with pytest.raises(BadRequest, match="(?i)unsupported parse_mode"):  # Raqib sends plain text
        await bot.send_message(42, "1 < 2", parse_mode="HTML")
    assert (await bot.send_message(42, "😀" * 2048)).text == "😀" * 2048  # 4,096 UTF-16 units
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(42, "😀" * 2049)  # 2,049 characters, but 4,098 UTF-16 units
    sent = await bot.send_message(42, "same")
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text("same", chat_id=42, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])
        await bot.send_message(42, "too long data", reply_markup=markup)
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    api.fail_next("getChat", 400, "Bad Request: chat not found", times=2)
    for _ in range(2):
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.get_chat(42)
    assert (await bot.get_chat(42)).id == 42


async def test_admins_and_membership(ptb_bot: tuple[FakeBotAPI, Bot]) -> None:
    api, bot = ptb_bot
    api.new_message(-1001000000500, "hi", user_id=11)
    api.set_admins(-1001000000500, [12, api.bot_id], owner_id=13)
    assert (await bot.get_chat_member(-1001000000500, 11)).status == "member"
    assert (await bot.get_chat_member(-1001000000500, 12)).status == "administrator"
    assert (await bot.get_chat_member(-1001000000500, 13)).status == "creator"
    assert (await bot.get_chat_member(-1001000000500, 99)).status == "left"
    api.new_my_chat_member(-1001000000500, 13, "administrator", "kicked")
    with pytest.raises(Forbidden, match="kicked from the supergroup chat"):
        await bot.send_message(-1001000000500, "still here?")


async def test_commands_round_trip(ptb_bot: tuple[FakeBotAPI, Bot]) -> None:
    _, bot = ptb_bot
    await bot.set_my_commands([("start", "Start"), ("countdown", "Time left")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "countdown"]
    assert await bot.get_my_commands(language_code="ar") == ()
    with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Start-Now", "bad")])


# ---------------------------------------------------------------------- FakeBotAPI directly


def test_get_updates_offset_and_limit() -> None:
    api = FakeBotAPI()
    ids = [api.new_message(1, f"m{i}")["update_id"] for i in range(3)]
    status, body = api.call("getupdates", {"limit": "2"})
    assert status == 200 and [u["update_id"] for u in body["result"]] == ids[:2]
    status, body = api.call("getUpdates", {"offset": str(ids[1])})
    assert [u["update_id"] for u in body["result"]] == ids[1:]
    assert [u["update_id"] for u in api.pending_updates] == ids[1:]  # ids[0] confirmed
    status, body = api.call("getUpdates", {"offset": "-1"})
    assert [u["update_id"] for u in body["result"]] == ids[2:]
    api.call("setWebhook", {"url": "https://example.org/hook"})
    status, body = api.call("getUpdates", {})
    assert status == 409 and body["error_code"] == 409


def test_updates_and_replies_are_valid_ptb_objects() -> None:
    api = FakeBotAPI()
    command = Update.de_json(
        api.new_message(-1001000000777, "/countdown@raqib_bot now", user_id=5), None
    )
    assert command.message is not None and command.message.text is not None
    assert command.message.entities[0].type == "bot_command"
    assert command.message.entities[0].length == len("/countdown@raqib_bot")
    sticker = Update.de_json(api.new_sticker(5), None)
    assert sticker.message is not None and sticker.message.sticker is not None
    status, body = api.call("sendMessage", {"chat_id": "-1001000000777", "text": "ok"})
    assert status == 200
    reply = Update.de_json(
        api.new_message(-1001000000777, "thanks", user_id=5, reply_to_bot=True), None
    )
    assert reply.message is not None and reply.message.reply_to_message is not None
    assert reply.message.reply_to_message.from_user is not None
    assert reply.message.reply_to_message.from_user.id == api.bot_id
    edited = Update.de_json(api.new_edited_message(-1001000000777, 1, "/countdown later"), None)
    assert edited.edited_message is not None and edited.edited_message.edit_date is not None
    member = Update.de_json(
        api.new_my_chat_member(-1001000000777, 5, "member", "administrator"), None
    )
    assert member.my_chat_member is not None
    assert member.my_chat_member.new_chat_member.status == "administrator"


def test_on_send_callback_and_privacy_mode() -> None:
    seen: list[str] = []
    api = FakeBotAPI(privacy_mode=True)
    api.on_send = lambda record: seen.append(record["plain_text"])
    api.call("sendMessage", {"chat_id": "9", "text": " hi\n"})  # trimmed, as Telegram does
    assert seen == ["hi"]
    api.new_message(-42, "chatter between humans", user_id=3)
    api.new_message(-42, "/start", user_id=3)
    api.new_message(-42, "hey @raqib_bot", user_id=3)
    texts = [u["message"]["text"] for u in api.pending_updates]
    assert texts == ["/start", "hey @raqib_bot"]


def test_get_updates_delivers_only_the_allowed_update_types() -> None:
    api = FakeBotAPI()
    post = api.new_message(-1001000000999, "a channel post", chat_type="channel")["update_id"]
    message = api.new_message(5, "hello")["update_id"]
    api.new_my_chat_member(5, 5, "member", "kicked")
    status, body = api.call("getUpdates", {"allowed_updates": '["message", "my_chat_member"]'})
    kinds = [next(k for k in u if k != "update_id") for u in body["result"]]
    assert kinds == ["message", "my_chat_member"]
    assert post not in {u["update_id"] for u in api.pending_updates}  # dropped, never delivered
    # The list holds for later calls without one, as on Telegram.
    api.new_message(-1001000000999, "another post", chat_type="channel")
    status, body = api.call("getUpdates", {"offset": str(message + 10)})
    assert body["result"] == []
    # Never set: everything except chat_member and reactions.
    fresh = FakeBotAPI()
    fresh.new_message(-1001000000999, "post", chat_type="channel")
    assert [list(u)[1] for u in fresh.call("getUpdates", {})[1]["result"]] == ["channel_post"]


def test_unanswered_callback_queries_are_tracked() -> None:
    api = FakeBotAPI()
    markup = '{"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}'
    sent = api.call("sendMessage", {"chat_id": "5", "text": "press", "reply_markup": markup})[1]
    message_id = sent["result"]["message_id"]
    first = api.new_callback_query(5, 5, "go", message_id)["callback_query"]["id"]
    second = api.new_callback_query(5, 5, "go", message_id)["callback_query"]["id"]
    assert api.unanswered_callbacks == [first, second]
    assert api.call("answerCallbackQuery", {"callback_query_id": first})[0] == 200
    assert api.unanswered_callbacks == [second]
    status, body = api.call("answerCallbackQuery", {"callback_query_id": first})
    assert status == 400 and "query is too old" in body["description"]  # answered once only
