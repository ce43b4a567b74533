"""Issue 11 items 4 and 5, through the real Application: names with their article or particle
("al-Khafaji", "Al-Khafaji", "al-Nujaba", Iraqi "شگال الخفاجي؟") resolve like the bare name, and
a question limited to a time with nothing in it says so and offers the latest statement instead
of claiming the record has nothing by that speaker."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import make_clock
from story.render import possessive

NOTHING = ("has nothing", "no statement", "لا يوجد")


async def _ask(chat, question: str, lang: str = "en") -> str:
    [reply] = await chat.send(question, language_code=lang)
    return reply


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("what did al-Khafaji say?", "Tahsin al-Khafaji"),
        ("what did Al-Khafaji say?", "Tahsin al-Khafaji"),
        ("what did al-Shammari say?", "Nasr al-Shammari"),
        ("what did al-Nujaba say?", "al-Nujaba"),
        ("شگال الخفاجي؟", "تحسين الخفاجي"),
    ],
)
async def test_article_and_particle_forms_resolve_like_the_bare_name(raqib_chat, question, speaker):
    reply = await _ask(raqib_chat, question)
    assert not any(n in reply for n in NOTHING), reply
    assert f"🗣 {speaker}" in reply or speaker in reply.splitlines()[0], reply
    assert "and 3 more" not in reply.splitlines()[0]


async def test_nothing_on_a_topic_is_not_followed_by_and_n_more(raqib_chat):
    reply = await _ask(raqib_chat, "what did Khafaji say about bananas?")
    assert "nothing from Tahsin al-Khafaji on that" in reply
    assert "more" not in reply.replace("Ask", "")


@pytest.mark.parametrize(
    ("question", "lang", "expected"),
    [
        ("what did Kirby say in 2020?", "en", "Nothing from John Kirby in 2020."),
        ("ماذا قال كيربي عام 2020؟", "ar", "لا شيء من جون كيربي عام 2020."),
    ],
)
async def test_a_time_limited_question_without_a_hit_offers_the_latest(
    raqib_chat, question, lang, expected
):
    raqib_chat.app.bot_data["clock"] = make_clock(datetime(2021, 12, 10, 12, 0, tzinfo=UTC))
    reply = await _ask(raqib_chat, question, lang)
    assert expected in reply, reply
    assert "no statement by" not in reply and "أي تصريح" not in reply
    assert "🗣" in reply  # the latest statement is offered


def test_an_institution_reads_with_the_inside_an_english_sentence():
    from story.models import Actor
    from story.render import name_in_sentence

    office = Actor("wh", "office", "White House", "البيت الأبيض")
    assert name_in_sentence(office, "en") == "the White House"
    assert name_in_sentence(office, "ar") == "البيت الأبيض"
    command = Actor("cmd", "office", "US command in Iraq", "القيادة الأمريكية في العراق")
    assert name_in_sentence(command, "en") == "the US command in Iraq"
    for proper in (
        Actor("kh", "group", "Kataib Hezbollah", "كتائب حزب الله"),
        Actor("p", "person", "John House", "جون هاوس"),
        Actor("c", "office", "Iraq's Higher Military Committee", "اللجنة العسكرية العليا"),
        Actor("t", "office", "The Cabinet", "مجلس الوزراء"),
    ):
        assert name_in_sentence(proper, "en") == proper.name_en


async def test_nothing_from_an_institution_says_the_in_english_and_not_in_arabic(raqib_chat):
    reply = await _ask(raqib_chat, "what did the White House say about bananas?")
    assert "nothing from the White House on that" in reply, reply
    assert "“what did the White House say?”" in reply
    arabic = await _ask(raqib_chat, "ماذا قال البيت الأبيض عن الموز؟", "ar")
    assert "ما قاله البيت الأبيض في هذا الشأن" in arabic, arabic


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("John Kirby", "John Kirby's"),
        ("the Resistance Factions", "the Resistance Factions'"),
        ("Harakat al-Nujaba (al-Nujaba movement)", "Harakat al-Nujaba's (al-Nujaba movement)"),
        ("US Department of Defense (Pentagon)", "US Department of Defense's (Pentagon)"),
    ],
)
def test_an_english_possessive_follows_the_name_it_ends(name: str, written: str) -> None:
    assert possessive(name) == written
