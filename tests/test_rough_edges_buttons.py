"""Forged and stale buttons (issue 12 item 9, issue 11's "every callback query is answered"),
through the real Application: each field of a reminder button is checked (weekday range,
digit count, known deadline, shape), and anything else gets a short answerCallbackQuery
notice — nothing is stored, nothing raises, and /subscriptions keeps working."""

from __future__ import annotations

import pytest
from conftest import ADMIN_ID

from story.edge_texts import edge

STALE = edge("button_stale", "en")


async def _cadence_prompt(chat) -> dict:
    """/subscribe in private: the bot's message with the reminder buttons."""
    await chat.send("/subscribe", language_code="en")
    sent = chat.api.sent[-1]
    assert sent["reply_markup"], "expected the reminder buttons"
    return sent


def _token_of(sent: dict) -> str:
    """The deadline token the bot put in its own buttons (rs|c|<token>|daily, ...)."""
    data = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    return data.split("|")[2]


async def _press(chat, sent: dict, data: str) -> dict:
    """Press a button carrying `data` (forged: no such button is shown) under `sent`."""
    before = len(chat.api.callback_answers)
    await chat.process(
        chat.api.new_callback_query(
            sent["chat_id"], sent["chat_id"], data, sent["message_id"], check_button=False
        )
    )
    [answer] = chat.api.callback_answers[before:]
    return answer


@pytest.mark.parametrize(
    "fields",
    [
        "t|{tok}|weekly|99|0900|1",  # a weekday of 99
        "w|{tok}|weekly|" + "9" * 5000,  # a 5,000-digit number
        "t|{tok}|weekly|-1|0900|1",
        "t|{tok}|weekly|3|2561|1",  # not a time of day
        "t|{tok}|hourly|3|0900|1",  # no such cadence
        "t|{tok}|weekly|3|0900|7",  # milestones neither 0 nor 1
        "t|{tok}|weekly|3|0900",  # a field missing
        "c|{tok}|daily|extra",  # a field too many
        "c|no-such-deadline|daily",  # an unknown deadline token
        "q|{tok}",  # an unknown step
    ],
)
async def test_a_forged_reminder_button_gets_a_short_notice_and_stores_nothing(
    raqib_chat, fields
):
    chat = raqib_chat
    sent = await _cadence_prompt(chat)
    answer = await _press(chat, sent, "rs|" + fields.format(tok=_token_of(sent)))
    assert answer["text"] == STALE
    assert chat.app.bot_data["subscriptions"].subscriptions(chat.private_chat) == []
    assert chat.errors == []
    [listing] = await chat.send("/subscriptions", language_code="en")
    assert "Traceback" not in listing and "went wrong" not in listing


async def test_the_real_buttons_still_subscribe(raqib_chat):
    chat = raqib_chat
    sent = await _cadence_prompt(chat)
    tok = _token_of(sent)
    answer = await _press(chat, sent, f"rs|t|{tok}|weekly|3|2130|1")
    assert answer["text"] is None  # a plain acknowledgement: the message itself changes
    [sub] = chat.app.bot_data["subscriptions"].subscriptions(chat.private_chat)
    assert (sub.cadence, sub.weekday, sub.at.hour, sub.at.minute) == ("weekly", 3, 21, 30)
    [listing] = await chat.send("/subscriptions", language_code="en")
    assert "21:30" in listing


async def test_an_unknown_unsubscribe_button_is_stale_and_stops_nothing(raqib_chat):
    chat = raqib_chat
    await chat.send("/subscribe daily 9", language_code="en")
    sent = chat.api.sent[-1]
    answer = await _press(chat, sent, "ru|" + "7" * 5000)
    assert answer["text"] == STALE
    assert len(chat.app.bot_data["subscriptions"].subscriptions(chat.private_chat)) == 1


async def test_a_button_nothing_handles_is_answered(raqib_chat):
    chat = raqib_chat
    [_] = await chat.send("/countdown", language_code="en")
    answer = await _press(chat, chat.api.sent[-1], "zz|left-over-from-an-old-version")
    assert answer["text"]  # a short notice, not a spinning button
    assert chat.errors == []


@pytest.mark.parametrize(("typed", "lang"), [("25:00", "en"), ("9:75", "en"), ("١٣مساءً", "ar")])
async def test_a_time_that_is_not_a_time_of_day_says_so(raqib_chat, typed, lang):
    [said] = await raqib_chat.send(f"/subscribe daily {typed}", language_code=lang)
    expected = "is not a time of day" if lang == "en" else "ليس وقتًا من اليوم"
    assert expected in said and "21:00" in said
    assert raqib_chat.app.bot_data["subscriptions"].subscriptions(raqib_chat.private_chat) == []


async def test_feeds_remove_with_a_huge_number_is_an_unknown_feed(raqib_chat):
    for number in ("9" * 30, "9" * 5000):
        [said] = await raqib_chat.send(f"/feeds remove {number}", chat_id=ADMIN_ID)
        assert "went wrong" not in said
    assert raqib_chat.errors == []
