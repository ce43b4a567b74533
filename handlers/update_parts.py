"""The parts of an update a handler can rely on, typed: a button handler always has its
callback query, a command in a chat has that chat and a sender, a text handler its message.

PTB types every part of an Update as optional, because an update carries one kind of payload.
Which parts are present follows from how a handler is registered; these helpers state that
once, and fail loudly (a wiring mistake, never a user's doing) instead of leaving each handler
to write its own `if x is None` for cases that cannot arise.
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update


def query_of(update: Update) -> CallbackQuery:
    """The pressed button's callback query (a CallbackQueryHandler's update has one)."""
    query = update.callback_query
    if query is None:
        raise RuntimeError("a button handler got an update without a callback query")
    return query


def button_fields(update: Update) -> list[str]:
    """The pressed button's data split on ':' ("rv:a:17" → ["rv", "a", "17"])."""
    data = query_of(update).data
    return data.split(":") if isinstance(data, str) else []


def chat_id_of(update: Update) -> int:
    """The id of the chat the update happened in."""
    chat = update.effective_chat
    if chat is None:
        raise RuntimeError("a chat handler got an update without a chat")
    return chat.id


def sender_id_of(update: Update) -> int:
    """The id of the user who sent the message or pressed the button."""
    user = update.effective_user
    if user is None:
        raise RuntimeError("a handler for users got an update without a sender")
    return user.id


def message_of(update: Update) -> Message:
    """The message of a message handler's update."""
    message = update.effective_message
    if message is None:
        raise RuntimeError("a message handler got an update without a message")
    return message


def text_of(update: Update) -> str:
    """The message's text ("" for a message without any)."""
    return message_of(update).text or ""


def shown_text(query: CallbackQuery) -> str | None:
    """The text of the message under the pressed button; None when Telegram no longer gives
    it (a message too old to be accessible) or it has none."""
    message = query.message
    return message.text if isinstance(message, Message) else None
