"""What every handler needs: the record, the clock, the config, the chat's language, replies."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.config import Config
from storage import Record
from story.render import split_message

MAX_REPLY_PARTS = 4  # a reply longer than this many messages is cut, never flooded
REPLY_RETRY_SECONDS = 0.5  # the pause before resending a reply lost to a 5xx or a dropped link


@dataclass(frozen=True)
class ChatContext:
    """The chat's settings as handlers use them."""

    lang: str
    timezone: str
    story_id: str | None


def command(name: str, callback) -> CommandHandler:
    """A command handler for new messages only: an edited "/countdown" is not asked again."""
    return CommandHandler(name, callback, filters=filters.UpdateType.MESSAGE)


def record_of(context: ContextTypes.DEFAULT_TYPE) -> Record:
    return context.application.bot_data["record"]


def config_of(context: ContextTypes.DEFAULT_TYPE) -> Config:
    return context.application.bot_data["config"]


def now_of(context: ContextTypes.DEFAULT_TYPE) -> datetime:
    """The injected clock: real time in production, --now in the CLI, a fixed time in tests."""
    return context.application.bot_data["clock"]()


def chat_context(update: Update, context: ContextTypes.DEFAULT_TYPE) -> ChatContext:
    config = config_of(context)
    settings = record_of(context).chat_settings(update.effective_chat.id) if update.effective_chat else {}
    lang = settings.get("lang")
    if not lang:
        user = update.effective_user
        code = (user.language_code or "") if user else ""
        lang = "en" if code.startswith("en") else "ar" if code.startswith("ar") else config.language
    return ChatContext(
        lang=lang,
        timezone=settings.get("timezone") or config.timezone,
        story_id=settings.get("story_id") or None,
    )


def is_private(update: Update) -> bool:
    return bool(update.effective_chat and update.effective_chat.type == ChatType.PRIVATE)


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return bool(user and user.id in config_of(context).admins)


async def may_change_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender may change this chat's settings: anyone in a private chat; in a
    group its administrators (asked of Telegram), an anonymous admin writing as the group,
    or one of Raqib's own admins."""
    chat = update.effective_chat
    if chat is None:
        return False
    if is_private(update) or is_admin(update, context):
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id and update.callback_query is None:
        return True  # an anonymous admin writes as the group itself
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def reply(update: Update, text: str) -> None:
    """Send `text` as one or more messages within Telegram's limit, as a reply in groups."""
    message = update.effective_message
    if message is None:
        return
    parts = split_message(text)
    if len(parts) > MAX_REPLY_PARTS:
        parts = parts[:MAX_REPLY_PARTS]
        parts[-1] += "\n…"
    for i, part in enumerate(parts):
        quote = i == 0 and not is_private(update)
        try:
            await message.reply_text(part, do_quote=quote)
        except BadRequest:
            raise  # the request itself is wrong: sending it again cannot help
        except NetworkError:  # a 5xx or a dropped connection: an answer is safe to resend once
            await asyncio.sleep(REPLY_RETRY_SECONDS)
            await message.reply_text(part, do_quote=quote)
