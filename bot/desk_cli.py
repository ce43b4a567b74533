"""The CLI's desk commands, one-to-one with the chat commands that had none (same services):

    review add SPEAKER --text WORDS [--date D] [--source S] [--url U] [--stance ID] [--story S]
        as /add (storage.review_store.IngestStore.add_statement)
    review edit ID [--text WORDS] [--speaker ACTOR] [--stance ID|none]
        as the review card's edit buttons (set_text, set_speaker, set_stance)
    review delete ID...                  as /delete
    deadlines status STATUS [ID]         as /setstatus
    timeline [ACTOR|STORY] -o FILE.png   as /timeline (bot.timeline draws it)

An admin at the terminal is trusted as the machine's owner: actions are audited with no user
id, as `review approve` is. Each failure is one line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.commands import REASONS, CliError, Context, _emit, _ref, actor_named, item_json
from storage.review_store import IngestStore, Outcome
from storage.story_store import StoryStore
from story.day_words import parse_day
from story.intake import MAX_STATEMENT_CHARS, urls_in
from story.models import DEADLINE_STATUSES

DESK_REASONS = {
    **REASONS,
    "unknown_stance": "no such stance",
    "unknown_actor": "no such actor",
}


def add_review_arguments(rsub: argparse._SubParsersAction, add: Callable) -> None:
    """`review add|edit|delete` beside list/show/approve/reject."""
    new = add(rsub, "add", "add a statement yourself (approved at once, like /add)")
    new.add_argument("speaker", nargs="+", help="the actor's name or id")
    new.add_argument("--text", required=True, help="the words said, as published")
    new.add_argument("--date", help="the day said (YYYY-MM-DD, today, yesterday; default today)")
    new.add_argument("--source", help="the outlet")
    new.add_argument("--url", help="the link to it")
    new.add_argument("--stance", help="a stance id of the story (default: none)")
    new.add_argument("--story", help="the story (default: the current one)")
    edit = add(rsub, "edit", "correct a statement's words, speaker or stance")
    edit.add_argument("id", help="#n (the card ref) or a statement id")
    edit.add_argument("--text", help="the corrected words (in the language they are written in)")
    edit.add_argument("--speaker", help="the actor who said it (name or id)")
    edit.add_argument("--stance", help="a stance id, or 'none'")
    delete = add(rsub, "delete", "withdraw statements from the record (kept as rejected)")
    delete.add_argument("ids", nargs="+", metavar="ID", help="#n or statement ids")


def add_deadline_arguments(dsub: argparse._SubParsersAction, add: Callable) -> None:
    """`deadlines status STATUS [ID]`, as /setstatus."""
    status = add(dsub, "status", "set a deadline's status (an outcome is dated today)")
    status.add_argument("status", choices=DEADLINE_STATUSES)
    status.add_argument("id", nargs="?", help="the deadline (default: the main one)")


def add_timeline_arguments(timeline: argparse.ArgumentParser) -> None:
    timeline.add_argument("subject", nargs="*", help="an actor, or a story (id or number)")
    timeline.add_argument("-o", "--output", required=True, help="the PNG file to write")


def _actor_id(ctx: Context, name: str) -> str:
    return actor_named(ctx, name).id


def _story_id(ctx: Context, asked: str | None) -> str:
    rec = ctx.rec
    story_id = asked or rec.current_story_id(ctx.clock())
    if story_id is None or story_id not in {s.id for s in rec.stories()}:
        raise CliError(f"no such story: {asked!r}" if asked else "no story is held yet")
    return story_id


def _refused(ctx: Context, outcome: Outcome, what: str) -> int:
    reason = DESK_REASONS.get(outcome.reason or "", outcome.reason or "refused")
    raise CliError(f"{what}: {reason}")


def review_add(ctx: Context) -> int:
    a, now = ctx.args, ctx.clock()
    words = " ".join(a.text.split())
    if not words:
        raise CliError("review add: --text is empty", 2)
    if len(words) > MAX_STATEMENT_CHARS:
        raise CliError(f"review add: {len(words)} characters; at most {MAX_STATEMENT_CHARS}", 2)
    day = parse_day(a.date, now.date()) if a.date else now.date()
    if day is None:
        raise CliError(f"--date: not a day: {a.date!r} (YYYY-MM-DD, today, yesterday)", 2)
    links = urls_in(a.url) if a.url else []
    if a.url and not links:
        raise CliError(f"--url: not an http(s) link: {a.url!r}", 2)
    url = links[0] if links else None
    store = IngestStore(ctx.rec)
    story_id = _story_id(ctx, a.story)
    if a.stance and a.stance not in {s.id for s in store.stances_for(story_id)}:
        raise CliError(f"--stance: story {story_id} has no stance {a.stance!r}", 2)
    outcome = store.add_statement(
        story_id=story_id,
        actor_id=_actor_id(ctx, " ".join(a.speaker)),
        text=words,
        day=day,
        source=a.source,
        url=url,
        stance=a.stance,
        user_id=None,
        now=now,
    )
    if not outcome.ok or outcome.item is None:
        ref = f" (#{outcome.item.ref})" if outcome.item else ""
        raise CliError(f"review add: already in the record{ref}")
    item = outcome.item
    lines = [f"#{item.ref} added: {item.statement.id}"]
    lines += [
        f"  position of {c.actor_id}: {c.before or '—'} → {c.after or '—'}" for c in outcome.changes
    ]
    return _emit(ctx, item_json(item), lines)


def review_edit(ctx: Context) -> int:
    a, now = ctx.args, ctx.clock()
    if a.text is None and a.speaker is None and a.stance is None:
        raise CliError("review edit: give --text, --speaker or --stance", 2)
    store = IngestStore(ctx.rec)
    ref = _ref(a.id)
    if store.review_item(ref) is None:
        raise CliError(f"review edit: no statement {a.id!r}")
    changes: list[tuple[str, Callable[[], Outcome]]] = []
    if a.text is not None:
        words = " ".join(a.text.split())
        if not words or len(words) > MAX_STATEMENT_CHARS:
            raise CliError(f"--text: 1 to {MAX_STATEMENT_CHARS} characters", 2)
        changes.append(("text", lambda: store.set_text(ref, words, None, now)))
    if a.speaker is not None:
        actor_id = _actor_id(ctx, a.speaker)
        changes.append(("speaker", lambda: store.set_speaker(ref, actor_id, None, now)))
    if a.stance is not None:
        stance = None if a.stance.lower() in ("none", "-") else a.stance
        changes.append(("stance", lambda: store.set_stance(ref, stance, None, now)))
    for what, change in changes:
        outcome = change()
        if not outcome.ok:
            return _refused(ctx, outcome, f"review edit: {what}")
    item = store.review_item(ref)
    assert item is not None  # it was there before the edits, and edits keep it
    return _emit(ctx, item_json(item), [f"#{item.ref} edited: {', '.join(w for w, _ in changes)}"])


def review_delete(ctx: Context) -> int:
    store, now = IngestStore(ctx.rec), ctx.clock()
    results, lines, failed = [], [], 0
    for raw in ctx.args.ids:
        outcome = store.delete(_ref(raw), None, now)
        shown = f"#{outcome.item.ref}" if outcome.item else raw
        results.append({"ref": raw, "ok": outcome.ok, "reason": outcome.reason})
        if outcome.ok:
            lines.append(f"{shown}: deleted")
        else:
            failed += 1
            lines.append(f"{shown}: not deleted: {DESK_REASONS.get(outcome.reason or '', '?')}")
    _emit(ctx, {"results": results}, lines)
    return 1 if failed else 0


def deadlines_status(ctx: Context) -> int:
    a, now, rec = ctx.args, ctx.clock(), ctx.rec
    if a.id:
        named = [d for d in rec.deadlines() if d.id == a.id]
        if not named:
            raise CliError(f"deadlines status: no deadline {a.id!r}")
        target = named[0]
    else:
        held = rec.deadlines(rec.current_story_id(now))
        if not held:
            raise CliError("deadlines status: no deadline is held")
        target = held[0]  # the main deadline, as /setstatus takes it
    told = StoryStore(rec).set_status(target.id, a.status, now.date(), now)
    line = f"deadline {target.id}: {a.status}" + (f"; {told} chats told" if told else "")
    return _emit(ctx, {"deadline": target.id, "status": a.status, "told": told}, [line])


def timeline(ctx: Context) -> int:
    from bot.timeline import Request, build, render, subject

    a, rec, now = ctx.args, ctx.rec, ctx.clock()
    if not rec.stories():
        raise CliError("timeline: no story is held yet")
    asked = " ".join(a.subject).strip()
    chosen = subject(rec, asked, rec.current_story_id(now))
    if chosen is None:
        raise CliError(f"no actor is called {asked!r}, nor a story (see `actors`, `stories`)")
    story, actor_id = chosen
    replay = bool(getattr(a, "replay", False))
    until: date | None = now.date() if replay else None
    drawn = build(rec, Request(story, ctx.lang, actor_id, until, now.date()))
    if drawn is None:
        raise CliError("timeline: nothing to draw (no dated statements)")
    picture = render(drawn)
    Path(a.output).write_bytes(picture.png)
    data = {
        "file": a.output,
        "story": story.id,
        "actor": actor_id,
        "width": picture.width,
        "height": picture.height,
    }
    return _emit(ctx, data, [f"{a.output}: {picture.width}×{picture.height}, {picture.caption}"])


COMMANDS: dict[tuple[str, str | None], Callable[[Context], int]] = {
    ("review", "add"): review_add,
    ("review", "edit"): review_edit,
    ("review", "delete"): review_delete,
    ("deadlines", "status"): deadlines_status,
    ("timeline", None): timeline,
}


def command(args: argparse.Namespace) -> Callable[[Context], int] | None:
    """The desk command the arguments name, or None."""
    return COMMANDS.get((args.command, getattr(args, "action", None)))
