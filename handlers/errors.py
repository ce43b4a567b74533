"""The error handler: log with the update id, tell the user briefly, keep serving."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError

from handlers.common import reply
from handlers.context import CustomContext
from story.texts import text

log = logging.getLogger("raqib.errors")


async def on_error(update: object, context: CustomContext) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(context.error, Forbidden):  # blocked or removed while replying: not a fault
        log.warning("update %s: the chat refused the reply: %s", update_id, context.error)
        return
    log.error("error handling update %s: %r", update_id, context.error, exc_info=context.error)
    if isinstance(context.error, NetworkError) or not isinstance(update, Update):
        return
    message = update.effective_message
    if message is None:
        return
    try:
        lang = context.lang
    except Exception:  # the record itself may be what failed
        lang = context.config.language
    try:
        await reply(context, text("error", lang), lang=lang)
    except Exception:  # the apology itself failed: nothing more to do but log
        log.exception("could not report the error for update %s", update_id)
