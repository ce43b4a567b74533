"""The story CLI through bot.cli main() over a real SQLite file: stories add, deadlines
add|move|outcome call the same StoryStore as the chat; errors are one line and exit non-zero;
a move queues one alert per subscribed chat in the ledger."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from storage import Record
from storage.subscriptions import NewSubscription, SubscriptionStore

NOW = "2027-01-10T12:00:00+03:00"


@pytest.fixture
def cli(cli_at):
    return cli_at(NOW)


def test_a_story_is_created_and_kept_current_from_the_command_line(cli) -> None:
    assert cli("stories", "add", "vote-2027", "Iraq's", "vote", "--title-ar", "تصويت")[0] == 0
    code, out, err = cli("stories", "add", "vote-2027", "Again")
    assert code == 1 and "exists" in err and "Traceback" not in err
    code, out, err = cli("deadlines", "add", "vote-day", "--story", "vote-2027", "--due",
                         "2027-05-01T18:00", "--timezone", "Asia/Baghdad", "--title", "Vote", "day",
                         "--main", "--json")
    assert code == 0, err
    assert json.loads(out)["due"] == "2027-05-01T18:00:00+03:00"
    assert cli("deadlines", "add", "x", "--story", "nope", "--due", "2027-01-01",
               "--title", "X")[0] == 1
    assert cli("deadlines", "add", "y", "--story", "vote-2027", "--due", "2027-01-01",
               "--timezone", "Mars/Base", "--title", "Y")[0] == 2
    record = Record.open(cli.db)
    SubscriptionStore(record.db).subscribe(
        NewSubscription(5001, "vote-day"), datetime.fromisoformat(NOW)
    )
    record.db.conn.commit()
    code, out, err = cli(
        "deadlines", "move", "vote-day", "2027-06-01T18:00", "--note", "Postponed."
    )
    assert code == 0 and "1 chats told" in out, err
    assert cli("deadlines", "move", "vote-day", "2027-06-01T18:00")[1].endswith("0 chats told\n")
    assert cli("deadlines", "move", "vote-day", "June")[0] == 2
    code, out, err = cli("deadlines", "outcome", "vote-day", "cancelled", "--note", "Called off.")
    assert code == 0 and "1 chats told" in out, err
    with pytest.raises(SystemExit) as refused:  # argparse's choices: a one-line usage error
        cli("deadlines", "outcome", "vote-day", "maybe")
    assert refused.value.code == 2
    code, out, _ = cli("deadlines", "--story", "vote-2027", "--json")
    [listed] = json.loads(out)["deadlines"]
    assert listed["due"] == "2027-06-01T18:00:00+03:00" and listed["status"] == "cancelled"
    fresh = Record.open(cli.db)
    [d] = fresh.deadlines("vote-2027")
    assert d.history[-1].note_en == "Postponed." and d.outcome.note_en == "Called off."
    alerts = [
        r for r in SubscriptionStore(fresh.db).deliveries(chat_id=5001) if r.kind == "deadline"
    ]
    assert len(alerts) == 2  # one for the move, one for the outcome
    assert "vote-2027" in cli("stories")[1]
