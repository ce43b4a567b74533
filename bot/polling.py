"""Long polling that never dies silently, supervised here rather than by PTB's Updater.

PTB's Updater ends its polling task for good on a 401 (`InvalidToken`) or on anything
that is not a TelegramError, while the process lives on answering nothing; and an update it
cannot parse is fetched again forever (its offset is never confirmed), blocking every update
after it. Here:

* getUpdates' raw JSON is read one update at a time: one that cannot be parsed is skipped,
  logged once with its id, and confirmed with the rest, so the next ones are answered;
* every failure of getUpdates is retried with back-off (1 s doubling to 60 s); a 401 too,
  as a blip, until REJECTIONS_TO_QUIT in a row say the token really is gone;
* at start-up a rejected token is one clear line and exit status 3, so a service manager
  sees it: "the token was rejected; check TELEGRAM_BOT_TOKEN".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import (
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

log = logging.getLogger("raqib.polling")
# Logged once the bot is started and its stop signals are handled: from then on a SIGTERM
# ends it cleanly (status 0); what a supervisor or a test waits for before stopping it.
SERVING = "serving Telegram by long polling (SIGINT or SIGTERM stops)"

TOKEN_REJECTED = "the token was rejected; check TELEGRAM_BOT_TOKEN"
EXIT_TOKEN_REJECTED = 3
REJECTIONS_TO_QUIT = 5  # consecutive 401s from getUpdates before giving up (~1 minute)
MAX_DELAY = 60.0
_REMEMBERED = 10_000  # skipped updates remembered, so each is logged once

# getUpdates is called through do_api_request to see its raw JSON; PTB warns about that.
warnings.filterwarnings("ignore", message=r"Please use 'Bot.getUpdates'", category=PTBUserWarning)


class TokenRejected(Exception):
    """Telegram refuses the token: nothing will work until it is fixed."""


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 deprecates the int form; either is fine here
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return float(value) if isinstance(value, int | float) else value.total_seconds()


def _update_id(item: Any) -> int | None:
    uid = item.get("update_id") if isinstance(item, dict) else None
    return uid if isinstance(uid, int) and not isinstance(uid, bool) else None


def parse_updates(raw: Any, bot: Any, skipped: set) -> tuple[list[Update], int | None]:
    """The updates of a getUpdates result that parse, and the offset that confirms every
    update received (skipped ones too). An update that cannot be parsed is logged once."""
    good: list[Update] = []
    highest: int | None = None
    for item in raw if isinstance(raw, list) else [raw]:
        uid = _update_id(item)
        if uid is not None:
            highest = uid if highest is None else max(highest, uid)
        try:
            if uid is None:
                raise ValueError("no integer update_id")
            good.append(Update.de_json(item, bot))
            continue
        except Exception as exc:  # any shape of bad data: skip it, keep serving
            why = f"{type(exc).__name__}: {exc}"[:200]
        key = uid if uid is not None else repr(item)[:200]
        if key not in skipped:
            if len(skipped) >= _REMEMBERED:
                skipped.clear()
            skipped.add(key)
            log.warning("skipped update %r: it cannot be read (%s)", uid, why)
    return good, None if highest is None else highest + 1


async def poll(
    app: Application,
    stop: asyncio.Event,
    *,
    allowed_updates: Sequence[str] | None = None,
    timeout: int = 10,
) -> None:
    """Fetch updates into the application's queue until `stop` is set; raise TokenRejected
    when the token is refused REJECTIONS_TO_QUIT times in a row."""
    offset: int | None = None
    delay, rejected = 0.0, 0
    skipped: set = set()
    while not stop.is_set():
        kwargs: dict[str, Any] = {"timeout": timeout, "offset": offset}
        if allowed_updates is not None:
            kwargs["allowed_updates"] = list(allowed_updates)
        try:
            raw = await app.bot.do_api_request(
                "getUpdates", api_kwargs=kwargs, read_timeout=timeout + 5
            )
        except (InvalidToken, EndPointNotFound):  # do_api_request names a 401 the latter
            rejected += 1
            if rejected >= REJECTIONS_TO_QUIT:
                raise TokenRejected from None
            delay = min(MAX_DELAY, max(1.0, delay * 2))
            log.warning(
                "getUpdates: the token was rejected (%d in a row); retrying in %g s",
                rejected, delay,
            )
        except RetryAfter as exc:
            delay = _seconds(exc)
        except TimedOut:
            delay = 0.0  # a long poll cut short: ask again at once
        except (NetworkError, Exception) as exc:  # noqa: B014 - named for the reader
            delay = min(MAX_DELAY, max(1.0, delay * 2))
            name = type(exc).__name__
            log.warning("getUpdates failed (%s: %s); retrying in %g s", name, exc, delay)
        else:
            rejected, delay = 0, 0.0
            updates, confirm = parse_updates(raw, app.bot, skipped)
            for update in updates:
                await app.update_queue.put(update)
            if confirm is not None:
                offset = confirm if offset is None else max(offset, confirm)
            elif raw:
                delay = 1.0  # updates that cannot even be confirmed: do not spin on them
        if delay:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)


async def _initialize(app: Application, stop: asyncio.Event) -> bool:
    """app.initialize() (getMe), retried with back-off on network trouble; False if stopped."""
    delay = 1.0
    while not stop.is_set():
        try:
            await app.initialize()
            return True
        except InvalidToken:
            raise TokenRejected from None
        except NetworkError as exc:
            log.warning("cannot reach Telegram (%s); retrying in %g s", type(exc).__name__, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(MAX_DELAY, delay * 2)
    return False


async def _leave_webhook(app: Application) -> None:
    """Telegram refuses getUpdates (409) while a webhook is set, as `run --webhook` leaves it:
    delete it, as PTB's own start_polling does (pending updates are kept)."""
    try:
        await app.bot.delete_webhook()
    except TelegramError as exc:  # getUpdates will say so again, and is retried
        log.warning("deleteWebhook failed (%s: %s)", type(exc).__name__, exc)


async def serve(
    app: Application,
    *,
    allowed_updates: Sequence[str] | None = None,
    timeout: int = 10,
    stop: asyncio.Event | None = None,
) -> int:
    """Serve Telegram until SIGINT/SIGTERM (or `stop` is set): 0 then, EXIT_TOKEN_REJECTED
    (with one line on stderr) when the token is refused."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
    started = False
    try:
        if not await _initialize(app, stop):
            return 0
        await _leave_webhook(app)
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        started = True
        log.info(SERVING)
        await poll(app, stop, allowed_updates=allowed_updates, timeout=timeout)
        return 0
    except TokenRejected:
        print(f"raqib: {TOKEN_REJECTED}", file=sys.stderr, flush=True)
        return EXIT_TOKEN_REJECTED
    finally:
        if started and app.running:
            await app.stop()
        with contextlib.suppress(Exception):
            await app.shutdown()
