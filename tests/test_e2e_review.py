"""End to end over HTTP: the review flow on PTB's own transport, long polling the stand-in Bot
API on 127.0.0.1, with the article served by a local web server. An admin sends a link, gets
review cards, approves one; a chat that follows the speaker is told its position moved."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from web_server import WebServer

from bot.app import build_application
from bot.clock import make_clock
from bot.config import Config, FetchConfig
from storage import Record

TOKEN = "424242:RAQIB-e2e-review-SECRET"
NOW = datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
ADMIN = 777
READER = 7001
KIRBY_QUOTE = "القوات القتالية الأمريكية ستغادر العراق بحلول نهاية العام الجاري"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


async def test_an_admin_takes_a_link_to_an_approved_statement_and_a_follower_alert(
    botapi_server, tmp_path
) -> None:
    server = botapi_server
    api = server.api
    record = Record.open(tmp_path / "r.db")
    config = Config(
        token=TOKEN, base_url=server.base_url, admins=frozenset({ADMIN}),
        db_path=str(tmp_path / "r.db"),
        fetch=FetchConfig(allow_private_fetch=True),  # the article is served on 127.0.0.1
    )
    app = build_application(config, record, make_clock(NOW))
    with WebServer() as web:
        url = web.route("/news/kirby", (FIXTURES / "kirby-ar.html").read_text(encoding="utf-8"))
        await app.initialize()
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            since = len(api.sent)
            api.new_message(READER, "/follow كيربي")
            followed = await server.wait_for_sent(
                lambda s: s["chat_id"] == READER, since=since, timeout=10
            )
            assert "جون كيربي" in followed["plain_text"]

            api.new_message(ADMIN, url)
            card = await server.wait_for_sent(
                lambda s: (
                    s["chat_id"] == ADMIN
                    and bool(s.get("reply_markup"))
                    and KIRBY_QUOTE in s["plain_text"]
                ),
                timeout=20,
            )
            approve = next(
                b["callback_data"]
                for row in card["reply_markup"]["inline_keyboard"]
                for b in row
                if b["callback_data"].startswith("rv:a:")
            )
            since = len(api.sent)
            api.new_callback_query(ADMIN, ADMIN, approve, card["message_id"])
            alert = await server.wait_for_sent(
                lambda s: s["chat_id"] == READER, since=since, timeout=10
            )
            assert (
                "تغيّر موقف جون كيربي" in alert["plain_text"] and KIRBY_QUOTE in alert["plain_text"]
            )
            assert url in alert["plain_text"]
            assert "✅" in api.get_message(ADMIN, card["message_id"])["text"]
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
