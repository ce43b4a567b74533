"""Storage for ingestion and review: items read, candidates and their sources, proposed
actors, review actions with their audit trail, follows, monitored chats and feeds.

Candidates are statements with status 'pending'; only approved ones are answered from. The
stance history holds approved statements only, so an actor's position (its latest stance)
never rests on an unreviewed or rejected statement. Every change an admin makes is written
to `audit` (who, when, the row before and after) in the same transaction as the change.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from storage.packs import statement_row
from storage.record import _STATEMENT_COLUMNS, Record, _statement
from storage.subscriptions import NewAlert, SubscriptionStore
from story.extract.people import same_person
from story.intake import Candidate, host_of, manual_statement_id, speaker_key
from story.models import Stance, Statement, said_text
from story.normalize import normalize, script_of, search_text
from story.positions import PositionChange, position_change, recent_change
from story.transliterate import known_pairs, to_arabic, to_latin

ALL_ACTORS = "*"
_COLS = ", ".join("s." + c.strip() for c in _STATEMENT_COLUMNS.split(","))
MERGE_WINDOW_DAYS = 7  # reports of one quote further apart than this are two statements


@dataclass(frozen=True)
class ReviewItem:
    """A statement as an admin reviews it: the statement, how it was found, its reports."""

    ref: int  # the statement's row number: short enough for callback data
    statement: Statement
    status: str
    speaker_name_en: str = ""
    speaker_name_ar: str = ""
    speaker_role: str = ""
    proposed_actor_id: int | None = None
    suggested_stance: str | None = None
    reports: tuple[tuple[str, str], ...] = ()  # (outlet or channel, url)
    suggested_name: str = ""  # a new speaker's name in the other script, transliterated


@dataclass
class Outcome:
    """What a review action did: the statement after it, and any positions it moved."""

    ok: bool
    item: ReviewItem | None = None
    # when not ok: not_found | already | replaced | no_speaker | unknown_actor | unknown_stance
    reason: str = ""
    changes: list[PositionChange] = field(default_factory=list)
    created_actor: str | None = None


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    title: str
    etag: str | None
    last_modified: str | None
    errors: int
    last_error: str | None
    next_poll: str | None
    origin: str


def _iso(now: datetime) -> str:
    return now.isoformat()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")[:40]


def _aliases(name_en: str, name_ar: str) -> list[str]:
    """A new actor's names, and its family name alone ("البلداوي" for "محمد البلداوي"),
    which is how the news names people after the first mention."""
    names = [n for n in (name_en, name_ar) if n]
    for name in list(names):
        parts = name.split()
        if len(parts) >= 2 and len(parts[-1]) >= 4:
            names.append(parts[-1])
    return list(dict.fromkeys(names))


class IngestStore:
    """Ingestion, review, follows and feeds over one `Record`'s database."""

    def __init__(self, record: Record):
        self.record = record
        self.db = record.db

    # -- audit -----------------------------------------------------------------------------
    def _audit(
        self,
        user_id: int | None,
        action: str,
        target: str,
        before: object,
        after: object,
        now: datetime,
    ) -> None:
        self.db.table("audit").insert(
            {
                "at": _iso(now),
                "user_id": user_id,
                "action": action,
                "target": target,
                "before": json.dumps(before, ensure_ascii=False, default=str)
                if before is not None
                else None,
                "after": json.dumps(after, ensure_ascii=False, default=str)
                if after is not None
                else None,
            }
        )

    def audit_log(self, target: str | None = None) -> list[dict]:
        """Audit rows, oldest first (all of them, or those about one target)."""
        where, args = ("target = ?", [target]) if target else (None, [])
        rows = list(self.db.table("audit").rows_where(where, args, order_by="id"))
        for row in rows:
            for key in ("before", "after"):
                row[key] = json.loads(row[key]) if row[key] else None
        return rows

    # -- items -----------------------------------------------------------------------------
    def seen(self, *, url: str | None = None, content_hash: str | None = None) -> bool:
        """Whether an item with this URL or this text was read before."""
        if url and self.db.table("items").count_where("url = ?", [url]):
            return True
        return bool(
            content_hash and self.db.table("items").count_where("content_hash = ?", [content_hash])
        )

    def transaction(self) -> AbstractContextManager:
        """One transaction around several writes (an item and its candidates): all or none."""
        return self.db.atomic()

    def add_item(self, *, content_hash: str, now: datetime, **values: object) -> int | None:
        """Record an item read; None when its URL or text is already known (a duplicate)."""
        row = {"content_hash": content_hash, "fetched_at": _iso(now), "found": 0, **values}
        try:
            with self.db.atomic():
                return self.db.table("items").insert(row).last_pk
        except sqlite3.IntegrityError:
            return None

    def item(self, item_id: int) -> dict | None:
        return next(self.db.table("items").rows_where("id = ?", [item_id], limit=1), None)

    # -- sources ---------------------------------------------------------------------------
    def source_for(self, name: str | None, url: str | None = None) -> str | None:
        """The id of the source named `name` (or, without a name, of `url`'s site), added if new."""
        name = (name or "").strip() or (host_of(url) if url else "")
        if not name:
            return None
        folded = normalize(name)
        for source_id, source in self.record.sources().items():
            if folded in (
                normalize(source.id),
                normalize(source.name_en),
                normalize(source.name_ar),
            ):
                return source_id
        source_id = "src-" + (_slug(name) or hashlib.sha1(folded.encode()).hexdigest()[:10])
        if not self.db.table("sources").count_where("id = ?", [source_id]):
            arabic = script_of(name) == "ar"
            site = ""
            if url:
                host = host_of(url)
                site = f"{url.split('://', 1)[0]}://{host}" if host else ""
            self.db.table("sources").insert(
                {
                    "id": source_id,
                    "name_en": "" if arabic else name,
                    "name_ar": name if arabic else "",
                    "url": site,
                }
            )
            self.record.invalidate()
        return source_id

    # -- candidates ------------------------------------------------------------------------
    def _match(self, candidate: Candidate, proposed_id: int | None) -> str | None:
        """An already held statement with the same words from the same speaker, if any."""
        from story.intake import quote_key, same_quote

        low = (candidate.date - timedelta(days=MERGE_WINDOW_DAYS)).isoformat()
        high = (candidate.date + timedelta(days=MERGE_WINDOW_DAYS)).isoformat()
        if candidate.actor_id:
            rows = self.db.execute(
                "SELECT s.id, s.text_ar, s.text_en, e.quote_key FROM statements s LEFT JOIN "
                "extractions e"
                " ON e.statement_id = s.id WHERE s.actor_id = ? AND s.date BETWEEN ? AND ?"
                " AND s.status != 'replaced'",
                [candidate.actor_id, low, high],
            ).fetchall()
        elif proposed_id is not None:
            rows = self.db.execute(
                "SELECT s.id, s.text_ar, s.text_en, e.quote_key FROM extractions e JOIN "
                "statements s"
                " ON s.id = e.statement_id WHERE e.proposed_actor_id = ? AND s.actor_id IS NULL"
                " AND s.date BETWEEN ? AND ? AND s.status != 'replaced'",
                [proposed_id, low, high],
            ).fetchall()
        else:
            return None
        for ident, text_ar, text_en, key in rows:
            keys = [key] if key else [quote_key(t) for t in (text_ar, text_en) if t]
            if any(same_quote(candidate.quote_key, k) for k in keys):
                return ident
        return None

    def _propose(self, candidate: Candidate, now: datetime) -> int | None:
        key = speaker_key(candidate.speaker_name_en, candidate.speaker_name_ar)
        if not key:
            return None
        row = next(self.db.table("proposed_actors").rows_where("key = ?", [key], limit=1), None)
        if row:
            return row["id"]
        names = [n for n in (candidate.speaker_name_en, candidate.speaker_name_ar) if n]
        for row in self.db.table("proposed_actors").rows_where("status = ?", ["proposed"]):
            if any(same_person(n, row[k] or "") for n in names for k in ("name_en", "name_ar")):
                return row["id"]  # "Sayyed Nasrallah" after "Hassan Nasrallah": one proposal
        name_en, name_ar, suggested = self._both_names(
            candidate.speaker_name_en, candidate.speaker_name_ar
        )
        return self.db.table("proposed_actors").insert(
            {
                "key": key,
                "name_en": name_en,
                "name_ar": name_ar,
                "role": candidate.speaker_role,
                "status": "proposed",
                "suggested": suggested,
                "created_at": _iso(now),
            }
        ).last_pk

    def _both_names(self, name_en: str, name_ar: str) -> tuple[str, str, str | None]:
        """A speaker's names in both scripts: the one the text did not give is transliterated
        (word pairs of actors held in both scripts first). Returns (en, ar, which is suggested)."""
        if bool(name_en) == bool(name_ar):
            return name_en, name_ar, None
        to_ar, to_en = known_pairs((a.name_en, a.name_ar) for a in self.record.actors().values())
        if name_ar:
            latin = to_latin(name_ar, to_en)
            return latin, name_ar, "en" if latin else None
        arabic = to_arabic(name_en, to_ar)
        return name_en, arabic, "ar" if arabic else None

    def store_candidates(
        self,
        item_id: int,
        candidates: Sequence[Candidate],
        *,
        outlet: str | None,
        url: str | None,
        now: datetime,
    ) -> tuple[list[str], list[str]]:
        """Store an item's candidates as pending statements; a quote already held (from
        another outlet, or twice in one text) becomes one more source of that statement.
        Returns (new statement ids, ids that got another source)."""
        new: list[str] = []
        merged: list[str] = []
        known_sources = self.record.sources()
        with self.db.atomic():
            for c in candidates:
                proposed = None if c.actor_id else self._propose(c, now)
                if c.actor_id is None and proposed is None:
                    continue  # no speaker at all: nothing to review
                existing = self._match(c, proposed)
                report = {
                    "item_id": item_id,
                    "via": c.via,
                    "outlet": outlet,
                    "url": url,
                    "added_at": _iso(now),
                }
                held = self.db.execute(
                    "SELECT status FROM statements WHERE id = ?", [c.id]
                ).fetchone()
                if existing is None and held and held[0] == "replaced":
                    # An edit gives back words an earlier edit took out: the candidate again,
                    # under its old number (its old card says it was replaced; a new one comes).
                    self.db.execute(
                        "UPDATE statements SET status = 'pending', said_at = ? WHERE id = ?",
                        [said_text(c.said_at) or None, c.id],
                    )
                    self.db.table("statement_sources").insert(
                        {"statement_id": c.id, **report}, ignore=True
                    )
                    new.append(c.id)
                    continue
                if existing is None and held:
                    existing = c.id
                if existing is not None:
                    self.db.table("statement_sources").insert(
                        {"statement_id": existing, **report}, ignore=True
                    )
                    if existing not in merged and existing not in new:
                        merged.append(existing)
                    continue
                source_id: str | None = c.via_id if c.via_id and c.via_id in known_sources else None
                source_id = source_id or self.source_for(c.via or outlet, url)
                row = statement_row(
                    Statement(
                        id=c.id,
                        story_id=c.story_id,
                        actor_id=c.actor_id,  # type: ignore[arg-type]  # None until a speaker is set
                        text_ar=c.text_ar,
                        text_en=c.text_en,
                        kind=c.kind,
                        date=c.date,
                        source_id=source_id,
                        stance=c.stance,
                        said_at=c.said_at,
                    ),
                    status="pending",
                )
                self.db.table("statements").insert(row)
                self.db.table("extractions").insert(
                    {
                        "statement_id": c.id,
                        "item_id": item_id,
                        "speaker_name_en": c.speaker_name_en,
                        "speaker_name_ar": c.speaker_name_ar,
                        "speaker_role": c.speaker_role,
                        "proposed_actor_id": proposed,
                        "suggested_stance": c.stance,
                        "quote_key": c.quote_key,
                        "created_at": _iso(now),
                    }
                )
                self.db.table("statement_sources").insert(
                    {"statement_id": c.id, **report}, ignore=True
                )
                new.append(c.id)
            self.db.table("items").update(item_id, {"found": len(new) + len(merged)})
        self.record.invalidate()
        return new, merged

    def chat_item(self, chat_id: int, message_id: int) -> int | None:
        """The item read from a monitored chat's post `message_id`, if it was read."""
        row = self.db.execute(
            "SELECT id FROM items WHERE kind = 'chat' AND chat_id = ? AND message_id = ?",
            [chat_id, message_id],
        ).fetchone()
        return row[0] if row else None

    def replace_pending(
        self,
        item_id: int,
        candidates: Sequence[Candidate],
        *,
        content_hash: str,
        outlet: str | None,
        url: str | None,
        now: datetime,
    ) -> tuple[list[str], list[str], list[str]]:
        """An edited item's candidates in place of its pending ones, in one transaction. A
        pending statement the edit still yields keeps its row (its review card still works);
        one it no longer yields is marked replaced (kept, so its card's buttons can say so
        and its number is never given to another candidate), or only loses this item as a
        source when other items report it too; approved and rejected statements are left
        alone. Returns (new, merged) as store_candidates does, less the statements the item
        gave before, and the ids of the statements replaced."""
        wanted = {c.id for c in candidates}
        with self.db.atomic():
            before = {
                r[0]
                for r in self.db.execute(
                    "SELECT statement_id FROM statement_sources WHERE item_id = ?", [item_id]
                ).fetchall()
            }
            stale = [
                r[0]
                for r in self.db.execute(
                    "SELECT r.statement_id FROM statement_sources r JOIN statements s"
                    " ON s.id = r.statement_id WHERE r.item_id = ? AND s.status = 'pending'",
                    [item_id],
                ).fetchall()
                if r[0] not in wanted
            ]
            replaced = []
            for ident in stale:
                self.db.execute(
                    "DELETE FROM statement_sources WHERE statement_id = ? AND item_id = ?",
                    [ident, item_id],
                )
                if self.db.table("statement_sources").count_where("statement_id = ?", [ident]):
                    continue  # reported by another item too: it stays for that one
                self.db.execute("UPDATE statements SET status = 'replaced' WHERE id = ?", [ident])
                replaced.append(ident)
            if not self.db.table("items").count_where(
                "content_hash = ? AND id != ?", [content_hash, item_id]
            ):  # the edited words, so a copy of them elsewhere is known as read
                self.db.table("items").update(item_id, {"content_hash": content_hash})
            if candidates:
                new, merged = self.store_candidates(
                    item_id, candidates, outlet=outlet, url=url, now=now
                )
            else:
                new, merged = [], []
                self.db.table("items").update(item_id, {"found": 0})
        self.record.invalidate()
        return (
            [i for i in new if i not in before],
            [i for i in merged if i not in before],
            [i for i in replaced if i not in new],
        )

    # -- review cards ----------------------------------------------------------------------
    def card_sent(self, chat_id: int, message_id: int, ref: int, now: datetime) -> None:
        """A review card of statement `ref` is message `message_id` of `chat_id`."""
        with self.db.conn:
            self.db.execute(
                "INSERT OR REPLACE INTO review_cards (chat_id, message_id, statement_rowid,"
                " sent_at) VALUES (?, ?, ?, ?)",
                [chat_id, message_id, ref, _iso(now)],
            )

    def cards_of(self, statement_ids: Sequence[str]) -> list[tuple[int, int, int]]:
        """(chat id, message id, ref) of every card sent for these statements."""
        if not statement_ids:
            return []
        marks = ",".join("?" * len(statement_ids))
        return self.db.execute(
            "SELECT c.chat_id, c.message_id, c.statement_rowid FROM review_cards c"
            f" JOIN statements s ON s.rowid = c.statement_rowid WHERE s.id IN ({marks})"
            " ORDER BY c.chat_id, c.message_id",
            list(statement_ids),
        ).fetchall()

    # -- reading for review ----------------------------------------------------------------
    def _row(self, ref: int | str) -> tuple | None:
        where = "s.rowid = ?" if isinstance(ref, int) or str(ref).isdigit() else "s.id = ?"
        return self.db.execute(
            f"SELECT s.rowid, s.status, {_COLS}, e.speaker_name_en, e.speaker_name_ar, "
            f"e.speaker_role,"
            " e.proposed_actor_id, e.suggested_stance, p.name_en, p.name_ar, p.suggested"
            " FROM statements s"
            " LEFT JOIN extractions e ON e.statement_id = s.id"
            f" LEFT JOIN proposed_actors p ON p.id = e.proposed_actor_id WHERE {where}",
            [int(ref) if where.startswith("s.rowid") else ref],
        ).fetchone()

    def _item(self, row: tuple) -> ReviewItem:
        ref, status = row[0], row[1]
        base = row[2:14]
        statement = _statement(base)
        if statement.actor_id is None:
            statement = Statement(**{**statement.__dict__, "actor_id": ""})
        reports = tuple(
            (r[0] or r[1] or "", r[2] or "")
            for r in self.db.execute(
                "SELECT outlet, via, url FROM statement_sources WHERE statement_id = ? ORDER BY "
                "rowid",
                [statement.id],
            ).fetchall()
        )
        return ReviewItem(
            ref=ref,
            statement=statement,
            status=status,
            speaker_name_en=row[14] or "",
            speaker_name_ar=row[15] or "",
            speaker_role=row[16] or "",
            proposed_actor_id=row[17],
            suggested_stance=row[18],
            reports=reports,
            suggested_name={"en": row[19], "ar": row[20]}.get(row[21] or "") or "",
        )

    def review_item(self, ref: int | str) -> ReviewItem | None:
        """A statement for review by row number or by statement id."""
        row = self._row(ref)
        return self._item(row) if row else None

    def pending(self, limit: int = 10) -> list[ReviewItem]:
        """The review queue, oldest first."""
        rows = self.db.execute(
            "SELECT rowid FROM statements WHERE status = 'pending' ORDER BY rowid LIMIT ?", [limit]
        ).fetchall()
        return [item for (ref,) in rows if (item := self.review_item(ref))]

    def pending_count(self) -> int:
        return self.db.table("statements").count_where("status = 'pending'")

    def reports(self, statement_id: str) -> list[tuple[str, str]]:
        return [
            (r[0] or r[1] or "", r[2] or "")
            for r in self.db.execute(
                "SELECT outlet, via, url FROM statement_sources WHERE statement_id = ? ORDER BY "
                "rowid",
                [statement_id],
            ).fetchall()
        ]

    def stances_for(self, story_id: str | None) -> list[Stance]:
        """A story's stance vocabulary in pack order (buttons number them)."""
        where, args = ("story_id = ?", [story_id]) if story_id else (None, [])
        return [
            Stance(r["id"], r["label_en"], r["label_ar"])
            for r in self.db.table("stances").rows_where(where, args, order_by="rowid")
        ]

    def latest_of(self, actor_id: str, limit: int = 5) -> list[ReviewItem]:
        """An actor's latest statements of any status, for /edit <name>."""
        rows = self.db.execute(
            "SELECT rowid FROM statements WHERE actor_id = ?"
            " ORDER BY date DESC, said_at DESC, rowid DESC LIMIT ?",  # a few: sorted in SQL
            [actor_id, limit],
        ).fetchall()
        return [item for (ref,) in rows if (item := self.review_item(ref))]

    # -- review actions --------------------------------------------------------------------
    def _history(self, actor_id: str | None, story_id: str) -> list[tuple[str, Statement]]:
        return self.record.stance_history(actor_id, story_id) if actor_id else []

    def _snapshot(self, statement_id: str) -> dict:
        row = next(self.db.table("statements").rows_where("id = ?", [statement_id], limit=1))
        return {
            k: row[k]
            for k in (
                "actor_id",
                "text_ar",
                "text_en",
                "kind",
                "date",
                "source_id",
                "stance",
                "status",
            )
        }

    def _change(
        self,
        ref: int | str,
        user_id: int | None,
        now: datetime,
        action: str,
        values: dict,
        *,
        actors: Iterable[str | None] = (),
    ) -> Outcome:
        """Apply `values` to a statement with its audit row, keep the stance history in step
        and report the positions that moved (of the statement's actor before and after)."""
        item = self.review_item(ref)
        if item is None:
            return Outcome(False, reason="not_found")
        if item.status == "replaced":  # an edit of its post took it out: nothing to review
            return Outcome(False, item=item, reason="replaced")
        s = item.statement
        watched = {a for a in (s.actor_id, values.get("actor_id"), *actors) if a}
        before_rows = self._snapshot(s.id)
        with self.db.conn:
            before = {a: self._history(a, s.story_id) for a in watched}
            self.db.table("statements").update(s.id, values)
            self._audit(user_id, action, s.id, before_rows, self._snapshot(s.id), now)
            changes = [
                c
                for a in sorted(watched)
                if (c := position_change(a, before[a], self._history(a, s.story_id)))
            ]
            if action == "approve":  # a correction of the record is not a change of position
                self._queue_alerts(changes, now)
        self.record.invalidate()
        self.record.sync_vector(s.id)
        return Outcome(True, item=self.review_item(s.id), changes=changes)

    def _queue_alerts(self, changes: Sequence[PositionChange], now: datetime) -> None:
        """Every follower's alert for these changes, into the delivery ledger, in the caller's
        transaction: the dispatcher sends them exactly once, at Telegram's pace."""
        alerts = [
            NewAlert(
                chat_id=chat_id,
                kind="position",
                key=f"position:{chat_id}:{c.actor_id}:{c.statement.id}:{c.before or ''}>{c.after}",
                detail={
                    "actor_id": c.actor_id,
                    "before": c.before,
                    "after": c.after,
                    "statement_id": c.statement.id,
                },
            )
            for c in changes
            for chat_id in self.followers(c.actor_id)
        ]
        if alerts:
            SubscriptionStore(self.db).queue_alerts(alerts, now)

    def approve(self, ref: int | str, user_id: int | None, now: datetime) -> Outcome:
        """Approve a candidate: it is answered from, its stance enters the history. A speaker
        the record does not track yet is added as a new actor from its proposal."""
        item = self.review_item(ref)
        if item is None:
            return Outcome(False, reason="not_found")
        if item.status == "approved":
            return Outcome(False, item=item, reason="already")
        if item.status == "replaced":
            return Outcome(False, item=item, reason="replaced")
        created = None
        values: dict = {"status": "approved"}
        if not item.statement.actor_id:
            if item.proposed_actor_id is None:
                return Outcome(False, item=item, reason="no_speaker")
            created = self.accept_proposal(item.proposed_actor_id, user_id, now)
            values["actor_id"] = created
        outcome = self._change(item.ref, user_id, now, "approve", values)
        outcome.created_actor = created
        return outcome

    def reject(self, ref: int | str, user_id: int | None, now: datetime) -> Outcome:
        item = self.review_item(ref)
        if item is None:
            return Outcome(False, reason="not_found")
        if item.status == "rejected":
            return Outcome(False, item=item, reason="already")
        return self._change(item.ref, user_id, now, "reject", {"status": "rejected"})

    def delete(self, ref: int | str, user_id: int | None, now: datetime) -> Outcome:
        """Withdraw a statement from the record (kept as rejected; the audit keeps it whole)."""
        item = self.review_item(ref)
        if item is None:
            return Outcome(False, reason="not_found")
        if item.status == "rejected":
            return Outcome(False, item=item, reason="already")
        return self._change(item.ref, user_id, now, "delete", {"status": "rejected"})

    def set_stance(
        self, ref: int | str, stance: str | None, user_id: int | None, now: datetime
    ) -> Outcome:
        if stance is not None and not self.db.table("stances").count_where("id = ?", [stance]):
            return Outcome(False, reason="unknown_stance")
        return self._change(ref, user_id, now, "stance", {"stance": stance})

    def set_text(self, ref: int | str, text: str, user_id: int | None, now: datetime) -> Outcome:
        """Correct a statement's words, in the language the correction is written in."""
        text = re.sub(r"\s+", " ", text).strip()
        if script_of(text) == "ar":
            values = {"text_ar": text, "search_ar": search_text(text)}
        else:
            values = {"text_en": text, "search_en": search_text(text)}
        return self._change(ref, user_id, now, "text", values)

    def set_speaker(
        self, ref: int | str, actor_id: str, user_id: int | None, now: datetime
    ) -> Outcome:
        if actor_id not in self.record.actors():
            return Outcome(False, reason="unknown_actor")
        return self._change(ref, user_id, now, "speaker", {"actor_id": actor_id})

    def create_actor(
        self,
        name_en: str,
        name_ar: str,
        user_id: int | None,
        now: datetime,
        *,
        role: str = "",
        kind: str = "other",
    ) -> str:
        """Add an actor the record did not track (from a proposal or an admin's /add)."""
        base = (
            _slug(name_en) or "actor-" + hashlib.sha1(normalize(name_ar).encode()).hexdigest()[:8]
        )
        actor_id, n = base, 2
        while self.db.table("actors").count_where("id = ?", [actor_id]):
            actor_id, n = f"{base}-{n}", n + 1
        arabic_role = script_of(role) == "ar" if role else False
        row = {
            "id": actor_id,
            "kind": kind,
            "name_en": name_en,
            "name_ar": name_ar,
            "role_en": "" if arabic_role else role,
            "role_ar": role if arabic_role else "",
            "affiliation": None,
        }
        with self.db.conn:
            self.db.table("actors").insert(row)
            for alias in _aliases(name_en, name_ar):
                self.db.table("aliases").insert(
                    {"actor_id": actor_id, "alias": alias, "how": "name"}, ignore=True
                )
            self._audit(user_id, "actor", actor_id, None, row, now)
        self.record.invalidate()
        return actor_id

    def accept_proposal(self, proposed_id: int, user_id: int | None, now: datetime) -> str:
        """Turn a proposed speaker into an actor; its other pending statements follow."""
        row = next(self.db.table("proposed_actors").rows_where("id = ?", [proposed_id], limit=1))
        if row["actor_id"]:
            return row["actor_id"]
        actor_id = self.create_actor(
            row["name_en"] or "", row["name_ar"] or "", user_id, now, role=row["role"] or ""
        )
        with self.db.conn:
            self.db.table("proposed_actors").update(
                proposed_id, {"status": "accepted", "actor_id": actor_id}
            )
            self.db.execute(
                "UPDATE statements SET actor_id = ? WHERE actor_id IS NULL AND id IN"
                " (SELECT statement_id FROM extractions WHERE proposed_actor_id = ?)",
                [actor_id, proposed_id],
            )
        return actor_id

    def add_statement(
        self,
        *,
        story_id: str,
        actor_id: str,
        text: str,
        day: date,
        kind: str = "direct",
        source: str | None = None,
        url: str | None = None,
        stance: str | None = None,
        user_id: int | None,
        now: datetime,
    ) -> Outcome:
        """An admin's own entry (/add): approved at once, audited, positions compared."""
        text = re.sub(r"\s+", " ", text).strip()
        arabic = script_of(text) == "ar"
        statement = Statement(
            id=manual_statement_id(story_id, actor_id, text),
            story_id=story_id,
            actor_id=actor_id,
            text_ar=text if arabic else "",
            text_en="" if arabic else text,
            kind=kind,
            date=day,
            source_id=self.source_for(source, url) if (source or url) else None,
            stance=stance,
        )
        if self.db.table("statements").count_where("id = ?", [statement.id]):
            return Outcome(False, item=self.review_item(statement.id), reason="already")
        with self.db.conn:
            before = self._history(actor_id, story_id)
            self.db.table("statements").insert(statement_row(statement, status="approved"))
            if url:
                self.db.table("statement_sources").insert(
                    {
                        "statement_id": statement.id,
                        "item_id": 0,
                        "via": None,
                        "outlet": source or host_of(url),
                        "url": url,
                        "added_at": _iso(now),
                    }
                )
            self._audit(user_id, "add", statement.id, None, self._snapshot(statement.id), now)
            change = position_change(actor_id, before, self._history(actor_id, story_id))
            self._queue_alerts([change] if change else [], now)
        self.record.invalidate()
        self.record.sync_vector(statement.id)
        return Outcome(
            True, item=self.review_item(statement.id), changes=[change] if change else []
        )

    # -- positions -------------------------------------------------------------------------
    def recent_changes(self, story_id: str | None, today: date) -> dict[str, str]:
        """actor id → previous stance ("" for a first position) for actors whose position
        changed in the last week (up to `today`: a replay knows nothing later)."""
        sql = (
            f"SELECT h.actor_id, h.stance, {_COLS} FROM stance_history h JOIN statements s ON "
            f"s.id = h.statement_id"
            f" WHERE s.status = 'approved' AND h.date <= ? "
            f"{'AND h.story_id = ?' if story_id else ''}"
            " ORDER BY h.actor_id, h.date DESC, s.said_at DESC, s.rowid DESC"
        )
        by_actor: dict[str, list[tuple[str, Statement]]] = {}
        args = [today.isoformat(), *([story_id] if story_id else [])]  # nothing said after today
        for row in self.db.execute(sql, args).fetchall():
            by_actor.setdefault(row[0], []).append((row[1], _statement(row[2:])))
        out = {}
        for actor_id, history in by_actor.items():
            previous = recent_change(history, today)
            if previous is not None:
                out[actor_id] = previous
        return out

    # -- follows ---------------------------------------------------------------------------
    def follow(self, chat_id: int, actor_id: str, now: datetime) -> bool:
        """Follow an actor (or ALL_ACTORS); False when the chat already did."""
        if self.db.table("follows").count_where(
            "chat_id = ? AND actor_id = ?", [chat_id, actor_id]
        ):
            return False
        self.db.table("follows").insert(
            {"chat_id": chat_id, "actor_id": actor_id, "created_at": _iso(now)}
        )
        return True

    def unfollow(self, chat_id: int, actor_id: str | None = None) -> int:
        """Stop following one actor, or everything when `actor_id` is None; how many ended."""
        where, args = "chat_id = ?", [str(chat_id)]
        if actor_id is not None:
            where, args = "chat_id = ? AND actor_id = ?", [str(chat_id), actor_id]
        count = self.db.table("follows").count_where(where, args)
        with self.db.conn:
            self.db.table("follows").delete_where(where, args)
        return count

    def follows(self, chat_id: int) -> list[str]:
        return [
            r["actor_id"]
            for r in self.db.table("follows").rows_where(
                "chat_id = ?", [chat_id], order_by="created_at"
            )
        ]

    def followers(self, actor_id: str) -> list[int]:
        """Chats that follow this actor or every actor."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT chat_id FROM follows WHERE actor_id IN (?, ?) ORDER BY chat_id",
                [actor_id, ALL_ACTORS],
            ).fetchall()
        ]

    # -- monitored chats -------------------------------------------------------------------
    def set_monitored(
        self, chat_id: int, on: bool, *, title: str, user_id: int | None, now: datetime
    ) -> None:
        existing = next(
            self.db.table("monitored_chats").rows_where("chat_id = ?", [chat_id], limit=1), None
        )
        row = {
            "chat_id": chat_id,
            "title": title,
            "active": int(on),
            "added_by": user_id,
            "added_at": _iso(now),
        }
        with self.db.conn:
            self.db.table("monitored_chats").upsert(row, pk="chat_id")
            self._audit(user_id, "monitor", str(chat_id), existing, row, now)

    def is_monitored(self, chat_id: int) -> bool:
        return bool(
            self.db.table("monitored_chats").count_where("chat_id = ? AND active = 1", [chat_id])
        )

    # -- feeds -----------------------------------------------------------------------------
    def _feed(self, row: dict) -> Feed:
        return Feed(
            id=row["id"],
            url=row["url"],
            title=row["title"] or "",
            etag=row["etag"],
            last_modified=row["last_modified"],
            errors=row["errors"] or 0,
            last_error=row["last_error"],
            next_poll=row["next_poll"],
            origin=row["origin"] or "",
        )

    def add_feed(
        self, url: str, *, origin: str, now: datetime, user_id: int | None = None
    ) -> tuple[Feed, bool]:
        """Add a feed (due at once); an inactive one is switched back on. (feed, added)."""
        row = next(self.db.table("feeds").rows_where("url = ?", [url], limit=1), None)
        if row and row["active"]:
            return self._feed(row), False
        with self.db.conn:
            if row:
                self.db.table("feeds").update(
                    row["id"], {"active": 1, "next_poll": _iso(now), "errors": 0}
                )
            else:
                self.db.table("feeds").insert(
                    {
                        "url": url,
                        "origin": origin,
                        "active": 1,
                        "errors": 0,
                        "next_poll": _iso(now),
                        "added_at": _iso(now),
                    }
                )
            if user_id is not None:
                self._audit(user_id, "feed_add", url, None, {"url": url}, now)
        return self._feed(next(self.db.table("feeds").rows_where("url = ?", [url], limit=1))), True

    def remove_feed(self, url_or_id: str, *, user_id: int | None, now: datetime) -> Feed | None:
        where, args = (
            ("id = ?", [int(url_or_id)]) if url_or_id.isdigit() else ("url = ?", [url_or_id])
        )
        row = next(
            self.db.table("feeds").rows_where(f"{where} AND active = 1", args, limit=1), None
        )
        if row is None:
            return None
        with self.db.conn:
            self.db.table("feeds").update(row["id"], {"active": 0})
            self._audit(user_id, "feed_remove", row["url"], {"url": row["url"]}, None, now)
        return self._feed(row)

    def feeds(self) -> list[Feed]:
        return [
            self._feed(r) for r in self.db.table("feeds").rows_where("active = 1", order_by="id")
        ]

    def feed(self, feed_id: int) -> Feed | None:
        row = next(self.db.table("feeds").rows_where("id = ?", [feed_id], limit=1), None)
        return self._feed(row) if row else None

    def due_feeds(self, now: datetime) -> list[Feed]:
        """Active feeds whose next poll time has come, most overdue first."""
        rows = self.db.execute(
            "SELECT id FROM feeds WHERE active = 1 AND (next_poll IS NULL OR next_poll <= ?) "
            "ORDER BY next_poll, id",
            [_iso(now)],
        ).fetchall()
        return [f for (ident,) in rows if (f := self.feed(ident))]

    def feed_polled(
        self, feed_id: int, *, now: datetime, next_poll: datetime, etag: str | None = None,
        last_modified: str | None = None, title: str | None = None,
    ) -> None:
        """A poll went well (200 or 304): errors reset, validators kept for the next one."""
        values: dict = {
            "errors": 0,
            "last_error": None,
            "last_polled": _iso(now),
            "next_poll": _iso(next_poll),
        }
        if etag is not None:
            values["etag"] = etag
        if last_modified is not None:
            values["last_modified"] = last_modified
        if title:
            values["title"] = title
        with self.db.conn:
            self.db.table("feeds").update(feed_id, values)

    def feed_failed(self, feed_id: int, error: str, *, now: datetime, next_poll: datetime) -> None:
        with self.db.conn:
            self.db.execute(
                "UPDATE feeds SET errors = errors + 1, last_error = ?, last_polled = ?, next_poll "
                "= ? WHERE id = ?",
                [error[:300], _iso(now), _iso(next_poll), feed_id],
            )
