"""Arabic and English normalisation: the same folding at index and at query time."""

import pytest

from story.lexicon import is_stopword
from story.normalize import (
    arabic_inflections,
    normalize,
    script_of,
    search_key,
    search_keys,
    search_variants,
    strip_arabic_prefix,
    words,
)


def test_hamza_and_alef_forms_fold_to_bare_alef():
    assert normalize("أإآٱا") == "ااااا"


def test_taa_marbuta_alef_maqsura_and_hamza_carriers_fold():
    assert normalize("مقاومة") == "مقاومه"
    assert normalize("على") == "علي"
    assert normalize("مؤتمر") == "موتمر"
    assert normalize("فصائل") == "فصايل"


def test_diacritics_and_tatweel_are_removed():
    assert normalize("الْقُوَّاتُ") == "القوات"
    assert normalize("بـــغـــداد") == "بغداد"


def test_bidi_controls_and_zero_width_marks_do_not_split_words():
    assert words("كير\u200bبي \u202eKirby\u202c") == ["كيربي", "kirby"]


def test_arabic_indic_digits_become_ascii():
    assert normalize("٤٢ يوم") == "42 يوم"


def test_the_article_is_stripped_in_all_its_forms():
    assert strip_arabic_prefix("والامريكيه") == "امريكيه"
    assert strip_arabic_prefix("للخفاجي") == "خفاجي"
    assert strip_arabic_prefix("بالانسحاب") == "انسحاب"


def test_a_word_that_may_carry_a_clitic_is_indexed_with_and_without_it():
    # ب in بغداد is a letter of the word, ل in لبغداد a preposition: keep both readings.
    assert set(search_variants("بغداد")) & set(search_variants("لبغداد"))
    assert set(search_variants("وزير")) & set(search_variants(normalize("الوزير")))
    assert search_variants("قوات") == ("قوات",)


def test_spelling_variants_share_one_search_key():
    assert search_key(normalize("الأمريكية")) == search_key(normalize("الامريكية"))
    assert search_key(normalize("والأمريكيين")) == search_key(normalize("الأمريكي"))
    assert search_keys("المقاومة") == search_keys("مقاومة")


def test_unrelated_words_keep_distinct_keys():
    # A root stemmer would merge these (ISRI makes الأمريكية equal الأمر).
    assert search_key(normalize("الأمريكية")) != search_key(normalize("الأمر"))
    assert search_key("قوات") != search_key("قول")


def test_english_words_are_stemmed_and_irregular_forms_folded():
    assert search_key("withdrawal") == search_key("withdraw")
    assert search_key("torn") == search_key("tear")
    assert search_key("said") == search_key("say")


def test_script_is_decided_by_letters():
    assert script_of("ماذا قال Kirby؟") == "ar"
    assert script_of("what did الخفاجي say?") == "en"


@pytest.mark.parametrize(
    ("word", "also"),
    [
        ("يطرد", {"تطرد", "نطرد", "طرد"}),  # another person, and the bare stem
        ("طردوا", {"طرد"}),  # the plural verb's وا
        ("ستستمر", {"تستمر", "يستمر", "نستمر"}),  # the future's س
        ("معداتها", {"معد"}),  # a second suffix
    ],
)
def test_a_question_word_is_looked_up_in_its_other_inflections(word: str, also: set[str]) -> None:
    key = search_variants(normalize(word))[0]
    assert also <= set(arabic_inflections(key))


def test_inflections_do_not_strip_what_begins_a_noun() -> None:
    # ت begins many nouns (تحسين، تدريب): their stem without it is another word.
    assert "دريب" not in arabic_inflections(search_variants(normalize("تدريب"))[0])
    assert arabic_inflections("withdraw") == () and arabic_inflections("") == ()


@pytest.mark.parametrize("word", ["انهم", "اننا", "منها", "عليهم", "وقد", "فإنه", "what's"])
def test_small_words_with_a_suffix_clitic_or_contraction_are_stopwords(word: str) -> None:
    assert is_stopword(normalize(word))


@pytest.mark.parametrize("word", ["كلي", "عسكري", "قواتها", "وزير", "موقفهم", "kirby's"])
def test_content_words_that_end_like_a_suffix_are_not(word: str) -> None:
    assert not is_stopword(normalize(word))
