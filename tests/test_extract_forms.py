"""Forms of real writing found in a second round: a quote closed with its opening mark
(“…“), sentences run together with no space after the full stop, a speaker named again by
role alone, two claims that open with the same words. Short texts written for these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.models import Actor

DAY = date(2025, 3, 4)
OTHER = Actor("someone-else", "person", "Nobody Here", "لا أحد هنا")


def said(text: str) -> list[tuple[str, str, str]]:
    found = extract_statements(text, published=DAY, actors=[OTHER])
    return [(s.speaker_name_en or s.speaker_name_ar, s.kind, s.quote) for s in found]


def test_quote_closed_with_its_opening_mark_in_arabic() -> None:
    text = (
        "وقال الوزير سامي الكريمي إن “الموازنة ستقر قبل نهاية الشهر“. "
        "وأضاف أن “الرواتب لن تتأخر عن موعدها“."
    )
    got = said(text)
    assert [(k, q) for _, k, q in got] == [
        ("direct", "الموازنة ستقر قبل نهاية الشهر"),
        ("direct", "الرواتب لن تتأخر عن موعدها"),
    ]


def test_arabic_sentences_run_together_after_a_full_stop() -> None:
    text = (
        "أكد المحافظ ناجي الساعدي أن المشروع سيكتمل في الصيف.وبشأن الطرق الجديدة "
        "في المدينة القديمة فإن العمل ما زال مستمرا منذ عامين."
    )
    got = said(text)
    assert got == [("ناجي الساعدي", "reported", "المشروع سيكتمل في الصيف")]


def test_speaker_named_again_by_role_alone_in_arabic() -> None:
    text = (
        "أكد المتحدث باسم وزارة النقل كريم الزبيدي أن المطار سيفتح غدا. "
        "وأكد المتحدث باسم الوزارة أن الرحلات ستعود تدريجيا."
    )
    got = said(text)
    assert [name for name, _, _ in got] == ["كريم الزبيدي", "كريم الزبيدي"]


def test_two_claims_that_open_alike_stay_two() -> None:
    text = (
        "قال الوزير سامي الكريمي إن العراق يقوم بدور مهم في حل الأزمة بين البلدين. "
        "وأضاف أن العراق يقوم بدور مهم في دعم الاستقرار ومكافحة الإرهاب في المنطقة."
    )
    assert len(said(text)) == 2


def test_a_long_text_is_read_whole() -> None:
    from story.extract.pipeline import WINDOW

    said_first = "وقال الوزير سامي الكريمي إن الموازنة ستقر قبل نهاية الشهر الجاري.\n\n"
    filler = "خبر عن الطقس في المدينة اليوم بلا متحدث.\n\n" * (2 * WINDOW // 40)
    said_last = "وقال الوزير ناجي الساعدي إن الجسر سيفتح في الصيف المقبل."
    got = said(said_first + filler + said_last)
    assert [q for _, _, q in got] == [
        "الموازنة ستقر قبل نهاية الشهر الجاري",
        "الجسر سيفتح في الصيف المقبل",
    ]


def test_role_then_name_between_commas_then_a_day_then_the_clause() -> None:
    text = "قال رئيس هيئة الموانئ، سامي الكريمي، الأربعاء، أن الأرصفة ستفتح بعد أسبوع."
    assert said(text) == [("سامي الكريمي", "reported", "الأرصفة ستفتح بعد أسبوع")]


def test_a_weekday_after_the_name_is_no_part_of_it() -> None:
    text = "قال رئيس هيئة الموانئ سامي الكريمي الأربعاء أن الأرصفة ستفتح بعد أسبوع."
    assert said(text) == [("سامي الكريمي", "reported", "الأرصفة ستفتح بعد أسبوع")]


def test_a_name_between_commas_after_an_institution_role() -> None:
    found = extract_statements(
        "وقال رئيس هيئة الموانئ، سامي الكريمي، إن الأرصفة ستفتح بعد أسبوع.",
        published=DAY,
        actors=[OTHER],
    )
    assert [(s.speaker_name_ar, s.speaker_role) for s in found] == [
        ("سامي الكريمي", "رئيس هيئة الموانئ")
    ]
