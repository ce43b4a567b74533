"""Transcript turns: a speaker's turn is that speaker's words, in up to four runs of
substantive sentences; reporters' questions and the moderator give nothing; the label resolves
to the person the text introduces. Short texts written for these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.extract.turns import read_turns, runs, substantive
from story.models import Actor

DAY = date(2024, 5, 2)
KIRBY = Actor("john-kirby", "person", "John Kirby", "جون كيربي", aliases=("Kirby",))

TRANSCRIPT = """Press Call on the Port Deal

MODERATOR: Good afternoon and welcome. I'll turn it over to Ruth Okafor, the Deputy
Secretary of Trade, for some opening remarks.

DEPUTY SECRETARY OKAFOR: Thank you. Good afternoon.

The agreement we signed today opens the northern port to grain shipments for the first
time in a decade. Inspections will be shared by both customs services from next month.

Q Will the inspections include fuel tankers?

DEPUTY SECRETARY OKAFOR: They will, and the first joint team is already on site at the
port. We expect the first cargo to clear before the end of the week.

MR. KIRBY: And just to add, the President welcomed the deal this morning and we remain
in close touch with both governments on the next steps.
"""


def test_turns_are_read_and_questions_and_moderator_give_nothing() -> None:
    turns = read_turns(TRANSCRIPT)
    assert [t.label for t in turns] == [
        "MODERATOR",
        "DEPUTY SECRETARY OKAFOR",
        "",
        "DEPUTY SECRETARY OKAFOR",
        "MR. KIRBY",
    ]
    found = extract_statements(TRANSCRIPT, published=DAY, actors=[KIRBY])
    speakers = {s.speaker_name_en for s in found}
    assert speakers == {"Ruth Okafor", "John Kirby"}
    assert all("fuel tankers" not in s.quote for s in found)
    assert all("welcome" not in s.quote.lower() or s.speaker_id for s in found)


def test_turn_label_resolves_to_the_person_the_text_introduces() -> None:
    found = extract_statements(TRANSCRIPT, published=DAY, actors=[KIRBY])
    okafor = [s for s in found if s.speaker_name_en == "Ruth Okafor"]
    assert okafor and all(s.kind == "direct" for s in okafor)
    assert okafor[0].quote.startswith("The agreement we signed today opens the northern port")
    assert all(not s.quote.startswith("Thank you") for s in okafor)
    kirby = [s for s in found if s.speaker_id == "john-kirby"]
    assert kirby and "close touch with both governments" in kirby[0].quote


def test_an_unknown_label_keeps_the_surname_and_the_title_as_role() -> None:
    text = (
        "ADMIRAL VOSS: The convoy reached the harbour without any incident tonight.\n\nQ Thanks.\n"
    )
    found = extract_statements(text, published=DAY, actors=[])
    assert [(s.speaker_name_en, s.speaker_role) for s in found] == [("Voss", "Admiral")]


def test_a_turn_makes_at_most_four_runs_of_sentences() -> None:
    units = [(n * 10, n * 10 + 9, 8) for n in range(9)]
    got = runs(units)
    assert len(got) == 4 and got[0][0] == 0 and got[-1][1] == 89
    assert all(a < b for a, b in got) and all(got[n][1] < got[n + 1][0] for n in range(3))
    assert runs(units[:2]) == [(0, 9), (10, 19)]


def test_questions_pleasantries_and_hand_overs_are_not_substantive() -> None:
    assert not substantive("Thank you, sir. Good evening.")
    assert not substantive("Will the inspections include fuel tankers at the port?")
    assert not substantive("And with that, I'll turn it over to the General.")
    assert substantive("The agreement opens the northern port to grain shipments.")


def test_a_text_with_one_colon_label_is_not_a_transcript() -> None:
    assert read_turns("WASHINGTON: The talks resumed on Monday after a pause of a week.") == []
