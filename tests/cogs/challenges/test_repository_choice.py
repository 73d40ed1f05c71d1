"""How the cog chooses a channel's next challenge from what the posts store remembers:
never deeper than the ceiling, no repeat in a round, a new round only when every fitting
challenge was given, and a clear reason when nothing fits."""

from __future__ import annotations

import random

import pytest

from cogs.challenges.bank import Challenge
from cogs.challenges.cog.base import NothingFits, choose

BANK = [
    Challenge("laugh-1", "laugh", 1, "solo", "Light laugh"),
    Challenge("laugh-2", "laugh", 2, "solo", "Deeper laugh"),
    Challenge("memory-1", "memory", 1, "pair", "Light memory"),
]


def test_never_deeper_than_the_ceiling_and_never_repeated_in_a_round() -> None:
    rng = random.Random(7)
    given: set[str] = set()
    for _ in range(2):
        choice = choose(BANK, given, cycle=1, ceiling=1, kind=None, rng=rng)
        assert choice.cycle == 1 and choice.challenge.depth == 1
        given.add(choice.challenge.id)
    assert given == {"laugh-1", "memory-1"}
    after = choose(BANK, given, cycle=1, ceiling=1, kind=None, rng=rng)
    assert after.cycle == 2, "the round starts again once every fitting one was given"


def test_a_kind_used_up_while_others_wait_is_refused_not_repeated() -> None:
    rng = random.Random(1)
    with pytest.raises(NothingFits) as used_up:
        choose(BANK, {"laugh-1"}, cycle=1, ceiling=1, kind="laugh", rng=rng)
    assert used_up.value.reason == "kind_used_up"
    deeper = choose(BANK, {"laugh-1"}, cycle=1, ceiling=2, kind="laugh", rng=rng)
    assert deeper.challenge.id == "laugh-2"
    with pytest.raises(NothingFits) as none:
        choose(BANK, set(), cycle=1, ceiling=1, kind="photo", rng=rng)
    assert none.value.reason == "nothing_of_kind"
    with pytest.raises(NothingFits) as empty:
        choose([], set(), cycle=1, ceiling=3, kind=None, rng=rng)
    assert empty.value.reason == "nothing_at_all"
