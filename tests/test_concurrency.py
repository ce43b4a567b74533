"""One slow link must not stall the bot (issue 12): updates of different chats run at once,
those of one chat in order. Over HTTP: PTB long-polls the stand-in Bot API on 127.0.0.1; the
admin's link points at a server that drips one byte every 0.2 s."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler

from hostile_server import HostileServer

from bot.app import build_application
from bot.clock import make_clock
from bot.config import Config, FetchConfig
from storage import Record

TOKEN = "424242:RAQIB-concurrency-SECRET"
NOW = datetime(2021, 11, 19, 12, 0, tzinfo=timezone(timedelta(hours=3)))
ADMIN = 777
READER = 7001


def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _ in range(100):
        handler.wfile.write(b"<")
        handler.wfile.flush()
        time.sleep(0.2)


async def _serve(botapi_server, tmp_path, timeout_seconds: float):
    fetch = FetchConfig(allow_private_fetch=True, timeout_seconds=timeout_seconds)
    config = Config(
        token=TOKEN, base_url=botapi_server.base_url, admins=frozenset({ADMIN}), fetch=fetch
    )
    app = build_application(config, Record.open(tmp_path / "r.db"), make_clock(NOW))
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    return app


async def _stop(app) -> None:
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


async def test_a_question_is_answered_within_a_second_while_a_slow_link_is_read(
    botapi_server, tmp_path
):
    server, api = botapi_server, botapi_server.api
    with HostileServer() as web:
        web.routes["/slow"] = _drip
        app = await _serve(server, tmp_path, timeout_seconds=20)
        try:
            api.new_message(ADMIN, web.url("/slow"), language_code="en")
            await server.wait_for_sent(lambda s: s["chat_id"] == ADMIN, timeout=10)  # "Reading …"
            for _ in range(3):
                since = len(api.sent)
                asked = time.monotonic()
                api.new_message(READER, "/countdown", language_code="en")
                await server.wait_for_sent(lambda s: s["chat_id"] == READER, since=since, timeout=5)
                assert time.monotonic() - asked < 1.0
            assert "/slow" in web.hits and not any(
                "Could not read" in s["plain_text"] for s in api.sent
            )
        finally:
            await _stop(app)


async def test_one_chats_updates_stay_in_order(botapi_server, tmp_path):
    server, api = botapi_server, botapi_server.api
    with HostileServer() as web:
        web.routes["/slow"] = _drip
        app = await _serve(server, tmp_path, timeout_seconds=1.5)
        try:
            api.new_message(ADMIN, web.url("/slow"), language_code="en")
            api.new_message(ADMIN, "/countdown", language_code="en")
            await server.wait_for_sent(
                lambda s: s["chat_id"] == ADMIN and "left" in s["plain_text"].lower(), timeout=10
            )
            texts = [s["plain_text"] for s in api.sent if s["chat_id"] == ADMIN]
            assert texts[0].startswith("⏳ Reading") and texts[1].startswith("Could not read")
            assert "longer than 1.5 s" in texts[1] and len(texts) == 3
        finally:
            await _stop(app)
