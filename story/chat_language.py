"""The one rule that decides which language a chat reads.

Replies, reminders, position alerts and review cards all ask this rule, so a chat never gets
English answers and Arabic alerts: the language chosen with /lang wins; else the language of
the users last seen in that chat (their Telegram `language_code`); else the configured default.
"""

from __future__ import annotations

LANGUAGES = ("ar", "en")


def language_of_code(code: str | None) -> str | None:
    """Raqib's language for a Telegram `language_code` ("en-GB" → "en"), None if unsupported."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None


def decide_language(chosen: str | None, seen_code: str | None, default: str) -> str:
    """The chat's language: chosen with /lang, else its users' language, else `default`."""
    if chosen in LANGUAGES:
        return chosen
    return language_of_code(seen_code) or default
