"""Unknown speakers: name and role apart, in the text's script; kunya names whole; titles out of
names; one consistent name per person within a text; a channel word or a post is no speaker
and no via. Short texts written for these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.extract.people import surname_key

DAY = date(2024, 1, 3)


def who(text: str) -> list[tuple[str, str, str | None]]:
    found = extract_statements(text, published=DAY, actors=[])
    return [(s.speaker_name_ar or s.speaker_name_en, s.speaker_role, s.via) for s in found]


def test_kunya_name_is_kept_whole() -> None:
    assert who("وقال أبو حسن الساعدي إن الفصائل لن تسلم سلاحها قبل خروج القوات.") == [
        ("أبو حسن الساعدي", "", None)
    ]
    got = who("Abu Hassan al-Saadi said on Telegram that the groups would keep their weapons.")
    assert got == [("Abu Hassan al-Saadi", "", "Telegram")]


def test_role_is_out_of_the_name_in_arabic() -> None:
    got = who("أكد رئيس هيئة الموانئ سامر الكبيسي أن الهيئة ستبقى مؤسسة تابعة للدولة.")
    assert got == [("سامر الكبيسي", "رئيس هيئة الموانئ", None)]


def test_title_out_of_the_name_and_one_name_per_person_in_english() -> None:
    text = (
        "Sheikh Omar Haddad said the council would meet again next week. "
        "Haddad added that the vote on the budget was postponed."
    )
    names = {name for name, _, _ in who(text)}
    assert names == {"Omar Haddad"}


def test_a_post_or_channel_word_is_no_speaker_and_no_via() -> None:
    assert who("وذكرت تغريدة نشرها الحساب أن الهجوم وقع ليلا في أطراف المدينة.") == []
    got = who("وقال سامر الكبيسي في تغريدة إن الميناء سيعود للعمل غدا.")
    assert got == [("سامر الكبيسي", "", None)]


def test_surname_key_is_shared_by_the_forms_of_one_name() -> None:
    assert surname_key("Mohammed Shia al-Sudani") == surname_key("Sudani") == "sudani"
    assert surname_key("Prime Minister Sudani’s".replace("’s", "")) == "sudani"


def test_name_broken_to_dodge_filters_is_the_known_name() -> None:
    from story.models import Actor

    nasr = Actor("nasrallah", "person", "Hassan Nasrallah", "حسن نصر الله", aliases=("نصر الله",))
    text = "وقال نـ صـ ر الله إن المقاومة سترد على أي اعتداء في الوقت المناسب."
    found = extract_statements(text, published=DAY, actors=[nasr])
    assert [s.speaker_id for s in found] == ["nasrallah"]


def test_hashtag_name_between_commas_after_a_role() -> None:
    text = "قال مستشار وزير #الداخلية، #سامر_الكبيسي، إن «الخطة ستنفذ خلال أربعة أيام»."
    assert who(text) == [("سامر الكبيسي", "مستشار وزير الداخلية", None)]


def test_the_role_of_whom_a_speaker_serves_is_not_the_speaker() -> None:
    from story.models import Actor

    pm = Actor("pm", "person", "Ali Nouri", "علي النوري", roles=("رئيس الوزراء",))
    found = extract_statements(
        "وقال مستشار رئيس الوزراء إن الحكومة ستعلن الموازنة قريبا.", published=DAY, actors=[pm]
    )
    assert [s.speaker_id for s in found] != ["pm"]
