"""Positions over time (pure): change detection, the 7-day mark, alert and history texts, and
the stance suggested for a quote."""

from __future__ import annotations

from datetime import date

import pytest

from story.models import Actor, Stance, Statement
from story.positions import (
    PositionChange,
    position_change,
    recent_change,
    render_alert,
    render_history,
)
from story.stance import suggest_stance

STANCES = {
    "fixed": Stance("fixed", "The deadline is fixed", "الموعد ثابت"),
    "stay": Stance("stay", "Advisers stay", "يبقى المستشارون"),
}
KIRBY = Actor("kirby", "person", "John Kirby", "جون كيربي")


def st(ident: str, day: date, text_ar: str = "نص", text_en: str = "text") -> Statement:
    return Statement(ident, "story", "kirby", text_ar, text_en, "direct", day)


def test_a_new_stance_on_the_latest_statement_is_a_change():
    before = [("stay", st("a", date(2021, 11, 20)))]
    after = [("fixed", st("b", date(2021, 12, 9))), *before]
    change = position_change("kirby", before, after)
    assert change == PositionChange("kirby", "stay", "fixed", after[0][1])


def test_the_same_stance_again_is_no_change():
    before = [("stay", st("a", date(2021, 11, 20)))]
    assert position_change("kirby", before, [("stay", st("b", date(2021, 12, 9))), *before]) is None


def test_a_first_position_is_a_change_from_none():
    change = position_change("kirby", [], [("fixed", st("b", date(2021, 12, 9)))])
    assert change is not None and change.before is None


def test_no_position_left_is_no_alert():
    assert position_change("kirby", [("stay", st("a", date(2021, 11, 20)))], []) is None


@pytest.mark.parametrize(
    "today, expected",
    [(date(2021, 12, 12), "stay"), (date(2021, 12, 20), None)],
)
def test_a_change_is_marked_for_seven_days_from_the_day_of_the_move(today, expected):
    history = [
        ("fixed", st("c", date(2021, 12, 10))),
        ("fixed", st("b", date(2021, 12, 8))),  # the move happened here
        ("stay", st("a", date(2021, 11, 20))),
    ]
    assert recent_change(history, today) == expected


def test_the_alert_says_who_from_what_to_what_the_quote_and_the_sources():
    change = PositionChange(
        "kirby", "stay", "fixed", st("b", date(2021, 12, 9), text_en="The date is fixed.")
    )
    text = render_alert(
        change, KIRBY, STANCES, [("Newsweek", "https://n.example/1"), ("Rafidain", "")], "en"
    )
    assert text.splitlines() == [
        "📣 John Kirby changed position",
        "from: Advisers stay",
        "to: The deadline is fixed",
        "🗣 9 December 2021: “The date is fixed.”",
        "Sources: Newsweek — https://n.example/1; Rafidain",
    ]
    arabic = render_alert(change, KIRBY, STANCES, [("نيوزويك", "")], "ar")
    assert "تغيّر موقف جون كيربي" in arabic and "من: يبقى المستشارون" in arabic and "«نص»" in arabic


def test_history_lists_each_move_once_newest_first():
    history = [
        ("fixed", st("c", date(2021, 12, 10))),
        ("fixed", st("b", date(2021, 12, 8))),
        ("stay", st("a", date(2021, 11, 20))),
    ]
    lines = render_history(history, STANCES, "en").splitlines()
    assert lines == [
        "🧭 Position history:",
        "• 8 December 2021: The deadline is fixed ⬅",
        "• 20 November 2021: Advisers stay",
    ]


@pytest.mark.parametrize(
    "quote, stance",
    [
        ("لا توجد أي خطط حالية لانسحاب كلي من العراق", "no_full_withdrawal"),
        ("موعد الانسحاب المقرر هو موعد ثابت ولم يغيره شيء", "deadline_fixed"),
        ("رفضت التعليق على تهديدات الفصائل", "no_comment"),
        ("US forces will stay to advise and train Iraqi forces", "combat_withdrawal_advisers_stay"),
        ("The weather in Baghdad was mild today", None),
    ],
)
def test_a_stance_is_suggested_from_cues_in_either_language(record, quote, stance):
    assert suggest_stance(quote, record.stances().values()) == stance


def test_a_vocabulary_without_cues_is_matched_on_its_labels():
    vocabulary = [Stance("oil_deal", "Supports the oil export deal", "يؤيد اتفاق تصدير النفط")]
    assert suggest_stance("الوزير يؤيد اتفاق تصدير النفط الجديد", vocabulary) == "oil_deal"
    assert suggest_stance("no relation at all", vocabulary) is None


def test_a_pasted_text_without_outlet_or_link_shows_no_empty_source_lines():
    from story.review_card import render_card

    change = PositionChange(
        "kirby", "stay", "fixed", st("b", date(2021, 12, 9), text_en="The date is fixed.")
    )
    alert = render_alert(change, KIRBY, STANCES, [("", "")], "en")
    assert not [line for line in alert.splitlines() if line.startswith("Source")]
    assert alert.splitlines()[-1] == "🗣 9 December 2021: “The date is fixed.”"
    for lang in ("en", "ar"):
        card = render_card(
            7, st("b", date(2021, 12, 9)), "pending", actors={"kirby": KIRBY}, sources={},
            stances=STANCES, reports=[("", "")], lang=lang,
        )
        assert "📰" not in card
        with_outlet = render_card(
            7, st("b", date(2021, 12, 9)), "pending", actors={"kirby": KIRBY}, sources={},
            stances=STANCES, reports=[("", ""), ("Rafidain", "")], lang=lang,
        )
        assert "📰" in with_outlet and "(1)" in with_outlet
