"""Time-correct replays: at a clock's "now" the record shows nothing dated later — no
statement said later, no deadline move or outcome decided later (story/answering.AsOf)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage import Record
from story.answering import as_of, countdowns_for
from story.respond import respond

BAGHDAD = ZoneInfo("Asia/Baghdad")
EARLY = datetime(2021, 11, 19, 12, 0, tzinfo=BAGHDAD)
LATE = datetime(2021, 12, 20, 12, 0, tzinfo=BAGHDAD)

# Own test words (not a published quote): the story and actors are the test's own.
PACK = """
[story]
id = "replay"
title_en = "Replay story"
title_ar = "قصة الإعادة"

[[stances]]
id = "holds"
en = "Holds the date"
ar = "يتمسك بالموعد"

[[stances]]
id = "gives_up"
en = "Gives up the date"
ar = "يتخلى عن الموعد"

[[actors]]
id = "replay-speaker"
kind = "person"
name_en = "Zorba Quentaro"
name_ar = "زوربا كوينتارو"

[[deadlines]]
id = "replay-deadline"
main = true
due = 2021-12-31T00:00:00
title_en = "Replay deadline"
title_ar = "موعد الإعادة"

[deadlines.outcome]
status = "missed"
decided = 2021-12-10
note_en = "Not done in time."
statement = "replay-2"

[[deadlines.history]]
previous = 2021-12-01T00:00:00
decided = 2021-11-25

[[statements]]
id = "replay-1"
actor = "replay-speaker"
kind = "direct"
date = 2021-11-10
text_en = "The quarantine of the lighthouse will end on time."
stance = "holds"

[[statements]]
id = "replay-2"
actor = "replay-speaker"
kind = "direct"
date = 2021-12-09
text_en = "The quarantine of the lighthouse will not end on time."
stance = "gives_up"
"""


def _record(tmp_path) -> Record:
    record = Record.open(tmp_path / "r.db", seed=False)
    pack = tmp_path / "replay.toml"
    pack.write_text(PACK, encoding="utf-8")
    record.load_file(pack)
    return record


def test_answers_and_positions_know_nothing_said_after_now(tmp_path):
    record = _record(tmp_path)
    early = respond(
        "what did Zorba Quentaro say about the lighthouse?", record, EARLY, replay=True
    ).answer
    assert [s.id for s in early.statements] == ["replay-1"]
    late = respond(
        "what did Zorba Quentaro say about the lighthouse?", record, LATE, replay=True
    ).answer
    assert {s.id for s in late.statements} == {"replay-1", "replay-2"}
    assert [p[1] for p in as_of(record, EARLY, replay=True).current_positions("replay")] == [
        "holds"
    ]
    assert [p[1] for p in as_of(record, LATE, replay=True).current_positions("replay")] == [
        "gives_up"
    ]
    assert [s for _, s in record.stance_history("replay-speaker", until=date(2021, 11, 30))][
        0
    ].id == "replay-1"


def test_a_deadline_move_and_outcome_show_only_once_decided(tmp_path):
    record = _record(tmp_path)
    before_move = datetime(2021, 11, 20, 12, 0, tzinfo=BAGHDAD)
    [first] = countdowns_for(record, before_move, "replay")
    assert first.deadline.status == "pending" and first.deadline.outcome is None
    assert first.deadline.due == datetime(2021, 12, 1, tzinfo=BAGHDAD)  # not yet moved
    moved = datetime(2021, 11, 26, 12, 0, tzinfo=BAGHDAD)
    [second] = countdowns_for(record, moved, "replay")
    assert second.deadline.status == "extended" and second.deadline.due == datetime(
        2021, 12, 31, tzinfo=BAGHDAD
    )
    [third] = countdowns_for(record, LATE, "replay")
    assert third.deadline.status == "missed" and third.deadline.outcome.statement_id == "replay-2"
