"""Inline mode's result cards: an answer, or the countdown and the latest statements, as
short cards (a title and a description to choose by, and the message posted when chosen).

Pure: it takes what `story.respond` and the record produced and returns `Card`s; the
handler turns them into Telegram's InlineQueryResultArticle. A chosen card is posted into a
chat where Raqib may not be, so its message stands on its own: the speaker, the date, the
words and the source's link, as a chat answer shows them. Cards come best first, in the
order the answer ranked its statements, a page of `PAGE` at a time (`page`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from story.answering import Answer
from story.countdown import Countdown
from story.models import Actor, Source, Stance, Statement
from story.render import (
    TELEGRAM_LIMIT,
    format_date,
    possessive,
    render_countdown,
    render_stance,
    render_statement,
    rtl_safe,
    split_message,
)

MAX_CARDS = 50  # the whole list, sent a page at a time (Telegram takes 50 per answer)
PAGE = 10  # cards per answer; scrolling past them asks for the next page (next_offset)
TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 120
LATEST = 5  # statements an empty query shows under the countdown

Reports = dict[str, list[tuple[str, str]]]


@dataclass(frozen=True)
class Card:
    """One inline result: `id` unique in its list (at most 64 bytes), `text` the message."""

    id: str
    title: str
    description: str
    text: str
    lang: str


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _card_id(kind: str, n: int, key: str) -> str:
    """Unique by position, stable for the same content (at most 64 bytes, ASCII)."""
    return f"{kind}{n}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


def _message(text: str, lang: str) -> str:
    """The posted text, right-to-left safe, within one message (cut at a line if ever
    longer: a statement is far shorter than 4,096 characters)."""
    parts = split_message(rtl_safe(text, lang), TELEGRAM_LIMIT - 2)
    return parts[0] if len(parts) == 1 else parts[0] + "\n…"


def statement_card(
    n: int,
    s: Statement,
    actors: dict[str, Actor],
    sources: dict[str, Source],
    lang: str,
    reports: Reports,
    lead: str = "",
) -> Card:
    """A statement: "speaker · date" to pick by, the words and the outlet under it."""
    actor = actors.get(s.actor_id)
    name = actor.name(lang) if actor else "?"
    source = sources.get(s.source_id) if s.source_id else None
    outlet = source.name(lang) if source else ""
    words = s.text(lang) or s.text("en" if lang == "ar" else "ar")
    description = _short(words, DESCRIPTION_LIMIT - len(outlet) - 3)
    if outlet:
        description += f" — {outlet}"
    body = render_statement(s, actors, sources, lang, reports.get(s.id))
    return Card(
        id=_card_id("s", n, s.id),
        title=_short(f"🗣 {name} · {format_date(s.date, lang)}", TITLE_LIMIT),
        description=description,
        text=_message(f"{lead}\n\n{body}" if lead else body, lang),
        lang=lang,
    )


def countdown_card(n: int, c: Countdown, timezone: str, lang: str) -> Card:
    text = render_countdown(c, timezone, lang)
    lines = text.split("\n")  # "⏳ title", "42 days 12 hours left", "Deadline: …", "Status: …"
    return Card(
        id=_card_id("c", n, c.deadline.id),
        title=_short(f"⏳ {lines[1]}", TITLE_LIMIT),
        description=_short(
            " · ".join([lines[0].removeprefix("⏳ "), *lines[2:]]), DESCRIPTION_LIMIT
        ),
        text=_message(text, lang),
        lang=lang,
    )


def answer_cards(
    answer: Answer,
    reply_text: str,
    *,
    sources: dict[str, Source],
    stances: dict[str, Stance],
    reports: Reports,
    timezone: str,
) -> list[Card]:
    """The cards for a question's answer, best first; one card saying so when the record
    has no answer (its text is the chat's own "nothing" reply)."""
    lang = answer.question.lang
    cards = [countdown_card(i, c, timezone, lang) for i, c in enumerate(answer.countdowns)]
    statements = [*answer.statements, *answer.rest][: MAX_CARDS - len(cards)]
    lead = ""
    if answer.stance and answer.question.actor_ids:
        actor = answer.actors.get(answer.question.actor_ids[0])
        name = actor.name(lang) if actor else ""
        label = render_stance(answer.stance[0], stances, lang)
        lead = (
            f"📌 موقف {name}: {label}"
            if lang == "ar"
            else f"📌 {possessive(name)} position: {label}"
        )
    elif answer.note == "none_in_period":  # "Nothing from X in 2022. The latest:" heads them
        lead = reply_text.split("\n\n")[0].replace("\u200f", "")
    for i, s in enumerate(statements):
        first = lead if i == 0 else ""  # a position question: the stance heads the best card
        cards.append(statement_card(i, s, answer.actors, sources, lang, reports, first))
    if cards:
        return cards
    title = "لا جواب في السجل" if lang == "ar" else "No answer in the record"
    return [
        Card(
            id=_card_id("n", 0, answer.note or "none"),
            title=title,
            description=_short(reply_text.replace("\u200f", ""), DESCRIPTION_LIMIT),
            text=_message(reply_text, lang),
            lang=lang,
        )
    ]


def page(cards: list[Card], offset: str) -> tuple[list[Card], str]:
    """The page of `cards` that Telegram's `offset` asks for (the `next_offset` Raqib gave
    with the page before; "" for the first), and the offset of the next page ("" at the end:
    Telegram then asks no more). An offset Raqib never gave starts again at the first page."""
    start = int(offset) if offset.isdigit() and int(offset) < len(cards) else 0
    end = start + PAGE
    return cards[start:end], str(end) if end < len(cards) else ""


def overview_cards(
    countdowns: list[Countdown],
    latest: list[Statement],
    *,
    actors: dict[str, Actor],
    sources: dict[str, Source],
    reports: Reports,
    timezone: str,
    lang: str,
) -> list[Card]:
    """An empty query: the countdown to each deadline, then the latest statements."""
    cards = [countdown_card(i, c, timezone, lang) for i, c in enumerate(countdowns)]
    for i, s in enumerate(latest[: MAX_CARDS - len(cards)]):
        cards.append(statement_card(i, s, actors, sources, lang, reports))
    if cards:
        return cards
    empty = "السجل فارغ بعد" if lang == "ar" else "The record is empty so far"
    return [Card(_card_id("n", 0, "empty"), empty, empty, _message(empty, lang), lang)]
