"""Draw the timeline picture (PNG) and keep it until the record changes.

story.timeline_data decides what the picture shows; this module only draws it, with
matplotlib's Agg backend (no GUI, no pyplot state), imported on the first picture so the
bot starts as fast as before. Arabic is shaped (letters joined: arabic-reshaper) and put in
visual right-to-left order (python-bidi), because matplotlib draws code points left to right
as they come. The font is matplotlib's own DejaVu Sans, which ships in the wheel and has the
Arabic presentation forms, so a fresh machine draws the same picture and nothing downloads.

`timeline_picture` is the service the handler calls: it reads what storage holds, keys the
cache on the story, the actor, the language and storage's record version, and renders in a
worker thread so the event loop keeps answering other chats meanwhile.
"""

from __future__ import annotations

import asyncio
import io
import re
import textwrap
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from storage import Record
from storage.timeline_store import record_version, story_stances, story_statements
from story.models import Story
from story.timeline_data import Timeline, build_timeline, month_label

WIDTH_PX = 1280
DPI = 100
ROW_PX = 46
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
# Colours by the stance's place in the story's vocabulary (colour-blind-friendly, then more).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B",
           "#F0E442", "#332288", "#882255", "#44AA99", "#999933")
NO_STANCE_COLOUR = "#9A9A9A"
DEADLINE_COLOUR = "#B00020"


def font_path(weight: str = "normal") -> str:
    """DejaVu Sans as matplotlib ships it (by file: no system font can stand in for it)."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if weight == "bold" else "DejaVuSans.ttf"
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


@lru_cache(maxsize=1)
def _reshaper() -> Any:
    """arabic-reshaper set up with the ligatures DejaVu Sans has (it lacks ﷲ, for one)."""
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(arabic_reshaper.config_for_true_type_font(font_path()))


@lru_cache(maxsize=1)
def lays_out_bidi() -> bool:
    """Whether matplotlib orders right-to-left text itself: from 3.11 it lays text out with
    libraqm (bidi and shaping), and text already put in visual order would be reversed
    back. Older matplotlib draws code points left to right as given."""
    from matplotlib.ft2font import FT2Font

    return hasattr(FT2Font, "_layout")


def shape(text: str, lang: str) -> str:
    """Text as the picture holds it: Arabic letters in their joined presentation forms, and
    in visual order unless matplotlib orders lines itself. Text without Arabic is unchanged."""
    if not _ARABIC.search(text):
        return text
    shaped = [_reshaper().reshape(line) for line in text.split("\n")]
    if not lays_out_bidi():
        from bidi import get_display

        shaped = [get_display(line, base_dir="R" if lang == "ar" else "L") for line in shaped]
    return "\n".join(shaped)


@dataclass
class Picture:
    """A drawn timeline: the PNG, its size, every string drawn (as drawn), the caption, and
    Telegram's file_id once it has been sent (sent again by id, not uploaded)."""

    png: bytes
    width: int
    height: int
    texts: tuple[str, ...]
    caption: str
    render_seconds: float = 0.0
    file_id: str | None = None


@dataclass
class TimelineCache:
    """The last pictures drawn, by (story, actor, language, day limit, record version)."""

    size: int = 32
    hits: int = 0
    misses: int = 0
    _items: OrderedDict[tuple, Picture] = field(default_factory=OrderedDict)

    def get(self, key: tuple) -> Picture | None:
        picture = self._items.get(key)
        if picture is None:
            self.misses += 1
            return None
        self.hits += 1
        self._items.move_to_end(key)
        return picture

    def put(self, key: tuple, picture: Picture) -> None:
        self._items[key] = picture
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


def _font(size: float, weight: str = "normal") -> Any:
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=font_path(weight), size=size)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12))


def _span(timeline: Timeline) -> tuple[datetime, datetime]:
    """The time axis: the marks and deadlines with a margin either side."""
    start, end = _noon(timeline.start), _noon(timeline.end)
    pad = max(timedelta(days=3), (end - start) * 0.04)
    return start - pad, end + pad


def render(timeline: Timeline) -> Picture:
    """Draw `timeline` as a PNG about 1,280 px wide (the height follows the rows)."""
    import time as clock

    began = clock.perf_counter()
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    lang = timeline.lang
    rtl = lang == "ar"
    rows = timeline.rows
    legend = timeline.legend
    legend_labels = [textwrap.fill(e.label, 50) for e in legend]
    legend_lines = sum(
        max(label.count("\n") + 1 for label in legend_labels[i : i + 2])
        for i in range(0, len(legend_labels), 2)
    )
    deadline_rows = min(len(timeline.deadlines), 3)
    title_lines = textwrap.wrap(timeline.title, 80)[:2]
    top = 74 + 32 * len(title_lines) + 30 * deadline_rows
    plot = max(180, ROW_PX * len(rows) + 30)
    bottom = 58 + 26 * legend_lines + 16 * ((len(legend) + 1) // 2) + (30 if timeline.note else 0)
    height = top + plot + bottom
    tick_font, label_font = _font(13), _font(15)

    fig = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    # The names' side is as wide as the widest name drawn (measured, not guessed).
    measure = canvas.get_renderer().get_text_width_height_descent
    row_labels = [shape(r.label, lang) for r in reversed(rows)]
    widest = max(measure(label, label_font, ismath=False)[0] for label in row_labels)
    side = int(min(WIDTH_PX * 0.4, widest + 40))
    left, right = (36, side) if rtl else (side, 36)
    ax = fig.add_axes((left / WIDTH_PX, bottom / height, 1 - (left + right) / WIDTH_PX,
                       plot / height))

    # Marks: one scatter per stance (its colour), same-day statements of a row fanned out.
    colour = {e.stance: NO_STANCE_COLOUR if e.index < 0 else PALETTE[e.index % len(PALETTE)]
              for e in legend}
    n = len(rows)
    points: dict[str, tuple[list[float], list[float]]] = {e.stance: ([], []) for e in legend}
    for i, row in enumerate(rows):
        y = n - 1 - i  # the first row on top
        by_day: dict[date, list] = {}
        for mark in row.marks:
            by_day.setdefault(mark.day, []).append(mark)
        for day, marks in by_day.items():
            x = mdates.date2num(_noon(day))
            for k, mark in enumerate(marks):
                offset = (k - (len(marks) - 1) / 2) * min(0.22, 0.8 / len(marks))
                xs, ys = points[mark.stance]
                xs.append(x)
                ys.append(y + offset)
    for entry in legend:
        xs, ys = points[entry.stance]
        ax.scatter(xs, ys, s=150, c=colour[entry.stance], edgecolors="white", linewidths=1.2,
                   zorder=3)

    # Rows: a light line each, the actor's name beside it (on the right in Arabic).
    for i in range(n):
        ax.axhline(n - 1 - i, color="#E6E6E6", linewidth=1, zorder=1)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_yticks(range(n))
    ax.set_yticklabels(row_labels, fontproperties=label_font)
    if rtl:
        ax.yaxis.tick_right()
    ax.tick_params(axis="y", length=0, pad=8)

    # Time across: months (days on a short axis), in the chat's language.
    first, last = _span(timeline)
    ax.set_xlim(mdates.date2num(first), mdates.date2num(last))
    short = (last - first) < timedelta(days=75)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)

    def tick(value: float, _pos: int | None = None) -> str:
        day = mdates.num2date(value).date()
        if short:
            return shape(f"{day.day} {month_label(day, lang, with_year=False)}", lang)
        return shape(month_label(day, lang, with_year=True), lang)

    ax.xaxis.set_major_formatter(FuncFormatter(tick))
    for label in ax.get_xticklabels():
        label.set_fontproperties(tick_font)
    ax.tick_params(axis="x", labelsize=13)
    ax.grid(axis="x", color="#F0F0F0", zorder=0)
    for spine in ("top", "left", "right"):
        ax.spines[spine].set_visible(False)

    # Deadlines: a dashed line each, its label above the plot (stacked when several).
    for k, line in enumerate(timeline.deadlines):
        x = mdates.date2num(line.at)
        ax.axvline(x, color=DEADLINE_COLOUR, linestyle="--", linewidth=2, zorder=2)
        frac = (x - ax.get_xlim()[0]) / (ax.get_xlim()[1] - ax.get_xlim()[0])
        ha = "right" if frac > 0.5 else "left"
        ax.annotate(
            shape(line.label, lang), xy=(x, 1.0), xycoords=("data", "axes fraction"),
            xytext=(-6 if ha == "right" else 6, 8 + 30 * (k % 3)), textcoords="offset points",
            ha=ha, va="bottom", color=DEADLINE_COLOUR, fontproperties=_font(13, "bold"),
            annotation_clip=False,
        )

    # Title and subtitle at the top, on the reading side.
    tx, tha = (1 - 24 / WIDTH_PX, "right") if rtl else (24 / WIDTH_PX, "left")
    fig.text(tx, 1 - 14 / height, shape("\n".join(title_lines), lang), ha=tha, va="top",
             fontproperties=_font(18, "bold"), linespacing=1.3)
    fig.text(tx, 1 - (24 + 32 * len(title_lines)) / height, shape(timeline.subtitle, lang),
             ha=tha, va="top",
             color="#555555", fontproperties=_font(14))

    # The legend under the time axis: every stance drawn, in the story's order.
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=12, markerfacecolor=colour[e.stance],
               markeredgecolor="white")
        for e in legend
    ]
    labels = [shape(label, lang) for label in legend_labels]
    if rtl:  # columns fill left to right: the first half goes to the right-hand column
        half = (len(handles) + 1) // 2
        blank = [Line2D([], [], linestyle="")] * (half - (len(handles) - half))
        handles = handles[half:] + blank + handles[:half]
        labels = labels[half:] + [""] * len(blank) + labels[:half]
    fig.legend(
        handles, labels,
        loc="lower right" if rtl else "lower left",
        bbox_to_anchor=(1 - 16 / WIDTH_PX if rtl else 16 / WIDTH_PX,
                        (30 if timeline.note else 6) / height),
        ncol=2, frameon=False, prop=_font(13), markerfirst=not rtl,
        alignment="right" if rtl else "left", handletextpad=0.4, columnspacing=1.6,
    )
    if timeline.note:
        fig.text(tx, 8 / height, shape(timeline.note, lang), ha=tha, va="bottom",
                 color="#555555", fontproperties=_font(12))

    out = io.BytesIO()
    # zlib level 3: a third less time than the default 6 for a few per cent more bytes
    fig.savefig(out, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 3})
    from matplotlib.text import Text

    drawn = tuple(t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text())
    return Picture(
        png=out.getvalue(),
        width=int(round(fig.get_figwidth() * DPI)),
        height=int(round(fig.get_figheight() * DPI)),
        texts=drawn,
        caption=f"🗓 {timeline.title}\n{timeline.subtitle}",
        render_seconds=clock.perf_counter() - began,
    )


@dataclass(frozen=True)
class Request:
    """What a chat asked to see."""

    story: Story
    lang: str
    actor_id: str | None = None
    until: date | None = None  # a replay's day: no statement dated later is drawn
    today: date | None = None  # deadlines as they stood that day (moves, outcomes decided later)


def subject(record: Record, asked: str, story_id: str | None) -> tuple[Story, str | None] | None:
    """What a /timeline argument names: a story (its number in /story, or its id), else an
    actor of the chat's story `story_id` (names, aliases, small typos); no argument, the
    chat's story. None when the record holds no story or the argument names nothing."""
    stories = record.stories()
    if not stories:
        return None
    story = next((s for s in stories if s.id == story_id), stories[0])
    if not asked:
        return story, None
    picked = [s for i, s in enumerate(stories, 1) if asked in (str(i), s.id)]
    if picked:
        return picked[0], None
    actor = record.actor_index().resolve(asked[:200])
    return (story, actor.id) if actor is not None else None


def cache_key(record: Record, request: Request) -> tuple:
    version = record_version(record, request.story.id)
    return (
        request.story.id, request.actor_id, request.lang, request.until, request.today, version
    )


def build(record: Record, request: Request) -> Timeline | None:
    """The picture's content for `request`, from what storage holds."""
    statements = story_statements(
        record, request.story.id, actor_id=request.actor_id, until=request.until
    )
    return build_timeline(
        request.story,
        statements,
        record.actors(),
        story_stances(record, request.story.id),
        record.deadlines(request.story.id),
        request.lang,
        actor_id=request.actor_id,
        today=request.today,
    )


async def timeline_picture(
    record: Record, request: Request, cache: TimelineCache
) -> Picture | None:
    """The picture for `request`, drawn once per record version; None when nothing is to draw."""
    key = cache_key(record, request)
    picture = cache.get(key)
    if picture is not None:
        return picture
    timeline = build(record, request)
    if timeline is None:
        return None
    picture = await asyncio.to_thread(render, timeline)
    cache.put(key, picture)
    return picture
