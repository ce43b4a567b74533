"""English news, second round: "the group said" after the group is named; "According to X"
where X is a person not yet known; "said it staged an attack that …" (the "that" is relative);
a group described first and named later ("the militia, known as X"). Short texts written for
these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.models import Actor

DAY = date(2024, 8, 9)
LEAGUE = Actor("harbour-league", "group", "Harbour League", "رابطة الميناء")


def said(text: str) -> list[tuple[str, str, str]]:
    found = extract_statements(text, published=DAY, actors=[LEAGUE])
    return [(s.speaker_name_en or s.speaker_name_ar, s.speaker_role, s.quote) for s in found]


def test_the_group_said_after_the_group_is_named() -> None:
    text = (
        "The Harbour League marched through the old town on Sunday. The group said "
        '"the port belongs to the people who work in it."'
    )
    got = said(text)
    assert [(n, q) for n, _, q in got] == [
        ("Harbour League", "the port belongs to the people who work in it.")
    ]


def test_according_to_a_person_not_yet_known() -> None:
    text = (
        "According to the league's treasurer, Omar Haddad, the strike fund will last until "
        "the end of the year. He said the dockers would not return before a new contract."
    )
    got = said(text)
    assert [(n, q) for n, _, q in got] == [
        ("Omar Haddad", "the strike fund will last until the end of the year"),
        ("Omar Haddad", "the dockers would not return before a new contract"),
    ]
    assert got[0][1] == "the league's treasurer"


def test_said_it_with_a_relative_that_is_one_object_clause() -> None:
    text = "The Harbour League said it staged a strike that closed three of the docks."
    assert [q for _, _, q in said(text)] == ["it staged a strike that closed three of the docks"]


def test_a_group_described_first_and_named_later() -> None:
    text = (
        "A powerful Basra militia said on Friday that its members would join the strike. The "
        "leader of the militia, known as Blue Crane Brigade, spoke to the crowd."
    )
    got = said(text)
    assert [(n, q) for n, _, q in got] == [
        ("Blue Crane Brigade", "its members would join the strike")
    ]


def test_an_adverb_between_subject_and_verb() -> None:
    text = "The Harbour League publicly stated it would not accept the new port tariffs."
    assert said(text) == [("Harbour League", "", "it would not accept the new port tariffs")]


def test_a_surname_with_its_particle_in_lower_case_is_a_speaker() -> None:
    text = 'After the vote, al-Hashimi said: "The people have chosen a new road."'
    got = said(text)
    assert [(n, q) for n, _, q in got] == [("al-Hashimi", "The people have chosen a new road.")]


def test_a_described_subject_after_the_clause_it_reports() -> None:
    text = (
        "The Harbour League won most seats on the port council, the port commission said, "
        "ahead of the shipping owners' list."
    )
    got = said(text)
    assert [(n, q) for n, _, q in got] == [
        ("the port commission", "The Harbour League won most seats on the port council")
    ]
