"""Reminders across real process restarts and real crashes.

Each "bot" here is `python -m bot run` — the production entry point: the real Application,
PTB's HTTP transport, long polling, the JobQueue — talking to the stand-in Bot API server on
127.0.0.1, with the clock fixed by --now. A restart is a new process on the same SQLite
file. A crash is the process dying at an exact point (RAQIB_FAILPOINT → os._exit: no
cleanup, no flush, nothing more written), which is what a kill -9 does at that moment.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from botapi_server import BotAPIServer
from reminder_support import DEADLINE_ID, TOKEN, baghdad

from storage import Record
from storage.subscriptions import NewSubscription, SubscriptionStore

REPO = Path(__file__).resolve().parents[1]
USER = 5001
SUBSCRIBED_AT = "2021-11-19T12:00:00+03:00"
REMINDER_DUE = "2021-11-20T09:00:30+03:00"  # 30 s after the 09:00 reminder fell due


class BotProcess:
    """`python -m bot run` against the stand-in server, with a fixed --now."""

    def __init__(self, tmp_path: Path, server: BotAPIServer) -> None:
        self.server = server
        self.db = tmp_path / "raqib.db"
        self.config = tmp_path / "config.toml"
        self.config.write_text(
            f'[telegram]\ntoken = "{TOKEN}"\nbase_url = "{server.base_url}"\n'
            f'[storage]\npath = "{self.db}"\n'
            "[reminders]\ntick_seconds = 0.2\n",
            encoding="utf-8",
        )
        self.logs = tmp_path / "bot.log"
        self.proc: subprocess.Popen | None = None

    def start(self, now: str, failpoint: str | None = None) -> int:
        """Start the bot; returns the index in api.calls from which its calls are counted."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("TELEGRAM_BOT_TOKEN", "RAQIB_DB", "RAQIB_FAILPOINT")
        }
        if failpoint:
            env["RAQIB_FAILPOINT"] = failpoint
        mark = len(self.server.api.calls)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(self.config), "--now", now],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.logs.open("a"),
        )
        return mark

    async def ready(self, mark: int, timeout: float = 20.0) -> None:
        """Until the process long-polls (it has started and initialised)."""
        await self._until(
            lambda: any(c.method == "getUpdates" for c in self.server.api.calls[mark:]),
            timeout,
            "polling",
        )

    async def stop(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return await self.exited()

    async def exited(self, timeout: float = 20.0) -> int:
        assert self.proc is not None
        await self._until(lambda: self.proc.poll() is not None, timeout, "exit")
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    async def _until(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.proc is not None and self.proc.poll() is not None and what != "exit":
                raise AssertionError(
                    f"bot exited ({self.proc.returncode}):\n{self.logs.read_text()[-3000:]}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{what} within {timeout}s; log:\n{self.logs.read_text()[-3000:]}"
                )
            await asyncio.sleep(0.05)


@pytest.fixture
def bot(tmp_path: Path, botapi_server: BotAPIServer):
    process = BotProcess(tmp_path, botapi_server)
    yield process
    process.kill()


def reminders_to(server: BotAPIServer, chat_id: int) -> list[str]:
    return [
        r["plain_text"]
        for r in server.api.sent
        if r["chat_id"] == chat_id and r["plain_text"].startswith("⏰")
    ]


def ledger(db: Path) -> list[tuple[str, str]]:
    record = Record.open(db, seed=False)
    try:
        return [
            (d.occurrence, d.state) for d in SubscriptionStore(record.db).deliveries(chat_id=USER)
        ]
    finally:
        record.db.close()


def subscribe_directly(db: Path) -> None:
    record = Record.open(db)
    SubscriptionStore(record.db).subscribe(
        NewSubscription(USER, DEADLINE_ID, lang="en"), baghdad(2021, 11, 19, 12)
    )
    record.db.close()


async def _wait(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_subscribe_by_messages_restart_and_the_reminder_arrives_exactly_once(
    bot: BotProcess, botapi_server: BotAPIServer
) -> None:
    api = botapi_server.api
    await bot.ready(bot.start(SUBSCRIBED_AT))
    # A user subscribes by messages and buttons, over HTTP, as on Telegram.
    api.new_message(USER, "/subscribe", language_code="en")
    menu = await botapi_server.wait_for_sent(
        lambda r: r["chat_id"] == USER and r["reply_markup"], timeout=10
    )
    daily = menu["reply_markup"]["inline_keyboard"][0][0]
    assert daily["text"] == "Daily"
    edits = len(api.edited)
    api.new_callback_query(USER, USER, daily["callback_data"], menu["message_id"])
    await _wait(lambda: len(api.edited) > edits)
    nine = next(
        b
        for row in api.edited[-1]["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "09:00"
    )
    edits = len(api.edited)
    api.new_callback_query(USER, USER, nine["callback_data"], menu["message_id"])
    await _wait(lambda: len(api.edited) > edits)
    assert api.edited[-1]["text"].startswith(
        "✅ Subscribed: US combat forces leave Iraq — daily at 09:00"
    )
    assert await bot.stop() == 0

    # The process restarts after the reminder fell due: it arrives, once.
    await bot.ready(bot.start(REMINDER_DUE))
    await botapi_server.wait_for_sent(
        lambda r: r["chat_id"] == USER and r["plain_text"].startswith("⏰"), timeout=10
    )
    await asyncio.sleep(1.5)  # several more ticks
    assert await bot.stop() == 0
    # And once more, at the same moment: nothing is sent again.
    await bot.ready(bot.start(REMINDER_DUE))
    await asyncio.sleep(1.5)
    assert await bot.stop() == 0
    [text] = reminders_to(botapi_server, USER)
    assert text.startswith(
        "⏰ Daily reminder\n⏳ US combat forces leave Iraq\n41 days 14 hours left"
    )
    assert ledger(bot.db) == [("2021-11-20", "sent")]


async def test_a_crash_between_the_ledger_write_and_the_send_loses_nothing_and_doubles_nothing(
    bot: BotProcess, botapi_server: BotAPIServer
) -> None:
    subscribe_directly(bot.db)
    bot.start(REMINDER_DUE, failpoint="after-claim")
    assert await bot.exited() == 70  # died right after the claim committed
    assert reminders_to(botapi_server, USER) == []
    assert ledger(bot.db) == [("2021-11-20", "pending")]
    await bot.ready(bot.start(REMINDER_DUE))
    await botapi_server.wait_for_sent(lambda r: r["chat_id"] == USER, timeout=10)
    await asyncio.sleep(1.5)
    assert await bot.stop() == 0
    await bot.ready(bot.start(REMINDER_DUE))
    await asyncio.sleep(1.0)
    assert await bot.stop() == 0
    assert len(reminders_to(botapi_server, USER)) == 1
    assert ledger(bot.db) == [("2021-11-20", "sent")]


async def test_a_crash_after_telegram_accepted_but_before_the_ledger_knew_never_doubles(
    bot: BotProcess, botapi_server: BotAPIServer
) -> None:
    subscribe_directly(bot.db)
    bot.start(REMINDER_DUE, failpoint="after-send")
    assert await bot.exited() == 70  # Telegram has the message; the ledger still says sending
    assert len(reminders_to(botapi_server, USER)) == 1
    assert ledger(bot.db) == [("2021-11-20", "sending")]
    await bot.ready(bot.start(REMINDER_DUE))
    await asyncio.sleep(1.5)
    assert await bot.stop() == 0
    assert len(reminders_to(botapi_server, USER)) == 1  # at most once: not resent
    assert ledger(bot.db) == [("2021-11-20", "uncertain")]
