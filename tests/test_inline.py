"""Inline mode (issue 14 item 2) through the real Application: `@raqib_bot <question>` is
answered with result cards the stand-in Bot API checks as Telegram would (at most 50, ids
unique and at most 64 bytes, texts within 4,096), best first, in the question's language,
from the same answering path as a chat; an empty query offers the countdown and the latest
statements; no answer is one card saying so. Over HTTP too, with allowed_updates derived
from the handlers."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import TEST_NOW, TEST_TOKEN
from telegram import Update
from telegram.request import HTTPXRequest

from bot.app import allowed_updates, build_application
from bot.clock import make_clock
from bot.config import Config
from storage import Record
from story.respond import respond

USER = 6101
RLM = "\u200f"


async def _ask(chat, query: str, **kwargs) -> dict:
    api = chat.api
    before = len(api.inline_answers)
    await chat.app.process_update(
        Update.de_json(api.new_inline_query(USER, query, **kwargs), chat.app.bot)
    )
    assert api.unanswered_inline_queries == []
    [answer] = api.inline_answers[before:]
    return answer


def _texts(answer: dict) -> list[str]:
    return [r["input_message_content"]["message_text"] for r in answer["results"]]


async def test_a_question_is_answered_with_cards_best_first(raqib_chat) -> None:
    answer = await _ask(raqib_chat, "What did McNulty say?")
    results = answer["results"]
    assert results and all(r["type"] == "article" for r in results)
    assert answer["cache_time"] == 30 and answer["is_personal"] is False
    assert all(r["title"].startswith("🗣 Jessica McNulty · ") for r in results)
    texts = _texts(answer)
    assert all("📅" in t and "🔗 http" in t for t in texts)  # the date and the source's link
    quote = "There are no current plans for a complete withdrawal from Iraq."
    [card] = [r for r in results if quote in r["input_message_content"]["message_text"]]
    assert quote in card["description"] and card["description"].endswith(" — Newsweek")
    # The same answer and order as the chat's reply (one answering path), card for statement.
    chat_reply = respond("What did McNulty say?", raqib_chat.app.bot_data["record"], TEST_NOW)
    ranked = [*chat_reply.answer.statements, *chat_reply.answer.rest]
    assert len(texts) == len(ranked)
    assert all(s.text_en in t for s, t in zip(ranked, texts, strict=True))
    ids = [r["id"] for r in results]
    assert len(set(ids)) == len(ids) and all(len(i.encode()) <= 64 for i in ids)


async def test_cards_follow_the_questions_language(raqib_chat) -> None:
    answer = await _ask(raqib_chat, "ماذا قال كيربي؟", language_code="en")
    texts = _texts(answer)
    assert all(line.startswith(RLM) for t in texts for line in t.split("\n") if line)
    assert any("لن تبقى في العراق بعد الموعد المعلن" in t for t in texts)
    assert answer["results"][0]["title"].startswith("🗣 جون كيربي")
    english = await _ask(raqib_chat, "what did Kirby say?", language_code="ar")
    assert any("US combat forces will not remain in Iraq" in t for t in _texts(english))
    assert not any(t.startswith(RLM) for t in _texts(english))


async def test_a_position_question_puts_the_stance_on_the_best_card(raqib_chat) -> None:
    answer = await _ask(raqib_chat, "what is al-Khafaji's position?")
    first = _texts(answer)[0]
    assert first.startswith("📌 ") and "position:" in first.split("\n")[0]
    assert "🗣 " in first


async def test_no_answer_is_one_card_that_says_so(raqib_chat) -> None:
    answer = await _ask(raqib_chat, "what did Macron say about Iraq?")
    [card] = answer["results"]
    assert card["title"] == "No answer in the record"
    assert "Macron" in card["input_message_content"]["message_text"]
    arabic = await _ask(raqib_chat, "ماذا قال ماكرون؟")
    [card] = arabic["results"]
    assert card["title"] == "لا جواب في السجل"


async def test_an_empty_query_shows_the_countdown_and_the_latest_statements(raqib_chat) -> None:
    answer = await _ask(raqib_chat, "", language_code="en")
    results = answer["results"]
    assert results[0]["title"] == "⏳ 36 days 12 hours left"
    assert "Deadline: end of 31 December 2021" in _texts(answer)[0]
    statements = [r for r in results if r["title"].startswith("🗣 ")]
    assert 1 <= len(statements) <= 5
    assert answer["is_personal"] is True  # its language is the user's, not the query's
    arabic = await _ask(raqib_chat, "  ", language_code="ar")
    assert arabic["results"][0]["title"] == "⏳ باقٍ 36 يومًا و12 ساعة"


async def test_the_stand_in_refuses_what_telegram_refuses(raqib_chat) -> None:
    api = raqib_chat.api
    query = api.new_inline_query(USER, "x")["inline_query"]["id"]
    card = {
        "type": "article",
        "id": "a",
        "title": "t",
        "input_message_content": {"message_text": "hello"},
    }

    def answer(results) -> tuple[int, str]:
        import json

        status, body = api.call(
            "answerInlineQuery", {"inline_query_id": query, "results": json.dumps(results)}
        )
        return status, body.get("description", "")

    assert answer([card, card]) == (400, "Bad Request: RESULT_ID_DUPLICATE")
    assert answer([{**card, "id": "x" * 65}]) == (400, "Bad Request: RESULT_ID_INVALID")
    many = [{**card, "id": str(i)} for i in range(51)]
    assert answer(many) == (400, "Bad Request: RESULTS_TOO_MUCH")
    long = {**card, "input_message_content": {"message_text": "x" * 4097}}
    assert answer([long]) == (400, "Bad Request: MESSAGE_TOO_LONG")
    assert answer([card]) == (200, "")
    assert answer([card])[0] == 400  # a query is answered once


async def test_inline_queries_over_http_long_polling(botapi_server, tmp_path) -> None:
    server = botapi_server
    api = server.api
    config = Config(token=TEST_TOKEN, base_url=server.base_url, db_path=str(tmp_path / "r.db"))
    server.api.token = TEST_TOKEN
    app = build_application(config, Record.open(tmp_path / "r.db"), make_clock(TEST_NOW))
    assert isinstance(app.bot.request, HTTPXRequest)
    asked = allowed_updates(app)
    assert "inline_query" in asked  # the handler brings its update type
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=asked)
    try:
        api.new_inline_query(USER, "who said the withdrawal date is fixed?")
        deadline = time.monotonic() + 10
        while not api.inline_answers and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        [answer] = api.inline_answers
        assert answer["results"] and answer["cache_time"] == 30
        assert all(r["input_message_content"]["message_text"] for r in answer["results"])
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_long_answers_come_a_page_at_a_time_over_http(botapi_server, tmp_path) -> None:
    """Scrolling to the end of the cards sends the same query with the `next_offset` given:
    over HTTP, page after page, every card once, in the answer's order, then no offset."""
    from story.inline_cards import PAGE

    api = botapi_server.api
    api.token = TEST_TOKEN
    later = make_clock(datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Asia/Baghdad")))
    config = Config(token=TEST_TOKEN, base_url=botapi_server.base_url)
    record = Record.open(tmp_path / "r.db")
    app = build_application(config, record, later)
    question = "what did the Pentagon say?"
    reply = respond(question, record, later())
    ranked = [*reply.answer.statements, *reply.answer.rest]
    assert len(ranked) > PAGE  # the record holds more than one page of it
    await app.initialize()
    await app.start()
    await app.updater.start_polling(
        poll_interval=0, timeout=1, allowed_updates=allowed_updates(app)
    )
    pages: list[dict] = []
    try:
        offset = ""
        while True:
            api.new_inline_query(USER, question, offset=offset)
            deadline = time.monotonic() + 10
            while len(api.inline_answers) == len(pages) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            pages.append(api.inline_answers[-1])
            offset = pages[-1]["next_offset"]
            if not offset or len(pages) > 10:
                break
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert len(pages) == -(-len(ranked) // PAGE)  # ceil: no page more, none fewer
    assert all(len(p["results"]) == PAGE for p in pages[:-1]) and pages[-1]["next_offset"] == ""
    results = [r for p in pages for r in p["results"]]
    ids = [r["id"] for r in results]
    assert len(set(ids)) == len(ids) == len(ranked)
    texts = [r["input_message_content"]["message_text"] for r in results]
    assert all(s.text_en in t for s, t in zip(ranked, texts, strict=True))
