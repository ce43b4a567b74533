"""Forms of real writing, fourth round: the outlet a speaker talks to ("لوكالة X"، لـ"X"،
"told Reuters"), a role whose institution is long ("المتحدث باسم وزارة …"), attribution words
between the speaker and the clause, a headline "X : claim", posts that shorten a name, group
pronouns ("its", "it"), appositives and relative clauses between a subject and its verb,
transcript pleasantries and surname labels. Short texts written for these tests."""

from __future__ import annotations

from datetime import date

from story.extract import extract_statements
from story.models import Actor

DAY = date(2024, 5, 3)
OTHER = Actor("someone-else", "person", "Nobody Here", "لا أحد هنا")
GROUP = Actor(
    "kataib-hezbollah",
    "group",
    "Kataib Hezbollah",
    "كتائب حزب الله",
    aliases=("Kataib Hezbollah",),
)
IRAN = Actor("iran", "state", "Iran", "إيران", aliases=("Iran", "إيران"))


def said(text: str, actors: list[Actor] | None = None) -> list[tuple[str, str, str]]:
    found = extract_statements(text, published=DAY, actors=actors or [OTHER])
    return [(s.speaker_name_en or s.speaker_name_ar, s.kind, s.quote) for s in found]


def vias(text: str) -> list[tuple[str, str | None]]:
    found = extract_statements(text, published=DAY, actors=[OTHER])
    return [(s.speaker_name_en or s.speaker_name_ar, s.via) for s in found]


# -- the outlet a speaker talks to ----------------------------------------------------------


def test_outlet_after_the_name_is_the_via_not_the_speaker_in_arabic() -> None:
    text = "وقال النائب عن كتلة البناء سعد الجبوري لوكالة الأنباء المحلية إن الجلسة ستعقد غدا."
    assert said(text) == [("سعد الجبوري", "reported", "الجلسة ستعقد غدا")]
    assert vias(text)[0][1] == "وكالة الأنباء المحلية"


def test_quoted_outlet_after_the_speaker_is_no_quote() -> None:
    text = 'وأكد مصدر أمني لـ"الشبكة الإخبارية" أن القوات اعتقلت ثلاثة مطلوبين في الموصل.'
    assert said(text) == [("مصدر أمني", "reported", "القوات اعتقلت ثلاثة مطلوبين في الموصل")]
    assert vias(text)[0][1] == "الشبكة الإخبارية"


# -- a role whose institution is long --------------------------------------------------------


def roles(text: str) -> list[tuple[str, str]]:
    found = extract_statements(text, published=DAY, actors=[OTHER])
    return [(s.speaker_name_ar, s.speaker_role) for s in found]


def test_spokesman_for_an_institution_with_lil_then_the_name() -> None:
    text = "أعلن المتحدث باسم القائد العام للقوات المسلحة كريم الساعدي أن الحدود مؤمنة بالكامل."
    assert roles(text) == [("كريم الساعدي", "المتحدث باسم القائد العام للقوات المسلحة")]


def test_the_given_name_ali_is_no_preposition_in_a_speakers_name() -> None:
    text = "وقال المتحدث باسم وزارة الكهرباء علي حسين إن الإنتاج سيرتفع في الصيف."
    assert roles(text) == [("علي حسين", "المتحدث باسم وزارة الكهرباء")]


def test_words_to_the_press_are_no_part_of_the_speaker() -> None:
    text = "وقال الوزير سامي الكريمي للصحفيين إن الموازنة ستقر قريبا."
    assert roles(text) == [("سامي الكريمي", "الوزير")]


def test_ali_spelled_with_ya_before_a_construct_is_the_preposition() -> None:
    text = "وقال الوزير سامي الكريمي علي هامش المؤتمر إن الموازنة ستقر قريبا."
    assert roles(text) == [("سامي الكريمي", "الوزير")]


# -- attribution words between the speaker and the clause -------------------------------------


def test_according_to_an_outlet_between_commas_is_no_name() -> None:
    text = "وقال المتحدث باسم وزارة النقل كريم الزبيدي، بحسب الوكالة الرسمية، إن المطار سيفتح غدا."
    assert said(text) == [("كريم الزبيدي", "reported", "المطار سيفتح غدا")]


def test_an_interview_adjunct_before_the_verb_is_how_not_what() -> None:
    text = "وفي حديث لقناة محلية، رأى النائب عن كتلة البناء سعد الجبوري أن الانتخابات ستؤجل."
    assert said(text) == [("سعد الجبوري", "reported", "الانتخابات ستؤجل")]
    assert vias(text)[0][1] == "قناة محلية"


def test_an_opinion_verb_whose_complementizer_follows_the_subject_and_the_outlet() -> None:
    text = "ورأى النائب سعد الجبوري في حديث لقناة محلية أن الانتخابات ستؤجل إلى الخريف."
    assert said(text) == [("سعد الجبوري", "reported", "الانتخابات ستؤجل إلى الخريف")]


def test_according_to_an_unnamed_source_in_arabic() -> None:
    text = 'وبحسب مصدر حكومي تحدث لـ"الشبكة"، فإن الحكومة تدرس تقليص عدد المستشارين إلى النصف.'
    assert said(text) == [("مصدر حكومي", "reported", "الحكومة تدرس تقليص عدد المستشارين إلى النصف")]


def test_according_to_vague_sources_gives_nothing() -> None:
    assert said("وبحسب مصادر مطلعة، فإن الحكومة تدرس تقليص عدد المستشارين إلى النصف.") == []


# -- a TV-interview report: «» quotes, hashtags, participles with vowel marks ----------------


def test_tv_interview_report_with_hashtags_and_vowelled_participles() -> None:
    text = (
        "أكد وزير التخطيط #سامي_الكريمي، أن «الموازنة ستقر قبل نهاية #الشهر_الحالي».\n\n"
        "وأضاف في مقابلة متلفزة، أن «الرواتب لن تتأخر عن موعدها».\n\n"
        "مُبيّناً، أن «العجز سينخفض إلى النصف في العام المقبل».\n\n"
        "ولفت فيما يتعلق بالملف النفطي، إلى أن «الصادرات سترتفع في الصيف».\n\n"
        "#العراق #الموازنة"
    )
    got = said(text)
    assert [name for name, _, _ in got] == ["سامي الكريمي"] * 4
    assert [kind for _, kind, _ in got] == ["direct"] * 4
    assert got[2][2] == "العجز سينخفض إلى النصف في العام المقبل"
    assert got[3][2] == "الصادرات سترتفع في الصيف"


def test_a_word_with_vowel_marks_is_one_word() -> None:
    got = said("وقال الوزير سامي الكريمي إنّ المطارَ سيُفتح غداً أمام الرحلات.")
    assert got == [("سامي الكريمي", "reported", "المطارَ سيُفتح غداً أمام الرحلات")]


# -- role-only speakers: the person the text introduces with that role -------------------------

MINISTRY = Actor(
    "ministry-of-oil", "institution", "Ministry of Oil", "وزارة النفط", aliases=("وزارة النفط",)
)
PENTAGON = Actor(
    "pentagon", "institution", "Pentagon", "البنتاغون", aliases=("Pentagon", "البنتاغون")
)
ADVISER = Actor(
    "old-spokesman",
    "person",
    "Rafe Colton",
    "رايف كولتون",
    role_en="Pentagon spokesman",
)
REGION = Actor(
    "basra-province", "state", "Basra Province", "محافظة البصرة", aliases=("محافظة البصرة",)
)


def test_a_title_of_an_institution_is_the_person_named_with_it_in_arabic() -> None:
    text = (
        "قال محافظ محافظة البصرة، سامي الكريمي، الأربعاء، إن الميناء سيفتح غدا.\n\n"
        "ورأى محافظ محافظة البصرة أن الاستثمار سيتضاعف في العام المقبل."
    )
    got = said(text, [REGION, OTHER])
    assert [name for name, _, _ in got] == ["سامي الكريمي", "سامي الكريمي"]


def test_a_title_of_a_region_is_its_holder_even_spelt_another_way() -> None:
    text = (
        "قال رئيس إقليم كوردستان، سامي الكريمي، الأربعاء، إن الإقليم ملتزم بالاتفاق.\n\n"
        "ورأى رئيس إقليم كردستان، أن «الحوار هو الطريق الوحيد مع بغداد»."
    )
    assert [name for name, _, _ in said(text)] == ["سامي الكريمي", "سامي الكريمي"]


def test_a_spokesman_of_an_institution_is_no_institution_in_arabic() -> None:
    text = "وأكد المتحدث باسم وزارة النفط أن الصادرات سترتفع الشهر المقبل."
    found = extract_statements(text, published=DAY, actors=[MINISTRY, OTHER])
    assert [(s.speaker_id, s.speaker_name_ar) for s in found] == [
        (None, "المتحدث باسم وزارة النفط")
    ]


def test_a_name_after_a_role_the_pack_knows_is_the_speaker() -> None:
    text = "Pentagon spokesman Dale Mercer said talks with Baghdad were continuing."
    assert said(text, [PENTAGON, ADVISER]) == [
        ("Dale Mercer", "reported", "talks with Baghdad were continuing")
    ]


def test_an_institutions_spokesman_by_role_is_the_one_named_before_in_english() -> None:
    text = (
        "Pentagon spokesman Dale Mercer said talks with Baghdad were continuing. "
        "A Pentagon spokesman later said that no decision had been made on troop numbers."
    )
    got = said(text, [PENTAGON, OTHER])
    assert [name for name, _, _ in got] == ["Dale Mercer", "Dale Mercer"]


def test_an_institutions_spokesman_unnamed_is_a_role_not_the_institution() -> None:
    found = extract_statements(
        "A Pentagon spokesman said that no decision had been made on troop numbers.",
        published=DAY,
        actors=[PENTAGON, OTHER],
    )
    assert [(s.speaker_id, s.speaker_name_en) for s in found] == [(None, "Pentagon spokesman")]


# -- English subjects with an aside before the verb, tell-verbs, group pronouns -----------------


def test_an_appositive_between_subject_and_verb_is_not_the_speaker() -> None:
    text = "Kataib Hezbollah, an Iran-backed armed group, said in a statement that its fighters "
    text += "would resume operations."
    got = said(text, [GROUP, IRAN])
    assert got == [("Kataib Hezbollah", "reported", "its fighters would resume operations")]


def test_a_relative_clause_between_subject_and_verb_is_not_the_speaker() -> None:
    text = (
        "An Iraqi security official, who asked not to be named because he was not authorised "
        "to speak to Reuters, told Reuters that two rockets were fired toward the base."
    )
    found = extract_statements(text, published=DAY, actors=[OTHER])
    assert [(s.speaker_name_en, s.via) for s in found] == [("Iraqi security official", "Reuters")]


def test_told_an_outlet_after_the_clause_is_the_via() -> None:
    text = (
        "Iraq wants the coalition to set a firm date for ending its mission, Foreign Minister "
        "Karim Haddad told Reuters on Thursday."
    )
    found = extract_statements(text, published=DAY, actors=[OTHER])
    assert [(s.speaker_name_en, s.quote, s.via) for s in found] == [
        (
            "Karim Haddad",
            "Iraq wants the coalition to set a firm date for ending its mission",
            "Reuters",
        )
    ]


def test_it_and_its_refer_to_the_group_that_spoke() -> None:
    text = (
        "Kataib Hezbollah said on Sunday that it would suspend its operations. "
        "It said its fighters would defend themselves if attacked."
    )
    got = said(text, [GROUP, IRAN])
    assert [name for name, _, _ in got] == ["Kataib Hezbollah", "Kataib Hezbollah"]


# -- transcripts --------------------------------------------------------------------------------

PRESIDENT = Actor(
    "the-president", "person", "Dana Whitfield", "دانا ويتفيلد", role_en="President of the Union"
)


def test_i_said_in_a_turn_is_the_turns_speaker_not_the_last_one_reported() -> None:
    text = (
        "Q Will the President speak tonight?\n\n"
        "MR. OKAFOR: The President said he will respond at a time of his choosing.\n\n"
        "Q Understood.\n\n"
        "MR. OKAFOR: But as I said, these responses began tonight, and they will go on.\n\n"
        "Remarks by spokesman Ruth Okafor"
    )
    got = said(text, [PRESIDENT, OTHER])
    assert got[-1] == (
        "Ruth Okafor",
        "direct",
        "But as I said, these responses began tonight, and they will go on.",
    )


# -- headlines and posts ------------------------------------------------------------------------


def test_a_title_x_space_colon_claim_is_the_persons_statement() -> None:
    text = (
        "الكريمي : الموازنة لن تمر قبل حسم رواتب المتقاعدين\n\n"
        "قال وزير المالية سامي الكريمي، الثلاثاء، إن البرلمان سيصوت على القانون الشهر المقبل."
    )
    got = said(text)
    assert got == [
        ("سامي الكريمي", "reported", "الموازنة لن تمر قبل حسم رواتب المتقاعدين"),
        ("سامي الكريمي", "reported", "البرلمان سيصوت على القانون الشهر المقبل"),
    ]


def test_a_title_that_names_a_place_or_a_topic_is_no_statement() -> None:
    assert said("الانتخابات العراقية: المفوضية تعلن النتائج الأولية\n\nنص بلا متحدث.") == []
    assert said("Iraq: the long road home after the war ends\n\nText with no speaker.") == []


def test_a_post_shortened_under_the_surname_is_one_statement() -> None:
    text = (
        "🇮🇶 سامي الكريمي\n: على الحكومة أن تضع جدولاً زمنياً لخروج القوات قبل نهاية العام\n\n"
        "الكريمي: على الحكومة أن تضع جدولاً زمنياً لخروج القوات…\n\n"
        "صور من الاجتماع"
    )
    got = said(text)
    assert [name for name, _, _ in got] == ["سامي الكريمي"]


def test_a_post_label_with_the_channel_spoken_to() -> None:
    text = "خبر\n\nالمحلل السياسي علي البيدر لقناة محلية: الحكومة أمام اختبار صعب في ملف الفصائل"
    found = extract_statements(text, published=DAY, actors=[OTHER])
    assert [(s.speaker_name_ar, s.quote, s.via) for s in found] == [
        ("علي البيدر", "الحكومة أمام اختبار صعب في ملف الفصائل", "قناة محلية")
    ]


def test_a_family_name_then_the_day_before_the_object() -> None:
    text = (
        "نفى المتحدث باسم وزارة الداخلية اللواء خالد المحنا، اليوم الأحد، وجود أي خرق أمني "
        "في محيط المطار، مؤكداً أن القوات تسيطر على المداخل بالكامل."
    )
    assert said(text) == [
        ("خالد المحنا", "reported", "وجود أي خرق أمني في محيط المطار"),
        ("خالد المحنا", "reported", "القوات تسيطر على المداخل بالكامل"),
    ]


def test_long_pleasantries_in_a_turn_are_no_statements() -> None:
    text = (
        "Q Thanks. What about the bases?\n\n"
        "MR. HADDAD: Well, thank you very much for the question, and thanks to all of you for "
        "being here tonight with us.\n\n"
        "Q And the timeline?\n\n"
        "MR. HADDAD: It is a pleasure to be with you all today, and I appreciate your patience. "
        "The troops will stay until the mission is complete, and we will set no deadline.\n"
    )
    got = said(text)
    assert [q for _, _, q in got] == [
        "The troops will stay until the mission is complete, and we will set no deadline."
    ]


# -- agency-digest clauses: one speaker after another in a sentence -----------------------------


def test_digest_clauses_each_with_its_speaker_in_english() -> None:
    text = (
        "Karim Haddad, the oil minister, said exports would rise next month; Sami Nouri, the head "
        "of the state oil company, said the cargoes would go to Asia."
    )
    assert said(text) == [
        ("Karim Haddad", "reported", "exports would rise next month"),
        ("Sami Nouri", "reported", "the cargoes would go to Asia"),
    ]


def test_digest_clauses_each_with_its_speaker_in_arabic() -> None:
    text = (
        "قال وزير النفط سامي الكريمي إن الصادرات سترتفع؛ بينما قال رئيس شركة التسويق كريم حداد "
        "إن الشحنات ستذهب إلى آسيا."
    )
    assert said(text) == [
        ("سامي الكريمي", "reported", "الصادرات سترتفع"),
        ("كريم حداد", "reported", "الشحنات ستذهب إلى آسيا"),
    ]


def test_a_second_speaker_after_but_is_a_new_statement() -> None:
    text = (
        "The militia blamed the coalition for the assault but the Islamic State group claimed "
        "its fighters had targeted the militiamen."
    )
    got = said(text)
    assert got[-1] == (
        "the Islamic State group",
        "reported",
        "its fighters had targeted the militiamen",
    )


def test_introductions_and_deflections_in_turns_are_no_statements_and_labels_resolve() -> None:
    text = (
        "Briefing by Press Secretary Nora Bell and Deputy Press Secretary Sabrina Osei\n\n"
        "MS. BELL: Good afternoon, everyone.\n\n"
        "Today I have with me Deputy Press Secretary Sabrina Osei and two senior officials.\n\n"
        "Q Is there a timeline for the withdrawal from the bases?\n\n"
        "OSEI: I'm not going to get ahead of the talks. The working groups will meet again next "
        "month in Baghdad to review the threat.\n"
    )
    assert said(text) == [
        (
            "Sabrina Osei",
            "direct",
            "The working groups will meet again next month in Baghdad to review the threat.",
        )
    ]


# -- more of the wire: a long subject after a quote, "told AFP <clause>", a role then a name ----

SPOKESMAN = Actor(
    "old-press-secretary",
    "person",
    "Rafe Colton",
    "رايف كولتون",
    role_en="Pentagon press secretary",
)


def test_a_quote_then_a_subject_with_its_appositive_then_said() -> None:
    text = (
        '"We announce the suspension of our operations against the foreign forces," the '
        "group's secretary general, Abu Karar al-Hasani, said in a statement."
    )
    got = said(text)
    assert [(name, kind) for name, kind, _ in got] == [("Abu Karar al-Hasani", "direct")]


def test_told_an_outlet_then_a_clause_with_no_that() -> None:
    text = "A senior Iraqi official told AFP the decision followed intense pressure from Baghdad."
    found = extract_statements(text, published=DAY, actors=[OTHER])
    assert [(s.speaker_name_en, s.quote, s.via) for s in found] == [
        ("senior Iraqi official", "the decision followed intense pressure from Baghdad", "AFP")
    ]


def test_according_to_a_role_the_pack_knows_then_another_name() -> None:
    text = (
        "According to Pentagon press secretary Dale Mercer, the United States had not received "
        "any request to pull its troops out."
    )
    got = said(text, [SPOKESMAN, OTHER])
    assert [name for name, _, _ in got] == ["Dale Mercer"]


def test_post_labels_with_a_role_linked_by_an_and_an_addressee() -> None:
    text = (
        "🔻 النائب عن كتلة البناء سعد الجبوري:\nالبرلمان سيصوت على القرار خلال الجلسة المقبلة\n\n"
        "🔻 وزير الخارجية كريم حداد لنظيره التركي: العراق يرفض أن يكون ساحة للصراع"
    )
    assert [name for name, _, _ in said(text)] == ["سعد الجبوري", "كريم حداد"]
