"""The terminal chat: the whole of Raqib, its real Application, without a Telegram token.

Each line typed becomes a Telegram update (a message, or a button press) that goes through
`Application.process_update` and the same handlers as on Telegram; what the bot sends comes
back through the small in-process transport (bot/transport.py) and is printed. Inline
buttons are shown numbered under their message: typing the number (or `/press N`) presses
it. The Application runs (JobQueue included), so reminders and alerts arrive here too.

The terminal user is one of Raqib's admins. `user_id` plays another user instead (an admin
only if configured), and `group=True` plays a group chat whose creator is the terminal user:
there a message is a question when it mentions @raqib_bot or is a reply (a line starting
with "> " replies to the bot's last message).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import re
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

from telegram import Update

from bot.app import Clock, build_application
from bot.config import Config
from bot.transport import JSONDict, TerminalRequest, utf16_len
from storage import Record

TERMINAL_TOKEN = "1000:terminal-chat"
TERMINAL_USER_ID = 1
TERMINAL_CHAT_ID = TERMINAL_USER_ID  # a private chat's id is its user's id
TERMINAL_GROUP_ID = -1001000000001
PROMPT = "you › "
FENCE = '"""'  # a line of its own opens and closes a message of several lines
_ENTITY = re.compile(r"(?P<bot_command>^/[A-Za-z0-9_]{1,32}(?:@\w+)?)|(?P<mention>@\w{5,32})")
_PRESS = re.compile(r"(?:/press\s+)?(\d{1,3})")

NO_TOKEN_HINT = (
    "Raqib — terminal chat (no Telegram token set). Ask in Arabic or English; /help lists the "
    "commands.\n"
    "Buttons are numbered under their message: type the number (or /press N) to press one.\n"
    'A line """ starts a message of several lines (a pasted article); another """ ends it.\n'
    "To serve Telegram instead: get a token from @BotFather, then\n"
    "  TELEGRAM_BOT_TOKEN=123456:ABC... make run   (or set [telegram] token in config.toml)\n"
    "Ctrl-D or /quit ends the chat.\n"
)
GROUP_HINT = 'In this group, mention @raqib_bot or start a line with "> " (a reply) to ask.\n'


class _Screen:
    """Prints what the bot sends and numbers the buttons of the latest reply that has some.

    The buttons of every message of one reply (all the review cards of one pasted article)
    are numbered on, 1…N, so each can be pressed; the numbers hold until buttons are shown
    again."""

    def __init__(self, stdout: TextIO, chat_id: int, interactive: bool) -> None:
        self.stdout, self.chat_id, self.interactive = stdout, chat_id, interactive
        self.last: JSONDict | None = None  # the bot's latest message in the chat
        self.numbered: list[tuple[JSONDict, JSONDict]] = []  # (message, button) by number
        self.fresh = True  # the next buttons shown start again at 1
        self.reader_gone = False

    def next_input(self) -> None:
        self.fresh = True

    def on_event(self, kind: str, payload: JSONDict) -> None:
        if kind == "answer":
            if payload.get("text"):
                self.write(("⚠️ " if payload.get("show_alert") else "ⓘ ") + str(payload["text"]))
            return
        lead = ("raqib › " if self.interactive else "") + ("✎ " if kind == "edit" else "")
        if kind == "file":  # a picture or a file: its path, and its caption under it
            message = payload["message"]
            caption = message.get("caption")
            self.write(lead + f"📎 {payload['path']}" + (f"\n{caption}" if caption else ""))
            return
        if payload["chat"]["id"] != self.chat_id:
            self.write(lead + f"[to chat {payload['chat']['id']}] " + payload["text"])
            return
        self.last = payload
        lines = [lead + payload["text"]]
        if _rows(payload):
            if self.fresh or any(m is payload for m, _ in self.numbered):
                self.numbered, self.fresh = [], False
            for row in _rows(payload):
                cells = []
                for button in row:
                    self.numbered.append((payload, button))
                    cells.append(f"[{len(self.numbered)}] {button['text']}")
                lines.append("   " + "   ".join(cells))
        self.write("\n".join(lines))

    def write(self, text: str) -> None:
        try:
            self.stdout.write(text + "\n\n")
            self.stdout.flush()
        except BrokenPipeError:  # `… | head`: whoever read the replies has gone; stop quietly
            self.reader_gone = True

    def button(self, number: int) -> tuple[JSONDict, JSONDict] | None:
        """The message and button shown with this number, if that button is still there."""
        if not 1 <= number <= len(self.numbered):
            return None
        message, button = self.numbered[number - 1]
        return (message, button) if any(button in row for row in _rows(message)) else None


def _rows(message: JSONDict) -> list[list[JSONDict]]:
    return (message.get("reply_markup") or {}).get("inline_keyboard") or []


class _Chat:
    """Builds the updates a Telegram client would send for what the terminal user types."""

    def __init__(
        self, transport: TerminalRequest, screen: _Screen, user: JSONDict, chat: JSONDict
    ) -> None:
        self.transport, self.screen, self.user, self.chat = transport, screen, user, chat
        self.query_ids = itertools.count(1)

    def message(self, text: str) -> JSONDict:
        message: JSONDict = {
            "message_id": next(self.transport.message_ids),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.user,
        }
        if self.chat["type"] != "private" and text.startswith("> "):
            text = text[2:].strip()
            if self.screen.last is not None:
                message["reply_to_message"] = dict(self.screen.last)
        message["text"] = text
        entities = [
            {"type": m.lastgroup, "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
            for m in _ENTITY.finditer(text)
        ]
        if entities:
            message["entities"] = entities
        self.transport.messages[self.chat["id"], message["message_id"]] = message
        return {"update_id": message["message_id"], "message": message}

    def press(self, line: str) -> JSONDict | str | None:
        """The callback_query update for a button number; a note to show; None if not a press."""
        match = _PRESS.fullmatch(line.strip())
        pressing = line.strip().startswith("/press")
        if match is None:
            return "Usage: /press N (the number shown beside a button)" if pressing else None
        found = self.screen.button(int(match[1]))
        if found is None:
            if not pressing:
                return None  # a bare number that is no button is text
            count = len(self.screen.numbered)
            return f"No button {match[1]} here." + (f" Buttons: 1–{count}." if count else "")
        message, button = found
        if "callback_data" not in button:
            return (
                f"That button opens {button.get('url', 'something only a Telegram app can open')}."
            )
        query = {
            "id": str(next(self.query_ids)),
            "from": self.user,
            "message": message,
            "chat_instance": str(self.chat["id"]),
            "data": button["callback_data"],
        }
        return {"update_id": next(self.transport.message_ids), "callback_query": query}


async def chat(
    config: Config,
    record: Record,
    clock: Clock,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    interactive: bool | None = None,
    user_id: int | None = None,
    group: bool = False,
    replay: bool = False,
) -> int:
    """Run the chat until EOF (or /quit); one reply block per input line."""
    interactive = stdin.isatty() if interactive is None else interactive
    uid = TERMINAL_USER_ID if user_id is None else user_id
    if user_id is None:  # the terminal's own user is an admin
        config = dataclasses.replace(config, admins=config.admins | {TERMINAL_USER_ID})
    user = {"id": uid, "is_bot": False, "first_name": "You", "language_code": config.language}
    if group:
        the_chat: JSONDict = {
            "id": TERMINAL_GROUP_ID,
            "type": "supergroup",
            "title": "Terminal group",
        }
    else:
        the_chat = {"id": uid, "type": "private", "first_name": "You"}
    screen = _Screen(stdout, the_chat["id"], interactive)
    transport = TerminalRequest(screen.on_event)
    transport.chats[the_chat["id"]] = the_chat
    transport.creators[TERMINAL_GROUP_ID] = TERMINAL_USER_ID
    session = _Chat(transport, screen, user, the_chat)
    app = build_application(config, record, clock, token=TERMINAL_TOKEN, request=transport)
    app.bot_data["replay"] = replay  # --replay: statements dated after the clock are unknown
    read = _reader(stdin, stdout, interactive)
    await app.initialize()
    await app.start()  # the JobQueue: reminders, alerts and feeds run as on Telegram
    if interactive:
        screen.write(NO_TOKEN_HINT + (GROUP_HINT if group else ""))
    try:
        while not screen.reader_gone:
            line = await _in_thread(read)
            if line is None:
                break
            line = line.rstrip("\r\n")
            if line.strip() in ("/quit", "/exit"):
                break
            if line.strip() == FENCE:  # a message of several lines, as pasted into Telegram
                parts = []
                while (more := await _in_thread(read)) is not None and more.strip() != FENCE:
                    parts.append(more.rstrip("\r\n"))
                line = "\n".join(parts)
            if not line.strip():
                continue
            screen.next_input()
            update: Any = session.press(line)
            if isinstance(update, str):
                screen.write(update)
                continue
            await app.process_update(Update.de_json(update or session.message(line), app.bot))
    finally:
        await app.stop()
        await app.shutdown()
    return 0


async def _in_thread(read: Callable[[], str | None]) -> str | None:
    """`read()` in a daemon thread: the bot keeps running while the user types, and Ctrl-C
    ends the chat at once (a thread blocked in input() must not hold the exit)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str | None] = loop.create_future()

    def settle(line: str | None, error: BaseException | None) -> None:
        if not future.done():
            future.set_exception(error) if error else future.set_result(line)

    def work() -> None:
        try:
            line, error = read(), None
        except Exception as exc:  # handed to the awaiting coroutine
            line, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=work, name="terminal-input", daemon=True).start()
    return await future


def _reader(stdin: TextIO, stdout: TextIO, interactive: bool) -> Callable[[], str | None]:
    """A function returning the next line (None at EOF): `input()` with readline's line
    editing and history when the terminal is interactive, plain readline() otherwise."""
    if interactive and stdin is sys.stdin:
        with contextlib.suppress(ImportError):  # not on every platform; input() still works
            import readline  # noqa: F401 - importing it gives input() editing and history

        def read_tty() -> str | None:
            try:
                return input(PROMPT)
            except EOFError:
                return None

        return read_tty

    def read_lines() -> str | None:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        return stdin.readline() or None

    return read_lines
