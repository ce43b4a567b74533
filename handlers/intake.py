"""Ways in: what admins send or forward, chats the bot monitors, and the feed list.

* In a private chat, an admin's forwarded post, bare link or long text (an article) is read:
  a link is fetched and its main text taken; the candidates come back as review cards.
  Anything else — and everything from non-admins — is a question, as before.
* `/ingest <text or link>` (or as a reply to a message) reads explicitly, in any chat.
* `/monitor on|off` in a group (or `/monitor on|off <@channel|id>` for a channel) makes the
  bot read that chat's posts; their candidates go to every admin.
* `/feeds`, `/feeds add URL`, `/feeds remove URL|number`: the RSS/Atom feeds polled by the
  feed job (bot.feeds).
"""

from __future__ import annotations

import logging

from telegram import (
    Chat,
    ChatFullInfo,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.feeds import start_first_poll
from bot.fetching import FetchError, fetch_feed, new_client
from bot.pipeline import IngestReport, ingest_text, ingest_url, reingest_text
from handlers import questions
from handlers.common import command, reply
from handlers.context import CustomContext
from handlers.review_desk import mark_replaced, notify_admins, send_report
from story.desk_texts import say
from story.edge_texts import edge
from story.intake import bare_url, looks_like_article
from story.render import echo

log = logging.getLogger("raqib.ingest")
MONITOR_GROUP = 1  # handler group: monitored posts are read alongside, not instead of, answers


def _origin(message: Message) -> tuple[str | None, str | None]:
    """(outlet, link) of a forwarded message: the channel or chat it came from."""
    origin = message.forward_origin
    if origin is None:
        return None, None
    if isinstance(origin, MessageOriginChannel):
        chat = origin.chat
        link = f"https://t.me/{chat.username}/{origin.message_id}" if chat.username else None
        return chat.title or chat.username, link
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title, None
    user = getattr(origin, "sender_user", None)
    return (user.full_name if user else getattr(origin, "sender_user_name", None)), None


async def _read(
    update: Update,
    context: CustomContext,
    body: str,
    *,
    kind: str,
    outlet: str | None = None,
    url: str | None = None,
) -> IngestReport:
    """Read a text or (when `body` is a bare link) a page, for the admin who sent it."""
    record = context.record
    now = context.now
    user = update.effective_user.id if update.effective_user else None
    link = bare_url(body)
    if link:
        lang = context.lang
        await reply(context, say("reading", lang, url=echo(link, lang, limit=120)))
        async with new_client(context.config.fetch) as client:
            return await ingest_url(
                record, client, link, now=now, kind=kind, submitted_by=user, outlet=outlet
            )
    message = update.effective_message
    said = message.forward_origin.date if message and message.forward_origin else None
    return await ingest_text(
        record,
        body,
        now=now,
        kind=kind,
        url=url,
        outlet=outlet,
        published=said.date() if said else None,
        published_at=said,  # when the forwarded post was sent: its statements' time
        chat_id=update.effective_chat.id if update.effective_chat else None,
        message_id=message.message_id if message else None,
        submitted_by=user,
    )


async def _answer_report(update: Update, context: CustomContext, report: IngestReport) -> None:
    lang = context.lang
    if report.error:
        await reply(
            context,
            say(
                "read_failed", lang, url=echo(report.url or "", lang, limit=120), error=report.error
            ),
        )
        return
    if report.duplicate:
        await reply(context, say("read_duplicate", lang))
        return
    if update.effective_chat is not None:
        await send_report(context.bot, context.record, update.effective_chat.id, report, lang)


async def private_text(update: Update, context: CustomContext) -> None:
    """An admin's forward, link or article is read; every other private text is a question
    (non-admins never reach this handler: their texts go to handlers.questions)."""
    message = update.effective_message
    if message is None:
        return
    body = message.text or message.caption or ""  # a photo's or video's caption is its text
    forwarded = message.forward_origin is not None
    if not (forwarded or bare_url(body) or looks_like_article(body)):
        await questions.free_text(update, context)
        return
    outlet, link = _origin(message)
    report = await _read(
        update, context, body, kind="forward" if forwarded else "text", outlet=outlet, url=link
    )
    await _answer_report(update, context, report)
    pasted = not forwarded and not bare_url(body)
    if pasted and report.new and not (report.url or report.outlet):
        await reply(context, edge("pasted_no_source", context.lang))


async def ingest_command(update: Update, context: CustomContext) -> None:
    """/ingest <text or link>, or /ingest in reply to a message: read it now."""
    lang = context.lang
    message = update.effective_message
    if message is None:
        return
    body = (message.text or "").partition(" ")[2].strip()
    outlet = url = None
    if not body and message.reply_to_message:
        target = message.reply_to_message
        body = target.text or target.caption or ""
        outlet, url = _origin(target)
    if not body:  # bare /ingest: say what it does
        await reply(context, say("ingest_usage", lang))
        return
    report = await _read(update, context, body, kind="text", outlet=outlet, url=url)
    await _answer_report(update, context, report)


# -- monitored chats -------------------------------------------------------------------------
async def monitor(update: Update, context: CustomContext) -> None:
    """/monitor on|off [<@channel|id>]: admins only."""
    lang = context.lang
    args = context.args or []
    choice = args[0].lower() if args else ""
    if choice not in ("on", "off") or (context.is_private and len(args) < 2):
        await reply(context, say("monitor_usage", lang))
        return
    chat: Chat | ChatFullInfo | None
    if len(args) > 1:
        target = args[1]
        try:
            chat = await context.bot.get_chat(
                int(target) if target.lstrip("-").isdigit() else target
            )
        except TelegramError as exc:
            await reply(
                context,
                say("monitor_unknown_chat", lang, chat=echo(target, lang), error=str(exc)[:100]),
            )
            return
    else:
        chat = update.effective_chat
    if chat is None:
        return
    title = chat.title or chat.username or str(chat.id)
    context.ingest.set_monitored(
        chat.id, choice == "on", title=title, user_id=context.user_id, now=context.now
    )
    await reply(
        context,
        say("monitor_on" if choice == "on" else "monitor_off", lang, chat=echo(title, lang)),
    )


async def monitored_post(update: Update, context: CustomContext) -> None:
    """A post in a monitored group or channel: read it, send the candidates to the admins.
    An edited post that was read replaces its pending candidates with what the edit yields
    (the admins get cards only for statements it did not give before)."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or not context.ingest.is_monitored(chat.id):
        return
    body = message.text or message.caption or ""
    edited = update.edited_message is not None or update.edited_channel_post is not None
    held = context.ingest.chat_item(chat.id, message.message_id) if edited else None
    if held is not None:
        report = await reingest_text(context.record, held, body, now=context.now)
        await mark_replaced(context.application, report.replaced)  # their cards say so
        if report.new or report.merged:
            await notify_admins(context.application, report)
        return
    if len(body.split()) < 5:
        return  # chatter: too short to attribute anything
    link = (
        f"https://t.me/{chat.username}/{message.message_id}"
        if chat.username
        else f"tg://chat/{chat.id}/{message.message_id}"
    )
    outlet, _ = _origin(message)
    report = await ingest_text(
        context.record,
        body,
        now=context.now,
        kind="chat",
        url=link,
        outlet=outlet or chat.title,
        title=chat.title or "",
        published_at=message.date,  # Telegram's timestamp: the time of what the post says
        chat_id=chat.id,
        message_id=message.message_id,
    )
    if report.new or report.merged:
        await notify_admins(context.application, report)


# -- feeds -----------------------------------------------------------------------------------
async def feeds(update: Update, context: CustomContext) -> None:
    """/feeds, /feeds add URL, /feeds remove URL|number: admins only."""
    lang = context.lang
    store = context.ingest
    args = context.args or []
    action = args[0].lower() if args else "list"
    now = context.now
    if action == "list":
        listed = store.feeds()
        if not listed:
            await reply(context, say("feeds_none", lang))
            return
        lines = [say("feeds_head", lang)]
        for feed in listed:
            state = f" ⚠️ {feed.errors}× {feed.last_error or ''}" if feed.errors else ""
            lines.append(f"#{feed.id} {feed.title or ''} {feed.url}{state}".replace("  ", " "))
        await reply(context, "\n".join(lines))
        return
    if action not in ("add", "remove", "rm", "del") or len(args) < 2:
        await reply(context, say("feeds_usage", lang))
        return
    target = args[1].strip()
    if action == "add":
        if not target.startswith(("http://", "https://")):
            await reply(context, say("feed_bad_url", lang))
            return
        checked = None
        if not any(f.url == target for f in store.feeds()):
            try:  # fetched once before it is kept: a page that is no feed is refused, with why
                async with new_client(context.config.fetch) as client:
                    checked = await fetch_feed(client, target, etag=None, last_modified=None)
            except FetchError as exc:
                await reply(context, say("feed_refused", lang, why=echo(str(exc), lang)))
                return
        feed, added = store.add_feed(
            target, origin="chat", now=now, user_id=context.user_id
        )
        if not added:
            await reply(context, say("feed_exists", lang, id=feed.id))
            return
        if checked is not None and context.application.running:
            start_first_poll(context.application, feed, checked)  # from that one fetch
        minutes = context.config.feed_poll_minutes
        await reply(context, say("feed_added", lang, id=feed.id, minutes=f"{minutes:g}"))
        return
    too_long = target.isdigit() and len(target) > 12  # no feed has such a number
    removed = None if too_long else store.remove_feed(target, user_id=context.user_id, now=now)
    await reply(
        context,
        say("feed_removed", lang, url=removed.url) if removed else say("feed_unknown", lang),
    )


_PRIVATE_TEXT = (
    filters.UpdateType.MESSAGE
    & filters.ChatType.PRIVATE
    & (filters.TEXT | filters.CAPTION)
    & ~filters.COMMAND
)
_MONITORED = (
    (filters.UpdateType.MESSAGES | filters.UpdateType.CHANNEL_POSTS)  # new and edited
    & (filters.ChatType.GROUPS | filters.ChatType.CHANNEL)
    & (filters.TEXT | filters.CAPTION)
    & ~filters.COMMAND
)

COMMANDS = ["ingest", "monitor", "feeds"]


def handlers(admins: filters.BaseFilter) -> list[BaseHandler]:
    return [
        command("ingest", ingest_command, admins),
        command("monitor", monitor, admins),
        command("feeds", feeds, admins),
        # Before handlers.questions: an admin's forwards, links and articles are read.
        MessageHandler(_PRIVATE_TEXT & admins, private_text),
    ]


# Registered in MONITOR_GROUP, so group messages still reach the question handler too.
MONITOR_HANDLERS = [MessageHandler(_MONITORED, monitored_post)]
