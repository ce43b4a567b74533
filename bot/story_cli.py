"""The CLI's story service commands, one-to-one with storage.story_store (the same service as
/newstory and /deadline in chat):

    stories add ID TITLE [--title-ar T]
    deadlines add ID --story S --due ISO [--timezone Z] --title TITLE [--title-ar T] [--main]
    deadlines move ID DUE [--note N] · deadlines outcome ID STATUS [--note N] [--statement ID]

The alerts a move or an outcome queues wait in the ledger; a running bot sends them at its
next tick (exactly once, as reminders)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands import CliError, Context, _emit
from storage.story_store import StoryError, StoryStore
from story.countdown import valid_timezone
from story.models import OUTCOME_STATUSES, Deadline


def add_arguments(
    stories: argparse.ArgumentParser,
    deadlines: argparse.ArgumentParser,
    add: Callable[..., argparse.ArgumentParser],
) -> argparse._SubParsersAction:
    """The story subcommands; returns the deadlines' subparsers for the desk's `status`."""
    ssub = stories.add_subparsers(dest="action", metavar="ACTION")
    new = add(ssub, "add", "create a story")
    new.add_argument("id")
    new.add_argument("title", nargs="+", help="its title (English)")
    new.add_argument("--title-ar", default="", help="its Arabic title")
    dsub = deadlines.add_subparsers(dest="action", metavar="ACTION")
    dnew = add(dsub, "add", "add a deadline to a story")
    dnew.add_argument("id")
    dnew.add_argument("--story", required=True)
    dnew.add_argument("--due", required=True, help="YYYY-MM-DD[THH:MM[+03:00]]")
    dnew.add_argument("--timezone", default=None, help="IANA zone (default: the config's)")
    dnew.add_argument("--title", required=True, nargs="+")
    dnew.add_argument("--title-ar", default="")
    dnew.add_argument("--main", action="store_true", help="the story's main deadline")
    move = add(dsub, "move", "move a deadline (the old date is kept in its history)")
    move.add_argument("id")
    move.add_argument("due", help="YYYY-MM-DD[THH:MM[+03:00]]")
    move.add_argument("--note", default="")
    outcome = add(dsub, "outcome", "record what happened at a deadline")
    outcome.add_argument("id")
    outcome.add_argument("status", choices=OUTCOME_STATUSES)
    outcome.add_argument("--note", default="")
    outcome.add_argument("--statement", default=None, help="the statement behind it")
    return dsub


def _due(value: str, zone: str) -> datetime:
    try:
        due = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f"not a date: {value!r} (YYYY-MM-DD[THH:MM])", 2) from None
    return due if due.tzinfo else due.replace(tzinfo=ZoneInfo(zone))


def stories_add(ctx: Context) -> int:
    a, now = ctx.args, ctx.clock()
    title = " ".join(a.title)
    _run(lambda: StoryStore(ctx.rec).create_story(a.id, title, a.title_ar or title, now.date()))
    return _emit(ctx, {"story": a.id, "created": True}, [f"story {a.id} created"])


def deadlines_add(ctx: Context) -> int:
    a = ctx.args
    zone = a.timezone or ctx.config.timezone
    if not valid_timezone(zone):
        raise CliError(f"--timezone: not a time zone: {zone!r}", 2)
    title = " ".join(a.title)
    d = Deadline(a.id, a.story, title, a.title_ar or title, _due(a.due, zone), zone, main=a.main)
    _run(lambda: StoryStore(ctx.rec).add_deadline(d))
    return _emit(ctx, {"deadline": a.id, "due": d.due.isoformat()}, [f"deadline {a.id} added"])


def deadlines_move(ctx: Context) -> int:
    a, now = ctx.args, ctx.clock()
    store = StoryStore(ctx.rec)
    zone = _run(lambda: store.deadline(a.id)).timezone
    due = _due(a.due, zone)
    told = _run(lambda: store.move_deadline(a.id, due, now.date(), now, note_en=a.note))
    return _emit(
        ctx, {"deadline": a.id, "told": told}, [f"deadline {a.id} moved; {told} chats told"]
    )


def deadlines_outcome(ctx: Context) -> int:
    a, now = ctx.args, ctx.clock()
    store = StoryStore(ctx.rec)
    told = _run(
        lambda: store.record_outcome(
            a.id, a.status, now.date(), now, note_en=a.note, statement_id=a.statement
        )
    )
    lines = [f"deadline {a.id}: {a.status}; {told} chats told"]
    return _emit(ctx, {"deadline": a.id, "status": a.status, "told": told}, lines)


def _run(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except StoryError as exc:
        raise CliError(str(exc)) from None


def command(args: argparse.Namespace) -> Callable[[Context], int] | None:
    """The story command the arguments name, or None (the plain listings, other commands)."""
    return COMMANDS.get((args.command, getattr(args, "action", None)))


COMMANDS: dict[tuple[str, str | None], Callable[[Context], int]] = {
    ("stories", "add"): stories_add,
    ("deadlines", "add"): deadlines_add,
    ("deadlines", "move"): deadlines_move,
    ("deadlines", "outcome"): deadlines_outcome,
}
