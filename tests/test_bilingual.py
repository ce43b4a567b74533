"""One record in two languages: a question in one language finds a statement published in
the other (by meaning, through the wheel-shipped sentence model), the untranslated words
are labelled, and a who-said question that nothing answers well enough gets no speaker.

The texts here are invented for the tests; the real model runs (it loads in well under a
second and embeds a sentence in milliseconds), and HashEmbedder covers the plumbing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from storage import Record
from storage.review_store import IngestStore
from storage.vectors import VectorIndex
from story.answering import MIN_COVERAGE, match_score
from story.embedding import HashEmbedder, USEEmbedder, clauses
from story.respond import respond

NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))
STORY = "iraq-us-withdrawal-2021"
AR_ONLY = "سنعيد فتح القنصلية الأمريكية في أربيل خلال الربيع المقبل"
EN_ONLY = "The new bridge over the Tigris will open to traffic next year."


def _add(record: Record, actor_id: str, text: str) -> str:
    outcome = IngestStore(record).add_statement(
        story_id=STORY, actor_id=actor_id, text=text, day=date(2021, 12, 1), user_id=1, now=NOW
    )
    assert outcome.ok and outcome.item is not None
    return outcome.item.statement.id


@pytest.fixture
def both(record: Record) -> Record:
    _add(record, "john-kirby", AR_ONLY)
    _add(record, "tahsin-al-khafaji", EN_ONLY)
    return record


def test_an_english_question_finds_an_arabic_only_statement_and_labels_it(both: Record) -> None:
    reply = respond("who said the American consulate in Erbil would reopen next spring?", both, NOW)
    assert [s.actor_id for s in reply.answer.statements][:1] == ["john-kirby"]
    assert reply.answer.statements[0].text_ar == AR_ONLY
    assert "Arabic original" in reply.text and AR_ONLY in reply.text


def test_an_arabic_question_finds_an_english_only_statement_and_labels_it(both: Record) -> None:
    reply = respond("من قال ان الجسر الجديد فوق دجلة سيفتح امام حركة المرور؟", both, NOW)
    assert [s.actor_id for s in reply.answer.statements][:1] == ["tahsin-al-khafaji"]
    assert "الأصل بالإنجليزية" in reply.text and EN_ONLY in reply.text


def test_a_named_speaker_is_asked_about_a_topic_in_the_other_language(both: Record) -> None:
    reply = respond("ماذا قال الخفاجي عن حركة المرور على الجسر الجديد فوق دجلة؟", both, NOW)
    assert reply.answer.statements and reply.answer.statements[0].text_en == EN_ONLY


def test_words_that_match_but_claim_something_else_get_no_speaker(both: Record) -> None:
    # Shares "bridge" and "traffic" with the statement, but it is another river and a closure.
    reply = respond("who said the bridge over the Euphrates will close to traffic?", both, NOW)
    assert reply.answer.statements == [] and reply.answer.note == "no_match"


def test_the_abstention_threshold() -> None:
    # Without vectors: coverage alone, as before.
    assert match_score(0.6, None) == 0.6
    # In the question's language: nearly all words and a meaning not far off.
    assert match_score(0.8, 0.4) >= MIN_COVERAGE
    assert match_score(0.8, 0.1) < MIN_COVERAGE  # the words are there, the meaning is not
    assert match_score(0.6, 0.4) < MIN_COVERAGE  # half the words, not a paraphrase
    assert match_score(0.6, 0.6) >= MIN_COVERAGE  # half the words, the same claim reworded
    assert match_score(0.4, 0.9) < MIN_COVERAGE  # too few words in the question's language
    # In the other language, meaning alone answers from SIM_ALONE up.
    assert match_score(0.0, 0.6, same_language=False) >= MIN_COVERAGE
    assert match_score(0.0, 0.45, same_language=False) < MIN_COVERAGE
    assert match_score(0.0, 0.6, same_language=True) < MIN_COVERAGE


def test_vectors_are_written_at_approval_and_dropped_when_withdrawn(both: Record) -> None:
    db = both.db
    ident = _add(
        both, "john-kirby", "Our advisers will train the Iraqi air force in Balad, he added."
    )
    rowid = db.execute("SELECT rowid FROM statements WHERE id = ?", [ident]).fetchone()[0]
    assert (
        db.execute(
            "SELECT count(*) FROM statement_vectors WHERE statement_rowid = ?", [rowid]
        ).fetchone()[0]
        >= 1
    )
    IngestStore(both).delete(ident, 1, NOW)
    assert (
        db.execute(
            "SELECT count(*) FROM statement_vectors WHERE statement_rowid = ?", [rowid]
        ).fetchone()[0]
        == 0
    )
    # Every approved statement of the pack has its whole-statement vector.
    missing = db.execute(
        "SELECT count(*) FROM statements s WHERE status = 'approved' AND NOT EXISTS"
        " (SELECT 1 FROM statement_vectors v WHERE v.statement_rowid = s.rowid AND v.part = 0)"
    ).fetchone()[0]
    assert missing == 0


def test_a_record_without_a_model_answers_from_words_alone(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "plain.db", embedder=None)
    assert record.vectors is None and record.embed_question("anything") is None
    reply = respond("who said the resistance is capable of expelling US forces?", record, NOW)
    assert reply.answer.statements and reply.answer.statements[0].actor_id == "nasr-al-shammari"


def test_the_interface_can_be_swapped_for_a_deterministic_embedder(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "hash.db", embedder=HashEmbedder())
    index = record.vectors
    assert isinstance(index, VectorIndex) and index.embedder.name == "hash"
    ident = _add(record, "john-kirby", "Patrol boats will guard the port of Umm Qasr from January.")
    rowid = record.db.execute("SELECT rowid FROM statements WHERE id = ?", [ident]).fetchone()[0]
    hits = index.nearest(index.embed_query("patrol boats guard the port of Umm Qasr"), limit=3)
    assert hits[0][0] == rowid and hits[0][1] > 0.5


def test_the_real_model_puts_translations_together_and_apart_from_other_topics() -> None:
    model = USEEmbedder()
    v = model.embed(
        [
            "The militias will lay down their arms.",
            "الفصائل المسلحة ستلقي سلاحها",
            "مباراة كرة القدم",
        ]
    )
    assert v.shape == (3, 512) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > 0.5 > v[0] @ v[2]


def test_long_statements_are_embedded_by_clause_as_well() -> None:
    text = (
        "We agreed on a short timetable for the exit, honestly a quick one, "
        "so that the attacks stop, and the talks will go on in Baghdad next week "
        "with the committee."
    )
    parts = clauses(text)
    assert len(parts) >= 2 and " ".join(parts).split() == text.split()
    assert clauses("A short one.") == []
