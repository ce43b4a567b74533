"""Issue 11 rough edges, through the real Application: /pending in a group goes to the admin in
private, bare /ingest explains itself, a bare /unfollow asks before stopping every follow, and a
403 while replying is a warning, not an error with a traceback; a pasted text without a source
says so."""

from __future__ import annotations

import logging

import pytest
from conftest import ADMIN_ID
from test_review_flow import article_text, forward

GROUP = -1001234567890


async def test_pending_in_a_group_is_shown_to_the_admin_in_private(raqib_chat):
    chat = raqib_chat
    await chat.send("/start", chat_id=ADMIN_ID, language_code="en")
    before = len(chat.api.sent)
    await chat.send("/pending", chat_id=GROUP, user_id=ADMIN_ID, language_code="en")
    group = [r["plain_text"] for r in chat.api.sent[before:] if r["chat_id"] == GROUP]
    assert len(group) == 1 and "in private" in group[0]  # only the pointer: no queue, no cards
    assert any(r["chat_id"] == ADMIN_ID for r in chat.api.sent[before:])


async def test_bare_ingest_explains_itself(raqib_chat):
    [usage] = await raqib_chat.send("/ingest", chat_id=ADMIN_ID, language_code="en")
    assert usage.startswith("📥 /ingest reads a text or a link")


async def test_bare_unfollow_asks_before_stopping_every_follow(raqib_chat):
    chat = raqib_chat
    await chat.send("/follow Kirby", language_code="en")
    await chat.send("/follow McNulty", language_code="en")
    [ask] = await chat.send("/unfollow", language_code="en")
    assert ask == "Stop all 2 follows of this chat?"
    assert len(chat.app.bot_data["ingest"].follows(chat.private_chat)) == 2
    sent = chat.api.sent[-1]
    data = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await chat.process(
        chat.api.new_callback_query(sent["chat_id"], sent["chat_id"], data, sent["message_id"])
    )
    assert chat.app.bot_data["ingest"].follows(chat.private_chat) == []


async def test_a_403_while_replying_is_a_warning(raqib_chat, caplog):
    chat = raqib_chat
    chat.api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await chat.send("/countdown", language_code="en")
    errors = [r for r in caplog.records if r.name == "raqib.errors" and r.levelno >= logging.ERROR]
    assert errors == []
    assert any(r.name == "raqib.errors" and r.levelno == logging.WARNING for r in caplog.records)


async def test_a_pasted_text_without_a_source_says_so(raqib_chat):
    pasted = await raqib_chat.send(article_text(), chat_id=ADMIN_ID, language_code="en")
    assert pasted[0].startswith("📥 Read")
    assert pasted[-1].startswith("⚠️ No source") and "/ingest <link>" in pasted[-1]
    forwarded = await forward(raqib_chat, article_text() + "\nالمصدر: وكالة الرافدين.")
    assert not any(reply.startswith("⚠️ No source") for reply in forwarded)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("20 November 2021", "2021-11-20"),
        ("Nov 20, 2021", "2021-11-20"),
        ("20/11/2021", "2021-11-20"),
        ("٢٠ تشرين الثاني ٢٠٢١", "2021-11-20"),
        ("20 نوفمبر 2021", "2021-11-20"),
        ("أمس", "2021-11-24"),
        ("yesterday", "2021-11-24"),
    ],
)
async def test_add_takes_dates_in_the_usual_forms_of_both_languages(raqib_chat, typed, day):
    chat = raqib_chat
    say = lambda text: chat.send(text, chat_id=ADMIN_ID, language_code="en")  # noqa: E731
    await say("/add")
    await say("الخفاجي")
    assert (await say("لا تمديد لبقاء القوات القتالية بعد نهاية العام"))[0].startswith("📅 When")
    assert (await say("the 40th of Smarch"))[0].startswith("Not a date")
    assert (await say(typed))[0].startswith("📰 Where")
    assert chat.app.user_data[ADMIN_ID]["add"]["day"] == day
