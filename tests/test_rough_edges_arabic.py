"""Arabic number agreement in replies (issue 11 rough edges): the review desk's "read"
summary agrees its count with the noun (1, 2, 3-10, 11+), through the real Application for
a forwarded article and for every tier of the rule; "no statement" for a name with the
article reads "صادر عن المفوضية…" (not "لـالمفوضية"); missed reminders are the sentence's
subject ("ففاتك تذكير واحد", not "تذكيرًا واحدًا")."""

from __future__ import annotations

import pytest
from conftest import ADMIN_ID
from test_review_flow import article_text, forward

from bot.pipeline import IngestReport
from handlers.review_desk import report_summary
from story.reminder_text import plural_reminders


async def test_an_arabic_admin_is_told_how_many_candidates_in_agreement(raqib_chat):
    await raqib_chat.send("/lang ar", chat_id=ADMIN_ID)
    replies = await forward(raqib_chat, article_text())
    assert "3 تصريحات جديدة للمراجعة" in replies[0]
    assert "تصريح جديد للمراجعة" not in replies[0]


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "تصريح جديد واحد للمراجعة"),
        (2, "تصريحان جديدان للمراجعة"),
        (7, "7 تصريحات جديدة للمراجعة"),
        (11, "11 تصريحًا جديدًا للمراجعة"),
        (103, "103 تصريحات جديدة للمراجعة"),
    ],
)
def test_each_tier_of_the_rule(n, words):
    report = IngestReport(title="خبر", new=[f"s{i}" for i in range(n)])
    assert words in report_summary(report, "ar")
    assert f"{n} new candidate(s)" in report_summary(report, "en")



async def test_no_statement_by_an_actor_whose_name_has_the_article(raqib_chat):
    [said] = await raqib_chat.send("ماذا قالت المفوضية العليا المستقلة للانتخابات؟")
    assert "تصريح صادر عن المفوضية العليا المستقلة للانتخابات" in said
    assert "لـال" not in said


@pytest.mark.parametrize(("missed", "words"), [(1, "ففاتك تذكير واحد"), (2, "ففاتك تذكيران")])
def test_missed_reminders_are_the_subject_of_the_sentence(missed, words):
    assert f"ففاتك {plural_reminders(missed, 'ar')}" == words
