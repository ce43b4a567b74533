"""Reminders end to end in process: the real Application (handlers, AIORateLimiter, the real
JobQueue ticking every 50 ms) on an in-process Bot API with fault injection, a real SQLite
file, and an injected clock the tests move. A "restart" is a new Application on the same
database file, as a new process would be."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from botapi import FakeBotAPI
from reminder_support import (
    TOKEN,
    MovableClock,
    add_statement,
    baghdad,
    make_app,
    press,
    running,
    say,
    service_of,
    settle,
    store_of,
    texts_to,
    until,
)

pytestmark = pytest.mark.filterwarnings(
    "ignore::telegram.warnings.PTBDeprecationWarning"
)  # PTB's own RetryAfter

USER = 5001
GROUP = -4001  # a basic group
SUPERGROUP = -1009990004001
ADMIN, MEMBER = 77, 78


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "raqib.db"


@pytest.fixture
def api() -> FakeBotAPI:
    return FakeBotAPI(token=TOKEN)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(baghdad(2021, 11, 19, 12, 0))


def reminders(api: FakeBotAPI, chat_id: int, since: int = 0) -> list[str]:
    """Reminder messages (not replies to commands) the chat received."""
    marks = ("⏰", "📅", "🔔", "⏪", "🏁")
    return [t for t in texts_to(api, chat_id, since) if t.lstrip("\u200f").startswith(marks)]


async def subscribe_daily(
    app, api: FakeBotAPI, chat_id: int = USER, user_id: int | None = None, at: str = "0900"
) -> None:
    """Subscribe through the inline keyboard, as a user would: /subscribe, Daily, 09:00."""
    kwargs = {"user_id": user_id} if user_id else {}
    replies = await say(app, api, chat_id, "/subscribe", language_code="en", **kwargs)
    keyboard = replies[-1]["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in keyboard[0]] == ["Daily", "Weekly", "Milestones only"]
    message_id = replies[-1]["message_id"]
    await press(app, api, chat_id, user_id or chat_id, keyboard[0][0]["callback_data"], message_id)
    times = api.edited[-1]["reply_markup"]["inline_keyboard"]
    button = next(b for row in times for b in row if b["callback_data"].split("|")[-2:-1] == [at])
    await press(app, api, chat_id, user_id or chat_id, button["callback_data"], message_id)
    assert api.edited[-1]["text"].startswith("✅ Subscribed")


# ------------------------------------------------------------------------------ subscribing


async def test_subscribing_by_keyboard_then_a_daily_reminder_arrives_once(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
        assert "Next reminder: 20 November 2021 09:00 (Baghdad)" in api.edited[-1]["text"]
        listing = await say(app, api, USER, "/subscriptions", language_code="en")
        assert (
            "daily at 09:00, with milestones; next: 20 November 2021 09:00 (Baghdad)"
            in listing[-1]["plain_text"]
        )
        clock.set(2021, 11, 20, 8, 59)
        await settle(app)
        assert reminders(api, USER) == []
        clock.set(2021, 11, 20, 9, 0, 2)
        await until(lambda: reminders(api, USER), what="the daily reminder")
        await settle(app)
        [text] = reminders(api, USER)
        assert text.startswith(
            "⏰ Daily reminder\n⏳ US combat forces leave Iraq\n41 days 14 hours left"
        )
        assert "Nothing new in the record since you subscribed." in text
    assert [d.state for d in store_of(app).deliveries(chat_id=USER)] == ["sent"]


async def test_subscribing_with_arguments_weekly_and_arabic(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        bad = await say(app, api, USER, "/subscribe hourly", language_code="en")
        assert "I did not understand “\u2068hourly\u2069”" in bad[-1]["plain_text"]
        # The chat's language is its users' latest (story.chat_language): Arabic from here on.
        replies = await say(
            app, api, USER, "/subscribe weekly mon 18:30 nomilestones", language_code="ar"
        )
        text = replies[-1]["plain_text"]
        assert "كل الاثنين الساعة 18:30، بلا محطات" in text
        sub = store_of(app).subscriptions(USER)[0]
        assert (sub.cadence, sub.weekday, sub.milestones, sub.lang) == ("weekly", 0, False, "ar")
        clock.set(2021, 11, 22, 18, 30, 1)
        await until(lambda: reminders(api, USER), what="the weekly reminder")
        [text] = reminders(api, USER)
        assert text.startswith("\u200f📅 تذكير أسبوعي")  # the subscriber's language, right to left


async def test_in_a_group_only_admins_change_the_subscription(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    api.set_admins(GROUP, [ADMIN])
    async with running(app, record):
        refused = await say(app, api, GROUP, "/subscribe", user_id=MEMBER, language_code="en")
        assert refused[-1]["plain_text"] == "Only this group's admins can change its reminders."
        await subscribe_daily(app, api, GROUP, user_id=ADMIN)
        # A member pressing an admin's keyboard is refused too.
        replies = await say(app, api, GROUP, "/subscribe", user_id=ADMIN, language_code="en")
        await press(app, api, GROUP, MEMBER, "rs|x", replies[-1]["message_id"])
        assert api.callback_answers[-1]["show_alert"] is True
        stop = await say(app, api, GROUP, "/unsubscribe", user_id=MEMBER, language_code="en")
        assert stop[-1]["plain_text"] == "Only this group's admins can change its reminders."
        listed = await say(app, api, GROUP, "/subscriptions", user_id=MEMBER, language_code="en")
        assert "daily at 09:00" in listed[-1]["plain_text"]  # anyone may look
        stop = await say(app, api, GROUP, "/unsubscribe", user_id=ADMIN, language_code="en")
        assert stop[-1]["plain_text"] == "🔕 Stopped: US combat forces leave Iraq."
    assert [s.state for s in store_of(app).subscriptions(GROUP, include_inactive=True)] == [
        "unsubscribed"
    ]


async def test_changing_time_zone_moves_the_reminders(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
        await say(app, api, USER, "/timezone Asia/Kolkata", language_code="en")
        assert store_of(app).subscriptions(USER)[0].next_due == baghdad(
            2021, 11, 20, 6, 30
        )  # 09:00 IST
        bad = await say(app, api, USER, "/timezone Mars/Olympus", language_code="en")
        assert "Asia/Baghdad" in bad[-1]["plain_text"]  # the existing error, with an example


async def test_quiet_hours_hold_a_reminder_until_they_end(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await say(app, api, USER, "/subscribe daily 23:00", language_code="en")
        reply = await say(app, api, USER, "/quiet 22:00-07:00", language_code="en")
        assert reply[-1]["plain_text"].startswith("🌙 Quiet hours set: 22:00–07:00")
        clock.set(2021, 11, 19, 23, 0, 5)
        await settle(app)
        assert reminders(api, USER) == []
        clock.set(2021, 11, 20, 7, 0, 5)
        await until(lambda: reminders(api, USER), what="the held reminder")
        await settle(app)
        assert len(reminders(api, USER)) == 1


# ------------------------------------------------------------------------------ what it says


async def test_a_reminder_tells_what_changed_since_the_previous_one(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
        clock.set(2021, 11, 20, 9, 0, 2)
        await until(lambda: len(reminders(api, USER)) == 1)
        # Dated the day they enter (20 Nov): a reminder on 21 Nov knows nothing dated later.
        said = date(2021, 11, 20)
        add_statement(
            record, "kirby-25", "john-kirby", "Our commitment to the deadline is unchanged.",
            stance="committed_to_deadline", day=said,
        )
        for i in range(6):
            add_statement(
                record,
                f"factions-{i}",
                "armed-factions",
                f"Statement number {i} of the factions.",
                day=said,
            )
        clock.set(2021, 11, 21, 9, 0, 2)
        await until(lambda: len(reminders(api, USER)) == 2)
        text = reminders(api, USER)[1]
        assert "Since your last reminder:\n🗣 New statements:\n" in text
        assert "• Armed factions in Iraq: “Statement number 5 of the factions.”" in text
        assert "• … and 2 more" in text
        assert ("📌 Changed positions:\n• John Kirby: Committed to the agreed withdrawal deadline "
                "(was: Combat forces leave; advisers and trainers stay)") in text
        clock.set(2021, 11, 22, 9, 0, 2)
        await until(lambda: len(reminders(api, USER)) == 3)
        assert "Nothing new in the record since your last reminder." in reminders(api, USER)[2]


# ------------------------------------------------------------------------- restarts and downtime


async def test_restart_between_occurrences_sends_each_once(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
        clock.set(2021, 11, 20, 9, 0, 2)
        await until(lambda: len(reminders(api, USER)) == 1)
        await settle(app)
    for hour in (9, 15):  # restarted twice on the same day: nothing more that day
        clock.set(2021, 11, 20, hour, 30)
        app, record = make_app(db, api, clock)
        async with running(app, record):
            await settle(app)
        assert len(reminders(api, USER)) == 1
    clock.set(2021, 11, 21, 9, 0, 3)
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await until(lambda: len(reminders(api, USER)) == 2)
        await settle(app)
    assert len(reminders(api, USER)) == 2
    assert [d.occurrence for d in store_of(app).deliveries(chat_id=USER)] == [
        "2021-11-20",
        "2021-11-21",
    ]


async def test_downtime_within_grace_sends_the_missed_reminder_once(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
    clock.set(2021, 11, 20, 9, 40)  # down across 09:00, back 40 minutes later (grace: 60)
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await until(lambda: reminders(api, USER))
        await settle(app)
    [text] = reminders(api, USER)
    assert text.startswith("⏰ Daily reminder")


async def test_downtime_longer_than_grace_collapses_into_one_catch_up(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
        clock.set(2021, 11, 27, 9, 0, 2)
        await until(lambda: reminders(api, USER))
        await settle(app)
    since = len(api.sent)
    clock.set(2021, 12, 1, 12, 0)  # down from the 27th to 1 December, noon: 4 reminders missed
    app, record = make_app(db, api, clock, grace_minutes=60)
    async with running(app, record):
        await until(lambda: reminders(api, USER, since))
        await settle(app, 1.5)
    [text] = reminders(api, USER, since)
    assert text.startswith(
        "⏪ Raqib was offline and you missed 4 reminders (28 November 2021 – 1 December 2021, "
        "including the 30-day milestone). Where things stand now:\n⏳ US combat forces leave "
        "Iraq\n30 days 12 hours left"
    )


async def test_pending_rows_left_by_a_stop_are_sent_after_restart(db, api, clock) -> None:
    """The ledger written, nothing sent (the process stopped in between): sent once after."""
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
    store = store_of(app)
    # A claim committed by a process that stopped before sending (the crash itself is
    # exercised with a real process in test_reminders_process.py).
    store.claim_due(baghdad(2021, 11, 20, 9, 0, 1), service_of(app).grace)
    assert [d.state for d in store.pending()] == ["pending"]
    clock.set(2021, 11, 20, 9, 10)
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await until(lambda: reminders(api, USER))
        await settle(app)
    assert len(reminders(api, USER)) == 1
    assert [d.state for d in store_of(app).deliveries(chat_id=USER)] == ["sent"]


# ------------------------------------------------------------------------------ Telegram's refusals


async def test_a_429_pauses_and_the_reminder_is_resent_once(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
        # Three 429s: the rate limiter's two retries are used up, the fan-out holds and resends.
        api.fail_next("sendMessage", 429, retry_after=1, times=3)
        started = time.monotonic()
        clock.set(2021, 11, 20, 9, 0, 2)
        await until(lambda: reminders(api, USER), timeout=15, what="the resent reminder")
        waited = time.monotonic() - started
        await settle(app, 1.5)
    assert len(reminders(api, USER)) == 1
    assert waited >= 3.0  # 1.1 s per limiter retry, then the fan-out's own hold
    assert sum(1 for c in api.calls if c.method == "sendMessage" and c.status == 429) == 3
    assert service_of(app).stats.retry_after == 1
    assert [d.state for d in store_of(app).deliveries(chat_id=USER)] == ["sent"]


async def test_fan_out_keeps_an_even_pace_under_a_strict_limit(db, clock) -> None:
    """70 milestones due at once leave evenly, never in a burst: a server refusing a 31st
    message within any second never has to refuse. (25/s here, to leave a loaded test
    machine room for jitter; bench/fanout.py measures the default 29/s.)"""
    api = FakeBotAPI(token=TOKEN, rate_limit=30)
    app, record = make_app(db, api, clock, messages_per_second=25)
    chats = list(range(100_001, 100_071))
    from storage.subscriptions import NewSubscription

    store_of(app).subscribe_many(
        [NewSubscription(c, "us-combat-withdrawal", "milestones") for c in chats], clock()
    )
    clock.set(2021, 12, 1, 9, 0, 5)
    async with running(app, record):
        started = time.monotonic()
        await until(lambda: len(api.sent) >= len(chats), timeout=20, what="all 70 milestones")
        elapsed = time.monotonic() - started
        await settle(app)
    assert sorted(r["chat_id"] for r in api.sent) == chats  # each chat once
    assert not [c for c in api.calls if c.status == 429]
    assert elapsed >= 2.4  # 70 messages at 25/s, not in a burst


async def test_a_blocked_user_is_deactivated_and_kept_for_the_record(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
        api.blocked.add(USER)  # blocked without the bot hearing of it: the send answers 403
        clock.set(2021, 11, 20, 9, 0, 2)
        await until(lambda: service_of(app).stats.blocked == 1, what="the 403")
        await settle(app)
        store = store_of(app)
        [sub] = store.subscriptions(USER, include_inactive=True)
        assert (sub.state, sub.active) == ("blocked", False)
        assert [d.state for d in store.deliveries(chat_id=USER)] == ["failed"]
        clock.set(2021, 11, 21, 9, 0, 2)
        await settle(app)
        assert len(store.deliveries(chat_id=USER)) == 1  # nothing more is claimed
        # Unblocking does not bring the reminders back by itself; the user is told how.
        before = len(api.sent)
        await app.process_update(_member_update(app, api, USER, "kicked", "member"))
        assert texts_to(api, USER, before) == [
            "Welcome back. The reminders this chat had stopped when the bot was blocked or "
            "removed; "
            "/subscribe starts them again."
        ]
        assert store.subscriptions(USER) == []


async def test_my_chat_member_kicked_or_removed_deactivates_before_any_send(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    api.set_admins(GROUP, [ADMIN])
    async with running(app, record):
        await subscribe_daily(app, api)
        await subscribe_daily(app, api, GROUP, user_id=ADMIN)
        await app.process_update(_member_update(app, api, USER, "member", "kicked"))
        await app.process_update(_member_update(app, api, GROUP, "member", "left", user_id=ADMIN))
        store = store_of(app)
        assert [s.state for s in store.subscriptions(USER, include_inactive=True)] == ["blocked"]
        assert [s.state for s in store.subscriptions(GROUP, include_inactive=True)] == ["removed"]
        clock.set(2021, 11, 20, 9, 0, 2)
        await settle(app)
    assert reminders(api, USER) == [] and reminders(api, GROUP) == []
    assert not [c for c in api.calls if c.method == "sendMessage" and c.status == 403]


async def test_a_migrated_group_gets_its_reminder_at_the_supergroup_once(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    api.set_admins(GROUP, [ADMIN])
    async with running(app, record):
        await subscribe_daily(app, api, GROUP, user_id=ADMIN)
        api.migrate_chat(GROUP, SUPERGROUP)  # the bot has not heard of it yet
        clock.set(2021, 11, 20, 9, 0, 2)
        await until(lambda: reminders(api, SUPERGROUP), what="the reminder in the supergroup")
        await settle(app, 1.0)
        store = store_of(app)
        assert [s.chat_id for s in store.subscriptions(SUPERGROUP)] == [SUPERGROUP]
        assert store.subscriptions(GROUP) == []
        clock.set(2021, 11, 21, 9, 0, 2)
        await until(lambda: len(reminders(api, SUPERGROUP)) == 2)
        await settle(app)
    assert len(reminders(api, SUPERGROUP)) == 2 and reminders(api, GROUP) == []
    assert service_of(app).stats.migrated == 1


async def test_a_migration_service_message_moves_the_subscription(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    api.set_admins(GROUP, [ADMIN])
    async with running(app, record):
        await subscribe_daily(app, api, GROUP, user_id=ADMIN)
        update = api.new_message(GROUP, "x", user_id=ADMIN)
        message = update["message"]
        del message["text"]
        message.pop("entities", None)
        message["migrate_to_chat_id"] = SUPERGROUP
        from telegram import Update

        await app.process_update(Update.de_json(update, app.bot))
        assert [s.chat_id for s in store_of(app).subscriptions(SUPERGROUP)] == [SUPERGROUP]


# -------------------------------------------------------------------------- the deadline passing


async def test_the_deadline_passing_sends_one_final_message_then_stops(db, api, clock) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
        clock.set(2021, 12, 31, 9, 0, 2)
        await until(lambda: len(reminders(api, USER)) == 1)
        clock.set(2022, 1, 1, 0, 0, 3)
        await until(lambda: len(reminders(api, USER)) == 2, what="the final message")
        await settle(app, 1.2)
        final = reminders(api, USER)[1]
        assert final.startswith(
            "🏁 The deadline has come. The outcome so far:\n⏳ US combat forces leave "
            "Iraq\npassed today"
        )
        # the pack's December 2021 actors (al-Nujaba …) now sort in before the factions
        assert "Where the actors stand now:\n• " in final
        assert "\n• Armed factions in Iraq: Demands a complete US withdrawal" in final
        assert final.endswith(
            "This was the last reminder for this deadline. /positions and /countdown work any time."
        )
        for day in (2, 3):
            clock.set(2022, 1, day, 9, 0, 2)
            await settle(app)
        assert len(reminders(api, USER)) == 2
        [sub] = store_of(app).subscriptions(USER, include_inactive=True)
        assert sub.state == "ended"
        late = await say(app, api, USER, "/subscribe", language_code="en")
        # the chat's story has ended: /subscribe offers the deadlines still ahead (2025, 2026)
        assert late[-1]["plain_text"].startswith("Which deadline should this chat be reminded of?")
        assert "coalition" in str(late[-1].get("reply_markup", "")).lower()


async def test_the_final_message_goes_once_after_downtime_across_the_deadline(
    db, api, clock
) -> None:
    app, record = make_app(db, api, clock)
    async with running(app, record):
        await subscribe_daily(app, api)
    clock.set(2022, 1, 3, 10)
    for _ in range(2):  # and a second restart after it
        app, record = make_app(db, api, clock)
        async with running(app, record):
            await until(lambda: reminders(api, USER))
            await settle(app)
    [final] = reminders(api, USER)
    assert final.startswith(
        "🏁 The deadline has come. The outcome so far:\n⏳ US combat forces leave Iraq\npassed 2 "
        "days ago"
    )


def _member_update(
    app, api: FakeBotAPI, chat_id: int, old: str, new: str, user_id: int | None = None
):
    from telegram import Update

    return Update.de_json(api.new_my_chat_member(chat_id, user_id or chat_id, old, new), app.bot)


async def test_service_stops_promptly_with_a_fan_out_in_progress(db, clock) -> None:
    api = FakeBotAPI(token=TOKEN)
    app, record = make_app(db, api, clock, messages_per_second=20)
    from storage.subscriptions import NewSubscription

    store_of(app).subscribe_many(
        [NewSubscription(c, "us-combat-withdrawal", "milestones") for c in range(1, 61)], clock()
    )
    clock.set(2021, 12, 1, 9, 0, 5)
    async with running(app, record):
        await until(lambda: len(api.sent) >= 5)
    # Stop finishes what is in flight, not the queue: at 20 messages/s draining 60 would take
    # 3 s, so what matters is that sends remain pending, not a wall-clock bound on a busy machine.
    counts = store_of(app).ledger_counts()
    assert counts["pending"] > 0
    assert counts["sent"] == len(api.sent) and counts["pending"] == 60 - len(api.sent)
    app, record = make_app(db, api, clock, messages_per_second=200)
    async with running(app, record):
        await until(lambda: len(api.sent) >= 60, timeout=10)
        await settle(app)
    assert sorted(r["chat_id"] for r in api.sent) == list(range(1, 61))


async def test_a_deadline_moved_while_running_reschedules_milestones(db, api, clock) -> None:
    from datetime import UTC, datetime

    from reminder_support import move_deadline

    app, record = make_app(db, api, clock)
    async with running(app, record):
        await say(app, api, USER, "/subscribe milestones", language_code="en")
        assert store_of(app).subscriptions(USER)[0].next_due == baghdad(2021, 12, 1, 9)
        move_deadline(record, datetime(2022, 1, 31, 21, tzinfo=UTC))  # extended by a month
        await until(lambda: store_of(app).subscriptions(USER)[0].next_due == baghdad(2022, 1, 1, 9))


def test_reminder_config_is_validated(tmp_path: Path) -> None:
    from bot.config import ConfigError, load_config

    good = tmp_path / "good.toml"
    good.write_text(
        '[reminders]\ntick_seconds = 5\ngrace_minutes = 90\ndefault_time = "08:30"\n',
        encoding="utf-8",
    )
    settings = load_config(good, env={}).reminders
    assert (settings.tick_seconds, settings.grace_minutes, settings.default_time) == (
        5.0,
        90.0,
        "08:30",
    )
    for bad, message in (
        ('default_time = "25:00"', 'default_time must be "HH:MM"'),
        ("grace_minutes = -1", "grace_minutes must be a positive number"),
        ("tick = 5", "unknown key 'tick'"),
    ):
        path = tmp_path / "bad.toml"
        path.write_text(f"[reminders]\n{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=message):
            load_config(path, env={})
