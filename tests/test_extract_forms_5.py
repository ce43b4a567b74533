"""Forms of real writing, fifth round: a reported verb nested in a that-clause, "quoted as
saying" / نقل عنه قوله, a day between a verb and its clause, the name after "المتحدث باسم X",
بقوله, transcript turns labelled in Arabic script, and an outlet's own reporting (no statement)
against an outlet carrying what a person said (the person speaks). Short texts written for
these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.models import Actor

DAY = date(2024, 5, 3)  # a Friday
OTHER = Actor("someone-else", "person", "Nobody Here", "لا أحد هنا")
PAPER = Actor(
    "daily-herald", "outlet", "Daily Herald", "ديلي هيرالد", aliases=("Daily Herald", "ديلي هيرالد")
)
MINISTRY = Actor(
    "foreign-ministry",
    "office",
    "Foreign Ministry",
    "وزارة الخارجية",
    aliases=("الخارجية", "وزارة الخارجية"),
)


def said(text: str, actors: list[Actor] | None = None) -> list[tuple[str, str, str]]:
    found = extract_statements(text, published=DAY, actors=actors or [OTHER])
    return [(s.speaker_name_en or s.speaker_name_ar, s.kind, s.quote) for s in found]


def details(text: str, actors: list[Actor] | None = None) -> list[tuple[str, str, str | None]]:
    """(speaker, role, via) of each statement."""
    found = extract_statements(text, published=DAY, actors=actors or [OTHER])
    return [(s.speaker_name_en or s.speaker_name_ar, s.speaker_role, s.via) for s in found]


# -- a reported verb nested inside a that-clause ---------------------------------------------


def test_nested_reporting_verb_gives_the_inner_claim_to_its_own_subject_in_arabic() -> None:
    text = "وقال النائب حيدر الموسوي إن وزير النفط أكد أن صادرات الحقول ستتوقف الشهر المقبل."
    assert said(text) == [("وزير النفط", "reported", "صادرات الحقول ستتوقف الشهر المقبل")]


def test_nested_reporting_verb_gives_the_inner_claim_to_its_own_subject_in_english() -> None:
    text = (
        "The lawmaker Sarah Lindqvist said that the defense secretary had warned that the "
        "base would close before winter."
    )
    assert said(text) == [
        ("the defense secretary", "reported", "the base would close before winter")
    ]


def test_a_clause_that_goes_on_after_a_nested_verb_keeps_its_own_speaker() -> None:
    text = "وأكد الوزير سامي الكريمي أن الحكومة قالت كلمتها وأن الموازنة ستقر هذا الشهر."
    found = said(text)
    assert [s[0] for s in found] == ["سامي الكريمي"]


# -- quoted as saying ------------------------------------------------------------------------


def test_was_quoted_as_saying_gives_the_subject_as_speaker() -> None:
    text = "Commander Lena Brandt was quoted as saying the crossing would reopen next week."
    assert said(text) == [("Lena Brandt", "reported", "the crossing would reopen next week")]


def test_an_outlet_quoted_him_as_saying_the_person_speaks_the_outlet_carries() -> None:
    text = (
        "Mayor Oskar Vidal spoke to residents on Monday. The Daily Herald quoted him as saying "
        "that the water supply would be restored by Sunday."
    )
    found = details(text, [PAPER])
    assert found == [("Oskar Vidal", "Mayor", "Daily Herald")]


def test_naqala_anhu_qawlahu_gives_the_person_named_before() -> None:
    text = (
        "زار المحافظ سلمان الدراجي موقع المشروع صباح اليوم. ونقلت ديلي هيرالد عنه قوله إن "
        "المشروع سينجز قبل الصيف."
    )
    found = extract_statements(text, published=DAY, actors=[PAPER])
    assert [(s.speaker_name_ar, s.quote, s.via) for s in found] == [
        ("سلمان الدراجي", "المشروع سينجز قبل الصيف", "Daily Herald")
    ]


# -- a day between the verb and its clause ---------------------------------------------------


def test_said_on_a_weekday_then_a_clause_without_that() -> None:
    text = "Governor Tomas Ferreira said on Wednesday it would take three years to rebuild."
    found = extract_statements(text, published=DAY, actors=[OTHER])
    assert [(s.speaker_name_en, s.quote) for s in found] == [
        ("Tomas Ferreira", "it would take three years to rebuild")
    ]
    assert found[0].date == date(2024, 5, 1)


# -- the name after المتحدث باسم <body> ---------------------------------------------------------


def test_spokesman_for_a_known_body_then_a_name_before_the_verb() -> None:
    text = "المتحدث باسم الخارجية أحمد الصالحي قال إن الوفد سيصل إلى بغداد غدا."
    found = extract_statements(text, published=DAY, actors=[MINISTRY])
    assert [(s.speaker_id, s.speaker_name_ar, s.speaker_role) for s in found] == [
        (None, "أحمد الصالحي", "المتحدث باسم الخارجية")
    ]


def test_spokesman_for_a_known_body_then_a_name_after_the_verb() -> None:
    text = "وقال المتحدث باسم وزارة الخارجية أحمد الصالحي إن الوفد سيصل إلى بغداد غدا."
    found = extract_statements(text, published=DAY, actors=[MINISTRY])
    assert [(s.speaker_id, s.speaker_name_ar) for s in found] == [(None, "أحمد الصالحي")]


# -- بقوله ------------------------------------------------------------------------------------


def test_biqawlihi_after_a_verb_of_comment_opens_the_statement() -> None:
    text = "وعلق رئيس الاتحاد كامل الزبيدي على القرار بقوله إن الأندية لن تقبل بالتأجيل."
    assert said(text) == [("كامل الزبيدي", "reported", "الأندية لن تقبل بالتأجيل")]


def test_mudifan_biqawlihi_continues_the_running_speaker() -> None:
    text = (
        "وقال رئيس الاتحاد كامل الزبيدي إن الأندية لن تقبل بالتأجيل، مضيفا بقوله إن الجماهير "
        "تستحق الاحترام."
    )
    found = said(text)
    assert [s[0] for s in found] == ["كامل الزبيدي", "كامل الزبيدي"]
    assert found[1][2] == "الجماهير تستحق الاحترام"


def test_khatama_biqawlihi_with_a_quote() -> None:
    text = "وختم الوزير سامي الكريمي حديثه بقوله: «لن نتراجع عن الإصلاحات مهما كانت الضغوط»."
    assert said(text) == [("سامي الكريمي", "direct", "لن نتراجع عن الإصلاحات مهما كانت الضغوط")]


# -- transcript turns labelled in Arabic script ------------------------------------------------


def test_arabic_turn_labels_make_a_transcript_and_the_host_says_nothing() -> None:
    text = (
        "حاور البرنامج وزير التخطيط سامي الكريمي.\n\n"
        "المذيع: أهلا بكم في هذه الحلقة الجديدة من البرنامج الأسبوعي.\n\n"
        "الكريمي: الخطة الجديدة تركز على الإسكان والطرق في المحافظات الفقيرة.\n\n"
        "المذيع: وماذا عن الموازنة العامة للسنة المقبلة؟\n\n"
        "الكريمي: الموازنة ستقدم إلى البرلمان خلال أسبوعين ولن تتضمن ضرائب جديدة.\n"
    )
    found = said(text)
    assert [(s[0], s[1]) for s in found] == [("سامي الكريمي", "direct")] * 2
    assert found[1][2].startswith("الموازنة ستقدم إلى البرلمان")


def test_a_question_label_in_arabic_is_the_reporter() -> None:
    text = (
        "سؤال: هل ستنسحب القوات قبل نهاية العام الحالي كما وعدتم؟\n\n"
        "الكريمي: القوات ستنسحب وفق الجدول المتفق عليه مع الحكومة دون أي تأخير.\n\n"
        "سؤال: وماذا عن المستشارين العسكريين الباقين في القواعد؟\n\n"
        "الكريمي: سيبقى عدد محدود منهم للتدريب بطلب من الحكومة العراقية.\n"
    )
    found = said(text)
    assert [s[0] for s in found] == ["الكريمي", "الكريمي"]


def test_telegram_posts_with_labels_are_not_a_transcript() -> None:
    text = (
        "الداخلية: ضبط شحنة مخدرات كبيرة على الحدود الجنوبية للبلاد.\n\n"
        "الصحة: تسجيل إصابات جديدة بالحمى النزفية في ثلاث محافظات.\n"
    )
    assert [s[1] for s in said(text)] == ["reported", "reported"]


# -- an outlet as speaker ------------------------------------------------------------------------


def test_an_outlets_own_reporting_is_no_statement_in_arabic() -> None:
    text = "وقالت صحيفة الشرق في تقرير لها إن المفاوضات تعثرت بسبب الجدول الزمني للانسحاب."
    assert said(text) == []


def test_an_outlets_own_reporting_is_no_statement_in_english() -> None:
    text = (
        "The Daily Herald reported that the talks had stalled over the timetable. "
        "The paper said the negotiators would meet again in Geneva next month."
    )
    assert said(text, [PAPER]) == []


def test_an_outlet_that_carries_a_person_gives_the_person_and_the_outlet_as_via() -> None:
    text = (
        "وذكرت ديلي هيرالد في تقرير لها أن المفاوضات تعثرت، ونقلت الصحيفة عن مسؤول حكومي قوله "
        "إن الجولة المقبلة ستعقد في عمان."
    )
    assert details(text, [PAPER]) == [("مسؤول حكومي", "مسؤول حكومي", "Daily Herald")]


def test_an_outlet_quoting_words_in_marks_still_gives_them() -> None:
    text = 'وأكدت ديلي هيرالد أن الحكومة "لم تقدم أي جدول زمني واضح للانسحاب من البلاد".'
    assert [s[0] for s in said(text, [PAPER])] == ["Daily Herald"]


def test_an_outlets_post_label_is_still_read() -> None:
    text = "ديلي هيرالد: انفجار قرب مطار المدينة وأنباء عن إصابات بين المسافرين."
    assert [s[0] for s in said(text, [PAPER])] == ["Daily Herald"]


# -- a day, then a bare object; an appositive's relative "that" ------------------------------


def test_announced_on_a_weekday_a_bare_object_not_the_relative_clause_after_it() -> None:
    text = (
        "The Riverside Brigades announced on Tuesday a halt to all patrols near the dam, a step "
        "that came after a week of clashes."
    )
    found = said(text)
    assert [(s[0], s[2]) for s in found] == [
        ("Riverside Brigades", "a halt to all patrols near the dam")
    ]


def test_announced_on_a_weekday_a_bare_object_in_arabic() -> None:
    text = (
        "وأعلنت كتائب الوادي يوم الثلاثاء تعليق الدوريات قرب السد، في خطوة جاءت بعد أسبوع من "
        "الاشتباكات."
    )
    found = said(text)
    assert [s[2] for s in found] == ["تعليق الدوريات قرب السد"]


def test_a_person_by_role_and_place_is_quoted_as_saying() -> None:
    text = "A police commander in Basra was quoted as saying the crossing would reopen next week."
    assert said(text) == [
        ("police commander in Basra", "reported", "the crossing would reopen next week")
    ]


# -- an aside between dashes, an auxiliary before the verb ------------------------------------


def test_an_aside_between_dashes_before_has_announced() -> None:
    text = (
        "Ferreira's party - an alliance of farmers and bankers - has announced it is opposed "
        "to any new tax on bread."
    )
    assert said(text) == [("Ferreira's party", "reported", "it is opposed to any new tax on bread")]


def test_an_appositive_then_an_auxiliary_before_the_verb() -> None:
    text = "The Valley Front, an armed group from the north, has said it will leave the city."
    assert details(text) == [("Valley Front", "armed group from the north", None)]


def test_the_paper_is_the_outlet_named_before_with_its_article() -> None:
    text = (
        "وذكرت صحيفة الشرق في تقرير لها أن المفاوضات تعثرت، ونقلت الصحيفة عن مسؤول حكومي قوله "
        "إن الجولة المقبلة ستعقد في عمان."
    )
    assert details(text) == [("مسؤول حكومي", "مسؤول حكومي", "صحيفة الشرق")]


def test_a_title_turn_label_is_the_title_the_text_introduces() -> None:
    text = (
        "استضاف البرنامج وزير التخطيط في حلقة خاصة عن الخطة الخمسية.\n\n"
        "المذيع: أهلا بكم في هذه الحلقة الجديدة من البرنامج الأسبوعي.\n\n"
        "الوزير: الخطة الجديدة تركز على الإسكان والطرق في المحافظات الفقيرة.\n"
    )
    assert [(s[0], s[1]) for s in said(text)] == [("وزير التخطيط", "direct")]


def test_an_object_after_a_role_and_a_name_between_commas() -> None:
    text = "أكد المتحدث باسم قوات الحدود، مازن الربيعي، جاهزية القوات لحماية المنافذ كافة."
    assert said(text) == [("مازن الربيعي", "reported", "جاهزية القوات لحماية المنافذ كافة")]
