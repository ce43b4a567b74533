"""Inline mode: `@raqib_bot <question>` in any chat offers the answer as result cards.

The question goes through the same path as a chat's (story.respond.respond), so a card says
what Raqib would have replied; story.inline_cards makes the cards. An empty query offers
the countdown and the latest statements, in the user's language (so that list is cached
per user: `is_personal`); an answer's language is the question's, so its list is shared.
Telegram caches a query's results for `CACHE_SECONDS`: briefly, as the record moves. Cards
come a page at a time: each answer gives Telegram the `next_offset` it sends back when the
user scrolls to the end (the same query, answered again, the next page cut from it).
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.ext import InlineQueryHandler

from handlers.context import CustomContext
from story.answering import countdowns_for
from story.as_of import as_of
from story.inline_cards import LATEST, Card, answer_cards, overview_cards, page
from story.respond import respond

CACHE_SECONDS = 30


def _article(card: Card) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=card.id,
        title=card.title,
        description=card.description,
        input_message_content=InputTextMessageContent(card.text),
    )


async def inline_query(update: Update, context: CustomContext) -> None:
    query = update.inline_query
    if query is None:
        return
    record, settings = context.record, context.chat  # no chat here: the user's language
    question = query.query.strip()
    if question:
        result = respond(
            question,
            record,
            context.now,
            default_lang=settings.lang,
            timezone=settings.timezone,
            replay=context.replay,
        )
        shown = [*result.answer.statements, *result.answer.rest]
        cards = answer_cards(
            result.answer,
            result.text,
            sources=result.sources,
            stances=record.stances(),
            reports=record.statement_reports([s.id for s in shown]),
            timezone=settings.timezone,
        )
        personal = False
    else:
        view = as_of(record, context.now, replay=context.replay)
        story_id = context.story_id
        latest = view.statements_by(list(record.actors()), limit=LATEST)
        cards = overview_cards(
            countdowns_for(record, context.now, story_id),
            latest,
            actors=record.actors(),
            sources=record.sources(),
            reports=record.statement_reports([s.id for s in latest]),
            timezone=settings.timezone,
            lang=settings.lang,
        )
        personal = True
    shown_now, next_offset = page(cards, query.offset)  # the rest as the user scrolls
    await query.answer(
        [_article(card) for card in shown_now],
        cache_time=CACHE_SECONDS,
        is_personal=personal,
        next_offset=next_offset or None,  # none: the last page
    )


HANDLERS = [InlineQueryHandler(inline_query)]
