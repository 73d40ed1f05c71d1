"""Turn a time zone someone typed into an IANA zone, and offer zones as they type.

Lenient about spelling ("europe/paris", "new york", "UTC") but never guessing: an unknown
name is refused with a suggestion, and autocomplete puts the zones most people use first.
"""

from __future__ import annotations

import difflib
import functools
import re
import zoneinfo

from bot.timing.timeparse import InputError, normalise_input, quote_user_text

__all__ = ["COMMON_TIMEZONES", "UnknownTimezoneError", "parse_timezone", "timezone_choices"]


class UnknownTimezoneError(InputError):
    """The text does not name an IANA time zone."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


# Names that exist in tz databases but are not places anyone lives in.
_JUNK_ZONE_NAMES = frozenset({"posixrules", "Factory", "localtime"})
_JUNK_ZONE_PREFIXES = ("posix/", "right/", "SystemV/")
_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)

# Ordered so the first 25 (what an empty autocomplete shows) span the world.
COMMON_TIMEZONES: tuple[str, ...] = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Toronto",
    "America/Mexico_City",
    "America/Argentina/Buenos_Aires",
    "Europe/Madrid",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Seoul",
    "Australia/Perth",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Moscow",
    "America/Phoenix",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Asia/Jakarta",
    "Asia/Manila",
)
_COMMON_RANK = {name: rank for rank, name in enumerate(COMMON_TIMEZONES)}

_DISCORD_CHOICE_LIMIT = 25
_DISCORD_CHOICE_MAX_CHARS = 100
_ZONE_EXAMPLES = "a name like Europe/Paris, America/New_York or UTC"


@functools.cache
def _zone_names() -> dict[str, str]:
    """Map lower-cased key → canonical spelling, built once per process."""
    names = {
        name
        for name in zoneinfo.available_timezones()
        if name not in _JUNK_ZONE_NAMES and not name.startswith(_JUNK_ZONE_PREFIXES)
    }
    return {name.lower(): name for name in sorted(names)}


def _city_key(lowered_name: str) -> str:
    return lowered_name.rsplit("/", 1)[-1]


def _zone_sort_key(name: str) -> tuple[int, int, str]:
    # Common zones first, then real places, then legacy aliases like "US/Eastern".
    region = name.split("/", 1)[0]
    return (_COMMON_RANK.get(name, len(_COMMON_RANK)), 0 if region in _REGIONS else 1, name)


@functools.cache
def _zones_by_city() -> dict[str, str]:
    """Map lower-cased city part → the preferred zone with that city."""
    by_city: dict[str, list[str]] = {}
    for key, name in _zone_names().items():
        by_city.setdefault(_city_key(key), []).append(name)
    return {city: min(names, key=_zone_sort_key) for city, names in by_city.items()}


def _zone_key(text: str) -> str:
    # People type "new york" for New_York; zone names never contain spaces.
    return re.sub(r"\s*/\s*", "/", normalise_input(text)).replace(" ", "_")


def _suggest_zone(key: str) -> str | None:
    names = _zone_names()
    cities = _zones_by_city()
    city = _city_key(key)
    for exact in (key, city):
        if exact in cities:
            return cities[exact]
    scored: list[tuple[float, str]] = []
    for probe, pool in ((key, names), (key, cities), (city, cities)):
        for match in difflib.get_close_matches(probe, pool.keys(), n=3, cutoff=0.7):
            scored.append((difflib.SequenceMatcher(None, probe, match).ratio(), pool[match]))
    if not scored:
        return None
    return min(scored, key=lambda pair: (-pair[0], _zone_sort_key(pair[1])))[1]


def parse_timezone(text: str) -> zoneinfo.ZoneInfo:
    """Resolve an IANA zone name, forgiving capitalisation but never guessing.

    Near misses are rejected with a suggestion instead of being accepted, so a
    typo can't silently move someone's reminders to another continent.
    """
    raw = text.strip()
    if not raw:
        raise UnknownTimezoneError(f"Please tell me a time zone — {_ZONE_EXAMPLES}.")
    key = _zone_key(raw)
    canonical = _zone_names().get(key)
    if canonical is not None:
        try:
            return zoneinfo.ZoneInfo(canonical)
        except (ValueError, OSError, KeyError) as err:
            # Listed but unreadable: a broken tz install on the host.
            raise UnknownTimezoneError(
                f"The time zone {quote_user_text(canonical)} isn't available on this server "
                "right now — please try another nearby place."
            ) from err
    shown = quote_user_text(raw)
    if re.fullmatch(r"(utc|gmt)?\s*[+-]\s*[0-9]{1,2}(:?[0-9]{2})?", key.replace("_", " ")):
        raise UnknownTimezoneError(
            f"I can't use a fixed offset like {shown} because it ignores daylight saving — "
            f"please pick the place instead, {_ZONE_EXAMPLES}."
        )
    suggestion = _suggest_zone(key) if ".." not in key else None
    if suggestion is not None:
        raise UnknownTimezoneError(
            f"I don't know the time zone {shown}. Did you mean {suggestion}?",
            suggestion=suggestion,
        )
    raise UnknownTimezoneError(f"I don't know the time zone {shown} — please use {_ZONE_EXAMPLES}.")


def timezone_choices(current: str, limit: int = _DISCORD_CHOICE_LIMIT) -> list[str]:
    """Rank zone names for autocomplete, most plausible first.

    Discord rejects more than 25 choices, so the result is capped at that
    whatever `limit` says.
    """
    limit = min(limit, _DISCORD_CHOICE_LIMIT)
    if limit <= 0:
        return []
    names = _zone_names()
    key = _zone_key(current)[:_DISCORD_CHOICE_MAX_CHARS]
    if not key:
        return [name for name in COMMON_TIMEZONES if name.lower() in names][:limit]

    prefix_full: list[str] = []
    prefix_city: list[str] = []
    substring: list[str] = []
    for lowered, name in names.items():
        if lowered.startswith(key):
            prefix_full.append(name)
        elif _city_key(lowered).startswith(key):
            prefix_city.append(name)
        elif key in lowered:
            substring.append(name)

    chosen: list[str] = []
    seen: set[str] = set()

    def take(candidates: list[str]) -> None:
        for name in candidates:
            if len(chosen) >= limit:
                return
            if name not in seen and len(name) <= _DISCORD_CHOICE_MAX_CHARS:
                seen.add(name)
                chosen.append(name)

    for tier in (prefix_full, prefix_city, substring):
        take(sorted(tier, key=_zone_sort_key))
    if len(chosen) < limit:
        cities = _zones_by_city()
        fuzzy_full = difflib.get_close_matches(key, names.keys(), n=limit, cutoff=0.6)
        fuzzy_city = difflib.get_close_matches(key, cities.keys(), n=limit, cutoff=0.6)
        ranked = sorted(
            [(difflib.SequenceMatcher(None, key, m).ratio(), names[m]) for m in fuzzy_full]
            + [(difflib.SequenceMatcher(None, key, m).ratio(), cities[m]) for m in fuzzy_city],
            key=lambda pair: (-pair[0], _zone_sort_key(pair[1])),
        )
        take([name for _, name in ranked])
    return chosen
