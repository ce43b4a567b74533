"""Questions: /who <question>, any text in a private chat, mentions and replies in groups."""

from __future__ import annotations

import contextlib
import re
import secrets
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from handlers.common import command, reply
from handlers.context import CustomContext
from story.answering import Answer
from story.questions import is_small_talk
from story.render import rtl_safe, split_message
from story.respond import next_page, respond
from story.texts import text

MAX_PAGED = 20  # answers whose further pages a chat keeps (the oldest are dropped)
MAX_ANSWERED = 50  # questions per chat whose replies an edit may rewrite
EDIT_WINDOW = timedelta(minutes=15)  # a question edited later than this is not asked again


async def answer(update: Update, context: CustomContext, question: str) -> None:
    found = _respond(context, question)
    if found is not None:
        await _send(update, context, *found)


async def _send(
    update: Update,
    context: CustomContext,
    body: str,
    lang: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    """Reply with an answer, remembering which messages answered which question."""
    reply_to = update.effective_message
    sent = await reply(context, body, lang=lang, reply_markup=markup)
    if reply_to is not None and sent:  # an edit of the question soon after rewrites these
        answered = context.chat_data.setdefault("answered", {})
        while len(answered) >= MAX_ANSWERED:
            answered.pop(next(iter(answered)))
        answered[reply_to.message_id] = [m.message_id for m in sent]


def _respond(
    context: CustomContext, question: str
) -> tuple[str, str, InlineKeyboardMarkup | None] | None:
    """(reply, its language, its "More" button), or None for group small talk."""
    chat = context.chat
    result = respond(
        question,
        context.record,
        context.now,
        default_lang=chat.lang,
        timezone=chat.timezone,
        story_id=chat.story_id,
        replay=context.replay,
    )
    if not context.is_private and (
        is_small_talk(question) or result.answer.note == "not_understood"
    ):
        return None  # "thanks", "👍" in a group: small talk and reactions get silence
    lang = result.answer.question.lang
    return result.text, lang, _more_button(context, result.answer, chat.timezone, 0, lang)


async def edited_question(update: Update, context: CustomContext) -> None:
    """A question edited soon after it was answered: the earlier reply is rewritten with
    the answer to the new wording (a single-message answer in place, else sent anew)."""
    message = update.edited_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    earlier = context.chat_data.get("answered", {}).get(message.message_id)
    edited_at = message.edit_date or message.date
    if not earlier or edited_at - message.date > EDIT_WINDOW:
        return  # not a question we answered, or edited long after
    if context.is_private:
        question: str | None = _body(message)[0].strip()
    else:
        question = _addressed_text(update, context.bot.username or "")
    found = _respond(context, question) if question else None
    if found is None:
        return
    body, lang, markup = found
    parts = split_message(rtl_safe(body, lang))
    if len(parts) == 1 and len(earlier) == 1:
        with contextlib.suppress(BadRequest):  # "not modified": the same answer again
            await context.bot.edit_message_text(
                parts[0], chat_id=chat.id, message_id=earlier[0], reply_markup=markup
            )
        return
    for message_id in earlier:  # the answer's length changed: replace it whole
        with contextlib.suppress(TelegramError):
            await context.bot.delete_message(chat.id, message_id)
    await _send(update, context, body, lang, markup)


def _more_button(
    context: CustomContext, answer: Answer, timezone: str, offset: int, lang: str
) -> InlineKeyboardMarkup | None:
    """A "More" button when further matches remain; the answer waits in chat_data."""
    if offset >= len(answer.rest):
        return None
    pages = context.chat_data.setdefault("pages", {})
    while len(pages) >= MAX_PAGED:
        pages.pop(next(iter(pages)))  # the oldest answer's pages go first
    token = secrets.token_hex(4)
    pages[token] = (answer, timezone, offset)
    label = "المزيد ⬇️" if lang == "ar" else "More ⬇️"
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"pg:{token}")]])


async def more(update: Update, context: CustomContext) -> None:
    """The "More" button: the next page of the same answer, in the same order."""
    query = update.callback_query
    if query is None:
        return
    token = (query.data or "").partition(":")[2]
    held = context.chat_data.get("pages", {}).pop(token, None)
    if held is None:
        await query.answer(text("page_gone", context.lang), show_alert=True)
        return
    await query.answer()
    answer, timezone, offset = held
    body, left = next_page(answer, context.record, timezone, offset)
    lang = answer.question.lang
    markup = _more_button(context, answer, timezone, len(answer.rest) - left, lang)
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(None)  # the button is spent
    await reply(context, body, lang=lang, reply_markup=markup)


async def who(update: Update, context: CustomContext) -> None:
    question = " ".join(context.args or []).strip()
    if not question:
        await reply(context, text("who_empty", context.lang))
        return
    await answer(update, context, question)


def _body(message: Message) -> tuple[str, tuple[MessageEntity, ...]]:
    """A message's words and their entities: the text, or a photo's or video's caption."""
    if message.text is not None:
        return message.text, message.entities
    return message.caption or "", message.caption_entities


def _addressed_text(update: Update, bot_username: str) -> str | None:
    """The question in a group message, if it is meant for the bot (mention or reply)."""
    message = update.effective_message
    if message is None:
        return None
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
    if message is None:
        return
    question: str | None
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
    CallbackQueryHandler(more, pattern=r"^pg:[0-9a-f]+$"),
    MessageHandler(
        filters.UpdateType.MESSAGE & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, free_text
    ),
    MessageHandler(
        filters.UpdateType.EDITED_MESSAGE & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND,
        edited_question,
    ),
]
