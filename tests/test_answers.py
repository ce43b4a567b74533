"""Answers from the seed record: the right speaker, in the asker's language, or an honest none.

The questions are this file's own paraphrases — several ways people ask — so a pass means
the answerer understood the form and the record, not that it remembers a sample.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from storage import Record
from story.render import RLM
from story.respond import respond

NOW = datetime(2021, 11, 25, 12, 0, tzinfo=ZoneInfo("Asia/Baghdad"))  # after the pack's statements


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    return Record.open(tmp_path_factory.mktemp("answers") / "raqib.db")


def ask(record, text):
    return respond(text, record, NOW, replay=True)  # the record as it stood at NOW


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Who said the withdrawal date is fixed and nothing has changed it?", "tahsin-al-khafaji"),
        ("من قال إن الحديث عن تمديد بقاء القوات خاطئ؟", "tahsin-al-khafaji"),
        ("who said American combat troops will not stay after the deadline?", "john-kirby"),
        ("who said there are no current plans for a total withdrawal?", "jessica-mcnulty"),
        ("من قال لا توجد خطط لانسحاب كلي؟", "jessica-mcnulty"),
        ("who said the US is increasing its troop numbers in Iraq?", "coordination-committee"),
        ("من قال إن طالبان سبقتهم في طرد الأمريكيين؟", "nasr-al-shammari"),
        ("who declined to comment on the threats?", "us-command-iraq"),
    ],
)
def test_who_said_finds_the_speaker(record, text, speaker):
    reply = ask(record, text)
    assert reply.answer.statements, reply.text
    assert reply.answer.statements[0].actor_id == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("what has John Kirby said?", "john-kirby"),
        ("ماذا قال المتحدث باسم البنتاغون؟", "john-kirby"),
        ("what did the Joint Operations Command spokesman say?", "tahsin-al-khafaji"),
        ("ماذا قالت نيوزويك؟", "newsweek"),
    ],
)
def test_what_did_actor_say(record, text, speaker):
    reply = ask(record, text)
    assert reply.answer.statements[0].actor_id == speaker


def test_a_typo_of_a_name_gets_did_you_mean_not_that_persons_words(record):
    reply = ask(record, "what did kirbi say about the Iraqi government?")
    assert reply.answer.statements == []
    assert "Did you mean John Kirby?" in reply.text


def test_what_did_actor_say_lists_newest_first(record):
    statements = ask(record, "What did the Coordination Committee say?").answer.statements
    assert [s.date for s in statements] == sorted((s.date for s in statements), reverse=True)


def test_position_gives_the_current_stance_and_the_statement_behind_it(record):
    reply = ask(record, "what is al-Khafaji's position?")
    stance, statement = reply.answer.stance
    newest = record.stance_history("tahsin-al-khafaji")[0]
    assert (stance, statement.id) == (newest[0], newest[1].id)
    assert record.stances()[stance].label_en in reply.text
    assert statement.text_en in reply.text


def test_a_group_speaking_through_its_spokesman_has_his_position(record):
    reply = ask(record, "ما موقف حركة النجباء؟")
    assert reply.answer.statements[0].actor_id == "nasr-al-shammari"


def test_english_questions_get_english_text_and_arabic_questions_arabic_text(record):
    en = ask(record, "What did Jessica McNulty say?")
    ar = ask(record, "ماذا قالت جيسكا مكنولتي؟")
    assert en.answer.statements[0].text_en in en.text
    assert ar.answer.statements[0].text_ar in ar.text
    assert all(line.startswith(RLM) for line in ar.text.split("\n") if line)
    assert not en.text.startswith(RLM)


@pytest.mark.parametrize(
    "text",
    [
        "who said the moon landing was faked?",
        "من قال إن المنتخب فاز بكأس آسيا؟",
        "what did Emmanuel Macron say?",
        "ماذا قال بوتين؟",
        "what did Kirby say about football?",
    ],
)
def test_nothing_in_the_record_means_no_answer(record, text):
    reply = ask(record, text)
    assert reply.answer.statements == []
    assert reply.text


def test_an_actor_without_statements_is_answered_honestly(record):
    reply = ask(record, "what did Joe Biden say?")
    assert reply.answer.statements == []
    assert "Joe Biden" in reply.text


def test_countdown_question_gives_days_left(record):
    assert ask(record, "how many days until US combat forces must leave?").answer.days_left == 36
    assert ask(record, "كم يوما تبقى على موعد الانسحاب؟").answer.days_left == 36


def test_a_time_window_outside_the_record_says_so_and_offers_the_latest(record):
    reply = ask(record, "what did Kirby say in 2019?")
    assert reply.answer.note == "none_in_period"
    assert reply.text.startswith("Nothing from John Kirby in 2019.")
    assert all(s.date.year != 2019 for s in reply.answer.statements)
    assert ask(record, "what did Kirby say in November 2021?").answer.statements


def test_a_year_that_is_content_not_a_window_still_finds_the_quote(record):
    reply = ask(record, "who said they expelled the Americans from Iraq in 2011?")
    assert reply.answer.statements and reply.answer.statements[0].actor_id == "nasr-al-shammari"
    assert "(period:" not in reply.text  # not said in 2011: no window is claimed
    arabic = ask(record, "من قال انهم طردوا الامريكيين من العراق في 2011؟")
    assert arabic.answer.statements[0].actor_id == "nasr-al-shammari"


def test_a_time_before_the_claim_is_when_it_was_said(record):
    reply = ask(record, "who said in 2011 that they expelled the Americans from Iraq?")
    assert reply.answer.statements == [] and "(period: 1 January 2011" in reply.text


def test_json_answer_shape(record):
    data = ask(record, "What did Kirby say?").as_json("What did Kirby say?")
    assert set(data) == {"question", "intent", "answers", "days_left", "reply"}
    top = data["answers"][0]
    assert set(top) == {"speaker", "text_ar", "text_en", "kind", "date", "source"}
    assert set(top["speaker"]) == {"id", "name_en", "name_ar"}
