"""Issue 11 item 12, through the real Application: an answer shows the link of its first source
(a t.me post the record holds) and how many outlets reported the statement."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import ADMIN_ID
from test_review_flow import KIRBY_QUOTE, article_text, buttons, card_for, forward, press

from bot.clock import make_clock


async def test_an_answer_shows_the_first_sources_link_and_how_many_outlets(raqib_chat):
    chat = raqib_chat
    chat.app.bot_data["clock"] = make_clock(
        datetime(2021, 12, 10, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    )
    await forward(chat, article_text())
    # Another outlet reports the same words (their report is merged into the same candidate).
    other = (
        "بغداد - أعلن المتحدث باسم وزارة الدفاع الأمريكية جون كيربي في مؤتمر صحفي أن "
        f"«{KIRBY_QUOTE} وفق الموعد المتفق عليه مع الحكومة العراقية»، مضيفًا أن التنسيق مستمر."
    )
    merged = await forward(chat, other, channel="dijla_tv", title="Dijla TV")
    assert "already held" in merged[0], merged
    kirby = card_for(chat, KIRBY_QUOTE)
    await press(chat, kirby, buttons(kirby)["✅ Approve"])
    [answer] = await chat.send("what did Kirby say?", chat_id=ADMIN_ID, language_code="en")
    first = answer.split("\n\n")[0]  # the newest statement: the one just approved
    assert (
        "Rafidain News" in first
        and "🔗 https://t.me/rafidain_news/42 · reported by 2 outlets" in first
    ), answer
    [arabic] = await chat.send("ماذا قال كيربي؟", chat_id=ADMIN_ID, language_code="ar")
    assert "🔗 https://t.me/rafidain_news/42 · نقلته وسيلتان" in arabic.split("\n\n")[0], arabic
