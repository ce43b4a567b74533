"""One instance per database (issue 12), through real processes: a second `python -m bot run`
on the same database says who holds it and exits 4; after kill -9 of the first, the lock is
free again; SIGTERM ends a serving process cleanly (exit 0)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from botapi import FakeBotAPI
from botapi_server import BotAPIServer

from bot.instance import lock_path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "424242:RAQIB-lock-SECRET"


def _start(config: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(config), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=config.parent,
    )


def _wait_serving(api: FakeBotAPI, db: Path, child: subprocess.Popen, timeout: float = 60) -> None:
    """Until the child holds the lock and long-polls."""
    polls = len([c for c in api.calls if c.method == "getUpdates"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert child.poll() is None, child.stderr.read()
        held = lock_path(db).exists() and lock_path(db).read_text().strip() == str(child.pid)
        if held and len([c for c in api.calls if c.method == "getUpdates"]) > polls:
            return
        time.sleep(0.1)
    raise AssertionError("the bot did not start serving")


def test_a_second_bot_on_one_database_says_so_and_exits(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    with BotAPIServer(FakeBotAPI(token=TOKEN)) as server:
        config = tmp_path / "config.toml"
        config.write_text(f'[telegram]\nbase_url = "{server.base_url}"\n', encoding="utf-8")
        first = _start(config, db)
        try:
            _wait_serving(server.api, db, first)
            second = _start(config, db)
            _, err = second.communicate(timeout=60)
            assert second.returncode == 4
            assert (
                err.strip()
                == f"python -m bot: another Raqib (pid {first.pid}) is already serving {db}; "
                "stop it first"
            )
        finally:
            first.kill()  # SIGKILL: no chance to clean up
            first.wait(timeout=10)
            first.stderr.close()
        third = _start(config, db)  # the kernel released the lock with the process
        try:
            _wait_serving(server.api, db, third)
            third.send_signal(signal.SIGTERM)
            third.wait(timeout=30)
            assert third.returncode == 0
        finally:
            if third.poll() is None:
                third.kill()
            third.stderr.close()
