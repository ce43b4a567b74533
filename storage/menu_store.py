"""Which admins' chats carry the admin command menu (table `admin_menus`).

Telegram keeps a chat-scoped command menu until it is deleted, and cannot list the scopes a
bot has set: so Raqib remembers the admins it gave the admin menu, and bot.menus deletes the
menu of one no longer configured at the next start.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlite_utils import Database


class MenuStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def admins(self) -> set[int]:
        """The chats that were given the admin menu and not yet cleared."""
        return {r[0] for r in self.db.execute("SELECT chat_id FROM admin_menus").fetchall()}

    def given(self, chat_ids: Iterable[int], now: datetime) -> None:
        rows = [{"chat_id": c, "set_at": now.isoformat()} for c in chat_ids]
        if rows:
            with self.db.conn:
                self.db.table("admin_menus").upsert_all(rows, pk="chat_id")

    def cleared(self, chat_ids: Iterable[int]) -> None:
        ids = list(chat_ids)
        if ids:
            with self.db.conn:
                self.db.execute(
                    f"DELETE FROM admin_menus WHERE chat_id IN ({','.join('?' * len(ids))})", ids
                )
