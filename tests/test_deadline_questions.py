"""Countdown and outcome questions pick the deadline they name, in either language and
whichever story holds it; "was the deadline met?" is answered by the deadline's status and
outcome, not searched for in statements. A real record with the bundled packs (the 2021
withdrawal deadline; the coalition's 2025 Iraq and 2026 Syria deadlines). Questions written
for these tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from storage import Record
from story.answering import answer_question, deadlines_named
from story.models import Deadline
from story.respond import respond

BAGHDAD = ZoneInfo("Asia/Baghdad")
IN_2021 = datetime(2021, 11, 19, 12, tzinfo=BAGHDAD)
IN_2026 = datetime(2026, 6, 1, 12, tzinfo=BAGHDAD)
WITHDRAWAL = "us-combat-withdrawal"
IRAQ_MISSION = "coalition-iraq-mission-end"
SYRIA_MISSION = "coalition-syria-mission-from-iraq-end"


def _first(record: Record, text: str, now: datetime) -> str:
    answer = answer_question(text, record, now)
    assert answer.question.intent == "countdown", answer.question
    return answer.countdowns[0].deadline.id


@pytest.mark.parametrize(
    ("text", "now", "deadline"),
    [
        ("how many days are left?", IN_2021, WITHDRAWAL),  # the chat's story: nearest ahead
        ("how many days are left?", IN_2026, IRAQ_MISSION),
        ("countdown to the US combat withdrawal", IN_2026, WITHDRAWAL),
        ("when does the Syria mission end?", IN_2021, SYRIA_MISSION),
        ("متى تنتهي مهمة التحالف في سوريا؟", IN_2021, SYRIA_MISSION),
        ("كم يوم باقي على انسحاب القوات القتالية؟", IN_2026, WITHDRAWAL),
        ("what happened to the coalition mission in Iraq?", IN_2021, IRAQ_MISSION),
    ],
)
def test_a_countdown_question_leads_with_the_deadline_it_names(
    record: Record, text: str, now: datetime, deadline: str
) -> None:
    assert _first(record, text, now) == deadline


@pytest.mark.parametrize(
    "text",
    [
        "was the withdrawal deadline met?",
        "Did US combat forces leave Iraq by the deadline?",
        "did the Americans meet the deadline?",
        "what was the outcome of the withdrawal?",
        "هل تم الالتزام بموعد الانسحاب؟",
        "هل انسحبت القوات القتالية في الموعد المحدد؟",
        "ماذا حدث في موعد انسحاب القوات القتالية؟",
    ],
)
def test_an_outcome_question_is_answered_with_the_deadline_status(
    record: Record, text: str
) -> None:
    assert _first(record, text, IN_2026) == WITHDRAWAL
    reply = respond(text, record, IN_2026).text
    assert ("Status: met" in reply) if text.isascii() else ("الحالة: نُفّذ" in reply)


def test_who_said_about_a_deadline_stays_a_who_said_question(record: Record) -> None:
    assert answer_question("who said the deadline was fixed?", record, IN_2021).question.intent == (
        "who_said"
    )


def test_words_every_title_holds_name_no_deadline() -> None:
    shared = [
        Deadline("a", "s", "Forces leave Iraq", "", IN_2021, "Asia/Baghdad"),
        Deadline("b", "s", "Mission in Iraq ends", "", IN_2021, "Asia/Baghdad"),
    ]
    assert deadlines_named(["iraq"], shared) == []
    assert [d.id for d in deadlines_named(["iraq", "mission"], shared)] == ["b"]
    assert deadlines_named(["mission"], shared[:1]) == []  # one deadline: nothing to choose
