"""When buddy rounds happen (weekly, fortnightly from the first round, the first weekday of
each month) and which activity a group gets: never deeper than its members allow, always
one written for its size, fresh when possible."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.content import content_root
from bot.timing.recurrence import Recurrence
from cogs.challenges.bank import PairActivity, load_pair_activities
from cogs.challenges.pair_cadence import choose_activity, first_round, next_rounds, round_due

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


BANK = load_pair_activities(content_root())


@given(
    size=st.sampled_from([2, 3]),
    depth=st.integers(min_value=1, max_value=3),
    recent=st.sets(st.sampled_from([a.id for a in BANK])),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_an_activity_fits_the_group_its_depth_and_is_fresh_when_one_is(
    size: int, depth: int, recent: set[str], seed: int
) -> None:
    chosen = choose_activity(BANK, size, depth, recent, random.Random(seed))
    assert chosen is not None, "the bank has light activities for pairs and trios"
    assert chosen.depth <= depth and chosen.suits(size)
    fresh = [a for a in BANK if a.depth <= depth and a.suits(size) and a.id not in recent]
    if fresh:
        assert chosen.id not in recent


def test_no_activity_fits_a_bank_without_one_for_the_size() -> None:
    pair_only = [PairActivity("p", 1, ("pair",), "Just two of you.")]
    assert choose_activity(pair_only, 3, 3, set(), random.Random(1)) is None
    assert choose_activity(pair_only, 2, 1, {"p"}, random.Random(1)) == pair_only[0]
