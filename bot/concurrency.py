"""Updates processed concurrently, in order within each chat.

PTB handles one update at a time by default, so one admin's slow link (a fetch of up to
`[fetch] timeout_seconds`) held every other chat's question behind it. `PerChatProcessor`
lets up to MAX_CONCURRENT_UPDATES updates run at once, but updates of one chat still run
one after the other, in the order they came (a /lang then a question must not swap; a
review card's buttons act in order). Updates without a chat (none Raqib handles today) run
unordered.

All handlers run on the one event loop thread, so the SQLite connection is never used from
two threads; a transaction never spans an await (see bot.pipeline), so concurrent handlers
cannot interleave inside one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256


def chat_key(update: object) -> int | None:
    """The chat whose updates must stay in order (the user's, for chatless updates)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class PerChatProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within a chat (one asyncio.Lock per busy chat,
    dropped when its last waiting update is done)."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    @property
    def busy_chats(self) -> int:
        return len(self._locks)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
