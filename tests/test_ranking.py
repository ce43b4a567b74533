"""Ranking who-said answers: the statement the question's words came from comes first.

Each record here is this file's own: a few statements that hold the question's words, among
filler that makes some words common (said in nearly every statement) and others rare. The
record is words only (no sentence vectors), so the order is the words' doing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage import Record
from story.models import Actor, Pack, Statement, Story
from story.respond import respond

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
STORY = Story(id="t", title_en="Test story", title_ar="قصة", published=date(2024, 1, 1))
SPEAKERS = ("amira", "badr", "filler")


def _pack(statements: list[tuple[str, str, str, str]]) -> Pack:
    """(id, speaker, English, Arabic) rows, dated one day apart (the first the newest)."""
    actors = [Actor(a, "person", a.title(), a) for a in SPEAKERS]
    newest = date(2024, 5, 1).toordinal()
    rows = [
        Statement(ident, STORY.id, speaker, ar, en, "direct", date.fromordinal(newest - n))
        for n, (ident, speaker, en, ar) in enumerate(statements)
    ]
    return Pack(path="<test>", story=STORY, actors=actors, statements=rows)


def _record(tmp_path, statements: list[tuple[str, str, str, str]]) -> Record:
    record = Record.open(tmp_path / "ranking.db", seed=False, embedder=None)
    record.load(_pack(statements))
    return record


def _top(record: Record, question: str) -> str | None:
    answer = respond(question, record, NOW).answer
    return answer.statements[0].id if answer.statements else None


# Filler: every statement says "Iraq" / "العراق", the rest of each is its own.
FILLER_EN = [
    "Iraq holds elections in {n} provinces",
    "Iraq signs an oil contract number {n}",
    "Iraq opens school {n} in the south",
    "Iraq repairs power line {n}",
]
FILLER_AR = [
    "العراق يجري الانتخابات في {n} محافظات",
    "العراق يوقع عقد النفط رقم {n}",
    "العراق يفتتح المدرسة {n} في الجنوب",
    "العراق يصلح خط الكهرباء {n}",
]


def _filler(n: int) -> list[tuple[str, str, str, str]]:
    return [
        (f"f{i}", "filler", FILLER_EN[i % 4].format(n=i), FILLER_AR[i % 4].format(n=i))
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("who said the Mosul bridge rebuilding in Iraq?", "en"),
        ("من قال ان اعادة بناء جسر الموصل في العراق؟", "ar"),
    ],
)
def test_repeating_a_word_every_statement_uses_does_not_outrank_the_denser_text(
    tmp_path, question, lang
):
    """Both hold every word asked; the other repeats the word all statements share. That
    says nothing about which was meant (its idf is near 0): the shorter text, where the
    asked words are more of what it says, comes first."""
    record = _record(
        tmp_path,
        [
            (
                "repeats",
                "badr",
                "Iraq, Iraq, Iraq: Mosul bridge rebuilding",
                "العراق العراق العراق: اعادة بناء جسر الموصل",
            ),
            (
                "source",
                "amira",
                "Mosul bridge rebuilding in Iraq",
                "اعادة بناء جسر الموصل في العراق",
            ),
            *_filler(40),
        ],
    )
    assert _top(record, question) == "source", lang


@pytest.mark.parametrize(
    "question",
    [
        "who said the militias fired rockets at the airport?",
        "من قال ان المليشيات قصفت المطار بالصواريخ؟",
    ],
)
def test_the_question_s_own_word_outranks_a_concept_group_alternative(tmp_path, question):
    """ "factions" stands in for "militias" (one concept), so both statements cover the
    question; the one that says "militias", as asked, is the one quoted."""
    record = _record(
        tmp_path,
        [
            (
                "alternative",
                "badr",
                "The factions fired rockets at the airport, rockets again",
                "الفصائل قصفت المطار بالصواريخ، بالصواريخ مرة أخرى",
            ),
            (
                "source",
                "amira",
                "The militias fired rockets at the airport and at the base beside it",
                "المليشيات قصفت المطار بالصواريخ وقصفت القاعدة المجاورة له",
            ),
            *_filler(40),
        ],
    )
    assert _top(record, question) == "source"


@pytest.mark.parametrize(
    "question",
    ["who said the bridge and the school will reopen?", "من قال اعادة افتتاح الجسر والمدرسة؟"],
)
def test_a_question_of_common_words_finds_the_one_statement_holding_them_all(tmp_path, question):
    """Each asked word is in over a thousand newer statements, but all of them only in one:
    the newest statements holding the rarest word would miss it (and answer with one that
    holds half the question)."""
    many = 1100  # above the number of statements a rare word's search reads whole
    rows = [
        (f"b{i}", "badr", f"bridge {i} will reopen", f"اعادة افتتاح الجسر {i}") for i in range(many)
    ]
    rows += [
        (f"s{i}", "filler", f"school {i} will reopen", f"اعادة افتتاح المدرسة {i}")
        for i in range(many)
    ]
    rows.append(
        ("source", "amira", "The bridge and the school will reopen", "اعادة افتتاح الجسر والمدرسة")
    )  # the oldest
    assert _top(_record(tmp_path, rows), question) == "source"
