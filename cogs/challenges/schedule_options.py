"""Reading /challenge schedule's own options: the cadence with its day, and the kinds.

A cadence or day that is not one of the command's choices never gets here: the core's
option guard answers it.

Pure, so every bad value is tested without Discord. A bad value raises
:class:`ScheduleOptionError` naming a message key and its values; the cog turns it into the
admin's clear answer (and saves nothing).
"""

from __future__ import annotations

from collections.abc import Collection

from bot.timing.timeparse import quote_user_text
from cogs.challenges.bank import KINDS

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = frozenset(range(7))


class ScheduleOptionError(ValueError):
    def __init__(self, key: str, **values: str) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def weekdays_for(cadence: str, day: str | None) -> frozenset[int]:
    """Daily posts every day and takes no day; weekly posts on the one day it names."""
    if cadence == "daily":
        if day is not None:
            raise ScheduleOptionError("schedule_day_refused")
        return EVERY_DAY
    if cadence != "weekly":
        raise ValueError(f"unknown cadence {cadence!r}")  # Discord offers only the choices
    if day is None:
        raise ScheduleOptionError("schedule_day_needed")
    if day not in DAYS:
        raise ValueError(f"unknown day {day!r}")  # Discord offers only the choices
    return frozenset({DAYS.index(day)})


def parse_kinds(raw: str | None, known: Collection[str] = KINDS) -> frozenset[str]:
    """A comma-separated list of kinds; left out, every kind. Case and spaces do not matter,
    a repeat counts once, and anything unknown (or an empty list) is refused naming the
    kinds there are."""
    valid = ", ".join(known)
    if raw is None:
        return frozenset(known)
    names = [name for part in raw.split(",") if (name := part.strip().casefold())]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ScheduleOptionError(
            "schedule_unknown_kinds", unknown=quote_user_text(", ".join(unknown)), valid=valid
        )
    if not names:
        raise ScheduleOptionError("schedule_no_kinds", valid=valid)
    return frozenset(names)


def describe_kinds(kinds: Collection[str], known: Collection[str] = KINDS) -> str:
    """The kinds in the bank's order (the same list always reads the same)."""
    return ", ".join(kind for kind in known if kind in kinds)
