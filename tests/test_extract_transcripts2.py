"""Transcripts and English news, second round: "he"/"she" inside a turn is a third person,
not the one speaking; a run of a turn never spans another person's reported words; a turn's
deflections give nothing; "And that …" goes on with the last that-clause; "it says a lot" and
"the work that was done" are not statements; a sentence before a colon is no speaker. Short
texts written for these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.models import Actor

DAY = date(2024, 6, 3)
BROOKS = Actor(
    "maria-brooks",
    "person",
    "Maria Brooks",
    "ماريا بروكس",
    role_en="President of Freedonia",
    aliases=("Brooks",),
)
HALE = Actor("tom-hale", "person", "Tom Hale", "توم هيل", aliases=("Hale",))

TRANSCRIPT = (
    "Briefing on the Harbour Talks\n\n"
    "Q    Does President Brooks think the talks can still work?\n\n"
    "MR. HALE:  Thanks for the question.  On her call with the Chancellor last night, she "
    "welcomed the progress made by both delegations on the harbour accord.\n\n"
    "We will keep our mediators in the capital for as long as the two sides want them there. "
    "And we expect a second round of the harbour talks to open within the next two weeks.\n\n"
    "I'm not going to get into the details of what either delegation put on the table today.\n"
)


def said(text: str) -> list[tuple[str, str, str]]:
    found = extract_statements(text, published=DAY, actors=[BROOKS, HALE])
    return [(s.speaker_name_en or s.speaker_name_ar, s.kind, s.quote) for s in found]


def test_she_in_a_turn_is_the_president_of_the_question_not_the_speaker() -> None:
    got = said(TRANSCRIPT)
    assert ("Maria Brooks", "reported",
            "the progress made by both delegations on the harbour accord") in got


def test_a_turn_run_never_spans_another_persons_words_and_deflections_give_nothing() -> None:
    got = said(TRANSCRIPT)
    hale = [q for name, _, q in got if name == "Tom Hale"]
    assert hale and all("welcomed" not in q and "Thanks" not in q for q in hale)
    assert all("get into the details" not in q for q in hale)
    assert any(q.startswith("We will keep our mediators") for q in hale)


def test_and_that_goes_on_with_the_last_that_clause_in_english() -> None:
    text = (
        "Tom Hale said that the harbour would reopen on Friday. And that the customs "
        "teams would share the inspections from the first day."
    )
    got = said(text)
    assert [(n, q) for n, _, q in got] == [
        ("Tom Hale", "the harbour would reopen on Friday"),
        ("Tom Hale", "the customs teams would share the inspections from the first day"),
    ]


def test_and_that_goes_on_with_the_last_that_clause_in_arabic() -> None:
    text = (
        "وأكد توم هيل أن الميناء سيفتح يوم الجمعة. وأن فرق الجمارك ستتقاسم التفتيش "
        "منذ اليوم الأول."
    )
    got = said(text)
    assert [q for _, _, q in got] == [
        "الميناء سيفتح يوم الجمعة",
        "فرق الجمارك ستتقاسم التفتيش منذ اليوم الأول",
    ]


def test_it_says_a_lot_about_is_no_statement() -> None:
    text = (
        "Tom Hale said that the harbour deal was a success for the whole town. It also says "
        "a lot about how far both sides have come."
    )
    assert [q for _, _, q in said(text)] == ["the harbour deal was a success for the whole town"]


def test_a_that_far_from_its_verb_or_after_what_is_no_complementizer() -> None:
    text = (
        "Tom Hale praised, as anyone at the port would have expected him to, the crews of the "
        "ships and the long work that was done. He urged the crews to think about what that "
        "success means for the town."
    )
    quotes = [q for _, _, q in said(text)]
    assert any(q.startswith("the crews of the ships and the long work") for q in quotes)
    assert any(q.startswith("the crews to think about what that success") for q in quotes)


def test_a_sentence_before_a_colon_is_no_speaker() -> None:
    text = "Let me be very clear about this: the harbour will reopen on Friday for all ships."
    assert said(text) == []
