"""Which weekly occurrences of a schedule are its rounds: every week, every second week, or
the first such weekday of each month.

The scheduler repeats a time on weekdays; a schedule that is weekly, fortnightly or monthly
on one weekday asks :func:`round_due` whether this week's date is a round: every week, every
second week counted from the schedule's first round (its ``anchor``), or the first such
weekday of each month (days 1–7). Pure: dates and plain values in, answers out. Every feature
with such a schedule uses this one, so "fortnightly" means the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.timing.recurrence import Occurrence, Recurrence, upcoming

CADENCES = ("weekly", "fortnightly", "monthly")
FORTNIGHT_DAYS = 14
FIRST_WEEK_LAST_DAY = 7
#: Weeks to look through for the next rounds: a monthly round is at most five weeks away.
_WEEKS_PER_ROUND = 5


def round_due(cadence: str, anchor: date, day: date) -> bool:
    """Whether the weekly occurrence on local date ``day`` is a round of this cadence."""
    if cadence == "weekly":
        return True
    if cadence == "fortnightly":
        return (day - anchor).days % FORTNIGHT_DAYS == 0
    if cadence == "monthly":
        return day.day <= FIRST_WEEK_LAST_DAY
    raise ValueError(f"unknown cadence {cadence!r}")


def first_round(rule: Recurrence, cadence: str, after: datetime) -> Occurrence:
    """The first round of a new schedule (its ``anchor`` for a fortnightly cadence)."""
    for occurrence in upcoming(rule, after, _WEEKS_PER_ROUND):
        if cadence != "monthly" or round_due(cadence, occurrence.local_date, occurrence.local_date):
            return occurrence
    raise AssertionError("every five weeks hold a first week of a month")  # pragma: no cover


def next_rounds(
    rule: Recurrence, cadence: str, anchor: date, after: datetime, count: int
) -> list[Occurrence]:
    """The next ``count`` rounds after ``after`` (to tell members and admins when)."""
    return [
        o
        for o in upcoming(rule, after, count * _WEEKS_PER_ROUND)
        if round_due(cadence, anchor, o.local_date)
    ][:count]
