"""When a schedule's rounds happen: weekly, fortnightly from the first round, the first
weekday of each month."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.timing.cadence import first_round, next_rounds, round_due
from bot.timing.recurrence import Recurrence

LONDON = ZoneInfo("Europe/London")
TUESDAY_SIX = Recurrence(time(18), frozenset({1}), LONDON)
MONDAY_1_JUNE = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_weekly_is_every_week_and_fortnightly_every_second_from_the_anchor() -> None:
    anchor = date(2026, 6, 2)
    weeks = [anchor + timedelta(weeks=n) for n in range(-2, 6)]
    assert all(round_due("weekly", anchor, d) for d in weeks)
    assert [round_due("fortnightly", anchor, d) for d in weeks] == [
        True, False, True, False, True, False, True, False,
    ]  # fmt: skip


def test_monthly_is_the_first_such_weekday_of_each_month() -> None:
    tuesdays = [date(2026, 6, 2) + timedelta(weeks=n) for n in range(10)]
    due = [d for d in tuesdays if round_due("monthly", date(2026, 6, 2), d)]
    assert due == [date(2026, 6, 2), date(2026, 7, 7), date(2026, 8, 4)]


def test_an_unknown_cadence_is_an_error() -> None:
    with pytest.raises(ValueError, match="daily"):
        round_due("daily", date(2026, 6, 2), date(2026, 6, 2))


def test_next_rounds_follow_the_cadence() -> None:
    anchor = first_round(TUESDAY_SIX, "fortnightly", MONDAY_1_JUNE).local_date
    assert anchor == date(2026, 6, 2)
    rounds = next_rounds(TUESDAY_SIX, "fortnightly", anchor, MONDAY_1_JUNE, 3)
    assert [r.local_date for r in rounds] == [
        date(2026, 6, 2),
        date(2026, 6, 16),
        date(2026, 6, 30),
    ]
    assert rounds[0].fires_at == datetime(2026, 6, 2, 17, tzinfo=UTC), "18:00 BST"
    after_first_week = datetime(2026, 6, 10, tzinfo=UTC)
    monthly_anchor = first_round(TUESDAY_SIX, "monthly", after_first_week).local_date
    assert monthly_anchor == date(2026, 7, 7), "the first round of a monthly schedule"
    monthly = next_rounds(TUESDAY_SIX, "monthly", monthly_anchor, after_first_week, 2)
    assert [r.local_date for r in monthly] == [date(2026, 7, 7), date(2026, 8, 4)]
