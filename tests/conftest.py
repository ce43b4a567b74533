"""Shared pytest fixtures."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from botapi import FakeBotAPI, InProcessRequest, utf16_len
from botapi_server import BotAPIServer
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.clock import make_clock
from bot.config import Config, FetchConfig
from storage import Record

# A token that looks real and is easy to spot if it ever leaks into a reply or a log line.
TEST_TOKEN = "424242:RAQIB-test-SECRET-do-not-leak"
# 36 days and 12 hours before the deadline, after the seed pack's statements (20-24 Nov 2021): a
# replay knows no statement dated after its clock.
TEST_NOW = datetime(2021, 11, 25, 12, 0, tzinfo=timezone(timedelta(hours=3)))
PRIVATE_CHAT = 5001
GROUP_CHAT = -1001234567890  # a supergroup id


@pytest.fixture
def cli_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[[str], Callable[..., tuple[int, str, str]]]:
    """`cli_at(NOW)`: bot.cli main() against a database in tmp_path at the clock NOW, run
    from tmp_path (no ./config.toml of the checkout is read, no token or RAQIB_DB from the
    environment); each call returns (exit code, stdout, stderr). `.db` is the file."""
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "RAQIB_DB"):
        monkeypatch.delenv(name, raising=False)
    db = str(tmp_path / "r.db")

    def at(now: str) -> Callable[..., tuple[int, str, str]]:
        def run(*args: str, db_path: str = db) -> tuple[int, str, str]:
            code = main([*args, "--db", db_path, "--now", now])
            out, err = capsys.readouterr()
            return code, out, err

        run.db = db  # type: ignore[attr-defined]
        return run

    return at


@pytest.fixture
def botapi_server() -> Iterator[BotAPIServer]:
    """A stand-in Bot API over HTTP on 127.0.0.1 (fresh ``FakeBotAPI`` per test).

    Yields the server: ``.api`` (the FakeBotAPI), ``.base_url`` (for PTB's ``base_url``) and
    ``await .wait_for_sent(predicate, timeout=5)``.
    """
    with BotAPIServer() as server:
        yield server


@pytest.fixture
def record(tmp_path: Path) -> Record:
    """A real SQLite record in tmp_path, filled from the bundled story pack."""
    return Record.open(tmp_path / "r.db")


@pytest.fixture
def fixed_clock() -> Callable[[], datetime]:
    """The clock stopped at 2021-11-25T12:00+03:00."""
    return make_clock(TEST_NOW)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


ADMIN_ID = 777  # the one Telegram user listed in the test config's [telegram] admins


class RaqibChat:
    """Drives the real Application through an in-process FakeBotAPI, one update at a time.

    Every ``send*`` method injects an update, awaits ``Application.process_update`` (handlers
    run to completion, error handler included) and returns the texts the bot sent in reply,
    as a client would show them. ``errors`` holds what reached the ``raqib.errors`` logger,
    i.e. every time the error handler ran.
    """

    def __init__(self, app: Application, api: FakeBotAPI, errors: _Collect) -> None:
        self.app = app
        self.api = api
        self.token = TEST_TOKEN
        self.private_chat = PRIVATE_CHAT
        self._errors = errors

    def allow_local_fetch(self) -> None:
        """Let the bot fetch from 127.0.0.1 (test pages), which it refuses by default."""
        config = self.app.bot_data["config"]
        self.app.bot_data["config"] = replace(config, fetch=FetchConfig(allow_private_fetch=True))

    @property
    def errors(self) -> list[logging.LogRecord]:
        return self._errors.records

    @property
    def replies(self) -> list[dict[str, Any]]:
        """Every sendMessage record so far (chat_id, plain_text, reply_to_message_id, ...)."""
        return self.api.sent

    async def process(self, update: dict[str, Any]) -> list[str]:
        before = len(self.api.sent)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        await self.app.bot_data["reminders"].deliver_now()  # alerts the update put in the ledger
        texts = [record["plain_text"] for record in self.api.sent[before:]]
        for text in texts:  # Telegram would refuse anything longer
            assert utf16_len(text) <= 4096, f"reply of {utf16_len(text)} UTF-16 units"
        return texts

    async def send(self, text: str, chat_id: int = PRIVATE_CHAT, **kwargs: Any) -> list[str]:
        """A user writes ``text`` (kwargs as for ``FakeBotAPI.new_message``)."""
        return await self.process(self.api.new_message(chat_id, text, **kwargs))

    async def edit(self, chat_id: int, message_id: int, text: str) -> list[str]:
        """The user edits their earlier message."""
        return await self.process(self.api.new_edited_message(chat_id, message_id, text))

    async def send_sticker(self, chat_id: int = PRIVATE_CHAT) -> list[str]:
        return await self.process(self.api.new_sticker(chat_id))

    async def send_photo(self, chat_id: int = PRIVATE_CHAT) -> list[str]:
        """A photo without caption (FakeBotAPI has no photo injector: reshape a sticker)."""
        update = self.api.new_sticker(chat_id)
        message = update["message"]
        del message["sticker"]
        message["photo"] = [
            {
                "file_id": "AgACAgIAAxkBAAIBphoto",
                "file_unique_id": "AQADphoto",
                "width": 90,
                "height": 60,
            }
        ]
        return await self.process(update)


@pytest.fixture
async def raqib_chat(
    record: Record, fixed_clock: Callable[[], datetime], caplog: pytest.LogCaptureFixture
) -> AsyncIterator[RaqibChat]:
    """Raqib's real Application (build_application + handlers) on an in-process Bot API, with
    a SQLite record in tmp_path and the clock fixed at 2021-11-25T12:00+03:00; logs are
    captured at DEBUG from setup on."""
    caplog.set_level(logging.DEBUG)
    api = FakeBotAPI(token=TEST_TOKEN)
    app = build_application(
        Config(token=TEST_TOKEN, admins=frozenset({ADMIN_ID})),
        record,
        fixed_clock,
        request=InProcessRequest(api),
        updates_request=InProcessRequest(api),
    )
    # The tests' world is a replay at TEST_NOW: what was said later (the pack runs on into
    # December 2021) is not known yet, so answers are those of late November.
    app.bot_data["replay"] = True
    errors = _Collect()
    error_logger = logging.getLogger("raqib.errors")
    error_logger.addHandler(errors)
    await app.initialize()
    # As in production the JobQueue runs, so conversation timeouts are scheduled on it (PTB
    # ignores them, with a warning, when it does not). Its repeating jobs — the reminder
    # tick and the feed poll — are paused: tests drive them by hand (tick(), deliver_now(),
    # run_once(feed_job)), so nothing fires between a test's steps.
    assert app.job_queue is not None
    for job in app.job_queue.jobs():
        job.enabled = False
    await app.job_queue.start()
    try:
        yield RaqibChat(app, api, errors)
    finally:
        await app.job_queue.stop()
        await app.shutdown()
        error_logger.removeHandler(errors)
    # As on Telegram, a button press not answered keeps spinning on the user's screen.
    assert api.unanswered_callbacks == [], "a callback query was never answered"
