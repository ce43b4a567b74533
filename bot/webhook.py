"""Serve Telegram by webhook (`python -m bot run --webhook`), with PTB's own run_webhook.

Telegram POSTs each update to `[telegram] webhook_url` (HTTPS, so a reverse proxy or a load
balancer ends TLS) and the proxy forwards it to `listen:port`, where PTB's tornado server
answers on the URL's path. Every request must carry the `X-Telegram-Bot-Api-Secret-Token`
header Telegram was given in setWebhook: PTB refuses any other with 403 before parsing it.
The secret is `[telegram] secret_token` (or RAQIB_WEBHOOK_SECRET); without one, a fresh
random secret is made at each start (setWebhook is called at each start, so Telegram always
has the current one). The secret, like the token, is redacted from every log line.

Start-up failures end the process with one line and a non-zero status, for a service
manager to see: a rejected token (status 3, as in polling), or Telegram refusing the
webhook after a few retries (status 1).
"""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.config import Config
from bot.polling import EXIT_TOKEN_REJECTED, TOKEN_REJECTED
from bot.redact import redact_token

log = logging.getLogger("raqib.webhook")

BOOTSTRAP_RETRIES = 8  # getMe and setWebhook: ~1 minute of back-off before giving up


class _NoTelegramTraceback(logging.Filter):
    """PTB's start-up retry loop (logger "telegram.ext") logs a rejected token, or its last
    failed try, with the whole traceback before raising it; serve_webhook then says it in one
    line with its exit status, so the record keeps its message and loses the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], TelegramError):
            record.exc_info = record.exc_text = None
        return True


_QUIET_RETRIES = _NoTelegramTraceback()


def url_path(webhook_url: str) -> str:
    """The path PTB's server answers on: the webhook URL's own path ("/" when it has none)."""
    return urlsplit(webhook_url).path or "/"


def serve_webhook(
    app: Application, config: Config, *, allowed_updates: Sequence[str] | None = None
) -> int:
    """Run until SIGINT/SIGTERM: 0 then; EXIT_TOKEN_REJECTED or 1 when start-up fails."""
    if not config.webhook_url:
        raise ValueError("serve_webhook needs [telegram] webhook_url")
    secret = config.webhook_secret or secrets.token_urlsafe(32)
    logging.getLogger("telegram.ext").addFilter(_QUIET_RETRIES)  # added once, however often
    redact_token(secret)
    log.info(
        "Raqib serving Telegram by webhook %s on %s:%d (database %s)",
        config.webhook_url, config.webhook_listen, config.webhook_port, config.db_path,
    )
    try:
        app.run_webhook(
            listen=config.webhook_listen,
            port=config.webhook_port,
            url_path=url_path(config.webhook_url),
            webhook_url=config.webhook_url,
            secret_token=secret,
            allowed_updates=list(allowed_updates) if allowed_updates is not None else None,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        )
    except InvalidToken:
        print(f"raqib: {TOKEN_REJECTED}", file=sys.stderr, flush=True)
        return EXIT_TOKEN_REJECTED
    except TelegramError as exc:
        print(f"raqib: Telegram refused the webhook: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0
