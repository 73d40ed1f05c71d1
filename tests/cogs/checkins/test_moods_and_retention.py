"""Moods are ordered and Pass is not one of them; a note expires after the member's retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cogs.checkins.moods import MOODS, Mood
from cogs.checkins.retention import DEFAULT_RETENTION_DAYS, note_cutoff, note_expires_at

ANSWERED = datetime(2026, 1, 5, 21, 30, tzinfo=UTC)


def test_moods_are_levels_one_to_five_from_very_low() -> None:
    assert [m.level for m in MOODS] == [1, 2, 3, 4, 5]
    assert MOODS[0] is Mood.VERY_LOW
    assert MOODS[-1] is Mood.VERY_GOOD
    assert [m for m in MOODS if m.is_low] == [Mood.VERY_LOW, Mood.LOW]


def test_pass_is_not_a_mood() -> None:
    with pytest.raises(ValueError):
        Mood("pass")


def test_a_note_is_kept_ninety_days_unless_the_member_chose() -> None:
    assert DEFAULT_RETENTION_DAYS == 90
    assert note_expires_at(ANSWERED, None) == ANSWERED + timedelta(days=90)
    assert note_expires_at(ANSWERED, 7) == ANSWERED + timedelta(days=7)


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_retention_outside_one_day_to_a_year_is_refused(days: int) -> None:
    with pytest.raises(ValueError, match="retention"):
        note_expires_at(ANSWERED, days)


def test_the_cutoff_agrees_with_the_expiry() -> None:
    now = ANSWERED + timedelta(days=30)
    assert note_cutoff(now, 30) == ANSWERED
    assert note_cutoff(now, None) < ANSWERED
