"""Forms of real writing, sixth round: a sentence adverb before a name ("Then X said"), an
adjective of a role (رئيس الوزراء العراقي), an acronym spelled out earlier ("IS", "IHEC"),
"the militia" against "the militia's deputy", a speaker given by role and named further on,
", al-X added.", a verb whose object only names a claim ("denied the allegation"), a body
named with the article before its object (نفت الوزارة وجود …), hand-overs in transcript
turns, and turn labels resolved to the person the text introduces. Short texts written for
these tests."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from story.extract import extract_statements
from story.models import Actor

DAY = date(2024, 5, 3)  # a Friday
OTHER = Actor("someone-else", "person", "Nobody Here", "لا أحد هنا")


def said(text: str, actors: list[Actor] | None = None) -> list[tuple[str, str, str]]:
    found = extract_statements(text, published=DAY, actors=actors or [OTHER])
    return [(s.speaker_name_en or s.speaker_name_ar, s.kind, s.quote) for s in found]


def who(text: str, actors: list[Actor] | None = None) -> list[tuple[str, str]]:
    """(speaker, role) of each statement."""
    found = extract_statements(text, published=DAY, actors=actors or [OTHER])
    return [(s.speaker_name_en or s.speaker_name_ar, s.speaker_role) for s in found]


# -- a sentence adverb is no part of the name ------------------------------------------------


def test_then_before_a_surname_is_not_part_of_the_speaker() -> None:
    text = "Then Halvorsen said the troops would stay in the country for another year."
    assert said(text) == [
        ("Halvorsen", "reported", "the troops would stay in the country for another year")
    ]


def test_meanwhile_before_a_full_name_is_not_part_of_the_speaker() -> None:
    text = "Meanwhile Ruth Okafor said the bridge would reopen to traffic next month."
    assert who(text) == [("Ruth Okafor", "")]


# -- an adjective of a role is part of the role ----------------------------------------------


def test_a_country_adjective_after_a_role_is_the_role_not_a_name() -> None:
    text = "وقال رئيس الوزراء العراقي إن القوات ستبقى في البلاد عاما آخر."
    assert who(text) == [("رئيس الوزراء العراقي", "رئيس الوزراء العراقي")]


def test_a_nisba_surname_after_a_given_name_is_still_the_name() -> None:
    text = "وقال وزير الخارجية الفرنسي جان لودريان إن القوات ستبقى في البلاد عاما آخر."
    assert who(text) == [("جان لودريان", "وزير الخارجية الفرنسي")]


# -- an acronym is the name spelled out before -----------------------------------------------


def test_is_in_capitals_is_the_group_not_the_verb() -> None:
    text = (
        "The Islamic State group claimed the raid. In an online statement, IS said it "
        "staged the attack on the village near the border."
    )
    found = said(text)
    assert ("Islamic State", "reported", "it staged the attack on the village near the border") in (
        found
    )


def test_an_acronym_speaker_takes_the_name_the_text_spelled_out() -> None:
    text = (
        "Voting ended on Sunday. The Independent High Electoral Commission published the "
        "count. IHEC said turnout reached 41 percent in the first round."
    )
    assert who(text) == [("Independent High Electoral Commission", "")]


def test_an_acronym_never_spelled_out_stays_as_written() -> None:
    text = "In a statement, UNAMA said the talks would resume after the holiday."
    assert who(text) == [("UNAMA", "")]


# -- "the militia" is the group, not its deputy ----------------------------------------------


def test_the_militia_refers_to_the_group_not_to_the_militias_deputy() -> None:
    text = (
        "The Green Brigade, a militia active near the border, said Tuesday that ten of its "
        "fighters were killed in the raid. According to the militia's deputy commander, Karim "
        "Haddad, the fighters were hit by artillery fire near the river.\n"
        'The militia vowed "this attack will not go unanswered."'
    )
    assert [s[0] for s in said(text)] == ["Green Brigade", "Karim Haddad", "Green Brigade"]


# -- a speaker given by role first, named further on -----------------------------------------


def test_a_role_only_speaker_is_the_person_named_later_with_that_role_in_english() -> None:
    text = (
        "The deputy leader of the movement, known as the Green Brigade, accused the army of "
        "shelling the village on Monday.\n"
        "According to the movement's deputy leader, Karim Haddad, the shells came from across "
        "the river."
    )
    assert [s[0] for s in said(text)] == ["Karim Haddad", "Karim Haddad"]


def test_a_role_only_speaker_is_the_person_named_later_with_that_role_in_arabic() -> None:
    text = (
        "وقال نائب رئيس الحركة إن القصف جاء من الضفة الأخرى للنهر. وبحسب نائب رئيس الحركة "
        "سامي الكريمي، فإن عشرة من المقاتلين أصيبوا."
    )
    assert [s[0] for s in said(text)] == ["سامي الكريمي", "سامي الكريمي"]


def test_a_role_only_speaker_stays_when_two_people_fit_the_role() -> None:
    text = (
        "The deputy minister said the plant would close in June. Deputy minister Karim Haddad "
        "said the workers would be paid. Deputy minister Lena Brandt said the site would be "
        "sold."
    )
    assert [s[0] for s in said(text)] == ["The deputy minister", "Karim Haddad", "Lena Brandt"]


def test_an_indefinite_role_is_someone_unnamed_not_the_person_named_next() -> None:
    text = (
        "A deputy minister said the plant would close in June. Deputy minister Karim Haddad "
        "said the workers would be paid."
    )
    assert said(text)[0][0] != "Karim Haddad"


def test_the_militia_words_inside_a_role_do_not_name_the_member() -> None:
    text = (
        "A spokesman for the movement said the convoy was hit twice. Karim Haddad, the "
        "movement's leader, said the fighters would hold their positions."
    )
    assert said(text)[0][0] != "Karim Haddad"


# -- ", al-X added." after the clause --------------------------------------------------------


def test_a_clause_before_al_surname_added_is_the_persons() -> None:
    text = (
        "Commander Karim al-Haddad said the shells came from the river. At least twenty "
        "fighters were wounded, al-Haddad added."
    )
    assert said(text) == [
        ("Karim al-Haddad", "reported", "the shells came from the river"),
        ("Karim al-Haddad", "reported", "At least twenty fighters were wounded"),
    ]


# -- an object that only names a claim -------------------------------------------------------


def test_denied_the_allegations_is_no_statement_but_its_reason_is() -> None:
    assert said("The ministry denied the allegations.") == []
    text = "The ministry denied the allegations, saying that no prisoner had been harmed."
    assert said(text) == [("The ministry", "reported", "no prisoner had been harmed")]


def test_denied_allegations_of_something_keeps_the_something() -> None:
    text = "The ministry denied the allegations of torture in the prison."
    assert said(text) == [
        ("The ministry", "reported", "the allegations of torture in the prison")
    ]


def test_nafat_hadhihi_al_anba_is_no_statement() -> None:
    assert said("ونفت الوزارة هذه الأنباء.") == []
    assert said("ونفت الحكومة الاتهامات.") == []


# -- a body named with the article, then the verb's object -----------------------------------


def test_a_ministry_with_the_article_ends_before_the_object() -> None:
    text = "ونفت الوزارة وجود أي قوات أجنبية في المدينة."
    assert said(text) == [("الوزارة", "reported", "وجود أي قوات أجنبية في المدينة")]


def test_a_feminine_title_with_the_article_still_takes_the_name() -> None:
    text = "وقالت المتحدثة سارة الكريمي إن القوات ستبقى."
    assert who(text) == [("سارة الكريمي", "المتحدثة")]


# -- transcripts: hand-overs and the room's procedure ----------------------------------------

BRIEFING = """MR. HALVORSEN: Good afternoon. The convoy left the base on Monday morning and \
reached the border crossing before dawn without any losses. And with that, I am going to \
turn it over to Colonel Lena Brandt, who runs the logistics cell, for a little more \
detail on the route itself.

COLONEL BRANDT: Thank you, sir. Go ahead and put the first slide up, please, so that everyone \
in the room can follow along with me.

Q Thanks. When did the convoy leave?

COLONEL BRANDT: The trucks carried fuel and medicine for three towns in the valley, and all of \
them arrived before noon.
"""


def test_a_long_hand_over_sentence_is_not_a_statement() -> None:
    quotes = [q for _, _, q in said(BRIEFING)]
    assert not any("turn it over" in q for q in quotes)
    assert quotes[0].startswith("The convoy left the base")


def test_a_turn_of_procedure_gives_nothing() -> None:
    quotes = [q for _, _, q in said(BRIEFING)]
    assert not any("slide" in q for q in quotes)
    assert said(BRIEFING)[-1][0] == "Lena Brandt"


def test_a_turn_never_gives_more_than_four_runs() -> None:
    sentences = " ".join(
        f"The {n}th convoy carried fuel and medicine to the towns of the valley on time."
        for n in range(4, 16)
    )
    text = (
        f"MR. HALVORSEN: {sentences} As Mayor Oskar Vidal said, the roads will stay open all "
        "winter. The bridge held.\n\nQ Thanks. When did it leave?\n\nMR. HALVORSEN: Monday."
    )
    mine = [s for s in said(text) if s[0] == "Halvorsen"]
    assert 1 <= len(mine) <= 4


# -- transcripts: the turn label and the pack ------------------------------------------------

KIRBY_A = Actor("daniel-okafor", "person", "Daniel Okafor", "دانيال أوكافور")
KIRBY_B = Actor("grace-okafor", "person", "Grace Okafor", "غريس أوكافور")

TURNS = """MR. OKAFOR: The convoy left the base on Monday morning and reached the border crossing \
before dawn without any losses.

Q When will it come back?

MR. OKAFOR: The trucks will come back next week once the roads in the valley are cleared.
"""


def test_a_turn_label_is_the_person_the_text_introduces_not_a_pack_namesake() -> None:
    text = "Remarks by press secretary Ruth Okafor on the convoy.\n\n" + TURNS
    assert {s[0] for s in said(text, [KIRBY_A])} == {"Ruth Okafor"}


def test_a_turn_label_with_one_pack_person_of_that_surname_is_that_person() -> None:
    assert {s[0] for s in said(TURNS, [KIRBY_A])} == {"Daniel Okafor"}


def test_a_turn_label_with_two_pack_namesakes_and_no_introduction_guesses_neither() -> None:
    names = {s[0] for s in said(TURNS, [KIRBY_A, KIRBY_B])}
    assert names == {"Okafor"}


def test_a_turn_label_with_the_pack_person_introduced_in_full_is_that_person() -> None:
    text = "Remarks by press secretary Grace Okafor on the convoy.\n\n" + TURNS
    assert {s[0] for s in said(text, [KIRBY_A, KIRBY_B])} == {"Grace Okafor"}


# -- labels: first person is the speaker's own words ------------------------------------------


def test_a_label_with_first_person_words_is_direct_in_arabic() -> None:
    assert said("كتائب الفتح: قررنا تعليق العمليات العسكرية حتى إشعار آخر.") == [
        ("كتائب الفتح", "direct", "قررنا تعليق العمليات العسكرية حتى إشعار آخر")
    ]


def test_a_label_without_first_person_stays_reported_in_arabic() -> None:
    found = said("كتائب الفتح: الحكومة مسؤولة عن حماية المقرات في المدينة.")
    assert [k for _, k, _ in found] == ["reported"]


def test_a_label_with_first_person_words_is_direct_in_english() -> None:
    found = said("Green Brigade: We will not leave the city before the talks end.")
    assert [k for _, k, _ in found] == ["direct"]


def test_us_in_capitals_after_a_label_is_no_first_person() -> None:
    found = said("Green Brigade: US forces must leave the city before the talks end.")
    assert [k for _, k, _ in found] == ["reported"]


# -- labels: "قيادي بالحشد:"، "فصيل بـ X:" — a role, no name -------------------------------------


def test_a_title_with_bal_names_where_it_serves_not_a_name() -> None:
    assert who("قيادي بالحشد: الهجوم لن يمر دون رد وسنحاسب المسؤولين عنه.") == [
        ("قيادي بالحشد", "قيادي بالحشد")
    ]
    text = "وقال القيادي بالحشد سامي الكريمي إن الهجوم لن يمر دون رد."
    assert who(text) == [("سامي الكريمي", "القيادي بالحشد")]


RESISTANCE = Actor(
    "resistance",
    "group",
    "Islamic Resistance in Iraq",
    "المقاومة الإسلامية في العراق",
    aliases=("المقاومة الإسلامية في العراق", "المقاومة الإسلامية"),
)


def test_a_faction_of_a_group_is_the_faction_not_the_group() -> None:
    for text in (
        "فصيل بالمقاومة الإسلامية في العراق: سنرد على أي اعتداء يطال مقراتنا في بغداد.",
        "فصيل بـ المقاومة الإسلامية: سنرد على أي اعتداء يطال مقراتنا.",
    ):
        found = extract_statements(text, published=DAY, actors=[RESISTANCE])
        assert [(s.speaker_id, s.speaker_name_ar, s.kind) for s in found] == [
            (None, "فصيل بالمقاومة الإسلامية", "direct")
        ]


# -- a known name that holds a preposition ----------------------------------------------------


def test_a_known_name_holding_a_preposition_is_the_subject_after_the_verb() -> None:
    text = "وقالت المقاومة الإسلامية في العراق إن الهجوم لن يمر دون رد."
    found = extract_statements(text, published=DAY, actors=[RESISTANCE])
    assert [(s.speaker_id, s.quote) for s in found] == [("resistance", "الهجوم لن يمر دون رد")]


def test_a_known_name_holding_a_preposition_is_the_label() -> None:
    text = "المقاومة الإسلامية في العراق: استهدفنا قاعدة للاحتلال بطائرة مسيرة."
    found = extract_statements(text, published=DAY, actors=[RESISTANCE])
    assert [(s.speaker_id, s.kind) for s in found] == [("resistance", "direct")]


# -- "describing X as Y" ---------------------------------------------------------------------


def test_describing_something_as_something_is_a_claim_of_the_running_speaker() -> None:
    text = (
        "Commander Karim Haddad said the army must leave, describing its presence as a "
        "threat to the valley."
    )
    assert said(text) == [
        ("Karim Haddad", "reported", "the army must leave"),
        ("Karim Haddad", "reported", "its presence as a threat to the valley"),
    ]


def test_described_as_is_a_claim_and_describing_without_as_is_none() -> None:
    text = "Commander Karim Haddad described the talks as a waste of time for both sides."
    assert said(text) == [
        ("Karim Haddad", "reported", "the talks as a waste of time for both sides")
    ]
    assert said("Commander Karim Haddad described the bridge to the visitors.") == []


# -- an institution, a title, then the person ------------------------------------------------

DEFENSE = Actor(
    "defense-ministry", "office", "Defense Ministry", "وزارة الدفاع", aliases=("Pentagon",)
)


def test_an_institution_then_a_title_then_a_name_is_the_person() -> None:
    text = "“We have nothing to add to this,” Pentagon Press Secretary Karl Weston said."
    found = extract_statements(text, published=DAY, actors=[DEFENSE])
    assert [(s.speaker_id, s.speaker_name_en, s.speaker_role) for s in found] == [
        (None, "Karl Weston", "Pentagon Press Secretary")
    ]


def test_ranks_with_full_stops_between_title_and_name_keep_the_quote() -> None:
    text = (
        "“We have nothing to add to the announcement,” Pentagon Press Secretary Maj. Gen. "
        "Karl Weston replied when asked about the report."
    )
    found = extract_statements(text, published=DAY, actors=[DEFENSE])
    assert [(s.speaker_name_en, s.kind) for s in found] == [("Karl Weston", "direct")]


def test_an_institution_alone_still_speaks() -> None:
    found = extract_statements(
        "A Pentagon spokesman said the troops would stay.", published=DAY, actors=[DEFENSE]
    )
    assert [s.speaker_id for s in found] == [None]
    found = extract_statements(
        "The Pentagon said the troops would stay.", published=DAY, actors=[DEFENSE]
    )
    assert [s.speaker_id for s in found] == ["defense-ministry"]


# -- a short quote that runs on after "…," X said. ------------------------------------------


def test_a_short_quote_sentence_after_an_attributed_quote_is_the_same_speakers() -> None:
    text = (
        "“The troops will stay,” Commander Karl Weston said. “So there will be "
        "consequences.”"
    )
    assert said(text) == [
        ("Karl Weston", "direct", "The troops will stay"),
        ("Karl Weston", "direct", "So there will be consequences."),
    ]


def test_a_short_quote_sentence_after_an_attributed_quote_in_arabic() -> None:
    text = "«لن نسمح بأي انتهاك لسيادة البلاد»، قال الوزير سامي الكريمي. «سنرد في الوقت المناسب»."
    assert [s[0] for s in said(text)] == ["سامي الكريمي", "سامي الكريمي"]


def test_a_short_quote_in_a_new_paragraph_is_not_taken() -> None:
    text = (
        "“We will not move,” Commander Karim Haddad said. The town was quiet.\n"
        "“Nobody here wants war.”"
    )
    assert [q for _, _, q in said(text)] == ["We will not move"]


# -- a headline given by role, the body naming the speaker -----------------------------------

FACTION = Actor("green-brigade", "group", "Green Brigade", "كتائب الخضراء", aliases=("الخضراء",))


def test_a_headline_by_role_is_the_person_the_body_names_with_that_role() -> None:
    text = (
        "قيادي بالحشد: الهجوم على المقر لن يمر دون رد\n"
        "وقال القيادي في الحشد سامي الكريمي إن الفصائل ستحاسب المسؤولين عن الهجوم على المقر "
        "في الوقت المناسب.\n"
    )
    assert {s[0] for s in said(text)} == {"سامي الكريمي"}


def test_a_headline_faction_is_the_faction_the_body_names_after_that_word() -> None:
    text = (
        "فصيل بالمقاومة: قررنا تعليق العمليات\n"
        'أعلن فصيل "الخضراء" أن الفصائل قررت تعليق العمليات العسكرية حتى إشعار آخر.\n'
    )
    found = extract_statements(text, published=DAY, actors=[FACTION])
    assert [(s.speaker_id, s.kind) for s in found] == [
        ("green-brigade", "direct"),
        ("green-brigade", "reported"),
    ]


def test_a_headline_by_role_with_nobody_named_keeps_the_role() -> None:
    text = "مصدر أمني: الهجوم على المقر لن يمر دون رد\nوشهدت المدينة هدوءا حذرا صباح اليوم.\n"
    assert said(text) == [("مصدر أمني", "reported", "الهجوم على المقر لن يمر دون رد")]


# -- a post's speaker on its own line, then "أن …" -------------------------------------------


def test_a_name_line_then_an_an_clause_is_that_speakers_statement() -> None:
    text = (
        "🇮🇶\nحركة انصار الحق الاوفياء\n"
        "أن مراجعة العلاقات مع الجار أصبحت ضرورة وطنية في ظل ما جرى.\n"
    )
    assert said(text) == [
        (
            "حركة انصار الحق الاوفياء",
            "reported",
            "مراجعة العلاقات مع الجار أصبحت ضرورة وطنية في ظل ما جرى",
        )
    ]


def test_a_caption_line_then_an_an_clause_names_no_speaker() -> None:
    text = "مشاهد من المدينة بعد القصف\nأن الناس خرجوا إلى الشوارع في الصباح الباكر.\n"
    assert said(text) == []


# -- a title whose words are first person ----------------------------------------------------

OFFICE = Actor(
    "defense-office", "office", "Defense Office", "مكتب الدفاع", aliases=("مكتب الدفاع",)
)


def test_a_title_label_of_a_body_with_first_person_words_is_a_statement() -> None:
    text = "مكتب الدفاع: وجودنا في البلاد جاء بدعوة رسمية\n\nوشهدت المدينة هدوءا حذرا صباح اليوم.\n"
    found = extract_statements(text, published=DAY, actors=[OFFICE])
    assert [(s.speaker_id, s.kind) for s in found] == [("defense-office", "direct")]


def test_a_title_label_of_a_body_without_first_person_is_no_statement() -> None:
    text = "مكتب الدفاع: الطريق الطويل إلى البلاد\n\nوشهدت المدينة هدوءا حذرا صباح اليوم.\n"
    assert extract_statements(text, published=DAY, actors=[OFFICE]) == []


# -- a near spelling through a preposition is no mention -------------------------------------

def _pack_actors() -> list[Actor]:
    """The actors of the story packs shipped in data/stories (the index they make together
    is where near spellings meet)."""
    root = Path(__file__).resolve().parent.parent / "data" / "stories"
    out = []
    for path in sorted(root.glob("*.toml")):
        for a in tomllib.loads(path.read_text(encoding="utf-8")).get("actors", []):
            out.append(
                Actor(
                    a["id"], a.get("kind", "person"), a.get("name_en", ""), a.get("name_ar", ""),
                    a.get("role_en", ""), a.get("role_ar", ""), aliases=tuple(a.get("aliases", ())),
                )
            )
    return out


def test_a_faction_in_something_is_not_the_factions_of_it() -> None:
    text = "فصيل بـ المقاومة: قررنا تعليق العمليات العسكرية حتى إشعار آخر.\n"
    found = extract_statements(text, published=DAY, actors=_pack_actors())
    assert [s.speaker_id for s in found] == [None]


# -- an auxiliary between the subject and its verb -------------------------------------------


def test_has_between_a_named_subject_and_its_verb() -> None:
    text = "The Green Alliance has vowed to rebuild the bridge before winter."
    assert said(text) == [("Green Alliance", "reported", "to rebuild the bridge before winter")]


def test_it_has_promised_keeps_the_running_speaker() -> None:
    text = (
        "The Green Alliance said it opposed any foreign interference in the country.\n\n"
        "It has promised to help the poor and build schools in the south."
    )
    assert said(text)[-1] == (
        "Green Alliance",
        "reported",
        "to help the poor and build schools in the south",
    )


def test_a_passive_auxiliary_gives_the_subject_no_words() -> None:
    assert said("The bridge was described as a danger to drivers on the road.") == []


# -- a turn's sentence about what may be said ------------------------------------------------


def test_what_we_can_speak_to_is_not_a_statement() -> None:
    text = (
        "MR. HALVORSEN: Kelly, the operations that we can speak to this evening are the ones "
        "we laid out in the opening statement. The convoy reached the border crossing before "
        "dawn without any losses.\n\nQ Thanks. Will there be more?\n\nMR. HALVORSEN: Yes."
    )
    assert [q for _, _, q in said(text)] == [
        "The convoy reached the border crossing before dawn without any losses."
    ]


# -- colloquial Arabic: گال / يكول انو, احنا; honorifics before a name --------------------------


def test_colloquial_gal_with_anu_is_a_speech_verb() -> None:
    text = "وگال الحاج أبو علي الكريمي انو الفصائل ما راح تسلم السلاح."
    assert who(text) == [("أبو علي الكريمي", "الحاج")]
    assert said(text)[0][2] == "الفصائل ما راح تسلم السلاح"


def test_colloquial_first_person_after_a_colon_is_direct() -> None:
    text = "وكال القيادي سامي الكريمي: احنا ما نسلم السلاح لأحد."
    assert said(text) == [("سامي الكريمي", "direct", "احنا ما نسلم السلاح لأحد")]


def test_a_verb_and_colon_without_first_person_stays_reported() -> None:
    text = "وقال القيادي سامي الكريمي: الفصائل لن تسلم السلاح لأحد."
    assert [k for _, k, _ in said(text)] == ["reported"]


def test_said_colon_we_is_direct_in_english() -> None:
    text = "Commander Karim Haddad said: We will not leave the city."
    assert said(text) == [("Karim Haddad", "direct", "We will not leave the city")]


def test_al_hajj_and_doctor_before_a_name_are_titles() -> None:
    assert who("وقال الحاج سامي الكريمي إن الفصائل لن تسلم السلاح.") == [
        ("سامي الكريمي", "الحاج")
    ]
    assert who("وقال الدكتور سامي الكريمي إن الفصائل لن تسلم السلاح.") == [
        ("سامي الكريمي", "الدكتور")
    ]
