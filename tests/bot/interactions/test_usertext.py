"""Free text is tidied, and refused with a reason when it would show up wrong."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.interactions.usertext import TextError, clean_user_text


def test_invisible_characters_go_and_spacing_is_tidied() -> None:
    raw = "  Hello\u200b   there\u200d!\n\n\n\n  Second   line \x07 "
    assert clean_user_text(raw, max_chars=100) == "Hello there!\n\nSecond line"


def test_words_around_a_mention_are_fine() -> None:
    assert clean_user_text("thanks <@123> for today", max_chars=100) == "thanks <@123> for today"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is empty"),
        ("   \n\t ", "is empty"),
        ("\u200b\u2060\ufeff", "is empty"),
        ("@everyone", "only mentions"),
        ("@here @everyone!", "only mentions"),
        ("<@123> <@&456> <#789>", "only mentions"),
    ],
)
def test_empty_or_mention_only_text_is_refused(text: str, reason: str) -> None:
    with pytest.raises(TextError, match=reason):
        clean_user_text(text, max_chars=100, what="Your card")


def test_the_limit_counts_the_cleaned_text_and_says_both_numbers() -> None:
    assert clean_user_text("a" * 10 + "\u200b" * 5, max_chars=10) == "a" * 10
    with pytest.raises(TextError, match="is 11 characters long; the limit is 10"):
        clean_user_text("a" * 11, max_chars=10)


def test_the_error_names_the_text() -> None:
    with pytest.raises(TextError, match=r"^Your answer is empty"):
        clean_user_text(" ", max_chars=10, what="Your answer")


# -- text that only looks blank ---------------------------------------------------------------

# Written out here (not taken from the module) so the test checks the list, not itself.
SPACES = " \t\n\r\x0b\x0c\u00a0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    map(chr, range(0x2000, 0x200B))
)
ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u061c\u180e"
FILLERS = (
    "\u3164\u2800\u115f\u1160\uffa0\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f\U00016fe4\U0001d159"
)
VARIATION_SELECTORS = "".join(map(chr, range(0xFE00, 0xFE10))) + "".join(
    map(chr, range(0xE0100, 0xE01F0))
)
TAGS = "".join(map(chr, range(0xE0000, 0xE0080)))
MUSICAL = "".join(map(chr, range(0x1D173, 0x1D17B)))
BLANKS = SPACES + ZERO_WIDTH + FILLERS + VARIATION_SELECTORS + TAGS + MUSICAL

blank_text = st.text(alphabet=st.sampled_from(BLANKS), max_size=40)
visible_letter = st.characters(categories=["L", "N"]).filter(lambda c: c not in BLANKS)


@pytest.mark.parametrize(
    "text",
    [
        "\u3164",
        "\u2800",
        "\u115f",
        "\u1160",
        "\uffa0",
        "\u034f",
        "\u17b4\u17b5",
        "\u180e",
        "\ufe0f",
        "\U000e0041",
        "\U0001d173\U0001d17a",
        " \u3164 \u200b\u2800\n\u3164 ",
    ],
)
def test_each_blank_looking_character_is_refused_like_empty_text(text: str) -> None:
    with pytest.raises(TextError, match="is empty"):
        clean_user_text(text, max_chars=100)


@given(blank_text)
@settings(max_examples=300, deadline=None)
def test_text_made_only_of_blanks_and_invisibles_is_always_refused(text: str) -> None:
    with pytest.raises(TextError, match="is empty"):
        clean_user_text(text, max_chars=10_000)


@given(blank_text, visible_letter, blank_text)
@settings(max_examples=300, deadline=None)
def test_text_with_a_visible_letter_among_blanks_is_accepted(
    before: str, letter: str, after: str
) -> None:
    cleaned = clean_user_text(before + letter + after, max_chars=10_000)
    assert unicodedata.normalize("NFC", letter) in cleaned


def test_real_text_keeps_its_blank_looking_characters() -> None:
    assert clean_user_text("hi \u2800 there \u2764\ufe0f", max_chars=100) == (
        "hi \u2800 there \u2764\ufe0f"
    )


def test_mentions_padded_with_blanks_are_still_only_mentions() -> None:
    with pytest.raises(TextError, match="only mentions"):
        clean_user_text("@everyone \u3164\u2800", max_chars=100)
