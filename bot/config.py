"""Configuration from a TOML file and the environment (see config.example.toml).

The token comes from TELEGRAM_BOT_TOKEN or `[telegram] token`; it is kept out of `repr` so
it never reaches a log line or a traceback.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class ReminderConfig:
    """[reminders]: the tick, the catch-up window, defaults and the sending pace."""

    tick_seconds: float = 30.0  # how often the JobQueue tick looks for due reminders
    grace_minutes: float = 60.0  # missed by more than this after downtime: one catch-up message
    default_time: str = "09:00"  # local time of daily/weekly reminders when none is chosen
    default_weekday: str = "sun"  # weekly reminders' day when none is chosen
    messages_per_second: float = 29.0  # fan-out pace, under Telegram's 30/s overall
    private_chat_interval: float = 1.0  # seconds between two reminders to one private chat
    group_chat_interval: float = 3.0  # ... to one group (Telegram: 20 a minute)
    concurrency: int = 8  # reminder requests in flight at once


@dataclass(frozen=True)
class FetchConfig:
    """[fetch]: what reading a page or a feed may do (bot.fetching)."""

    allow_private_fetch: bool = False  # fetch loopback/private/link-local hosts (tests, own hosts)
    max_bytes: int = 5_000_000  # a body larger than this once decompressed is refused
    timeout_seconds: float = 20.0  # one whole fetch: look-up, connects, redirects and body


@dataclass(frozen=True)
class Config:
    token: str | None = field(default=None, repr=False)
    base_url: str | None = None  # a self-hosted Bot API server, e.g. http://127.0.0.1:8081/bot
    base_file_url: str | None = None
    admins: frozenset[int] = frozenset()
    db_path: str = "var/raqib.db"
    timezone: str = "Asia/Baghdad"
    language: str = "ar"  # for chats that have not chosen, when the text does not tell
    feeds: tuple[str, ...] = ()  # [feeds] urls: RSS/Atom feeds polled for new statements
    feed_poll_minutes: float = 30.0  # [feeds] poll_minutes: how often each feed is read
    feed_max_entries: int = 20  # [feeds] max_entries: newest entries taken per poll
    reminders: ReminderConfig = field(default_factory=ReminderConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)


def load_config(path: str | Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Read the config file (default ./config.toml when present), then the environment."""
    env = dict(os.environ) if env is None else env
    explicit = path is not None
    path = Path(path) if path else DEFAULT_CONFIG
    raw: dict = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    elif explicit:
        raise ConfigError(f"{path}: no such config file")
    telegram = raw.get("telegram", {})
    storage = raw.get("storage", {})
    chat = raw.get("chat", {})
    try:
        admins = frozenset(int(a) for a in telegram.get("admins", []))
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: [telegram] admins must be a list of numeric user ids") from None
    language = chat.get("language", "ar")
    if language not in ("ar", "en"):
        raise ConfigError(f"{path}: [chat] language must be \"ar\" or \"en\"")
    reminders = _reminder_config(raw.get("reminders", {}), path)
    return Config(
        reminders=reminders,
        fetch=_fetch_config(raw.get("fetch", {}), path),
        token=(env.get("TELEGRAM_BOT_TOKEN") or telegram.get("token") or "").strip() or None,
        base_url=telegram.get("base_url") or None,
        base_file_url=telegram.get("base_file_url") or None,
        admins=admins,
        db_path=env.get("RAQIB_DB") or storage.get("path") or Config.db_path,
        timezone=chat.get("timezone", Config.timezone),
        language=language,
        **_feed_config(raw.get("feeds", {}), path),
    )


def _reminder_config(section: dict, path: Path) -> ReminderConfig:
    """Validate [reminders]; an error names the key and what it wants."""
    from story.schedule import parse_hhmm, parse_weekday

    known = ReminderConfig.__dataclass_fields__
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise ConfigError(f"{path}: [reminders] unknown key {unknown[0]!r} (known: {', '.join(known)})")
    values: dict = {}
    for key, value in section.items():
        default = getattr(ReminderConfig, key)
        if isinstance(default, str):
            ok = isinstance(value, str) and (
                parse_hhmm(value) is not None if key == "default_time" else parse_weekday(value) is not None
            )
            want = '"HH:MM"' if key == "default_time" else 'a weekday such as "sun"'
        else:
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
            want = "a positive number"
        if not ok:
            raise ConfigError(f"{path}: [reminders] {key} must be {want}, got {value!r}")
        values[key] = type(default)(value)
    return ReminderConfig(**values)


def _fetch_config(section: dict, path: Path) -> FetchConfig:
    """Validate [fetch]; an error names the key and what it wants."""
    known = FetchConfig.__dataclass_fields__
    values: dict = {}
    for key, value in section.items():
        if key not in known:
            raise ConfigError(f"{path}: [fetch] unknown key {key!r} (known: {', '.join(known)})")
        default = getattr(FetchConfig, key)
        if isinstance(default, bool):
            ok, want = isinstance(value, bool), "true or false"
        else:
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
            want = "a positive number"
        if not ok:
            raise ConfigError(f"{path}: [fetch] {key} must be {want}, got {value!r}")
        values[key] = type(default)(value)
    return FetchConfig(**values)


def _feed_config(section: dict, path: Path) -> dict:
    """[feeds]: urls (a list of RSS/Atom URLs), poll_minutes, max_entries."""
    urls = section.get("urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls):
        raise ConfigError(f"{path}: [feeds] urls must be a list of http(s) URLs")
    try:
        minutes = float(section.get("poll_minutes", Config.feed_poll_minutes))
        max_entries = int(section.get("max_entries", Config.feed_max_entries))
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: [feeds] poll_minutes and max_entries must be numbers") from None
    if minutes <= 0 or max_entries <= 0:
        raise ConfigError(f"{path}: [feeds] poll_minutes and max_entries must be positive")
    return {"feeds": tuple(urls), "feed_poll_minutes": minutes, "feed_max_entries": max_entries}
