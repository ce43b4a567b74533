"""Pins storage.subscriptions: one subscription per chat and deadline, the indexed due query,
claiming exactly once, start-up recovery and recomputation, migration, and "what changed"."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from reminder_support import DEADLINE_ID, STORY, add_statement, baghdad, move_deadline

from storage import Record
from storage.subscriptions import NewSubscription, SubscriptionStore

GRACE = timedelta(minutes=60)


@pytest.fixture
def store(record: Record) -> SubscriptionStore:
    return SubscriptionStore(record.db)


def test_one_subscription_per_chat_and_deadline_changes_in_place(store: SubscriptionStore) -> None:
    first = store.subscribe(NewSubscription(5001, DEADLINE_ID), baghdad(2021, 11, 19, 12))
    changed = store.subscribe(
        NewSubscription(5001, DEADLINE_ID, "weekly", time(18), weekday=0), baghdad(2021, 11, 19, 13)
    )
    assert changed.id == first.id
    assert (changed.cadence, changed.at, changed.weekday) == ("weekly", time(18), 0)
    assert changed.next_due == baghdad(2021, 11, 22, 18)
    assert [e for e, _ in store.events(first.id)] == ["subscribed", "changed"]
    assert len(store.subscriptions(5001)) == 1


def test_due_query_is_an_index_range_not_a_scan(store: SubscriptionStore) -> None:
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT 1 FROM subscriptions WHERE active = 1 AND next_due <= ? LIMIT 1",
        ["x"],
    ).fetchall()
    detail = " ".join(str(row[-1]) for row in plan)
    # an index range on (active, next_due); `active` is computed from `state`, so not covering
    assert (
        "SEARCH subscriptions USING INDEX subscriptions_active_next_due (active=? AND next_due<?)"
        in detail
    )


def test_an_occurrence_is_claimed_once_even_if_the_schedule_is_rewound(
    store: SubscriptionStore,
) -> None:
    sub = store.subscribe(NewSubscription(5001, DEADLINE_ID), baghdad(2021, 11, 19, 12))
    now = baghdad(2021, 11, 20, 9, 0, 5)
    assert store.claim_due(now, GRACE).deliveries == 1
    assert store.claim_due(now, GRACE).deliveries == 0
    # Even a schedule pushed back (a crash before the cursor moved, a replayed claim) cannot
    # claim the same occurrence twice: the ledger key is (subscription, occurrence).
    store.db.execute("UPDATE subscriptions SET cursor = ?, next_due = ? WHERE id = ?",
                     ["2021-11-19T09:00:00+00:00", "2021-11-20T06:00:00+00:00", sub.id])
    store.db.conn.commit()
    assert store.claim_due(now, GRACE).deliveries == 0
    assert [(d.occurrence, d.state) for d in store.deliveries(subscription_id=sub.id)] == [
        ("2021-11-20", "pending")
    ]


def test_claim_and_schedule_move_together(store: SubscriptionStore) -> None:
    sub = store.subscribe(NewSubscription(5001, DEADLINE_ID), baghdad(2021, 11, 19, 12))
    store.claim_due(baghdad(2021, 11, 20, 9, 0, 5), GRACE)
    after = store.subscription(sub.id)
    assert after.cursor == baghdad(2021, 11, 20, 9)
    assert after.next_due == baghdad(2021, 11, 21, 9)
    assert not store.has_due(baghdad(2021, 11, 21, 8, 59))
    assert store.has_due(baghdad(2021, 11, 21, 9))


def test_recovery_marks_in_flight_rows_uncertain_and_keeps_pending_ones(
    store: SubscriptionStore,
) -> None:
    for chat in (1, 2):
        store.subscribe(NewSubscription(chat, DEADLINE_ID), baghdad(2021, 11, 19, 12))
    store.claim_due(baghdad(2021, 11, 20, 9, 0, 5), GRACE)
    first, second = store.pending()
    assert store.mark_sending(first.key, baghdad(2021, 11, 20, 9, 0, 6))
    assert not store.mark_sending(first.key, baghdad(2021, 11, 20, 9, 0, 6))  # compare-and-set
    assert store.recover(baghdad(2021, 11, 20, 9, 5)) == (1, 1)
    assert store.delivery(*first.key).state == "uncertain"
    assert store.delivery(*second.key).state == "pending"


def test_start_up_recomputes_next_due_when_the_deadline_moved(
    record: Record, store: SubscriptionStore
) -> None:
    sub = store.subscribe(
        NewSubscription(5001, DEADLINE_ID, "milestones"), baghdad(2021, 11, 19, 12)
    )
    assert sub.next_due == baghdad(2021, 12, 1, 9)
    move_deadline(record, datetime(2022, 1, 31, 21, tzinfo=UTC))
    assert store.recompute_all() == 1
    assert store.subscription(sub.id).next_due == baghdad(
        2022, 1, 1, 9
    )  # 30 whole days before 1 February
    assert store.recompute_all() == 0


def test_migrating_a_group_moves_subscriptions_settings_and_pending_rows(
    record: Record, store: SubscriptionStore
) -> None:
    old, new = -4001, -1004001
    record.set_chat_settings(old, baghdad(2021, 11, 19, 12), lang="en", timezone="Europe/London")
    store.subscribe(NewSubscription(old, DEADLINE_ID), baghdad(2021, 11, 19, 12))
    store.claim_due(baghdad(2021, 11, 20, 12, 30), GRACE)  # 09:30 in London
    assert store.migrate_chat(old, new, baghdad(2021, 11, 20, 12, 31)) == 1
    assert store.subscriptions(old) == []
    assert [s.chat_id for s in store.subscriptions(new)] == [new]
    assert [d.chat_id for d in store.pending()] == [new]
    assert store.chat_timezone(new) == "Europe/London" and store.chat_language(new, "ar") == "en"


def test_deactivating_keeps_the_record_and_cancels_pending_rows(store: SubscriptionStore) -> None:
    sub = store.subscribe(NewSubscription(5001, DEADLINE_ID), baghdad(2021, 11, 19, 12))
    store.claim_due(baghdad(2021, 11, 20, 9, 0, 5), GRACE)
    assert store.deactivate_chat(5001, "blocked", baghdad(2021, 11, 20, 9, 1)) == 1
    kept = store.subscriptions(5001, include_inactive=True)
    assert [(s.id, s.state, s.active) for s in kept] == [(sub.id, "blocked", False)]
    assert store.pending() == []
    assert [e for e, _ in store.events(sub.id)] == ["subscribed", "blocked"]
    assert not store.has_due(baghdad(2021, 11, 30, 9))


def test_changes_since_lists_new_statements_and_moved_positions(
    record: Record, store: SubscriptionStore
) -> None:
    mark = store.statement_mark()
    assert store.changes_since(STORY, mark).statements_total == 0
    # Dated after the pack's December 2021 statements, so they are the actors' latest.
    day = date(2021, 12, 30)
    add_statement(
        record, "kirby-new-1", "john-kirby", "Nothing has changed about our commitment.",
        stance="committed_to_deadline", day=day,
    )
    add_statement(
        record, "khafaji-new-1", "tahsin-al-khafaji", "The date is fixed.",
        stance="combat_withdrawal_advisers_stay", day=day,
    )
    news = store.changes_since(STORY, mark)
    assert [s.id for s in news.statements] == [
        "khafaji-new-1",
        "kirby-new-1",
    ]  # same day: newest entry first
    # Kirby moved (advisers stay → committed to the deadline); al-Khafaji restated his stance.
    assert [(a, new, old) for a, new, old, _ in news.positions] == [
        ("john-kirby", "committed_to_deadline", "combat_withdrawal_advisers_stay")
    ]
    assert news.mark == mark + 2
    assert store.changes_since(STORY, news.mark).statements_total == 0


def test_statement_order_survives_reopening(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "r.db")
    mark = SubscriptionStore(record.db).statement_mark()
    record.db.close()
    again = Record.open(tmp_path / "r.db")
    assert SubscriptionStore(again.db).statement_mark() == mark  # reopening adds nothing


def test_a_claim_is_one_transaction_ledger_and_schedule_or_neither(
    store: SubscriptionStore,
) -> None:
    import sqlite3

    sub = store.subscribe(NewSubscription(5001, DEADLINE_ID), baghdad(2021, 11, 19, 12))
    # Make the second write of the claim fail, as a crash or a full disk would.
    store.db.execute(
        "CREATE TRIGGER fail_schedule BEFORE UPDATE OF cursor ON subscriptions BEGIN SELECT "
        "RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        store.claim_due(baghdad(2021, 11, 20, 9, 0, 5), GRACE)
    assert store.deliveries(subscription_id=sub.id) == []  # the ledger row went with it
    store.db.execute("DROP TRIGGER fail_schedule")
    assert store.claim_due(baghdad(2021, 11, 20, 9, 0, 5), GRACE).deliveries == 1
