"""`/start <payload>` deep links (issue 11 rough edges), through the real Application: a
story's id or story_<n> opens that story, any other payload is asked as a question, and a
bare /start still greets."""

from __future__ import annotations


async def test_a_deep_link_to_a_story_opens_it(raqib_chat):
    chat = raqib_chat
    [by_id] = await chat.send("/start iraq-us-withdrawal-2021", language_code="en")
    [by_number] = await chat.send("/start story_2", language_code="en")
    assert by_id.startswith("The 31 December 2021 deadline for US combat forces")
    assert "left" in by_id.splitlines()[1]  # its deadline, counted down
    assert by_number.startswith("The coalition's transition in Iraq")


async def test_a_deep_link_with_a_question_answers_it(raqib_chat):
    chat = raqib_chat
    [linked] = await chat.send("/start what_did_Kirby_say", language_code="en")
    [asked] = await chat.send("what did Kirby say?", language_code="en")
    assert "Kirby" in linked and linked == asked


async def test_bare_start_still_greets(raqib_chat):
    [greeting] = await raqib_chat.send("/start", language_code="en")
    [again] = await raqib_chat.send("/start story_99", language_code="en")  # no such story
    assert greeting.startswith("👋") and again == greeting
