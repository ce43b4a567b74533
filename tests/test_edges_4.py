"""Issue 11 leftovers, through the real Application (tests/conftest.py `raqib_chat`): same-day
position history in the order things were said, the card of a replaced candidate, one fetch
for /feeds add, the outcome question on a late /start, and prompts' timeouts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from conftest import ADMIN_ID, RaqibChat

from storage.review_store import IngestStore

CHANNEL = -1009990044
DAY = datetime(2021, 11, 25, tzinfo=UTC)  # the fixed clock's day (12:00 +03:00 = 09:00 UTC)
# Written for these tests: a tracked spokeswoman says two things on one day.
CHATTER = "المتحدثة باسم البنتاغون تعقد مؤتمرا صحفيا صباح اليوم في واشنطن"
ADVISERS = (
    'المتحدثة باسم البنتاغون جيسكا مكنولتي: "سيبقى المستشارون والمدربون في العراق بعد انتهاء'
    ' المهمة القتالية".'
)
FIXED = (
    'المتحدثة باسم البنتاغون جيسكا مكنولتي: "الموعد ثابت ولن يكون هناك أي تمديد لبقاء القوات'
    ' الأمريكية بعد نهاية العام".'
)


def _at(hour: int, minute: int = 0) -> int:
    return int(DAY.replace(hour=hour, minute=minute).timestamp())


async def _admin(chat: RaqibChat, text: str) -> list[str]:
    return await chat.send(text, chat_id=ADMIN_ID, language_code="en")


async def _post(chat: RaqibChat, text: str, at: int) -> dict[str, Any]:
    """A post in the monitored channel, sent at `at` (Unix time) as Telegram dates it."""
    update = chat.api.new_message(CHANNEL, text, chat_type="channel", chat_title="Rafidain")
    message = update["channel_post"]
    message["date"] = at
    chat.api._messages[(CHANNEL, message["message_id"])]["date"] = at  # what an edit copies
    await chat.process(update)
    return message


async def _monitor(chat: RaqibChat) -> None:
    """The admin has the bot monitor the channel (which Telegram knows from its first post)."""
    chat.api.new_message(CHANNEL, "القناة تفتتح اليوم", chat_type="channel", chat_title="Rafidain")
    assert (await _admin(chat, f"/monitor on {CHANNEL}"))[0].startswith("👁 Monitoring")


def _cards(chat: RaqibChat, since: int = 0) -> list[dict[str, Any]]:
    return [r for r in chat.api.sent[since:] if r["chat_id"] == ADMIN_ID and r["reply_markup"]]


def _buttons(markup: dict[str, Any]) -> list[dict[str, str]]:
    return [b for row in markup["inline_keyboard"] for b in row]


async def _press(chat: RaqibChat, message_id: int, data: str) -> None:
    await chat.process(chat.api.new_callback_query(ADMIN_ID, ADMIN_ID, data, message_id))


async def _review(chat: RaqibChat, card: dict[str, Any], stance_label: str) -> None:
    """Pick a stance from the card's own menu, then approve, as an admin would."""
    menu = next(
        b["callback_data"] for b in _buttons(card["reply_markup"]) if "rv:s:" in b["callback_data"]
    )
    await _press(chat, card["message_id"], menu)
    shown = chat.api.edited[-1]["reply_markup"]
    pick = next(b["callback_data"] for b in _buttons(shown) if stance_label in b["text"])
    await _press(chat, card["message_id"], pick)
    approve = next(
        b["callback_data"]
        for b in _buttons(chat.api.edited[-1]["reply_markup"])
        if b["callback_data"].startswith("rv:a:")
    )
    await _press(chat, card["message_id"], approve)


async def test_same_day_history_follows_the_time_said_not_the_order_read(raqib_chat) -> None:
    """The 06:00 post gives its quote only when edited at 08:30, after the 08:00 post's was
    read: the record holds them in the other order. Reviewed later-said first, the history
    still runs in said order and the current position is the later-said one."""
    chat = raqib_chat
    await _monitor(chat)
    early = await _post(chat, CHATTER, _at(6))
    assert _cards(chat) == []  # chatter: nothing to attribute yet
    await _post(chat, FIXED, _at(8))
    [fixed_card] = _cards(chat)
    since = len(chat.api.sent)
    await chat.process(chat.api.new_edited_message(CHANNEL, early["message_id"], ADVISERS))
    [advisers_card] = _cards(chat, since)
    record = chat.app.bot_data["record"]
    pending = IngestStore(record).pending()
    assert [i.statement.said_at for i in pending] == [
        DAY.replace(hour=8),
        DAY.replace(hour=6),  # read second, said first
    ]
    follower = 6001
    await chat.send("/follow Jessica McNulty", chat_id=follower, language_code="en")
    since = len(chat.api.sent)
    await _review(chat, fixed_card, "no extension")
    await _review(chat, advisers_card, "advisers and trainers stay")
    alerts = [r["plain_text"] for r in chat.api.sent[since:] if r["chat_id"] == follower]
    # The earlier-said statement, approved after, moves nothing: one alert, to the later one.
    assert len(alerts) == 1 and "no extension" in alerts[0].split("to:", 1)[1], alerts
    history = record.stance_history("jessica-mcnulty")
    assert [stance for stance, _ in history][:2] == [
        "deadline_fixed",
        "combat_withdrawal_advisers_stay",
    ]
    shown = (await _admin(chat, "/actor Jessica McNulty"))[0]
    lines = [line for line in shown.splitlines() if line.startswith("•")]
    assert "no extension" in lines[0] and lines[0].endswith("⬅"), shown
    assert "advisers and trainers stay" in lines[1], shown
    [(_, current)] = [
        (stance, s) for actor, stance, s in record.current_positions() if actor == "jessica-mcnulty"
    ]
    assert current.said_at == DAY.replace(hour=8)


def test_m014_applies_alone_and_twice_whatever_ran_before_it(tmp_path) -> None:
    """m014 (said_at, published_at, review_cards) does not depend on any migration after
    m012: applied to a record stopped before it, then again by hand, it changes nothing the
    second time, and a record opened afterwards has nothing pending."""
    from storage.database import open_database
    from storage.migrations import m014_said_at_and_cards, migrations

    db = open_database(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before="m014_said_at_and_cards")
    assert "said_at" not in db.table("statements").columns_dict
    migrations.apply(db)
    m014_said_at_and_cards(db)  # as if another branch's migration had added them already
    assert "said_at" in db.table("statements").columns_dict
    assert "published_at" in db.table("items").columns_dict
    assert db.table("review_cards").exists()
    assert migrations.pending(open_database(tmp_path / "old.db")) == []


# -- the card of a replaced candidate ----------------------------------------------------------
AR_ADMIN, EN_ADMIN = 7201, 7202


async def _http_app(server, tmp_path):
    from bot.app import allowed_updates, build_application
    from bot.clock import make_clock
    from bot.config import Config
    from storage import Record

    app = build_application(
        Config(
            token="424244:RAQIB-edges4-SECRET",
            admins=frozenset({AR_ADMIN, EN_ADMIN}),
            base_url=server.base_url,
        ),
        Record.open(tmp_path / "r.db"),
        make_clock(DAY.replace(hour=9)),
    )
    await app.initialize()
    await app.start()
    asked = allowed_updates(app)
    await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=asked)
    return app


async def _until(check, what: str) -> None:
    import asyncio

    for _ in range(500):
        if check():
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(what)


async def test_a_replaced_candidates_cards_say_so_and_their_buttons_too(
    botapi_server, tmp_path
) -> None:
    """Over HTTP: an edited monitored post replaces its candidate. Each admin's old card is
    rewritten in that admin's language, without buttons; where the edit failed, the old
    card's buttons answer that the candidate was replaced and change nothing."""
    server, api = botapi_server, botapi_server.api
    api.new_message(CHANNEL, "القناة تفتتح اليوم", chat_type="channel", chat_title="Rafidain")
    app = await _http_app(server, tmp_path)
    try:
        for admin, lang in ((AR_ADMIN, "ar"), (EN_ADMIN, "en")):  # both opened the bot
            since = len(api.sent)
            api.new_message(admin, "/start", language_code=lang)
            await server.wait_for_sent(lambda r, a=admin: r["chat_id"] == a, since=since)
        since = len(api.sent)
        api.new_message(EN_ADMIN, f"/monitor on {CHANNEL}", language_code="en")
        await server.wait_for_sent(lambda r: r["chat_id"] == EN_ADMIN, since=since)
        since = len(api.sent)
        post = api.new_message(CHANNEL, FIXED, chat_type="channel")["channel_post"]

        def cards(after: int) -> dict[int, dict[str, Any]]:
            return {r["chat_id"]: r for r in api.sent[after:] if r["reply_markup"]}

        await _until(lambda: len(cards(since)) == 2, "a card for each admin")
        old = cards(since)
        api.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
        edits, since = len(api.edited), len(api.sent)
        api.new_edited_message(CHANNEL, post["message_id"], ADVISERS)
        await _until(lambda: len(cards(since)) == 2, "the new candidate's cards")
        await _until(lambda: len(api.edited) > edits, "an old card marked")
        [marked] = [e for e in api.edited[edits:] if e["method"] == "editMessageText"]
        failed = AR_ADMIN if marked["chat_id"] == EN_ADMIN else EN_ADMIN
        assert marked["reply_markup"] is None
        assert marked["message_id"] == old[marked["chat_id"]]["message_id"]
        assert ("استُبدل هذا المرشّح" if marked["chat_id"] == AR_ADMIN else "was replaced") in (
            marked["text"]
        )
        assert "مكنولتي" in marked["text"] or "McNulty" in marked["text"]  # still the old card
        stale = old[failed]
        approve = next(
            b["callback_data"]
            for b in _buttons(stale["reply_markup"])
            if b["callback_data"].startswith("rv:a:")
        )
        answers = len(api.callback_answers)
        api.new_callback_query(failed, failed, approve, stale["message_id"])
        await _until(lambda: len(api.callback_answers) > answers, "the button answered")
        said = api.callback_answers[-1]["text"]
        assert said == (
            "استُبدل هذا المرشّح: عُدّل منشوره. راجع البطاقة الجديدة بدلًا منه."
            if failed == AR_ADMIN
            else "This candidate was replaced: its post was edited. Review the new card instead."
        )
        store = IngestStore(app.bot_data["record"])
        item = store.review_item(int(approve.split(":")[2]))
        assert item is not None and item.status == "replaced"  # not approved by the old button
        assert [i.statement.text_ar for i in store.pending()] == [ADVISERS.split('"')[1]]
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


# -- /feeds add: one fetch -----------------------------------------------------------------
FILLER = (
    " وجاءت التصريحات خلال إيجاز صحفي عقد في مقر الوزارة بحضور عدد من المراسلين."
    " وتناول الإيجاز ملفات عدة بينها التنسيق الأمني والتدريب وتبادل المعلومات."
    " ولم تحدد المتحدثة موعدا للإيجاز المقبل، مكتفية بالقول إن الاتصالات مستمرة."
) * 4


def _feed(web, *entries: tuple[str, str, str]) -> str:
    """An RSS feed of full-text entries (path, words, pubDate), newest first as feeds are."""
    from web_server import rss

    items = [
        {"title": path, "link": web.url(path), "content": f"<p>{words}{FILLER}</p>", "pubDate": at}
        for path, words, at in entries
    ]
    return web.route("/edges.xml", rss("Rafidain", items), "application/rss+xml")


async def test_feeds_add_fetches_the_feed_once_and_its_first_poll_reads_that_copy(
    raqib_chat,
) -> None:
    from web_server import WebServer

    chat = raqib_chat
    chat.allow_local_fetch()
    with WebServer() as web:
        url = _feed(
            web,
            ("/later", FIXED, "Thu, 25 Nov 2021 15:00:00 +0000"),
            ("/earlier", ADVISERS, "Thu, 25 Nov 2021 06:00:00 +0000"),
        )
        await chat.app.start()  # as in production: the first poll runs beside the reply
        try:
            added = await _admin(chat, f"/feeds add {url}")
            assert added[0].startswith("📡 Feed added (#1)")
            await _until(lambda: len(_cards(chat)) == 2, "a card for each entry")
        finally:
            await chat.app.stop()
        assert web.hits["/edges.xml"] == 1  # the check's response was the first poll's
        assert web.hits["/later"] == web.hits["/earlier"] == 0  # full texts: no page fetched
    # Read newest first, as the feed lists them; each keeps its entry's time.
    pending = IngestStore(chat.app.bot_data["record"]).pending()
    assert [i.statement.said_at for i in pending] == [DAY.replace(hour=15), DAY.replace(hour=6)]


# -- the outcome question on a late /start ---------------------------------------------------
async def test_an_admin_who_could_not_be_asked_is_asked_on_start(raqib_chat) -> None:
    """A deadline passed with no outcome; one admin had never started the bot (Telegram
    refuses: 403), so only the other was asked. When it sends /start, it is asked, once."""
    from dataclasses import replace
    from zoneinfo import ZoneInfo

    from bot.clock import make_clock

    chat, late = raqib_chat, 778
    after = datetime(2026, 10, 5, 12, 0, tzinfo=ZoneInfo("Asia/Baghdad"))  # Syria deadline +5
    service = chat.app.bot_data["reminders"]
    service.clock = chat.app.bot_data["clock"] = make_clock(after)
    config = replace(chat.app.bot_data["config"], admins=frozenset({ADMIN_ID, late}))
    service.config = chat.app.bot_data["config"] = config
    chat.api.not_started.add(late)
    await chat.send("/start", chat_id=ADMIN_ID, language_code="en")
    await service.tick()
    await service.deliver_now()

    def asked(who: int) -> list[str]:
        sent = [m["plain_text"] for m in chat.api.sent if m["chat_id"] == who]
        return [text for text in sent if "❓" in text]

    assert len(asked(ADMIN_ID)) == 1 and asked(late) == []
    replies = await chat.send("/start", chat_id=late, language_code="en")
    assert replies[0] == (await chat.send("/start", chat_id=4242, language_code="en"))[0]
    [question] = asked(late)
    assert "Syria" in question and "no outcome is recorded" in question
    await chat.send("/start", chat_id=late, language_code="en")
    await chat.send("/start", chat_id=ADMIN_ID, language_code="en")
    assert len(asked(late)) == len(asked(ADMIN_ID)) == 1  # each asked once, ever


# -- conversation timeouts ------------------------------------------------------------------
async def test_a_review_prompt_times_out_on_the_jobqueue_as_in_production(
    raqib_chat, recwarn
) -> None:
    """The test Application runs its JobQueue like production: the ✏️ Text prompt's
    conversation_timeout is scheduled there (PTB used to warn it was ignored)."""
    from handlers.review_desk import PROMPT_TIMEOUT

    chat = raqib_chat
    await _monitor(chat)
    await _post(chat, FIXED, _at(8))
    [card] = _cards(chat)
    edit = next(
        b["callback_data"] for b in _buttons(card["reply_markup"]) if "rv:t:" in b["callback_data"]
    )
    await _press(chat, card["message_id"], edit)
    assert not [w for w in recwarn if "conversation_timeout" in str(w.message)]
    [conversation] = [
        h
        for group in chat.app.handlers.values()
        for h in group
        if getattr(h, "name", "") == "review-edit"
    ]
    assert conversation.conversation_timeout == PROMPT_TIMEOUT.total_seconds()
    [job] = conversation.timeout_jobs.values()
    assert job.next_t is not None  # waiting on the running JobQueue


# -- issue 11 item 6, the ranking half: ranked by how well a statement answers --
LATE = datetime(2021, 12, 30, 9, 0, tzinfo=UTC)


def _said_blocks(reply: str) -> list[str]:
    return [b for b in reply.split("\n\n") if "🗣" in b.split("\n", 1)[0]]


async def test_who_said_shows_the_body_that_said_it_itself(raqib_chat) -> None:
    from bot.clock import make_clock

    raqib_chat.app.bot_data["clock"] = make_clock(LATE)
    [reply] = await raqib_chat.send(
        "who said the factions will resume military action?", language_code="en"
    )
    assert any("Coordination Committee" in b.split("\n", 1)[0] for b in _said_blocks(reply))


async def test_who_threatened_does_not_lead_with_a_refusal_to_comment(raqib_chat) -> None:
    from bot.clock import make_clock

    raqib_chat.app.bot_data["clock"] = make_clock(LATE)
    [reply] = await raqib_chat.send("من هدد الأمريكان؟", language_code="ar")
    first = _said_blocks(reply)[0]
    assert "رفضت التعليق" not in first, first


async def test_forwarded_posts_keep_their_own_times_whatever_order_they_come_in(
    raqib_chat,
) -> None:
    """An admin forwards a channel's afternoon post, then its morning one: each statement
    takes its post's time (Telegram's forward_origin date), not the order it was read in."""
    chat = raqib_chat
    for words, at, message_id in ((FIXED, _at(15), 12), (ADVISERS, _at(7), 11)):
        update = chat.api.new_message(ADMIN_ID, words, language_code="en")
        update["message"]["forward_origin"] = {
            "type": "channel",
            "chat": {"id": CHANNEL, "type": "channel", "title": "Rafidain", "username": "rfd"},
            "message_id": message_id,
            "date": at,
        }
        await chat.process(update)
    pending = IngestStore(chat.app.bot_data["record"]).pending()
    assert [(i.statement.date, i.statement.said_at) for i in pending] == [
        (DAY.date(), DAY.replace(hour=15)),
        (DAY.date(), DAY.replace(hour=7)),
    ]
    for item in pending:  # approved as they came: the later-said one first
        data = f"rv:a:{item.ref}"
        [card] = [
            c
            for c in _cards(chat)
            if data in [b["callback_data"] for b in _buttons(c["reply_markup"])]
        ]
        await _press(chat, card["message_id"], data)
    record = chat.app.bot_data["record"]
    said = [s.said_at for s in record.statements_by(["jessica-mcnulty"])]
    assert said[:2] == [DAY.replace(hour=15), DAY.replace(hour=7)]


async def test_words_an_edit_took_out_and_the_next_gave_back_are_a_candidate_again(
    record,
) -> None:
    """Edit 1 drops a post's quote (its candidate replaced), edit 2 restores it: the same
    statement is pending again under its old number, reported as new (a card for it), with
    the post's own time; nothing was merged into a replaced statement."""
    from bot.pipeline import ingest_text, reingest_text

    now = datetime(2021, 11, 25, 12, 0, tzinfo=UTC)
    store = IngestStore(record)
    first = await ingest_text(
        record, FIXED, now=now, kind="chat", url="tg://chat/1/1", chat_id=1, message_id=1,
        published_at=DAY.replace(hour=8), in_thread=False,
    )
    [ident] = first.new
    ref = store.review_item(ident).ref
    dropped = await reingest_text(record, first.item_id, CHATTER, now=now, in_thread=False)
    assert dropped.replaced == [ident] and store.pending() == []
    back = await reingest_text(record, first.item_id, FIXED, now=now, in_thread=False)
    assert back.new == [ident] and back.replaced == []
    [again] = store.pending()
    assert (again.ref, again.status) == (ref, "pending")
    assert again.statement.said_at == DAY.replace(hour=8)
