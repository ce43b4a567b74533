"""Issue 11 items 9 and 6, through the real Application: long results page with an inline
"More" button (same order, no repeats, nothing lost), replies are split on Telegram's UTF-16
length, /add refuses an over-long text with the reason instead of cutting it, and a "who said"
answer lists each statement once."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from botapi import utf16_len
from conftest import ADMIN_ID

from bot.clock import make_clock

LATE = datetime(2021, 12, 30, 12, 0, tzinfo=timezone(timedelta(hours=3)))
QUESTION = "who said the withdrawal will be completed?"


def _blocks(text: str) -> list[str]:
    return [b for b in text.split("\n\n") if b.startswith("🗣")]


async def test_more_pages_through_every_match_in_order_without_repeats(raqib_chat):
    chat = raqib_chat
    chat.app.bot_data["clock"] = make_clock(LATE)
    [first] = await chat.send(QUESTION, language_code="en")
    more = re.search(r"… and (\d+) more\.", first)
    assert more, first
    sent = chat.api.sent[-1]
    [[button]] = sent["reply_markup"]["inline_keyboard"]
    assert button["text"].startswith("More")
    [second] = await chat.process(
        chat.api.new_callback_query(
            sent["chat_id"], sent["chat_id"], button["callback_data"], sent["message_id"]
        )
    )
    assert chat.api.callback_answers[-1] is not None
    shown = _blocks(first) + _blocks(second)
    total = len(_blocks(first)) + int(more.group(1))
    assert len(shown) == total and len(set(shown)) == total  # every match, once
    assert "more" not in second.lower()
    assert (
        chat.api.get_message(sent["chat_id"], sent["message_id"]).get("reply_markup") is None
    )  # spent
    assert chat.errors == []


async def test_a_who_said_answer_lists_each_statement_once(raqib_chat):
    chat = raqib_chat
    chat.app.bot_data["clock"] = make_clock(LATE)
    for question in (
        QUESTION,
        "who said the factions will resume military action?",
        "من هدد الأمريكان؟",
    ):
        [reply] = await chat.send(question, language_code="en")
        blocks = _blocks(reply)
        assert len(blocks) == len(set(blocks)), reply


async def test_an_emoji_heavy_reply_is_split_on_utf16_length_and_add_refuses_overlong_text(
    raqib_chat,
):
    chat = raqib_chat
    say = lambda text: chat.send(text, chat_id=ADMIN_ID, language_code="en")  # noqa: E731
    await say("/add")
    await say("Kirby")
    [refused] = await say("word " * 700)  # 3,499 characters once trimmed
    assert "3499 characters" in refused and "nothing was cut" in refused
    emoji = " ".join(["🇮🇶🔥"] * 700)  # 2,799 characters, 4,899 UTF-16 units
    assert (await say(emoji))[0].startswith("📅")
    await say("2021-11-18")
    await say("-")
    menu = chat.api.sent[-1]
    data = menu["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]  # no stance
    replies = await chat.process(
        chat.api.new_callback_query(ADMIN_ID, ADMIN_ID, data, menu["message_id"])
    )
    card = [r for r in chat.api.sent if r["chat_id"] == ADMIN_ID][-1]
    assert utf16_len(card["plain_text"]) <= 4096 and len(replies) >= 2  # split, not refused
    answer = await chat.send("what did Kirby say?", language_code="en")
    assert all(utf16_len(part) <= 4096 for part in answer) and len(answer) >= 2
    assert sum(part.count("🔥") for part in answer) == 700  # nothing dropped
    assert chat.errors == []
