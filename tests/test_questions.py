"""Question understanding: intent, speakers, topic words and time windows, in both languages.

These questions are written for the tests, in several phrasings per form, to pin the
grammar the reader understands (not any evaluation sample).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from story.models import Actor
from story.names import ActorIndex
from story.questions import read_question

NOW = datetime(2021, 11, 24, 12, 0, tzinfo=ZoneInfo("Asia/Baghdad"))
INDEX = ActorIndex(
    [
        Actor(
            "kirby",
            "person",
            "John Kirby",
            "جون كيربي",
            "Pentagon press secretary",
            "المتحدث باسم البنتاغون",
            affiliation="dod",
            aliases=("Kirby", "كيربي"),
            roles=("Pentagon spokesman", "المتحدث باسم البنتاغون"),
        ),
        Actor(
            "dod",
            "office",
            "US Department of Defense (Pentagon)",
            "وزارة الدفاع الأمريكية (البنتاغون)",
            aliases=("Pentagon", "البنتاغون", "Defense Department"),
        ),
        Actor(
            "mcnulty",
            "person",
            "Jessica McNulty",
            "جيسكا مكنولتي",
            aliases=("McNulty", "مكنولتي"),
            roles=("Pentagon spokeswoman", "المتحدثة باسم البنتاغون"),
        ),
        Actor(
            "khafaji",
            "person",
            "Tahsin al-Khafaji",
            "تحسين الخفاجي",
            aliases=("Khafaji", "الخفاجي", "Tahseen al-Khafaji"),
        ),
    ]
)


def read(text):
    return read_question(text, INDEX, NOW)


@pytest.mark.parametrize(
    "text",
    [
        "who said the deadline cannot be extended?",
        "Who has warned about an extension?",
        "من قال إن الموعد ثابت؟",
        "من الذي أكد أن الانسحاب في موعده؟",
        "which official stated that troops would stay?",
    ],
)
def test_who_said_questions(text):
    q = read(text)
    assert q.intent == "who_said"
    assert q.terms and not q.actor_ids


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("What did Kirby say?", "kirby"),
        ("what has the Pentagon said about the advisers?", "dod"),
        ("ماذا قال كيربي؟", "kirby"),
        ("ماذا قالت المتحدثة باسم البنتاغون؟", "mcnulty"),
        ("تصريحات الخفاجي", "khafaji"),
        ("did Tahseen al-Khafaji say the date is fixed?", "khafaji"),
        ("Khafaji's statements please", "khafaji"),
    ],
)
def test_what_did_actor_say_questions(text, actor):
    q = read(text)
    assert q.intent == "what_said"
    assert q.actor_ids[0] == actor


def test_a_typo_of_a_name_is_offered_back_not_taken_as_the_speaker():
    q = read("what did kirbey say")
    assert q.intent == "what_said"
    assert (q.actor_ids, q.unknown_name, q.did_you_mean) == ([], "kirbey", ["kirby"])


def test_the_longest_role_names_the_speaker_not_the_office_inside_it():
    assert read("ماذا قال المتحدث باسم البنتاغون؟").actor_ids == ["kirby"]
    assert read("what did the Pentagon spokeswoman say?").actor_ids == ["mcnulty"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("what is the Pentagon's position?", "dod"),
        ("ما موقف الخفاجي من التمديد؟", "khafaji"),
        ("where does McNulty stand on a full withdrawal?", "mcnulty"),
        ("ما رأي كيربي؟", "kirby"),
    ],
)
def test_position_questions(text, actor):
    q = read(text)
    assert q.intent == "position"
    assert q.actor_ids == [actor]


@pytest.mark.parametrize(
    "text",
    [
        "how many days are left?",
        "countdown",
        "when is the deadline?",
        "How long until the troops leave?",
        "كم يوم باقي على الانسحاب؟",
        "كم بقي على الموعد",
        "متى موعد الانسحاب؟",
        "العد التنازلي",
    ],
)
def test_countdown_questions(text):
    assert read(text).intent == "countdown"


def test_a_speaker_the_record_does_not_know_is_kept_as_unknown_name():
    q = read("ماذا قال ماكرون عن العراق؟")
    assert q.intent == "what_said" and not q.actor_ids
    assert q.unknown_name == "ماكرون"
    assert "ماكرون" not in q.terms


def test_an_unknown_name_is_not_turned_into_a_known_one_by_typo_matching():
    assert read("what did Kerry say?").actor_ids == []


def test_topic_words_exclude_question_scaffolding():
    assert read("what did Kirby say about the Iraqi government's invitation?").terms == [
        "iraqi",
        "government's",
        "invitation",
    ]
    assert read("من قال إن الطرفين ملتزمان بالانسحاب؟").terms == ["الطرفين", "ملتزمان", "بالانسحاب"]


def test_profile_questions_name_one_actor():
    q = read("who is Tahseen al-Khafaji?")
    assert (q.intent, q.actor_ids) == ("profile", ["khafaji"])


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("what did Kirby say in 2021?", date(2021, 1, 1), date(2021, 12, 31)),
        ("ماذا قال كيربي في نوفمبر؟", date(2021, 11, 1), date(2021, 11, 30)),
        ("what did Kirby say last week?", date(2021, 11, 17), date(2021, 11, 24)),
        ("ماذا قال كيربي الشهر الماضي؟", date(2021, 10, 24), date(2021, 11, 24)),
        ("what did Kirby say in December 2020?", date(2020, 12, 1), date(2020, 12, 31)),
    ],
)
def test_time_windows_in_questions(text, since, until):
    q = read(text)
    assert (q.since, q.until) == (since, until)
    assert q.actor_ids == ["kirby"]


def test_language_follows_the_script_of_the_question():
    assert read("ماذا قال Kirby؟").lang == "ar"
    assert read("what did الخفاجي say?").lang == "en"
    assert read_question("🙂", INDEX, NOW, default_lang="ar").lang == "ar"


@pytest.mark.parametrize(
    "text",
    [
        '" OR NEAR( *',
        "kirby*",
        "NOT AND OR",
        "'; DROP TABLE statements; --",
        "\u202e\u2066",
        "",
        "x" * 5000,
    ],
)
def test_hostile_or_empty_text_reads_without_error(text):
    q = read(text)
    assert q.intent in ("who_said", "unknown", "what_said", "countdown", "position", "profile")


def test_a_contracted_question_word_is_not_taken_for_a_speaker():
    q = read("what's the position of the Framework Alliance?")
    assert q.intent == "position" and q.actor_ids == []
    assert q.unknown_name == "Framework Alliance"


def test_contractions_of_small_words_are_not_topic_words():
    q = read("who said the Americans won't leave and they're not serious?")
    assert q.intent == "who_said"
    assert "won't" not in q.terms and "they're" not in q.terms
    assert {"americans", "leave", "serious"} <= set(q.terms)
    # A name's own possessive is a name, not a contraction.
    assert read("what's Kirby's position?").actor_ids == ["kirby"]


def test_a_time_after_the_topic_may_be_the_claims_own():
    assert read("who said the mission will end in September 2025?").time_in_claim
    assert read("من قال ان التحالف سينهي مهمته في ايلول 2025؟").time_in_claim
    assert not read("who said in 2024 that the mission will end?").time_in_claim
    assert not read("what did Kirby say in November 2021?").time_in_claim
