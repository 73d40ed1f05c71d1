"""What counts as "the same question"."""

from __future__ import annotations

import pytest

from cogs.questions.similarity import find_near_duplicate, near_duplicate, near_duplicate_pairs


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("What made you smile today?", "what made you SMILE today??"),
        (
            "What is a small thing that made you smile today?",
            "What small thing made you smile today?",
        ),
        (
            "What does a perfect Sunday look like to you?",
            "What would a perfect Sunday look like for you?",
        ),
        ("Which song reminds you of your childhood?", "Which songs remind you of childhood?"),
        ("What’s a café you love?", "What's a cafe you love?"),
    ],
)
def test_rewordings_of_one_question_are_near_duplicates(first: str, second: str) -> None:
    assert near_duplicate(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("What made you smile today?", "What made you laugh this week?"),
        ("What is your favourite memory of a holiday?", "Which trip do you still think about?"),
        ("How do you like to be comforted?", "How do you like to be thanked?"),
    ],
)
def test_different_questions_are_not(first: str, second: str) -> None:
    assert not near_duplicate(first, second)


def test_the_match_is_shown_and_pairs_are_found_across_a_list() -> None:
    match = find_near_duplicate(
        "What made you smile today?", [("a", "How are you?"), ("b", "What made you smile today")]
    )
    assert match is not None and (match.key, match.text) == ("b", "What made you smile today")
    assert find_near_duplicate("Something new entirely?", [("a", "How are you?")]) is None
    pairs = near_duplicate_pairs(
        [
            ("a", "What made you smile today?"),
            ("b", "How are you?"),
            ("c", "what made you smile today"),
        ]
    )
    assert pairs == [("a", "c")]
