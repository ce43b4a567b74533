"""What every handler shares: the command helper, the admin filter, the one refusal for
non-admins, who may change a group's settings, and `reply` (split, quoted, right-to-left safe)."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from handlers.context import CustomContext
from story.render import rtl_safe, split_message
from story.texts import text

REPLY_RETRY_SECONDS = 0.5  # the pause before resending a reply lost to a 5xx or a dropped link


def command(
    name: str | list[str], callback, extra: filters.BaseFilter | None = None
) -> CommandHandler:
    """A command handler for new messages only: an edited "/countdown" is not asked again."""
    only_new = filters.UpdateType.MESSAGE
    return CommandHandler(name, callback, filters=only_new & extra if extra else only_new)


class Admins(filters.UpdateFilter):
    """Updates from one of Raqib's admins: messages and button presses alike (the sender of a
    callback query is its `from`, not the author of the message that carries the buttons)."""

    def __init__(self, user_ids: frozenset[int]) -> None:
        super().__init__(name="Admins")
        self.user_ids = frozenset(user_ids)

    def filter(self, update: Update) -> bool:
        user = update.effective_user
        return bool(user and user.id in self.user_ids)


async def refuse_non_admin(update: Update, context: CustomContext) -> None:
    """The one answer to an admin command or button from someone who is not an admin."""
    refusal = text("admins_only", context.lang)
    if update.callback_query is not None:
        await update.callback_query.answer(refusal, show_alert=True)
        return
    await reply(context, refusal)


async def may_change_chat(update: Update, context: CustomContext) -> bool:
    """Whether the sender may change this chat's settings: anyone in a private chat; in a
    group its administrators (asked of Telegram), an anonymous admin writing as the group,
    or one of Raqib's own admins."""
    chat = update.effective_chat
    if chat is None:
        return False
    if context.is_private or context.is_admin:
        return True
    message = update.effective_message
    if (
        message is not None
        and message.sender_chat is not None
        and message.sender_chat.id == chat.id
        and update.callback_query is None
    ):
        return True  # an anonymous admin writes as the group itself
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def reply(
    context: CustomContext,
    body: str,
    *,
    lang: str | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> list[Message]:
    """Send `body` in the chat's language direction (Arabic lines start right-to-left), as
    one or more messages within Telegram's limit, quoting the message in groups; returns
    the messages sent."""
    update = context.update
    message = update.effective_message if update else None
    if message is None:
        return []
    parts = split_message(rtl_safe(body, lang or context.lang))  # all of it: nothing dropped
    last = len(parts) - 1
    sent: list[Message] = []
    for i, part in enumerate(parts):
        quote = i == 0 and not context.is_private
        markup = reply_markup if i == last else None
        try:
            sent.append(await message.reply_text(part, do_quote=quote, reply_markup=markup))
        except BadRequest:
            raise  # the request itself is wrong: sending it again cannot help
        except NetworkError:  # a 5xx or a dropped connection: an answer is safe to resend once
            await asyncio.sleep(REPLY_RETRY_SECONDS)
            sent.append(await message.reply_text(part, do_quote=quote, reply_markup=markup))
    return sent


async def edit_reply(
    context: CustomContext,
    body: str,
    *,
    lang: str | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Rewrite the message whose button was pressed (right-to-left safe); pressing the same
    button twice ("message is not modified") is not an error."""
    query = context.update.callback_query if context.update else None
    if query is None:
        await reply(context, body, lang=lang, reply_markup=reply_markup)
        return
    try:
        await query.edit_message_text(
            rtl_safe(body, lang or context.lang),
            reply_markup=reply_markup,
            disable_web_page_preview=True,
        )
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise


async def send(bot: Bot, chat_id: int, body: str, lang: str, **kwargs: Any) -> Message:
    """A message to a chat nobody is talking in right now (alerts, cards, welcome back),
    split within Telegram's limit; buttons go under the last part."""
    parts = split_message(rtl_safe(body, lang))
    markup = kwargs.pop("reply_markup", None)
    for part in parts[:-1]:
        await bot.send_message(chat_id, part, **kwargs)
    return await bot.send_message(chat_id, parts[-1], reply_markup=markup, **kwargs)


class AdminButton(CallbackQueryHandler):
    """A callback query handler for admins' button presses only (CallbackQueryHandler takes
    no filters); with `admitted=False`, for everyone else's (the refusal)."""

    def __init__(self, callback, pattern: str, admins: Admins, *, admitted: bool = True) -> None:
        super().__init__(callback, pattern=pattern)
        self.admins = admins
        self.admitted = admitted

    def check_update(self, update: object) -> bool | object | None:
        if not isinstance(update, Update) or self.admins.filter(update) != self.admitted:
            return None
        return super().check_update(update)
