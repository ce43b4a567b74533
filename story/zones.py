"""What a user types for /timezone → an IANA zone, forgivingly, or the closest names.

Users write "Baghdad", "بغداد", "utc", "Europe/london", "UTC+3" or "new york" rather than
"Asia/Baghdad": each resolves to the zone it plainly means. A whole-hour UTC offset becomes
the fixed zone "Etc/GMT-3" (IANA inverts the sign there; `offset_label` shows "UTC+3").
Anything else gets suggestions (close spellings of zone and city names), never a guess.
Pure: the zone list comes from the standard library's tz database.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from zoneinfo import available_timezones

# Cities that are not the city of their zone, and Arabic names (normalised: see _norm_ar).
CITY_ZONES = {
    "erbil": "Asia/Baghdad", "arbil": "Asia/Baghdad", "basra": "Asia/Baghdad",
    "mosul": "Asia/Baghdad", "najaf": "Asia/Baghdad", "karbala": "Asia/Baghdad",
    "sulaymaniyah": "Asia/Baghdad", "kirkuk": "Asia/Baghdad",
    "iraq": "Asia/Baghdad",
    "washington": "America/New_York", "washington dc": "America/New_York",
    "ankara": "Europe/Istanbul", "mecca": "Asia/Riyadh", "jeddah": "Asia/Riyadh",
    "doha": "Asia/Qatar", "abu dhabi": "Asia/Dubai", "manama": "Asia/Bahrain",
    "بغداد": "Asia/Baghdad", "اربيل": "Asia/Baghdad", "البصره": "Asia/Baghdad",
    "الموصل": "Asia/Baghdad", "النجف": "Asia/Baghdad", "كربلاء": "Asia/Baghdad",
    "السليمانيه": "Asia/Baghdad", "كركوك": "Asia/Baghdad",
    "العراق": "Asia/Baghdad",
    "طهران": "Asia/Tehran", "دمشق": "Asia/Damascus", "بيروت": "Asia/Beirut",
    "عمان": "Asia/Amman", "الرياض": "Asia/Riyadh", "جده": "Asia/Riyadh",
    "الكويت": "Asia/Kuwait", "الدوحه": "Asia/Qatar", "دبي": "Asia/Dubai",
    "ابوظبي": "Asia/Dubai", "المنامه": "Asia/Bahrain",
    "مسقط": "Asia/Muscat",
    "القاهره": "Africa/Cairo", "انقره": "Europe/Istanbul", "اسطنبول": "Europe/Istanbul",
    "القدس": "Asia/Jerusalem", "لندن": "Europe/London", "باريس": "Europe/Paris",
    "برلين": "Europe/Berlin", "موسكو": "Europe/Moscow", "واشنطن": "America/New_York",
    "نيويورك": "America/New_York", "غرينتش": "UTC",
}
_OFFSET = re.compile(r"^(?:utc|gmt|ت ع م)?\s*([+-])\s*(\d{1,2})(?::?00)?$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def resolve_timezone(typed: str) -> str | None:
    """The IANA zone `typed` plainly names, or None (then see `suggest_timezones`)."""
    value = " ".join(typed.translate(_DIGITS).split())
    if not value:
        return None
    names = _zones()
    if value in names:
        return value
    key = value.lower().replace(" ", "_")
    if key in _by_lower():
        return _by_lower()[key]
    if key in ("utc", "gmt", "z", "zulu"):
        return "UTC"
    offset = _OFFSET.match(value.lower().replace("−", "-"))
    if offset:
        hours = int(offset.group(2)) * (1 if offset.group(1) == "+" else -1)
        if hours == 0:
            return "UTC"
        zone = f"Etc/GMT{-hours:+d}"  # IANA: Etc/GMT-3 is three hours *ahead* of UTC
        return zone if zone in names else None
    city = value.lower()
    return CITY_ZONES.get(city) or CITY_ZONES.get(_norm_ar(city)) or _by_city().get(key)


def suggest_timezones(typed: str, limit: int = 3) -> list[str]:
    """Zones whose name or city is spelled close to `typed` (best first)."""
    key = " ".join(typed.lower().split()).replace(" ", "_")
    if not key:
        return []
    found: list[str] = []
    for near in difflib.get_close_matches(key, list(_by_city()), n=limit, cutoff=0.7):
        found.append(_by_city()[near])
    for near in difflib.get_close_matches(key, list(_by_lower()), n=limit, cutoff=0.7):
        found.append(_by_lower()[near])
    typed_alias = _norm_ar(key.replace("_", " "))
    for near in difflib.get_close_matches(typed_alias, list(CITY_ZONES), n=limit):
        found.append(CITY_ZONES[near])
    return list(dict.fromkeys(found))[:limit]


def offset_label(zone: str) -> str | None:
    """"Etc/GMT-3" → "UTC+3" (the fixed-offset zones read the way users write them)."""
    match = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", zone)
    if not match:
        return None
    return f"UTC{'-' if match.group(1) == '+' else '+'}{match.group(2)}"


def _norm_ar(word: str) -> str:
    """Arabic spelling variants folded: hamza forms of alif, ta marbuta, spaces."""
    return re.sub("[أإآ]", "ا", word).replace("ة", "ه").replace("ى", "ي").replace(" ", "")


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _by_lower() -> dict[str, str]:
    return {name.lower(): name for name in _zones()}


@cache
def _by_city() -> dict[str, str]:
    """City (last part of a zone, lower case, "new_york") → zone; canonical Area/City first."""
    cities: dict[str, str] = {}
    for name in sorted(_zones(), key=lambda n: (n.startswith(("Etc/", "SystemV/")), n.count("/"))):
        if "/" in name:
            cities.setdefault(name.rsplit("/", 1)[1].lower(), name)
    return cities
