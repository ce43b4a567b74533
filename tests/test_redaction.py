"""The token never reaches a log line or a traceback (issue 12), PTB's own exceptions
included: InvalidToken at start-up carries the token in its text and in its traceback."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from botapi import FakeBotAPI
from botapi_server import BotAPIServer
from telegram.error import InvalidToken

from bot.app import build_application
from bot.clock import make_clock
from bot.config import Config
from bot.redact import redact_token
from storage import Record

ROOT = Path(__file__).resolve().parent.parent
WRONG = "555555:RAQIB-redaction-SECRET-value"
SECRET = WRONG.split(":")[1]
NOW = datetime(2021, 11, 19, 12, 0, tzinfo=timezone(timedelta(hours=3)))


@pytest.fixture
def logged():
    """Everything logged, formatted by a plain handler as a log file would be."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


async def test_ptbs_invalid_token_and_its_traceback_are_redacted(tmp_path, logged):
    with BotAPIServer(FakeBotAPI(token="424242:RAQIB-the-right-one")) as server:
        config = Config(token=WRONG, base_url=server.base_url)
        app = build_application(config, Record.open(tmp_path / "r.db"), make_clock(NOW))
        with pytest.raises(InvalidToken) as caught:
            await app.initialize()
        assert WRONG in str(caught.value)  # PTB's own text carries it ...
        logging.getLogger("raqib.test").exception("start-up failed: %s", caught.value)
        try:
            raise RuntimeError("wrapped") from caught.value
        except RuntimeError:
            logging.getLogger("raqib.test").error("chained", exc_info=True, stack_info=True)
        await app.shutdown()
    text = logged.getvalue()
    assert "Traceback" in text and "InvalidToken" in text and "<token>" in text
    assert WRONG not in text and SECRET not in text  # ... the log does not


def test_the_secret_half_alone_and_uncaught_tracebacks_are_redacted(logged):
    redact_token(WRONG)
    logging.getLogger("raqib.test").warning("half: %s", SECRET)
    assert SECRET not in logged.getvalue()
    script = (
        "from bot.redact import redact_token\n"
        f"redact_token({WRONG!r})\n"
        "import threading\n"
        f"def boom():\n    raise ValueError({WRONG!r})\n"
        "t = threading.Thread(target=boom)\n"
        "t.start(); t.join()\n"
        f"raise SystemError('the token ' + {WRONG!r})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1 and "SystemError" in done.stderr and "ValueError" in done.stderr
    assert WRONG not in done.stderr and SECRET not in done.stderr
