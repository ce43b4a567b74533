"""The tests' stand-in Telegram Bot API: in memory, and behaving like Telegram where it matters.

Tests run Raqib's real ``telegram.ext.Application`` against :class:`FakeBotAPI`, either in
process (:class:`InProcessRequest` as PTB's ``BaseRequest``) or over HTTP on 127.0.0.1
(``tests/botapi_server.py``, PTB's own ``HTTPXRequest``). Both share this one implementation.
It answers the way Telegram does where Raqib's behaviour depends on it: status codes and
``{"ok": ..., "result": ...}`` envelopes; ``getUpdates`` honouring ``allowed_updates`` (a
type not asked for is never delivered); 429 with ``retry_after``; 403 for a blocked user or
a kicked bot; group → supergroup migration (``migrate_to_chat_id``); ``getChatMember``; every
``answerCallbackQuery`` checked and tracked (:attr:`FakeBotAPI.unanswered_callbacks`); and
the 4,096 UTF-16-code-unit message limit ("message is too long"); ``setWebhook`` checked as
Telegram checks it (HTTPS, ports 443/80/88/8443, the secret token's characters; getUpdates
then 409 until ``deleteWebhook``); and ``setMyCommands`` kept per (scope, language_code) in
:attr:`FakeBotAPI.commands`, a chat scope refused for a chat the bot has never seen.

It is not part of the product: the terminal chat has its own few-line transport
(``bot/transport.py``). Raqib sends plain text only, so there is no HTML/Markdown parser here;
a ``parse_mode`` is refused, so a test notices if that ever changes.

Parameters are accepted in the wire format PTB produces: scalars as strings, complex values
(``reply_markup``, ``entities``, ``reply_parameters``, ...) as JSON-encoded strings. Native
JSON values (from a JSON request body) are accepted too. :meth:`FakeBotAPI.call` never
blocks; :meth:`FakeBotAPI.call_blocking` / :meth:`FakeBotAPI.call_async` add the waiting that
``getUpdates`` with ``timeout > 0`` needs.
"""
from __future__ import annotations

import asyncio
import copy
import itertools
import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

__all__ = [
    "DEFAULT_BOT_ID",
    "DEFAULT_GROUP_USER_ID",
    "ApiCall",
    "FakeBotAPI",
    "InProcessRequest",
    "Upload",
    "split_bot_url",
    "utf16_len",
]

JSONDict = dict[str, Any]
Response = tuple[int, JSONDict]

DEFAULT_BOT_ID: Final = 7_000_000_001
"""Bot user id reported by ``getMe`` when neither ``bot_id`` nor ``token`` is given."""

DEFAULT_GROUP_USER_ID: Final = 1001
"""Author of injected group messages when no ``user_id`` is given."""

MAX_TEXT_LENGTH: Final = 4096
MAX_CALLBACK_DATA_BYTES: Final = 64
CALLBACK_QUERY_TTL: Final = 15.0
"""Seconds after which Telegram refuses ``answerCallbackQuery`` for a query."""
MAX_LONG_POLL: Final = 50.0
MAX_INLINE_RESULTS: Final = 50
MAX_INLINE_RESULT_ID_BYTES: Final = 64
MAX_CAPTION_LENGTH: Final = 1024
MAX_UPLOAD_BYTES: Final = 50 * 1024 * 1024

_CHAT_TYPES: Final = frozenset({"private", "group", "supergroup", "channel"})
_MEMBER_STATUSES: Final = frozenset(
    {"creator", "administrator", "member", "restricted", "left", "kicked"}
)
# What getUpdates delivers when allowed_updates was never set (Telegram's documented default).
_DEFAULT_EXCLUDED_UPDATES: Final = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_BUTTON_ACTIONS: Final = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
_SCOPE_TYPES: Final = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_SECRET_TOKEN_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,256}")
_WEBHOOK_PORTS: Final = frozenset({80, 88, 443, 8443})
_TOKEN_RE: Final = re.compile(r"\d+:[A-Za-z0-9_-]+")
_BOT_URL_RE: Final = re.compile(r"/bot([^/]+)/([^/]+)/?$")
_AUTO_ENTITY_RE: Final = re.compile(
    r"(?P<bot_command>(?<![^\s])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@]))"
    r"|(?P<mention>(?<![A-Za-z0-9_])@[A-Za-z0-9_]{5,32}(?![A-Za-z0-9_]))"
    r"|(?P<hashtag>(?<![A-Za-z0-9_#])#\w*[^\W\d]\w*)"
    r"|(?P<url>\bhttps?://[^\s<>\"]+[^\s<>\".,;:!?)\]'])"
)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def image_size(content: bytes) -> tuple[int, int]:
    """(width, height) of PNG or JPEG bytes, as Telegram reads them; a 400 for anything else."""
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    if content[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(content):
            marker, size = content[i + 1], int.from_bytes(content[i + 2 : i + 4], "big")
            if 0xC0 <= marker <= 0xC3:
                return (int.from_bytes(content[i + 7 : i + 9], "big"),
                        int.from_bytes(content[i + 5 : i + 7], "big"))
            i += 2 + size
    raise _bad("IMAGE_PROCESS_FAILED")


def split_bot_url(url: str) -> tuple[str, str] | None:
    """Split a Bot API URL ``.../bot<token>/<method>`` into ``(token, method)``.

    Returns ``None`` for anything else (e.g. file download URLs ``.../file/bot<token>/<path>``
    with nested paths). The token is returned so it can be checked, never so it can be shown.
    """
    match = _BOT_URL_RE.search(urlsplit(url).path)
    if match is None:
        return None
    return match.group(1), match.group(2)


class _Fail(Exception):
    """Raised inside method implementations; turned into a Bot API error response."""

    def __init__(
        self, error_code: int, description: str, parameters: JSONDict | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters


def _ok(result: Any) -> Response:
    return 200, {"ok": True, "result": result}


def _error(error_code: int, description: str, parameters: JSONDict | None = None) -> Response:
    body: JSONDict = {"ok": False, "error_code": error_code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return error_code, body


def _bad(description: str) -> _Fail:
    return _Fail(400, f"Bad Request: {description}")


_DEFAULT_DESCRIPTIONS: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One answered Bot API call, as kept in :attr:`FakeBotAPI.calls`.

    ``params`` are the parameters as received (wire format), ``method`` is the canonical
    Telegram spelling when the method is known, else as received.
    """

    method: str
    params: JSONDict
    status: int
    body: JSONDict


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent with a call (multipart upload): its name, bytes and MIME type."""

    filename: str
    content: bytes
    mime_type: str


@dataclass(slots=True)
class _Failure:
    error_code: int
    description: str
    parameters: JSONDict | None
    times: int


# --------------------------------------------------------------------------------------------
# Parameter decoding
# --------------------------------------------------------------------------------------------


class _Params:
    """Typed access to Bot API parameters in wire format (strings, JSON strings, or natives)."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = {k: v for k, v in raw.items() if v is not None}

    def has(self, name: str) -> bool:
        return name in self.raw and self.raw[name] != ""

    def get_str(self, name: str, *, required: bool = False) -> str | None:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                raise _bad(f"{name} is empty")
            return None
        if isinstance(value, str):
            return value
        return json.dumps(value) if isinstance(value, dict | list) else str(value)

    def get_int(self, name: str, *, required: bool = False) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                raise _bad(f"{name} is empty")
            return None
        if isinstance(value, bool):
            raise _bad(f"invalid {name} specified")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        try:
            return int(str(value).strip())
        except ValueError:
            raise _bad(f"invalid {name} specified") from None

    def get_float(self, name: str, default: float = 0.0) -> float:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _bad(f"invalid {name} specified") from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"true", "1"}:
            return True
        if text in {"false", "0"}:
            return False
        raise _bad(f"invalid {name} specified")

    def get_json(self, name: str) -> Any:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise _bad(f"can't parse {name} JSON object") from None
        return value

    def get_chat_id(self, name: str = "chat_id") -> int | str:
        value = self.raw.get(name)
        if value is None or value == "":
            raise _bad(f"{name} is empty")
        if isinstance(value, str) and value.strip().startswith("@"):
            return value.strip()
        got = self.get_int(name)
        assert got is not None
        return got


# --------------------------------------------------------------------------------------------
# Text: Raqib sends plain text only (no parse_mode), so no HTML/Markdown parser lives here
# --------------------------------------------------------------------------------------------


def _trim(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Strip surrounding whitespace like Telegram does, keeping entity offsets consistent."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    trimmed: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            trimmed.append({**entity, "offset": start, "length": end - start})
    return stripped, trimmed



def _auto_entities(text: str) -> list[JSONDict]:
    """Entities a Telegram client attaches to typed text: commands, mentions, hashtags, URLs."""
    entities: list[JSONDict] = []
    for match in _AUTO_ENTITY_RE.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        entities.append(
            {
                "type": kind,
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group(0)),
            }
        )
    return entities


def _inline_keyboard_has_data(markup: JSONDict | None, data: str) -> bool:
    rows = (markup or {}).get("inline_keyboard") or []
    return any(button.get("callback_data") == data for row in rows for button in row)


# --------------------------------------------------------------------------------------------
# The fake Bot API
# --------------------------------------------------------------------------------------------

_AUTO: Final = object()
"""Sentinel: compute entities the way a Telegram client would."""


class FakeBotAPI:
    """An in-memory Telegram Bot API for one bot.

    State (chats, users, messages, the update queue) lives in memory and is guarded by a lock,
    so the API can be driven from an HTTP server thread, a terminal input thread and the
    asyncio loop at the same time.

    Observing the bot:
        * :attr:`sent` — one record per successful ``sendMessage``: ``chat_id``, ``text`` (as
          the bot sent it), ``plain_text`` (what a client shows after ``parse_mode``),
          ``parse_mode``, ``entities``, ``reply_markup``, ``message_id``, ``reply_to_message_id``,
          ``message`` (the full Message object returned).
        * :attr:`edited` — the same for ``editMessageText`` / ``editMessageReplyMarkup``.
        * :attr:`callback_answers` — decoded ``answerCallbackQuery`` parameters.
        * :attr:`inline_answers` — each ``answerInlineQuery`` (``results`` checked like
          Telegram: at most 50, ids unique and at most 64 bytes, texts within 4,096).
        * :attr:`documents` — each ``sendDocument``: ``chat_id``, ``filename``,
          ``mime_type``, ``content`` (the uploaded bytes), ``caption``, ``message``.
        * :attr:`calls` — every call with its status and response body.
        * :attr:`on_send` / :attr:`on_edit` — optional callbacks receiving those records,
          called outside the API lock (the terminal chat prints replies with them).

    Fault injection (all off by default):
        * :meth:`fail_next` — the next ``times`` calls of a method fail with a given error.
        * :attr:`blocked` — private chat ids whose user blocked the bot (403 on sends).
        * :attr:`migrated` / :meth:`migrate_chat` — group ids upgraded to supergroups (400 with
          ``parameters.migrate_to_chat_id``).
        * ``rate_limit`` — at most N ``sendMessage`` per second overall, else 429 with
          ``parameters.retry_after``.

    Args:
        token: if given, the transports answer 401 for any other token; the bot id is taken
            from it, like Telegram's.
        bot_id: bot user id (default: from ``token``, else :data:`DEFAULT_BOT_ID`).
        username: bot username without ``@``.
        first_name: bot display name.
        rate_limit: max successful ``sendMessage`` calls per rolling second; ``None`` = no limit.
        privacy_mode: if true, group messages that are neither commands, replies to the bot
            nor mentions of it are not queued (Telegram's default for bots); ``getMe`` reports
            ``can_read_all_group_messages`` accordingly.
        clock: monotonic clock used for rate limiting and callback-query expiry.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int | None = None,
        username: str = "raqib_bot",
        first_name: str = "Raqib",
        rate_limit: float | None = None,
        privacy_mode: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if token is not None and not _TOKEN_RE.fullmatch(token):
            raise ValueError("token must look like '<bot id>:<secret>'")
        self.token = token
        if bot_id is None:
            bot_id = int(token.split(":", 1)[0]) if token else DEFAULT_BOT_ID
        self.bot_id = bot_id
        self.username = username
        self.first_name = first_name
        self.rate_limit = rate_limit
        self.privacy_mode = privacy_mode
        self.clock = clock

        self.sent: list[JSONDict] = []
        self.edited: list[JSONDict] = []
        self.callback_answers: list[JSONDict] = []
        self.documents: list[JSONDict] = []
        self.inline_answers: list[JSONDict] = []
        self.inline_mode = True  # BotFather /setinline done: inline queries are delivered
        self.calls: list[ApiCall] = []
        self.on_send: Callable[[JSONDict], None] | None = None
        self.on_edit: Callable[[JSONDict], None] | None = None

        self.blocked: set[int] = set()
        # Users who never started the bot: Telegram refuses to open a private chat with them
        # (403 "bot can't initiate conversation"); writing to the bot starts it (new_message).
        self.not_started: set[int] = set()
        self.migrated: dict[int, int] = {}
        self.webhook_url = ""
        self.webhook_secret = ""  # the secret_token of setWebhook (its header in each POST)
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.files: dict[str, JSONDict] = {}  # file_id → uploaded content and size

        self._lock = threading.RLock()
        self._effects: list[Callable[[], None]] = []
        self._failures: dict[str, deque[_Failure]] = {}
        self._send_times: deque[float] = deque()
        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(100_001)
        self._callback_ids = itertools.count(4_000_000_000_000_001)
        self._allowed_updates: frozenset[str] | None = None
        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._owners: dict[int, int] = {}
        self._admins: dict[int, set[int]] = {}
        self._members: dict[int, set[int]] = {}
        self._bot_status: dict[int, str] = {}
        self._callbacks: dict[str, JSONDict] = {}
        self._inline_queries: dict[str, JSONDict] = {}
        self._inline_ids = itertools.count(8_000_000_000_000_001)

        # Long-poll wake-ups: a version counter under a condition for threads, and
        # (loop, event) pairs for coroutines.
        self._cond = threading.Condition()
        self._update_version = 0
        self._interrupts = 0
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

        self._methods: dict[str, tuple[str, Callable[[_Params], Any]]] = {
            name[len("_api_") :].lower(): (name[len("_api_") :], getattr(self, name))
            for name in dir(self)
            if name.startswith("_api_")
        }

    # ---------------------------------------------------------------- dispatch

    @property
    def methods(self) -> list[str]:
        """The Bot API methods this fake implements (canonical spelling)."""
        return sorted(canonical for canonical, _ in self._methods.values())

    def check_token(self, token: str) -> Response | None:
        """Validate a token taken from a request URL; ``None`` if fine, else the error response.

        Malformed tokens get 404 and wrong ones 401, like Telegram. The token is never part
        of the response.
        """
        if not _TOKEN_RE.fullmatch(token):
            return _error(404, "Not Found")
        if self.token is not None and token != self.token:
            return _error(401, "Unauthorized")
        return None

    def call(self, method: str, params: Mapping[str, Any] | None = None) -> Response:
        """Answer one Bot API call without blocking.

        Args:
            method: Bot API method name, case-insensitive.
            params: parameters in wire format (strings / JSON strings) or native JSON values.

        Returns:
            ``(http_status, body)`` where ``body`` is Telegram's JSON envelope.
        """
        raw = dict(params or {})
        key = method.lower()
        with self._lock:
            canonical = self._methods[key][0] if key in self._methods else method
            try:
                status, body = self._dispatch(key, raw)
                self.calls.append(ApiCall(canonical, raw, status, body))
            finally:
                effects, self._effects = self._effects, []
        for effect in effects:
            effect()
        return status, copy.deepcopy(body)

    def _dispatch(self, key: str, raw: JSONDict) -> Response:
        failure = self._take_failure(key)
        if failure is not None:
            return _error(failure.error_code, failure.description, failure.parameters)
        if key not in self._methods:
            return _error(404, "Not Found: method not found")
        try:
            return _ok(self._methods[key][1](_Params(raw)))
        except _Fail as fail:
            return _error(fail.error_code, fail.description, fail.parameters)

    # ---------------------------------------------------------------- long polling

    @staticmethod
    def long_poll_timeout(method: str, params: Mapping[str, Any] | None) -> float:
        """Seconds a ``getUpdates`` call may be held open (0 for other methods), capped at 50."""
        if method.lower() != "getupdates" or not params:
            return 0.0
        try:
            timeout = float(params.get("timeout") or 0)
        except (TypeError, ValueError):
            return 0.0
        return min(max(timeout, 0.0), MAX_LONG_POLL)

    @staticmethod
    def _is_empty_poll(status: int, body: JSONDict) -> bool:
        return status == 200 and body.get("result") == []

    def call_blocking(self, method: str, params: Mapping[str, Any] | None = None) -> Response:
        """Like :meth:`call`, but an empty ``getUpdates`` with ``timeout`` waits (this thread)
        until an update is injected, the timeout passes or :meth:`interrupt_waiters` is called.
        For thread-per-request servers."""
        deadline = time.monotonic() + self.long_poll_timeout(method, params)
        while True:
            with self._cond:
                version, interrupts = self._update_version, self._interrupts
            status, body = self.call(method, params)
            remaining = deadline - time.monotonic()
            if not self._is_empty_poll(status, body) or remaining <= 0:
                return status, body
            with self._cond:
                self._cond.wait_for(
                    lambda v=version, n=interrupts: (
                        self._update_version != v or self._interrupts != n
                    ),
                    timeout=remaining,
                )
                if self._interrupts != interrupts:
                    return status, body

    async def call_async(self, method: str, params: Mapping[str, Any] | None = None) -> Response:
        """Like :meth:`call_blocking`, but waits without blocking the event loop.
        Cancelling the coroutine abandons the wait (updates stay queued, as on Telegram)."""
        deadline = time.monotonic() + self.long_poll_timeout(method, params)
        loop = asyncio.get_running_loop()
        while True:
            event = asyncio.Event()
            waiter = (loop, event)
            with self._cond:
                interrupts = self._interrupts
                self._async_waiters.add(waiter)
            try:
                status, body = self.call(method, params)
                remaining = deadline - time.monotonic()
                if not self._is_empty_poll(status, body) or remaining <= 0:
                    return status, body
                try:
                    await asyncio.wait_for(event.wait(), timeout=remaining)
                except TimeoutError:
                    return self.call(method, params)
                with self._cond:
                    if self._interrupts != interrupts:
                        return status, body
            finally:
                with self._cond:
                    self._async_waiters.discard(waiter)

    def interrupt_waiters(self) -> None:
        """End every pending long poll now (with an empty result). Used on server shutdown."""
        with self._cond:
            self._interrupts += 1
            self._cond.notify_all()
            self._wake_async_waiters()

    def _wake_async_waiters(self) -> None:
        for loop, event in list(self._async_waiters):
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # loop already closed
                self._async_waiters.discard((loop, event))

    def _queue_update(self, update: JSONDict) -> JSONDict:
        """Put a copy of an update on the getUpdates queue (so later changes to stored
        messages do not leak into it), wake long polls, and return another copy."""
        self._updates.append(copy.deepcopy(update))
        with self._cond:
            self._update_version += 1
            self._cond.notify_all()
            self._wake_async_waiters()
        return copy.deepcopy(update)

    # ---------------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``error_code``.

        ``description`` defaults to Telegram's wording for the code (for 429:
        ``"Too Many Requests: retry after N"``). ``retry_after`` adds
        ``parameters.retry_after``, which PTB turns into ``telegram.error.RetryAfter``.
        Failures queue up in order, per method (case-insensitive).
        """
        if times < 1:
            raise ValueError("times must be >= 1")
        if description is None:
            description = _DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
            if error_code == 429 and retry_after is not None:
                description = f"Too Many Requests: retry after {retry_after}"
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        with self._lock:
            self._failures.setdefault(method.lower(), deque()).append(
                _Failure(error_code, description, parameters, times)
            )

    def _take_failure(self, key: str) -> _Failure | None:
        queue = self._failures.get(key)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.popleft()
        return failure

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Upgrade group ``old_chat_id`` to supergroup ``new_chat_id``.

        Calls naming the old id then answer 400 "group chat was upgraded to a supergroup
        chat" with ``parameters.migrate_to_chat_id`` (PTB raises ``ChatMigrated``). The new
        chat inherits title, admins and members.
        """
        with self._lock:
            old = self._chats.get(old_chat_id) or self._make_chat(old_chat_id, "group")
            self._chats[new_chat_id] = {
                "id": new_chat_id,
                "type": "supergroup",
                "title": old.get("title") or f"Group {new_chat_id}",
            }
            self._admins[new_chat_id] = set(self._admins.get(old_chat_id, set()))
            self._members[new_chat_id] = set(self._members.get(old_chat_id, set()))
            if old_chat_id in self._owners:
                self._owners[new_chat_id] = self._owners[old_chat_id]
            self.migrated[old_chat_id] = new_chat_id

    # ---------------------------------------------------------------- configuration

    def set_admins(
        self, chat_id: int, admin_ids: list[int] | set[int], *, owner_id: int | None = None
    ) -> None:
        """Configure who administers ``chat_id`` (getChatMember / getChatAdministrators).
        Include :attr:`bot_id` in ``admin_ids`` to make the bot an administrator."""
        with self._lock:
            self._chat_for_inject(chat_id, None)
            self._admins[chat_id] = set(admin_ids)
            if owner_id is not None:
                self._owners[chat_id] = owner_id
                self._user(owner_id)
            for user_id in admin_ids:
                if user_id != self.bot_id:
                    self._user(user_id)

    def get_message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """A copy of a stored message (injected or sent by the bot), or ``None``."""
        with self._lock:
            message = self._messages.get((chat_id, message_id))
            return copy.deepcopy(message) if message else None

    @property
    def unanswered_callbacks(self) -> list[str]:
        """Ids of callback queries (button presses) the bot never answered: on Telegram the
        button keeps spinning until ``answerCallbackQuery``."""
        with self._lock:
            return [qid for qid, state in self._callbacks.items() if not state["answered"]]

    @property
    def unanswered_inline_queries(self) -> list[str]:
        """Ids of inline queries the bot never answered (the user sees a spinner, then
        nothing)."""
        with self._lock:
            return [qid for qid, s in self._inline_queries.items() if not s["answered"]]

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Copies of the updates queued and not yet confirmed by a getUpdates offset."""
        with self._lock:
            return copy.deepcopy(self._updates)

    # ---------------------------------------------------------------- users and chats

    @property
    def bot_user(self) -> JSONDict:
        """The bot as a Telegram ``User`` object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def _user(
        self,
        user_id: int,
        *,
        username: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> JSONDict:
        if user_id == self.bot_id:
            return self.bot_user
        user = self._users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        )
        for key, value in (
            ("username", username),
            ("first_name", first_name),
            ("last_name", last_name),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        return user

    @staticmethod
    def _infer_chat_type(chat_id: int) -> str:
        if chat_id > 0:
            return "private"
        return "supergroup" if chat_id <= -1_000_000_000_000 else "group"

    def _make_chat(self, chat_id: int, chat_type: str, title: str | None = None) -> JSONDict:
        if chat_type not in _CHAT_TYPES:
            raise ValueError(f"unknown chat type {chat_type!r}")
        if chat_type == "private":
            if chat_id <= 0:
                raise ValueError("private chat ids are positive (they equal the user id)")
            user = self._user(chat_id)
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            for key in ("last_name", "username"):
                if key in user:
                    chat[key] = user[key]
        else:
            if chat_id >= 0:
                raise ValueError(f"{chat_type} chat ids are negative")
            chat = {"id": chat_id, "type": chat_type, "title": title or f"Chat {chat_id}"}
        self._chats[chat_id] = chat
        return chat

    def _chat_for_inject(
        self, chat_id: int, chat_type: str | None, title: str | None = None
    ) -> JSONDict:
        chat = self._chats.get(chat_id)
        if chat is None:
            return self._make_chat(chat_id, chat_type or self._infer_chat_type(chat_id), title)
        if chat_type is not None and chat["type"] != chat_type:
            raise ValueError(f"chat {chat_id} is a {chat['type']} chat, not {chat_type}")
        if title is not None and chat["type"] != "private":
            chat["title"] = title
        return chat

    def _resolve_chat(self, p: _Params, name: str = "chat_id") -> JSONDict:
        """The chat a call refers to, applying migration; unknown ids are created on first use
        (tests message arbitrary chat ids); ``0`` is "chat not found"."""
        chat_id = p.get_chat_id(name)
        if isinstance(chat_id, str):
            wanted = chat_id[1:].lower()
            for chat in self._chats.values():
                if chat.get("username", "").lower() == wanted:
                    return chat
            raise _bad("chat not found")
        if chat_id in self.migrated:
            raise _Fail(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        chat = self._chats.get(chat_id)
        if chat is not None:
            return chat
        if chat_id == 0:
            raise _bad("chat not found")
        return self._make_chat(chat_id, self._infer_chat_type(chat_id))

    def _check_can_write(self, chat: JSONDict) -> None:
        """403 the way Telegram does when the bot cannot post into ``chat``."""
        chat_id, chat_type = chat["id"], chat["type"]
        if chat_type == "private":
            if chat_id in self.blocked:
                raise _Fail(403, "Forbidden: bot was blocked by the user")
            if chat_id in self.not_started:
                raise _Fail(403, "Forbidden: bot can't initiate conversation with a user")
            return
        status = self._bot_status.get(chat_id, "member")
        if status == "kicked":
            raise _Fail(403, f"Forbidden: bot was kicked from the {chat_type} chat")
        if status == "left":
            raise _Fail(403, f"Forbidden: bot is not a member of the {chat_type} chat")

    def _status_of(self, chat_id: int, user_id: int) -> str:
        if user_id == self.bot_id:
            if self.bot_id in self._admins.get(chat_id, set()):
                return "administrator"
            return self._bot_status.get(chat_id, "member")
        if self._owners.get(chat_id) == user_id:
            return "creator"
        if user_id in self._admins.get(chat_id, set()):
            return "administrator"
        if user_id == chat_id or user_id in self._members.get(chat_id, set()):
            return "member"
        return "left"

    def _member(self, user: JSONDict, status: str, chat_type: str) -> JSONDict:
        """A complete ChatMember object for ``status`` (PTB needs every required field)."""
        member: JSONDict = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=True,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=False,
                can_edit_stories=False,
                can_delete_stories=False,
                can_pin_messages=chat_type != "channel",
            )
            if chat_type == "channel":
                member.update(can_post_messages=True, can_edit_messages=True)
        elif status == "restricted":
            member.update(
                is_member=True,
                can_send_messages=True,
                can_send_audios=True,
                can_send_documents=True,
                can_send_photos=True,
                can_send_videos=True,
                can_send_video_notes=True,
                can_send_voice_notes=True,
                can_send_polls=True,
                can_send_other_messages=True,
                can_add_web_page_previews=True,
                can_change_info=False,
                can_invite_users=False,
                can_pin_messages=False,
                can_manage_topics=False,
                can_edit_tag=False,
                until_date=0,
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member

    # ---------------------------------------------------------------- messages

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _store(self, message: JSONDict) -> JSONDict:
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    @staticmethod
    def _shallow_reply(message: JSONDict) -> JSONDict:
        """A message as embedded in ``reply_to_message`` (Telegram does not nest further)."""
        return copy.deepcopy({k: v for k, v in message.items() if k != "reply_to_message"})

    def _last_bot_message(self, chat_id: int) -> JSONDict | None:
        candidates = [
            m
            for (cid, _), m in self._messages.items()
            if cid == chat_id and m.get("from", {}).get("id") == self.bot_id
        ]
        return max(candidates, key=lambda m: m["message_id"]) if candidates else None

    def _privacy_filtered(self, chat: JSONDict, message: JSONDict) -> bool:
        """True if privacy mode hides this group message from the bot."""
        if not self.privacy_mode or chat["type"] not in {"group", "supergroup"}:
            return False
        text = message.get("text") or ""
        if text.startswith("/"):
            command = text.split()[0]
            target = command.partition("@")[2]
            return bool(target) and target.lower() != self.username.lower()
        reply = message.get("reply_to_message") or {}
        if reply.get("from", {}).get("id") == self.bot_id:
            return False
        return f"@{self.username.lower()}" not in text.lower()

    # ---------------------------------------------------------------- update injection

    def new_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
        chat_title: str | None = None,
        reply_to_bot: bool = False,
        reply_to_message_id: int | None = None,
        entities: list[JSONDict] | None | object = _AUTO,
    ) -> JSONDict:
        """A user sends ``text`` to ``chat_id``; returns the Update dict and queues it.

        Args:
            chat_type: ``private``/``group``/``supergroup``/``channel``; default: the known
                chat's type, else inferred from the id (positive = private,
                ``-100…`` = supergroup, other negative = group).
            user_id: author; defaults to ``chat_id`` in private chats (Telegram's invariant)
                and to :data:`DEFAULT_GROUP_USER_ID` elsewhere. Ignored for channels.
            reply_to_bot: reply to the bot's latest message in this chat (must exist).
            reply_to_message_id: reply to that stored message instead.
            entities: default: what a client would attach (``bot_command`` for ``/start``,
                mentions, hashtags, URLs); ``None`` for none; or an explicit list.

        Returns:
            The update (``message``, or ``channel_post`` in channels). In privacy mode, group
            messages the bot would not see are returned but not queued.
        """
        with self._lock:
            chat = self._chat_for_inject(chat_id, chat_type, chat_title)
            message = self._user_message(
                chat,
                user_id,
                username=username,
                first_name=first_name,
                last_name=last_name,
                language_code=language_code,
            )
            message["text"] = text
            found = _auto_entities(text) if entities is _AUTO else entities
            if found:
                message["entities"] = copy.deepcopy(found)
            if reply_to_bot or reply_to_message_id is not None:
                if reply_to_message_id is not None:
                    target = self._messages.get((chat_id, reply_to_message_id))
                else:
                    target = self._last_bot_message(chat_id)
                if target is None:
                    raise ValueError(f"no message to reply to in chat {chat_id}")
                message["reply_to_message"] = self._shallow_reply(target)
            self._store(message)
            key = "channel_post" if chat["type"] == "channel" else "message"
            update = {"update_id": next(self._update_ids), key: message}
            if self._privacy_filtered(chat, message):
                return copy.deepcopy(update)
            return self._queue_update(update)

    def _user_message(
        self, chat: JSONDict, user_id: int | None, **user_fields: str | None
    ) -> JSONDict:
        """Skeleton of a new message from a user (or a channel post) in ``chat``."""
        sender: JSONDict | None = None
        if chat["type"] == "private":
            if user_id is not None and user_id != chat["id"]:
                raise ValueError("in a private chat the user id equals the chat id")
            sender = self._user(chat["id"], **user_fields)
            self.not_started.discard(chat["id"])  # the user writes: the chat is open now
            # Keep the private chat's names in step with its user.
            for key in ("first_name", "last_name", "username"):
                if key in sender:
                    chat[key] = sender[key]
        elif chat["type"] != "channel":
            user_id = DEFAULT_GROUP_USER_ID if user_id is None else user_id
            sender = self._user(user_id, **user_fields)
            self._members.setdefault(chat["id"], set()).add(user_id)
        message: JSONDict = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": copy.deepcopy(chat),
        }
        if sender is None:
            message["sender_chat"] = copy.deepcopy(chat)
        else:
            message["from"] = copy.deepcopy(sender)
        return message

    def new_callback_query(
        self,
        chat_id: int,
        user_id: int,
        data: str,
        message_id: int,
        *,
        check_button: bool = True,
    ) -> JSONDict:
        """A user presses an inline button with ``data`` under message ``message_id``.

        The message must exist; with ``check_button`` (default) one of its current buttons
        must carry ``data`` — a real client cannot press a button that is not there.
        Returns the Update dict and queues it.
        """
        with self._lock:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            if check_button and not _inline_keyboard_has_data(message.get("reply_markup"), data):
                raise ValueError(f"message {message_id} has no button with data {data!r}")
            query_id = str(next(self._callback_ids))
            self._callbacks[query_id] = {"answered": False, "created": self.clock()}
            query = {
                "id": query_id,
                "from": self._user(user_id),
                "message": copy.deepcopy(message),
                "chat_instance": str(abs(chat_id) * 7919 + 104_729),
                "data": data,
            }
            return self._queue_update(
                {"update_id": next(self._update_ids), "callback_query": query}
            )

    def new_inline_query(
        self,
        user_id: int,
        query: str,
        *,
        language_code: str | None = None,
        chat_type: str = "sender",
        offset: str = "",
    ) -> JSONDict:
        """A user types ``@bot <query>`` in a chat (``chat_type`` as Telegram reports it:
        sender, private, group, supergroup, channel). Returns the ``inline_query`` Update and
        queues it; the bot must answer it with ``answerInlineQuery``."""
        if chat_type not in {"sender", "private", "group", "supergroup", "channel"}:
            raise ValueError(f"unknown inline chat type {chat_type!r}")
        if not self.inline_mode:
            raise ValueError("inline mode is off for this bot (BotFather /setinline)")
        if utf16_len(query) > 256:
            raise ValueError("an inline query holds at most 256 characters")
        with self._lock:
            query_id = str(next(self._inline_ids))
            self._inline_queries[query_id] = {"answered": False, "created": self.clock()}
            inline = {
                "id": query_id,
                "from": copy.deepcopy(self._user(user_id, language_code=language_code)),
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
            return self._queue_update({"update_id": next(self._update_ids), "inline_query": inline})

    def new_edited_message(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        entities: list[JSONDict] | None | object = _AUTO,
    ) -> JSONDict:
        """The author edits their earlier message ``message_id`` to ``text``.

        Returns the ``edited_message`` (or ``edited_channel_post``) Update and queues it.
        """
        with self._lock:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            if message.get("from", {}).get("id") == self.bot_id:
                raise ValueError("that message was sent by the bot, users cannot edit it")
            message["text"] = text
            message.pop("entities", None)
            found = _auto_entities(text) if entities is _AUTO else entities
            if found:
                message["entities"] = copy.deepcopy(found)
            message["edit_date"] = max(int(time.time()), message["date"] + 1)
            key = (
                "edited_channel_post" if message["chat"]["type"] == "channel" else "edited_message"
            )
            return self._queue_update(
                {"update_id": next(self._update_ids), key: copy.deepcopy(message)}
            )

    def new_sticker(
        self,
        chat_id: int,
        *,
        user_id: int | None = None,
        emoji: str = "👍",
        set_name: str = "RaqibTestStickers",
        chat_type: str | None = None,
    ) -> JSONDict:
        """A user sends a (static, regular) sticker; returns the Update dict and queues it."""
        with self._lock:
            chat = self._chat_for_inject(chat_id, chat_type)
            message = self._user_message(chat, user_id)
            serial = message["message_id"]
            message["sticker"] = {
                "file_id": f"CAACAgIAAxkBAAE{chat_id & 0xFFFFFF:06x}{serial:06d}",
                "file_unique_id": f"AgAD{serial:06d}",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": emoji,
                "set_name": set_name,
                "file_size": 24_576,
            }
            self._store(message)
            key = "channel_post" if chat["type"] == "channel" else "message"
            update = {"update_id": next(self._update_ids), key: message}
            if self._privacy_filtered(chat, message):
                return copy.deepcopy(update)
            return self._queue_update(update)

    def new_my_chat_member(
        self,
        chat_id: int,
        user_id: int,
        old_status: str,
        new_status: str,
        *,
        chat_type: str | None = None,
    ) -> JSONDict:
        """The bot's own membership in ``chat_id`` changes, by ``user_id``'s action.

        Also updates state the way Telegram would: in a private chat ``kicked`` means the
        user blocked the bot (sends answer 403) and ``member`` means unblocked; in groups
        ``left``/``kicked`` make sends fail with 403 and ``member``/``administrator`` restore
        them. Returns the ``my_chat_member`` Update dict and queues it.
        """
        for status in (old_status, new_status):
            if status not in _MEMBER_STATUSES:
                raise ValueError(f"unknown chat member status {status!r}")
        with self._lock:
            chat = self._chat_for_inject(chat_id, chat_type)
            self._apply_bot_status(chat, new_status)
            return self._queue_update(
                {
                    "update_id": next(self._update_ids),
                    "my_chat_member": {
                        "chat": copy.deepcopy(chat),
                        "from": self._user(user_id),
                        "date": int(time.time()),
                        "old_chat_member": self._member(self.bot_user, old_status, chat["type"]),
                        "new_chat_member": self._member(self.bot_user, new_status, chat["type"]),
                    },
                }
            )

    def _apply_bot_status(self, chat: JSONDict, status: str) -> None:
        chat_id = chat["id"]
        if chat["type"] == "private":
            if status == "kicked":
                self.blocked.add(chat_id)
            elif status == "member":
                self.blocked.discard(chat_id)
            return
        self._bot_status[chat_id] = status
        admins = self._admins.setdefault(chat_id, set())
        if status in {"administrator", "creator"}:
            admins.add(self.bot_id)
        else:
            admins.discard(self.bot_id)

    # ---------------------------------------------------------------- validation helpers

    def _text_and_entities(self, p: _Params, field: str = "text") -> tuple[str, list[JSONDict]]:
        text = p.get_str(field)
        if text is None:
            raise _bad("message text is empty")
        explicit = p.get_json("entities")
        parse_mode = p.get_str("parse_mode")
        if explicit is not None:
            if not isinstance(explicit, list) or not all(
                isinstance(e, dict) and {"type", "offset", "length"} <= e.keys() for e in explicit
            ):
                raise _bad("can't parse entities JSON object")
            plain, entities = _trim(text, explicit)
        elif parse_mode:
            # Raqib sends plain text; a parse_mode would need a parser this stand-in lacks, so
            # a test fails loudly instead of showing markup as if it were text.
            raise _bad(f"unsupported parse_mode {parse_mode} (the stand-in reads plain text)")
        else:
            plain, entities = _trim(text, [])
        if not plain:
            raise _bad("message text is empty")
        if utf16_len(plain) > MAX_TEXT_LENGTH:
            raise _bad("message is too long")
        return plain, entities

    @staticmethod
    def _validate_markup(markup: Any) -> JSONDict | None:
        """Check reply_markup like Telegram; returns it if it is an inline keyboard."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad("can't parse inline keyboard markup JSON object")
            for row in rows:
                for button in row:
                    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                        raise _bad(
                            'can\'t parse inline keyboard button: Field "text" must be of type '
                            'String'
                        )
                    actions = [a for a in _BUTTON_ACTIONS if a in button]
                    if not actions:
                        raise _bad(
                            "can't parse inline keyboard button: Text buttons are unallowed in "
                            "the inline keyboard"
                        )
                    data = button.get("callback_data")
                    if data is not None and not (
                        isinstance(data, str)
                        and 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                    ):
                        raise _bad("BUTTON_DATA_INVALID")
                    url = button.get("url")
                    if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
                        raise _bad(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
            return markup
        if any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
            if "keyboard" in markup and not isinstance(markup["keyboard"], list):
                raise _bad("can't parse reply keyboard markup JSON object")
            return None
        raise _bad("can't parse reply keyboard markup JSON object")

    def _check_rate_limit(self) -> None:
        if not self.rate_limit:
            return
        now = self.clock()
        while self._send_times and self._send_times[0] <= now - 1.0:
            self._send_times.popleft()
        if len(self._send_times) >= self.rate_limit:
            retry_after = max(1, math.ceil(self._send_times[0] + 1.0 - now))
            raise _Fail(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )

    def _editable(self, p: _Params) -> JSONDict | None:
        """The stored bot message an edit call targets; ``None`` for inline messages."""
        if p.has("inline_message_id") and not p.has("chat_id"):
            return None
        chat = self._resolve_chat(p)
        self._check_can_write(chat)
        message_id = p.get_int("message_id", required=True)
        message = self._messages.get((chat["id"], message_id))
        if message is None:
            raise _bad("message to edit not found")
        if message.get("from", {}).get("id") != self.bot_id:
            raise _bad("message can't be edited")
        return message

    def _record_edit(self, method: str, message: JSONDict) -> JSONDict:
        record = {
            "method": method,
            "chat_id": message["chat"]["id"],
            "message_id": message["message_id"],
            "text": message.get("text"),
            "entities": message.get("entities", []),
            "reply_markup": message.get("reply_markup"),
            "message": copy.deepcopy(message),
        }
        self.edited.append(record)
        if self.on_edit is not None:
            callback = self.on_edit
            self._effects.append(lambda: callback(record))
        return copy.deepcopy(message)

    def _scope_key(self, p: _Params) -> tuple[str, str]:
        """(scope JSON, language_code), checked as Telegram does: a known scope type, the
        chat it names known to the bot ("chat not found" for a user who never started it),
        and a two-letter ISO 639-1 language code or none."""
        scope = p.get_json("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise _bad("can't parse BotCommandScope JSON object")
        if scope["type"] not in _SCOPE_TYPES:
            raise _bad("unsupported bot command scope type")
        if scope["type"].startswith("chat"):
            chat_id = scope.get("chat_id")
            if chat_id not in self._chats and chat_id not in self.migrated:
                raise _bad("chat not found")
            if scope["type"] == "chat_member" and scope.get("user_id") not in self._users:
                raise _bad("user not found")
        language = p.get_str("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise _bad("invalid language code specified")
        return json.dumps(scope, sort_keys=True), language

    # ---------------------------------------------------------------- Bot API methods
    # Each _api_<Name> takes decoded parameters and returns the "result" or raises _Fail.

    def _api_getMe(self, p: _Params) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": self.inline_mode,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _api_getUpdates(self, p: _Params) -> list[JSONDict]:
        if self.webhook_url:
            raise _Fail(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = p.get_int("offset")
        limit = min(max(p.get_int("limit") or 100, 1), 100)
        allowed = p.get_json("allowed_updates")
        if allowed is not None:
            self._allowed_updates = frozenset(allowed) if allowed else None
        if offset is not None and offset < 0:
            self._updates = self._updates[offset:]
        elif offset is not None:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

        def wanted(update: JSONDict) -> bool:
            kind = next(k for k in update if k != "update_id")
            if self._allowed_updates is None:
                return kind not in _DEFAULT_EXCLUDED_UPDATES
            return kind in self._allowed_updates

        self._updates = [u for u in self._updates if wanted(u)]
        return copy.deepcopy(self._updates[:limit])

    def _api_setWebhook(self, p: _Params) -> bool:
        url = p.get_str("url") or ""
        if url:  # Telegram's checks; an empty url removes the webhook
            parts = urlsplit(url)
            try:
                port = parts.port or (443 if parts.scheme == "https" else 80)
            except ValueError:
                raise _bad("bad webhook: invalid webhook URL specified") from None
            if parts.scheme != "https" or not parts.hostname:
                raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
            if port not in _WEBHOOK_PORTS:
                raise _bad("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = p.get_str("secret_token") or ""
        if secret and not _SECRET_TOKEN_RE.fullmatch(secret):
            raise _bad("secret token contains unallowed characters")
        allowed = p.get_json("allowed_updates")
        if allowed is not None:
            self._allowed_updates = frozenset(allowed) if allowed else None
        self.webhook_url = url
        self.webhook_secret = secret if url else ""
        if p.get_bool("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_getWebhookInfo(self, p: _Params) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook_url and self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    def _api_deleteWebhook(self, p: _Params) -> bool:
        self.webhook_url = ""
        self.webhook_secret = ""
        if p.get_bool("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_setMyCommands(self, p: _Params) -> bool:
        commands = p.get_json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(
                str(command.get("command", ""))
            ):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad("command description is empty or too long")
        self.commands[self._scope_key(p)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _api_deleteMyCommands(self, p: _Params) -> bool:
        self.commands.pop(self._scope_key(p), None)  # the next scope in Telegram's order applies
        return True

    def _api_getMyCommands(self, p: _Params) -> list[JSONDict]:
        return copy.deepcopy(self.commands.get(self._scope_key(p), []))

    def _api_sendMessage(self, p: _Params) -> JSONDict:
        self._check_rate_limit()
        chat = self._resolve_chat(p)
        self._check_can_write(chat)
        plain, entities = self._text_and_entities(p)
        markup = self._validate_markup(p.get_json("reply_markup"))
        reply_to = p.get_json("reply_parameters") or {}
        if not isinstance(reply_to, dict):
            raise _bad("can't parse reply parameters JSON object")
        reply_id = reply_to.get("message_id") or p.get_int("reply_to_message_id")
        replied = None
        if reply_id:
            replied = self._messages.get((chat["id"], int(reply_id)))
            allow = reply_to.get("allow_sending_without_reply") or p.get_bool(
                "allow_sending_without_reply"
            )
            if replied is None and not allow:
                raise _bad("message to be replied not found")

        message: JSONDict = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "date": int(time.time()),
            "chat": copy.deepcopy(chat),
            "text": plain,
        }
        if chat["type"] == "channel":
            message.pop("from")
            message["sender_chat"] = copy.deepcopy(chat)
        if entities:
            message["entities"] = entities
        if replied is not None:
            message["reply_to_message"] = self._shallow_reply(replied)
        if markup is not None:
            message["reply_markup"] = markup
        if p.get_bool("protect_content"):
            message["has_protected_content"] = True
        thread_id = p.get_int("message_thread_id")
        if thread_id is not None:
            message["message_thread_id"] = thread_id
        self._store(message)
        if self.rate_limit:
            self._send_times.append(self.clock())

        record = {
            "method": "sendMessage",
            "chat_id": chat["id"],
            "text": p.get_str("text"),
            "plain_text": plain,
            "parse_mode": p.get_str("parse_mode"),
            "entities": entities,
            "reply_markup": p.get_json("reply_markup"),
            "message_id": message["message_id"],
            "reply_to_message_id": replied["message_id"] if replied else None,
            "disable_notification": p.get_bool("disable_notification"),
            "message": copy.deepcopy(message),
        }
        self.sent.append(record)
        if self.on_send is not None:
            callback = self.on_send
            self._effects.append(lambda: callback(record))
        return copy.deepcopy(message)

    def _api_sendPhoto(self, p: _Params) -> JSONDict:
        """A photo, uploaded (PNG or JPEG bytes: its size is read from them) or sent again by
        a file_id this fake gave out; an unknown file_id is refused as Telegram does."""
        self._check_rate_limit()
        chat = self._resolve_chat(p)
        self._check_can_write(chat)
        photo = p.raw.get("photo")
        if isinstance(photo, Upload):
            width, height = image_size(photo.content)
            file_id = f"AgACAgQAAxkDphoto{len(self.files) + 1:06d}"
            self.files[file_id] = {"content": photo.content, "width": width, "height": height}
        else:
            file_id = p.get_str("photo", required=True) or ""
            if file_id not in self.files:
                raise _bad("wrong file identifier/HTTP URL specified")
        stored = self.files[file_id]
        caption = p.get_str("caption") or ""
        message: JSONDict = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "date": int(time.time()),
            "chat": copy.deepcopy(chat),
            "photo": [
                {
                    "file_id": file_id,
                    "file_unique_id": file_id[-12:],
                    "width": stored["width"],
                    "height": stored["height"],
                    "file_size": len(stored["content"]),
                }
            ],
        }
        if caption:
            message["caption"] = caption
        self._store(message)
        record = {
            "method": "sendPhoto",
            "chat_id": chat["id"],
            "text": None,
            "plain_text": caption,
            "photo": stored["content"],
            "file_id": file_id,
            "uploaded": isinstance(photo, Upload),
            "message_id": message["message_id"],
            "message": copy.deepcopy(message),
        }
        self.sent.append(record)
        if self.on_send is not None:
            callback = self.on_send
            self._effects.append(lambda: callback(record))
        return copy.deepcopy(message)

    def _api_editMessageText(self, p: _Params) -> JSONDict | bool:
        message = self._editable(p)
        plain, entities = self._text_and_entities(p)
        markup = self._validate_markup(p.get_json("reply_markup"))
        if message is None:
            return True
        if (
            message.get("text") == plain
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        ):
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        message["text"] = plain
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        # As on Telegram: an edit without reply_markup removes the inline keyboard.
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return self._record_edit("editMessageText", message)

    def _api_editMessageReplyMarkup(self, p: _Params) -> JSONDict | bool:
        message = self._editable(p)
        markup = self._validate_markup(p.get_json("reply_markup"))
        if message is None:
            return True
        if message.get("reply_markup") == markup:
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return self._record_edit("editMessageReplyMarkup", message)

    def _api_deleteMessage(self, p: _Params) -> bool:
        chat = self._resolve_chat(p)
        message_id = p.get_int("message_id", required=True)
        if self._messages.pop((chat["id"], message_id), None) is None:
            raise _bad("message to delete not found")
        return True

    def _api_answerCallbackQuery(self, p: _Params) -> bool:
        query_id = p.get_str("callback_query_id", required=True)
        assert query_id is not None
        state = self._callbacks.get(query_id)
        if (
            state is None
            or state["answered"]
            or self.clock() - state["created"] > CALLBACK_QUERY_TTL
        ):
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        state["answered"] = True
        self.callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": p.get_str("text"),
                "show_alert": p.get_bool("show_alert"),
                "url": p.get_str("url"),
                "cache_time": p.get_int("cache_time"),
            }
        )
        return True

    def _api_getChat(self, p: _Params) -> JSONDict:
        chat = self._resolve_chat(p)
        return {
            **copy.deepcopy(chat),
            "accent_color_id": abs(chat["id"]) % 7,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    def _api_getChatMember(self, p: _Params) -> JSONDict:
        chat = self._resolve_chat(p)
        user_id = p.get_int("user_id", required=True)
        assert user_id is not None
        status = self._status_of(chat["id"], user_id)
        return self._member(copy.deepcopy(self._user(user_id)), status, chat["type"])

    def _api_answerInlineQuery(self, p: _Params) -> bool:
        query_id = p.get_str("inline_query_id", required=True)
        assert query_id is not None
        state = self._inline_queries.get(query_id)
        if (
            state is None
            or state["answered"]
            or self.clock() - state["created"] > CALLBACK_QUERY_TTL
        ):
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        results = p.get_json("results")
        if not isinstance(results, list):
            raise _bad("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            self._check_inline_result(result, seen)
        cache_time = p.get_int("cache_time")
        if cache_time is not None and cache_time < 0:
            raise _bad("invalid cache_time specified")
        state["answered"] = True
        self.inline_answers.append(
            {
                "inline_query_id": query_id,
                "results": copy.deepcopy(results),
                "cache_time": cache_time,
                "is_personal": p.get_bool("is_personal"),
                "next_offset": p.get_str("next_offset") or "",
            }
        )
        return True

    @staticmethod
    def _check_inline_result(result: Any, seen: set[str]) -> None:
        """One InlineQueryResult, checked as Telegram does (articles: title and text)."""
        if not isinstance(result, dict) or not isinstance(result.get("type"), str):
            raise _bad("can't parse inline query result JSON object")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not (
            1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES
        ):
            raise _bad("RESULT_ID_INVALID")
        if result_id in seen:
            raise _bad("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] != "article":
            raise _bad(f"unsupported inline result type {result['type']} (the stand-in: article)")
        if not isinstance(result.get("title"), str) or not result["title"].strip():
            raise _bad("RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if not isinstance(content, dict) or not isinstance(content.get("message_text"), str):
            raise _bad("can't parse input message content JSON object")
        if content.get("parse_mode"):
            raise _bad(f"unsupported parse_mode {content['parse_mode']} (plain text only)")
        text = content["message_text"].strip()
        if not text:
            raise _bad("MESSAGE_EMPTY")
        if utf16_len(text) > MAX_TEXT_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        FakeBotAPI._validate_markup(result.get("reply_markup"))

    def _api_sendDocument(self, p: _Params) -> JSONDict:
        self._check_rate_limit()
        chat = self._resolve_chat(p)
        self._check_can_write(chat)
        upload = p.raw.get("document")
        if not isinstance(upload, Upload):
            raise _bad("wrong file identifier/HTTP URL specified (the stand-in takes uploads)")
        if not upload.content:
            raise _bad("file must be non-empty")
        if len(upload.content) > MAX_UPLOAD_BYTES:
            raise _Fail(413, "Request Entity Too Large")
        caption = (p.get_str("caption") or "").strip()
        if caption and p.get_str("parse_mode"):
            raise _bad("unsupported parse_mode (the stand-in reads plain text)")
        if utf16_len(caption) > MAX_CAPTION_LENGTH:
            raise _bad("message caption is too long")
        serial = len(self.documents) + 1
        message: JSONDict = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "date": int(time.time()),
            "chat": copy.deepcopy(chat),
            "document": {
                "file_id": f"BQACAgIAAxkBAAIdoc{serial:08d}",
                "file_unique_id": f"AgADdoc{serial:06d}",
                "file_name": upload.filename,
                "mime_type": upload.mime_type,
                "file_size": len(upload.content),
            },
        }
        if caption:
            message["caption"] = caption
        reply_to = p.get_json("reply_parameters") or {}
        reply_id = reply_to.get("message_id") if isinstance(reply_to, dict) else None
        if reply_id and (chat["id"], int(reply_id)) in self._messages:
            message["reply_to_message"] = self._shallow_reply(
                self._messages[(chat["id"], int(reply_id))]
            )
        self._store(message)
        if self.rate_limit:
            self._send_times.append(self.clock())
        self.documents.append(
            {
                "chat_id": chat["id"],
                "filename": upload.filename,
                "mime_type": upload.mime_type,
                "content": upload.content,
                "caption": caption,
                "message_id": message["message_id"],
                "message": copy.deepcopy(message),
            }
        )
        return copy.deepcopy(message)


# --------------------------------------------------------------------------------------------
# PTB transport
# --------------------------------------------------------------------------------------------


class InProcessRequest(BaseRequest):
    """A PTB ``BaseRequest`` that answers from a :class:`FakeBotAPI` in this process.

    It receives exactly what PTB would put on the wire (``RequestData.json_parameters``:
    scalars as strings, complex values JSON-encoded), so the fake sees the same input as over
    HTTP. ``getUpdates`` long polls are awaited without blocking the event loop. Uploaded files
    reach the fake as :class:`Upload` values (``sendDocument`` keeps their bytes).

    Use one instance per role, as PTB does::

        Application.builder().token("123:ABC")
            .request(InProcessRequest(api)).get_updates_request(InProcessRequest(api)).build()

    The token in the URL is checked with :meth:`FakeBotAPI.check_token` and never logged.
    """

    __slots__ = ("_api", "_closed", "_read_timeout")

    def __init__(self, api: FakeBotAPI, *, read_timeout: float | None = 5.0) -> None:
        self._api = api
        self._read_timeout = read_timeout
        self._closed = False

    @property
    def api(self) -> FakeBotAPI:
        """The fake Bot API this transport talks to."""
        return self._api

    @property
    def read_timeout(self) -> float | None:
        """Default read timeout; PTB adds the ``getUpdates`` timeout to it for long polls."""
        return self._read_timeout

    async def initialize(self) -> None:
        """(Re)open the transport; PTB calls this from ``Bot.initialize``."""
        self._closed = False

    async def shutdown(self) -> None:
        """Close the transport; later requests fail like a closed HTTPXRequest."""
        self._closed = True

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Route ``…/bot<token>/<method>`` to :meth:`FakeBotAPI.call_async`.

        Timeouts are accepted for interface compatibility only: nothing here waits on a
        network, and long polls end by the ``getUpdates`` ``timeout`` itself.
        """
        del read_timeout, write_timeout, connect_timeout, pool_timeout
        if self._closed:
            raise RuntimeError("This InProcessRequest is not initialized!")
        route = split_bot_url(url)
        if route is None:
            status, body = _error(404, "Not Found")
        else:
            token, api_method = route
            rejected = self._api.check_token(token)
            if rejected is not None:
                status, body = rejected
            else:
                params: dict[str, Any] = dict(request_data.json_parameters) if request_data else {}
                if request_data is not None and request_data.contains_files:
                    for name, field in request_data.multipart_data.items():
                        filename, content, mime_type = (*field, "application/octet-stream")[:3]
                        params[name] = Upload(filename or name, bytes(content), mime_type)
                status, body = await self._api.call_async(api_method, params)
        return status, json.dumps(body, ensure_ascii=False).encode("utf-8")
