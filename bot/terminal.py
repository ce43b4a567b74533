"""The terminal chat: Raqib's real Application, talking to an in-process Bot API.

Each line typed becomes a Telegram update from a private chat; it goes through
`Application.process_update` and the same handlers as on Telegram, and whatever the bot
sends comes back through `FakeBotAPI.on_send` and is printed. There is no second code path:
only the transport differs.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from telegram import Update

from bot.app import Clock, build_application
from bot.botapi import FakeBotAPI, InProcessRequest
from bot.config import Config
from storage import Record

TERMINAL_TOKEN = "1000:terminal-chat"
TERMINAL_CHAT_ID = 1
PROMPT = "you › "

NO_TOKEN_HINT = (
    "Raqib — terminal chat (no Telegram token set). Ask in Arabic or English; /help lists the commands.\n"
    "To serve Telegram instead: get a token from @BotFather, then\n"
    "  TELEGRAM_BOT_TOKEN=123456:ABC... make run   (or set [telegram] token in config.toml)\n"
    "Ctrl-D or /quit ends the chat.\n"
)


async def chat(
    config: Config,
    record: Record,
    clock: Clock,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    interactive: bool | None = None,
) -> int:
    """Run the chat until EOF (or /quit); one reply block per input line."""
    interactive = stdin.isatty() if interactive is None else interactive
    api = FakeBotAPI(token=TERMINAL_TOKEN)
    reader_gone = False

    def show(sent: dict) -> None:
        nonlocal reader_gone
        text = sent.get("plain_text") or sent.get("text") or ""
        try:
            stdout.write(("raqib › " if interactive else "") + text + "\n\n")
            stdout.flush()
        except BrokenPipeError:  # `… | head`: whoever read the replies has gone; stop quietly
            reader_gone = True

    api.on_send = show
    app = build_application(
        config,
        record,
        clock,
        token=TERMINAL_TOKEN,
        request=InProcessRequest(api),
        updates_request=InProcessRequest(api),
    )
    await app.initialize()
    if interactive:
        stdout.write(NO_TOKEN_HINT + "\n")
        stdout.flush()
    loop = asyncio.get_running_loop()
    try:
        while not reader_gone:
            if interactive:
                stdout.write(PROMPT)
                stdout.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            line = line.rstrip("\r\n")
            if line.strip() in ("/quit", "/exit"):
                break
            if not line.strip():
                continue
            update = api.new_message(TERMINAL_CHAT_ID, line, first_name="You", language_code=config.language)
            await app.process_update(Update.de_json(update, app.bot))
    finally:
        await app.shutdown()
    return 0
