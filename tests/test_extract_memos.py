"""The answers the extractor keeps for speed (issue 8 item 6) give what computing them again
would: an actor index forgets what it kept when an actor is added, a statement built without
its frozen __init__ is a whole, equal, hashable statement, and a word kept as "no cue" or
"no name" in one text is still read in the next."""

from __future__ import annotations

import dataclasses
from datetime import date

from story.extract import ExtractedStatement, extract_statements
from story.extract.pipeline import _moved
from story.models import Actor
from story.names import ActorIndex

DAY = date(2025, 3, 4)


def _ids(index: ActorIndex, text: str) -> list[str]:
    return [m.actor_id for m in index.find_in(text, fuzzy=False)]


def test_a_word_kept_as_naming_no_one_names_the_actor_added_after() -> None:
    index = ActorIndex([Actor("a1", "person", "Omar Haddad", "عمر حداد")])
    text = "Yesterday Zubaidi spoke, and Zubaidi left."
    assert _ids(index, text) == []  # "zubaidi" kept as a word that begins no name
    index.add(Actor("a2", "person", "Laith Zubaidi", "ليث الزبيدي", aliases=("Zubaidi",)))
    assert _ids(index, text) == ["a2", "a2"]


def test_a_spelling_kept_as_no_skeleton_match_finds_the_actor_added_after() -> None:
    # "Nasrallah Grand" begins the consonants of a name the index holds ("Nasrallah Grand
    # Alliance"), so its look-up by consonants is made and kept: none. An actor spelt
    # "Nasrallah" in Arabic comes after.
    index = ActorIndex([Actor("g1", "group", "Nasrallah Grand Alliance", "تحالف")])
    text = "Nasrallah Grand said it, and Nasrallah Grand left."
    assert _ids(index, text) == []
    index.add(Actor("a2", "person", "", "نصرالله"))
    assert _ids(index, text) == ["a2", "a2"]


def test_statements_are_whole_equal_and_hashable() -> None:
    actors = [Actor("a1", "person", "Omar Haddad", "عمر حداد")]
    found = extract_statements(
        'Omar Haddad said "the talks will go on next week" at the meeting.',
        published=DAY,
        actors=actors,
    )
    assert found
    for s in found:
        fields = {f.name: getattr(s, f.name) for f in dataclasses.fields(ExtractedStatement)}
        rebuilt = ExtractedStatement(**fields)
        assert s == rebuilt and hash(s) == hash(rebuilt)
        assert dataclasses.asdict(s) == fields
        moved = _moved(s, 10)
        assert (moved.start, moved.end) == (s.start + 10, s.end + 10)
        assert dataclasses.replace(moved, start=s.start, end=s.end) == s


def test_a_word_kept_as_a_cue_plan_is_read_by_what_follows_it_each_time() -> None:
    """بين is a speech verb only before a complementizer: the plan kept for the word leaves
    that test to each text (and the same word in a later text is read again)."""
    actors = [Actor("a1", "person", "Omar Haddad", "عمر حداد")]
    said = "وبين عمر حداد أن الحوار مستمر بين الطرفين."
    between = "الحوار مستمر بين الطرفين منذ أشهر، وبين الوفدين لقاء."
    for _ in range(2):
        found = extract_statements(said, published=DAY, actors=actors)
        assert [(s.speaker_id, s.quote) for s in found] == [("a1", "الحوار مستمر بين الطرفين")]
        assert extract_statements(between, published=DAY, actors=actors) == []
