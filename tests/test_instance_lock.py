"""One instance per database (issue 12), through real processes: a second `python -m bot run`
on the same database says who holds it and exits 4; after kill -9 of the first, the lock is
free again; SIGTERM ends a serving process cleanly (exit 0).

A process is stopped only after it logged bot.polling.SERVING (its stop signals are handled
by then), read from its stderr as it comes: counting Bot API calls cannot tell whose they
are (a killed process's long poll may still be answered), and a SIGTERM before the handler
is installed kills the process with -15, whatever the machine's load."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from botapi import FakeBotAPI
from botapi_server import BotAPIServer

from bot.instance import lock_path
from bot.polling import SERVING

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


class _Serving:
    """A `python -m bot run` process whose stderr a thread reads line by line, so the test
    can wait for the line that says it serves (and see what it logged)."""

    def __init__(self, config: Path, db: Path) -> None:
        self.process = _start(config, db)
        self.log: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._lines.put(line)
        self._lines.put(None)

    def wait_serving(self, db: Path, timeout: float = 120) -> None:
        """Until it logs SERVING; it holds the database's lock by then (taken first)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                late = f"not serving within {timeout:g} s: {self.log[-20:]}"
                raise AssertionError(late) from None
            if line is None:
                raise AssertionError(f"ended ({self.process.wait()}) unserved: {self.log[-20:]}")
            self.log.append(line)
            if SERVING in line:
                break
        assert lock_path(db).read_text().strip() == str(self.process.pid)

    def end(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)  # it reads to the end of the closed pipe
        assert self.process.stderr is not None
        self.process.stderr.close()


def test_a_second_bot_on_one_database_says_so_and_exits(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    with BotAPIServer(FakeBotAPI(token=TOKEN)) as server:
        config = tmp_path / "config.toml"
        config.write_text(f'[telegram]\nbase_url = "{server.base_url}"\n', encoding="utf-8")
        first = _Serving(config, db)
        try:
            first.wait_serving(db)
            second = _start(config, db)
            _, err = second.communicate(timeout=120)
            assert second.returncode == 4
            assert (
                err.strip()
                == f"python -m bot: another Raqib (pid {first.process.pid}) is already serving"
                f" {db}; stop it first"
            )
        finally:
            first.end()  # SIGKILL: no chance to clean up
        third = _Serving(config, db)  # the kernel released the lock with the process
        try:
            third.wait_serving(db)
            third.process.send_signal(signal.SIGTERM)
            assert third.process.wait(timeout=60) == 0, third.log[-20:]
        finally:
            third.end()
