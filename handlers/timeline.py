"""/timeline [actor|story]: the story's statements as a picture (bot.timeline draws it).

No argument: the chat's story. An argument is a story (its number in /story or its id) or
an actor (names, aliases and small typos resolve as in /actor). The picture is sent once
per record version and then again by Telegram's file_id, without uploading it again.
"""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest

from bot.timeline import Request, TimelineCache, subject, timeline_picture
from handlers.common import command, reply
from handlers.context import CustomContext
from story.render import echo, rtl_safe
from story.timeline_data import timeline_text


def _cache(context: CustomContext) -> TimelineCache:
    return context.bot_data.setdefault("timeline_cache", TimelineCache())


async def show_timeline(update: Update, context: CustomContext) -> None:
    lang = context.lang
    record = context.record
    if not record.stories():
        await reply(context, timeline_text("no_story", lang))
        return
    asked = " ".join(context.args or []).strip()
    chosen = subject(record, asked, context.story_id)
    if chosen is None:
        await reply(context, timeline_text("unknown", lang, name=echo(asked, lang)))
        return
    story, actor_id = chosen
    actor = record.actors()[actor_id] if actor_id else None
    until = context.now.date() if context.replay else None  # a replay knows nothing later
    request = Request(story, lang, actor_id, until, context.now.date())
    picture = await timeline_picture(record, request, _cache(context))
    if picture is None:
        if actor is not None:
            await reply(context, timeline_text("empty_actor", lang, name=actor.name(lang)))
        else:
            await reply(context, timeline_text("empty_story", lang))
        return
    message = update.effective_message
    if message is None:  # commands come in messages; nothing to answer otherwise
        return
    caption = rtl_safe(picture.caption, lang)[:1024]
    quote = not context.is_private
    sent = None
    if picture.file_id:
        try:
            sent = await message.reply_photo(picture.file_id, caption=caption, do_quote=quote)
        except BadRequest:  # the id is no longer good (another bot token): upload again
            picture.file_id = None
    if sent is None:
        sent = await message.reply_photo(
            picture.png, caption=caption, do_quote=quote, filename="timeline.png"
        )
    if sent.photo:
        picture.file_id = sent.photo[-1].file_id


HANDLERS = [command("timeline", show_timeline)]
