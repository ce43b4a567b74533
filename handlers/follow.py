"""/follow <actor>|all and /unfollow [<actor>|all]; and the alert followers get when an
actor's position changes (sent from the review desk, see handlers.review_desk)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from handlers.common import command, edit_reply, may_change_chat, reply
from handlers.context import CustomContext
from handlers.update_parts import chat_id_of, query_of
from storage import Record
from storage.review_store import ALL_ACTORS
from story.desk_texts import plain, say
from story.render import echo

log = logging.getLogger("raqib.follow")
_ALL_WORDS = {"all", "*", "الكل", "كل", "الجميع"}


def _target(name: str, record: Record) -> tuple[str | None, str]:
    """(actor id or ALL_ACTORS, display name); (None, name) when no actor has that name."""
    if name.strip().lower() in _ALL_WORDS:
        return ALL_ACTORS, ""
    actor = record.actor_index().resolve(name[:200])
    return (actor.id, "") if actor else (None, name)


def _display(actor_id: str, record: Record, lang: str) -> str:
    if actor_id == ALL_ACTORS:
        return plain("follow_all", lang)
    actor = record.actors().get(actor_id)
    return actor.name(lang) if actor else actor_id


async def follow(update: Update, context: CustomContext) -> None:
    chat = context.chat
    record = context.record
    store = context.ingest
    name = " ".join(context.args or []).strip()
    if not name:
        current = store.follows(chat_id_of(update))
        text = say("follow_usage", chat.lang)
        if current:
            names = ", ".join(_display(a, record, chat.lang) for a in current)
            text = say("follow_list", chat.lang, names=names) + "\n" + text
        await reply(context, text)
        return
    if not await may_change_chat(update, context):
        await reply(context, say("follow_group_admins", chat.lang))
        return
    actor_id, unknown = _target(name, record)
    if actor_id is None:
        await reply(context, say("edit_none", chat.lang, name=echo(unknown, chat.lang)))
        return
    added = store.follow(chat_id_of(update), actor_id, context.now)
    shown = _display(actor_id, record, chat.lang)
    await reply(context, say("follow_done" if added else "follow_already", chat.lang, name=shown))


async def unfollow(update: Update, context: CustomContext) -> None:
    chat = context.chat
    record = context.record
    store = context.ingest
    if not await may_change_chat(update, context):
        await reply(context, say("follow_group_admins", chat.lang))
        return
    name = " ".join(context.args or []).strip()
    current = store.follows(chat_id_of(update))
    if not name and len(current) > 1:  # a bare /unfollow asks before stopping everything
        button = InlineKeyboardButton(plain("unfollow_yes", chat.lang), callback_data="fu:all")
        markup = InlineKeyboardMarkup([[button]])
        await reply(
            context, say("unfollow_confirm", chat.lang, n=len(current)), reply_markup=markup
        )
        return
    if not name or name.lower() in _ALL_WORDS:
        ended = store.unfollow(chat_id_of(update))
        await reply(context, say("unfollow_everything", chat.lang, n=ended))
        return
    actor_id, unknown = _target(name, record)
    if actor_id is None:
        await reply(context, say("edit_none", chat.lang, name=echo(unknown, chat.lang)))
        return
    ended = store.unfollow(chat_id_of(update), actor_id)
    shown = _display(actor_id, record, chat.lang)
    await reply(context, say("unfollow_done" if ended else "unfollow_none", chat.lang, name=shown))


async def unfollow_all(update: Update, context: CustomContext) -> None:
    """The confirmation button of a bare /unfollow."""
    query = query_of(update)
    if not await may_change_chat(update, context):
        await query.answer(plain("follow_group_admins", context.lang), show_alert=True)
        return
    await query.answer()
    ended = context.ingest.unfollow(chat_id_of(update))
    await edit_reply(context, say("unfollow_everything", context.lang, n=ended))


HANDLERS = [
    command("follow", follow),
    command("unfollow", unfollow),
    CallbackQueryHandler(unfollow_all, pattern=r"^fu:all$"),
]
