"""The bundled seed pack: it loads, holds every gold statement of the seed article, and its
deadline, names and dates are right."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from story.models import Actor, Pack
from story.normalize import normalize, words
from story.pack import BUNDLED_PACKS, read_pack

PACK_PATH = BUNDLED_PACKS / "iraq-us-withdrawal-2021.toml"
# The seed article's gold list (a copy of the evaluation's, so the suite needs nothing beside it).
GOLD_PATH = Path(__file__).resolve().parent / "fixtures" / "seed" / "gold-statements.toml"
MIN_COVERAGE = 0.8


@pytest.fixture(scope="module")
def pack() -> Pack:
    return read_pack(PACK_PATH)


def _gold() -> list[dict]:
    assert GOLD_PATH.exists(), f"gold statements not found at {GOLD_PATH}"
    return tomllib.loads(GOLD_PATH.read_text(encoding="utf-8"))["s"]


def _names(actor: Actor) -> list[str]:
    return [normalize(n) for n in (actor.name_en, actor.name_ar, *actor.aliases)]


def _coverage(gold_quote: str, text: str) -> float:
    wanted = set(words(gold_quote))
    return len(wanted & set(words(text))) / len(wanted) if wanted else 1.0


def test_bundled_pack_loads_without_error(pack: Pack) -> None:
    assert pack.story.id == "iraq-us-withdrawal-2021"
    assert pack.actors and pack.statements and pack.sources and pack.stances


def test_every_gold_statement_is_held_by_its_speaker(pack: Pack) -> None:
    actors = {a.id: a for a in pack.actors}
    missing = []
    for gold in _gold():
        speakers = [normalize(s) for s in gold["speaker"]]
        held = any(
            any(sp in name for sp in speakers for name in _names(actors[st.actor_id]))
            and _coverage(gold["quote"], st.text_ar) >= MIN_COVERAGE
            for st in pack.statements
        )
        if not held:
            missing.append(f"{gold['speaker'][0]}: {gold['quote']}")
    assert not missing, "gold statements not in the pack:\n" + "\n".join(missing)


def test_main_deadline_is_end_of_31_december_2021_in_baghdad(pack: Pack) -> None:
    main = [d for d in pack.deadlines if d.main]
    assert len(main) == 1
    deadline = main[0]
    assert deadline.timezone == "Asia/Baghdad"
    assert deadline.due == datetime(2021, 12, 31, 21, 0, tzinfo=UTC)


def test_no_alias_or_role_belongs_to_two_actors(pack: Pack) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for actor in pack.actors:
        phrases = {
            normalize(p).strip()
            for p in (actor.name_en, actor.name_ar, *actor.aliases, *actor.roles)
        }
        for phrase in phrases:
            if phrase in owner and owner[phrase] != actor.id:
                clashes.append(f"{phrase!r}: {owner[phrase]} and {actor.id}")
            owner.setdefault(phrase, actor.id)
    assert not clashes, "shared names:\n" + "\n".join(clashes)


def test_every_date_lies_in_2021(pack: Pack) -> None:
    assert pack.story.published is not None and pack.story.published.year == 2021
    outside = [st.id for st in pack.statements if st.date.year != 2021]
    assert not outside, f"statements dated outside 2021: {outside}"
    # The deadline's instant is in 2021 too: 24:00 local on 31 December is 21:00 UTC.
    assert all(d.due.astimezone(UTC).year == 2021 for d in pack.deadlines)
