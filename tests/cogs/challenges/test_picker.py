"""Picking a channel's next challenge: within its ceiling and kinds, and no repeat until
every eligible challenge was used."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.challenges.bank import KINDS, Challenge
from cogs.challenges.picker import LOW_WATER, NothingToPick, eligible, pick_challenge, remaining

challenges = st.lists(
    st.builds(
        lambda n, kind, depth: Challenge(f"c{n}", kind, depth, "solo", f"Challenge {n}"),
        st.integers(0, 60),
        st.sampled_from(KINDS),
        st.integers(1, 3),
    ),
    unique_by=lambda c: c.id,
    max_size=30,
)
kind_sets = st.sets(st.sampled_from(KINDS), max_size=3)


def bank(per_kind: int, kinds: tuple[str, ...] = KINDS) -> list[Challenge]:
    return [
        Challenge(f"{kind}-{depth}-{i}", kind, depth, "solo", "Do a kind thing.")
        for kind in kinds
        for depth in (1, 2, 3)
        for i in range(per_kind)
    ]


@given(challenges, kind_sets, st.integers(1, 3), st.integers(0, 2**32), st.data())
@settings(max_examples=300, deadline=None)
def test_picks_stay_within_ceiling_and_kinds_and_use_every_one_before_any_repeat(
    candidates: list[Challenge],
    kinds: set[str],
    ceiling: int,
    seed: int,
    data: st.DataObject,
) -> None:
    rng = random.Random(seed)
    allowed = {c.id for c in candidates if c.depth <= ceiling and (not kinds or c.kind in kinds)}
    if not allowed:
        with pytest.raises(NothingToPick) as nothing:
            pick_challenge(candidates, set(), kinds=kinds, ceiling=ceiling, rng=rng)
        assert nothing.value.reason == "empty"
        return
    used: set[str] = set()
    cycles = 0
    for _ in range(3 * len(allowed) + 1):
        asked = data.draw(st.none() | st.sampled_from(KINDS))
        try:
            pick = pick_challenge(
                candidates, used, kinds=kinds, ceiling=ceiling, rng=rng, kind=asked
            )
        except NothingToPick as refused:
            assert asked is not None
            assert refused.reason in {"not_accepted", "no_match", "used_up"}
            continue
        chosen = pick.challenge
        assert chosen.depth <= ceiling
        assert not kinds or chosen.kind in kinds
        assert asked is None or chosen.kind == asked
        if pick.new_cycle:
            assert used >= allowed, "a new cycle only once every eligible challenge was used"
            used = set()
            cycles += 1
        assert chosen.id not in used, "no repeat within a cycle"
        used.add(chosen.id)
        assert pick.fresh_left == len(allowed - used)
        assert remaining(candidates, used, kinds=kinds, ceiling=ceiling) == pick.fresh_left
    unasked_picks = pick_challenge(
        candidates, allowed, kinds=kinds, ceiling=ceiling, rng=rng
    ).new_cycle
    assert unasked_picks, "with everything used, the next pick starts a new cycle"


@given(challenges, kind_sets, st.integers(1, 3), st.integers(0, 2**32))
@settings(max_examples=200, deadline=None)
def test_the_same_seed_gives_the_same_pick_whatever_the_bank_order(
    candidates: list[Challenge], kinds: set[str], ceiling: int, seed: int
) -> None:
    if not eligible(candidates, kinds=kinds, ceiling=ceiling):
        return
    first = pick_challenge(candidates, set(), kinds=kinds, ceiling=ceiling, rng=random.Random(seed))
    again = pick_challenge(
        list(reversed(candidates)), set(), kinds=kinds, ceiling=ceiling, rng=random.Random(seed)
    )
    assert first == again


def test_a_whole_cycle_goes_through_every_eligible_challenge_once() -> None:
    candidates = bank(2)
    rng = random.Random(4)
    used: set[str] = set()
    seen = []
    expected = {c.id for c in candidates if c.depth <= 2 and c.kind in {"laugh", "memory"}}
    for _ in range(len(expected)):
        pick = pick_challenge(candidates, used, kinds={"laugh", "memory"}, ceiling=2, rng=rng)
        assert not pick.new_cycle
        used.add(pick.challenge.id)
        seen.append(pick.challenge.id)
    assert sorted(seen) == sorted(expected) and pick.fresh_left == 0
    again = pick_challenge(candidates, used, kinds={"laugh", "memory"}, ceiling=2, rng=rng)
    assert again.new_cycle and again.fresh_left == len(expected) - 1


def test_no_chosen_kinds_means_every_kind() -> None:
    candidates = bank(1)
    assert remaining(candidates, set(), kinds=(), ceiling=3) == len(candidates)
    picked = {
        pick_challenge(candidates, set(), kinds=(), ceiling=3, rng=random.Random(s)).challenge.kind
        for s in range(200)
    }
    assert picked == set(KINDS)


def test_running_low_is_flagged_below_the_threshold() -> None:
    candidates = bank(5, ("laugh",))  # 15 eligible at ceiling 3
    first = pick_challenge(candidates, set(), kinds=(), ceiling=3, rng=random.Random(1))
    assert first.fresh_left == LOW_WATER and not first.running_low
    used = {first.challenge.id}
    second = pick_challenge(candidates, used, kinds=(), ceiling=3, rng=random.Random(1))
    assert second.fresh_left == LOW_WATER - 1 and second.running_low
    used.add(second.challenge.id)
    assert remaining(candidates, used, kinds=(), ceiling=3) == LOW_WATER - 1


def test_used_ids_that_are_no_longer_eligible_do_not_count() -> None:
    candidates = bank(1, ("laugh", "photo"))
    used = {"photo-1-0", "laugh-3-0", "gone-from-the-bank"}
    assert remaining(candidates, used, kinds={"laugh"}, ceiling=2) == 2


def test_a_requested_kind_is_refused_with_a_reason_never_answered_out_of_bounds() -> None:
    candidates = [*bank(1, ("laugh", "creative")), Challenge("deep-photo", "photo", 3, "solo", "x")]
    rng = random.Random(0)

    def reason(used: set[str], kinds: set[str], kind: str) -> str:
        with pytest.raises(NothingToPick) as refused:
            pick_challenge(candidates, used, kinds=kinds, ceiling=2, rng=rng, kind=kind)
        return refused.value.reason

    assert reason(set(), {"laugh"}, "creative") == "not_accepted"
    assert reason(set(), set(), "photo") == "no_match", "the only photo is above the ceiling"
    assert reason({"laugh-1-0", "laugh-2-0"}, set(), "laugh") == "used_up"
    assert reason(set(), {"gratitude"}, "laugh") == "not_accepted"
    with pytest.raises(NothingToPick) as empty:
        pick_challenge(candidates, set(), kinds={"gratitude"}, ceiling=2, rng=rng)
    assert empty.value.reason == "empty"


def test_a_requested_kind_may_start_the_new_cycle_once_everything_was_used() -> None:
    candidates = bank(1, ("laugh", "creative"))
    everything = {c.id for c in eligible(candidates, kinds=(), ceiling=2)}
    pick = pick_challenge(
        candidates, everything, kinds=(), ceiling=2, rng=random.Random(0), kind="creative"
    )
    assert pick.new_cycle and pick.challenge.kind == "creative" and pick.challenge.depth <= 2
