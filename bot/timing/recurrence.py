"""When does "T on these weekdays in zone Z" actually happen, in UTC?

The scheduler promises exactly one post per scheduled occurrence, and an
occurrence is named by its intended *local* date.  Daylight saving makes the
local→UTC mapping irregular, so the product rules are:

* spring-forward: a wall time that does not exist that day fires at the
  instant the clocks jump (the first valid moment after it);
* fall-back: a wall time that happens twice fires once, at the first pass.

Everything here is pure and deterministic so it can be tested across every
zone without a clock or a scheduler.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "Occurrence",
    "Recurrence",
    "local_date_of",
    "next_occurrence",
    "occurrences_between",
    "resolve_local",
    "upcoming",
]

_ONE_DAY = timedelta(days=1)
# Searches scan local dates around the obvious one.  One extra day either
# side covers a wall clock that is turned back across midnight (an occurrence
# can then fire while the clock still shows the previous date); eight days
# ahead always contains every weekday even if the nearest ones already fired.
_MARGIN_DAYS = 1
_LOOKAHEAD_DAYS = 8


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A wall-clock time repeated on some weekdays (0 = Monday) in one zone."""

    at: time
    weekdays: frozenset[int]
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if not isinstance(self.at, time) or self.at.tzinfo is not None:
            raise ValueError("Recurrence.at must be a naive time (wall clock in `zone`)")
        if not isinstance(self.weekdays, frozenset) or not self.weekdays:
            raise ValueError("Recurrence.weekdays must be a non-empty frozenset")
        if not all(type(day) is int and 0 <= day <= 6 for day in self.weekdays):
            raise ValueError(f"Recurrence.weekdays must be within 0..6, got {self.weekdays}")
        if not isinstance(self.zone, ZoneInfo):
            raise TypeError("Recurrence.zone must be a zoneinfo.ZoneInfo")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One scheduled firing, identified by the local date it was meant for."""

    local_date: date
    fires_at: datetime

    def __post_init__(self) -> None:
        if self.fires_at.tzinfo is None or self.fires_at.utcoffset() != timedelta(0):
            raise ValueError("Occurrence.fires_at must be an aware UTC datetime")

    @property
    def key(self) -> str:
        """Database identity: a rule fires at most once per local date."""
        return self.local_date.isoformat()


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None, fold=0)


def resolve_local(d: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant at which "`d` at `at` in `zone`" fires under the DST rules.

    A wall time exists iff it survives a round trip through UTC.  With fold=0
    zoneinfo resolves a repeated time to its first pass (what we want) and a
    skipped time using the offset from before the jump, which lands *after*
    the jump; fold=1 uses the offset from after the jump and lands *before*
    it.  The jump therefore lies between those two instants and is found by
    bisection, which stays correct for odd shifts (30 minutes on Lord Howe,
    a whole day in Samoa) without knowing the size of the gap.
    """
    if at.tzinfo is not None:
        raise ValueError("`at` must be a naive wall-clock time")
    naive = datetime.combine(d, at).replace(fold=0)
    first_pass = naive.replace(tzinfo=zone).astimezone(UTC)
    if _wall(first_pass, zone) == naive:
        return first_pass

    other = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    lo, hi = min(first_pass, other), max(first_pass, other)
    if not _wall(lo, zone) < naive < _wall(hi, zone):
        # A tzinfo that ignores fold, or transitions bunched together, gives
        # no bracket; widen day by day to one that straddles the jump.
        hi = naive.replace(tzinfo=UTC)
        while _wall(hi, zone) <= naive:
            hi += _ONE_DAY
        lo = hi - _ONE_DAY
        while _wall(lo, zone) >= naive:
            lo -= _ONE_DAY
    # Transitions happen on whole seconds, so bisecting whole seconds with
    # wall(lo) < naive < wall(hi) converges on the jump itself.
    lo_s, hi_s = math.floor(lo.timestamp()), math.ceil(hi.timestamp())
    while hi_s - lo_s > 1:
        mid_s = (lo_s + hi_s) // 2
        if _wall(datetime.fromtimestamp(mid_s, UTC), zone) > naive:
            hi_s = mid_s
        else:
            lo_s = mid_s
    return datetime.fromtimestamp(hi_s, UTC)


def local_date_of(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar date a person in `zone` sees at `instant`."""
    _require_aware(instant, "instant")
    return instant.astimezone(zone).date()


def _candidates(rule: Recurrence, first: date, last: date) -> list[Occurrence]:
    found: list[Occurrence] = []
    day = first
    while day <= last:
        if day.weekday() in rule.weekdays:
            found.append(Occurrence(day, resolve_local(day, rule.at, rule.zone)))
        day += _ONE_DAY
    found.sort(key=lambda occ: (occ.fires_at, occ.local_date))
    return found


def next_occurrence(rule: Recurrence, after: datetime) -> Occurrence:
    """The first occurrence that fires strictly after `after`.

    Strictness is what makes "exactly once" hold: feeding back the previous
    `fires_at` can never return the same occurrence, and an occurrence whose
    first pass has already gone by is not offered again at the second pass of
    a repeated hour.
    """
    _require_aware(after, "after")
    anchor = local_date_of(after, rule.zone)
    for occ in _candidates(
        rule, anchor - timedelta(days=_MARGIN_DAYS), anchor + timedelta(days=_LOOKAHEAD_DAYS)
    ):
        if occ.fires_at > after:
            return occ
    raise RuntimeError("unreachable: every weekday appears within the search window")


def occurrences_between(rule: Recurrence, start: datetime, end: datetime) -> list[Occurrence]:
    """Occurrences with start < fires_at <= end, in firing order.

    Matches what repeatedly calling `next_occurrence` from `start` would
    yield, including that two local dates resolving to the same instant (only
    possible when a gap swallows a whole day) fire once, for the earlier date.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end <= start:
        return []
    candidates = _candidates(
        rule,
        local_date_of(start, rule.zone) - timedelta(days=_MARGIN_DAYS),
        local_date_of(end, rule.zone) + timedelta(days=_MARGIN_DAYS),
    )
    result: list[Occurrence] = []
    for occ in candidates:
        if start < occ.fires_at <= end and (not result or occ.fires_at > result[-1].fires_at):
            result.append(occ)
    return result


def upcoming(rule: Recurrence, after: datetime, count: int) -> list[Occurrence]:
    """The next `count` occurrences after `after`, e.g. to preview send times."""
    if count < 0:
        raise ValueError("count must not be negative")
    result: list[Occurrence] = []
    cursor = after
    for _ in range(count):
        occ = next_occurrence(rule, cursor)
        result.append(occ)
        cursor = occ.fires_at
    return result


def first_fire_at(rule: Recurrence, since: datetime) -> datetime:
    """The next-fire value of a schedule created, changed or resumed at ``since``."""
    return due_and_next(rule, since, since)[1].fires_at


def due_and_next(
    rule: Recurrence, since: datetime, now: datetime
) -> tuple[list[Occurrence], Occurrence]:
    """The occurrences in (since, now] and the first one after now.

    One look a day past ``now`` finds the next occurrence of a daily rule without the
    week-long search of :func:`next_occurrence`, which matters ten thousand times a day.
    """
    window = occurrences_between(rule, since, now + timedelta(days=1))
    due = [occurrence for occurrence in window if occurrence.fires_at <= now]
    later = [occurrence for occurrence in window if occurrence.fires_at > now]
    return due, later[0] if later else next_occurrence(rule, now)
