"""Readouts and joint statements: the object of a readout verb is the statement; "The two
leaders", "They" and "A and B" are both people; a title alone is the person the text gave it;
hard-wrapped lines are read as one paragraph. Short texts written for these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.extract.layout import unwrap
from story.models import Actor

DAY = date(2024, 3, 5)
BIDEN = Actor(
    "joe-biden",
    "person",
    "Joe Biden",
    "جو بايدن",
    aliases=("Biden",),
    role_en="President of the United States",
)


def said(text: str) -> list[tuple[str, str]]:
    found = extract_statements(text, published=DAY, actors=[BIDEN])
    return [(s.speaker_name_en or s.speaker_name_ar, s.quote) for s in found]


def test_readout_verb_object_is_the_statement_and_two_leaders_are_both() -> None:
    text = (
        "President Biden met Foreign Minister Karim Haddad of Jordan today. The two leaders "
        "reaffirmed their shared support for a ceasefire in the region. President Biden "
        "underscored the need for more aid convoys."
    )
    got = said(text)
    assert (
        "Joe Biden and Karim Haddad",
        "their shared support for a ceasefire in the region",
    ) in got
    assert ("Joe Biden", "the need for more aid convoys") in got


def test_they_and_a_and_b_and_title_alone_resolve_to_people() -> None:
    text = (
        "Secretary of State Anna Berg spoke with Minister Omar Saleh. They discussed new "
        "rules for grain shipments. Ms. Berg and Mr. Saleh further committed to monthly talks. "
        "The Secretary also highlighted the role of the port authority."
    )
    got = said(text)
    assert ("Anna Berg and Omar Saleh", "new rules for grain shipments") in got
    assert got[1][0] == "Anna Berg and Omar Saleh"
    assert ("Anna Berg", "the role of the port authority") in got


def test_pronoun_with_no_speaker_yet_is_the_last_sentences_subject() -> None:
    text = (
        "Envoy Lena Fischer called Minister Ali Kadri on Monday. She expressed concern about the "
        "delays."
    )
    assert said(text) == [("Lena Fischer", "concern about the delays")]


def test_welcoming_a_person_is_a_greeting_not_a_statement() -> None:
    assert said("President Biden welcomed Prime Minister Sami Nour to the White House.") == []


def test_wrapped_lines_are_one_paragraph_and_offsets_stay() -> None:
    lines = [
        "Statement on the Call",
        "",
        "The Minister of Transport, Hana Yusuf, spoke today with her counterpart and",
        "underscored the urgency of repairing the northern railway before the",
        "winter, noting that freight costs had doubled in the last two years.",
        "Officials from both ministries will meet again next month in the capital",
        "to review the timetable and the funding of the repairs in detail.",
        "",
        "Press office",
        "Ministry of Transport",
        "",
        "A second paragraph of the statement follows here, also wrapped at the",
        "same width as the first one was wrapped, to make the layout obvious.",
    ]
    text = "\n".join(lines)
    flat = unwrap(text)
    assert len(flat) == len(text)
    assert "counterpart and underscored" in flat and "Press office\nMinistry" in flat
    got = said(text)
    assert got[0][0] == "Hana Yusuf"
    assert got[0][1].startswith("the urgency of repairing the northern railway before the winter")


def test_arabic_dual_subject_is_both_people() -> None:
    text = (
        "استقبل الرئيس جو بايدن وزير الخارجية كريم حداد. وأكد الجانبان أن الحوار هو الطريق الوحيد "
        "للحل."
    )
    found = extract_statements(text, published=DAY, actors=[BIDEN])
    assert found and found[0].quote == "الحوار هو الطريق الوحيد للحل"
