"""Posts and headlines: "X: words", "X عن Y: words", "عاجل | X: words", a speaker on its own
line, flags before names, a post repeated or shortened (one statement), labels that name no
one. Short texts written for these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.models import Actor

DAY = date(2025, 6, 1)
TRUMP = Actor("donald-trump", "person", "Donald Trump", "دونالد ترامب", aliases=("ترامب", "Trump"))


def said(text: str) -> list[tuple[str, str]]:
    found = extract_statements(text, published=DAY, actors=[TRUMP])
    return [(s.speaker_name_en or s.speaker_name_ar, s.quote) for s in found]


def test_label_colon_post_and_about_phrase_in_arabic() -> None:
    got = said("🇺🇸\nترامب عن الصين: سنفرض رسوما جديدة على الواردات خلال أسبوعين.")
    assert got == [("Donald Trump", "سنفرض رسوما جديدة على الواردات خلال أسبوعين")]


def test_speaker_on_its_own_line_before_the_words() -> None:
    text = (
        "🇫🇷\nماكرون\n: فرنسا مستعدة لاستضافة محادثات سلام جديدة في باريس.\n\nخبر آخر بلا متحدث هنا."
    )
    assert said(text) == [("ماكرون", "فرنسا مستعدة لاستضافة محادثات سلام جديدة في باريس")]


def test_breaking_headline_label_is_read_and_the_body_restating_it_is_one() -> None:
    text = (
        "عاجل | شركة الموانئ: توقف العمل في الرصيف الشمالي بسبب العاصفة\n\n"
        "شركة الموانئ: توقف العمل في الرصيف الشمالي بسبب العاصفة حتى إشعار آخر."
    )
    got = said(text)
    assert len(got) == 1 and got[0][0] == "شركة الموانئ"
    assert got[0][1].startswith("توقف العمل في الرصيف الشمالي بسبب العاصفة")


def test_repeated_and_shortened_posts_are_one_statement() -> None:
    post = "ترامب: لن نسمح لأحد بتهديد سفننا في البحر بعد اليوم"
    text = f"{post}.\n\n{post[:38]}…\n\n{post}."
    assert len(said(text)) == 1


def test_english_label_post_and_breaking_tag() -> None:
    got = said("BREAKING: Trump on tariffs: We will double them next month if talks fail.")
    assert got == [("Donald Trump", "We will double them next month if talks fail")]


def test_labels_that_name_no_one_give_nothing() -> None:
    assert said("آخر تحديث: 12 مايو 2025 - 10:10 صباحا بتوقيت بغداد") == []
    assert said("Updated: 10:30 GMT, after the meeting in the capital ended") == []
