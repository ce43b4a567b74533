"""The command line: `python -m bot [chat|run|ask|load|extract]`.

Every command takes --config FILE, --db PATH and --now ISO8601 (the one injectable clock).
With no command, Raqib serves Telegram when a token is configured and otherwise starts the
terminal chat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from datetime import date, datetime
from pathlib import Path

from bot.clock import make_clock, parse_now
from bot.config import Config, ConfigError, load_config
from storage import Record
from story.pack import PackError

log = logging.getLogger("raqib")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="config file (default: ./config.toml when present)")
    common.add_argument("--db", help="SQLite file (overrides [storage] path)")
    common.add_argument("--now", help="pretend the time is this ISO 8601 instant")

    parser = argparse.ArgumentParser(prog="python -m bot", description="Raqib (رقيب): who said what, and the countdown.", parents=[common])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("chat", parents=[common], help="chat in the terminal (no token needed)")
    sub.add_parser("run", parents=[common], help="serve Telegram by long polling")
    ask = sub.add_parser("ask", parents=[common], help="answer one question and exit")
    ask.add_argument("question", nargs="*", help="the question (or use --batch)")
    ask.add_argument("--json", action="store_true", help="print a JSON object")
    ask.add_argument("--batch", action="store_true", help="read one question a line from stdin")
    load = sub.add_parser("load", parents=[common], help="load or update a story pack")
    load.add_argument("pack", help="a story pack file (TOML)")
    extract = sub.add_parser("extract", parents=[common], help="find who said what in an article")
    extract.add_argument("file", help="article text file ('-' for stdin)")
    extract.add_argument("--date", help="the article's publication date (YYYY-MM-DD)")
    extract.add_argument("--outlet", help="the outlet that published it")
    extract.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the token
    try:
        config = load_config(args.config)
        if args.db:
            config = Config(**{**config.__dict__, "db_path": args.db})
        now = parse_now(args.now, config.timezone) if args.now else None
    except ConfigError as exc:
        print(f"config: {exc}", file=sys.stderr)
        return 2
    except ValueError:
        print(f"--now: not an ISO 8601 time: {args.now!r} (e.g. 2021-11-19T12:00:00+03:00)", file=sys.stderr)
        return 2
    command = args.command or ("run" if config.token else "chat")
    try:
        record = Record.open(config.db_path)
    except PackError as exc:
        print(f"story pack: {exc}", file=sys.stderr)
        return 2
    clock = make_clock(now)
    if command == "ask":
        return ask(args, config, record, clock)
    if command == "load":
        return load(args, record)
    if command == "extract":
        return extract(args, record)
    if command == "run":
        return run(config, record, clock)
    logging.getLogger().setLevel(logging.WARNING)  # the terminal is for the conversation
    from bot.terminal import chat

    code = asyncio.run(chat(config, record, clock))
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left early; that is not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lets the interpreter exit quietly
    return code


def ask(args: argparse.Namespace, config: Config, record: Record, clock) -> int:
    from story.respond import respond

    if not args.batch and not " ".join(args.question).strip():
        print('ask: give a question, e.g. python -m bot ask "what did Kirby say?", or use --batch', file=sys.stderr)
        return 2
    questions = [line.rstrip("\n") for line in sys.stdin] if args.batch else [" ".join(args.question)]
    for question in questions:
        reply = respond(question, record, clock(), default_lang=config.language, timezone=config.timezone)
        if args.json:
            print(json.dumps(reply.as_json(question), ensure_ascii=False), flush=True)
        else:
            print(reply.text + ("\n" if args.batch else ""), flush=True)
    return 0


def load(args: argparse.Namespace, record: Record) -> int:
    try:
        report = record.load_file(args.pack, force=True)
    except PackError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{args.pack}: {report.summary() if report else 'unchanged'}")
    return 0


def extract(args: argparse.Namespace, record: Record) -> int:
    from story.extract import extract_statements

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        published = date.fromisoformat(args.date) if args.date else datetime.now().date()
    except ValueError:
        print(f"--date: expected YYYY-MM-DD, got {args.date!r}", file=sys.stderr)
        return 2
    found = extract_statements(text, published=published, actors=list(record.actors().values()), outlet=args.outlet)
    items = [
        {
            "speaker": {"id": s.speaker_id, "name_en": s.speaker_name_en, "name_ar": s.speaker_name_ar},
            "quote": s.quote,
            "kind": s.kind,
            "via": s.via,
            "date": s.date.isoformat(),
            "start": s.start,
            "end": s.end,
        }
        for s in found
    ]
    if args.json:
        print(json.dumps({"statements": items}, ensure_ascii=False, indent=1))
    else:
        for item in items:
            print(f"{item['date']} {item['speaker']['name_en'] or item['speaker']['name_ar']} ({item['kind']}): {item['quote']}")
    return 0


def run(config: Config, record: Record, clock) -> int:
    from bot.app import build_application

    if not config.token:
        print("No Telegram token: set TELEGRAM_BOT_TOKEN or [telegram] token in config.toml.", file=sys.stderr)
        return 2
    app = build_application(config, record, clock)
    log.info("Raqib serving Telegram by long polling (database %s)", config.db_path)
    app.run_polling(allowed_updates=["message", "edited_message", "callback_query", "my_chat_member"])
    return 0
