"""Issue 11 item 2: a review prompt (✏️ Text, 👤 Speaker) cannot corrupt the record. It shows
what would be replaced and asks to confirm, it can be cancelled, it expires, and a question or
a command typed while it is open is never taken as the statement's new text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import ADMIN_ID
from test_review_flow import KIRBY_QUOTE, article_text, buttons, card_for, forward, press

from bot.clock import make_clock

NOW = datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))


async def _approved_kirby(chat):
    """An approved Kirby statement's card, and the function that reads its Arabic text."""
    chat.app.bot_data["clock"] = make_clock(NOW)
    await forward(chat, article_text())
    card = card_for(chat, KIRBY_QUOTE)
    await press(chat, card, buttons(card)["✅ Approve"])
    card = chat.api.get_message(card["chat_id"], card["message_id"]) | {"chat_id": card["chat_id"]}
    store = chat.app.bot_data["ingest"]
    ref = int(card["text"].split("#", 1)[1].split(" ", 1)[0])

    def text_ar() -> str:
        return store.review_item(ref).statement.text_ar

    return card, text_ar


def _admin(chat, text: str):
    return chat.send(text, chat_id=ADMIN_ID, language_code="en")


async def test_a_question_typed_after_the_text_prompt_is_answered_not_taken_as_the_quote(
    raqib_chat,
):
    chat = raqib_chat
    card, text_ar = await _approved_kirby(chat)
    [prompt] = await press(chat, card, buttons(card)["✏️ Text"])
    assert KIRBY_QUOTE in prompt  # what would be replaced is shown
    replies = await _admin(chat, "what did Kirby say?")
    assert KIRBY_QUOTE in text_ar()
    assert any("question" in r for r in replies) and any("Kirby" in r for r in replies[1:])
    # the prompt is closed: later text is not an edit either
    await _admin(chat, "The combat mission ends and advisers stay in Iraq")
    assert KIRBY_QUOTE in text_ar()


async def test_a_command_while_the_prompt_is_open_is_not_an_edit(raqib_chat):
    chat = raqib_chat
    card, text_ar = await _approved_kirby(chat)
    await press(chat, card, buttons(card)["✏️ Text"])
    [countdown] = await _admin(chat, "/countdown")
    assert "days" in countdown
    assert KIRBY_QUOTE in text_ar()


async def test_a_correction_is_applied_only_when_confirmed_and_can_be_cancelled(raqib_chat):
    chat = raqib_chat
    card, text_ar = await _approved_kirby(chat)
    await press(chat, card, buttons(card)["✏️ Text"])
    [confirm] = await _admin(chat, "القوات القتالية ستغادر العراق مع نهاية العام")
    assert "now:" in confirm and KIRBY_QUOTE in confirm and "new:" in confirm
    assert KIRBY_QUOTE in text_ar()  # nothing changed yet
    await press(chat, chat.api.sent[-1], buttons(chat.api.sent[-1])["✖️ Cancel"])
    assert KIRBY_QUOTE in text_ar()
    assert chat.api.callback_answers[-1] is not None
    await _admin(chat, "القوات القتالية ستغادر العراق مع نهاية العام")  # prompt over: a question
    assert KIRBY_QUOTE in text_ar()
    # and through to the end: prompt, text, confirm
    await press(chat, card, buttons(card)["✏️ Text"])
    await _admin(chat, "القوات القتالية ستغادر العراق مع نهاية العام")
    await press(chat, chat.api.sent[-1], buttons(chat.api.sent[-1])["✅ Replace"])
    assert text_ar() == "القوات القتالية ستغادر العراق مع نهاية العام"


async def test_the_prompt_expires(raqib_chat):
    chat = raqib_chat
    card, text_ar = await _approved_kirby(chat)
    await press(chat, card, buttons(card)["✏️ Text"])
    chat.app.bot_data["clock"] = make_clock(NOW + timedelta(minutes=30))
    replies = await _admin(chat, "القوات القتالية ستغادر العراق مع نهاية العام")
    assert KIRBY_QUOTE in text_ar()
    assert replies[0].startswith("⌛")


async def test_a_correction_is_not_announced_as_a_change_of_position(raqib_chat):
    """Item 7: relabelling an approved statement's stance, or withdrawing it, sends followers
    nothing; only the approval of a new statement with another stance is a position change."""
    chat = raqib_chat
    await chat.send("/follow Kirby", language_code="en")
    before = len(chat.api.sent)
    card, _ = await _approved_kirby(chat)
    follower = chat.private_chat
    assert [r for r in chat.api.sent[before:] if r["chat_id"] == follower]  # the approval: an alert
    since = len(chat.api.sent)
    await press(chat, card, buttons(card)["📌 Stance"])
    menu = buttons(chat.api.get_message(card["chat_id"], card["message_id"]))
    await press(chat, card, menu["Threatens military action to force US forces out"])
    card = chat.api.get_message(card["chat_id"], card["message_id"]) | {"chat_id": card["chat_id"]}
    await press(chat, card, buttons(card)["🗑 Withdraw"])
    assert "Withdrawn" in chat.api.get_message(card["chat_id"], card["message_id"])["text"]
    assert [r["plain_text"] for r in chat.api.sent[since:] if r["chat_id"] == follower] == []
