"""The cooperative streak: consecutive counting challenges, one miss in seven forgiven (❄️),
and a challenge still open never breaks it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cogs.challenges.streak import Played, streak

START = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)


def days(*completions: int, last_open: bool = False) -> list[Played]:
    """One challenge a day with these completion counts (the last one open if asked)."""
    out = [Played(START + timedelta(days=i), c, post_id=i) for i, c in enumerate(completions)]
    if last_open and out:
        out[-1] = Played(out[-1].when, out[-1].completions, finished=False, post_id=len(out) - 1)
    return out


def after(history: list[Played], completions: int, *, finished: bool = True) -> list[Played]:
    when = history[-1].when + timedelta(days=1) if history else START
    return [*history, Played(when, completions, finished, post_id=len(history))]


histories = st.lists(st.tuples(st.integers(0, 3), st.booleans() | st.just(True)), max_size=40).map(
    lambda rows: [
        Played(START + timedelta(days=i), c, finished, post_id=i)
        for i, (c, finished) in enumerate(rows)
    ]
)
needs = st.integers(1, 3)


def taking_part(history: list[Played], needed: int) -> list[Played]:
    """The challenges that hold a place: all but the open ones that do not count yet."""
    return [p for p in history if p.finished or p.completions >= needed]


@given(histories, needs)
@settings(max_examples=300, deadline=None)
def test_the_streak_never_exceeds_the_challenges_and_the_best_is_at_least_the_current(
    history: list[Played], needed: int
) -> None:
    result = streak(history, needed)
    counting = sum(p.completions >= needed for p in history)
    assert 0 <= result.current <= result.best <= counting <= len(history)
    assert set(result.run_frozen) <= set(result.frozen)
    assert all(p.completions < needed and p.finished for p in result.frozen)


@given(histories, needs, st.integers(0, 3))
@settings(max_examples=300, deadline=None)
def test_a_counting_challenge_adds_one_and_never_lowers_anything(
    history: list[Played], needed: int, extra: int
) -> None:
    before = streak(history, needed)
    now = streak(after(history, needed + extra), needed)
    assert now.current == before.current + 1
    assert now.best >= before.best and now.frozen == before.frozen


@given(histories, needs, st.integers(0, 2))
@settings(max_examples=300, deadline=None)
def test_a_challenge_still_open_never_breaks_the_streak(
    history: list[Played], needed: int, completions: int
) -> None:
    assume(completions < needed)
    assert streak(after(history, completions, finished=False), needed) == streak(history, needed)


@given(histories, needs)
@settings(max_examples=300, deadline=None)
def test_two_misses_within_seven_challenges_always_break_it(
    history: list[Played], needed: int
) -> None:
    result = streak(history, needed)
    places = taking_part(history, needed)
    misses = [i for i, p in enumerate(places) if p.completions < needed]
    for first, second in pairwise(misses):
        if second - first < 7:
            # The streak cannot reach back across both: it started after the first one.
            later = sum(p.completions >= needed for p in places[first + 1 :])
            assert result.current <= later
    frozen_places = [places.index(p) for p in result.frozen]
    assert all(b - a >= 7 for a, b in pairwise(frozen_places))


@given(histories, needs, st.integers(0, 2))
@settings(max_examples=300, deadline=None)
def test_a_miss_is_forgiven_whenever_the_window_allows(
    history: list[Played], needed: int, completions: int
) -> None:
    assume(completions < needed)
    before = streak(history, needed)
    now = streak(after(history, completions), needed)
    if before.freeze_ready:
        assert now.current == before.current and now.frozen[-1].post_id == len(history)
        assert not now.freeze_ready
    else:
        assert now.current == 0 and now.frozen == before.frozen and not now.run_frozen


@given(st.integers(1, 30), st.data())
@settings(max_examples=200, deadline=None)
def test_a_single_miss_in_an_unbroken_run_is_always_forgiven(
    length: int, data: st.DataObject
) -> None:
    at = data.draw(st.integers(1, length))  # after at least one counting challenge
    counts = [1] * length
    counts.insert(at, 0)
    result = streak(days(*counts))
    assert result.current == result.best == length
    assert [p.post_id for p in result.frozen] == [at] == [p.post_id for p in result.run_frozen]


def test_a_miss_with_nothing_to_protect_is_not_a_freeze() -> None:
    result = streak(days(0, 1, 1))
    assert result.current == 2 and result.frozen == ()
    assert result.freeze_ready, "the first miss did not use the freeze up"


def test_the_seven_window_boundary() -> None:
    # Misses six places apart: the second breaks; seven apart: both are forgiven.
    six = streak(days(1, 0, 1, 1, 1, 1, 1, 0, 1))
    assert six.current == 1 and six.best == 6 and [p.post_id for p in six.frozen] == [1]
    assert six.run_frozen == ()
    seven = streak(days(1, 0, 1, 1, 1, 1, 1, 1, 0, 1))
    assert seven.current == 8 and [p.post_id for p in seven.frozen] == [1, 8]


def test_needed_completions_decide_what_counts() -> None:
    history = days(3, 2, 4, 1, 3)
    assert streak(history).current == 5
    needs_three = streak(history, needed=3)
    assert needs_three.current == 1 and needs_three.best == 2
    assert [p.post_id for p in needs_three.frozen] == [1]


def test_an_open_challenge_that_already_counts_adds_to_the_streak() -> None:
    assert streak(days(1, 1, 2, last_open=True)).current == 3
    assert streak(days(1, 1, 0, last_open=True)).current == 2


def test_challenges_are_taken_in_posting_order_whatever_order_they_come_in() -> None:
    history = days(1, 0, 0, 1)
    assert streak(list(reversed(history))) == streak(history)
    assert streak(history).current == 1


def test_nothing_played_and_a_needed_count_below_one() -> None:
    assert streak([]).current == 0 and streak([]).best == 0 and not streak([]).freeze_ready
    with pytest.raises(ValueError, match="at least one"):
        streak(days(1), needed=0)


def excused(history: list[Played], *places: int) -> list[Played]:
    return [replace(p, excused=True) if i in places else p for i, p in enumerate(history)]


def test_a_miss_excused_by_a_pause_neither_breaks_nor_freezes() -> None:
    # Two misses in a row would break the streak; excused, they are left out altogether.
    run = streak(excused(days(1, 1, 0, 0, 1), 2, 3))
    assert (run.current, run.best, run.frozen) == (3, 3, ())
    assert run.freeze_ready, "the freeze is still there for a miss nobody is excused from"


def test_an_excused_challenge_that_counts_still_counts() -> None:
    assert streak(excused(days(1, 1, 1), 1)).current == 3


@given(histories, needs)
def test_excusing_misses_never_lowers_the_streak(history: list[Played], needed: int) -> None:
    plain = streak(history, needed)
    forgiving = streak([replace(p, excused=True) for p in history], needed)
    assert forgiving.current >= plain.current
    assert forgiving.best >= plain.best
    assert forgiving.frozen == ()
