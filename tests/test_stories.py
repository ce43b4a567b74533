"""More than one story: the same actors come back, answers prefer the current story and
respect a time the question names."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from storage import Record
from story.respond import respond

LATER_PACK = """
[story]
id = "coalition-transition-2024"
title_en = "The end of the coalition mission in Iraq"
title_ar = "انتهاء مهمة التحالف في العراق"
published = 2024-09-30

[[stances]]
id = "phased_transition"
en = "Supports a phased transition"
ar = "يؤيد انتقالًا مرحليًا"

[[deadlines]]
id = "coalition-mission-end"
main = true
title_en = "Coalition military mission in Iraq ends"
title_ar = "انتهاء المهمة العسكرية للتحالف في العراق"
due = 2025-09-30T00:00:00
timezone = "Asia/Baghdad"

[[actors]]
id = "john-kirby"
kind = "person"
name_en = "John Kirby"
name_ar = "جون كيربي"
role_en = "White House national security spokesman"
role_ar = "المتحدث باسم مجلس الأمن القومي"
aliases = ["Kirby", "كيربي"]

[[statements]]
id = "kirby-2024-transition"
actor = "john-kirby"
kind = "direct"
date = 2024-09-27
stance = "phased_transition"
text_ar = "سننتقل إلى شراكة أمنية ثنائية مع العراق على مراحل"
text_en = "We will move to a bilateral security partnership with Iraq in phases"
"""

NOW = datetime(2024, 10, 1, 12, tzinfo=ZoneInfo("Asia/Baghdad"))


@pytest.fixture
def record(tmp_path):
    record = Record.open(tmp_path / "r.db")
    pack = tmp_path / "later.toml"
    pack.write_text(LATER_PACK, encoding="utf-8")
    record.load_file(pack)
    return record


def test_the_newest_story_is_current_and_its_deadline_is_counted_down(record):
    assert record.current_story_id() == "coalition-transition-2024"
    reply = respond("how many days are left?", record, NOW)
    assert reply.answer.countdowns[0].deadline.id == "coalition-mission-end"


def test_an_actor_shared_by_two_stories_is_answered_from_the_current_one_first(record):
    statements = respond("what did Kirby say?", record, NOW).answer.statements
    assert statements[0].story_id == "coalition-transition-2024"
    assert any(s.story_id == "iraq-us-withdrawal-2021" for s in statements)


def test_a_year_in_the_question_selects_the_earlier_story(record):
    statements = respond("what did Kirby say in 2021?", record, NOW).answer.statements
    assert statements and all(s.story_id == "iraq-us-withdrawal-2021" for s in statements)


def test_position_is_the_current_story_stance(record):
    reply = respond("what is Kirby's position?", record, NOW)
    assert reply.answer.stance[0] == "phased_transition"


def test_the_older_story_keeps_its_own_deadline(record):
    assert [d.id for d in record.deadlines("iraq-us-withdrawal-2021")] == ["us-combat-withdrawal"]


async def test_a_chat_can_switch_its_story(raqib_chat, tmp_path):
    record = raqib_chat.app.bot_data["record"]
    pack = tmp_path / "later.toml"
    pack.write_text(LATER_PACK, encoding="utf-8")
    record.load_file(pack)
    listing = (await raqib_chat.send("/story", language_code="en"))[0]
    # On the clock's day (Nov 2021) the chat follows the story whose deadline is nearest ahead.
    assert "▶ 2. The 31 December 2021 deadline" in listing
    switched = (await raqib_chat.send("/story 1", language_code="en"))[0]
    assert switched.startswith("This chat now follows: The end of the coalition mission in Iraq")
    countdown = (await raqib_chat.send("/countdown", language_code="en"))[0]
    assert "US combat forces" not in countdown
    assert (await raqib_chat.send("/story 9", language_code="en"))[0].startswith("No story")
