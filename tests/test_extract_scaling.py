"""The extractor reads a long text whole, in windows, with work linear in its length.

Work is counted, not timed: the number of lines of Python `extract_statements` runs on a
text and on the same pattern four times as long (a tracer counts them). A stage that rescans
everything seen so far for each cue, name or quote (quadratic) makes the longer text cost about
16 times as much; linear work costs about 4 times. The texts are patterns and paragraphs
written for these tests. A long text is read in windows (pipeline.WINDOW characters, with
pipeline.OVERLAP of context): a statement far past the first window is found, and reading in
small windows finds what one window finds."""

from __future__ import annotations

import random
import sys
from datetime import UTC, date, datetime

import pytest

from bot.config import FetchConfig
from bot.pipeline import ingest_text
from storage import Record
from storage.review_store import IngestStore
from story.extract import extract_statements, pipeline
from story.extract.dates import dates_in
from story.extract.pipeline import WINDOW, windows
from story.models import Actor
from story.names import ActorIndex
from story.normalize import normalize

DAY = date(2024, 5, 6)
ACTORS = [
    Actor("p-hadi", "person", "Karim Hadi", "كريم الهادي", roles=("وزير النقل",)),
    Actor("p-lane", "person", "Ruth Lane", "روث لين", roles=("State Department spokeswoman",)),
    Actor("g-front", "group", "Northern Front", "الجبهة الشمالية"),
]
SHAPES = {
    "quote marks": '"«“ ”»\'" ‘’„ ',
    "name and verb, again and again": '"Lane said ',
    "speech verbs only": "قال أكد أضاف إن أن وأشار إلى said told added that according to ",
    "one endless sentence": "وقال الوزير إن الطرق ستفتح، the minister said they will open, ",
    "surnames and roles": (
        "وأكد الهادي أن المشروع ماض، وقال الوزير إن ... Lane said the plan holds, "
    ),
    "turn labels": "MS. LANE: Yes.\nQ Why?\n",
}


def lines_run(text: str) -> int:
    """How many lines of Python extracting `text` runs."""
    count = 0

    def local(frame, event, arg):  # noqa: ANN001, ANN202 - the tracer's signature
        nonlocal count
        count += event == "line"
        return local

    def hook(frame, event, arg):  # noqa: ANN001, ANN202
        return local

    sys.settrace(hook)
    try:
        extract_statements(text, published=DAY, actors=ACTORS)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_is_linear_in_length(shape: str) -> None:
    size = 4_000
    assert 4 * size < WINDOW  # one window: the cut into windows does not hide a quadratic stage
    pattern = SHAPES[shape]
    small = (pattern * (size // len(pattern) + 1))[:size]
    large = (pattern * (4 * size // len(pattern) + 1))[: 4 * size]
    extract_statements(small, published=DAY, actors=ACTORS)  # warm the name caches
    ratio = lines_run(large) / lines_run(small)
    assert ratio < 5, f"{shape}: 4x the text took {ratio:.1f}x the work"


@pytest.mark.parametrize("shape", ["name and verb, again and again", "turn labels"])
def test_work_stays_linear_over_many_windows(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "WINDOW", 3_000)
    monkeypatch.setattr(pipeline, "OVERLAP", 500)
    pattern = SHAPES[shape]
    small = (pattern * (12_000 // len(pattern) + 1))[:12_000]
    large = (pattern * (48_000 // len(pattern) + 1))[:48_000]
    extract_statements(small, published=DAY, actors=ACTORS)
    ratio = lines_run(large) / lines_run(small)
    assert ratio < 4.6, f"{shape}: 4x the text took {ratio:.1f}x the work"


FILLER = (
    "وتواصل فرق الصيانة أعمالها في الطرق الرئيسية للمدينة منذ مطلع الشهر، "
    "وسط زحام خفيف في ساعات الصباح.\n\n"
    "The works on the main roads have gone on since the start of the month, with light "
    "traffic in the morning hours.\n\n"
)


def test_a_statement_far_past_the_first_window_is_found() -> None:
    head = "وقال وزير النقل كريم الهادي إن الطريق الدولي سيفتح أمام الشاحنات الأسبوع المقبل.\n\n"
    tail = 'Ruth Lane, the State Department spokeswoman, said "the talks will resume in June."'
    text = head + FILLER * (300_000 // len(FILLER) + 1) + tail
    assert len(text) > 300_000
    found = extract_statements(text, published=DAY, actors=ACTORS)
    assert [(s.speaker_id, s.quote) for s in found] == [
        ("p-hadi", "الطريق الدولي سيفتح أمام الشاحنات الأسبوع المقبل"),
        ("p-lane", "the talks will resume in June."),
    ]
    last = found[-1]
    assert text[last.start : last.end] == "the talks will resume in June."


def test_windows_tile_the_text_and_cut_at_paragraph_breaks() -> None:
    text = FILLER * (3 * WINDOW // len(FILLER))
    parts = windows(text)
    assert len(parts) >= 3
    assert parts[0][:2] == (0, 0) and parts[-1][2] == len(text)
    for (_c, own, end), (context, nxt, _e) in zip(parts, parts[1:], strict=False):
        assert end == nxt and own < end <= own + WINDOW
        assert text[end - 2 : end] == "\n\n"  # a cut between paragraphs
        assert 0 < nxt - context <= pipeline.OVERLAP


def test_a_text_with_no_break_is_cut_at_the_bound() -> None:
    text = "ا" * (2 * WINDOW + 10)
    assert [(own, end) for _c, own, end in windows(text)] == [
        (0, WINDOW),
        (WINDOW, 2 * WINDOW),
        (2 * WINDOW, 2 * WINDOW + 10),
    ]


AR_WORDS = (
    "الجسر الطريق المطار الميناء المعبر المصنع المستشفى السوق المدرسة المحطة الشاحنات القطارات "
    "الرواتب الموازنة العقود الأعمال المشاريع الصيف الشتاء الربيع الخريف المقبل القادم الجديد "
    "سيفتح سيغلق سيكتمل سيتأخر سيبدأ ينتهي يستأنف بعد قبل خلال منذ حتى"
).split()
EN_WORDS = (
    "embassy section visas students interviews border crossing bridge airport port schedule "
    "budget salaries contracts works projects summer winter spring autumn next coming new "
    "reopen close finish delay start end resume after before during since until first"
).split()


def story(n: int) -> str:
    """Paragraph n of a long report: one attributed statement of its own words."""
    pick = random.Random(n).sample
    if n % 3 == 0:
        return f"وقال وزير النقل كريم الهادي إن {' '.join(pick(AR_WORDS, 9))}."
    if n % 3 == 1:
        return f'Ruth Lane said "the {" ".join(pick(EN_WORDS, 9))}."'
    return f"وأكدت الجبهة الشمالية في بيان أن {' '.join(pick(AR_WORDS, 9))}."


def test_small_windows_find_what_one_window_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n\n".join(story(n) for n in range(60))
    whole = extract_statements(text, published=DAY, actors=ACTORS)
    assert len(whole) == 60
    monkeypatch.setattr(pipeline, "WINDOW", 1_000)
    monkeypatch.setattr(pipeline, "OVERLAP", 400)
    assert len(windows(text)) > 4
    assert extract_statements(text, published=DAY, actors=ACTORS) == whole


def test_a_turn_label_names_its_person_in_every_window(monkeypatch: pytest.MonkeyPatch) -> None:
    intro = "Dana Okoro, the ministry spokeswoman, briefed reporters.\n\n"  # not in the pack
    turns = "".join(
        f"MS. OKORO: The {' '.join(random.Random(n).sample(EN_WORDS, 14))}.\n\n"
        f"Q Thank you. What about the {EN_WORDS[n % len(EN_WORDS)]}?\n\n"
        for n in range(40)
    )
    monkeypatch.setattr(pipeline, "WINDOW", 1_500)
    monkeypatch.setattr(pipeline, "OVERLAP", 300)
    assert len(windows(intro + turns)) > 4
    found = extract_statements(intro + turns, published=DAY, actors=ACTORS)
    assert len(found) == 40
    assert {s.speaker_name_en for s in found} == {"Dana Okoro"}


def test_beyond_the_read_bound_the_text_is_cut_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert pipeline.MAX_CHARS >= 5_000_000  # the fetch limit: a fetched page is never cut
    monkeypatch.setattr(pipeline, "MAX_CHARS", 20_000)
    head = "وقال وزير النقل كريم الهادي إن الطريق الدولي سيفتح أمام الشاحنات الأسبوع المقبل.\n\n"
    tail = "وقال الهادي إن الجسر سيفتح في الصيف."
    with caplog.at_level("WARNING", logger="story.extract.pipeline"):
        found = extract_statements(
            head + FILLER * (40_000 // len(FILLER)) + tail, published=DAY, actors=ACTORS
        )
    assert [s.speaker_id for s in found] == ["p-hadi"]
    assert "the rest is not read" in caplog.text


def test_a_fetched_page_is_never_cut() -> None:
    """The fetcher refuses a body over `[fetch] max_bytes`; anything it lets in (a character
    is at least one byte) is within the extractor's read bound."""
    assert FetchConfig().max_bytes <= pipeline.MAX_CHARS


async def test_ingestion_stores_a_statement_far_into_a_long_text(record: Record) -> None:
    said_last = (
        "وقال المتحدث باسم البنتاغون جون كيربي إن القوات ستبقى في قاعدة الحرير حتى نهاية الربيع."
    )
    text = FILLER * (300_000 // len(FILLER) + 1) + said_last
    now = datetime(2021, 12, 9, 12, 0, tzinfo=UTC)
    report = await ingest_text(record, text, now=now, kind="text")
    assert not report.error and len(report.new) == 1
    (item,) = IngestStore(record).pending(10)
    assert item.statement.actor_id == "john-kirby"
    assert "قاعدة الحرير حتى نهاية الربيع" in item.statement.text_ar


def test_a_quote_running_across_a_cut_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    words = random.Random(3).choices(EN_WORDS, k=260)
    opening = 'Ruth Lane said: "The embassy will reopen its consular section in the ' + " ".join(
        words[:30]
    )
    going_on = '"The interviews will ' + " ".join(words[30:]) + '."'
    text = FILLER * 6 + opening + "\n\n" + going_on
    whole = extract_statements(text, published=DAY, actors=ACTORS)
    assert len(whole) == 1 and whole[0].quote.endswith(words[-1] + ".")
    monkeypatch.setattr(pipeline, "WINDOW", 2_000)
    monkeypatch.setattr(pipeline, "OVERLAP", 800)
    assert text.index(going_on) in {own for _c, own, _e in windows(text)}  # a cut in the quote
    assert extract_statements(text, published=DAY, actors=ACTORS) == whole


# The speed-ups keep answers per word or per text (the name index's first-word memo, the date
# search); a memo must never outlive what it was computed from, nor be changed by a caller.


def test_a_name_added_to_the_index_is_found_where_the_memo_had_none() -> None:
    index = ActorIndex(ACTORS)
    text = "Ruth Lane met Omar Saleh and the Northern Front."
    before = {m.actor_id for m in index.find_in(text, fuzzy=False)}
    assert "p-saleh" not in before and {"p-lane", "g-front"} <= before
    index.add(Actor("p-saleh", "person", "Omar Saleh", "عمر صالح"))
    assert {m.actor_id for m in index.find_in(text, fuzzy=False)} == before | {"p-saleh"}


def test_dates_found_twice_in_one_text_are_the_same_and_the_callers_own() -> None:
    folded = normalize("وقال الوزير يوم الاثنين الماضي إن الطريق سيفتح")
    first = dates_in(folded, DAY)
    assert [d for _, d in first] == [date(2024, 4, 29)]
    first.clear()  # a caller's list: the kept answer is not touched
    assert [d for _, d in dates_in(folded, DAY)] == [date(2024, 4, 29)]
    assert [d for _, d in dates_in(folded, date(2024, 5, 1))] == [date(2024, 4, 29)]
    assert [d for _, d in dates_in(folded, date(2024, 4, 30))] == [date(2024, 4, 29)]
    assert [d for _, d in dates_in(folded, date(2024, 4, 29))] == [date(2024, 4, 22)]


def test_a_clause_holding_quotes_splits_at_its_own_among_many() -> None:
    """Hundreds of quotes in one window: each reported clause takes its own quote, none other;
    a clause that is all quote is that quote (direct), else it stays reported, quote inside."""
    said = []
    for n in range(400):
        w = random.Random(n).sample(EN_WORDS, 6)
        if n % 2:
            quoted = f'"{w[2]} {w[3]} {w[4]}"'
            said.append(f"Ruth Lane said that the {w[0]} {w[1]}, {quoted}, will {w[5]}.")
        else:
            said.append(f'Ruth Lane said that "the {w[0]} {w[1]} will {w[2]} {w[3]}".')
    found = extract_statements(" ".join(said), published=DAY, actors=ACTORS)
    assert len(found) == 400 and all(s.speaker_id == "p-lane" for s in found)
    for n, s in enumerate(found):
        w = random.Random(n).sample(EN_WORDS, 6)
        if n % 2:
            assert (s.kind, s.quote) == (
                "reported", f'the {w[0]} {w[1]}, "{w[2]} {w[3]} {w[4]}", will {w[5]}'
            )
        else:
            assert (s.kind, s.quote) == ("direct", f"the {w[0]} {w[1]} will {w[2]} {w[3]}")
