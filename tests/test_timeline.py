"""/timeline through the real Application: the picture's bytes, what it draws, the cache."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, date

import numpy as np
from conftest import TEST_NOW
from PIL import Image

from bot.timeline import font_path, render, shape
from storage.review_store import IngestStore
from story.models import Statement

ADMIN = 777


def _photos(chat) -> list[dict]:
    return [r for r in chat.api.sent if r["method"] == "sendPhoto"]


def _logical(drawn: str) -> str:
    """A drawn Arabic string back to plain letters (presentation forms decomposed)."""
    return unicodedata.normalize("NFKC", drawn)


def _cache(chat):
    return chat.app.bot_data["timeline_cache"]


def _approved_actors(record, story_id: str) -> set[str]:
    rows = record.db.execute(
        "SELECT DISTINCT actor_id FROM statements WHERE story_id = ? AND status = 'approved'"
        " AND date <= ?",  # drawn as of the chat's now, like every answer
        [story_id, TEST_NOW.date().isoformat()],
    ).fetchall()
    return {r[0] for r in rows}


async def test_timeline_sends_a_png_with_every_actor_and_deadline(raqib_chat, record):
    await raqib_chat.send("/lang en")
    replies = await raqib_chat.send("/timeline")
    photos = _photos(raqib_chat)
    assert len(photos) == 1 and photos[0]["uploaded"]
    image = Image.open(io.BytesIO(photos[0]["photo"]))
    assert image.format == "PNG" and 1200 <= image.width <= 1360 and image.height >= 400
    assert replies and replies[-1].startswith("🗓 Timeline:")
    picture = next(iter(_cache(raqib_chat)._items.values()))
    drawn = set(picture.texts)
    story_id = record.current_story_id(TEST_NOW)
    actors = record.actors()
    for actor_id in _approved_actors(record, story_id):
        name = actors[actor_id].name("en")
        assert any(t == name or (t.endswith("…") and name.startswith(t[:-1])) for t in drawn), name
    for deadline in record.deadlines(story_id):
        assert any(deadline.title_en in t and "pending" in t for t in drawn)
    for stance_id in {s for s in record.db.execute(
        "SELECT DISTINCT stance FROM statements WHERE story_id = ? AND status = 'approved'"
        " AND stance != ''", [story_id]).fetchall()}:
        assert record.stances()[stance_id[0]].label_en in drawn


async def test_arabic_labels_are_shaped_and_drawn_as_harfbuzz_would(raqib_chat, record):
    await raqib_chat.send("/lang ar")
    await raqib_chat.send("/timeline")
    assert len(_photos(raqib_chat)) == 1
    picture = next(iter(_cache(raqib_chat)._items.values()))
    story_id = record.current_story_id(TEST_NOW)
    arabic = [t for t in picture.texts if any("\u0600" <= c <= "\u06ff" or
                                              "\ufe70" <= c <= "\ufeff" for c in t)]
    assert arabic
    for t in arabic:  # joined letters (a letter standing alone may keep its plain form)
        joined = sum("\ufe70" <= c <= "\ufeff" for c in t)
        plain = sum("\u0621" <= c <= "\u064a" for c in t)
        assert joined > plain, t
    names = {_logical(t) for t in arabic}
    for actor_id in _approved_actors(record, story_id):
        assert record.actors()[actor_id].name("ar")[:30] in "\n".join(names)
    deadline = record.deadlines(story_id)[0]
    assert any(deadline.title_ar in n and "قائم" in n for n in names)
    # Every drawn character has a glyph in the shipped font.
    from fontTools.ttLib import TTFont

    cmap = TTFont(font_path()).getBestCmap()
    missing = {c for t in picture.texts for c in t if not c.isspace() and ord(c) not in cmap}
    assert not missing


def _pixels(text: str):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    fig = Figure(figsize=(7, 1), dpi=100)
    canvas = FigureCanvasAgg(fig)
    fig.text(0.02, 0.3, text, fontproperties=FontProperties(fname=font_path(), size=16))
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_shaped_arabic_comes_out_as_the_font_shapes_it_right_to_left():
    # The picture of the shaped string is the picture of the words laid out by the font's
    # own shaping (HarfBuzz through libraqm): joined, in right-to-left order; a string in
    # the wrong order or with unjoined letters would differ.
    for words in ("لا خطط لانسحاب كامل", "حركة حزب الله النجباء", "تحسين الخفاجي"):
        drawn = shape(words, "ar")
        assert drawn != words and any("\ufe70" <= c <= "\ufeff" for c in drawn)
        expected = _pixels(words)
        assert (_pixels(drawn) == expected).all()
        assert not (_pixels(words[::-1]) == expected).all()
    assert shape("John Kirby", "ar") == "John Kirby"


async def test_one_actor_and_unknown_names(raqib_chat):
    await raqib_chat.send("/lang en")
    await raqib_chat.send("/timeline Kirby")
    photos = _photos(raqib_chat)
    assert len(photos) == 1
    picture = next(iter(_cache(raqib_chat)._items.values()))
    assert "Timeline: John Kirby" in picture.texts and "Newsweek" not in picture.texts
    replies = await raqib_chat.send("/timeline Macronovich")
    assert len(_photos(raqib_chat)) == 1
    assert len(replies) == 1 and "No actor or story is called" in replies[0]
    assert "Macronovich" in replies[0] and len(replies[0]) < 160


async def test_empty_story_says_so(raqib_chat, record):
    record.db.execute("UPDATE statements SET status = 'rejected'")
    record.db.conn.commit()
    await raqib_chat.send("/lang en")
    replies = await raqib_chat.send("/timeline")
    assert _photos(raqib_chat) == []
    assert replies == ["The record has no approved statements for this story yet: nothing to draw."]


async def test_cache_hit_then_missed_after_a_new_approved_statement(raqib_chat, record):
    await raqib_chat.send("/lang en")
    await raqib_chat.send("/timeline")
    cache = _cache(raqib_chat)
    assert (cache.hits, cache.misses) == (0, 1)
    await raqib_chat.send("/timeline")
    assert (cache.hits, cache.misses) == (1, 1)
    first, second = _photos(raqib_chat)
    assert first["uploaded"] and not second["uploaded"]  # sent again by file_id
    assert second["file_id"] == first["file_id"]
    story_id = record.current_story_id(TEST_NOW)
    before = len(next(iter(cache._items.values())).texts)
    IngestStore(record).add_statement(
        story_id=story_id, actor_id="john-kirby", text="Words written for this test only.",
        day=date(2021, 11, 24), stance="deadline_fixed", user_id=ADMIN,
        now=raqib_chat.app.bot_data["clock"](),
    )
    await raqib_chat.send("/timeline")
    assert (cache.hits, cache.misses) == (1, 2)
    third = _photos(raqib_chat)[-1]
    assert third["uploaded"] and third["photo"] != first["photo"]
    newest = list(cache._items.values())[-1]
    counted = [t for t in next(iter(cache._items.values())).texts if " statements" in t]
    count = int(counted[0].split(" statements")[0].split()[-1])
    assert any(f"{count + 1} statements" in t for t in newest.texts), newest.texts
    assert len(newest.texts) >= before


def test_render_200_statements_is_one_picture():
    from datetime import datetime, timedelta

    from story.models import Actor, Deadline, Stance, Story
    from story.timeline_data import build_timeline

    actors = {f"a{i}": Actor(f"a{i}", "person", f"Speaker {i}", f"متحدث {i}") for i in range(20)}
    stances = [Stance(f"s{i}", f"Stance {i}", f"موقف {i}") for i in range(6)]
    statements = [
        Statement(f"x{i}", "st", f"a{i % 20}", "", "w", "direct",
                  date(2021, 7, 1) + timedelta(days=i % 170),
                  stance=f"s{i % 7}" if i % 7 < 6 else None)
        for i in range(200)
    ]
    deadline = Deadline("d", "st", "Leave", "انسحاب", datetime(2021, 12, 31, 21, tzinfo=UTC),
                        "Asia/Baghdad")
    timeline = build_timeline(Story("st", "A story", "قصة"), statements, actors, stances,
                              [deadline], "en")
    picture = render(timeline)
    assert len(timeline.rows) == 20 and timeline.statement_count == 200
    assert Image.open(io.BytesIO(picture.png)).size == (picture.width, picture.height)
    assert picture.width == 1280
    assert "No stance recorded" in picture.texts


def test_matplotlib_is_not_imported_at_start_up():
    import subprocess
    import sys

    code = "import sys, bot.app, handlers.timeline; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
