"""The extractor's work grows linearly with the text, on adversarial shapes too.

Work is counted, not timed: the number of lines of Python `extract_statements` runs on a
text and on the same pattern four times as long (a tracer counts them). A stage that rescans
everything seen so far for each cue, name or quote (quadratic) makes the longer text cost about
16 times as much; linear work costs about 4 times. The texts are patterns written for this
test, under the pipeline's size cap so that the cap does not hide a quadratic stage."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from story.extract import extract_statements
from story.extract.pipeline import MAX_CHARS
from story.models import Actor

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
    assert 4 * size < MAX_CHARS
    pattern = SHAPES[shape]
    small = (pattern * (size // len(pattern) + 1))[:size]
    large = (pattern * (4 * size // len(pattern) + 1))[: 4 * size]
    extract_statements(small, published=DAY, actors=ACTORS)  # warm the name caches
    ratio = lines_run(large) / lines_run(small)
    assert ratio < 5, f"{shape}: 4x the text took {ratio:.1f}x the work"


def test_a_megabyte_of_a_pattern_is_read_within_a_bound() -> None:
    pattern = SHAPES["name and verb, again and again"]
    text = pattern * (1_000_000 // len(pattern))
    # About 60 lines a character today; the cap keeps the rest of the megabyte unread.
    assert lines_run(text) < 150 * MAX_CHARS
