"""A partner's answers are cleaned and checked kindly: one to five appreciations, lengths
within the forms' limits, and the "I felt … when … I'd love …" shape recognised in its
everyday variants, with only a part missing altogether pointed out."""

from __future__ import annotations

import pytest

from bot.app.content import content_root
from bot.interactions.usertext import TextError
from cogs.reviews.answers import (
    FEELING,
    MOMENT,
    WISH,
    AnswerProblem,
    Answers,
    clean_appreciations,
    clean_reflections,
    missing_parts,
    shape_message_keys,
)
from cogs.reviews.prompts import load_prompts

PROMPTS = load_prompts(content_root())
KIND = "I felt unseen when my news got lost at dinner. I'd love a moment to tell it."


@pytest.mark.parametrize(
    "text",
    [
        KIND,
        "i FELT unseen WHEN my news got lost. I’d love a moment to tell it.",  # curly, caps
        "I'd love a moment to tell my news, because I feel unseen when it gets lost.",  # order
        "I was feeling rushed after the call. I would like ten quiet minutes.",
        "It made me feel small whenever plans changed. Could we check in first?",
        "I've been feeling tired when chores pile up; it would really help to share them.",
        "I feel happy when we cook. I'd appreciate more of that.",
    ],
)
def test_the_shape_is_recognised_in_its_everyday_variants(text: str) -> None:
    assert missing_parts(text) == ()


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("You never listen.", (FEELING, MOMENT, WISH)),
        ("I felt hurt when you left early.", (WISH,)),
        ("I felt hurt. I'd love a hug.", (MOMENT,)),
        ("When plans change I'd love a message.", (FEELING,)),
        ("Ifelt whenever Id love", (FEELING, WISH)),  # words, not letters, count
    ],
)
def test_a_missing_part_is_named(text: str, missing: tuple[str, ...]) -> None:
    assert missing_parts(text) == missing


def test_the_shape_problem_names_what_is_missing_and_the_message_for_each() -> None:
    with pytest.raises(AnswerProblem) as caught:
        clean_reflections("Our walk.", "I felt hurt when you left early.", "A hug.", PROMPTS)
    assert caught.value.key == "shape_missing"
    assert caught.value.values == {"missing": (WISH,)}
    assert shape_message_keys((FEELING, WISH)) == ["shape_feeling", "shape_wish"]


def test_reflections_are_cleaned_of_invisible_characters_and_extra_spaces() -> None:
    cleaned = clean_reflections("  Our\u200b walk  ", KIND, "Tea,   please.", PROMPTS)
    assert (cleaned.went_well, cleaned.to_work_on, cleaned.cared_for) == (
        "Our walk",
        KIND,
        "Tea, please.",
    )


@pytest.mark.parametrize("which", [0, 1, 2])
def test_an_empty_or_overlong_reflection_is_refused(which: int) -> None:
    for bad in ("  \u200b ", "x" * 1001):
        values = ["Our walk.", KIND, "Tea."]
        values[which] = bad
        with pytest.raises(TextError):
            clean_reflections(*values, PROMPTS)


def test_empty_boxes_are_dropped_and_one_to_five_appreciations_kept() -> None:
    kept = clean_appreciations(["Tea.", "", None, "  ", "The  walk."], PROMPTS)
    assert kept.items == ("Tea.", "The walk.")
    assert len(clean_appreciations(["a"] * 5, PROMPTS).items) == 5


def test_no_appreciation_at_all_is_refused_kindly() -> None:
    with pytest.raises(AnswerProblem) as caught:
        clean_appreciations(["", None, " "], PROMPTS)
    assert caught.value.key == "appreciations_none"


def test_six_appreciations_are_more_than_a_round_holds() -> None:
    with pytest.raises(AnswerProblem) as caught:
        clean_appreciations(["a"] * 6, PROMPTS)
    assert (caught.value.key, caught.value.values) == ("appreciations_too_many", {"count": 6})


def test_an_appreciation_over_its_limit_or_only_a_mention_is_refused() -> None:
    with pytest.raises(TextError):
        clean_appreciations(["x" * 201], PROMPTS)
    with pytest.raises(TextError):
        clean_appreciations(["<@123>"], PROMPTS)


def test_answers_survive_the_round_trip_through_their_stored_shape() -> None:
    answers = Answers(("Tea.", "The walk."), "Our walk.", KIND, "Tea.")
    assert Answers.from_dict(answers.as_dict()) == answers
    assert list(answers.as_dict()) == [p.id for p in PROMPTS.prompts]
