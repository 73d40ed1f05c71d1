"""History keeps gaps as gaps: no answer and a Pass are never a value."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogs.checkins.history import MAX_DAYS, Answer, Point, as_text, series
from cogs.checkins.moods import MOODS, Mood

LAST = date(2026, 4, 30)
WORDS = {mood: mood.value.replace("_", " ").capitalize() for mood in MOODS}


def on(day: date, hour: int, mood: Mood | None) -> Answer:
    return Answer(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), mood)


def test_a_day_without_a_mood_is_a_gap_not_a_value() -> None:
    answers = [
        on(LAST - timedelta(days=2), 9, Mood.LOW),
        on(LAST - timedelta(days=1), 9, None),  # passed
        on(LAST, 9, Mood.GOOD),
    ]
    points = series(answers, last_day=LAST, days=4)
    assert [p.level for p in points] == [None, 2, None, 4]
    assert [p.day for p in points] == [LAST - timedelta(days=n) for n in (3, 2, 1, 0)]


def test_the_latest_mood_of_a_day_wins_and_a_later_pass_does_not_erase_it() -> None:
    answers = [on(LAST, 20, Mood.OKAY), on(LAST, 8, Mood.VERY_LOW), on(LAST, 22, None)]
    assert series(answers, last_day=LAST, days=1) == [Point(LAST, Mood.OKAY)]


def test_answers_outside_the_window_are_left_out() -> None:
    answers = [
        on(LAST + timedelta(days=1), 9, Mood.GOOD),
        on(LAST - timedelta(days=7), 9, Mood.LOW),
    ]
    assert [p.mood for p in series(answers, last_day=LAST, days=7)] == [None] * 7


@pytest.mark.parametrize("days", [0, MAX_DAYS + 1])
def test_a_window_outside_the_limits_is_refused(days: int) -> None:
    with pytest.raises(ValueError, match="history"):
        series([], last_day=LAST, days=days)


@given(
    st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 23), st.none() | st.sampled_from(MOODS)),
        max_size=40,
    ),
    st.integers(1, MAX_DAYS),
)
def test_every_day_appears_once_and_only_an_answered_day_has_a_value(
    raw: list[tuple[int, int, Mood | None]], days: int
) -> None:
    answers = [on(LAST - timedelta(days=d), h, m) for d, h, m in raw]
    points = series(answers, last_day=LAST, days=days)
    assert len(points) == days
    assert len({p.day for p in points}) == days
    answered = {a.at.date() for a in answers if a.mood is not None}
    assert {p.day for p in points if p.mood is not None} == answered & {p.day for p in points}


def test_the_text_gives_each_days_number_and_word_and_shows_gaps() -> None:
    points = [Point(LAST - timedelta(days=1), None), Point(LAST, Mood.VERY_GOOD)]
    text = as_text(points, words=WORDS, gap="no answer")
    assert text == "2026-04-29: no answer\n2026-04-30: 5 (Very good)"


def test_the_longest_history_fits_one_discord_message() -> None:
    points = [Point(LAST - timedelta(days=n), Mood.VERY_GOOD) for n in range(MAX_DAYS)]
    assert len(as_text(points, words=WORDS, gap="no answer")) < 2000
