"""Telegram handlers, one module per feature. `register` wires them into an Application.

Handlers read the update and send the reply; deciding belongs to the `story` package and
reading or writing the record to `storage`.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    admin,
    chat_settings,
    countdown,
    errors,
    fallback,
    follow,
    intake,
    positions,
    questions,
    review_desk,
    start,
    subscriptions,
)


def register(app: Application) -> None:
    """Add every handler in priority order (commands first, free text, then fallbacks)."""
    for module in (start, chat_settings, subscriptions, countdown, positions, admin, review_desk, intake, follow, questions, fallback):
        for handler in module.HANDLERS:
            app.add_handler(handler)
    for handler in intake.MONITOR_HANDLERS:  # alongside the answers, not instead of them
        app.add_handler(handler, group=intake.MONITOR_GROUP)
    app.add_error_handler(errors.on_error)
