"""Shared pytest fixtures."""

from collections.abc import Iterator

import pytest
from botapi_server import BotAPIServer


@pytest.fixture
def botapi_server() -> Iterator[BotAPIServer]:
    """A stand-in Bot API over HTTP on 127.0.0.1 (fresh ``FakeBotAPI`` per test).

    Yields the server: ``.api`` (the FakeBotAPI), ``.base_url`` (for PTB's ``base_url``) and
    ``await .wait_for_sent(predicate, timeout=5)``.
    """
    with BotAPIServer() as server:
        yield server
