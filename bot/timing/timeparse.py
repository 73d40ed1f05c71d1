"""Turn what people type into slash-command options into times, weekdays and quiet hours.

Every command that schedules something funnels user text through here, so the
rules are strict enough to never guess wrong (an ambiguous "930" is refused
rather than silently becoming 09:30 or 21:30) yet lenient about spelling
("9am", "9.30 pm", "mon-fri").  Errors are `InputError` subclasses whose message can be
shown to the user verbatim. Time zones are :mod:`bot.timing.zones`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time

from bot.interactions.user_error import UserFacingError

__all__ = [
    "ALL_DAYS",
    "WEEKDAYS",
    "WEEKENDS",
    "DaysFormatError",
    "InputError",
    "QuietHoursError",
    "TimeFormatError",
    "format_time",
    "format_weekdays",
    "in_quiet_hours",
    "parse_quiet_hours",
    "parse_time",
    "parse_weekdays",
    "quote_user_text",
]


class InputError(UserFacingError, ValueError):
    """A mistake in what the user typed, worded so it can be shown to them as is."""


class TimeFormatError(InputError):
    """The text is not a clock time we can read without guessing."""


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


def normalise_input(text: str) -> str:
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
    text = normalise_input(raw)
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
    norm = normalise_input(text)
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
    norm = normalise_input(text)
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
