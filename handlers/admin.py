"""Admin commands: /setstatus — mark a deadline met, missed, extended or pending again.

Registered behind the admin filter (see handlers.register); non-admins get the one refusal.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, filters

from handlers.common import command, reply
from handlers.context import CustomContext
from story.models import DEADLINE_STATUSES
from story.render import echo
from story.texts import text

COMMANDS = ["setstatus"]


async def set_status(update: Update, context: CustomContext) -> None:
    lang = context.lang
    args = [a.lower() for a in context.args or []]
    record = context.record
    deadlines = record.deadlines(context.story_id)
    if not args or args[0] not in DEADLINE_STATUSES or not deadlines:
        await reply(context, text("setstatus_usage", lang))
        return
    target = deadlines[0]  # the main deadline unless one is named
    if len(args) > 1:
        named = [d for d in record.deadlines() if d.id == args[1]]
        if not named:
            await reply(context, text("setstatus_unknown", lang, name=echo(args[1], lang)))
            return
        target = named[0]
    record.set_deadline_status(target.id, args[0])
    title = target.title_ar if lang == "ar" else target.title_en
    await reply(context, text("setstatus_done", lang, title=title, status=args[0]))


def handlers(admins: filters.BaseFilter) -> list[BaseHandler]:
    return [command("setstatus", set_status, admins)]
