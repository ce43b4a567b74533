"""Issue 11 item 10: in a group, a reply to the bot that is small talk or a reaction ("thanks",
"شكرا", "👍") gets silence, not "I could not tell what you are asking"; a real question in
reply to the bot is still answered. Through the real Application."""

from __future__ import annotations

import pytest

GROUP = -1001234567890


@pytest.mark.parametrize("text", ["thanks", "شكرا", "👍", "ok 👍", "@raqib_bot thank you!"])
async def test_group_small_talk_in_reply_to_the_bot_gets_silence(raqib_chat, text):
    chat = raqib_chat
    await chat.send("/countdown", chat_id=GROUP, user_id=1001, language_code="en")
    assert await chat.send(text, chat_id=GROUP, user_id=1001, reply_to_bot=True) == []


async def test_a_question_in_reply_to_the_bot_is_still_answered(raqib_chat):
    chat = raqib_chat
    await chat.send("/countdown", chat_id=GROUP, user_id=1001, language_code="en")
    [answer] = await chat.send(
        "what did Kirby say?", chat_id=GROUP, user_id=1001, reply_to_bot=True
    )
    assert "Kirby" in answer


async def test_in_private_an_unclear_message_still_gets_help(raqib_chat):
    [reply] = await raqib_chat.send("thanks", language_code="en")
    assert reply.startswith("I could not tell what you are asking")
