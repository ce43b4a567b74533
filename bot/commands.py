"""The CLI's commands (`bot.cli` parses; each function here calls one service and prints).

Each command takes a `Context` (the parsed arguments, the config, the opened record and the
one clock) and returns the exit code. Human output is short, one line per thing; with
--json every command prints one JSON document. Problems raise `CliError`, which the CLI
prints as one line on stderr.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Config
from storage import Record
from storage.review_store import IngestStore, Outcome, ReviewItem
from story.models import Actor


class CliError(Exception):
    """A problem to report in one line; `code` is the exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    args: Any
    config: Config
    record: Record | None
    clock: Callable[[], datetime]

    @property
    def rec(self) -> Record:
        assert self.record is not None
        return self.record

    @property
    def lang(self) -> str:
        return self.config.language


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1, default=str), flush=True)


def _emit(ctx: Context, data: object, lines: list[str]) -> int:
    if ctx.args.json:
        _print_json(data)
    elif lines:
        print("\n".join(lines), flush=True)
    return 0


def _day(value: str | None, option: str = "--date") -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{option}: expected YYYY-MM-DD, got {value!r}", 2) from None


def _instant(value: str | None, option: str = "--at") -> datetime | None:
    """An ISO 8601 time with its zone (a time without one could be any of 24 hours)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CliError(
            f"{option}: expected a time with its zone like 2021-11-24T09:05:00+03:00,"
            f" got {value!r}",
            2,
        )
    return moment


def _read_text(source: str) -> str:
    try:
        return sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{source}: {getattr(exc, 'strerror', None) or exc}") from None


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the bot itself -------------------------------------------------------------------------


def chat(ctx: Context) -> int:
    import logging

    from bot.terminal import chat as terminal_chat

    logging.getLogger().setLevel(logging.WARNING)  # the terminal is for the conversation
    as_user = getattr(ctx.args, "as_user", None)
    played = terminal_chat(
        ctx.config,
        ctx.rec,
        ctx.clock,
        user_id=None if as_user is None else int(as_user),
        group=bool(getattr(ctx.args, "group", False)),
        replay=bool(getattr(ctx.args, "replay", False)),
    )
    code = asyncio.run(played)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left early; that is not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lets the interpreter exit quietly
    return code


def run(ctx: Context) -> int:
    import logging

    from bot.app import allowed_updates, build_application

    if not ctx.config.token:
        raise CliError(
            "no Telegram token: set TELEGRAM_BOT_TOKEN or [telegram] token in config.toml", 2
        )
    app = build_application(ctx.config, ctx.rec, ctx.clock)
    if getattr(ctx.args, "webhook", False):
        if not ctx.config.webhook_url:
            raise CliError("run --webhook: set [telegram] webhook_url in the config file", 2)
        from bot.webhook import serve_webhook

        return serve_webhook(app, ctx.config, allowed_updates=allowed_updates(app))
    logging.getLogger("raqib").info(
        "Raqib serving Telegram by long polling (database %s)", ctx.config.db_path
    )
    from bot.polling import serve

    # supervised (bot.polling); what the handlers take, nothing less
    return asyncio.run(serve(app, allowed_updates=allowed_updates(app)))


def ask(ctx: Context) -> int:
    from story.respond import respond

    args, config = ctx.args, ctx.config
    if not args.batch and not " ".join(args.question).strip():
        raise CliError(
            'ask: give a question, e.g. python -m bot ask "what did Kirby say?", or use --batch', 2
        )
    questions = (
        [line.rstrip("\n") for line in sys.stdin] if args.batch else [" ".join(args.question)]
    )
    for question in questions:
        reply = respond(
            question,
            ctx.rec,
            ctx.clock(),
            default_lang=config.language,
            timezone=config.timezone,
            replay=bool(getattr(args, "replay", False)),
        )
        if args.json:
            print(json.dumps(reply.as_json(question), ensure_ascii=False), flush=True)
        else:
            print(reply.text + ("\n" if args.batch else ""), flush=True)
    return 0


def load(ctx: Context) -> int:
    report = ctx.rec.load_file(ctx.args.pack, force=True)
    summary = report.summary() if report else "unchanged"
    data = {
        "pack": ctx.args.pack,
        "added": report.added if report else {},
        "updated": report.updated if report else {},
    }
    return _emit(ctx, data, [f"{ctx.args.pack}: {summary}"])


def extract(ctx: Context) -> int:
    from story.extract import extract_statements

    text = _read_text(ctx.args.file)
    published = _day(ctx.args.date) or ctx.clock().astimezone(ZoneInfo(ctx.config.timezone)).date()
    actors = list(ctx.rec.actors().values())
    found = extract_statements(text, published=published, actors=actors, outlet=ctx.args.outlet)
    items = [
        {
            "speaker": {
                "id": s.speaker_id,
                "name_en": s.speaker_name_en,
                "name_ar": s.speaker_name_ar,
            },
            "quote": s.quote,
            "kind": s.kind,
            "via": s.via,
            "date": s.date.isoformat(),
            "start": s.start,
            "end": s.end,
        }
        for s in found
    ]
    lines = [
        f"{s.date.isoformat()} {s.speaker_name_en or s.speaker_name_ar} ({s.kind}): {s.quote}"
        for s in found
    ]
    return _emit(ctx, {"statements": items}, lines)


# -- the review desk ------------------------------------------------------------------------


def item_json(item: ReviewItem) -> dict:
    """A candidate (or any statement) as the review desk sees it."""
    s = item.statement
    return {
        "ref": item.ref,
        "id": s.id,
        "status": item.status,
        "story_id": s.story_id,
        "speaker": {
            "actor_id": s.actor_id or None,
            "name_en": item.speaker_name_en,
            "name_ar": item.speaker_name_ar,
            "role": item.speaker_role,
            "new": not s.actor_id,
        },
        "text_ar": s.text_ar,
        "text_en": s.text_en,
        "kind": s.kind,
        "date": s.date.isoformat(),
        "stance": s.stance,
        "source_id": s.source_id,
        "reports": [{"outlet": o, "url": u} for o, u in item.reports],
    }


def _speaker(ctx: Context, item: ReviewItem) -> str:
    actor = ctx.rec.actors().get(item.statement.actor_id) if item.statement.actor_id else None
    if actor is not None:
        return actor.name(ctx.lang)
    name = (
        item.speaker_name_en or item.speaker_name_ar
        if ctx.lang == "en"
        else item.speaker_name_ar or item.speaker_name_en
    )
    return f"{name or '?'} (new)"


def _line(ctx: Context, item: ReviewItem) -> str:
    s = item.statement
    stance = f" [{s.stance}]" if s.stance else ""
    words = _short(s.text(ctx.lang))
    return f"#{item.ref} {s.date.isoformat()} {_speaker(ctx, item)}{stance}: {words}"


def ingest(ctx: Context) -> int:
    from bot.pipeline import ingest_text, ingest_url

    args, source = ctx.args, ctx.args.source
    published_at = _instant(args.at)
    published = _day(args.date) or (published_at.date() if published_at else None)
    now = ctx.clock()
    if source.startswith(("http://", "https://")):
        from bot.fetching import new_client

        async def fetch():
            async with new_client(ctx.config.fetch) as client:
                return await ingest_url(
                    ctx.rec,
                    client,
                    source,
                    now=now,
                    outlet=args.outlet,
                    published=published,
                    published_at=published_at,
                )

        report = asyncio.run(fetch())
    else:
        text = _read_text(source)
        report = asyncio.run(
            ingest_text(
                ctx.rec,
                text,
                now=now,
                kind="cli",
                outlet=args.outlet,
                published=published,
                published_at=published_at,
                in_thread=False,
            )
        )
    if report.error:
        raise CliError(f"{source}: {report.error}")
    store = IngestStore(ctx.rec)
    new = [item for sid in report.new if (item := store.review_item(sid))]
    data = {
        "source": source,
        "item_id": report.item_id,
        "duplicate": report.duplicate,
        "url": report.url,
        "title": report.title,
        "outlet": report.outlet,
        "candidates": [item_json(i) for i in new],
        "merged": report.merged,
    }
    if report.duplicate:
        return _emit(ctx, data, [f"{source}: read before; nothing new"])
    lines = [_line(ctx, i) for i in new]
    lines += [f"{sid}: one more source" for sid in report.merged]
    lines.append(
        f"{source}: item {report.item_id}: {len(new)} new candidates, {len(report.merged)} merged"
    )
    return _emit(ctx, data, lines)


def _ref(value: str) -> int | str:
    value = value.strip().lstrip("#")
    return int(value) if value.isdigit() else value


REASONS = {
    "not_found": "no such statement",
    "already": "already so",
    "no_speaker": "no speaker to approve it for (set one in chat)",
    "replaced": "replaced by an edit of its post",
}


def _act(
    ctx: Context, refs: list[int | str], action: Callable[..., Outcome], done: str
) -> tuple[list[dict], list[str], int]:
    results, lines, failed = [], [], 0
    now = ctx.clock()
    for ref in refs:
        outcome = action(ref, None, now)
        shown = (
            f"#{outcome.item.ref}"
            if outcome.item
            else f"#{ref}"
            if isinstance(ref, int)
            else str(ref)
        )
        entry: dict = {"ref": outcome.item.ref if outcome.item else ref, "ok": outcome.ok}
        if outcome.item:
            entry["id"] = outcome.item.statement.id
        if not outcome.ok:
            failed += 1
            entry["reason"] = outcome.reason
            lines.append(f"{shown}: not {done}: {REASONS.get(outcome.reason, outcome.reason)}")
        else:
            extra = f" (new actor {outcome.created_actor})" if outcome.created_actor else ""
            lines.append(f"{shown}: {done}{extra}")
            if outcome.created_actor:
                entry["created_actor"] = outcome.created_actor
            entry["position_changes"] = [
                {"actor_id": c.actor_id, "before": c.before, "after": c.after}
                for c in outcome.changes
            ]
            for c in outcome.changes:
                lines.append(f"  position of {c.actor_id}: {c.before or '—'} → {c.after or '—'}")
        results.append(entry)
    return results, lines, failed


def review(ctx: Context) -> int:
    args = ctx.args
    store = IngestStore(ctx.rec)
    if args.action == "list":
        items = store.pending(limit=max(1, args.limit))
        total = store.pending_count()
        lines = [_line(ctx, i) for i in items] + [
            f"{total} pending" + (f" ({len(items)} shown)" if total > len(items) else "")
        ]
        return _emit(ctx, {"pending": total, "items": [item_json(i) for i in items]}, lines)
    if args.action == "show":
        item = store.review_item(_ref(args.id))
        if item is None:
            raise CliError(f"review show: no statement {args.id!r}")
        if ctx.args.json:
            return _emit(ctx, item_json(item), [])
        from story.review_card import render_card

        rec = ctx.rec
        card = render_card(
            item.ref,
            item.statement,
            item.status,
            actors=rec.actors(),
            sources=rec.sources(),
            stances=rec.stances(),
            speaker=(item.speaker_name_en, item.speaker_name_ar, item.speaker_role),
            reports=item.reports,
            lang=ctx.lang,
        )
        return _emit(ctx, None, [card])
    if args.action == "approve":
        if args.all == bool(args.ids):
            raise CliError("review approve: give IDs or --all (not both)", 2)
        refs: list[int | str] = (
            [i.ref for i in store.pending(limit=store.pending_count() or 1)]
            if args.all
            else [_ref(i) for i in args.ids]
        )
        results, lines, failed = _act(ctx, refs, store.approve, "approved")
        if args.all:  # a batch: what could not be approved is reported, not an error
            lines = [line for line in lines if "not approved" in line] + [
                f"approved {len(refs) - failed}, skipped {failed}"
            ]
            return _emit(ctx, {"results": results}, lines)
        _emit(ctx, {"results": results}, lines)
        return 1 if failed else 0
    results, lines, failed = _act(ctx, [_ref(i) for i in args.ids], store.reject, "rejected")
    _emit(ctx, {"results": results}, lines)
    return 1 if failed else 0


# -- feeds ----------------------------------------------------------------------------------


def feeds(ctx: Context) -> int:
    from bot.feeds import ensure_feeds, poll_due_feeds

    args, store, now = ctx.args, IngestStore(ctx.rec), ctx.clock()
    if args.action == "add":
        if not args.url.startswith(("http://", "https://")):
            raise CliError(f"feeds add: not an http(s) URL: {args.url!r}", 2)
        feed, added = store.add_feed(args.url, origin="cli", now=now)
        return _emit(
            ctx,
            {"id": feed.id, "url": feed.url, "added": added},
            [f"feed {feed.id}: {feed.url} ({'added' if added else 'already followed'})"],
        )
    if args.action == "remove":
        gone = store.remove_feed(args.url, user_id=None, now=now)
        if gone is None:
            raise CliError(f"feeds remove: no active feed {args.url!r}")
        return _emit(
            ctx,
            {"id": gone.id, "url": gone.url, "removed": True},
            [f"feed {gone.id}: {gone.url} removed"],
        )
    if args.action == "poll":
        ensure_feeds(ctx.rec, ctx.config.feeds, now)
        summary = asyncio.run(
            poll_due_feeds(
                ctx.rec,
                now,
                interval=timedelta(minutes=ctx.config.feed_poll_minutes),
                max_entries=ctx.config.feed_max_entries,
                fetch=ctx.config.fetch,
            )
        )
        found = sum(len(r.new) for r in summary.reports)
        data = {
            "polled": summary.polled,
            "not_modified": summary.not_modified,
            "failed": summary.failed,
            "entries_new": summary.entries_new,
            "candidates": found,
        }
        line = (
            f"polled {summary.polled} feeds: {summary.not_modified} unchanged, "
            f"{summary.failed} failed, "
            f"{summary.entries_new} new entries, {found} new candidates"
        )
        return _emit(ctx, data, [line])
    ensure_feeds(ctx.rec, ctx.config.feeds, now)
    rows = store.feeds()
    listed = [f.__dict__ for f in rows]
    lines = [
        f"{f.id} {f.url}"
        + (f" — {f.title}" if f.title else "")
        + f" (next {f.next_poll or 'now'}"
        + (f"; {f.errors} errors: {f.last_error}" if f.errors else "")
        + ")"
        for f in rows
    ] or ["no feeds"]
    return _emit(ctx, {"feeds": listed}, lines)


# -- what the record holds ------------------------------------------------------------------


def stories(ctx: Context) -> int:
    current = ctx.rec.current_story_id()
    rows = ctx.rec.stories()
    data = [
        {
            "id": s.id,
            "title_en": s.title_en,
            "title_ar": s.title_ar,
            "published": s.published.isoformat() if s.published else None,
            "current": s.id == current,
        }
        for s in rows
    ]
    lines = [
        f"{'*' if s.id == current else ' '} {s.id} ({s.published or '—'}): {s.title_en}"
        for s in rows
    ]
    return _emit(ctx, {"stories": data}, lines or ["no stories"])


def deadlines(ctx: Context) -> int:
    from story.countdown import countdown

    now = ctx.clock()
    data, lines = [], []
    for d in ctx.rec.deadlines(ctx.args.story):
        c = countdown(d, now)
        local = d.due.astimezone(ZoneInfo(d.timezone))
        data.append(
            {
                "id": d.id,
                "story_id": d.story_id,
                "title_en": d.title_en,
                "title_ar": d.title_ar,
                "due": local.isoformat(),
                "timezone": d.timezone,
                "status": d.status,
                "main": d.main,
                "days_left": c.days_left,
            }
        )
        left = f"{c.days} days ago" if c.passed else f"{c.days} days {c.hours} h left"
        lines.append(
            f"{d.id} {local:%Y-%m-%d %H:%M} {d.timezone} [{d.status}] {left}: {d.title_en}"
        )
    return _emit(ctx, {"deadlines": data}, lines or ["no deadlines"])


def actor_named(ctx: Context, name: str, where: str = "") -> Actor:
    """The actor a name or id designates (aliases, roles, small typos), or a CliError."""
    rec = ctx.rec
    actor = rec.actors().get(name) or rec.actor_index().resolve(name[:200])
    if actor is None:
        raise CliError(f"{where}no actor is called {name!r}")
    return actor


def actors(ctx: Context) -> int:
    rec = ctx.rec
    name = " ".join(ctx.args.name).strip()
    if not name:
        rows = sorted(rec.actors().values(), key=lambda a: a.id)
        listed = [
            {
                "id": a.id,
                "kind": a.kind,
                "name_en": a.name_en,
                "name_ar": a.name_ar,
                "affiliation": a.affiliation,
            }
            for a in rows
        ]
        lines = [
            f"{a.id} ({a.kind}): {a.name_en or a.name_ar}"
            + (f" — {a.name_ar}" if a.name_en and a.name_ar else "")
            for a in rows
        ]
        return _emit(ctx, {"actors": listed}, lines or ["no actors"])
    actor = actor_named(ctx, name, "actors: ")
    from story.positions import render_history
    from story.render import render_profile_header

    history = rec.stance_history(actor.id)
    statements = rec.statements_by([actor.id], limit=20)
    data = {
        "id": actor.id,
        "kind": actor.kind,
        "name_en": actor.name_en,
        "name_ar": actor.name_ar,
        "role_en": actor.role_en,
        "role_ar": actor.role_ar,
        "affiliation": actor.affiliation,
        "aliases": list(actor.aliases),
        "positions": [
            {"stance": st, "statement_id": s.id, "date": s.date.isoformat()} for st, s in history
        ],
        "statements": [
            {
                "id": s.id,
                "date": s.date.isoformat(),
                "kind": s.kind,
                "text_ar": s.text_ar,
                "text_en": s.text_en,
                "stance": s.stance,
            }
            for s in statements
        ],
    }
    lines = [render_profile_header(actor, rec.actors(), ctx.lang)]
    lines += [f"{s.date.isoformat()} {s.id}: {_short(s.text(ctx.lang))}" for s in statements]
    if history:
        lines.append(render_history(history, rec.stances(), ctx.lang))
    return _emit(ctx, data, lines)


def positions(ctx: Context) -> int:
    from story.positions import render_table

    rec = ctx.rec
    story_id = ctx.args.story or rec.current_story_id()
    known = rec.actors()
    today = ctx.clock().astimezone(ZoneInfo(ctx.config.timezone)).date()
    changed = IngestStore(rec).recent_changes(story_id, today)
    rows = sorted(
        (
            (known[a], st, s, changed.get(a))
            for a, st, s in rec.current_positions(story_id)
            if a in known
        ),
        key=lambda row: row[0].name(ctx.lang),
    )
    data = [
        {
            "actor_id": a.id,
            "stance": st,
            "statement_id": s.id,
            "date": s.date.isoformat(),
            "was": prev,
        }
        for a, st, s, prev in rows
    ]
    text = render_table(rows, rec.stances(), ctx.lang) if rows else "no positions"
    return _emit(ctx, {"story_id": story_id, "positions": data}, [text])


# -- the database out -----------------------------------------------------------------------


def export(ctx: Context) -> int:
    from storage.export import ExportError, export_text

    args = ctx.args
    try:
        text = export_text(
            ctx.rec,
            args.format,
            args.story,
            all_statuses=args.all_statuses,
            comment=f"Story pack exported by Raqib on {ctx.clock():%Y-%m-%d}.",
        )
    except ExportError as exc:
        raise CliError(f"export: {exc}") from None
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def backup(ctx: Context) -> int:
    from storage.export import backup as copy_database

    target = Path(ctx.args.path)
    if target.resolve() == Path(ctx.config.db_path).resolve():
        raise CliError("backup: the copy cannot replace the database itself", 2)
    written = copy_database(ctx.rec, target)
    size = written.stat().st_size
    return _emit(
        ctx,
        {"path": str(written), "bytes": size},
        [f"backed up {ctx.config.db_path} to {written} ({size} bytes)"],
    )


def status(ctx: Context) -> int:
    from storage.overview import overview

    data = overview(ctx.rec)
    counts = ", ".join(f"{n} {t}" for t, n in data["counts"].items())
    states = ", ".join(f"{n} {s}" for s, n in data["statements"].items()) or "none"
    ledger = ", ".join(f"{n} {s}" for s, n in data["ledger"].items()) or "empty"
    subs = ", ".join(f"{n} {s}" for s, n in data["subscriptions"].items()) or "none"
    lines = [
        f"database: {data['database']}",
        f"schema: version {data['schema']['version']} ({data['schema']['latest']})",
        f"rows: {counts}",
        f"statements: {states}; {data['pending_reviews']} pending review",
        f"subscriptions: {subs}",
        f"reminder ledger: {ledger}",
        f"feeds in error: {len(data['feeds_in_error'])}",
        *(
            f"  {f['url']}: {f['errors']} errors, last: {f['last_error']}"
            for f in data["feeds_in_error"]
        ),
    ]
    return _emit(ctx, data, lines)


COMMANDS: dict[str, Callable[[Context], int]] = {
    "chat": chat,
    "run": run,
    "ask": ask,
    "load": load,
    "extract": extract,
    "ingest": ingest,
    "review": review,
    "feeds": feeds,
    "stories": stories,
    "deadlines": deadlines,
    "actors": actors,
    "positions": positions,
    "export": export,
    "backup": backup,
    "status": status,
}
