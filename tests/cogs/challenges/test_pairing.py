"""Buddy pairing: everyone seated once, never beside someone on a do-not-pair list, repeats
only when nothing else is possible, and the same round for the same seed.

Small rounds are checked against a brute-force oracle that tries every way of splitting the
members into groups of one, two or three, ranked the way the issue asks: fewest left out,
then fewest trios, then the fewest (most recent weighing most) repeats.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.challenges.pairing import Round, Unpaired, pair_members

WEIGHTS = (8, 4, 2, 1)  # the "last four rounds", most recent weighing most

Groups = list[tuple[int, ...]]
History = list[list[list[int]]]


def partitions(people: Sequence[int]) -> Iterator[Groups]:
    """Every way of splitting ``people`` into groups of one, two or three."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for size in (0, 1, 2):
        for others in combinations(rest, size):
            left = [p for p in rest if p not in others]
            for tail in partitions(left):
                yield [(first, *others), *tail]


def met(history: History, a: int, b: int) -> int:
    return sum(
        weight
        for weight, groups in zip(WEIGHTS, history, strict=False)
        for group in groups
        if a in group and b in group
    )


def rank(groups: Groups, history: History) -> tuple[int, int, int]:
    lone = sum(len(g) == 1 for g in groups)
    trios = sum(len(g) == 3 for g in groups)
    cost = sum(met(history, a, b) for g in groups for a, b in combinations(g, 2))
    return (lone, trios, cost)


def legal(groups: Groups, forbidden: set[frozenset[int]]) -> bool:
    return all(frozenset(pair) not in forbidden for g in groups for pair in combinations(g, 2))


def as_groups(result: Round) -> Groups:
    return [*result.groups, *((m,) for m in result.unpaired)]


@st.composite
def rounds(
    draw: st.DrawFn, max_members: int = 9
) -> tuple[list[int], list[tuple[int, int]], History]:
    members = draw(st.lists(st.integers(1, 40), unique=True, max_size=max_members))
    pairs = list(combinations(sorted(members), 2))
    forbidden = draw(st.lists(st.sampled_from(pairs), max_size=len(pairs))) if pairs else []
    forbidden = [(b, a) if draw(st.booleans()) else (a, b) for a, b in forbidden]
    history: History = []
    for _ in range(draw(st.integers(0, 5))):
        # A past round may hold members who left since; it need not cover everyone.
        past = draw(st.permutations([*members, 90, 91]))
        cut = draw(st.one_of(st.just(len(past)), st.integers(0, len(past))))
        history.append([past[i : i + 2] for i in range(0, cut - 1, 2)])
    return members, forbidden, history


@given(rounds(), st.integers(0, 2**32))
@settings(max_examples=300, deadline=None)
def test_every_member_is_in_exactly_one_group_of_two_or_three_or_reported_unpaired(
    case: tuple[list[int], list[tuple[int, int]], History], seed: int
) -> None:
    members, forbidden, history = case
    result = pair_members(members, forbidden, history, random.Random(seed))
    seated = [m for g in result.groups for m in g]
    assert sorted(seated + list(result.unpaired)) == sorted(members)
    assert all(len(g) in (2, 3) for g in result.groups)
    assert (result.reason is None) == (not result.unpaired)
    if result.unpaired:
        assert result.reason is (Unpaired.ALONE if len(members) == 1 else Unpaired.BLOCKED)


@given(rounds(), st.integers(0, 2**32))
@settings(max_examples=300, deadline=None)
def test_no_forbidden_pair_is_ever_grouped_in_either_direction(
    case: tuple[list[int], list[tuple[int, int]], History], seed: int
) -> None:
    members, forbidden, history = case
    result = pair_members(members, forbidden, history, random.Random(seed))
    for group in result.groups:
        for a, b in combinations(group, 2):
            assert (a, b) not in forbidden and (b, a) not in forbidden


@given(rounds(), st.integers(0, 2**32))
@settings(max_examples=200, deadline=None)
def test_the_round_is_as_good_as_the_best_of_every_possible_arrangement(
    case: tuple[list[int], list[tuple[int, int]], History], seed: int
) -> None:
    members, forbidden, history = case
    blocked = {frozenset(p) for p in forbidden}
    result = pair_members(members, forbidden, history, random.Random(seed))
    arrangements = [g for g in partitions(members) if legal(g, blocked)]
    best = min(rank(g, history) for g in arrangements)
    got = as_groups(result)
    assert rank(got, history) == best
    assert result.proven_best
    assert result.repeat_cost == best[2]
    assert result.repeats == sum(
        met(history, a, b) > 0 for g in result.groups for a, b in combinations(g, 2)
    )
    # The words, spelled out: nobody left out and no repeat whenever possible.
    everyone_fits = any(all(len(x) > 1 for x in g) for g in arrangements)
    assert not result.unpaired or not everyone_fits
    if best[2] == 0:
        assert result.repeats == 0


@given(rounds(), st.integers(0, 2**32), st.randoms(use_true_random=False))
@settings(max_examples=200, deadline=None)
def test_the_same_seed_gives_the_same_round_whatever_the_input_order(
    case: tuple[list[int], list[tuple[int, int]], History], seed: int, shuffler: random.Random
) -> None:
    members, forbidden, history = case
    first = pair_members(members, forbidden, history, random.Random(seed))
    members2, forbidden2 = list(members), list(forbidden)
    shuffler.shuffle(members2)
    shuffler.shuffle(forbidden2)
    assert pair_members(members2, forbidden2, history, random.Random(seed)) == first


def test_an_even_count_gives_pairs_and_an_odd_count_one_trio() -> None:
    even = pair_members(range(1, 7), [], [], random.Random(3))
    assert sorted(len(g) for g in even.groups) == [2, 2, 2] and not even.unpaired
    odd = pair_members(range(1, 8), [], [], random.Random(3))
    assert sorted(len(g) for g in odd.groups) == [2, 2, 3] and not odd.unpaired


def test_one_member_alone_and_no_members_at_all() -> None:
    alone = pair_members([42], [], [], random.Random(0))
    assert alone.groups == () and alone.unpaired == (42,) and alone.reason is Unpaired.ALONE
    nobody = pair_members([], [], [], random.Random(0))
    assert nobody == Round((), (), None, 0, 0, proven_best=True)


def test_a_member_who_avoids_everyone_is_left_out_and_the_others_are_still_paired() -> None:
    result = pair_members(range(1, 6), [(1, p) for p in range(2, 6)], [], random.Random(1))
    assert result.unpaired == (1,) and result.reason is Unpaired.BLOCKED
    assert sorted(len(g) for g in result.groups) == [2, 2]


def test_everyone_forbidden_with_someone_is_still_seated() -> None:
    ring = [(i, i % 8 + 1) for i in range(1, 9)]  # each avoids both neighbours on a ring
    result = pair_members(range(1, 9), ring, [], random.Random(5))
    assert not result.unpaired and len(result.groups) == 4
    for a, b in result.groups:
        assert (a, b) not in ring and (b, a) not in ring


def test_a_trio_never_holds_a_forbidden_pair_even_when_that_leaves_someone_out() -> None:
    result = pair_members([1, 2, 3], [(2, 1)], [], random.Random(0))
    assert len(result.groups) == 1 and len(result.groups[0]) == 2
    assert set(result.groups[0]) != {1, 2} and result.reason is Unpaired.BLOCKED


def test_two_trios_only_when_pairs_would_leave_someone_out() -> None:
    # Two circles of three who may not meet across: 3 + 3 is the only way to seat all six.
    across = [(a, b) for a in (1, 2, 3) for b in (4, 5, 6)]
    result = pair_members(range(1, 7), across, [], random.Random(2))
    assert result.groups == ((1, 2, 3), (4, 5, 6)) and not result.unpaired


def test_a_repeat_happens_only_when_unavoidable_and_then_the_oldest_one() -> None:
    # 1 may meet only 2 or 3; 1 met 2 last round and 3 four rounds ago.
    others = [(1, p) for p in range(4, 7)]
    history = [[[1, 2], [3, 4]], [[5, 6]], [], [[1, 3]]]
    result = pair_members(range(1, 7), others, history, random.Random(0))
    assert (1, 3) in result.groups and result.repeats == 1 and result.repeat_cost == 1
    # Had 4 been free for 1, nobody would meet again.
    free = pair_members(range(1, 7), others[1:], history, random.Random(0))
    assert free.repeats == 0


def test_members_left_out_do_not_excuse_extra_repeats_for_the_others() -> None:
    # 1 and 3 cannot both be seated; whoever is left out, the rest still meet as few old
    # partners as possible (found by the oracle above: two left out, a repeat cost of 2).
    forbidden = [(0, 1), (0, 3), (0, 4), (0, 5), (1, 2), (1, 3), (1, 4), (2, 4), (3, 4), (3, 5)]
    history = [
        [[5, 1], [2, 0], [3, 4]],
        [[2, 4], [1, 3], [0, 5]],
        [[1, 4], [0, 5], [2, 3]],
        [[4, 1], [3, 5], [0, 2]],
    ]
    result = pair_members(range(6), forbidden, history, random.Random(34))
    assert len(result.unpaired) == 2 and result.repeat_cost == 2


def test_rounds_older_than_four_are_forgotten() -> None:
    history: History = [[], [], [], [], [[1, 2]]]
    result = pair_members([1, 2], [], history, random.Random(0))
    assert result.groups == ((1, 2),) and result.repeats == 0


def test_partners_vary_from_seed_to_seed() -> None:
    partners = set()
    for seed in range(40):
        result = pair_members(range(1, 5), [], [], random.Random(seed))
        partners |= {p for g in result.groups if 1 in g for p in g if p != 1}
    assert partners == {2, 3, 4}


def test_hundreds_of_members_with_history_get_a_proven_round_without_repeats() -> None:
    rng = random.Random(11)
    members = list(range(1000, 1301))
    forbidden = [(rng.choice(members), rng.choice(members)) for _ in range(300)]
    history: History = []
    for _ in range(4):
        shuffled = rng.sample(members, len(members))
        history.append([shuffled[i : i + 2] for i in range(0, len(shuffled) - 1, 2)])
    result = pair_members(members, forbidden, history, random.Random(1))
    assert result.proven_best and not result.unpaired and result.repeats == 0
    assert sorted(len(g) for g in result.groups).count(3) == 1
    assert sum(len(g) for g in result.groups) == len(members)


def test_a_spent_budget_still_returns_a_whole_legal_round() -> None:
    # Three members who may only meet 1 (and not each other): the bound cannot see at once
    # that two of them must be left out, so a tiny budget stops the search early.
    members = list(range(60))
    forbidden = [(a, b) for a in (2, 3, 4) for b in members if b not in (1, a)]
    result = pair_members(members, forbidden, [], random.Random(0), budget=1)
    assert not result.proven_best
    seated = [m for g in result.groups for m in g]
    assert sorted(seated + list(result.unpaired)) == members
    for group in result.groups:
        for a, b in combinations(group, 2):
            assert (a, b) not in forbidden and (b, a) not in forbidden
    full = pair_members(members, forbidden, [], random.Random(0))
    assert len(full.unpaired) == 2
