"""Configuration from a TOML file and the environment (see config.example.toml).

The file is checked against one declarative schema, `SCHEMA`: every table and key must be
known, every value has its type checked (and time zones must be real IANA zones). An error
is one line that names the file, the table and the key, and suggests the closest known
name for a typo:

    config.toml: [telegram] unknown key 'admin'; did you mean 'admins'?

Adding a setting is one line in `SCHEMA` plus its field on `Config` (or on the table's own
dataclass, registered in `SECTIONS`, as [reminders] is).

The token comes from TELEGRAM_BOT_TOKEN or `[telegram] token`; it is kept out of `repr` so
it never reaches a log line or a traceback. RAQIB_DB overrides `[storage] path`, and
RAQIB_WEBHOOK_SECRET `[telegram] secret_token` (kept out of `repr` too).
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class FetchConfig:
    """[fetch]: what reading a page or a feed may do (bot.fetching)."""

    allow_private_fetch: bool = False  # fetch loopback/private/link-local hosts (tests, own hosts)
    max_bytes: int = 5_000_000  # a body larger than this once decompressed is refused
    timeout_seconds: float = 20.0  # one whole fetch: look-up, connects, redirects and body


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
    # `run --webhook` (bot.webhook): Telegram POSTs updates to webhook_url, which a reverse
    # proxy (TLS) forwards to listen:port; requests without secret_token are refused (403).
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_secret: str | None = field(default=None, repr=False)


# -- value checks: each takes the TOML value and returns the stored one, or raises ValueError
#    whose message says what was wanted ("a positive number") ----------------------------

Check = Callable[[Any], Any]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value.strip()


def _url(value: Any) -> str | None:
    text = _text(value) if isinstance(value, str) else None
    if text is None or (text and not text.startswith(("http://", "https://"))):
        raise ValueError("an http(s) URL")
    return text or None


# Telegram delivers webhooks to HTTPS URLs on these ports only (Bot API, setWebhook).
WEBHOOK_PORTS = (443, 80, 88, 8443)


def _webhook_url(value: Any) -> str | None:
    want = f"an https URL on port {', '.join(map(str, WEBHOOK_PORTS))}"
    text = _text(value) if isinstance(value, str) else None
    if text is None:
        raise ValueError(want)
    if not text:
        return None
    try:
        parts = urlsplit(text)
        port = parts.port or 443
    except ValueError:
        raise ValueError(want) from None
    if parts.scheme != "https" or not parts.hostname or port not in WEBHOOK_PORTS:
        raise ValueError(want)
    return text


def _ip(value: Any) -> str:
    want = 'an IP address such as "127.0.0.1" or "0.0.0.0"'
    try:
        return str(ipaddress.ip_address(_text(value) if isinstance(value, str) else ""))
    except ValueError:
        raise ValueError(want) from None


def _port(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValueError("a TCP port from 1 to 65535")
    return value


_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _secret(value: Any) -> str | None:
    """Telegram's rule for setWebhook's secret_token: 1-256 of A-Z a-z 0-9 _ -."""
    text = _text(value) if isinstance(value, str) else None
    if text is None or (text and not _SECRET_RE.fullmatch(text)):
        raise ValueError("1 to 256 characters, each a letter, a digit, _ or -")
    return text or None


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("a positive number")
    return float(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("a positive whole number")
    return value


def _user_ids(value: Any) -> frozenset[int]:
    want = "a list of numeric user ids, e.g. [123456789]"
    if not isinstance(value, list):
        raise ValueError(want)
    ids = set()
    for item in value:
        if isinstance(item, int) and not isinstance(item, bool):
            ids.add(item)
        elif isinstance(item, str) and item.strip().lstrip("-").isdigit():
            ids.add(int(item))
        else:
            raise ValueError(want)
    return frozenset(ids)


def _urls(value: Any) -> tuple[str, ...]:
    want = "a list of http(s) URLs"
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise ValueError(want)
    urls = tuple(u.strip() for u in value)
    if not all(u.startswith(("http://", "https://")) for u in urls):
        raise ValueError(want)
    return urls


def _language(value: Any) -> str:
    if value not in ("ar", "en"):
        raise ValueError('"ar" or "en"')
    return value


def _timezone(value: Any) -> str:
    want = 'an IANA time zone such as "Asia/Baghdad" or "UTC"'
    if not isinstance(value, str) or not value.strip():
        raise ValueError(want)
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(want) from None
    return value.strip()


def _hhmm(value: Any) -> str:
    from story.schedule import parse_hhmm

    if not isinstance(value, str) or parse_hhmm(value) is None:
        raise ValueError('"HH:MM"')
    return value


def _weekday(value: Any) -> str:
    from story.schedule import parse_weekday

    if not isinstance(value, str) or parse_weekday(value) is None:
        raise ValueError('a weekday such as "sun"')
    return value


@dataclass(frozen=True)
class Key:
    """One setting: its check and where its value goes ("field" on Config, or
    "section.field" on a table's own dataclass registered in SECTIONS)."""

    check: Check
    target: str


# The whole file format. One line per key.
SCHEMA: dict[str, dict[str, Key]] = {
    "telegram": {
        "token": Key(_text, "token"),
        "base_url": Key(_url, "base_url"),
        "base_file_url": Key(_url, "base_file_url"),
        "admins": Key(_user_ids, "admins"),
        "webhook_url": Key(_webhook_url, "webhook_url"),
        "listen": Key(_ip, "webhook_listen"),
        "port": Key(_port, "webhook_port"),
        "secret_token": Key(_secret, "webhook_secret"),
    },
    "storage": {
        "path": Key(_text, "db_path"),
    },
    "chat": {
        "language": Key(_language, "language"),
        "timezone": Key(_timezone, "timezone"),
    },
    "feeds": {
        "urls": Key(_urls, "feeds"),
        "poll_minutes": Key(_number, "feed_poll_minutes"),
        "max_entries": Key(_count, "feed_max_entries"),
    },
    "reminders": {
        "tick_seconds": Key(_number, "reminders.tick_seconds"),
        "grace_minutes": Key(_number, "reminders.grace_minutes"),
        "default_time": Key(_hhmm, "reminders.default_time"),
        "default_weekday": Key(_weekday, "reminders.default_weekday"),
        "messages_per_second": Key(_number, "reminders.messages_per_second"),
        "private_chat_interval": Key(_number, "reminders.private_chat_interval"),
        "group_chat_interval": Key(_number, "reminders.group_chat_interval"),
        "concurrency": Key(_count, "reminders.concurrency"),
    },
    "fetch": {
        "allow_private_fetch": Key(_flag, "fetch.allow_private_fetch"),
        "max_bytes": Key(_count, "fetch.max_bytes"),
        "timeout_seconds": Key(_number, "fetch.timeout_seconds"),
    },
}

# Config fields that hold a table's own settings object.
SECTIONS: dict[str, type] = {"reminders": ReminderConfig, "fetch": FetchConfig}


def closest(name: str, known: list[str]) -> str | None:
    """The known name a typo most likely meant, if any is close enough."""
    match = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if match:
        return match[0]
    prefixed = [k for k in known if k.startswith(name) or name.startswith(k)]
    return prefixed[0] if len(prefixed) == 1 else None


def _unknown(path: Path, table: str | None, name: str, known: list[str]) -> ConfigError:
    """An unknown table (table None) or key, with the closest known name when there is one."""
    guess = closest(name, known)
    hint = f"did you mean {guess!r}?" if guess else f"known: {', '.join(known)}"
    what = f"unknown table [{name}]" if table is None else f"[{table}] unknown key {name!r}"
    return ConfigError(f"{path}: {what}; {hint}")


def validate(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """Check parsed TOML against SCHEMA; return {target: value} for the keys present."""
    values: dict[str, Any] = {}
    for table, section in raw.items():
        if table not in SCHEMA:
            raise _unknown(path, None, table, list(SCHEMA))
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [{table}] must be a table, got {section!r}")
        keys = SCHEMA[table]
        for name, value in section.items():
            if name not in keys:
                raise _unknown(path, table, name, list(keys))
            try:
                values[keys[name].target] = keys[name].check(value)
            except ValueError as exc:
                raise ConfigError(
                    f"{path}: [{table}] {name} must be {exc}, got {value!r}"
                ) from None
    return values


def build(values: dict[str, Any]) -> Config:
    """A Config from validated {target: value}; what is absent keeps its default."""
    top = {k: v for k, v in values.items() if "." not in k}
    for name, cls in SECTIONS.items():
        own = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith(name + ".")}
        top[name] = cls(**own)
    return Config(**top)


def load_config(path: str | Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Read the config file (default ./config.toml when present), then the environment."""
    env = dict(os.environ) if env is None else env
    explicit = path is not None
    path = Path(path) if path else DEFAULT_CONFIG
    raw: dict = {}
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
    elif explicit:
        raise ConfigError(f"{path}: no such config file")
    values = validate(raw, path)
    values["token"] = (env.get("TELEGRAM_BOT_TOKEN") or values.get("token") or "").strip() or None
    values["db_path"] = env.get("RAQIB_DB") or values.get("db_path") or Config.db_path
    if env.get("RAQIB_WEBHOOK_SECRET"):
        try:
            values["webhook_secret"] = _secret(env["RAQIB_WEBHOOK_SECRET"])
        except ValueError as exc:
            raise ConfigError(f"RAQIB_WEBHOOK_SECRET must be {exc}") from None
    return build(values)
