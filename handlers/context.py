"""`CustomContext`: what every handler reads, typed and resolved once per update.

PTB builds one context per update (``ContextTypes(context=CustomContext)``, wired in
bot.app). It carries the record, the config, the injected clock, the stores built once at
start-up, and the chat's settings (language, time zone, story) decided by the one rule of
story.chat_language — which also remembers the Telegram language seen in the chat, so
reminders, alerts and review cards sent later read like the chat's replies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NoReturn

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Config
from storage import Record
from storage.chats import ChatSettings, chat_settings, note_language
from storage.review_store import IngestStore
from storage.subscriptions import SubscriptionStore
from story.chat_language import decide_language


class CustomContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The context handlers receive: typed shortcuts to what bot.app put in bot_data."""

    def __init__(
        self, application: Application, chat_id: int | None = None, user_id: int | None = None
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        # Shadows CallbackContext.update(data), a setattr helper that neither PTB nor Raqib calls.
        self.update: Update | None = None  # type: ignore[assignment]
        self._chat: ChatSettings | None = None

    @classmethod
    def from_update(
        cls, update: object, application: Application
    ) -> CustomContext:
        context = super().from_update(update, application)
        if isinstance(update, Update):
            context.update = update
        return context

    # -- what the application holds -------------------------------------------------------
    @property
    def record(self) -> Record:
        return self.bot_data["record"]

    @property
    def config(self) -> Config:
        return self.bot_data["config"]

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.bot_data["clock"]

    @property
    def now(self) -> datetime:
        """The injected clock: real time in production, --now in the CLI, fixed in tests."""
        return self.clock()

    @property
    def ingest(self) -> IngestStore:
        return self.bot_data["ingest"]

    @property
    def subscriptions(self) -> SubscriptionStore:
        return self.bot_data["subscriptions"]

    # -- the update's chat and user -------------------------------------------------------
    @property
    def chat_data(self) -> dict:
        """The chat's data; PTB's is None only for an update without a chat, and every
        handler that keeps per-chat state answers in a chat."""
        data = super().chat_data
        if data is None:
            raise RuntimeError("chat_data read for an update without a chat")
        return data

    @chat_data.setter
    def chat_data(self, value: object) -> NoReturn:
        raise AttributeError("chat_data cannot be replaced, only changed")

    @property
    def user_data(self) -> dict:
        """The sender's data; PTB's is None only for an update without a sender, and every
        handler that keeps per-user state answers a user."""
        data = super().user_data
        if data is None:
            raise RuntimeError("user_data read for an update without a user")
        return data

    @user_data.setter
    def user_data(self, value: object) -> NoReturn:
        raise AttributeError("user_data cannot be replaced, only changed")

    @property
    def chat(self) -> ChatSettings:
        """The chat's language, time zone and story, resolved once for this update."""
        if self._chat is None:
            self._chat = self._resolve_chat()
        return self._chat

    def forget_chat(self) -> None:
        """The chat's settings just changed (/lang, /timezone, /story): read them again."""
        self._chat = None

    def _resolve_chat(self) -> ChatSettings:
        config = self.config
        update = self.update
        chat = update.effective_chat if update else None
        user = update.effective_user if update else None
        code = user.language_code if user else None
        if chat is None:
            return ChatSettings(decide_language(None, code, config.language), config.timezone, None)
        note_language(self.record.db, chat.id, code, self.now)
        return chat_settings(
            self.record.db,
            chat.id,
            default_lang=config.language,
            default_timezone=config.timezone,
            seen_code=code,
        )

    @property
    def lang(self) -> str:
        return self.chat.lang

    @property
    def story_id(self) -> str | None:
        """The chat's story, else the record's current one at this moment (the story with the
        nearest deadline ahead, else the newest)."""
        return self.chat.story_id or self.record.current_story_id(self.now)

    @property
    def replay(self) -> bool:
        """Whether this bot replays the record as of its clock (`--replay`): statements dated
        after now are not known (story.as_of)."""
        return bool(self.bot_data.get("replay", False))

    @property
    def is_private(self) -> bool:
        chat = self.update.effective_chat if self.update else None
        return bool(chat and chat.type == ChatType.PRIVATE)

    @property
    def is_admin(self) -> bool:
        """One of Raqib's own admins ([telegram] admins in the config)."""
        user = self.update.effective_user if self.update else None
        return bool(user and user.id in self.config.admins)

    @property
    def user_id(self) -> int | None:
        user = self.update.effective_user if self.update else None
        return user.id if user else None
