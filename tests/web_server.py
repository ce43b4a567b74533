"""A small web server on 127.0.0.1 for feed and article fixtures (tests and benchmarks).

Routes map a path to a body and content type. Every route has an ETag and a Last-Modified
date, and a conditional GET that matches either answers 304, as real feeds do. A route can
be made to fail (any status) and every request is counted per path, with the conditional
headers it carried, so tests can see what the poller sent.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes
    content_type: str
    etag: str
    last_modified: str
    status: int = 200


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        web = self.server.web
        path = self.path.split("?", 1)[0]
        with web.lock:
            web.hits[path] += 1
            web.requests.append(
                (path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
            )
            route = web.routes.get(path)
        if route is None:
            self._send(404, b"not found", "text/plain")
            return
        if route.status != 200:
            self._send(route.status, b"error", "text/plain")
            return
        if (
            self.headers.get("If-None-Match") == route.etag
            or self.headers.get("If-Modified-Since") == route.last_modified
        ):
            self._send(304, b"", None, route)
            return
        self._send(200, route.body, route.content_type, route)

    def _send(
        self, status: int, body: bytes, content_type: str | None, route: Route | None = None
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if route is not None:
            self.send_header("ETag", route.etag)
            self.send_header("Last-Modified", route.last_modified)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, web: WebServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.web = web


class WebServer:
    """Serve fixtures on 127.0.0.1 at a free port; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, str | None, str | None]] = []
        self.lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._version = 0

    def route(
        self,
        path: str,
        body: str | bytes,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
    ) -> str:
        """Serve `body` at `path` (a new body gets a new ETag and date); returns its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._version += 1
        with self.lock:
            self.routes[path] = Route(
                body=data,
                content_type=content_type,
                etag='"' + hashlib.sha1(data).hexdigest()[:16] + '"',
                last_modified=formatdate(1_638_000_000 + self._version * 60, usegmt=True),
                status=status,
            )
        return self.url(path)

    def fail(self, path: str, status: int = 500) -> None:
        with self.lock:
            self.routes[path].status = status

    def url(self, path: str) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def start(self) -> WebServer:
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def rss(title: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 document; items: link, title, description, optional content, pubDate."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>{title}</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{item['title']}</title><link>{item['link']}</link>")
        parts.append(f"<pubDate>{item.get('pubDate', 'Thu, 09 Dec 2021 10:00:00 +0300')}</pubDate>")
        parts.append(f"<description><![CDATA[{item.get('description', '')}]]></description>")
        if item.get("content"):
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)
