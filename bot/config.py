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
class Config:
    token: str | None = field(default=None, repr=False)
    base_url: str | None = None  # a self-hosted Bot API server, e.g. http://127.0.0.1:8081/bot
    base_file_url: str | None = None
    admins: frozenset[int] = frozenset()
    db_path: str = "var/raqib.db"
    timezone: str = "Asia/Baghdad"
    language: str = "ar"  # for chats that have not chosen, when the text does not tell


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
    return Config(
        token=(env.get("TELEGRAM_BOT_TOKEN") or telegram.get("token") or "").strip() or None,
        base_url=telegram.get("base_url") or None,
        base_file_url=telegram.get("base_file_url") or None,
        admins=admins,
        db_path=env.get("RAQIB_DB") or storage.get("path") or Config.db_path,
        timezone=chat.get("timezone", Config.timezone),
        language=language,
    )
