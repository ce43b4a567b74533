"""Who-said answers ranked by how well a statement answers the question, not only by how
many of its words it holds.

- A refusal to comment names a topic only to say nothing on it: "declined to comment on the
  dockers' warnings" does not say who warned. It answers a question about refusing, and no
  other.
- The question's own word is surer evidence than a word of its concept group: asked about a
  "withdrawal", a statement that says "withdrawal" comes before one that says "leaving",
  even when the other repeats it.
- A body named in the question speaks through its members: "who said the guild will close
  the terminal?" is answered by the guild council's own words, which need not name the
  guild, and not only by a paper's report that does.

Each record here is this file's own (invented actors and words), words only (no sentence
vectors), so the order is the words' doing; questions go through `story.respond`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage import Record
from story.models import Actor, Pack, Statement, Story
from story.respond import respond

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
STORY = Story(id="t", title_en="Test story", title_ar="قصة", published=date(2024, 1, 1))
ACTORS = [
    Actor("port-authority", "office", "Port Authority", "سلطة الميناء"),
    Actor("dockers-union", "group", "Dockers Union", "نقابة عمال الرصيف"),
    Actor(
        "harbour-guild", "group", "Harbour Guild", "رابطة المرفأ", aliases=("the guild", "الرابطة")
    ),
    Actor(
        "guild-council", "group", "Guild Council", "مجلس الرابطة", affiliation="harbour-guild"
    ),
    Actor("coast-gazette", "outlet", "Coast Gazette", "صحيفة الساحل"),
    Actor("filler", "person", "Filler", "حشو"),
]


def _record(tmp_path, rows: list[tuple[str, str, str, str, str]]) -> Record:
    """(id, speaker, kind, English, Arabic) rows, dated one day apart (the first the newest),
    among filler that makes the port's common words common."""
    newest = date(2024, 5, 1).toordinal()
    filler = [
        (f"f{i}", "filler", "direct", f"Ship {i} docked at the port", f"رست السفينة {i} في الميناء")
        for i in range(12)
    ]
    statements = [
        Statement(ident, STORY.id, speaker, ar, en, kind, date.fromordinal(newest - n))
        for n, (ident, speaker, kind, en, ar) in enumerate(rows + filler)
    ]
    record = Record.open(tmp_path / "ranking2.db", seed=False, embedder=None)
    record.load(Pack(path="<test>", story=STORY, actors=ACTORS, statements=statements))
    return record


def _answers(record: Record, question: str) -> list[str]:
    return [s.id for s in respond(question, record, NOW).answer.statements]


# The refusal is the shorter text holding the asked words: by words alone it would lead.
REFUSAL = (
    "refusal",
    "port-authority",
    "direct",
    "The port authority declined to comment on the warnings about the grain terminal",
    "رفضت سلطة الميناء التعليق على التحذيرات بشأن محطة الحبوب",
)
WARNING = (
    "warning",
    "dockers-union",
    "reported",
    "The union warned that it would shut the grain terminal, the rail yard and the customs"
    " sheds, and keep every crane at the port idle from Monday until its demands are met",
    "حذرت النقابة من انها ستغلق محطة الحبوب وساحة القطارات ومخازن الجمارك وتوقف كل الرافعات"
    " في الميناء ابتداء من يوم الاثنين حتى تلبية مطالبها",
)


@pytest.mark.parametrize(
    "question",
    ["who warned about the grain terminal?", "من حذر بشأن محطة الحبوب؟"],
)
def test_a_refusal_to_comment_does_not_answer_who_said_what_it_would_not_discuss(
    tmp_path, question
) -> None:
    record = _record(tmp_path, [REFUSAL, WARNING])
    assert _answers(record, question) == ["warning"]


@pytest.mark.parametrize(
    "question",
    ["who spoke of warnings about the grain terminal?", "من تحدث عن التحذيرات بشأن محطة الحبوب؟"],
)
def test_a_refusal_alone_on_the_topic_is_no_answer_rather_than_a_wrong_speaker(
    tmp_path, question
) -> None:
    record = _record(tmp_path, [REFUSAL])
    answer = respond(question, record, NOW).answer
    assert answer.statements == [] and answer.note == "no_match"


@pytest.mark.parametrize(
    "question",
    [
        "who declined to comment on the grain terminal warnings?",
        "who refused to comment on the warnings about the grain terminal?",
        "من رفض التعليق على التحذيرات بشأن محطة الحبوب؟",
    ],
)
def test_a_question_about_refusing_to_comment_is_answered_by_the_refusal(
    tmp_path, question
) -> None:
    record = _record(tmp_path, [REFUSAL, WARNING])
    assert _answers(record, question)[:1] == ["refusal"]


# The paper's report names the guild and holds every asked word; the council's own words
# name nobody (a body speaks as "we", "it").
REPORT = (
    "report",
    "coast-gazette",
    "reported",
    "The guild has threatened to close the grain terminal if the port fees rise",
    "هددت الرابطة باغلاق محطة الحبوب اذا ارتفعت رسوم الميناء",
)
OWN_WORDS = (
    "own-words",
    "guild-council",
    "direct",
    "We will close the grain terminal if the fees rise again",
    "سنغلق محطة الحبوب اذا ارتفعت الرسوم مرة اخرى",
)


@pytest.mark.parametrize(
    "question",
    [
        "who said the guild will close the grain terminal?",
        "من قال ان الرابطة ستغلق محطة الحبوب؟",
    ],
)
def test_a_body_named_in_the_question_is_heard_in_its_members_own_words(
    tmp_path, question
) -> None:
    record = _record(tmp_path, [REPORT, OWN_WORDS])
    assert _answers(record, question) == ["own-words", "report"]


# Both hold every asked word, the first through "leaving" / "الخروج" (the withdrawal concept
# group), said twice in a shorter text: its term weight is the higher.
SYNONYM = (
    "synonym",
    "dockers-union",
    "direct",
    "Leaving the northern airbase will start soon: leaving the northern airbase, all of it",
    "الخروج من القاعدة الشمالية سيبدأ قريبا، الخروج من القاعدة الشمالية كلها",
)
OWN_WORD = (
    "own-word",
    "port-authority",
    "direct",
    "The withdrawal from the northern airbase will start once the last convoy of trucks is ready",
    "الانسحاب من القاعدة الشمالية سيبدأ حين تجهز اخر قافلة من الشاحنات",
)


@pytest.mark.parametrize(
    "question",
    [
        "who said the withdrawal from the northern airbase will start?",
        "من قال ان الانسحاب من القاعدة الشمالية سيبدأ؟",
    ],
)
def test_the_question_s_own_word_outranks_a_concept_group_alternative(tmp_path, question) -> None:
    record = _record(tmp_path, [SYNONYM, OWN_WORD])
    assert _answers(record, question) == ["own-word", "synonym"]
