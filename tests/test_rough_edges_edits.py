"""Edited messages (issue 11 rough edges), through the real Application: a question edited
soon after it was answered is answered again by rewriting the earlier reply (no second
message); an edit long after, or of a message that was not a question, changes nothing. And a bot
just added to a group greets it: what it does there, how to ask, privacy mode and /monitor."""

from __future__ import annotations

GROUP = -1001234567890


async def _ask(chat, text: str, chat_id: int | None = None, **kwargs) -> tuple[int, dict]:
    """Ask `text`; (the question's message id, the bot's one reply)."""
    chat_id = chat.private_chat if chat_id is None else chat_id
    before = len(chat.api.sent)
    update = chat.api.new_message(chat_id, text, language_code="en", **kwargs)
    await chat.process(update)
    [sent] = chat.api.sent[before:]
    return update["message"]["message_id"], sent


async def test_an_edited_question_rewrites_the_earlier_answer(raqib_chat):
    chat = raqib_chat
    question_id, first = await _ask(chat, "what did Kirby say?")
    assert "Kirby" in first["plain_text"]
    sent_before = len(chat.api.sent)
    assert await chat.edit(chat.private_chat, question_id, "what did McNulty say?") == []
    assert len(chat.api.sent) == sent_before  # no second answer below the first
    [edit] = [e for e in chat.api.edited if e["method"] == "editMessageText"]
    assert edit["message_id"] == first["message_id"]
    assert "McNulty" in edit["text"] and "Kirby" not in edit["text"]


async def test_an_edited_question_in_a_group_mentioning_the_bot(raqib_chat):
    chat = raqib_chat
    question_id, first = await _ask(chat, "@raqib_bot what did Kirby say?", chat_id=GROUP)
    await chat.edit(GROUP, question_id, "@raqib_bot what did McNulty say?")
    [edit] = [e for e in chat.api.edited if e["method"] == "editMessageText"]
    assert edit["message_id"] == first["message_id"] and "McNulty" in edit["text"]


async def test_an_edit_long_after_or_of_an_unanswered_message_changes_nothing(raqib_chat):
    chat = raqib_chat
    question_id, _ = await _ask(chat, "what did Kirby say?")
    chat.api._messages[(chat.private_chat, question_id)]["date"] -= 3600  # asked an hour ago
    assert await chat.edit(chat.private_chat, question_id, "what did McNulty say?") == []
    group_chatter = chat.api.new_message(GROUP, "see you all tomorrow", language_code="en")
    await chat.process(group_chatter)
    message_id = group_chatter["message"]["message_id"]
    assert await chat.edit(GROUP, message_id, "see you all on Friday") == []
    assert chat.api.edited == []
    assert chat.errors == []


async def test_added_to_a_group_the_bot_says_what_it_does_and_how_to_ask(raqib_chat):
    chat = raqib_chat
    update = chat.api.new_my_chat_member(GROUP, 4242, "left", "member", chat_type="supergroup")
    update["my_chat_member"]["from"]["language_code"] = "en"
    [hello] = await chat.process(update)
    assert "@raqib_bot" in hello and "/monitor" in hello and "privacy mode" in hello
    removed = chat.api.new_my_chat_member(GROUP, 4242, "member", "left", chat_type="supergroup")
    assert await chat.process(removed) == []  # nothing to say on the way out
