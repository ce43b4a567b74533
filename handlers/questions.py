"""Questions: /who <question>, any text in a private chat, mentions and replies in groups."""

from __future__ import annotations

import re

from telegram import MessageEntity, Update
from telegram.ext import MessageHandler, filters

from handlers.common import command, reply
from handlers.context import CustomContext
from story.questions import is_small_talk
from story.respond import respond
from story.texts import text


async def answer(update: Update, context: CustomContext, question: str) -> None:
    chat = context.chat
    result = respond(
        question,
        context.record,
        context.now,
        default_lang=chat.lang,
        timezone=chat.timezone,
        story_id=chat.story_id,
    )
    if not context.is_private and (is_small_talk(question) or result.answer.note == "not_understood"):
        return  # "thanks", "👍" in a group: small talk and reactions get silence
    await reply(context, result.text, lang=result.answer.question.lang)


async def who(update: Update, context: CustomContext) -> None:
    question = " ".join(context.args or []).strip()
    if not question:
        await reply(context, text("who_empty", context.lang))
        return
    await answer(update, context, question)


def _body(message) -> tuple[str, tuple]:
    """A message's words and their entities: the text, or a photo's or video's caption."""
    if message.text is not None:
        return message.text, message.entities
    return message.caption or "", message.caption_entities


def _addressed_text(update: Update, bot_username: str) -> str | None:
    """The question in a group message, if it is meant for the bot (mention or reply)."""
    message = update.effective_message
    body, entities = _body(message)
    mention = f"@{bot_username}".lower()
    mentioned = (
        any(
            entity.type == MessageEntity.MENTION
            and body[entity.offset : entity.offset + entity.length].lower() == mention
            for entity in entities
        )
        or mention in body.lower()
    )
    replied = bool(
        message.reply_to_message
        and message.reply_to_message.from_user
        and message.reply_to_message.from_user.username
        and message.reply_to_message.from_user.username.lower() == bot_username.lower()
    )
    if not (mentioned or replied):
        return None
    return re.sub(re.escape(mention), " ", body, flags=re.IGNORECASE).strip()


async def free_text(update: Update, context: CustomContext) -> None:
    message = update.effective_message
    if context.is_private:
        question = _body(message)[0].strip()
    else:
        question = _addressed_text(update, context.bot.username or "")
        if question is None:
            return  # group chatter not meant for the bot: deliberate silence
    if not question:
        if not context.is_private:  # a bare "@raqib_bot": say how to ask
            await reply(context, text("who_empty", context.lang))
        return
    await answer(update, context, question)


HANDLERS = [
    command("who", who),
    MessageHandler(
        filters.UpdateType.MESSAGE & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, free_text
    ),
]
