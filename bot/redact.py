"""Keep the bot token out of every log record, whoever logs it.

PTB logs the Bot API URL — token included — at DEBUG when it builds the bot, and httpx logs
request URLs at INFO. A log-record factory rewrites any record whose message carries the
token before a handler sees it, so no configuration of loggers or handlers can leak it.
"""

from __future__ import annotations

import logging

_tokens: set[str] = set()
_installed = False


def redact_token(token: str | None) -> None:
    """From now on, replace `token` with a placeholder in every log message."""
    global _installed
    if not token:
        return
    _tokens.add(token)
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's business, not ours
            return record
        if any(t in message for t in _tokens):
            for t in _tokens:
                message = message.replace(t, "<token>")
            record.msg, record.args = message, None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
