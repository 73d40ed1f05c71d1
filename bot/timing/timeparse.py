"""Turn what people type into slash-command options into times, zones and weekdays.

Every command that schedules something funnels user text through here, so the
rules are strict enough to never guess wrong (an ambiguous "930" is refused
rather than silently becoming 09:30 or 21:30) yet lenient about spelling
("9am", "9.30 pm", "europe/paris", "mon-fri").  Errors are `InputError`
subclasses whose message can be shown to the user verbatim.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
import zoneinfo
from datetime import time

from bot.interactions.user_error import UserFacingError

__all__ = [
    "ALL_DAYS",
    "COMMON_TIMEZONES",
    "WEEKDAYS",
    "WEEKENDS",
    "DaysFormatError",
    "InputError",
    "QuietHoursError",
    "TimeFormatError",
    "UnknownTimezoneError",
    "format_time",
    "format_weekdays",
    "in_quiet_hours",
    "parse_quiet_hours",
    "parse_time",
    "parse_timezone",
    "parse_weekdays",
    "quote_user_text",
    "timezone_choices",
]


class InputError(UserFacingError, ValueError):
    """A mistake in what the user typed, worded so it can be shown to them as is."""


class TimeFormatError(InputError):
    """The text is not a clock time we can read without guessing."""


class UnknownTimezoneError(InputError):
    """The text does not name an IANA time zone."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


class DaysFormatError(InputError):
    """The text does not describe a set of weekdays."""


class QuietHoursError(InputError):
    """The text does not describe a usable quiet-hours window."""


# --------------------------------------------------------------------------- #
# Echoing user text safely
# --------------------------------------------------------------------------- #

_QUOTE_MAX_CHARS = 40
# Characters that Discord markdown gives meaning to; a backslash makes Discord
# show them literally.  Backticks are swapped instead because a backslash
# does not help inside code spans the caller might wrap us in.
_MARKDOWN_CHARS = frozenset("\\*_~|[]<>#")
_BACKTICK_STANDIN = "\u02cb"  # MODIFIER LETTER GRAVE ACCENT looks like ` but never formats
_AT_STANDIN = "\uff20"  # FULLWIDTH COMMERCIAL AT looks like @ but never pings


def quote_user_text(text: str) -> str:
    """Return `text` wrapped in “ ” and made harmless to echo back in a message.

    Users can type anything into an option, including ``@everyone``, role
    mentions, code fences or invisible characters that break the layout of our
    reply, so error messages only ever quote text through this function.
    """
    cleaned: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf":
            # Zero-width spaces/joiners, BOMs, bidi overrides: invisible tricks.
            continue
        if category in {"Cc", "Zl", "Zp"} or char.isspace():
            cleaned.append(" ")
        else:
            cleaned.append(char)
    flat = " ".join("".join(cleaned).split())
    if len(flat) > _QUOTE_MAX_CHARS:
        flat = flat[: _QUOTE_MAX_CHARS - 1].rstrip() + "…"
    escaped: list[str] = []
    for char in flat:
        if char == "`":
            escaped.append(_BACKTICK_STANDIN)
        elif char == "@":
            escaped.append(_AT_STANDIN)
        elif char in _MARKDOWN_CHARS:
            escaped.append("\\" + char)
        else:
            escaped.append(char)
    return "“" + "".join(escaped) + "”"


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and colons from CJK keyboards into ASCII.
    return " ".join(unicodedata.normalize("NFKC", text).split()).lower()


# --------------------------------------------------------------------------- #
# Clock times
# --------------------------------------------------------------------------- #

_TIME_EXAMPLES = "try something like 9:00, 9am or 21:30."
_CLOCK_RE = re.compile(
    r"(?P<hour>[0-9]{1,2})"
    r"(?:[:.](?P<minute>[0-9]{2}))?"
    r"\s*(?P<meridiem>a\.?m\.?|p\.?m\.?)?",
    re.ASCII,
)
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def _parse_clock(raw: str, *, allow_bare_hour: bool) -> time:
    text = _normalise(raw)
    if not text:
        raise TimeFormatError(f"Please give me a time — {_TIME_EXAMPLES}")
    if text in _NAMED_TIMES:
        return _NAMED_TIMES[text]
    shown = quote_user_text(raw.strip())
    match = _CLOCK_RE.fullmatch(text)
    if match is None:
        if re.fullmatch(r"[0-9]{3,4}", text):
            raise TimeFormatError(
                f"I can't tell which time {shown} means — please add a colon, like 9:30 or 21:30."
            )
        raise TimeFormatError(f"I couldn't read {shown} as a time — {_TIME_EXAMPLES}")
    hour = int(match["hour"])
    minute = int(match["minute"]) if match["minute"] is not None else 0
    meridiem = match["meridiem"]
    if minute > 59:
        raise TimeFormatError(
            f"I couldn't read {shown} as a time — minutes go from 00 to 59; {_TIME_EXAMPLES}"
        )
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise TimeFormatError(
                f"I couldn't read {shown} as a time — with am/pm the hour goes from 1 to 12 "
                "(or use the 24-hour clock, like 21:30)."
            )
        hour %= 12
        if meridiem.startswith("p"):
            hour += 12
        return time(hour, minute)
    if match["minute"] is None and not allow_bare_hour:
        if 1 <= hour <= 12:
            raise TimeFormatError(
                f"I can't tell whether {shown} is morning or evening — please write it like "
                f"{hour}:00, {hour}am or {hour}pm."
            )
        if hour <= 23:
            raise TimeFormatError(
                f"I couldn't read {shown} as a time — please include the minutes, like {hour}:00."
            )
    if hour > 23:
        raise TimeFormatError(
            f"I couldn't read {shown} as a time — the hour goes from 0 to 23; {_TIME_EXAMPLES}"
        )
    return time(hour, minute)


def parse_time(text: str) -> time:
    """Read a wall-clock time; the zone it belongs to is decided by the caller.

    A bare number is refused because "9" and "930" could each mean two very
    different moments, and a reminder at the wrong end of the day is worse than
    asking again.
    """
    return _parse_clock(text, allow_bare_hour=False)


def format_time(t: time) -> str:
    """Render a time the same way everywhere so users learn one format."""
    return f"{t.hour:02d}:{t.minute:02d}"


# --------------------------------------------------------------------------- #
# Time zones
# --------------------------------------------------------------------------- #

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
    return re.sub(r"\s*/\s*", "/", _normalise(text)).replace(" ", "_")


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


# --------------------------------------------------------------------------- #
# Weekdays
# --------------------------------------------------------------------------- #

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKENDS = frozenset({5, 6})
_DAY_GROUPS = {
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
    "every_day": ALL_DAYS,
    "all": ALL_DAYS,
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "weekends": WEEKENDS,
    "weekend": WEEKENDS,
}
_DAYS_EXAMPLES = "try mon,wed,fri, mon-fri, weekdays, weekends or daily."


def _day_index(token: str) -> int | None:
    # Any unambiguous prefix of two or more letters works ("tu", "thurs");
    # a trailing "s" allows plurals like "mondays" or "weds".
    for candidate in (token, token[:-1] if token.endswith("s") else ""):
        if len(candidate) < 2:
            continue
        hits = [i for i, name in enumerate(_DAY_NAMES) if name.startswith(candidate)]
        if len(hits) == 1:
            return hits[0]
    return None


def _unknown_day(token: str) -> DaysFormatError:
    return DaysFormatError(
        f"I don't recognise {quote_user_text(token)} as a day — {_DAYS_EXAMPLES}"
    )


def parse_weekdays(text: str) -> frozenset[int]:
    """Read a set of weekdays (0 = Monday), where a range may wrap past Sunday.

    Empty input means every day because "remind me at 9" without days is
    almost always meant daily.
    """
    norm = _normalise(text)
    norm = re.sub(r"\s*[-–—]\s*", "-", norm)
    norm = re.sub(r"\bevery day\b", "every_day", norm)
    tokens = [t for t in re.split(r"[\s,;/&+]+", norm) if t and t != "and"]
    if not tokens:
        return ALL_DAYS
    days: set[int] = set()
    for token in tokens:
        if token in _DAY_GROUPS:
            days |= _DAY_GROUPS[token]
            continue
        if "-" in token:
            parts = token.split("-")
            if len(parts) != 2:
                raise _unknown_day(token)
            first, last = _day_index(parts[0]), _day_index(parts[1])
            if first is None or last is None:
                raise _unknown_day(parts[0] if first is None and parts[0] else token)
            span = (last - first) % 7
            days.update((first + step) % 7 for step in range(span + 1))
            continue
        index = _day_index(token)
        if index is None:
            raise _unknown_day(token)
        days.add(index)
    return frozenset(days)


def format_weekdays(days: frozenset[int]) -> str:
    """Describe a day set in the words people would use for it."""
    if not days or not days <= ALL_DAYS:
        raise ValueError(f"weekdays must be a non-empty subset of 0..6, got {sorted(days)}")
    if days == ALL_DAYS:
        return "daily"
    if days == WEEKDAYS:
        return "weekdays"
    if days == WEEKENDS:
        return "weekends"
    return ", ".join(_DAY_ABBREVIATIONS[d] for d in sorted(days))


# --------------------------------------------------------------------------- #
# Quiet hours
# --------------------------------------------------------------------------- #

_QUIET_EXAMPLES = "try something like 22:00-07:00 or 10pm-7am."
_RANGE_SPLIT_RE = re.compile(r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*")


def parse_quiet_hours(text: str) -> tuple[time, time]:
    """Read a "start-end" window; the end may be earlier than the start (overnight).

    Bare hours are fine here ("22-7") because the range makes the 24-hour
    reading obvious, unlike a lone "9".
    """
    norm = _normalise(text)
    if not norm:
        raise QuietHoursError(f"Please give me a start and an end — {_QUIET_EXAMPLES}")
    parts = _RANGE_SPLIT_RE.split(norm)
    if len(parts) != 2 or not all(parts):
        raise QuietHoursError(
            f"I couldn't read {quote_user_text(text.strip())} as quiet hours — {_QUIET_EXAMPLES}"
        )
    try:
        start = _parse_clock(parts[0], allow_bare_hour=True)
        end = _parse_clock(parts[1], allow_bare_hour=True)
    except TimeFormatError as err:
        raise QuietHoursError(
            f"I couldn't read {quote_user_text(text.strip())} as quiet hours — {_QUIET_EXAMPLES}"
        ) from err
    if start == end:
        raise QuietHoursError(
            f"Quiet hours need to start and end at different times "
            f"(you gave {format_time(start)} for both) — {_QUIET_EXAMPLES}"
        )
    return start, end


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    """Whether `local` falls in [start, end), where the window may wrap midnight.

    An empty window (start == end) is never quiet, matching what
    `parse_quiet_hours` refuses to create.
    """
    local, start, end = (t.replace(tzinfo=None) for t in (local, start, end))
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end
