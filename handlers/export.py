"""/export [csv|json]: the chat's story as a document — its approved statements with the
speaker's names in both languages, date, kind, stance, source and links.

The rows and their CSV/JSON text come from storage.export, the same functions behind
`python -m bot export`, so a chat's file and the command line's agree. CSV is sent with a
byte-order mark, so spreadsheet programs read the Arabic as UTF-8.
"""

from __future__ import annotations

import re

from telegram import Update

from handlers.common import command, reply
from handlers.context import CustomContext
from storage.export import rows_csv, rows_json, statement_rows
from story.render import rtl_safe
from story.texts import text

ENCODINGS = {"csv": "utf-8-sig", "json": "utf-8"}  # the MIME type follows the file name


def _filename(story_id: str, day: str, fmt: str) -> str:
    return f"raqib-{re.sub(r'[^A-Za-z0-9._-]+', '-', story_id)}-{day}.{fmt}"


async def export(update: Update, context: CustomContext) -> None:
    lang = context.lang
    args = [a.lower() for a in context.args or []]
    fmt = args[0] if args else "csv"
    if len(args) > 1 or fmt not in ENCODINGS:
        await reply(context, text("export_usage", lang))
        return
    story_id = context.story_id
    story = next((s for s in context.record.stories() if s.id == story_id), None)
    message = update.effective_message
    if story is None or message is None:
        await reply(context, text("export_none", lang))
        return
    rows = statement_rows(context.record, story.id)
    body = rows_csv(rows) if fmt == "csv" else rows_json(rows)
    title = story.title_ar if lang == "ar" else story.title_en
    caption = rtl_safe(text("export_caption", lang, title=title, n=len(rows)), lang)
    await message.reply_document(
        document=body.encode(ENCODINGS[fmt]),
        filename=_filename(story.id, f"{context.now:%Y-%m-%d}", fmt),
        caption=caption[:1024],
        do_quote=not context.is_private,
    )


HANDLERS = [command("export", export)]
