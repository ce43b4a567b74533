"""Keep the bot token out of every log record and traceback, whoever writes them.

PTB logs the Bot API URL — token included — at DEBUG when it builds the bot, httpx logs
request URLs at INFO, and PTB's own exceptions carry the token in their text (InvalidToken:
"The token `…` was rejected by the server."). So:

* a log-record factory rewrites any record whose message carries the token, and formats a
  record's exception and stack text here, redacted, before any handler can (handlers use a
  record's `exc_text` when it is set), so no configuration of loggers or handlers leaks it;
* `sys.excepthook` and `threading.excepthook` print uncaught tracebacks redacted too.

Both the whole token and its secret half (after the colon) are replaced.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback

PLACEHOLDER = "<token>"
_secrets: list[str] = []  # longest first, so the whole token goes before its half
_installed = False
_format = logging.Formatter()


def redact(text: str) -> str:
    """`text` with every registered secret replaced by the placeholder."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, PLACEHOLDER)
    return text


def _carries(text: str | None) -> bool:
    return text is not None and any(s in text for s in _secrets)


def _factory_over(previous):
    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's business, not ours
            return record
        if _carries(message):
            record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(_format.formatException(record.exc_info))
        if _carries(record.stack_info):
            record.stack_info = redact(record.stack_info)
        return record

    return factory


def _excepthook(kind, value, tb) -> None:
    sys.stderr.write(redact("".join(traceback.format_exception(kind, value, tb))))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread else "?"
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    sys.stderr.write(redact(f"Exception in thread {name}:\n{text}"))


def redact_token(token: str | None) -> None:
    """From now on, replace `token` (and its secret half) in every log record and traceback."""
    global _installed
    if not token:
        return
    secret = token.partition(":")[2]
    for value in (token, secret if len(secret) >= 8 else ""):
        if value and value not in _secrets:
            _secrets.append(value)
    _secrets.sort(key=len, reverse=True)
    if _installed:
        return
    logging.setLogRecordFactory(_factory_over(logging.getLogRecordFactory()))
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    _installed = True
