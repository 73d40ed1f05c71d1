"""Three very low moods within seven days, and nothing else, brings the gentle suggestion."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.content import content_root
from cogs.checkins.care import WINDOW, care_message, needs_care, should_suggest
from cogs.checkins.content import CheckinContent
from cogs.checkins.moods import MOODS, Mood

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

moods = st.sampled_from(MOODS)
# Up to fourteen days back, and a little into the future (a clock that moved).
offsets = st.integers(min_value=-3600, max_value=14 * 24 * 3600)
history = st.lists(st.tuples(moods, offsets), max_size=25)


def at(history: list[tuple[Mood, int]]) -> list[tuple[Mood, datetime]]:
    return [(mood, NOW - timedelta(seconds=s)) for mood, s in history]


def days_ago(*days: float) -> list[tuple[Mood, datetime]]:
    return [(Mood.VERY_LOW, NOW - timedelta(days=d)) for d in days]


def test_three_very_low_moods_this_week_need_care_two_do_not() -> None:
    assert needs_care(days_ago(0, 3, 6.9), NOW)
    assert not needs_care(days_ago(0, 3), NOW)


def test_a_very_low_mood_exactly_seven_days_old_is_outside_the_window() -> None:
    assert not needs_care(days_ago(0, 1, 7), NOW)
    assert needs_care(days_ago(0, 1, 7 - 1 / 86400), NOW)


def test_low_moods_never_count_however_many() -> None:
    assert not needs_care([(Mood.LOW, NOW - timedelta(hours=h)) for h in range(20)], NOW)


@given(history)
def test_the_answer_is_the_count_of_very_low_moods_in_the_last_seven_days(
    entries: list[tuple[Mood, int]],
) -> None:
    in_window = [s for m, s in entries if m is Mood.VERY_LOW and 0 <= s < WINDOW.total_seconds()]
    assert needs_care(at(entries), NOW) is (len(in_window) >= 3)


@given(history, st.lists(st.tuples(st.sampled_from(MOODS[1:]), offsets), max_size=10))
def test_other_moods_never_change_the_answer(
    entries: list[tuple[Mood, int]], others: list[tuple[Mood, int]]
) -> None:
    assert needs_care(at(entries + others), NOW) is needs_care(at(entries), NOW)


@given(history, offsets)
def test_one_more_very_low_mood_never_takes_care_away(
    entries: list[tuple[Mood, int]], offset: int
) -> None:
    if needs_care(at(entries), NOW):
        assert needs_care(at([*entries, (Mood.VERY_LOW, offset)]), NOW)


@given(history, st.randoms())
def test_the_order_moods_come_in_does_not_matter(
    entries: list[tuple[Mood, int]], shuffler: random.Random
) -> None:
    shuffled = list(entries)
    shuffler.shuffle(shuffled)
    assert needs_care(at(shuffled), NOW) is needs_care(at(entries), NOW)


def test_moods_after_now_do_not_count() -> None:
    assert not needs_care(days_ago(0, 1, -1), NOW)


def test_the_suggestion_comes_once_per_hard_stretch() -> None:
    three = days_ago(0, 1, 2)
    assert should_suggest(three, NOW, None)
    assert not should_suggest(three, NOW, NOW - timedelta(hours=1))
    assert not should_suggest([*three, *days_ago(0.01)], NOW, NOW - timedelta(hours=2))
    assert should_suggest(three, NOW, NOW - timedelta(days=3))


@given(history, st.none() | offsets)
def test_no_suggestion_without_the_need_for_care(
    entries: list[tuple[Mood, int]], last: int | None
) -> None:
    last_at = None if last is None else NOW - timedelta(seconds=last)
    if not needs_care(at(entries), NOW):
        assert not should_suggest(at(entries), NOW, last_at)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en-GB", "en-GB"), ("en-US", "en-US"), ("fr", "default"), ("de", "default"),
     ("pt-BR", "default"), ("en-IN", "default")],
)  # fmt: skip
def test_the_care_message_is_in_the_members_locale_and_ends_saying_no_emergency_service(
    locale: str, expected: str
) -> None:
    content = CheckinContent.from_data_dir(content_root())
    resources = content.resources_by_locale[expected]
    message = care_message(content.resources(locale))
    assert message.startswith(resources.suggestion)
    assert message.endswith(resources.not_emergency)
    assert message.split("\n\n")[-1].startswith("Kindred is not an emergency service.")
    for link in resources.links:
        assert f"[{link.label}](<{link.url}>)" in message
    assert "findahelpline.com" in message
