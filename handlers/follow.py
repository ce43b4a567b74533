"""/follow <actor>|all and /unfollow [<actor>|all]; and the alert followers get when an
actor's position changes (sent from the review desk, see handlers.review_desk)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import (
    chat_context,
    command,
    may_change_chat,
    now_of,
    record_of,
    reply,
)
from storage import Record
from storage.review_store import ALL_ACTORS, IngestStore
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


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = chat_context(update, context)
    record = record_of(context)
    store = IngestStore(record)
    name = " ".join(context.args or []).strip()
    if not name:
        current = store.follows(update.effective_chat.id)
        text = say("follow_usage", chat.lang)
        if current:
            names = ", ".join(_display(a, record, chat.lang) for a in current)
            text = say("follow_list", chat.lang, names=names) + "\n" + text
        await reply(update, text)
        return
    if not await may_change_chat(update, context):
        await reply(update, say("follow_group_admins", chat.lang))
        return
    actor_id, unknown = _target(name, record)
    if actor_id is None:
        await reply(update, say("edit_none", chat.lang, name=echo(unknown, chat.lang)))
        return
    added = store.follow(update.effective_chat.id, actor_id, now_of(context))
    shown = _display(actor_id, record, chat.lang)
    await reply(update, say("follow_done" if added else "follow_already", chat.lang, name=shown))


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = chat_context(update, context)
    record = record_of(context)
    store = IngestStore(record)
    if not await may_change_chat(update, context):
        await reply(update, say("follow_group_admins", chat.lang))
        return
    name = " ".join(context.args or []).strip()
    if not name or name.lower() in _ALL_WORDS:
        ended = store.unfollow(update.effective_chat.id)
        await reply(update, say("unfollow_everything", chat.lang, n=ended))
        return
    actor_id, unknown = _target(name, record)
    if actor_id is None:
        await reply(update, say("edit_none", chat.lang, name=echo(unknown, chat.lang)))
        return
    ended = store.unfollow(update.effective_chat.id, actor_id)
    shown = _display(actor_id, record, chat.lang)
    await reply(update, say("unfollow_done" if ended else "unfollow_none", chat.lang, name=shown))


def chat_lang(record: Record, chat_id: int, default: str) -> str:
    """The language a chat reads when it asked nothing (alerts, review cards)."""
    return record.chat_settings(chat_id).get("lang") or default


HANDLERS = [command("follow", follow), command("unfollow", unfollow)]
