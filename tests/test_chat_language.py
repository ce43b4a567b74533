"""One rule decides a chat's language (story.chat_language), for replies, reminders, alerts and
review cards alike: the language chosen with /lang, else the Telegram language of the users
last seen in that chat, else the configured default. Through the real Application."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import ADMIN_ID, PRIVATE_CHAT
from test_review_flow import FIXTURES, KIRBY_QUOTE, article_text, buttons, card_for, forward, press

from bot.clock import make_clock
from story.chat_language import decide_language, language_of_code

GROUP = -1001234567890


def test_the_rule_prefers_the_choice_then_the_users_language_then_the_default() -> None:
    assert decide_language("en", "ar", "ar") == "en"
    assert decide_language(None, "en-GB", "ar") == "en"
    assert decide_language(None, "fr", "ar") == "ar"
    assert decide_language(None, None, "en") == "en"
    assert language_of_code("AR_iq") == "ar" and language_of_code("de") is None


async def test_a_follow_alert_is_in_the_language_the_chats_users_write_in(raqib_chat) -> None:
    """No /lang: the follower writes from an English Telegram client, so the alert is English
    (it used to be Arabic, the default, while every reply was English)."""
    chat = raqib_chat
    chat.app.bot_data["clock"] = make_clock(
        datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    )
    assert (await chat.send("/follow Kirby", language_code="en")) == [
        "🔔 This chat now follows John Kirby."
    ]
    await forward(chat, article_text())
    kirby = card_for(chat, KIRBY_QUOTE)
    before = len(chat.api.sent)
    await press(chat, kirby, buttons(kirby)["✅ Approve"])
    [alert] = [r["plain_text"] for r in chat.api.sent[before:] if r["chat_id"] == PRIVATE_CHAT]
    assert alert.startswith("📣 John Kirby changed position"), alert


async def test_cards_from_a_monitored_group_are_in_the_admins_language(raqib_chat) -> None:
    """The admin writes in English: cards from a monitored group are English like a forward's."""
    chat = raqib_chat
    await chat.send("/start", chat_id=ADMIN_ID, user_id=ADMIN_ID, language_code="en")
    await chat.send(
        "/monitor on", chat_id=GROUP, user_id=ADMIN_ID, chat_title="Iraq desk", language_code="en"
    )
    before = len(chat.api.sent)
    post = (FIXTURES / "channel-post.txt").read_text(encoding="utf-8")
    await chat.send(post, chat_id=GROUP, user_id=1001, language_code="ar")
    cards = [
        r for r in chat.api.sent[before:] if r["chat_id"] == ADMIN_ID and r.get("reply_markup")
    ]
    assert cards, [r["plain_text"] for r in chat.api.sent[before:]]
    assert all("🗣 Speaker:" in c["plain_text"] for c in cards), cards[0]["plain_text"]
    assert "Jessica McNulty" in card_for(chat, "التنسيق مع الجانب العراقي", before)["plain_text"]


async def test_a_chosen_language_wins_and_the_seen_language_is_written_only_on_change(
    raqib_chat,
) -> None:
    chat = raqib_chat
    db = chat.app.bot_data["record"].db
    await chat.send("/countdown", language_code="en")
    seen = db.execute("SELECT seen_lang FROM chats WHERE id = ?", [PRIVATE_CHAT]).fetchone()
    assert seen == ("en",)
    changes = db.conn.total_changes
    await chat.send("/countdown", language_code="en")
    assert db.conn.total_changes == changes  # nothing written: the language did not change
    await chat.send("/lang ar", language_code="en")
    [reply] = await chat.send("/countdown", language_code="en")
    assert reply.startswith("\u200f")  # chosen Arabic beats the English client
