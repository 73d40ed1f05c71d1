"""DST-proof recurrence: exactly one firing per selected local day.

Expected instants are hard-coded from the published DST rules (EU: last
Sunday of March/October at 01:00 UTC; US: second Sunday of March / first
Sunday of November at 02:00 local; NSW: first Sunday of April/October;
Lord Howe: 30-minute shift; Chile: at 24:00 on Saturday), not derived from the
code under test.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import cast
from zoneinfo import ZoneInfo, available_timezones

import pytest

from bot.timing.recurrence import (
    Occurrence,
    Recurrence,
    local_date_of,
    next_occurrence,
    occurrences_between,
    resolve_local,
    upcoming,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
SANTIAGO = ZoneInfo("America/Santiago")
TOKYO = ZoneInfo("Asia/Tokyo")
ZONE_UTC = ZoneInfo("UTC")
DAILY = frozenset(range(7))


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


def wall(instant: datetime, zone: tzinfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def days_of(year: int) -> Iterator[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


# --------------------------------------------------------------------------- #
# resolve_local at known instants
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        # Ordinary days.
        (LONDON, date(2026, 1, 15), time(9, 0), utc(2026, 1, 15, 9, 0)),
        (LONDON, date(2026, 7, 15), time(9, 0), utc(2026, 7, 15, 8, 0)),
        (NEW_YORK, date(2026, 1, 15), time(9, 0), utc(2026, 1, 15, 14, 0)),
        (NEW_YORK, date(2026, 7, 15), time(9, 0), utc(2026, 7, 15, 13, 0)),
        (SYDNEY, date(2026, 1, 15), time(9, 0), utc(2026, 1, 14, 22, 0)),
        (SYDNEY, date(2026, 7, 15), time(9, 0), utc(2026, 7, 14, 23, 0)),
        (LORD_HOWE, date(2026, 7, 15), time(9, 0), utc(2026, 7, 14, 22, 30)),
        (TOKYO, date(2026, 3, 29), time(9, 0), utc(2026, 3, 29, 0, 0)),
        (ZONE_UTC, date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 30)),
        # Spring forward: a skipped wall time fires when the clocks jump.
        (LONDON, date(2026, 3, 29), time(1, 0), utc(2026, 3, 29, 1, 0)),
        (LONDON, date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 0)),
        (LONDON, date(2026, 3, 29), time(1, 59), utc(2026, 3, 29, 1, 0)),
        (LONDON, date(2026, 3, 29), time(2, 0), utc(2026, 3, 29, 1, 0)),
        (LONDON, date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 30)),
        (LONDON, date(2026, 3, 29), time(0, 59), utc(2026, 3, 29, 0, 59)),
        (NEW_YORK, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0)),
        (NEW_YORK, date(2026, 3, 8), time(3, 0), utc(2026, 3, 8, 7, 0)),
        (NEW_YORK, date(2026, 3, 8), time(1, 59), utc(2026, 3, 8, 6, 59)),
        (SYDNEY, date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16, 0)),
        (LORD_HOWE, date(2026, 10, 4), time(2, 15), utc(2026, 10, 3, 15, 30)),
        (LORD_HOWE, date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 15, 30)),
        (SANTIAGO, date(2026, 9, 6), time(0, 0), utc(2026, 9, 6, 4, 0)),
        (SANTIAGO, date(2026, 9, 6), time(0, 30), utc(2026, 9, 6, 4, 0)),
        # Fall back: a repeated wall time fires at its first pass (summer time).
        (LONDON, date(2026, 10, 25), time(1, 0), utc(2026, 10, 25, 0, 0)),
        (LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),
        (LONDON, date(2026, 10, 25), time(2, 0), utc(2026, 10, 25, 2, 0)),
        (NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        (SYDNEY, date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30)),
        (LORD_HOWE, date(2026, 4, 5), time(1, 30), utc(2026, 4, 4, 14, 30)),
        (LORD_HOWE, date(2026, 4, 5), time(1, 45), utc(2026, 4, 4, 14, 45)),
        (LORD_HOWE, date(2026, 4, 5), time(2, 0), utc(2026, 4, 4, 15, 30)),
        (SANTIAGO, date(2026, 4, 4), time(23, 59), utc(2026, 4, 5, 2, 59)),
        # Samoa skipped 2011-12-30 entirely; that day fires at the jump,
        # which is midnight of the 31st local time.
        (ZoneInfo("Pacific/Apia"), date(2011, 12, 30), time(9, 0), utc(2011, 12, 30, 10, 0)),
        (ZoneInfo("Pacific/Apia"), date(2011, 12, 31), time(9, 0), utc(2011, 12, 30, 19, 0)),
    ],
)
def test_resolve_local_matches_known_utc_instants(
    zone: ZoneInfo, day: date, at: time, expected: datetime
) -> None:
    result = resolve_local(day, at, zone)
    assert result == expected
    assert result.tzinfo is UTC


def test_resolve_local_rejects_an_aware_time() -> None:
    with pytest.raises(ValueError):
        resolve_local(date(2026, 1, 1), time(9, 0, tzinfo=UTC), LONDON)


def test_resolve_local_treats_fold_one_input_as_the_first_pass() -> None:
    result = resolve_local(date(2026, 10, 25), time(1, 30, fold=1), LONDON)
    assert result == utc(2026, 10, 25, 0, 30)


def test_resolve_local_keeps_seconds() -> None:
    assert resolve_local(date(2026, 1, 15), time(9, 0, 30), LONDON) == utc(2026, 1, 15, 9, 0, 30)


class _FoldBlindZone(tzinfo):
    """Springs forward an hour at 2026-03-01 00:00 UTC and ignores `fold`.

    Real zoneinfo always brackets a gap between its fold=0 and fold=1
    readings; a tzinfo that ignores fold does not, which exercises the
    slower bracketing path.
    """

    JUMP = datetime(2026, 3, 1, 0, 0)  # noqa: DTZ001 - tzinfo hooks compare naive wall times

    def utcoffset(self, dt: datetime | None) -> timedelta:
        assert dt is not None
        after_gap = dt.replace(tzinfo=None) >= self.JUMP + timedelta(hours=1)
        return timedelta(hours=1) if after_gap else timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "BLIND"

    def fromutc(self, dt: datetime) -> datetime:
        naive = dt.replace(tzinfo=None)
        shift = timedelta(hours=1) if naive >= self.JUMP else timedelta(0)
        return (naive + shift).replace(tzinfo=self)


def test_resolve_local_finds_the_jump_even_when_fold_gives_no_bracket() -> None:
    zone = cast(ZoneInfo, _FoldBlindZone())
    assert resolve_local(date(2026, 3, 1), time(0, 30), zone) == utc(2026, 3, 1, 0, 0)
    assert resolve_local(date(2026, 3, 1), time(1, 30), zone) == utc(2026, 3, 1, 0, 30)


# --------------------------------------------------------------------------- #
# Sweep: every zone, every transition day of 2025-2027
# --------------------------------------------------------------------------- #

_JUNK = {"posixrules", "Factory", "localtime"}


@functools.cache
def _transitions(zone_name: str) -> tuple[datetime, ...]:
    """Offset-change instants in 2025-2027, found from UTC→local lookups only."""
    zone = ZoneInfo(zone_name)

    def offset(seconds: int) -> timedelta | None:
        return datetime.fromtimestamp(seconds, UTC).astimezone(zone).utcoffset()

    found: list[datetime] = []
    step = 4 * 86400  # no zone changes offset twice within four days
    cursor = int(utc(2025, 1, 1).timestamp())
    stop = int(utc(2028, 1, 1).timestamp())
    while cursor < stop:
        lo, hi = cursor, cursor + step
        if offset(lo) != offset(hi):
            start_offset = offset(lo)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == start_offset:
                    lo = mid
                else:
                    hi = mid
            found.append(datetime.fromtimestamp(hi, UTC))
        cursor += step
    return tuple(found)


def _instants_showing(naive: datetime, zone: ZoneInfo, offsets: set[timedelta]) -> list[datetime]:
    """All instants whose local wall time is `naive`, checked UTC→local only."""
    hits = []
    for off in offsets:
        instant = (naive - off).replace(tzinfo=UTC)
        if wall(instant, zone) == naive:
            hits.append(instant)
    return sorted(set(hits))


def test_sweep_all_zones_transition_days_2025_to_2027_follow_the_dst_rules() -> None:
    gaps_checked = 0
    overlaps_checked = 0
    zones_with_transitions = 0
    one_second = timedelta(seconds=1)
    one_minute = timedelta(minutes=1)
    for name in sorted(available_timezones() - _JUNK):
        zone = ZoneInfo(name)
        transitions = _transitions(name)
        zones_with_transitions += bool(transitions)
        for jump in transitions:
            old_offset = (jump - one_second).astimezone(zone).utcoffset()
            new_offset = jump.astimezone(zone).utcoffset()
            assert old_offset is not None
            assert new_offset is not None
            offsets = {old_offset, new_offset}
            wall_before = wall(jump - one_second, zone) + one_second  # where the old clock ends
            wall_after = wall(jump, zone)  # where the new clock starts
            is_gap = wall_after > wall_before
            low, high = sorted((wall_before, wall_after))
            probes = {
                low - one_minute,
                low,
                low + (high - low) / 2,
                high - one_minute,
                high,
                high + one_minute,
            }
            for d in {low.date(), high.date()}:
                probes |= {datetime.combine(d, time(0, 0)), datetime.combine(d, time(23, 59))}
            for naive in sorted(probes):
                result = resolve_local(naive.date(), naive.time(), zone)
                assert result.tzinfo is UTC, (name, naive)
                # Other offsets may matter for probes far from the jump.
                around = {
                    off
                    for hours in range(-30, 31, 6)
                    if (
                        off := (naive.replace(tzinfo=UTC) + timedelta(hours=hours))
                        .astimezone(zone)
                        .utcoffset()
                    )
                    is not None
                }
                instants = _instants_showing(naive, zone, offsets | around)
                if instants:
                    # Exists: fire at it; if it happens twice, at the first pass.
                    assert result == instants[0], (name, naive, result, instants)
                    overlaps_checked += len(instants) > 1
                else:
                    # Skipped: fire at the instant the clock jumps past it.
                    assert is_gap and low <= naive < high, (name, naive)
                    assert wall(result - one_second, zone) < naive < wall(result, zone)
                    assert result == jump, (name, naive, result, jump)
                    gaps_checked += 1
    # Guard against a sweep that silently checks nothing.
    assert zones_with_transitions > 50
    assert gaps_checked > 500
    assert overlaps_checked > 500


# --------------------------------------------------------------------------- #
# next_occurrence: exactly one per local day over a whole year
# --------------------------------------------------------------------------- #

# Local dates on which `at` does not exist, and the wall time it fires at instead.
SKIPPED_2026: dict[tuple[str, time], dict[date, time]] = {
    ("Europe/London", time(1, 30)): {date(2026, 3, 29): time(2, 0)},
    ("America/New_York", time(2, 30)): {date(2026, 3, 8): time(3, 0)},
    ("Australia/Sydney", time(2, 30)): {date(2026, 10, 4): time(3, 0)},
    ("America/Santiago", time(0, 0)): {date(2026, 9, 6): time(1, 0)},
}
# Local dates on which `at` happens twice, and the UTC offset of the first pass.
REPEATED_2026: dict[tuple[str, time], dict[date, timedelta]] = {
    ("Europe/London", time(1, 30)): {date(2026, 10, 25): timedelta(hours=1)},
    ("America/New_York", time(1, 30)): {date(2026, 11, 1): timedelta(hours=-4)},
    ("Australia/Sydney", time(2, 30)): {date(2026, 4, 5): timedelta(hours=11)},
    ("Australia/Lord_Howe", time(1, 30)): {date(2026, 4, 5): timedelta(hours=11)},
    ("America/Santiago", time(23, 59)): {date(2026, 4, 4): timedelta(hours=-3)},
}
YEAR_ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Tokyo",
    "UTC",
]
YEAR_TIMES = [time(0, 0), time(1, 30), time(2, 30), time(23, 59)]


@pytest.mark.parametrize("zone_name", YEAR_ZONES)
def test_next_occurrence_yields_each_local_day_of_2026_exactly_once(zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    for at in YEAR_TIMES:
        rule = Recurrence(at=at, weekdays=DAILY, zone=zone)
        cursor = datetime(2025, 12, 31, 12, 0, tzinfo=zone)
        seen: list[Occurrence] = []
        while True:
            occ = next_occurrence(rule, cursor)
            assert occ.fires_at > cursor
            if occ.local_date.year > 2026:
                break
            seen.append(occ)
            cursor = occ.fires_at
        if at >= time(12, 0):
            # The cursor sat before the 2025-12-31 evening occurrence.
            assert seen[0].local_date == date(2025, 12, 31)
            seen = seen[1:]
        assert [occ.local_date for occ in seen] == list(days_of(2026)), (zone_name, at)
        skipped = SKIPPED_2026.get((zone_name, at), {})
        repeated = REPEATED_2026.get((zone_name, at), {})
        for occ in seen:
            local = occ.fires_at.astimezone(zone)
            assert occ.fires_at.tzinfo is UTC
            if occ.local_date in skipped:
                assert local.date() == occ.local_date
                assert local.time() == skipped[occ.local_date], (zone_name, at, occ)
            else:
                assert local.date() == occ.local_date
                assert local.time() == at, (zone_name, at, occ)
            if occ.local_date in repeated:
                assert local.utcoffset() == repeated[occ.local_date], (zone_name, at, occ)


def test_year_table_covers_each_dst_edge_it_claims() -> None:
    """The exception tables are only meaningful if they name real DST edges."""
    for (zone_name, at), days in SKIPPED_2026.items():
        zone = ZoneInfo(zone_name)
        for d in days:
            naive = datetime.combine(d, at)
            assert wall(naive.replace(tzinfo=zone).astimezone(UTC), zone) != naive
    for (zone_name, at), firsts in REPEATED_2026.items():
        zone = ZoneInfo(zone_name)
        for d in firsts:
            naive = datetime.combine(d, at)
            first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
            second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
            assert first != second


@pytest.mark.parametrize(
    ("zone", "at", "weekdays"),
    [
        (LONDON, time(1, 30), frozenset({0, 2, 4})),
        (NEW_YORK, time(2, 30), frozenset({6})),
        (SYDNEY, time(2, 30), frozenset({5, 6})),
        (TOKYO, time(9, 0), frozenset({1, 3})),
    ],
)
def test_next_occurrence_only_fires_on_selected_weekdays(
    zone: ZoneInfo, at: time, weekdays: frozenset[int]
) -> None:
    rule = Recurrence(at=at, weekdays=weekdays, zone=zone)
    expected = [d for d in days_of(2026) if d.weekday() in weekdays]
    got = [
        occ.local_date
        for occ in occurrences_between(rule, utc(2025, 12, 31, 0, 0), utc(2026, 12, 31, 0, 0))
        if occ.local_date.year == 2026
    ]
    assert got == expected


def test_sunday_rule_in_new_york_includes_the_spring_forward_sunday_once() -> None:
    rule = Recurrence(at=time(2, 30), weekdays=frozenset({6}), zone=NEW_YORK)
    got = upcoming(rule, utc(2026, 3, 1, 12, 0), 3)
    assert [occ.fires_at for occ in got] == [
        utc(2026, 3, 8, 7, 0),  # 02:30 EST does not exist → 03:00 EDT
        utc(2026, 3, 15, 6, 30),
        utc(2026, 3, 22, 6, 30),
    ]


# --------------------------------------------------------------------------- #
# next_occurrence: gaps, repeats and boundaries
# --------------------------------------------------------------------------- #


def test_time_inside_spring_forward_gap_fires_once_at_the_jump() -> None:
    rule = Recurrence(at=time(1, 30), weekdays=DAILY, zone=LONDON)
    got = upcoming(rule, utc(2026, 3, 28, 12, 0), 2)
    assert [(occ.key, occ.fires_at) for occ in got] == [
        ("2026-03-29", utc(2026, 3, 29, 1, 0)),
        ("2026-03-30", utc(2026, 3, 30, 0, 30)),
    ]


def test_time_inside_fall_back_repeat_fires_only_at_the_first_pass() -> None:
    rule = Recurrence(at=time(1, 30), weekdays=DAILY, zone=LONDON)
    got = upcoming(rule, utc(2026, 10, 24, 12, 0), 2)
    assert [(occ.key, occ.fires_at) for occ in got] == [
        ("2026-10-25", utc(2026, 10, 25, 0, 30)),
        ("2026-10-26", utc(2026, 10, 26, 1, 30)),
    ]


def test_second_pass_of_a_repeated_time_is_not_offered_again() -> None:
    rule = Recurrence(at=time(1, 30), weekdays=DAILY, zone=LONDON)
    # Between the two 01:30s (00:30 UTC BST and 01:30 UTC GMT).
    for after in (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 0), utc(2026, 10, 25, 1, 30)):
        occ = next_occurrence(rule, after)
        assert occ.local_date == date(2026, 10, 26)
        assert occ.fires_at == utc(2026, 10, 26, 1, 30)


def test_new_york_repeated_hour_fires_once() -> None:
    rule = Recurrence(at=time(1, 30), weekdays=DAILY, zone=NEW_YORK)
    got = occurrences_between(rule, utc(2026, 10, 31, 12, 0), utc(2026, 11, 2, 12, 0))
    assert [(occ.key, occ.fires_at) for occ in got] == [
        ("2026-11-01", utc(2026, 11, 1, 5, 30)),
        ("2026-11-02", utc(2026, 11, 2, 6, 30)),
    ]


def test_after_equal_to_an_occurrence_returns_the_next_one() -> None:
    rule = Recurrence(at=time(9, 0), weekdays=DAILY, zone=LONDON)
    occ = next_occurrence(rule, utc(2026, 1, 15, 9, 0))
    assert occ.local_date == date(2026, 1, 16)
    assert occ.fires_at == utc(2026, 1, 16, 9, 0)


def test_after_one_microsecond_before_an_occurrence_returns_it() -> None:
    rule = Recurrence(at=time(9, 0), weekdays=DAILY, zone=LONDON)
    occ = next_occurrence(rule, utc(2026, 1, 15, 8, 59, 59, 999999))
    assert occ.fires_at == utc(2026, 1, 15, 9, 0)


def test_after_equal_to_the_jump_returns_the_next_day() -> None:
    rule = Recurrence(at=time(1, 30), weekdays=DAILY, zone=LONDON)
    occ = next_occurrence(rule, utc(2026, 3, 29, 1, 0))
    assert occ.local_date == date(2026, 3, 30)


def test_after_the_jump_but_before_the_naive_time_does_not_refire_the_gap_day() -> None:
    # 02:45 BST is past the jump; the 2026-03-29 occurrence already fired.
    rule = Recurrence(at=time(1, 30), weekdays=DAILY, zone=LONDON)
    occ = next_occurrence(rule, utc(2026, 3, 29, 1, 45))
    assert occ.local_date == date(2026, 3, 30)


def test_next_occurrence_considers_the_local_date_of_after_itself() -> None:
    # 08:00 UTC on 2026-01-15 is 19:00 in Sydney; the 21:00 occurrence that
    # local day is still ahead.
    rule = Recurrence(at=time(21, 0), weekdays=DAILY, zone=SYDNEY)
    occ = next_occurrence(rule, utc(2026, 1, 15, 8, 0))
    assert occ.local_date == date(2026, 1, 15)
    assert occ.fires_at == utc(2026, 1, 15, 10, 0)


def test_next_occurrence_when_local_date_is_behind_utc_date() -> None:
    # 03:00 UTC on 2026-01-16 is still 22:00 on the 15th in New York.
    rule = Recurrence(at=time(23, 0), weekdays=DAILY, zone=NEW_YORK)
    occ = next_occurrence(rule, utc(2026, 1, 16, 3, 0))
    assert occ.local_date == date(2026, 1, 15)
    assert occ.fires_at == utc(2026, 1, 16, 4, 0)


def test_next_occurrence_accepts_after_in_any_aware_zone() -> None:
    rule = Recurrence(at=time(9, 0), weekdays=DAILY, zone=TOKYO)
    plus_five = timezone(timedelta(hours=5))
    occ = next_occurrence(rule, datetime(2026, 6, 1, 5, 0, tzinfo=plus_five))  # 00:00 UTC
    assert occ.fires_at == utc(2026, 6, 2, 0, 0)


def test_next_occurrence_rejects_naive_after() -> None:
    rule = Recurrence(at=time(9, 0), weekdays=DAILY, zone=LONDON)
    with pytest.raises(ValueError, match="aware"):
        next_occurrence(rule, datetime(2026, 1, 1, 9, 0))  # noqa: DTZ001 - deliberately naive


def test_next_occurrence_skips_a_whole_week_for_a_single_weekday() -> None:
    rule = Recurrence(at=time(9, 0), weekdays=frozenset({2}), zone=TOKYO)  # Wednesdays
    occ = next_occurrence(rule, utc(2026, 1, 7, 0, 0))  # exactly Wed 09:00 JST
    assert occ.local_date == date(2026, 1, 14)


def test_samoa_whole_day_gap_fires_once_per_instant() -> None:
    # 2011-12-30 never happened in Apia: midnight of the 29th was followed by
    # midnight of the 31st.  Both dates' midnight resolve to that jump, so
    # only one post goes out for that instant.
    apia = ZoneInfo("Pacific/Apia")
    rule = Recurrence(at=time(0, 0), weekdays=DAILY, zone=apia)
    start = utc(2011, 12, 28, 12, 0)
    got = occurrences_between(rule, start, utc(2011, 12, 31, 10, 0))
    assert [(occ.key, occ.fires_at) for occ in got] == [
        ("2011-12-29", utc(2011, 12, 29, 10, 0)),
        ("2011-12-30", utc(2011, 12, 30, 10, 0)),
        ("2012-01-01", utc(2011, 12, 31, 10, 0)),
    ]
    assert got == upcoming(rule, start, 3)


# --------------------------------------------------------------------------- #
# occurrences_between / upcoming
# --------------------------------------------------------------------------- #


def test_occurrences_between_excludes_start_and_includes_end() -> None:
    rule = Recurrence(at=time(9, 0), weekdays=DAILY, zone=ZONE_UTC)
    got = occurrences_between(rule, utc(2026, 1, 1, 9, 0), utc(2026, 1, 3, 9, 0))
    assert [occ.key for occ in got] == ["2026-01-02", "2026-01-03"]


def test_occurrences_between_empty_when_end_not_after_start() -> None:
    rule = Recurrence(at=time(9, 0), weekdays=DAILY, zone=ZONE_UTC)
    assert occurrences_between(rule, utc(2026, 1, 3), utc(2026, 1, 1)) == []
    assert occurrences_between(rule, utc(2026, 1, 1, 9, 0), utc(2026, 1, 1, 9, 0)) == []


def test_occurrences_between_rejects_naive_bounds() -> None:
    rule = Recurrence(at=time(9, 0), weekdays=DAILY, zone=ZONE_UTC)
    naive = datetime(2026, 1, 1)  # noqa: DTZ001 - deliberately naive
    with pytest.raises(ValueError):
        occurrences_between(rule, naive, utc(2026, 1, 2))
    with pytest.raises(ValueError):
        occurrences_between(rule, utc(2026, 1, 1), naive)


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK, SYDNEY, LORD_HOWE, SANTIAGO])
def test_occurrences_between_agrees_with_repeated_next_occurrence(zone: ZoneInfo) -> None:
    rule = Recurrence(at=time(2, 30), weekdays=frozenset({0, 3, 5, 6}), zone=zone)
    start, end = utc(2026, 1, 1), utc(2027, 1, 1)
    stepped: list[Occurrence] = []
    cursor = start
    while (occ := next_occurrence(rule, cursor)).fires_at <= end:
        stepped.append(occ)
        cursor = occ.fires_at
    assert occurrences_between(rule, start, end) == stepped


def test_upcoming_lists_the_next_three_send_times() -> None:
    rule = Recurrence(at=time(8, 0), weekdays=frozenset({0, 4}), zone=NEW_YORK)
    got = upcoming(rule, utc(2026, 3, 4, 0, 0), 3)  # a Wednesday
    assert [occ.fires_at for occ in got] == [
        utc(2026, 3, 6, 13, 0),  # Fri, EST
        utc(2026, 3, 9, 12, 0),  # Mon, EDT after the change on the 8th
        utc(2026, 3, 13, 12, 0),
    ]


def test_upcoming_zero_is_empty_and_negative_is_an_error() -> None:
    rule = Recurrence(at=time(8, 0), weekdays=DAILY, zone=ZONE_UTC)
    assert upcoming(rule, utc(2026, 1, 1), 0) == []
    with pytest.raises(ValueError):
        upcoming(rule, utc(2026, 1, 1), -1)


# --------------------------------------------------------------------------- #
# Value objects and helpers
# --------------------------------------------------------------------------- #


def test_occurrence_key_is_the_local_iso_date() -> None:
    occ = Occurrence(local_date=date(2026, 3, 29), fires_at=utc(2026, 3, 28, 23, 0))
    assert occ.key == "2026-03-29"


def test_occurrence_requires_aware_utc() -> None:
    with pytest.raises(ValueError):
        Occurrence(date(2026, 1, 1), datetime(2026, 1, 1, 9, 0))  # noqa: DTZ001
    with pytest.raises(ValueError):
        Occurrence(date(2026, 1, 1), datetime(2026, 1, 1, 9, 0, tzinfo=TOKYO))


def test_occurrence_is_immutable_and_hashable() -> None:
    occ = Occurrence(date(2026, 1, 1), utc(2026, 1, 1, 9, 0))
    assert occ in {occ}
    with pytest.raises(AttributeError):
        occ.local_date = date(2026, 1, 2)  # type: ignore[misc]


@pytest.mark.parametrize(
    "weekdays",
    [frozenset(), frozenset({7}), frozenset({-1}), frozenset({0, 8})],
)
def test_recurrence_rejects_invalid_weekdays(weekdays: frozenset[int]) -> None:
    with pytest.raises(ValueError):
        Recurrence(at=time(9, 0), weekdays=weekdays, zone=LONDON)


def test_recurrence_rejects_weekdays_that_are_not_a_frozenset() -> None:
    with pytest.raises(ValueError):
        Recurrence(at=time(9, 0), weekdays={0, 1}, zone=LONDON)  # type: ignore[arg-type]


def test_recurrence_rejects_aware_time() -> None:
    with pytest.raises(ValueError):
        Recurrence(at=time(9, 0, tzinfo=UTC), weekdays=DAILY, zone=LONDON)


def test_recurrence_rejects_a_non_zoneinfo_zone() -> None:
    with pytest.raises(TypeError):
        Recurrence(at=time(9, 0), weekdays=DAILY, zone=UTC)  # type: ignore[arg-type]


def test_recurrence_accepts_seconds() -> None:
    rule = Recurrence(at=time(9, 0, 30), weekdays=DAILY, zone=ZONE_UTC)
    assert next_occurrence(rule, utc(2026, 1, 1)).fires_at == utc(2026, 1, 1, 9, 0, 30)


def test_local_date_of_uses_the_zone_not_utc() -> None:
    instant = utc(2026, 3, 29, 23, 30)
    assert local_date_of(instant, TOKYO) == date(2026, 3, 30)
    assert local_date_of(instant, NEW_YORK) == date(2026, 3, 29)
    assert local_date_of(utc(2026, 3, 30, 2, 0), NEW_YORK) == date(2026, 3, 29)


def test_local_date_of_rejects_naive_instants() -> None:
    with pytest.raises(ValueError):
        local_date_of(datetime(2026, 1, 1), TOKYO)  # noqa: DTZ001


# Until 2011 Goose Bay fell back at 00:01 local, turning the clock back from
# 00:01 ADT (UTC-3) on Sunday to 23:01 AST (UTC-4) on Saturday.
GOOSE_BAY = ZoneInfo("America/Goose_Bay")


def test_midnight_repeated_across_a_date_change_fires_once() -> None:
    rule = Recurrence(at=time(0, 0), weekdays=DAILY, zone=GOOSE_BAY)
    got = upcoming(rule, utc(2006, 10, 28, 12, 0), 2)
    assert [(occ.key, occ.fires_at) for occ in got] == [
        ("2006-10-29", utc(2006, 10, 29, 3, 0)),  # 00:00 ADT, first pass
        ("2006-10-30", utc(2006, 10, 30, 4, 0)),  # not 04:00 UTC on the 29th
    ]


def test_occurrences_between_finds_a_firing_while_the_clock_shows_the_previous_date() -> None:
    # At 03:30 UTC the clock reads 23:30 on the 28th, yet the occurrence for
    # the 29th fired half an hour earlier and must be inside the window.
    rule = Recurrence(at=time(0, 0), weekdays=DAILY, zone=GOOSE_BAY)
    end = utc(2006, 10, 29, 3, 30)
    assert local_date_of(end, GOOSE_BAY) == date(2006, 10, 28)
    got = occurrences_between(rule, utc(2006, 10, 29, 2, 0), end)
    assert [(occ.key, occ.fires_at) for occ in got] == [("2006-10-29", utc(2006, 10, 29, 3, 0))]
