"""/countdown [words]: time left to the story's deadlines, in the chat's time zone; words
name a deadline to put first, of any story (/countdown syria)."""

from __future__ import annotations

from telegram import Update

from handlers.common import command, reply
from handlers.context import CustomContext
from story.answering import countdowns_for
from story.normalize import normalize, words
from story.render import render_countdown
from story.texts import text


async def show_countdown(update: Update, context: CustomContext) -> None:
    """The deadlines' countdowns, those the arguments name first."""
    chat = context.chat
    named = [w for arg in (context.args or [])[:20] for w in words(normalize(arg[:100]))]
    countdowns = countdowns_for(context.record, context.now, context.story_id, named)
    if not countdowns:
        await reply(context, text("no_deadline", chat.lang))
        return
    await reply(
        context, "\n\n".join(render_countdown(c, chat.timezone, chat.lang) for c in countdowns)
    )


HANDLERS = [command("countdown", show_countdown)]
