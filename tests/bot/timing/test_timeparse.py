"""Behaviour of the user-input parsers behind every scheduling slash command."""

from __future__ import annotations

from datetime import time

import pytest

from bot.timing.timeparse import (
    DaysFormatError,
    InputError,
    QuietHoursError,
    TimeFormatError,
    format_time,
    format_weekdays,
    in_quiet_hours,
    parse_quiet_hours,
    parse_time,
    parse_weekdays,
    quote_user_text,
)

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")


def assert_safe_to_echo(message: str) -> None:
    """The properties every user-facing error must have."""
    assert "@" not in message
    assert "`" not in message
    assert not any(char in message for char in ZERO_WIDTH)
    assert "\n" not in message


# --------------------------------------------------------------------------- #
# quote_user_text
# --------------------------------------------------------------------------- #


def test_quote_wraps_plain_text_in_typographic_quotes() -> None:
    assert quote_user_text("25:00") == "“25:00”"


def test_quote_truncates_long_input_to_about_forty_characters() -> None:
    quoted = quote_user_text("x" * 500)
    inner = quoted[1:-1]
    assert inner.endswith("…")
    assert len(inner) == 40
    assert inner[:-1] == "x" * 39


def test_quote_keeps_text_of_exactly_forty_characters_whole() -> None:
    assert quote_user_text("y" * 40) == "“" + "y" * 40 + "”"


def test_quote_cannot_ping_everyone_or_users() -> None:
    quoted = quote_user_text("@everyone <@123456> <@&42> @here")
    assert "@" not in quoted
    assert "everyone" in quoted  # still readable, just inert


def test_quote_neutralises_backticks_and_code_fences() -> None:
    quoted = quote_user_text("```py\nprint(1)```")
    assert "`" not in quoted
    assert "\n" not in quoted


def test_quote_escapes_markdown_emphasis_spoilers_and_links() -> None:
    quoted = quote_user_text("**b** __u__ ~~s~~ ||x|| [x](y) #h >q")
    for char in "*_~|[]#>":
        # Every markdown character is preceded by a backslash.
        positions = [i for i, c in enumerate(quoted) if c == char]
        assert positions, char
        assert all(quoted[i - 1] == "\\" for i in positions), char


def test_quote_escapes_backslash_so_it_cannot_unescape_what_follows() -> None:
    assert quote_user_text("\\*") == "“\\\\\\*”"


def test_quote_removes_zero_width_and_bidi_control_characters() -> None:
    quoted = quote_user_text("a\u200bb\u200dc\ufeffd\u202ee\u2060f")
    assert quoted == "“abcdef”"


def test_quote_collapses_newlines_and_tabs_into_single_spaces() -> None:
    assert quote_user_text("  9\n\n\t00  ") == "“9 00”"


def test_quote_truncation_counts_visible_characters_after_removing_invisible_ones() -> None:
    quoted = quote_user_text("\u200b" * 100 + "ok")
    assert quoted == "“ok”"


# --------------------------------------------------------------------------- #
# parse_time / format_time
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:00", time(9, 0)),
        ("09:00", time(9, 0)),
        ("9am", time(9, 0)),
        ("9 am", time(9, 0)),
        ("9AM", time(9, 0)),
        ("9 a.m.", time(9, 0)),
        ("9:30 pm", time(21, 30)),
        ("9:30PM", time(21, 30)),
        ("9.30pm", time(21, 30)),
        ("9.30", time(9, 30)),
        ("21:30", time(21, 30)),
        ("23:59", time(23, 59)),
        ("0:00", time(0, 0)),
        ("00:00", time(0, 0)),
        ("12am", time(0, 0)),
        ("12:30am", time(0, 30)),
        ("12pm", time(12, 0)),
        ("12:45 pm", time(12, 45)),
        ("1am", time(1, 0)),
        ("11:59pm", time(23, 59)),
        ("noon", time(12, 0)),
        ("Noon", time(12, 0)),
        ("midnight", time(0, 0)),
        ("  9:00  ", time(9, 0)),
        ("\t7:05\n", time(7, 5)),
        ("１２:００", time(12, 0)),  # full-width digits from CJK keyboards
    ],
)
def test_parse_time_accepts_common_spellings(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "24:00",
        "25:00",
        "9:60",
        "13pm",
        "0am",
        "0:30am",
        "",
        "   ",
        "abc",
        "9:5",
        "930",
        "2130",
        "9",
        "21",
        "9:00:00",
        "9::00",
        "9:000",
        "-1:00",
        "9 : 30",
        "nine",
        "9pmm",
        "٩:٣٠",  # Arabic-Indic digits are not silently read as 9:30
    ],
)
def test_parse_time_rejects_invalid_or_ambiguous_input(text: str) -> None:
    with pytest.raises(TimeFormatError):
        parse_time(text)


def test_parse_time_error_is_a_friendly_sentence_quoting_the_input() -> None:
    with pytest.raises(TimeFormatError) as info:
        parse_time("25:00")
    message = str(info.value)
    assert message.startswith("I couldn't read “25:00” as a time")
    assert "9am" in message
    assert message.endswith(".")


def test_parse_time_explains_that_a_bare_hour_is_ambiguous() -> None:
    with pytest.raises(TimeFormatError, match="morning or evening"):
        parse_time("9")


def test_parse_time_explains_that_digits_without_colon_are_ambiguous() -> None:
    with pytest.raises(TimeFormatError, match="colon"):
        parse_time("930")


def test_parse_time_error_is_an_input_error_and_a_value_error() -> None:
    with pytest.raises(InputError):
        parse_time("abc")
    with pytest.raises(ValueError):
        parse_time("abc")


def test_parse_time_error_never_pings_or_breaks_formatting() -> None:
    with pytest.raises(TimeFormatError) as info:
        parse_time("@everyone ```\u200b" + "z" * 200)
    message = str(info.value)
    assert_safe_to_echo(message)
    assert len(message) < 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [(time(9, 0), "09:00"), (time(0, 0), "00:00"), (time(21, 5), "21:05"), (time(23, 59), "23:59")],
)
def test_format_time_renders_zero_padded_24_hour_clock(value: time, expected: str) -> None:
    assert format_time(value) == expected


def test_format_time_round_trips_through_parse_time_for_every_minute() -> None:
    for minute_of_day in range(24 * 60):
        value = time(minute_of_day // 60, minute_of_day % 60)
        assert parse_time(format_time(value)) == value


def test_every_12_hour_spelling_agrees_with_the_24_hour_clock() -> None:
    for hour in range(1, 13):
        for minute in (0, 1, 30, 59):
            am = parse_time(f"{hour}:{minute:02d}am")
            pm = parse_time(f"{hour}:{minute:02d} PM")
            assert am == time(0 if hour == 12 else hour, minute)
            assert pm == time(12 if hour == 12 else hour + 12, minute)


# --------------------------------------------------------------------------- #
# parse_weekdays / format_weekdays
# --------------------------------------------------------------------------- #

ALL = frozenset(range(7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", ALL),
        ("Daily", ALL),
        ("every day", ALL),
        ("everyday", ALL),
        ("", ALL),
        ("   ", ALL),
        ("weekdays", frozenset({0, 1, 2, 3, 4})),
        ("weekends", frozenset({5, 6})),
        ("mon,wed,fri", frozenset({0, 2, 4})),
        ("mon wed fri", frozenset({0, 2, 4})),
        ("Mon, Wed, Fri", frozenset({0, 2, 4})),
        ("monday, WEDNESDAY friday", frozenset({0, 2, 4})),
        ("tue,thu", frozenset({1, 3})),
        ("tues thurs", frozenset({1, 3})),
        ("sun", frozenset({6})),
        ("sat,sun", frozenset({5, 6})),
        ("mon-fri", frozenset({0, 1, 2, 3, 4})),
        ("mon - fri", frozenset({0, 1, 2, 3, 4})),
        ("mon–fri", frozenset({0, 1, 2, 3, 4})),
        ("fri-mon", frozenset({4, 5, 6, 0})),
        ("sun-tue", frozenset({6, 0, 1})),
        ("wed-wed", frozenset({2})),
        ("mon,mon,MON", frozenset({0})),
        ("mon-wed, wed-fri", frozenset({0, 1, 2, 3, 4})),
        ("mondays and fridays", frozenset({0, 4})),
        ("weekends, wed", frozenset({2, 5, 6})),
    ],
)
def test_parse_weekdays_understands_lists_ranges_and_keywords(
    text: str, expected: frozenset[int]
) -> None:
    assert parse_weekdays(text) == expected


@pytest.mark.parametrize(
    ("text", "bad_token"),
    [
        ("mon,funday", "funday"),
        ("someday", "someday"),
        ("mon,x", "x"),
        ("t", "t"),  # tuesday or thursday?
        ("s", "s"),  # saturday or sunday?
        ("mon-blah", "mon-blah"),
        ("mon-tue-wed", "mon-tue-wed"),
        ("1,2,3", "1"),
    ],
)
def test_parse_weekdays_names_the_unknown_token(text: str, bad_token: str) -> None:
    with pytest.raises(DaysFormatError) as info:
        parse_weekdays(text)
    assert f"“{bad_token}”" in str(info.value)


def test_parse_weekdays_error_quotes_input_safely() -> None:
    with pytest.raises(DaysFormatError) as info:
        parse_weekdays("mon,@everyone")
    assert_safe_to_echo(str(info.value))


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (ALL, "daily"),
        (frozenset({0, 1, 2, 3, 4}), "weekdays"),
        (frozenset({5, 6}), "weekends"),
        (frozenset({0, 2, 4}), "Mon, Wed, Fri"),
        (frozenset({6, 0}), "Mon, Sun"),
        (frozenset({3}), "Thu"),
        (frozenset({0, 1, 2, 3, 4, 5}), "Mon, Tue, Wed, Thu, Fri, Sat"),
    ],
)
def test_format_weekdays_uses_natural_words(days: frozenset[int], expected: str) -> None:
    assert format_weekdays(days) == expected


def test_format_weekdays_output_parses_back_to_the_same_set_for_every_subset() -> None:
    for mask in range(1, 128):
        days = frozenset(d for d in range(7) if mask & (1 << d))
        assert parse_weekdays(format_weekdays(days)) == days


@pytest.mark.parametrize("days", [frozenset(), frozenset({7}), frozenset({-1})])
def test_format_weekdays_rejects_impossible_sets(days: frozenset[int]) -> None:
    with pytest.raises(ValueError):
        format_weekdays(days)


# --------------------------------------------------------------------------- #
# Quiet hours
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:00-07:00", (time(22, 0), time(7, 0))),
        ("22-7", (time(22, 0), time(7, 0))),
        ("10pm-7am", (time(22, 0), time(7, 0))),
        ("22:00 - 07:00", (time(22, 0), time(7, 0))),
        ("22:00–07:00", (time(22, 0), time(7, 0))),
        ("10 pm – 7:30 am", (time(22, 0), time(7, 30))),
        ("13:00-14:00", (time(13, 0), time(14, 0))),
        ("0-6", (time(0, 0), time(6, 0))),
        ("11pm to 6am", (time(23, 0), time(6, 0))),
    ],
)
def test_parse_quiet_hours_reads_ranges(text: str, expected: tuple[time, time]) -> None:
    assert parse_quiet_hours(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "22:00",
        "22:00-",
        "-07:00",
        "22-7-5",
        "25-7",
        "abc-def",
        "9:60-10:00",
        "22-22",
        "7am-07:00",
    ],
)
def test_parse_quiet_hours_rejects_unusable_windows(text: str) -> None:
    with pytest.raises(QuietHoursError):
        parse_quiet_hours(text)


def test_parse_quiet_hours_explains_equal_start_and_end() -> None:
    with pytest.raises(QuietHoursError, match="different times"):
        parse_quiet_hours("22:00-10pm")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (time(21, 59), False),
        (time(22, 0), True),  # start is inclusive
        (time(23, 59), True),
        (time(0, 0), True),
        (time(6, 59), True),
        (time(7, 0), False),  # end is exclusive
        (time(12, 0), False),
    ],
)
def test_in_quiet_hours_handles_windows_wrapping_midnight(local: time, expected: bool) -> None:
    assert in_quiet_hours(local, time(22, 0), time(7, 0)) is expected


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (time(12, 59), False),
        (time(13, 0), True),
        (time(13, 30), True),
        (time(14, 0), False),
        (time(0, 0), False),
    ],
)
def test_in_quiet_hours_handles_same_day_windows(local: time, expected: bool) -> None:
    assert in_quiet_hours(local, time(13, 0), time(14, 0)) is expected


def test_in_quiet_hours_window_from_midnight_starts_at_midnight() -> None:
    assert in_quiet_hours(time(0, 0), time(0, 0), time(6, 0))
    assert not in_quiet_hours(time(23, 59), time(0, 0), time(6, 0))


def test_in_quiet_hours_empty_window_is_never_quiet() -> None:
    assert not in_quiet_hours(time(3, 0), time(3, 0), time(3, 0))


def test_in_quiet_hours_counts_seconds_before_the_end_as_quiet() -> None:
    assert in_quiet_hours(time(6, 59, 59), time(22, 0), time(7, 0))


def test_in_quiet_hours_minute_by_minute_matches_an_independent_count() -> None:
    start, end = parse_quiet_hours("22:30-07:15")
    quiet_minutes = sum(in_quiet_hours(time(m // 60, m % 60), start, end) for m in range(24 * 60))
    # 22:30→24:00 is 90 minutes, 00:00→07:15 is 435 minutes.
    assert quiet_minutes == 90 + 435
