"""A stand-in Telegram Bot API HTTP server for tests, backed by :class:`botapi.FakeBotAPI`.

PTB reaches it with its own ``HTTPXRequest`` transport, so tests exercise the real wire path
(form encoding, HTTP status handling, long polling, connection reuse) against the same fake
logic the terminal chat uses in process.

The server runs in background threads (``ThreadingHTTPServer``), so it keeps answering while
PTB's ``Application`` runs in the pytest event loop. ``getUpdates`` with ``timeout`` is held
open until an update is injected or the timeout passes. Request paths contain the bot token,
so nothing here logs them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from botapi import FakeBotAPI, split_bot_url

__all__ = ["BotAPIServer"]

JSONDict = dict[str, Any]
_LOGGER = logging.getLogger(__name__)


class _Handler(BaseHTTPRequestHandler):
    """Serves ``/bot<token>/<method>`` (GET query or POST form/JSON) from the server's API."""

    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def do_GET(self) -> None:
        self._answer(body=b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._answer(body=self.rfile.read(length) if length else b"")

    def _answer(self, body: bytes) -> None:
        api = self.server.api
        url = urlsplit(self.path)
        route = split_bot_url(url.path)
        if route is None:
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = route
        rejected = api.check_token(token)
        if rejected is not None:
            self._reply(*rejected)
            return
        params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if content_type == "application/json" and body:
                decoded = json.loads(body)
                if not isinstance(decoded, dict):
                    raise ValueError("JSON body must be an object")
                params.update(decoded)
            elif content_type == "multipart/form-data":
                self._reply(
                    400,
                    {
                        "ok": False,
                        "error_code": 400,
                        "description": "Bad Request: file uploads are not supported by FakeBotAPI",
                    },
                )
                return
            elif body:
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except ValueError:
            self._reply(
                400,
                {"ok": False, "error_code": 400, "description": "Bad Request: invalid request"},
            )
            return
        try:
            status, payload = api.call_blocking(method, params)
        except Exception:
            # A bug in the fake: answer like a broken server and leave a traceback in the
            # test log (logged by method name, never by path: the path holds the token).
            _LOGGER.exception("FakeBotAPI failed on %s", method)
            status, payload = (
                500,
                {
                    "ok": False,
                    "error_code": 500,
                    "description": "Internal Server Error",
                },
            )
        self._reply(status, payload)

    def _reply(self, status: int, payload: JSONDict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # PTB cancels in-flight long polls on shutdown; the client is gone.
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silenced: the request line carries the bot token."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, api: FakeBotAPI) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api = api

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Dropped connections (PTB cancelling long polls) are expected; report the rest."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class BotAPIServer:
    """A :class:`FakeBotAPI` served over HTTP on 127.0.0.1 at a free port.

    Point PTB at it with ``Application.builder().token(...).base_url(server.base_url)``.
    Use as a context manager, or call :meth:`start` / :meth:`stop`.

    Attributes:
        api: the fake Bot API being served (inject updates and inspect ``api.sent`` here).
    """

    def __init__(self, api: FakeBotAPI | None = None) -> None:
        self.api = api if api is not None else FakeBotAPI()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The TCP port the server listens on (after :meth:`start`)."""
        if self._server is None:
            raise RuntimeError("server not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """Bot API base URL for PTB's ``base_url``, e.g. ``http://127.0.0.1:PORT/bot``."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> BotAPIServer:
        """Bind a free port and serve in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("server already started")
        self._server = _Server(self.api)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="botapi-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release held long polls and close the socket."""
        if self._server is None:
            return
        self.api.interrupt_waiters()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> BotAPIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def wait_for_sent(
        self,
        predicate: Callable[[JSONDict], bool] = lambda record: True,
        timeout: float = 5.0,
        *,
        since: int = 0,
    ) -> JSONDict:
        """Wait until a record in ``api.sent[since:]`` satisfies ``predicate``; return it.

        Records are those of :attr:`FakeBotAPI.sent` (``chat_id``, ``text``,
        ``reply_markup``, ``message_id``, ...). Pass ``since=len(server.api.sent)`` taken
        before acting to ignore earlier replies.

        Raises:
            TimeoutError: with the texts seen so far, if nothing matches in time.
        """
        deadline = time.monotonic() + timeout
        while True:
            for record in list(self.api.sent[since:]):
                if predicate(record):
                    return record
            if time.monotonic() >= deadline:
                seen = [r.get("text") for r in self.api.sent[since:]]
                raise TimeoutError(f"no matching sendMessage within {timeout}s; sent: {seen!r}")
            await asyncio.sleep(0.01)
