"""Speed work on the answer path must not change what is found (issue 10).

These pin down behaviour that the faster code paths re-implement: which actor a typo
resolves to when several names are equally close, whatever their length.
"""

from __future__ import annotations

from story.models import Actor
from story.names import ActorIndex


def _actor(ident: str, name: str) -> Actor:
    return Actor(id=ident, kind="person", name_en=name, name_ar="", aliases=())


def _typo_owner(names: list[str], word: str) -> set[str]:
    index = ActorIndex([_actor(f"a{i}", n) for i, n in enumerate(names)])
    found = index.find_in_question(f"what did they hear from {word}")
    return {m.actor_id for m in found if m.how == "fuzzy"}


def test_equally_close_typo_names_of_other_lengths_go_to_the_first_in_the_index() -> None:
    # "sadrab" is one edit from each: an insertion, a deletion, a substitution.
    for names in (["Sadrabt", "Sadra", "Sadrak"], ["Sadrak", "Sadra", "Sadrabt"]):
        assert _typo_owner(names, "sadrab") == {"a0"}
    assert _typo_owner(["Sadra", "Sadrak", "Sadrabt"], "sadrab") == {"a0"}


def test_a_closer_typo_name_beats_an_earlier_farther_one() -> None:
    # Two edits from the first (eight letters allow two), one from the second.
    assert _typo_owner(["Mahdawixyz", "Mahdawiz"], "mahdawix") == {"a1"}
    assert _typo_owner(["Mahdawiz", "Mahdawixyz"], "mahdawix") == {"a0"}


def test_a_typo_too_far_from_every_name_finds_no_one() -> None:
    assert _typo_owner(["Sadrak", "Hakimi"], "qazwsx") == set()
