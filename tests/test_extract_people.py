"""One person, one proposal: the same unknown speaker named two ways across texts ("Hassan
X" then "Sayyed X", "حسن X" then "X") is proposed once; two people who share only a surname
are two. Short texts written for these tests; a real SQLite record."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bot.pipeline import ingest_text
from storage import Record
from story.extract.people import same_person

NOW = datetime(2021, 12, 9, 12, 0, tzinfo=timezone(timedelta(hours=3)))


def test_same_person_by_surname_and_the_shorter_names_words() -> None:
    assert same_person("Sayyed Hassan Qarawi", "Hassan Qarawi")
    assert same_person("Qarawi", "Hassan al-Qarawi")
    assert same_person("حسن القراوي", "القراوي")
    assert not same_person("Ahmed al-Qarawi", "Mohammed al-Qarawi")
    assert not same_person("Hassan Qarawi", "Hassan Bitar")


async def _read(record: Record, text: str, url: str) -> None:
    await ingest_text(
        record, text, now=NOW, kind="url", url=url, outlet="وكالة تجريبية",
        published=date(2021, 12, 9), in_thread=False,
    )


async def test_one_unknown_person_named_two_ways_in_two_texts_is_one_proposal(record) -> None:
    await _read(
        record,
        "قال النائب حسن القراوي إن المتظاهرين سيعودون إلى الساحة يوم الجمعة المقبل.",
        "https://example.org/a/1",
    )
    await _read(
        record,
        "وأكد القراوي أن لجان التنسيق ستعلن موعد التظاهرة الجديدة خلال أيام قليلة.",
        "https://example.org/a/2",
    )
    rows = [r for r in record.db.table("proposed_actors").rows if "القراوي" in (r["name_ar"] or "")]
    assert len(rows) == 1
