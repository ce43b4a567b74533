"""/start and /help. An admin asking /help in private also gets the admin commands (from the
one list, bot.menus); a group sees only the public help, even when an admin asks there.

`/start <payload>` is what a t.me/<bot>?start=<payload> link sends: a story's id (or
"story_<n>") opens that story's deadlines; any other payload is a question, its words
joined by "_" or "-" (Telegram allows only A-Z, a-z, 0-9, _ and - in a payload)."""

from __future__ import annotations

from telegram import Update

from bot import outcome_ask
from bot.menus import admin_help
from handlers import questions
from handlers.common import command, reply
from handlers.context import CustomContext
from story.story_state import story_state
from story.texts import text


async def start(update: Update, context: CustomContext) -> None:
    await _start(update, context)
    if context.is_admin and context.is_private and context.user_id is not None:
        # An admin who had never started the bot missed the outcome questions: asked now.
        outcome_ask.ask_on_start(context.application, context.user_id, context.now)


async def _start(update: Update, context: CustomContext) -> None:
    payload = (context.args[0] if context.args else "").strip()[:64]
    if payload and await _open_story(context, payload):
        return
    if not payload or payload.startswith("story_"):  # no payload, or a story no longer there
        await reply(context, text("start", context.lang))
        return
    question = " ".join(payload.replace("_", " ").replace("-", " ").split())
    await questions.answer(update, context, question)


async def _open_story(context: CustomContext, payload: str) -> bool:
    """The story a deep link names (its id, or story_<n> as /story numbers them), shown."""
    stories = context.record.stories()
    picked = [s for i, s in enumerate(stories, 1) if payload in (s.id, f"story_{i}")]
    if not picked:
        return False
    story, lang = picked[0], context.lang
    lines = [story.title_ar if lang == "ar" else story.title_en]
    deadlines = context.record.deadlines(story.id)
    states = story_state(deadlines, context.now, context.chat.timezone, lang)
    lines += [f"• {state}" for state in states]
    await reply(context, "\n".join(lines))
    return True


async def help_command(update: Update, context: CustomContext) -> None:
    body = text("help", context.lang, bot=context.bot.username or "raqib_bot")  # inline mode
    if context.is_admin and context.is_private:
        body += "\n\n" + admin_help(context.lang)
    await reply(context, body)


HANDLERS = [command("start", start), command("help", help_command)]
