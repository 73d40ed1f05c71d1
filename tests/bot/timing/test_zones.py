"""Behaviour of the time-zone parser and autocomplete behind every scheduling command."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.timing.zones import (
    COMMON_TIMEZONES,
    UnknownTimezoneError,
    parse_timezone,
    timezone_choices,
)
from tests.bot.timing.test_timeparse import assert_safe_to_echo

# --------------------------------------------------------------------------- #
# parse_timezone
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Paris", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),
        ("EUROPE/PARIS", "Europe/Paris"),
        ("  Europe/Paris  ", "Europe/Paris"),
        ("america/new_york", "America/New_York"),
        ("America/New York", "America/New_York"),
        ("america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("Etc/UTC", "Etc/UTC"),
        ("etc/utc", "Etc/UTC"),
        ("us/eastern", "US/Eastern"),
        ("Australia/Lord_Howe", "Australia/Lord_Howe"),
    ],
)
def test_parse_timezone_accepts_iana_names_in_any_case(text: str, expected: str) -> None:
    zone = parse_timezone(text)
    assert isinstance(zone, ZoneInfo)
    assert zone.key == expected


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Pari", "Europe/Paris"),
        ("paris", "Europe/Paris"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("Sao Paulo", "America/Sao_Paulo"),
        ("Europ/Paris", "Europe/Paris"),
        ("Europe/Berln", "Europe/Berlin"),
        ("sydny", "Australia/Sydney"),
        ("kolkata", "Asia/Kolkata"),
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_parse_timezone_rejects_near_misses_with_a_suggestion(text: str, suggestion: str) -> None:
    with pytest.raises(UnknownTimezoneError) as info:
        parse_timezone(text)
    assert info.value.suggestion == suggestion
    assert f"Did you mean {suggestion}?" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "../etc",
        "../../etc/passwd",
        "/etc/passwd",
        "Europe/../Europe/Paris",
        "Europe/",
        "Europe",  # a directory in the tz database, not a zone
        "a\x00b",
        "posixrules",
        "Factory",
        "localtime",
        "xyzzy-not-a-zone",
        "UTC+2",
        "GMT-05:00",
        "+02:00",
        "Europe\\Paris",
        "x" * 5000,
    ],
)
def test_parse_timezone_raises_only_unknown_timezone_error_for_bad_input(text: str) -> None:
    with pytest.raises(UnknownTimezoneError) as info:
        parse_timezone(text)
    assert_safe_to_echo(str(info.value))


@pytest.mark.parametrize("text", ["posixrules", "Factory", "localtime"])
def test_parse_timezone_never_accepts_legacy_pseudo_zones(text: str) -> None:
    with pytest.raises(UnknownTimezoneError):
        parse_timezone(text)


def test_parse_timezone_paths_get_no_suggestion() -> None:
    with pytest.raises(UnknownTimezoneError) as info:
        parse_timezone("../etc")
    assert info.value.suggestion is None


def test_parse_timezone_explains_fixed_offsets_are_not_supported() -> None:
    with pytest.raises(UnknownTimezoneError, match="daylight saving") as info:
        parse_timezone("UTC+2")
    assert info.value.suggestion is None


def test_parse_timezone_empty_input_asks_for_a_zone() -> None:
    with pytest.raises(UnknownTimezoneError, match="Please tell me a time zone") as info:
        parse_timezone("")
    assert info.value.suggestion is None


def test_parse_timezone_error_quotes_input_safely() -> None:
    with pytest.raises(UnknownTimezoneError) as info:
        parse_timezone("@everyone `Europe` \u200b")
    assert_safe_to_echo(str(info.value))


# --------------------------------------------------------------------------- #
# timezone_choices
# --------------------------------------------------------------------------- #


def test_timezone_choices_for_empty_input_lists_common_zones_first() -> None:
    choices = timezone_choices("")
    assert choices[0] == "UTC"
    for zone in (
        "Europe/London",
        "Europe/Berlin",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Sao_Paulo",
        "Asia/Kolkata",
        "Asia/Tokyo",
        "Australia/Sydney",
        "Pacific/Auckland",
    ):
        assert zone in choices
    assert len(choices) == 25


def test_every_common_zone_is_a_real_zone() -> None:
    for name in COMMON_TIMEZONES:
        assert parse_timezone(name).key == name


def test_timezone_choices_prefix_on_full_name_comes_first() -> None:
    choices = timezone_choices("europe/l")
    prefixed = {"Europe/Lisbon", "Europe/Ljubljana", "Europe/London", "Europe/Luxembourg"}
    assert set(choices[: len(prefixed)]) == prefixed
    assert choices[0] == "Europe/London"  # common zones lead their tier


def test_timezone_choices_matches_the_city_part() -> None:
    assert timezone_choices("par")[0] == "Europe/Paris"
    assert timezone_choices("new y")[0] == "America/New_York"
    assert timezone_choices("sao")[0] == "America/Sao_Paulo"


def test_timezone_choices_ranks_city_prefix_above_substring() -> None:
    choices = timezone_choices("ber")
    # "Europe/Berlin" starts with "ber" in its city part; "Atlantic/Bermuda"
    # too; zones merely containing "ber" (e.g. "Australia/Canberra") follow.
    assert choices.index("Europe/Berlin") < choices.index("Australia/Canberra")
    assert choices.index("Atlantic/Bermuda") < choices.index("Australia/Canberra")


def test_timezone_choices_falls_back_to_fuzzy_matches_for_typos() -> None:
    assert timezone_choices("sydny")[0] == "Australia/Sydney"
    assert "Europe/London" in timezone_choices("londn")


def test_timezone_choices_are_case_insensitive() -> None:
    assert timezone_choices("TOKYO") == timezone_choices("tokyo")
    assert timezone_choices("tokyo")[0] == "Asia/Tokyo"


@pytest.mark.parametrize("query", ["", "a", "e", "america", "an", "s", "zz", "utc", "x" * 300])
def test_timezone_choices_never_exceed_limit_or_repeat_and_all_parse(query: str) -> None:
    for limit in (1, 5, 25, 100):
        choices = timezone_choices(query, limit)
        assert len(choices) <= min(limit, 25)
        assert len(set(choices)) == len(choices)
        for name in choices:
            assert len(name) <= 100
            assert parse_timezone(name).key == name


def test_timezone_choices_with_non_positive_limit_is_empty() -> None:
    assert timezone_choices("eu", 0) == []
    assert timezone_choices("eu", -3) == []


def test_timezone_choices_for_nonsense_is_empty() -> None:
    assert timezone_choices("qqqqqqqq") == []


def test_timezone_choices_never_offer_legacy_pseudo_zones() -> None:
    for query in ("posix", "fact", "local"):
        for name in timezone_choices(query):
            assert name not in {"posixrules", "Factory", "localtime"}


def test_parse_timezone_reports_an_unreadable_listed_zone_as_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(key: str) -> ZoneInfo:
        raise IsADirectoryError(key)

    monkeypatch.setattr("bot.timing.zones.zoneinfo.ZoneInfo", broken)
    with pytest.raises(UnknownTimezoneError) as info:
        parse_timezone("Europe/Paris")
    assert info.value.suggestion is None
