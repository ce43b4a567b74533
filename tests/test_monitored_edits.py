"""An edited monitored post updates its pending candidates (issue 11, rough edges), through the
real Application long-polling the stand-in Bot API over HTTP: the edited channel post or group
message replaces the post's pending candidates with what the edit yields, once each; approved
ones are left alone; an admin gets a card only for a statement not sent before; and an edit of
a message that gave nothing may give candidates."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.app import allowed_updates, build_application
from bot.clock import make_clock
from bot.config import Config
from bot.pipeline import ingest_text, reingest_text
from storage import Record
from storage.review_store import IngestStore

TOKEN = "424243:RAQIB-edits-SECRET"
ADMIN = 7102
CHANNEL = -1009990002
GROUP = -1001230000456
NOW = datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
POST = (Path(__file__).parent / "fixtures" / "ingest" / "channel-post.txt").read_text(
    encoding="utf-8"
)
# The post's first sentence, as first published and as edited (the second sentence stays).
FIRST, _, SECOND = POST.partition("\n")
EDITED_QUOTE = (
    "القوات القتالية الأمريكية ستبقى في مهمة استشارية فقط بعد نهاية العام، ولن يكون لها أي دور"
    " قتالي في العراق"
)
EDITED_FIRST = f'عاجل | المتحدثة باسم البنتاغون جيسكا مكنولتي: "{EDITED_QUOTE}".'
LATER_QUOTE = "لن نطلب تمديد بقاء أي قوة قتالية بعد الحادي والثلاثين من كانون الأول"


def _pending(app) -> list[str]:
    """The review queue's Arabic texts, oldest first."""
    return [i.statement.text_ar for i in IngestStore(app.bot_data["record"]).pending(limit=50)]


async def _running(server, tmp_path: Path):
    app = build_application(
        Config(token=TOKEN, admins=frozenset({ADMIN}), base_url=server.base_url),
        Record.open(tmp_path / "r.db"),
        make_clock(NOW),
    )
    asked = allowed_updates(app)
    assert {"edited_message", "edited_channel_post"} <= set(asked)  # or Telegram drops edits
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=asked)
    return app


async def _stop(app) -> None:
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


def _is_card(record: dict) -> bool:
    return record["chat_id"] == ADMIN and bool(record["reply_markup"])


async def _cards(server, since: int, n: int) -> list[dict]:
    """Wait for `n` review cards to the admin sent after `since`; all cards sent by then."""
    for _ in range(500):
        cards = [r for r in server.api.sent[since:] if _is_card(r)]
        if len(cards) >= n:
            return cards
        await asyncio.sleep(0.02)
    raise TimeoutError(f"{n} cards expected, {len(cards)} came")


def _button(card: dict, prefix: str) -> str:
    return next(
        b["callback_data"]
        for row in card["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith(prefix)
    )


async def test_an_edited_channel_post_replaces_its_pending_candidate_once(
    botapi_server, tmp_path
) -> None:
    server, api = botapi_server, botapi_server.api
    api.new_message(
        CHANNEL,
        "Rafidain News opens its channel today",
        chat_type="channel",
        chat_title="Rafidain News",
    )
    app = await _running(server, tmp_path)
    try:
        since = len(api.sent)
        api.new_message(ADMIN, f"/monitor on {CHANNEL}", language_code="en")
        await server.wait_for_sent(lambda r: r["chat_id"] == ADMIN, timeout=10, since=since)
        since = len(api.sent)
        post = api.new_message(CHANNEL, POST, chat_type="channel")
        post_id = post["channel_post"]["message_id"]
        first_cards = await _cards(server, since, 2)
        assert len(_pending(app)) == 2
        # The admin approves the second statement (the one the edit keeps word for word).
        kept = next(c for c in first_cards if "التنسيق" in c["plain_text"])
        edits = len(api.edited)
        api.new_callback_query(ADMIN, ADMIN, _button(kept, "rv:a:"), kept["message_id"])
        for _ in range(500):
            if len(api.edited) > edits and not api.unanswered_callbacks:
                break
            await asyncio.sleep(0.02)
        assert api.edited[-1]["text"].startswith("✅")
        [replaced] = _pending(app)
        assert replaced.startswith("لا تغيير على خطط الانسحاب")
        stale = next(c for c in first_cards if c is not kept)

        since = len(api.sent)
        api.new_edited_message(CHANNEL, post_id, f"{EDITED_FIRST}\n{SECOND}")
        [card] = await _cards(server, since, 1)  # the edited statement, and only it
        assert EDITED_QUOTE[:40] in card["plain_text"]
        assert _pending(app) == [EDITED_QUOTE]  # the old candidate gone, the new one once
        store = IngestStore(app.bot_data["record"])
        approved = store.review_item(_button(kept, "rv:a:").split(":")[2])
        assert approved is not None and approved.status == "approved"  # left alone
        gone = store.review_item(_button(stale, "rv:a:").split(":")[2])
        assert gone is not None and gone.status == "replaced"  # kept, its number never reused

        # An edit that only adds a line gives no new statement: no second card for it. The
        # next edit (same chat, so handled after it) brings one card: its own.
        since = len(api.sent)
        api.new_edited_message(CHANNEL, post_id, f"{EDITED_FIRST}\n{SECOND}\nتابعونا للمزيد")
        later = f'وقالت مكنولتي أيضًا: "{LATER_QUOTE}".'
        api.new_edited_message(CHANNEL, post_id, f"{EDITED_FIRST}\n{SECOND}\n{later}")
        cards = await _cards(server, since, 1)
        await asyncio.sleep(0.3)  # nothing else is on its way
        cards = [r for r in api.sent[since:] if _is_card(r)]
        assert len(cards) == 1 and LATER_QUOTE[:30] in cards[0]["plain_text"]
        assert _pending(app) == [EDITED_QUOTE, LATER_QUOTE]
        assert api.unanswered_callbacks == []
    finally:
        await _stop(app)


async def test_an_edited_group_message_that_gave_nothing_may_give_a_candidate(
    botapi_server, tmp_path
) -> None:
    server, api = botapi_server, botapi_server.api
    app = await _running(server, tmp_path)
    try:
        since = len(api.sent)
        api.new_message(
            GROUP, "/monitor on", user_id=ADMIN, chat_type="supergroup", language_code="en"
        )
        await server.wait_for_sent(lambda r: r["chat_id"] == GROUP, timeout=10, since=since)
        since = len(api.sent)
        short = api.new_message(GROUP, "خبر عاجل الآن", user_id=ADMIN + 1, chat_type="supergroup")
        api.new_edited_message(GROUP, short["message"]["message_id"], POST)
        cards = await _cards(server, since, 2)
        assert len(cards) == 2 and len(_pending(app)) == 2
        assert any("لا تغيير على خطط الانسحاب" in c["plain_text"] for c in cards)
    finally:
        await _stop(app)


async def test_a_statement_another_item_reports_too_only_loses_the_edited_source(
    tmp_path,
) -> None:
    record = Record.open(tmp_path / "r.db")
    store = IngestStore(record)
    first = await ingest_text(
        record,
        POST,
        now=NOW,
        kind="chat",
        url="tg://chat/1/1",
        chat_id=1,
        message_id=1,
        in_thread=False,
    )
    other = await ingest_text(
        record,
        FIRST + "\nنقلًا عن وكالات",
        now=NOW,
        kind="text",
        url="https://example.org/a",
        in_thread=False,
    )
    assert len(first.new) == 2 and other.merged and not other.new
    [shared] = other.merged
    assert store.chat_item(1, 1) == first.item_id
    edit = await reingest_text(record, first.item_id, SECOND, now=NOW, in_thread=False)
    assert (edit.new, edit.merged) == ([], [])  # nothing the post had not given before
    assert [i.statement.id for i in store.pending()] == first.new  # both kept
    assert [u for _, u in store.review_item(shared).reports] == ["https://example.org/a"]
    gone = await reingest_text(record, first.item_id, "", now=NOW, in_thread=False)
    assert [i.statement.id for i in store.pending()] == [shared]  # the post's own one dropped
    assert gone.new == [] and store.item(first.item_id)["found"] == 0
