"""/challenge schedule's own options, read without Discord: cadence with its day, kinds."""

from __future__ import annotations

import pytest

from cogs.challenges.bank import KINDS
from cogs.challenges.schedule_options import (
    ScheduleOptionError,
    describe_kinds,
    parse_kinds,
    weekdays_for,
)


def test_daily_is_every_day_and_weekly_is_its_one_day() -> None:
    assert weekdays_for("daily", None) == frozenset(range(7))
    assert weekdays_for("weekly", "mon") == frozenset({0})
    assert weekdays_for("weekly", "sun") == frozenset({6})


@pytest.mark.parametrize(
    ("cadence", "day", "key"),
    [
        ("daily", "fri", "schedule_day_refused"),
        ("weekly", None, "schedule_day_needed"),
    ],
)
def test_a_day_that_does_not_fit_the_cadence_is_refused(
    cadence: str, day: str | None, key: str
) -> None:
    with pytest.raises(ScheduleOptionError) as refused:
        weekdays_for(cadence, day)
    assert refused.value.key == key


def test_a_value_discord_never_offers_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="cadence"):
        weekdays_for("hourly", None)
    with pytest.raises(ValueError, match="someday"):
        weekdays_for("weekly", "someday")


def test_kinds_are_read_forgivingly_and_default_to_all() -> None:
    assert parse_kinds(None) == frozenset(KINDS)
    assert parse_kinds(" Laugh , photo,laugh ") == frozenset({"laugh", "photo"})
    assert describe_kinds(frozenset({"photo", "laugh"})) == "laugh, photo", "the bank's order"


def test_an_unknown_kind_is_refused_naming_the_valid_ones() -> None:
    with pytest.raises(ScheduleOptionError) as refused:
        parse_kinds("laugh, dance, @everyone")
    assert refused.value.key == "schedule_unknown_kinds"
    assert "dance" in refused.value.values["unknown"]
    assert "@everyone" not in refused.value.values["unknown"], "quoted harmlessly"
    assert refused.value.values["valid"] == ", ".join(KINDS)


def test_an_empty_list_of_kinds_is_refused() -> None:
    with pytest.raises(ScheduleOptionError) as refused:
        parse_kinds(" , ")
    assert refused.value.key == "schedule_no_kinds"
