"""Names across scripts: the consonant key both ways, suggested spellings, and actors found
by a question in the other script or another spelling (invented names and texts)."""

import pytest

from story.models import Actor
from story.names import ActorIndex
from story.transliterate import known_pairs, skeleton, to_arabic, to_latin


def _actor(ident: str, en: str, ar: str, *aliases: str) -> Actor:
    return Actor(
        id=ident,
        kind="person",
        name_en=en,
        name_ar=ar,
        role_en="",
        role_ar="",
        affiliation=None,
        aliases=aliases,
        roles=(),
    )


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Nasrallah", "نصر الله"),
        ("Nasrullah", "نصرالله"),
        ("al-Sudani", "السوداني"),
        ("Soudani", "السوداني"),
        ("Masroor Barzani", "مسرور بارزاني"),
        ("Akram al-Kaabi", "أكرم الكعبي"),
        ("John Kirby", "جون كيربي"),
        ("Kataib Hezbollah", "كتائب حزب الله"),
    ],
)
def test_skeleton_is_shared_by_both_scripts(latin: str, arabic: str) -> None:
    assert skeleton(latin) == skeleton(arabic) != ""


def test_skeleton_keeps_different_names_apart() -> None:
    assert skeleton("Kirby") != skeleton("Kerry")
    assert skeleton("al-Sudani") != skeleton("al-Sadr")
    assert skeleton("نصر الله") != skeleton("نصر")


def test_suggested_spellings_meet_the_original_by_skeleton() -> None:
    for arabic in ("حسن نصر الله", "أكرم الكعبي", "مسرور بارزاني", "باسم العوادي"):
        latin = to_latin(arabic)
        assert latin and latin.isascii() and skeleton(latin) == skeleton(arabic)
    for latin in ("Pat Ryder", "Kamala Harris", "John Kirby", "Mohammed al-Sudani"):
        arabic = to_arabic(latin)
        assert arabic and not arabic.isascii() and skeleton(arabic) == skeleton(latin)
    assert to_latin("نصر الله") == "Nasrallah"
    assert to_arabic("Ryder") == "رايدر"


def test_known_word_pairs_win_over_letter_rules() -> None:
    to_ar, to_en = known_pairs([("Hadi al-Amiri", "هادي العامري"), ("Joe Biden", "جو بايدن")])
    assert to_arabic("Joe Biden", to_ar) == "جو بايدن"
    assert to_latin("قيس العامري", to_en).endswith("al-Amiri")


def test_questions_find_actors_across_scripts_and_spellings() -> None:
    index = ActorIndex(
        [
            _actor("nasr", "", "حسن نصر الله", "نصر الله"),
            _actor("sudani", "Mohammed Shia al-Sudani", "", "al-Sudani"),
            _actor("masrour", "", "مسرور بارزاني"),
            _actor("kirby", "John Kirby", "جون كيربي", "Kirby"),
        ]
    )

    def found(question: str) -> set[str]:
        return {m.actor_id for m in index.find_in_question(question)}

    assert found("what did Nasrallah say?") == {"nasr"}
    assert found("what is Nasrullah's position?") == {"nasr"}
    assert found("ماذا قال نصرالله؟") == {"nasr"}
    assert found("ماذا قال السوداني؟") == {"sudani"}
    assert found("what did the Sudani government's spokesman say?") == {"sudani"}
    assert found("what did Soudani say?") == {"sudani"}
    assert found("what did Masroor Barzani say?") == {"masrour"}
    # Words that are not names stay words, in both scripts.
    assert found("who said the forces would stay?") == set()
    assert found("ماذا قال بدون تأخير عن القوات؟") == set()
