"""The story packs in data/stories/ (bundled) and data/stories/staged/ (loaded on demand) agree.

Every pack validates and loads into one record with the others; every statement added since
the seed article names a source with the page URL its words are published at, and marks the
text that is Raqib's translation; an actor, stance, source or deadline id used in two packs
means the same entry in both (ids are global in the record, so a second pack must never
redefine one), and no name or alias belongs to two actors across packs.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

from storage.record import Record
from story.models import Actor, Pack
from story.normalize import normalize
from story.pack import BUNDLED_PACKS, read_pack

PACK_PATHS = sorted(BUNDLED_PACKS.glob("*.toml")) + sorted(
    (BUNDLED_PACKS / "staged").glob("*.toml")
)
SEED_PACK = "iraq-us-withdrawal-2021"
TRANSITION_PACK = "us-iraq-coalition-transition-2024-2026"
SEED_PUBLISHED = date(2021, 11, 24)


@pytest.fixture(scope="module")
def packs() -> list[Pack]:
    return [read_pack(path) for path in PACK_PATHS]


def _by_story(packs: list[Pack], story_id: str) -> list[Pack]:
    return [p for p in packs if p.story.id == story_id]


def _sourced_statements(pack: Pack):
    """Statements that must carry a page URL: all but the seed article's own (up to its date)."""
    return [s for s in pack.statements if s.story_id != SEED_PACK or s.date > SEED_PUBLISHED]


def test_both_stories_have_packs_that_validate(packs: list[Pack]) -> None:
    stories = {p.story.id for p in packs}
    assert {SEED_PACK, TRANSITION_PACK} <= stories
    for pack in packs:
        assert pack.statements and pack.actors and pack.sources, pack.path
    for story in (SEED_PACK, TRANSITION_PACK):
        assert any(p.deadlines for p in _by_story(packs, story)), story


def test_the_transition_pack_sets_the_announced_deadlines(packs: list[Pack]) -> None:
    (pack,) = _by_story(packs, TRANSITION_PACK)
    due = {d.id: d.due.astimezone(UTC) for d in pack.deadlines}
    # End of September, Baghdad time (UTC+3): 21:00 UTC on 30 September.
    assert due["coalition-iraq-mission-end"] == datetime(2025, 9, 30, 21, 0, tzinfo=UTC)
    assert due["coalition-syria-mission-from-iraq-end"] == datetime(2026, 9, 30, 21, 0, tzinfo=UTC)
    assert [d.id for d in pack.deadlines if d.main] == ["coalition-iraq-mission-end"]
    statuses = {d.id: d.status for d in pack.deadlines}
    assert statuses["coalition-syria-mission-from-iraq-end"] == "pending"


def test_every_statement_since_the_seed_has_a_source_page_url(packs: list[Pack]) -> None:
    missing = []
    for pack in packs:
        sources = {s.id: s for s in pack.sources}
        for st in _sourced_statements(pack):
            source = sources.get(st.source_id or "")
            url = urlparse(source.url) if source else None
            if (
                not url
                or url.scheme not in ("http", "https")
                or not url.netloc
                or url.path in ("", "/")
            ):
                missing.append(f"{pack.path}: {st.id} ({st.source_id})")
    assert not missing, "statements without a page URL:\n" + "\n".join(missing)


def test_the_outcome_and_transition_statements_are_there(packs: list[Pack]) -> None:
    outcome = [s for p in _by_story(packs, SEED_PACK) for s in p.statements if s.date.month == 12]
    speakers = {s.actor_id for s in outcome}
    assert {"qassim-al-araji", "mustafa-al-kadhimi", "john-kirby", "nasr-al-shammari"} <= speakers
    assert len(outcome) >= 5
    (transition,) = _by_story(packs, TRANSITION_PACK)
    assert 10 <= len(transition.statements) <= 20
    assert {"mohammed-shia-al-sudani", "us-iraq-governments", "abu-ali-al-askari"} <= {
        s.actor_id for s in transition.statements
    }


def test_a_text_in_one_language_only_is_marked_as_translation(packs: list[Pack]) -> None:
    unmarked = []
    for pack in packs:
        for st in _sourced_statements(pack):
            both_official = "official" in st.context_en
            if not both_official and "Translation" not in st.context_en:
                unmarked.append(f"{pack.path}: {st.id}")
            if not both_official and "ترجمة" not in st.context_ar:
                unmarked.append(f"{pack.path}: {st.id} (Arabic context)")
    assert not unmarked, "not marked as translation:\n" + "\n".join(unmarked)


@pytest.mark.parametrize("kind", ["actors", "stances", "sources", "deadlines"])
def test_an_id_in_two_packs_is_the_same_entry(packs: list[Pack], kind: str) -> None:
    seen: dict[str, tuple[str, dict]] = {}
    differing = []
    for pack in packs:
        for entry in getattr(pack, kind):
            row = asdict(entry)
            if kind == "stances":
                row["story"] = pack.story.id  # a stance belongs to its story: ids must not repeat
            if kind == "deadlines":
                row.pop("story_id")
                row["story"] = pack.story.id
            if entry.id in seen and seen[entry.id][1] != row:
                differing.append(f"{kind} {entry.id!r}: {seen[entry.id][0]} and {pack.path}")
            seen.setdefault(entry.id, (pack.path, row))
    assert not differing, "\n".join(differing)


def test_shared_people_and_bodies_use_the_same_ids(packs: list[Pack]) -> None:
    (seed,) = [p for p in packs if Path(p.path).name == f"{SEED_PACK}.toml"]
    (transition,) = _by_story(packs, TRANSITION_PACK)
    seed_ids, transition_ids = {a.id for a in seed.actors}, {a.id for a in transition.actors}
    shared = {"us-dod", "lloyd-austin", "iraqi-government", "iraqi-joc", "kataib-hezbollah"}
    assert shared <= seed_ids & transition_ids


def test_no_name_or_alias_belongs_to_two_actors_across_packs(packs: list[Pack]) -> None:
    """A name is one actor's; a role phrase may pass from one to another (an office changes
    hands) only with dates that say when each held it, and those terms do not overlap."""
    owner: dict[str, Actor] = {}
    clashes = set()
    for pack in packs:
        for actor in pack.actors:
            phrases = [(p, "name") for p in (actor.name_en, actor.name_ar, *actor.aliases)]
            phrases += [(p, "role") for p in actor.roles]
            for phrase, how in {(normalize(p).strip(), how) for p, how in phrases}:
                first = owner.setdefault(phrase, actor)
                if first.id == actor.id or (how == "role" and _terms_apart(first, actor)):
                    continue
                clashes.add(f"{phrase!r}: {first.id} and {actor.id}")
    assert not clashes, "shared names:\n" + "\n".join(sorted(clashes))


def _terms_apart(one: Actor, other: Actor) -> bool:
    """Both hold their roles for dated terms, one ending before the other begins."""
    return bool(
        (one.roles_until and other.roles_from and one.roles_until <= other.roles_from)
        or (other.roles_until and one.roles_from and other.roles_until <= one.roles_from)
    )


def test_all_packs_load_into_one_record_and_again_change_nothing(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "all.db", seed=False)
    for path in PACK_PATHS:
        assert record.load_file(path).changed
    for path in PACK_PATHS:
        assert not record.load(read_pack(path)).changed, path
    stories = {s.id for s in record.stories()}
    assert {SEED_PACK, TRANSITION_PACK} <= stories
    deadlines = {d.id: d.story_id for d in record.deadlines()}
    assert deadlines["coalition-iraq-mission-end"] == TRANSITION_PACK
    assert deadlines["us-combat-withdrawal"] == SEED_PACK
    statements = sum(len(read_pack(p).statements) for p in PACK_PATHS)
    assert record.statement_count() == statements
