"""Which question comes next in a channel: no repeats until the eligible bank is used up.

A channel goes through the bank in cycles. The eligible bank is every question no deeper
than the channel's ceiling (its ladder level, or a fixed depth). When every eligible
question has been asked in the current cycle, a new cycle starts and admins are told.
Pure: the caller passes what was asked and a random generator.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cogs.questions.bank import Question

LOW_WATER = 14  # fewer fresh questions than this: admins are told (once per cycle)


@dataclass(frozen=True, slots=True)
class Pick:
    question: Question
    cycle: int
    new_cycle: bool  # the eligible bank was used up, so this pick starts a new cycle
    fresh_left: int  # eligible questions not yet asked in the cycle, after this one

    @property
    def running_low(self) -> bool:
        return self.fresh_left < LOW_WATER


class NothingToAsk(Exception):
    """No question fits (the filters match nothing, or all of them were asked this cycle)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def pick_question(
    questions: Sequence[Question],
    asked: Collection[str],
    *,
    cycle: int,
    ceiling: int,
    rng: random.Random,
    category: str | None = None,
    depth: int | None = None,
) -> Pick:
    """Choose uniformly among the eligible questions not yet asked this cycle.

    ``asked`` holds the keys asked in ``cycle``. With a category or a depth (``/question
    now``), only matching questions are offered and a used-up filter is refused rather
    than starting a new cycle: the cycle belongs to the whole eligible bank.
    """
    eligible = [q for q in questions if q.depth <= ceiling]
    if not eligible:
        raise NothingToAsk("empty")
    fresh = [q for q in eligible if q.key not in asked]
    filtered = [
        q
        for q in fresh
        if (category is None or q.category == category) and (depth is None or q.depth == depth)
    ]
    if category is not None or depth is not None:
        if not filtered:
            any_match = any(
                (category is None or q.category == category) and (depth is None or q.depth == depth)
                for q in eligible
            )
            raise NothingToAsk("used_up" if any_match else "no_match")
        choice = rng.choice(sorted(filtered, key=lambda q: q.key))
        return Pick(choice, cycle, new_cycle=False, fresh_left=len(fresh) - 1)
    new_cycle = not fresh
    if new_cycle:
        cycle += 1
        fresh = eligible
    choice = rng.choice(sorted(fresh, key=lambda q: q.key))
    return Pick(choice, cycle, new_cycle=new_cycle, fresh_left=len(fresh) - 1)
