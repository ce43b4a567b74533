"""The command line: `python -m bot [COMMAND] …`, one command per service, as sqlite-utils'
CLI mirrors its library.

    chat run ask load extract          the bot itself, one question, a pack, an extraction
    ingest review feeds                the review desk: text or links in, candidates judged
    stories deadlines actors positions what the record holds
    timeline                           the story as a picture (PNG)
    export backup status               the database out, copied, summed up

The common options --config FILE, --db PATH, --now ISO8601 (the one injectable clock) and
--json are accepted before or after the command, with the same effect. This layer only
parses, calls a library function (bot/, storage/) and prints text or JSON; the commands
live in `bot.commands`. Errors are one line on stderr with a non-zero exit, never a
traceback (RAQIB_DEBUG=1 shows it for an unexpected one). With no command, Raqib serves
Telegram when a token is configured and otherwise starts the terminal chat.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from typing import NoReturn

from bot import desk_cli, story_cli
from bot.clock import make_clock, parse_now
from bot.commands import COMMANDS, CliError, Context
from bot.config import Config, ConfigError, load_config
from storage import Record
from story.pack import PackError

PROG = "python -m bot"


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _common(default: object) -> argparse.ArgumentParser:
    """The common options. The top parser sets their defaults; each subcommand's copy uses
    SUPPRESS, so a value given before the command is not overwritten by the command's
    unset default (the bug that dropped `python -m bot --db X ask …`)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", default=default, help="config file (default: ./config.toml when present)"
    )
    common.add_argument(
        "--db", default=default, help="SQLite file (overrides [storage] path and RAQIB_DB)"
    )
    common.add_argument("--now", default=default, help="pretend the time is this ISO 8601 instant")
    common.add_argument(
        "--replay",
        action="store_true",
        default=default,
        help="with --now: answer from the record as it stood then (nothing said later)",
    )
    common.add_argument("--json", action="store_true", default=default, help="print JSON")
    return common


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog=PROG,
        description="Raqib (رقيب): who said what, and the countdown.",
        parents=[_common(None)],
    )
    top.set_defaults(json=False)
    shared = _common(argparse.SUPPRESS)
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    def add(group, name: str, help: str, **kw) -> argparse.ArgumentParser:
        return group.add_parser(name, parents=[shared], help=help, description=help, **kw)

    chat = add(sub, "chat", "chat in the terminal (no token needed)")
    chat.add_argument("--as", dest="as_user", type=int, metavar="USER_ID", help="play this user")
    chat.add_argument("--group", action="store_true", help="play a group chat")
    run = add(sub, "run", "serve Telegram by long polling, or by webhook")
    run.add_argument(
        "--webhook", action="store_true", help="serve by webhook ([telegram] webhook_url, port)"
    )
    ask = add(sub, "ask", "answer one question and exit")
    ask.add_argument("question", nargs="*", help="the question (or use --batch)")
    ask.add_argument("--batch", action="store_true", help="read one question a line from stdin")
    load = add(sub, "load", "load or update a story pack")
    load.add_argument("pack", help="a story pack file (TOML)")
    extract = add(sub, "extract", "find who said what in an article (nothing is stored)")
    extract.add_argument("file", help="article text file ('-' for stdin)")
    extract.add_argument("--date", help="the article's publication date (YYYY-MM-DD)")
    extract.add_argument("--outlet", help="the outlet that published it")

    ingest = add(sub, "ingest", "put a text or a link into the review queue")
    ingest.add_argument(
        "source", metavar="FILE|URL|-", help="a text file, an http(s) link, or - for stdin"
    )
    ingest.add_argument("--date", help="publication date (YYYY-MM-DD; default: today)")
    ingest.add_argument(
        "--at",
        help="publication time with its zone (2021-11-24T09:05:00+03:00): the statements said"
        " that day take it; a link's page gives its own otherwise",
    )
    ingest.add_argument("--outlet", help="the outlet that published it")

    review = add(sub, "review", "the review queue: list, show, approve, reject")
    rsub = review.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = add(rsub, "list", "pending candidates, oldest first")
    listing.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    show = add(rsub, "show", "one statement as a review card")
    show.add_argument("id", help="#n (the card ref) or a statement id")
    approve = add(rsub, "approve", "approve candidates (they are answered from)")
    approve.add_argument("ids", nargs="*", metavar="ID", help="#n or statement ids")
    approve.add_argument("--all", action="store_true", help="every pending candidate")
    reject = add(rsub, "reject", "reject candidates")
    reject.add_argument("ids", nargs="+", metavar="ID", help="#n or statement ids")
    desk_cli.add_review_arguments(rsub, add)

    feeds = add(sub, "feeds", "RSS/Atom feeds: list, add, remove, poll")
    fsub = feeds.add_subparsers(dest="action", metavar="ACTION", required=True)
    add(fsub, "list", "the feeds, with their errors and next poll")
    add(fsub, "add", "add a feed").add_argument("url")
    add(fsub, "remove", "stop polling a feed").add_argument("url", metavar="URL|ID")
    add(fsub, "poll", "poll the feeds that are due, once")

    stories = add(sub, "stories", "the stories held; stories add")
    deadlines = add(sub, "deadlines", "deadlines and the time left; deadlines add|move|outcome")
    deadlines.add_argument("--story", help="one story's")
    desk_cli.add_deadline_arguments(story_cli.add_arguments(stories, deadlines, add), add)
    timeline = add(sub, "timeline", "the story's statements as a picture (PNG)")
    desk_cli.add_timeline_arguments(timeline)
    actors = add(sub, "actors", "actors, or one actor's profile and positions")
    actors.add_argument("name", nargs="*", help="an actor's name or id")
    add(sub, "positions", "every actor's current position").add_argument(
        "--story", help="one story's"
    )

    export = add(sub, "export", "statements as CSV or JSON, or a story as a pack")
    export.add_argument("--format", choices=("csv", "json", "pack"), default="json")
    export.add_argument("--story", help="one story (pack: default the current one)")
    export.add_argument(
        "--all-statuses", action="store_true", help="csv/json: pending and rejected too"
    )
    export.add_argument("-o", "--output", help="write to this file instead of stdout")
    add(sub, "backup", "copy the database (SQLite online backup)").add_argument("path")
    add(sub, "status", "schema, counts, pending reviews, the ledger, failing feeds")
    return top


def _setup(args: argparse.Namespace) -> tuple[Config, Context]:
    config = load_config(args.config)
    if args.db:
        config = Config(**{**config.__dict__, "db_path": args.db})
    try:
        now = parse_now(args.now, config.timezone) if args.now else None
    except ValueError:
        raise CliError(
            f"--now: not an ISO 8601 time: {args.now!r} (e.g. 2021-11-19T12:00:00+03:00)", 2
        ) from None
    return config, Context(args=args, config=config, record=None, clock=make_clock(now))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command
    level = logging.INFO if command in ("run", None) else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the token
    try:
        config, ctx = _setup(args)
        command = command or ("run" if config.token else "chat")
        if command in ("run", "chat"):  # the two that serve (reminders, answers): one per database
            from bot.instance import AlreadyRunning, hold

            try:
                hold(config.db_path)
            except AlreadyRunning as exc:
                return _fail(str(exc), 4)
        ctx.record = Record.open(config.db_path)
        return (story_cli.command(args) or desk_cli.command(args) or COMMANDS[command])(ctx)
    except ConfigError as exc:
        return _fail(f"config: {exc}", 2)
    except CliError as exc:
        return _fail(str(exc), exc.code)
    except PackError as exc:
        return _fail(f"story pack: {exc}", 1)
    except BrokenPipeError:  # the reader left early (| head): not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lets the interpreter exit quietly
        return 0
    except (OSError, sqlite3.Error) as exc:
        return _fail(f"{command}: {exc}", 1)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line, unless asked for the traceback
        if os.environ.get("RAQIB_DEBUG"):
            raise
        return _fail(
            f"{command}: internal error: {type(exc).__name__}: {exc} (RAQIB_DEBUG=1 shows more)", 1
        )


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code
