"""The review desk through the real Application (in-process Bot API): an admin forwards or
sends an article, gets a card per candidate, approves, corrects speaker, stance or text,
adds a statement by hand; followers are told when a position moves; non-admins are refused.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN_ID, PRIVATE_CHAT
from web_server import WebServer

from bot.clock import make_clock
from bot.fetching import article_from_html
from storage.review_store import IngestStore

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
KIRBY_QUOTE = "القوات القتالية الأمريكية ستغادر العراق بحلول نهاية العام الجاري"
FOLLOWER = PRIVATE_CHAT  # a reader, not an admin
GROUP = -1001234567890


def article_text() -> str:
    html = (FIXTURES / "kirby-ar.html").read_text(encoding="utf-8")
    return article_from_html(html, "https://rafidain.example/a/1").text


def cards(chat, since: int = 0) -> list[dict[str, Any]]:
    """Review cards the bot sent (messages with inline buttons), oldest first."""
    return [r for r in chat.api.sent[since:] if r["chat_id"] == ADMIN_ID and r.get("reply_markup")]


def buttons(record: dict[str, Any]) -> dict[str, str]:
    """label → callback data of a message's inline keyboard."""
    return {
        b["text"]: b["callback_data"]
        for row in record["reply_markup"]["inline_keyboard"]
        for b in row
    }


def card_for(chat, needle: str, since: int = 0) -> dict[str, Any]:
    return next(c for c in cards(chat, since) if needle in c["plain_text"])


async def press(chat, record: dict[str, Any], data: str, user: int = ADMIN_ID) -> list[str]:
    """A user presses a button under a bot message; returns the texts of new messages."""
    return await chat.process(
        chat.api.new_callback_query(record["chat_id"], user, data, record["message_id"])
    )


def current_text(chat, record: dict[str, Any]) -> str:
    return chat.api.get_message(record["chat_id"], record["message_id"])["text"]


async def forward(
    chat, text: str, *, channel: str = "rafidain_news", title: str = "Rafidain News"
) -> list[str]:
    """The admin forwards a channel post to the bot."""
    update = chat.api.new_message(ADMIN_ID, text, language_code="en")
    update["message"]["forward_origin"] = {
        "type": "channel",
        "chat": {"id": -1009990001, "type": "channel", "title": title, "username": channel},
        "message_id": 42,
        "date": 1639036800,  # 9 December 2021
    }
    return await chat.process(update)


async def test_a_forwarded_article_becomes_cards_then_an_approved_statement_and_an_alert(
    raqib_chat,
):
    chat = raqib_chat
    chat.app.bot_data["clock"] = make_clock(
        datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    )
    await chat.send("/lang en")  # alerts come in the chat's chosen language
    assert (await chat.send("/follow Kirby", language_code="en")) == [
        "🔔 This chat now follows John Kirby."
    ]

    replies = await forward(chat, article_text())
    assert replies[0].startswith("📥 Read “Rafidain News”: 3 new candidate(s)")
    kirby = card_for(chat, KIRBY_QUOTE)
    assert "🗣 Speaker: John Kirby" in kirby["plain_text"]
    assert "📌 Stance: Committed to the agreed withdrawal deadline" in kirby["plain_text"]
    assert "Rafidain News https://t.me/rafidain_news/42" in kirby["plain_text"]
    assert set(buttons(kirby)) == {"✅ Approve", "❌ Reject", "👤 Speaker", "📌 Stance", "✏️ Text"}
    assert all(len(data.encode()) <= 64 for data in buttons(kirby).values())

    # not yet an answer
    assert KIRBY_QUOTE not in (await chat.send("ماذا قال كيربي؟"))[0]

    before = len(chat.api.sent)
    await press(chat, kirby, buttons(kirby)["✅ Approve"])
    assert "✅ #" in current_text(chat, kirby) and "Approved by" in current_text(chat, kirby)
    [alert] = [r["plain_text"] for r in chat.api.sent[before:] if r["chat_id"] == FOLLOWER]
    assert alert.splitlines()[:3] == [
        "📣 John Kirby changed position",
        "from: Combat forces leave; advisers and trainers stay",
        "to: Committed to the agreed withdrawal deadline",
    ]
    assert KIRBY_QUOTE in alert and "https://t.me/rafidain_news/42" in alert

    # now answered from, and the position table and history show the move
    assert KIRBY_QUOTE in (await chat.send("ماذا قال كيربي؟"))[0]
    [table] = await chat.send("/positions", language_code="en")
    assert (
        "• John Kirby: Committed to the agreed withdrawal deadline (9 December 2021) 🆕 (was: "
        "Combat forces leave"
        in table
    )
    [profile] = await chat.send("/actor Kirby", language_code="en")
    assert (
        "🧭 Position history:\n• 9 December 2021: Committed to the agreed withdrawal deadline ⬅"
        in profile
    )
    assert chat.errors == []


async def test_a_second_forward_of_the_same_text_is_not_read_again(raqib_chat):
    await forward(raqib_chat, article_text())
    assert await forward(raqib_chat, article_text()) == [
        "This was read before (same link or same text); nothing new."
    ]


async def test_an_admin_link_is_fetched_and_its_main_text_read(raqib_chat):
    html = (FIXTURES / "kirby-ar.html").read_text(encoding="utf-8")
    raqib_chat.allow_local_fetch()
    with WebServer() as web:
        url = web.route("/news/kirby", html)
        replies = await raqib_chat.send(url, chat_id=ADMIN_ID, language_code="en")
    assert replies[0].startswith("⏳ Reading")
    assert replies[1].startswith(
        "📥 Read “البنتاغون: القوات القتالية تغادر العراق في موعدها”: 3 new candidate(s)"
    )
    assert "وكالة الرافدين" in card_for(raqib_chat, KIRBY_QUOTE)["plain_text"]  # the site's name


async def test_a_link_that_cannot_be_read_is_reported(raqib_chat):
    raqib_chat.allow_local_fetch()
    with WebServer() as web:
        url = web.route("/gone", "x")
        web.fail("/gone", 404)
        [reading, failed] = await raqib_chat.send(url, chat_id=ADMIN_ID, language_code="en")
    assert failed.startswith("Could not read") and "HTTP 404" in failed


async def test_from_a_non_admin_links_and_long_texts_are_questions_as_before(raqib_chat):
    replies = await raqib_chat.send(article_text(), language_code="en")
    assert not replies[0].startswith("📥")
    assert IngestStore(raqib_chat.app.bot_data["record"]).pending_count() == 0


@pytest.mark.parametrize(
    "command",
    ["/pending", "/add", "/edit 1", "/delete 1", "/feeds", "/monitor on", "/ingest some text"],
)
async def test_a_non_admin_is_refused_admin_commands(raqib_chat, command):
    assert await raqib_chat.send(command, language_code="en") == [
        "Only Raqib's admins can do that."
    ]


async def test_a_non_admin_pressing_a_review_button_is_refused(raqib_chat):
    await forward(raqib_chat, article_text())
    kirby = card_for(raqib_chat, KIRBY_QUOTE)
    await press(raqib_chat, kirby, buttons(kirby)["✅ Approve"], user=4242)
    # In the chat's language (its users write in English; the presser's client sent none).
    assert raqib_chat.api.callback_answers[-1]["text"] == "Only Raqib's admins can do that."
    assert raqib_chat.api.callback_answers[-1]["show_alert"]
    assert "🕓" in current_text(raqib_chat, kirby)  # still pending


async def test_change_speaker_edit_text_and_stance_before_approving(raqib_chat):
    chat = raqib_chat
    # the forward is dated 9 December 2021: ask after it (a replay knows nothing later)
    chat.app.bot_data["clock"] = make_clock(
        datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    )
    await forward(chat, article_text())
    card = card_for(chat, "البرلمان سيتابع")
    assert "محمد البلداوي" in card["plain_text"] and "🆕 (new actor)" in card["plain_text"]

    # change speaker: a prompt, an unknown name, then a new actor by name
    [prompt] = await press(chat, card, buttons(card)["👤 Speaker"])
    assert prompt.startswith("👤 Who said #")
    [unknown] = await chat.send("Mr Nobody Atall", chat_id=ADMIN_ID, language_code="en")
    assert unknown.startswith("No tracked actor called")
    [updated] = await chat.send(
        "new: Mohammed al-Baldawi | محمد البلداوي", chat_id=ADMIN_ID, language_code="en"
    )
    assert (
        "🗣 Speaker: Mohammed al-Baldawi" in updated
        and "👤 Speaker set: Mohammed al-Baldawi." in updated
    )

    # edit text: the next message, once confirmed, replaces the Arabic text
    card = cards(chat)[-1]
    [prompt] = await press(chat, card, buttons(card)["✏️ Text"])
    assert prompt.startswith("✏️ #") and "now reads:" in prompt
    [confirm] = await chat.send(
        "البرلمان سيتابع تنفيذ قرار إخراج القوات الأجنبية بالكامل",
        chat_id=ADMIN_ID,
        language_code="en",
    )
    assert confirm.startswith("Replace the text of #")
    [edited] = await press(chat, chat.api.sent[-1], buttons(chat.api.sent[-1])["✅ Replace"])
    assert (
        "“البرلمان سيتابع تنفيذ قرار إخراج القوات الأجنبية بالكامل”" in edited
        and "Text corrected" in edited
    )

    # stance: a menu with the suggestion starred, then a choice
    card = cards(chat)[-1]
    await press(chat, card, buttons(card)["📌 Stance"])
    menu = buttons(chat.api.get_message(card["chat_id"], card["message_id"]))
    assert "• Demands a complete US withdrawal" in menu  # the current (suggested) stance
    await press(chat, card, menu["Threatens military action to force US forces out"])
    assert "📌 Stance: Threatens military action to force US forces out" in current_text(chat, card)

    await press(
        chat, card, buttons(chat.api.get_message(card["chat_id"], card["message_id"]))["✅ Approve"]
    )
    assert "البرلمان سيتابع" in (await chat.send("ماذا قال البلداوي؟"))[0]
    store = IngestStore(chat.app.bot_data["record"])
    ref = int(re.search(r"#(\d+)", card["plain_text"]).group(1))
    actions = [row["action"] for row in store.audit_log(store.review_item(ref).statement.id)]
    assert actions == ["speaker", "text", "stance", "approve"]


async def test_pending_lists_the_queue_with_cards_and_reject_takes_one_out(raqib_chat):
    chat = raqib_chat
    await forward(chat, article_text())
    since = len(chat.api.sent)
    replies = await chat.send("/pending", chat_id=ADMIN_ID, language_code="en")
    assert replies[0].startswith("🕓 Waiting for review: 3")
    queued = cards(chat, since)
    assert len(queued) == 3
    await press(chat, queued[0], buttons(queued[0])["❌ Reject"])
    assert "Rejected by" in current_text(chat, queued[0])
    assert (await chat.send("/pending", chat_id=ADMIN_ID, language_code="en"))[0].startswith(
        "🕓 Waiting for review: 2"
    )


async def test_add_walks_through_speaker_text_date_source_and_stance(raqib_chat):
    chat = raqib_chat
    await chat.send("/lang en")
    await chat.send("/follow all", language_code="en")
    say = lambda text: chat.send(text, chat_id=ADMIN_ID, language_code="en")  # noqa: E731
    assert (await say("/add"))[0].startswith("➕ New statement. Who said it?")
    assert (await say("الخفاجي"))[0].startswith("🗣 Tahsin al-Khafaji. Now send the words")
    assert (await say("لا تمديد لبقاء القوات القتالية بعد نهاية العام وهذا موعد ثابت"))[
        0
    ].startswith("📅 When")
    assert (await say("yesterday-ish"))[0].startswith("Not a date")
    assert (await say("2021-12-05"))[0].startswith("📰 Where")
    [ask] = await say("Iraqia TV https://iraqia.example/v/5")
    assert ask == "📌 Its stance? (suggested: The deadline is fixed; no extension)"
    menu_message = chat.api.sent[-1]
    before = len(chat.api.sent)
    await press(chat, menu_message, buttons(menu_message)["⭐ The deadline is fixed; no extension"])
    [card] = [r["plain_text"] for r in chat.api.sent[before:] if r["chat_id"] == ADMIN_ID]
    assert "✅ Added as #" in card and "📅 5 December 2021 · via Iraqia TV" in card
    [alert] = [r["plain_text"] for r in chat.api.sent[before:] if r["chat_id"] == FOLLOWER]
    assert alert.startswith("📣 Tahsin al-Khafaji changed position\nfrom: Combat forces leave")
    assert "Iraqia TV — https://iraqia.example/v/5" in alert


async def test_cancel_leaves_a_prompt(raqib_chat):
    await raqib_chat.send("/add", chat_id=ADMIN_ID, language_code="en")
    assert await raqib_chat.send("/cancel", chat_id=ADMIN_ID, language_code="en") == ["Cancelled."]
    # after cancelling, text is a question again
    assert (
        "Kirby"
        in (await raqib_chat.send("what did Kirby say?", chat_id=ADMIN_ID, language_code="en"))[0]
    )


async def test_edit_by_actor_name_and_delete_by_number(raqib_chat):
    chat = raqib_chat
    since = len(chat.api.sent)
    await chat.send("/edit McNulty", chat_id=ADMIN_ID, language_code="en")
    shown = cards(chat, since)
    assert shown and all("Jessica McNulty" in c["plain_text"] for c in shown)
    ref = re.search(r"#(\d+)", shown[0]["plain_text"]).group(1)
    [deleted] = await chat.send(f"/delete #{ref}", chat_id=ADMIN_ID, language_code="en")
    assert "Withdrawn from the record" in deleted
    assert (await chat.send(f"/delete {ref}", chat_id=ADMIN_ID, language_code="en"))[0].startswith(
        "Already done"
    )


async def test_unfollow_stops_alerts(raqib_chat):
    chat = raqib_chat
    await chat.send("/follow Kirby", language_code="en")
    assert await chat.send("/unfollow Kirby", language_code="en") == [
        "🔕 Stopped following John Kirby."
    ]
    await forward(chat, article_text())
    kirby = card_for(chat, KIRBY_QUOTE)
    before = len(chat.api.sent)
    await press(chat, kirby, buttons(kirby)["✅ Approve"])
    assert [r for r in chat.api.sent[before:] if r["chat_id"] == FOLLOWER] == []


async def test_in_a_group_only_its_administrators_change_follows(raqib_chat):
    chat = raqib_chat
    chat.api.set_admins(GROUP, [1001])
    assert (await chat.send("/follow all", chat_id=GROUP, user_id=2002, language_code="en"))[
        -1
    ].startswith("In a group, only")
    assert (await chat.send("/follow all", chat_id=GROUP, user_id=1001, language_code="en"))[
        -1
    ] == "🔔 This chat now follows every actor."


async def test_a_monitored_group_is_read_and_its_candidates_go_to_the_admins(raqib_chat):
    chat = raqib_chat
    post = (FIXTURES / "channel-post.txt").read_text(encoding="utf-8")
    await chat.send(post, chat_id=GROUP, user_id=1001)  # not monitored yet: nothing read
    assert IngestStore(chat.app.bot_data["record"]).pending_count() == 0
    [on] = await chat.send(
        "/monitor on", chat_id=GROUP, user_id=ADMIN_ID, chat_title="Iraq desk", language_code="en"
    )
    assert on.startswith("👁 Monitoring")
    since = len(chat.api.sent)
    replies = await chat.send(post + "\n(updated)", chat_id=GROUP, user_id=1001)
    assert [r for r in chat.api.sent[since:] if r["chat_id"] == GROUP] == []  # silent in the group
    assert (
        "📥" in replies[0]
        and "جيسكا مكنولتي" in card_for(chat, "التنسيق مع الجانب العراقي", since)["plain_text"]
    )
    await chat.send("/monitor off", chat_id=GROUP, user_id=ADMIN_ID, language_code="en")
    assert not IngestStore(chat.app.bot_data["record"]).is_monitored(GROUP)
