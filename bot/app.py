"""Assemble the PTB Application in one place: token, transport, defaults, rate limiter, handlers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import BotCommand
from telegram.ext import Application, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
from bot import dispatch
from bot.config import Config
from bot.dispatch import ReminderRateLimiter
from bot.feeds import schedule_feed_polling
from bot.redact import redact_token
from handlers.context import CustomContext
from storage import Record
from storage.review_store import IngestStore

Clock = Callable[[], datetime]

COMMANDS = [
    BotCommand("countdown", "Time left to the deadline / الوقت المتبقي"),
    BotCommand("who", "Who said what / من قال ماذا"),
    BotCommand("positions", "Current positions / المواقف الحالية"),
    BotCommand("actor", "An actor's profile / نبذة عن طرف"),
    BotCommand("lang", "Reply language ar|en / لغة الردود"),
    BotCommand("timezone", "Your time zone / منطقتك الزمنية"),
    BotCommand("subscribe", "Deadline reminders / تذكيرات بالموعد"),
    BotCommand("subscriptions", "This chat's reminders / تذكيرات هذه المحادثة"),
    BotCommand("unsubscribe", "Stop reminders / إيقاف التذكيرات"),
    BotCommand("quiet", "Quiet hours / ساعات الهدوء"),
    BotCommand("follow", "Alerts when a position changes / تنبيه بتغيّر المواقف"),
    BotCommand("unfollow", "Stop position alerts / إيقاف التنبيهات"),
    BotCommand("story", "Stories followed / القصص المتابعة"),
    BotCommand("help", "Help / مساعدة"),
]


def build_application(
    config: Config,
    record: Record,
    clock: Clock,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
) -> Application:
    """The Application that serves Telegram, the terminal chat and the tests alike."""
    token = token or config.token or ""
    redact_token(token)
    builder = (
        Application.builder()
        .token(token)
        .context_types(ContextTypes(context=CustomContext))
        .defaults(Defaults(tzinfo=ZoneInfo(config.timezone)))
        # AIORateLimiter (30/s, 20/min per group, RetryAfter resent), plus an even pace for
        # reminder fan-out (bot.dispatch).
        .rate_limiter(ReminderRateLimiter(max_retries=2, paced_rate=config.reminders.messages_per_second))
        .post_init(_post_init)
    )
    if config.base_url:
        builder = builder.base_url(config.base_url)
    if config.base_file_url:
        builder = builder.base_file_url(config.base_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    app = builder.build()
    app.bot_data.update(record=record, clock=clock, config=config, ingest=IngestStore(record))
    dispatch.install(app, record, clock, config)  # one repeating JobQueue tick; the stores
    handlers.register(app)
    schedule_feed_polling(app)  # one repeating JobQueue job; each feed keeps its own next poll
    return app


async def _post_init(app: Application) -> None:
    await app.bot.set_my_commands(COMMANDS)
