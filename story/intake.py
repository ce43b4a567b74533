"""Pure helpers for taking new text into the record: what is an article, what is a duplicate,
which extracted quote is the same as one already held, and what a candidate looks like.

Nothing here fetches, stores or talks to Telegram: `bot.pipeline` runs the pipeline (fetch,
extract, store), `storage.review_store` writes it, and these functions decide.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rapidfuzz import fuzz

from story.extract import ExtractedStatement
from story.names import name_keys
from story.normalize import script_of, search_key, words

# Query parameters that only track the reader: two URLs differing in them are one article.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|igshid|at_medium|at_campaign)$", re.I
)
_URL = re.compile(r"https?://[^\s<>\"']+", re.I)
# A text this long, or with this many sentences, is an article rather than a question.
ARTICLE_MIN_CHARS = 280
ARTICLE_MIN_SENTENCES = 3


def canonical_url(url: str) -> str:
    """The URL an item is known by: scheme and host lower case, no fragment, no tracking
    parameters, no trailing slash on the path, query parameters sorted."""
    parts = urlsplit(url.strip())
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    path = parts.path.rstrip("/") or "/"
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


def content_hash(text: str) -> str:
    """A fingerprint of a text's words: the same article re-published with other markup,
    spacing or diacritics hashes the same."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def quote_key(quote: str) -> str:
    """A quote's search keys in order: what two reports of the same words share."""
    return " ".join(search_key(w) for w in words(quote))


def same_quote(a: str, b: str) -> bool:
    """Whether two quote keys (see `quote_key`) are the same words as reported by two outlets:
    equal, nearly equal (a letter or a word apart), or one a long stretch of the other."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) >= 8 and short in long_:
        return True
    return fuzz.ratio(a, b) >= 90


def bare_url(text: str) -> str | None:
    """The URL when a message is nothing but a URL (the way links are shared), else None."""
    stripped = text.strip()
    match = _URL.fullmatch(stripped)
    return match.group(0) if match else None


MAX_STATEMENT_CHARS = 3000  # /add: longer input is refused with the reason, not cut


def urls_in(text: str) -> list[str]:
    return _URL.findall(text)


def looks_like_article(text: str) -> bool:
    """Long text with several sentences: an article or a press statement, not a question."""
    stripped = text.strip()
    if len(stripped) < ARTICLE_MIN_CHARS:
        return False
    sentences = [s for s in re.split(r"[.!?؟\n]+", stripped) if len(s.split()) >= 3]
    return len(sentences) >= ARTICLE_MIN_SENTENCES or len(stripped) >= 3 * ARTICLE_MIN_CHARS


def speaker_key(name_en: str, name_ar: str) -> str:
    """The key an unknown speaker is proposed under: one proposal per name, however spelt."""
    return " ".join(name_keys(name_ar or name_en))


@dataclass(frozen=True)
class Candidate:
    """An extracted statement on its way to review: whose, what, when, through whom."""

    id: str
    story_id: str
    actor_id: str | None  # None: the speaker is not a tracked actor (see speaker names)
    speaker_name_en: str
    speaker_name_ar: str
    speaker_role: str
    text_ar: str
    text_en: str
    kind: str
    date: date
    via: str | None
    via_id: str | None
    stance: str | None  # suggested
    quote_key: str
    said_at: datetime | None = None  # when said, where the source gives a time


def said_at_of(published_at: datetime | None, day: date, zone: tzinfo | None) -> datetime | None:
    """The time a statement dated `day` was said, from its source's own instant (a post's, a
    feed entry's, a web page's): kept only when that instant falls on `day` in its own zone
    (a page's local day), in UTC or in `zone` (the bot's clock's). A statement the text
    dates otherwise ("on Monday, X said") has none."""
    if published_at is None or published_at.tzinfo is None:
        return None
    days = {
        published_at.date(),
        published_at.astimezone(UTC).date(),
        published_at.astimezone(zone).date(),
    }
    return published_at if day in days else None


def candidate_from(
    found: ExtractedStatement,
    *,
    story_id: str,
    stance: str | None,
    said_at: datetime | None = None,
) -> Candidate:
    """A candidate from the extractor's output. Its id is derived from speaker and words, so
    the same quote extracted twice gets the same id."""
    key = quote_key(found.quote)
    speaker = found.speaker_id or speaker_key(found.speaker_name_en, found.speaker_name_ar)
    digest = hashlib.sha1(f"{story_id}|{speaker}|{key}".encode()).hexdigest()[:10]
    arabic = script_of(found.quote) == "ar"
    return Candidate(
        id=f"ext-{digest}",
        story_id=story_id,
        actor_id=found.speaker_id,
        speaker_name_en=found.speaker_name_en,
        speaker_name_ar=found.speaker_name_ar,
        speaker_role=found.speaker_role,
        text_ar=found.quote if arabic else "",
        text_en="" if arabic else found.quote,
        kind=found.kind,
        date=found.date,
        via=found.via,
        via_id=found.via_id,
        stance=stance,
        quote_key=key,
        said_at=said_at,
    )


def manual_statement_id(story_id: str, actor_id: str, text: str) -> str:
    """The id of a statement entered by hand with /add."""
    digest = hashlib.sha1(f"{story_id}|{actor_id}|{quote_key(text)}".encode()).hexdigest()[:10]
    return f"add-{digest}"


def host_of(url: str) -> str:
    """The site a URL belongs to, without "www.": how an outlet is named when nothing else is."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
