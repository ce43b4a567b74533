"""allowed_updates is derived from the registered handlers (bot.app.allowed_updates), and
Telegram (the stand-in here) delivers nothing else: a /monitor'd channel's posts arrive over
HTTP long polling only because channel_post is asked for."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from botapi import FakeBotAPI
from telegram import Update
from telegram.ext import (
    ChatMemberHandler,
    MessageHandler,
    PollAnswerHandler,
    TypeHandler,
    filters,
)

from bot.app import allowed_updates, build_application
from bot.clock import make_clock
from bot.config import Config
from storage import Record

TOKEN = "424242:RAQIB-allowed-SECRET"
ADMIN = 7101
CHANNEL = -1009990001
NOW = datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
POST = (Path(__file__).parent / "fixtures" / "ingest" / "channel-post.txt").read_text(
    encoding="utf-8"
)
# What `run` asked for before the list was derived: no channel_post.
HAND_WRITTEN = ["message", "edited_message", "callback_query", "my_chat_member"]


def _app(tmp_path: Path, **config):
    record = Record.open(tmp_path / "r.db")
    return build_application(
        Config(token=TOKEN, admins=frozenset({ADMIN}), **config), record, make_clock(NOW)
    )


def _samples() -> dict[str, dict]:
    """One update of each kind, as Telegram would send it."""
    api = FakeBotAPI(token=TOKEN)
    api.new_message(ADMIN, "/start")
    sent = api.call(
        "sendMessage",
        {
            "chat_id": str(ADMIN),
            "text": "card",
            "reply_markup": '{"inline_keyboard": [[{"text": "✅", "callback_data": "rv:a:1"}]]}',
        },
    )[1]["result"]
    post = api.new_message(CHANNEL, POST, chat_type="channel")
    chat_member = api.new_my_chat_member(-1001000000123, ADMIN, "left", "member")
    chat_member["chat_member"] = chat_member.pop("my_chat_member")  # someone else joined
    return {
        "message": api.new_message(ADMIN, "what did Kirby say?"),
        "channel_post": post,
        "edited_channel_post": api.new_edited_message(
            CHANNEL, post["channel_post"]["message_id"], POST + "!"
        ),
        "callback_query": api.new_callback_query(ADMIN, ADMIN, "rv:a:1", sent["message_id"]),
        "my_chat_member": api.new_my_chat_member(ADMIN, ADMIN, "member", "kicked"),
        "chat_member": chat_member,
        "inline_query": api.new_inline_query(ADMIN, "what did Kirby say?"),
    }


def test_every_update_a_handler_would_take_is_asked_for(tmp_path: Path) -> None:
    app = _app(tmp_path)
    asked = allowed_updates(app)
    handlers = [h for group in app.handlers.values() for h in group]
    for kind, data in _samples().items():
        update = Update.de_json(data, app.bot)
        taken = any(h.check_update(update) not in (None, False) for h in handlers)  # PTB decides
        if taken:
            assert kind in asked, f"a handler takes {kind} but polling would never receive it"
    assert {"message", "channel_post", "callback_query", "my_chat_member"} <= set(asked)
    assert "inline_query" in asked  # handlers.inline
    assert "chat_member" not in asked and "poll_answer" not in asked  # nothing takes them
    assert asked == [str(k) for k in Update.ALL_TYPES if k in asked]  # Telegram's order


def test_a_new_handler_brings_its_update_type(tmp_path: Path) -> None:
    app = _app(tmp_path)
    before = set(allowed_updates(app))

    async def noop(update, context) -> None:
        return None

    app.add_handler(ChatMemberHandler(noop, ChatMemberHandler.CHAT_MEMBER))
    app.add_handler(PollAnswerHandler(noop), group=3)
    assert set(allowed_updates(app)) - before == {"chat_member", "poll_answer"}
    edited_posts = MessageHandler(filters.UpdateType.EDITED_CHANNEL_POST & filters.TEXT, noop)
    assert allowed_updates(_only(tmp_path / "a", edited_posts)) == ["edited_channel_post"]
    not_edits = MessageHandler(~filters.UpdateType.EDITED & filters.TEXT, noop)
    assert "edited_message" not in allowed_updates(_only(tmp_path / "b", not_edits))
    assert allowed_updates(_only(tmp_path / "c", TypeHandler(Update, noop))) == [
        str(k) for k in Update.ALL_TYPES
    ]


def _only(path: Path, handler):
    path.mkdir()
    app = _app(path)
    app.handlers.clear()
    app.add_handler(handler)
    return app


@pytest.mark.parametrize("derived", [True, False], ids=["derived", "hand-written"])
async def test_a_monitored_channel_post_reaches_the_admins_over_http(
    botapi_server, tmp_path, derived
) -> None:
    server, api = botapi_server, botapi_server.api
    app = _app(tmp_path, base_url=server.base_url)
    api.new_message(
        CHANNEL,
        "Rafidain News opens its channel today, welcome all",
        chat_type="channel",
        chat_title="Rafidain News",
    )
    await app.initialize()
    await app.start()
    await app.updater.start_polling(
        poll_interval=0,
        timeout=1,
        allowed_updates=allowed_updates(app) if derived else HAND_WRITTEN,
    )
    try:
        since = len(api.sent)
        api.new_message(ADMIN, f"/monitor on {CHANNEL}", language_code="en")
        on = await server.wait_for_sent(lambda r: r["chat_id"] == ADMIN, timeout=10, since=since)
        assert on["plain_text"].startswith("👁 Monitoring")
        since = len(api.sent)
        api.new_message(CHANNEL, POST, chat_type="channel")
        if not derived:  # Telegram drops a type not asked for: the post is never delivered
            with pytest.raises(TimeoutError):
                await server.wait_for_sent(lambda r: r["chat_id"] == ADMIN, timeout=2, since=since)
            assert not [u for u in api.pending_updates if "channel_post" in u]
            return
        card = await server.wait_for_sent(
            lambda r: r["chat_id"] == ADMIN and r["reply_markup"], timeout=10, since=since
        )
        approve = next(
            b
            for row in card["reply_markup"]["inline_keyboard"]
            for b in row
            if b["callback_data"].startswith("rv:a:")
        )
        edits = len(api.edited)
        api.new_callback_query(ADMIN, ADMIN, approve["callback_data"], card["message_id"])
        for _ in range(500):
            if len(api.edited) > edits and not api.unanswered_callbacks:
                break
            await asyncio.sleep(0.02)
        assert api.edited[-1]["text"].startswith("✅")
        assert api.unanswered_callbacks == []  # the button stopped spinning
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
