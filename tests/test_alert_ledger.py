"""Position-change alerts go through the reminders' delivery ledger: the review button only
writes them (in the approval's own transaction), the dispatcher sends each once per chat."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import ADMIN_ID, PRIVATE_CHAT
from telegram import Update
from test_review_flow import article_text, buttons, card_for, forward

from bot.clock import make_clock
from storage.subscriptions import ALERT_SUBSCRIPTION

KIRBY_QUOTE = "القوات القتالية الأمريكية ستغادر العراق بحلول نهاية العام الجاري"
READERS = (PRIVATE_CHAT, 6001, 6002)


async def test_an_approval_queues_one_ledger_row_per_follower_and_each_is_sent_once(raqib_chat):
    chat = raqib_chat
    chat.app.bot_data["clock"] = make_clock(
        datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    )
    for reader in READERS:
        await chat.send("/lang en", chat_id=reader)
        await chat.send("/follow Kirby", chat_id=reader, language_code="en")
    await forward(chat, article_text())
    kirby = card_for(chat, KIRBY_QUOTE)
    store = chat.app.bot_data["subscriptions"]

    update = chat.api.new_callback_query(
        ADMIN_ID, ADMIN_ID, buttons(kirby)["✅ Approve"], kirby["message_id"]
    )
    await chat.app.process_update(Update.de_json(update, chat.app.bot))  # the button alone
    alerts = [d for d in store.deliveries() if d.subscription_id == ALERT_SUBSCRIPTION]
    assert sorted(d.chat_id for d in alerts) == sorted(READERS)
    assert {d.state for d in alerts} == {"pending"}  # written, not yet sent: the button returned

    service = chat.app.bot_data["reminders"]
    before = len(chat.api.sent)
    await service.deliver_now()
    await service.deliver_now()  # nothing left: a second pass sends nothing
    sent = [r for r in chat.api.sent[before:] if r["chat_id"] in READERS]
    assert sorted(r["chat_id"] for r in sent) == sorted(READERS)
    assert all("John Kirby changed position" in r["plain_text"] for r in sent)
    assert {d.state for d in store.deliveries() if d.subscription_id == ALERT_SUBSCRIPTION} == {
        "sent"
    }


async def test_an_alert_for_a_chat_that_blocked_the_bot_ends_failed_and_the_rest_go_out(raqib_chat):
    chat = raqib_chat
    chat.app.bot_data["clock"] = make_clock(
        datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    )
    for reader in READERS:
        await chat.send("/lang en", chat_id=reader)
        await chat.send("/follow Kirby", chat_id=reader, language_code="en")
    chat.api.blocked.add(6001)
    await forward(chat, article_text())
    kirby = card_for(chat, KIRBY_QUOTE)
    before = len(chat.api.sent)
    await chat.process(
        chat.api.new_callback_query(
            ADMIN_ID, ADMIN_ID, buttons(kirby)["✅ Approve"], kirby["message_id"]
        )
    )
    sent = {r["chat_id"] for r in chat.api.sent[before:] if r["chat_id"] in READERS}
    assert sent == {PRIVATE_CHAT, 6002}
    states = {
        d.chat_id: d.state
        for d in chat.app.bot_data["subscriptions"].deliveries()
        if d.subscription_id == 0
    }
    assert states == {PRIVATE_CHAT: "sent", 6001: "failed", 6002: "sent"}
