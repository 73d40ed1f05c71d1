"""Buddy pairing for one round: everyone in a small group, kindly and fairly.

What a round must respect, in order of importance:

1. Nobody is ever grouped with someone on either one's do-not-pair list (a hard rule: a
   member is left out of the round rather than put next to someone they asked to avoid).
2. As few members as possible are left out (``unpaired``); with two or more members only
   the do-not-pair lists can leave someone out, and one member alone has nobody to meet.
3. Groups are pairs; a trio exists only because the count is odd (one trio), or, rarely,
   because the do-not-pair lists leave no way to seat everyone in pairs and a second trio
   is the only alternative to leaving someone out.
4. Among those arrangements, the fewest repeats of the last four rounds' partners, where a
   repeat weighs more the more recent it is (last round 8, then 4, 2, 1, added up when two
   people met more than once): meeting new people is the point of the rounds.
5. Ties are broken by a shuffle drawn from the caller's random source, so nobody is always
   first in line, and the same seed always gives the same round.

The algorithm is a depth-first branch and bound over group partitions. At each step it seats
the remaining member with the fewest allowed partners (then the fewest new ones): tight
members are placed while they still have choices. Their options are tried cheapest first: a
pair with a new partner, a pair with an old one, a trio, and last being left out. A branch is
cut when a lower bound on what it can still reach is no better than the best round found: the
members with no allowed partner left must be left out, an odd number of the others needs a
trio, and a member whose allowed partners are all recent will cost at least the cheapest
repeat. The search stops as soon as a round meets the bound of the whole problem (proven
best, the usual case: one greedy descent when most members have new partners to meet), when
every branch is cut or explored (proven best too), or after ``budget`` steps, returning the
best round found so far (``proven_best`` is then False; the first descent always finishes, so
there is always a whole round to return). Each step costs time linear in the number of
members, so a few hundred members take well under a second even when the budget is spent.
Pure: plain ids in, groups out.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeAlias

RECENT_ROUNDS = 4
RECENCY_WEIGHTS = (8, 4, 2, 1)  # last round first: a repeat from last week hurts most
SEARCH_BUDGET = 20_000

Key: TypeAlias = tuple[int, int, int]  # (left out, trios, repeat cost): smaller is kinder


class Unpaired(Enum):
    """Why members were left out of a round, so the cog can word it gently."""

    ALONE = "alone"  # only one eligible member joined: there is nobody to meet this round
    BLOCKED = "blocked"  # the do-not-pair lists leave no group for them (never said to whom)


@dataclass(frozen=True, slots=True)
class Round:
    groups: tuple[tuple[int, ...], ...]  # each sorted, groups sorted by first member
    unpaired: tuple[int, ...]
    reason: Unpaired | None  # set exactly when ``unpaired`` is not empty
    repeats: int  # pairs inside groups that already met in the last four rounds
    repeat_cost: int  # those repeats weighted by recency (see RECENCY_WEIGHTS)
    proven_best: bool  # False only when the search budget ran out first


def repeat_costs(past_rounds: Sequence[Collection[Collection[int]]]) -> dict[int, dict[int, int]]:
    """How much it costs to seat two members together again, from the last four rounds.

    ``past_rounds`` lists rounds most recent first, each as its groups of member ids;
    rounds older than four are ignored.
    """
    costs: dict[int, dict[int, int]] = {}
    for weight, groups in zip(RECENCY_WEIGHTS, past_rounds[:RECENT_ROUNDS], strict=False):
        for group in groups:
            for a in group:
                for b in group:
                    if a != b:
                        row = costs.setdefault(a, {})
                        row[b] = row.get(b, 0) + weight
    return costs


def pair_members(
    members: Collection[int],
    forbidden: Collection[tuple[int, int]],
    past_rounds: Sequence[Collection[Collection[int]]],
    rng: random.Random,
    *,
    budget: int = SEARCH_BUDGET,
) -> Round:
    """Group the round's eligible members (the caller has already removed anyone who opted
    out of pairing, paused Kindred or stayed silent too long).

    ``forbidden`` holds do-not-pair pairs in either direction; ``past_rounds`` the groups of
    earlier rounds, most recent first. The same members, lists and seed give the same round
    whatever order they are passed in.
    """
    search = _Search(sorted(set(members)), forbidden, repeat_costs(past_rounds), rng, budget)
    search.run()
    return search.result()


def _group_cost(costs: dict[int, dict[int, int]], group: Sequence[int]) -> int:
    return sum(costs.get(a, {}).get(b, 0) for i, a in enumerate(group) for b in group[i + 1 :])


class _Frame:
    __slots__ = ("applied", "options")

    def __init__(self, options: Iterator[tuple[int, ...]]) -> None:
        self.options = options
        self.applied: tuple[int, ...] | None = None


class _Search:
    """The branch and bound described in the module docstring, with undoable state."""

    def __init__(
        self,
        members: list[int],
        forbidden: Collection[tuple[int, int]],
        costs: dict[int, dict[int, int]],
        rng: random.Random,
        budget: int,
    ) -> None:
        self.order = list(members)
        rng.shuffle(self.order)  # the fair tie-break: a seeded shuffle of the sorted ids
        self.rank = {m: i for i, m in enumerate(self.order)}
        self.forbid: dict[int, set[int]] = {m: set() for m in members}
        for a, b in forbidden:
            if a != b and a in self.forbid and b in self.forbid:
                self.forbid[a].add(b)
                self.forbid[b].add(a)
        self.costs = {
            m: {p: c for p, c in costs.get(m, {}).items() if p in self.rank} for m in members
        }
        self.remaining = set(members)
        self.blocked = {m: len(self.forbid[m]) for m in members}  # forbidden among remaining
        self.chosen: list[tuple[int, ...]] = []
        self.key: Key = (0, 0, 0)
        self.best: list[tuple[int, ...]] | None = None
        self.best_key: Key | None = None
        self.budget = budget
        self.exhausted = False

    # The state: who is still to be seated, and what the chosen groups add up to.
    def _apply(self, group: tuple[int, ...]) -> None:
        for m in group:
            self.remaining.discard(m)
            for other in self.forbid[m]:
                self.blocked[other] -= 1
        lone, trios, cost = self.key
        self.key = (
            lone + (len(group) == 1),
            trios + (len(group) == 3),
            cost + _group_cost(self.costs, group),
        )
        self.chosen.append(group)

    def _undo(self, group: tuple[int, ...]) -> None:
        self.chosen.pop()
        lone, trios, cost = self.key
        self.key = (
            lone - (len(group) == 1),
            trios - (len(group) == 3),
            cost - _group_cost(self.costs, group),
        )
        for m in group:
            self.remaining.add(m)
            for other in self.forbid[m]:
                self.blocked[other] += 1

    def _allowed(self, m: int) -> int:
        return len(self.remaining) - 1 - self.blocked[m]

    def _recent_allowed(self, m: int) -> list[int]:
        return [p for p in self.costs[m] if p in self.remaining and p not in self.forbid[m]]

    def _bound(self) -> Key:
        """The best any completion of the current branch could still reach."""
        stuck = 0
        cheapest_repeats = 0
        for m in self.remaining:
            allowed = self._allowed(m)
            if allowed == 0:
                stuck += 1
                continue
            recent = self._recent_allowed(m)
            if len(recent) == allowed:  # every partner left is a repeat
                cheapest_repeats += min(self.costs[m][p] for p in recent)
        lone, trios, cost = self.key
        odd = (len(self.remaining) - stuck) % 2
        # Each pair's cost is counted by both its members, a trio's at most once per member.
        return (lone + stuck, trios + odd, cost + (cheapest_repeats + 1) // 2)

    def _most_constrained(self) -> int:
        def tightness(m: int) -> tuple[int, int, int]:
            allowed = self._allowed(m)
            return (allowed, allowed - len(self._recent_allowed(m)), self.rank[m])

        return min(self.remaining, key=tightness)

    def _options(self, m: int) -> Iterator[tuple[int, ...]]:
        partners = [
            p for p in self.order if p in self.remaining and p != m and p not in self.forbid[m]
        ]
        partners.sort(key=lambda p: self.costs[m].get(p, 0))  # stable: new partners, by rank
        trios = (
            (m, a, b)
            for i, a in enumerate(partners)
            for b in partners[i + 1 :]
            if b not in self.forbid[a]
        )
        pairs = ((m, p) for p in partners)
        if len(self.remaining) == 3:  # the odd one out: a trio is the only way to seat all three
            yield from trios
            yield from pairs
        else:
            yield from pairs
            yield from trios
        yield (m,)

    def _improves(self, key: Key) -> bool:
        return self.best_key is None or key < self.best_key

    def run(self) -> None:
        goal = self._bound()
        frames: list[_Frame] = []
        if not self.remaining:
            self.best, self.best_key, self.exhausted = [], self.key, True
            return
        frames.append(_Frame(self._options(self._most_constrained())))
        steps = 0
        while frames:
            frame = frames[-1]
            if frame.applied is not None:
                self._undo(frame.applied)
                frame.applied = None
            if steps >= self.budget and self.best is not None:
                break
            group = next(frame.options, None)
            if group is None:
                frames.pop()
                continue
            steps += 1
            self._apply(group)
            frame.applied = group
            if not self._improves(self._bound()):
                continue
            if self.remaining:
                frames.append(_Frame(self._options(self._most_constrained())))
                continue
            self.best, self.best_key = list(self.chosen), self.key
            if self.best_key == goal:
                break
        else:
            self.exhausted = True
        while frames:  # leave the state as it was, whichever way the loop ended
            frame = frames.pop()
            if frame.applied is not None:
                self._undo(frame.applied)
        if self.best_key == goal:
            self.exhausted = True

    def result(self) -> Round:
        groups = sorted(tuple(sorted(g)) for g in self.best or () if len(g) > 1)
        unpaired = tuple(sorted(g[0] for g in self.best or () if len(g) == 1))
        reason = None
        if unpaired:
            reason = Unpaired.ALONE if len(self.order) == 1 else Unpaired.BLOCKED
        repeats = sum(
            1 for g in groups for i, a in enumerate(g) for b in g[i + 1 :] if b in self.costs[a]
        )
        cost = sum(_group_cost(self.costs, g) for g in groups)
        return Round(tuple(groups), unpaired, reason, repeats, cost, self.exhausted)
