"""Assemble the PTB Application in one place: token, transport, defaults, rate limiter, handlers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Chat, Message, Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    ChatMemberHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    PollAnswerHandler,
    PollHandler,
    PreCheckoutQueryHandler,
    PrefixHandler,
    ShippingQueryHandler,
    filters,
)
from telegram.request import BaseRequest

import handlers
from bot import dispatch
from bot.concurrency import PerChatProcessor
from bot.config import Config
from bot.dispatch import ReminderRateLimiter
from bot.feeds import schedule_feed_polling
from bot.menus import set_menus
from bot.redact import redact_token
from handlers.context import CustomContext
from storage import Record
from storage.menu_store import MenuStore
from storage.review_store import IngestStore

Clock = Callable[[], datetime]

def build_application(
    config: Config,
    record: Record,
    clock: Clock,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    concurrent: bool = True,
    overall_rate: float = 30.0,
) -> Application:
    """The Application that serves Telegram, the terminal chat and the tests alike.
    `concurrent=False` (one update at a time, PTB's default) and `overall_rate` (Telegram's
    30 messages a second for the whole bot; 0 for none) are for benchmarks."""
    token = token or config.token or ""
    redact_token(token)
    builder = (
        Application.builder()
        .token(token)
        .context_types(ContextTypes(context=CustomContext))
        .defaults(Defaults(tzinfo=ZoneInfo(config.timezone)))
        # AIORateLimiter (30/s, 20/min per group, RetryAfter resent), plus an even pace for
        # reminder fan-out (bot.dispatch).
        .rate_limiter(
            ReminderRateLimiter(
                max_retries=2,
                paced_rate=config.reminders.messages_per_second,
                overall_max_rate=overall_rate,
            )
        )
        .post_init(_post_init)
    )
    if concurrent:  # chats served concurrently, each chat's updates in order (bot.concurrency)
        builder = builder.concurrent_updates(PerChatProcessor())
    if config.base_url:
        builder = builder.base_url(config.base_url)
    if config.base_file_url:
        builder = builder.base_file_url(config.base_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    app = builder.build()
    app.bot_data.update(record=record, clock=clock, config=config, ingest=IngestStore(record))
    dispatch.install(app, record, clock, config)  # one repeating JobQueue tick; the stores
    handlers.register(app)
    schedule_feed_polling(app)  # one repeating JobQueue job; each feed keeps its own next poll
    return app


async def _post_init(app: Application) -> None:
    admins, record = app.bot_data["config"].admins, app.bot_data["record"]
    # per language and scope; former admins' menus deleted (storage.menu_store)
    await set_menus(app.bot, admins, MenuStore(record.db), app.bot_data["clock"]())


# -- allowed_updates ---------------------------------------------------------------------------
# Telegram delivers only the update types getUpdates asks for: a handler whose type is left
# out never runs (a /monitor'd channel's posts are channel_post). So the list is derived from
# the handlers themselves, never written by hand.
_ONE_TYPE = {
    CallbackQueryHandler: ("callback_query",),
    InlineQueryHandler: ("inline_query",),
    ChosenInlineResultHandler: ("chosen_inline_result",),
    ShippingQueryHandler: ("shipping_query",),
    PreCheckoutQueryHandler: ("pre_checkout_query",),
    PollHandler: ("poll",),
    PollAnswerHandler: ("poll_answer",),
    ChatJoinRequestHandler: ("chat_join_request",),
}
_MEMBER_TYPES = {
    ChatMemberHandler.MY_CHAT_MEMBER: {"my_chat_member"},
    ChatMemberHandler.CHAT_MEMBER: {"chat_member"},
    ChatMemberHandler.ANY_CHAT_MEMBER: {"my_chat_member", "chat_member"},
}


def _probe(message_filter: filters.BaseFilter) -> set[str]:
    """The update types an update-type-only filter lets through, asked of the filter itself
    with one update of each type (each carrying a message)."""
    message = Message(0, datetime(2021, 1, 1), chat=Chat(0, Chat.PRIVATE))
    return {
        kind for kind in Update.ALL_TYPES if message_filter.check_update(_carrying(kind, message))
    }


def _carrying(kind: str, message: Message) -> Update:
    """An update of type `kind` whose payload is `message` (a probe: only its type is read)."""
    payload: dict[str, Any] = {kind: message}
    return Update(0, **payload)


_MESSAGE_TYPES = frozenset(_probe(filters.ALL))  # message, edited_message, channel_post, …


def _type_only(f: object) -> bool:
    """True if `f` looks only at the update's type (filters.UpdateType and their combinations)."""
    names = ("base_filter", "and_filter", "or_filter", "xor_filter", "inv_filter")
    parts = [getattr(f, name, None) for name in names]
    if any(isinstance(part, filters.BaseFilter) for part in parts):
        return all(_type_only(part) for part in parts if isinstance(part, filters.BaseFilter))
    return type(f).__qualname__.startswith("UpdateType.")


def _filter_types(f: filters.BaseFilter) -> set[str]:
    """The update types a message filter may accept (more rather than fewer when unsure)."""
    if _type_only(f):
        return _probe(f)
    base = getattr(f, "base_filter", None)
    and_part, or_part = getattr(f, "and_filter", None), getattr(f, "or_filter", None)
    if isinstance(base, filters.BaseFilter) and isinstance(and_part, filters.BaseFilter):
        return _filter_types(base) & _filter_types(and_part)
    if isinstance(base, filters.BaseFilter) and isinstance(or_part, filters.BaseFilter):
        return _filter_types(base) | _filter_types(or_part)
    return set(_MESSAGE_TYPES)  # content filters (TEXT, ChatType, …) and negations of them


def _handler_types(handler: BaseHandler) -> set[str]:
    if isinstance(handler, ConversationHandler):
        states = [h for hs in handler.states.values() for h in hs]
        inner = [*handler.entry_points, *handler.fallbacks, *states]
        return set().union(*(_handler_types(h) for h in inner))
    if isinstance(handler, MessageHandler | CommandHandler | PrefixHandler):
        return _filter_types(handler.filters)
    if isinstance(handler, ChatMemberHandler):
        kinds = handler.chat_member_types  # Optional in PTB's types, though always set
        return set(_MEMBER_TYPES[ChatMemberHandler.ANY_CHAT_MEMBER if kinds is None else kinds])
    for kind, types in _ONE_TYPE.items():
        if isinstance(handler, kind):
            return set(types)
    return set(Update.ALL_TYPES)  # a handler we cannot read: ask for everything


def allowed_updates(app: Application) -> list[str]:
    """The update types the Application's registered handlers can take, in Telegram's order,
    for getUpdates' `allowed_updates` (`run_polling(allowed_updates=...)`)."""
    wanted = set().union(*(_handler_types(h) for group in app.handlers.values() for h in group))
    return [str(kind) for kind in Update.ALL_TYPES if kind in wanted]
