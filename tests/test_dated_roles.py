"""Roles change hands: an actor's role phrases carry the dates it held them (`roles_from`,
`roles_until` in a pack, m016 in storage), and a question naming a role is about the one who
held it on the days asked about — "the Iraqi prime minister" asked in 2026 is al-Sudani, asked
about 2021 al-Kadhimi. With no dates, or no holder then, every holder stays (as before).
A published text still names a person by role only when it names him too (test_name_precision).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from storage import Record
from story.models import Actor
from story.names import ActorIndex
from story.pack import PackError, read_pack
from story.pack_writer import pack_to_toml
from story.respond import respond

BAGHDAD = ZoneInfo("Asia/Baghdad")
OLD = Actor(
    "old-pm",
    "person",
    "Old Premier",
    "",
    roles=("Prime Minister",),
    roles_from="2010-01-01",
    roles_until="2020-05-07",
)
NEW = Actor(
    "new-pm", "person", "New Premier", "", roles=("Prime Minister",), roles_from="2020-05-07"
)
UNDATED = Actor("envoy", "person", "Some Envoy", "", roles=("the envoy",))


def _role_owners(index: ActorIndex, text: str, first: date, last: date) -> set[str]:
    found = index.find_in_question(text, during=(first, last))
    return {m.actor_id for m in found if m.how == "role"}


def test_a_role_names_whoever_held_it_on_the_days_asked_about() -> None:
    index = ActorIndex([OLD, NEW, UNDATED])
    day = date(2024, 3, 1)
    assert _role_owners(index, "what did the Prime Minister say?", day, day) == {"new-pm"}
    assert _role_owners(index, "the Prime Minister", date(2015, 1, 1), date(2015, 12, 31)) == {
        "old-pm"
    }
    # A window across the handover: both held it then.
    assert _role_owners(index, "the Prime Minister", date(2020, 1, 1), date(2020, 12, 31)) == {
        "old-pm",
        "new-pm",
    }
    # Before anyone's term, and an undated role: the record does not say who, so all stay.
    assert _role_owners(index, "the Prime Minister", date(1990, 1, 1), date(1990, 1, 1)) == {
        "old-pm",
        "new-pm",
    }
    assert _role_owners(index, "the envoy", day, day) == {"envoy"}


def test_the_term_ends_the_day_the_successor_begins() -> None:
    handover = date(2020, 5, 7)
    assert not OLD.holds_roles_during(handover, handover)
    assert NEW.holds_roles_during(handover, handover)
    assert UNDATED.holds_roles_during(date(1900, 1, 1), date(2200, 1, 1))


@pytest.mark.parametrize(
    ("question", "now", "speaker"),
    [
        (
            "what did the Iraqi prime minister say?",
            datetime(2026, 6, 1, 12),
            "mohammed-shia-al-sudani",
        ),
        ("ماذا قال رئيس الوزراء العراقي؟", datetime(2026, 6, 1, 12), "mohammed-shia-al-sudani"),
        (
            "what did the Iraqi prime minister say in 2021?",
            datetime(2026, 6, 1, 12),
            "mustafa-al-kadhimi",
        ),
        (
            "what did the Iraqi prime minister say?",
            datetime(2021, 12, 30, 12),
            "mustafa-al-kadhimi",
        ),
    ],
)
def test_the_bundled_packs_answer_for_the_office_holder_of_the_time(
    record: Record, question: str, now: datetime, speaker: str
) -> None:
    reply = respond(question, record, now.replace(tzinfo=BAGHDAD))
    assert reply.answer.question.actor_ids == [speaker]
    assert reply.answer.statements and reply.answer.statements[0].actor_id == speaker


PACK = """[story]
id = "terms"
title_en = "Terms"
title_ar = "ولايات"

[[actors]]
id = "old-pm"
kind = "person"
name_en = "Old Premier"
name_ar = "رئيس قديم"
roles = ["Prime Minister"]
roles_from = 2010-01-01
roles_until = {until}
"""


def test_a_pack_carries_the_dates_through_storage_and_export(tmp_path: Path) -> None:
    path = tmp_path / "terms.toml"
    path.write_text(PACK.format(until="2020-05-07"), encoding="utf-8")
    pack = read_pack(path)
    assert (pack.actors[0].roles_from, pack.actors[0].roles_until) == ("2010-01-01", "2020-05-07")
    record = Record.open(tmp_path / "r.db", embedder=None)
    record.load(pack)
    stored = record.actors()["old-pm"]
    assert (stored.roles_from, stored.roles_until) == ("2010-01-01", "2020-05-07")
    written = pack_to_toml(pack)
    assert "roles_from = 2010-01-01" in written and "roles_until = 2020-05-07" in written


def test_a_term_that_ends_before_it_begins_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "terms.toml"
    path.write_text(PACK.format(until="2009-01-01"), encoding="utf-8")
    with pytest.raises(PackError, match="roles_until"):
        read_pack(path)
    assert main(["load", str(path), "--db", str(tmp_path / "r.db")]) == 1
    assert "roles_until" in capsys.readouterr().err


def test_a_readouts_title_alone_names_the_holder_of_its_day_only(record: Record) -> None:
    from story.extract import extract_statements

    text = (
        "The President spoke with Prime Minister al-Sudani of Iraq today. The President "
        "reaffirmed the strong partnership between the two countries."
    )
    actors = list(record.actors().values())
    in_term = extract_statements(text, published=date(2023, 5, 1), actors=actors)
    after = extract_statements(text, published=date(2025, 6, 1), actors=actors)
    assert [s.speaker_id for s in in_term] == ["joe-biden"]
    assert after and all(s.speaker_id != "joe-biden" for s in after)  # no guess past his term
