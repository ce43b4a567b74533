"""Questions: /who <question>, any text in a private chat, mentions and replies in groups."""

from __future__ import annotations

import re

from telegram import MessageEntity, Update
from telegram.ext import ContextTypes, MessageHandler, filters

from handlers.common import chat_context, command, is_private, now_of, record_of, reply
from story.render import rtl_safe
from story.respond import respond
from story.texts import text


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    chat = chat_context(update, context)
    result = respond(
        question,
        record_of(context),
        now_of(context),
        default_lang=chat.lang,
        timezone=chat.timezone,
        story_id=chat.story_id,
    )
    await reply(update, result.text)


async def who(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    question = " ".join(context.args or []).strip()
    if not question:
        lang = chat_context(update, context).lang
        await reply(update, rtl_safe(text("who_empty", lang), lang))
        return
    await answer(update, context, question)


def _addressed_text(update: Update, bot_username: str) -> str | None:
    """The question in a group message, if it is meant for the bot (mention or reply)."""
    message = update.effective_message
    body = message.text or ""
    mention = f"@{bot_username}".lower()
    mentioned = any(
        entity.type == MessageEntity.MENTION and body[entity.offset : entity.offset + entity.length].lower() == mention
        for entity in message.entities
    ) or mention in body.lower()
    replied = bool(
        message.reply_to_message
        and message.reply_to_message.from_user
        and message.reply_to_message.from_user.username
        and message.reply_to_message.from_user.username.lower() == bot_username.lower()
    )
    if not (mentioned or replied):
        return None
    return re.sub(re.escape(mention), " ", body, flags=re.IGNORECASE).strip()


async def free_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if is_private(update):
        question = (message.text or "").strip()
    else:
        question = _addressed_text(update, context.bot.username or "")
        if question is None:
            return  # group chatter not meant for the bot: deliberate silence
    if not question:
        if not is_private(update):  # a bare "@raqib_bot": say how to ask
            lang = chat_context(update, context).lang
            await reply(update, rtl_safe(text("who_empty", lang), lang))
        return
    await answer(update, context, question)


HANDLERS = [
    command("who", who),
    MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, free_text),
]
