"""Which activity a buddy group gets: never deeper than its members allow, always one
written for its size, fresh when possible."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from bot.app.content import content_root
from cogs.challenges.bank import PairActivity, choose_activity, load_pair_activities

BANK = load_pair_activities(content_root())


@given(
    size=st.sampled_from([2, 3]),
    depth=st.integers(min_value=1, max_value=3),
    recent=st.sets(st.sampled_from([a.id for a in BANK])),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_an_activity_fits_the_group_its_depth_and_is_fresh_when_one_is(
    size: int, depth: int, recent: set[str], seed: int
) -> None:
    chosen = choose_activity(BANK, size, depth, recent, random.Random(seed))
    assert chosen is not None, "the bank has light activities for pairs and trios"
    assert chosen.depth <= depth and chosen.suits(size)
    fresh = [a for a in BANK if a.depth <= depth and a.suits(size) and a.id not in recent]
    if fresh:
        assert chosen.id not in recent


def test_no_activity_fits_a_bank_without_one_for_the_size() -> None:
    pair_only = [PairActivity("p", 1, ("pair",), "Just two of you.")]
    assert choose_activity(pair_only, 3, 3, set(), random.Random(1)) is None
    assert choose_activity(pair_only, 2, 1, {"p"}, random.Random(1)) == pair_only[0]
