"""A member's moods as a series over days, for ``/checkin history``. Pure.

A day with no mood is a gap, never a value: an unanswered check-in is not "fine", a Pass is
not "okay", and nothing is carried over from the day before. No streaks: the series counts
nothing in a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cogs.checkins.moods import Mood

MAX_DAYS = 60
"""The most days history shows: 60 lines of text stay well inside one Discord message."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One check-in as history sees it: when (in the member's own zone) and the mood, or
    None for a Pass or a check-in never answered."""

    at: datetime
    mood: Mood | None


@dataclass(frozen=True, slots=True)
class Point:
    day: date
    mood: Mood | None

    @property
    def level(self) -> int | None:
        return None if self.mood is None else self.mood.level


def series(answers: Iterable[Answer], *, last_day: date, days: int) -> list[Point]:
    """One point per day for ``days`` days ending on ``last_day``; a day's latest mood wins
    (a Pass later the same day does not erase a mood given earlier)."""
    if not 1 <= days <= MAX_DAYS:
        msg = f"history covers 1-{MAX_DAYS} days, not {days}"
        raise ValueError(msg)
    first_day = last_day - timedelta(days=days - 1)
    latest: dict[date, Answer] = {}
    for answer in answers:
        day = answer.at.date()
        if answer.mood is None or not first_day <= day <= last_day:
            continue
        kept = latest.get(day)
        if kept is None or answer.at >= kept.at:
            latest[day] = answer
    return [
        Point(day, latest[day].mood if day in latest else None)
        for day in (first_day + timedelta(days=n) for n in range(days))
    ]


def as_text(points: Iterable[Point], *, words: Mapping[Mood, str], gap: str) -> str:
    """The chart's numbers, one line a day, so a screen reader gets what the image shows."""
    lines = []
    for point in points:
        shown = gap if point.mood is None else f"{point.level} ({words[point.mood]})"
        lines.append(f"{point.day.isoformat()}: {shown}")
    return "\n".join(lines)
