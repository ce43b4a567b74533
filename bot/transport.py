"""The terminal chat's Bot API: the few methods Raqib calls, answered in this process.

PTB's `Bot` talks to Telegram through a `BaseRequest`. In the terminal chat this class is that
transport, so the Application, its handlers, rate limiter and JobQueue are exactly those that
serve Telegram; only the wire differs. It answers with well-formed Telegram objects, keeps
the bot's messages (a button press carries its message, an edit changes it) and hands every
message sent or edited, and every callback answer, to `on_event` for the terminal to show.
A photo or a document (/timeline, /export) is written to a file in `files_dir`, whose path
the terminal shows; sent again by its file_id, it is the same file.
The tests' full stand-in Bot API (429, 403, migration, long polling) lives in tests/.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telegram.request import BaseRequest, RequestData

JSONDict = dict[str, Any]
MAX_TEXT = 4096  # Telegram counts UTF-16 code units
BOT_USER: JSONDict = {"id": 1000, "is_bot": True, "first_name": "Raqib", "username": "raqib_bot"}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class TerminalRequest(BaseRequest):
    """Answers sendMessage, sendPhoto/Document, editMessageText/ReplyMarkup,
    answerCallbackQuery, getChatMember … `on_event(kind, payload)` gets ("send"|"edit",
    message), ("answer", parameters) and ("file", {"message": message, "path": path})."""

    METHODS = frozenset(
        "getMe sendMessage editMessageText editMessageReplyMarkup answerCallbackQuery"
        " getChatMember deleteMessage setMyCommands sendChatAction deleteWebhook".split()
    )

    FILE_METHODS = {"sendPhoto": "photo", "sendDocument": "document"}

    def __init__(
        self, on_event: Callable[[str, JSONDict], None], files_dir: Path | None = None
    ) -> None:
        self.on_event = on_event
        self._files_dir = files_dir
        self.files: dict[str, Path] = {}  # file_id -> the file written for it
        self.chats: dict[int, JSONDict] = {}  # the terminal's chat(s); others are made up
        self.creators: dict[int, int] = {}  # group id -> its creator's user id
        self.messages: dict[tuple[int, int], JSONDict] = {}
        self.message_ids = itertools.count(1)  # shared with the user's messages

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        answer = getattr(self, f"_{name}", None) if name in self.METHODS else None
        if name in self.FILE_METHODS and request_data is not None:
            result: Any = self._send_file(self.FILE_METHODS[name], params, request_data)
        elif answer is None:
            result = (400, f"Bad Request: {name} is not available in the terminal chat")
        else:
            result = answer(params)
        if isinstance(result, tuple):
            body: JSONDict = {"ok": False, "error_code": result[0], "description": result[1]}
            return result[0], json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode()

    def chat(self, chat_id: int) -> JSONDict:
        """A chat the bot writes to: the terminal's, or one made up (another admin's)."""
        if chat_id not in self.chats:
            name = {"first_name": f"User{chat_id}"} if chat_id > 0 else {"title": f"Chat {chat_id}"}
            kind = "private" if chat_id > 0 else "supergroup"
            self.chats[chat_id] = {"id": chat_id, "type": kind, **name}
        return self.chats[chat_id]

    def _getMe(self, p: JSONDict) -> JSONDict:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _sendMessage(self, p: JSONDict) -> JSONDict | tuple[int, str]:
        text = str(p.get("text") or "").strip()
        if not text or utf16_len(text) > MAX_TEXT:
            return 400, "Bad Request: " + (
                "message is too long" if text else "message text is empty"
            )
        chat = self.chat(int(p["chat_id"]))
        message_id = next(self.message_ids)
        message: JSONDict = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": text,
        }
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        self.messages[chat["id"], message_id] = message
        self.on_event("send", message)
        return message

    def _send_file(
        self, kind: str, p: JSONDict, request_data: RequestData
    ) -> JSONDict | tuple[int, str]:
        """A photo or document: its bytes written to a file (or the file sent before, by its
        file_id), the message Telegram would return, and the path handed to the terminal."""
        uploads = request_data.multipart_data
        if uploads:
            filename, content, _ = next(iter(uploads.values()))
            data = content if isinstance(content, bytes) else content.read()
            file_id = f"terminal-{kind}-{len(self.files) + 1}"
            safe = re.sub(r"[^\w.-]+", "_", str(filename or kind))[:80] or kind
            path = self.files_dir / f"{len(self.files) + 1:03d}-{safe}"
            path.write_bytes(data)
            self.files[file_id] = path
        else:
            file_id = str(p.get(kind) or "")
            if file_id not in self.files:
                return 400, "Bad Request: wrong file identifier/HTTP URL specified"
        chat = self.chat(int(p["chat_id"]))
        message: JSONDict = {
            "message_id": next(self.message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **({"caption": str(p["caption"])} if p.get("caption") else {}),
        }
        unique = file_id.rsplit("-", 1)[-1]
        if kind == "photo":
            message["photo"] = [
                {"file_id": file_id, "file_unique_id": unique, "width": 0, "height": 0}
            ]
        else:
            message["document"] = {
                "file_id": file_id,
                "file_unique_id": unique,
                "file_name": self.files[file_id].name,
            }
        self.messages[chat["id"], message["message_id"]] = message
        self.on_event("file", {"message": message, "path": str(self.files[file_id])})
        return message

    @property
    def files_dir(self) -> Path:
        """Where sent files go: the directory given, else one made for this session."""
        if self._files_dir is None:
            self._files_dir = Path(tempfile.mkdtemp(prefix="raqib-terminal-"))
        self._files_dir.mkdir(parents=True, exist_ok=True)
        return self._files_dir

    def _edit(self, p: JSONDict, text: str | None) -> JSONDict | tuple[int, str]:
        message = self.messages.get((int(p.get("chat_id", 0)), int(p.get("message_id", 0))))
        if message is None:
            return 400, "Bad Request: message to edit not found"
        if text is not None:
            if utf16_len(text) > MAX_TEXT:
                return 400, "Bad Request: message is too long"
            message["text"] = text
        message.pop("reply_markup", None)  # as on Telegram: an edit without markup drops it
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        self.on_event("edit", message)
        return message

    def _editMessageText(self, p: JSONDict) -> JSONDict | tuple[int, str]:
        return self._edit(p, str(p.get("text") or "").strip())

    def _editMessageReplyMarkup(self, p: JSONDict) -> JSONDict | tuple[int, str]:
        return self._edit(p, None)

    def _answerCallbackQuery(self, p: JSONDict) -> bool:
        self.on_event("answer", p)
        return True

    def _getChatMember(self, p: JSONDict) -> JSONDict:
        chat_id, user_id = int(p["chat_id"]), int(p["user_id"])
        status = "creator" if self.creators.get(chat_id) == user_id else "member"
        user = (
            BOT_USER
            if user_id == BOT_USER["id"]
            else {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        )
        return {
            "status": status,
            "user": user,
            **({"is_anonymous": False} if status == "creator" else {}),
        }

    def _deleteMessage(self, p: JSONDict) -> bool:
        self.messages.pop((int(p["chat_id"]), int(p["message_id"])), None)
        return True

    def _setMyCommands(self, p: JSONDict) -> bool:
        return True

    _sendChatAction = _deleteWebhook = _setMyCommands
