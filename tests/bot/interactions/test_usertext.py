"""Free text is tidied, and refused with a reason when it would show up wrong."""

from __future__ import annotations

import pytest

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
