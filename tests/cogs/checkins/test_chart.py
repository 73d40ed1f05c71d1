"""The mood chart: a PNG where a day without a mood breaks the line."""

from __future__ import annotations

import math
from datetime import date, timedelta

from cogs.checkins.chart import labelled_days, mood_chart, plotted
from cogs.checkins.history import Point
from cogs.checkins.moods import MOODS, Mood

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FIRST = date(2026, 5, 1)
WORDS = {mood: mood.value.replace("_", " ").capitalize() for mood in MOODS}


def points(*moods: Mood | None) -> list[Point]:
    return [Point(FIRST + timedelta(days=n), m) for n, m in enumerate(moods)]


def test_gaps_are_plotted_as_nothing_never_as_zero() -> None:
    ys = plotted(points(Mood.LOW, None, Mood.GOOD))
    assert ys[0] == 2.0
    assert math.isnan(ys[1])
    assert ys[2] == 4.0


def test_the_chart_is_a_png_and_a_gap_changes_it() -> None:
    whole = mood_chart(points(Mood.LOW, Mood.OKAY, Mood.GOOD), words=WORDS, title="t")
    gapped = mood_chart(points(Mood.LOW, None, Mood.GOOD), words=WORDS, title="t")
    assert whole.startswith(PNG_SIGNATURE)
    assert gapped.startswith(PNG_SIGNATURE)
    assert whole != gapped


def test_a_chart_of_only_gaps_or_of_one_day_still_draws() -> None:
    assert mood_chart(points(None, None), words=WORDS, title="t").startswith(PNG_SIGNATURE)
    assert mood_chart(points(Mood.OKAY), words=WORDS, title="t").startswith(PNG_SIGNATURE)


def test_at_most_eight_dates_are_labelled_and_the_last_day_always() -> None:
    for count in (1, 7, 8, 9, 30, 60):
        ticks = labelled_days(count)
        assert len(ticks) <= 8
        assert ticks[-1] == count - 1
        assert ticks == sorted(set(ticks))
