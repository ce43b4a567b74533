"""Polling that never dies silently (issue 12), against the stand-in Bot API over HTTP:
401 and 5xx blips on getUpdates are retried; an update that cannot be parsed is skipped,
logged once with its id, and the ones after it are answered; a token rejected at start-up
is one line and a non-zero exit, without the token or a traceback."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from botapi import FakeBotAPI
from botapi_server import BotAPIServer

from bot.app import build_application
from bot.clock import make_clock
from bot.config import Config
from bot.polling import TOKEN_REJECTED, parse_updates, serve
from storage import Record

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "424242:RAQIB-polling-SECRET"
NOW = datetime(2021, 11, 19, 12, 0, tzinfo=timezone(timedelta(hours=3)))
READER = 7001
GOOD = {"message_id": 1, "date": 1637312400, "chat": {"id": 5, "type": "private"}, "text": "hi"}


def test_parse_updates_skips_what_cannot_be_read_and_confirms_it(caplog):
    caplog.set_level(logging.WARNING, "raqib.polling")
    raw = [
        {"update_id": "abc", "message": GOOD},
        {"message": GOOD},
        5,
        {"update_id": 7, "message": {**GOOD, "date": "yesterday"}},
        {"update_id": 8, "message": {**GOOD, "from": {"id": 5, "is_bot": False}}},  # no first_name
        {"update_id": 9, "message": GOOD},
    ]
    skipped: set = set()
    for _ in range(2):
        updates, confirm = parse_updates(raw, None, skipped)
        assert [u.update_id for u in updates] == [9] and confirm == 10
    skips = [r.getMessage() for r in caplog.records if "skipped update" in r.getMessage()]
    assert len(skips) == 5 and any(s.startswith("skipped update 7:") for s in skips)  # once each


async def _serving(botapi_server, tmp_path):
    config = Config(token=TOKEN, base_url=botapi_server.base_url)
    app = build_application(config, Record.open(tmp_path / "r.db"), make_clock(NOW))
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop=stop, timeout=1))
    return stop, task


async def _ask(server, since: int | None = None) -> dict:
    since = len(server.api.sent) if since is None else since
    server.api.new_message(READER, "/countdown", language_code="en")
    return await server.wait_for_sent(lambda s: s["chat_id"] == READER, since=since, timeout=15)


async def test_polling_survives_401_and_5xx_blips(botapi_server, tmp_path):
    server = botapi_server
    stop, task = await _serving(server, tmp_path)
    try:
        await _ask(server)
        server.api.fail_next("getUpdates", 401)
        server.api.fail_next("getUpdates", 502)
        await asyncio.sleep(0.5)
        await _ask(server)  # answered once the blips pass (back-off 1 s, then 2 s)
        assert not task.done()
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0


async def test_an_update_that_cannot_be_read_is_skipped_once_and_the_next_answered(
    botapi_server, tmp_path, caplog
):
    caplog.set_level(logging.WARNING, "raqib.polling")
    server, api = botapi_server, botapi_server.api
    stop, task = await _serving(server, tmp_path)
    try:
        await _ask(server)
        bad_id = next(api._update_ids)
        chat = {"id": READER, "type": "private", "first_name": "R"}
        bad = {"message_id": 999, "date": "yesterday", "chat": chat, "text": "/countdown"}
        api._queue_update({"update_id": bad_id, "message": bad})
        before = len([c for c in api.calls if c.method == "getUpdates"])
        reply = await _ask(server)
        assert reply["chat_id"] == READER
        await asyncio.sleep(1.0)
        polls = len([c for c in api.calls if c.method == "getUpdates"]) - before
        assert polls < 10  # long polls, not a hot loop re-fetching the bad update
        skips = [r.getMessage() for r in caplog.records if "skipped update" in r.getMessage()]
        assert len(skips) == 1 and skips[0].startswith(f"skipped update {bad_id}:")
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0


def test_a_rejected_token_at_start_up_is_one_line_and_exit_3(tmp_path):
    with BotAPIServer(FakeBotAPI(token=TOKEN)) as server:  # it knows only its own token
        _run_with_a_wrong_token(server, tmp_path)


def _run_with_a_wrong_token(server: BotAPIServer, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[telegram]\nbase_url = "{server.base_url}"\n', encoding="utf-8")
    wrong = "999999:RAQIB-wrong-SECRET-never-log"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": wrong, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "run",
            "--config",
            str(config),
            "--db",
            str(tmp_path / "r.db"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert time.monotonic() - started < 60
    out = done.stdout + done.stderr
    assert done.returncode == 3, out
    assert done.stderr.count(TOKEN_REJECTED) == 1 and "Traceback" not in out
    assert wrong not in out and wrong.split(":")[1] not in out
