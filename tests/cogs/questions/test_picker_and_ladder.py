"""Picking the next question (no repeats within a cycle) and the depth ladder."""

from __future__ import annotations

import random

import pytest

from cogs.questions.bank import Question
from cogs.questions.ladder import after_ready, after_too_deep, votes_needed
from cogs.questions.picker import LOW_WATER, NothingToAsk, pick_question


def bank(light: int, personal: int, deep: int) -> list[Question]:
    out = []
    for depth, count in ((1, light), (2, personal), (3, deep)):
        out += [
            Question(f"bank:q{depth}-{i}", f"Q{depth}.{i}?", "fun" if i % 2 else "values", depth)
            for i in range(count)
        ]
    return out


def test_no_question_repeats_until_the_eligible_bank_is_used_then_a_new_cycle_starts() -> None:
    questions = bank(5, 3, 2)
    rng = random.Random(7)
    asked: set[str] = set()
    cycle = 1
    for _ in range(5):  # ceiling 1: only the five light ones are eligible
        pick = pick_question(questions, asked, cycle=cycle, ceiling=1, rng=rng)
        assert pick.question.key not in asked and pick.question.depth == 1
        assert not pick.new_cycle
        asked.add(pick.question.key)
    assert pick.fresh_left == 0
    again = pick_question(questions, asked, cycle=cycle, ceiling=1, rng=rng)
    assert again.new_cycle and again.cycle == 2 and again.fresh_left == 4


def test_the_ceiling_limits_depth_and_running_low_is_flagged() -> None:
    questions = bank(10, 10, 10)
    pick = pick_question(questions, set(), cycle=1, ceiling=2, rng=random.Random(1))
    assert pick.question.depth <= 2 and pick.fresh_left == 19 and not pick.running_low
    few = bank(LOW_WATER, 0, 0)
    assert pick_question(few, set(), cycle=1, ceiling=3, rng=random.Random(1)).running_low


def test_filters_never_start_a_new_cycle() -> None:
    questions = bank(4, 0, 0)
    fun = {q.key for q in questions if q.category == "fun"}
    with pytest.raises(NothingToAsk) as used_up:
        pick_question(questions, fun, cycle=1, ceiling=1, rng=random.Random(1), category="fun")
    assert used_up.value.reason == "used_up"
    with pytest.raises(NothingToAsk) as no_match:
        pick_question(questions, set(), cycle=1, ceiling=1, rng=random.Random(1), depth=3)
    assert no_match.value.reason == "no_match"
    pick = pick_question(
        questions, set(), cycle=1, ceiling=1, rng=random.Random(1), category="values"
    )
    assert pick.question.category == "values"


@pytest.mark.parametrize(("participants", "needed"), [(0, 1), (1, 1), (2, 2), (3, 3), (9, 3)])
def test_three_ready_votes_are_needed_or_everyone_if_fewer(participants: int, needed: int) -> None:
    assert votes_needed(participants) == needed


def test_the_ladder_rises_by_one_on_enough_votes_and_falls_by_one_at_once() -> None:
    assert after_ready(1, 2, 5).changed is False
    assert after_ready(1, 2, 5).needed == 3
    assert after_ready(1, 3, 5).level == 2
    assert after_ready(2, 2, 2).level == 3, "everyone, when only two took part"
    assert after_ready(3, 9, 9).changed is False, "3 is the deepest"
    assert after_too_deep(3).level == 2 and after_too_deep(2).level == 1
    assert after_too_deep(1).changed is False
