"""Telegram handlers, one module per feature. `register` wires them into an Application.

Handlers read the update and send the reply; deciding belongs to the `story` package and
reading or writing the record to `storage`. Admin commands and buttons are registered behind
one filter (`common.Admins`, built from the config); anyone else reaches the one refusal.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    admin,
    chat_settings,
    countdown,
    errors,
    export,
    fallback,
    follow,
    inline,
    intake,
    positions,
    questions,
    review_desk,
    start,
    subscriptions,
    timeline,
)
from handlers.common import AdminButton, Admins, command, refuse_non_admin


def register(app: Application) -> None:
    """Add every handler in priority order (commands first, free text, then fallbacks)."""
    admins = Admins(app.bot_data["config"].admins)
    admin_commands = [*admin.COMMANDS, *review_desk.COMMANDS, *intake.COMMANDS]
    ordered = [
        *start.HANDLERS,
        *chat_settings.HANDLERS,
        *subscriptions.HANDLERS,
        *countdown.HANDLERS,
        *positions.HANDLERS,
        *export.HANDLERS,
        *timeline.HANDLERS,
        *admin.handlers(admins),
        *review_desk.handlers(admins),
        *intake.handlers(admins),
        command(admin_commands, refuse_non_admin, ~admins),
        AdminButton(refuse_non_admin, review_desk.BUTTONS, admins, admitted=False),
        AdminButton(refuse_non_admin, admin.BUTTONS, admins, admitted=False),
        *follow.HANDLERS,
        *questions.HANDLERS,
        *inline.HANDLERS,
        *fallback.HANDLERS,
    ]
    for handler in ordered:
        app.add_handler(handler)
    for handler in intake.MONITOR_HANDLERS:  # alongside the answers, not instead of them
        app.add_handler(handler, group=intake.MONITOR_GROUP)
    app.add_error_handler(errors.on_error)
