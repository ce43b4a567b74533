"""Answers over a record that monitoring filled: a body's own words give its position, a
statement in the other language is not out-ranked by the language gap alone, and another
form of a topic word still finds a named speaker's statement on it.

The statements are invented for these tests (short texts of our own), added through the
review store into a real SQLite record filled from the bundled pack.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from storage import Record
from storage.review_store import IngestStore
from story.answering import CROSS_LANGUAGE_GAP, SIM_RIVAL, _calibrated, _contested, _groups
from story.models import Statement
from story.normalize import normalize, pattern_free, search_variants
from story.respond import respond

NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
STORY = "iraq-us-withdrawal-2021"
OWN = "ستواصل الحركة دعم العملية السياسية في البرلمان"  # invented: the group's own words
MEDIATOR = "نعرض ان نكون وسيطا بين الجارين لانهاء الخلاف الحدودي"  # invented


def _add(record: Record, actor_id: str, text: str) -> str:
    outcome = IngestStore(record).add_statement(
        story_id=STORY, actor_id=actor_id, text=text, day=date(2021, 12, 1), user_id=1, now=NOW
    )
    assert outcome.ok and outcome.item is not None
    return outcome.item.statement.id


def test_a_body_with_words_of_its_own_is_answered_with_them(record: Record) -> None:
    # Without them, al-Nujaba's position is its spokesman's (test_answers); with them, its own.
    _add(record, "al-nujaba", OWN)
    questions = (
        "ما موقف حركة النجباء؟",
        "ما موقف حركة النجباء من العملية السياسية؟",
        "what is al-Nujaba's position?",
        "what is Nujaba's stance on the political process?",
    )
    for question in questions:
        reply = respond(question, record, NOW)
        assert reply.answer.statements[0].actor_id == "al-nujaba", question
        assert reply.answer.statements[0].text_ar == OWN
        assert reply.answer.stance is None  # its own words carry no recorded stance


def test_a_member_on_the_asked_topic_still_speaks_for_the_body(record: Record) -> None:
    _add(record, "al-nujaba", OWN)
    reply = respond("ما موقف حركة النجباء من طرد الأمريكيين؟", record, NOW)
    assert reply.answer.statements[0].actor_id == "nasr-al-shammari"
    assert reply.answer.stance is not None


def test_another_form_of_a_topic_word_finds_the_named_speakers_statement(record: Record) -> None:
    _add(record, "tahsin-al-khafaji", MEDIATOR)
    reply = respond("ماذا قال الخفاجي عن الوساطة؟", record, NOW)  # وساطة: the word is وسيط
    assert reply.answer.statements and reply.answer.statements[0].text_ar == MEDIATOR
    off = respond("ماذا قال الخفاجي عن كرة القدم؟", record, NOW)
    assert off.answer.statements == [] and off.answer.note == "off_topic"


def _loose(word: str) -> set[str]:
    return {pattern_free(k) for k in search_variants(normalize(word))}


@pytest.mark.parametrize(
    ("a", "b"), [("الوساطة", "كوسيط"), ("الوساطة", "الوسيط"), ("القتال", "قتيل")]
)
def test_pattern_free_keys_meet_across_word_forms(a: str, b: str) -> None:
    assert _loose(a) & _loose(b)


def test_pattern_free_keys_keep_other_consonants_apart() -> None:
    assert not _loose("الوساطة") & _loose("السلطة")


def test_pattern_free_keeps_short_and_latin_words() -> None:
    assert pattern_free("وسط") == "وسط"
    assert pattern_free("syria") == "syria"


def _statement(ident: str, actor: str, *, en: str = "", ar: str = "") -> Statement:
    return Statement(ident, STORY, actor, ar, en, "direct", date(2021, 12, 1))


def test_the_language_gap_is_added_only_to_statements_in_the_other_language() -> None:
    ar_only = _statement("a", "john-kirby", ar="وجودنا في سوريا صغير")
    en_only = _statement("b", "tahsin-al-khafaji", en="Our presence is small")
    sims = _calibrated({"a": 0.5, "b": 0.5}, [ar_only, en_only], "en")
    assert sims == {"a": pytest.approx(0.5 + CROSS_LANGUAGE_GAP["en"]), "b": 0.5}
    assert _calibrated({"a": 0.5, "b": 0.5}, [ar_only, en_only], "ar")["b"] > 0.5


def test_a_rival_is_judged_after_the_language_gap(record: Record) -> None:
    # An English question; the best statement is Arabic-only, a rival of another speaker is
    # English and a little less close in meaning than the gap: raw, it would contest the
    # answer; calibrated, it does not. A rival as close after calibration still does.
    top = _statement("a", "john-kirby", ar="سنعيد فتح القنصلية في اربيل")
    rival = _statement("b", "tahsin-al-khafaji", en="the consulate reopening is planned")
    groups = _groups(["consulate", "erbil", "reopen", "spring"], record)
    raw = {"a": 0.58, "b": 0.58 - SIM_RIVAL + 0.01}
    assert _contested(top, [top, rival], groups, {}, raw)
    assert not _contested(top, [top, rival], groups, {}, _calibrated(raw, [top, rival], "en"))
    close = {"a": 0.58, "b": 0.58 + CROSS_LANGUAGE_GAP["en"]}
    assert _contested(top, [top, rival], groups, {}, _calibrated(close, [top, rival], "en"))
