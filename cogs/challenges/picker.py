"""Which challenge a channel gets next: no repeat until its eligible bank is used up.

A channel goes through the bank in cycles. Its eligible bank is every challenge of a kind the
channel accepts (all kinds when its admins chose none) and no deeper than its ceiling; the
ceiling is a promise to the channel, so nothing above it is ever offered, not even on
request. Only when every eligible challenge was used in the current cycle does a new one start,
so a channel sees all of its bank before anything comes back; ``remaining`` lets the cog warn
admins before that happens (fewer than ``LOW_WATER`` fresh ones left).

Pure: the caller passes the ids used in the current cycle and a random generator, and starts
a new cycle (forgets those ids) when a pick says so.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cogs.challenges.bank import Challenge

LOW_WATER = 14  # fewer fresh challenges than this: admins are told


@dataclass(frozen=True, slots=True)
class Pick:
    challenge: Challenge
    new_cycle: bool  # the eligible bank was used up, so this pick starts a new cycle
    fresh_left: int  # eligible challenges not yet used in the cycle, after this one

    @property
    def running_low(self) -> bool:
        return self.fresh_left < LOW_WATER


class NothingToPick(Exception):
    """No challenge fits, with a reason the cog can explain.

    ``not_accepted``: the requested kind is not one the channel takes; ``no_match``: no
    challenge of that kind is within the ceiling; ``empty``: the channel's kinds and ceiling
    match nothing at all; ``used_up``: the requested kind was all used this cycle while other
    challenges remain fresh.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def eligible(
    candidates: Sequence[Challenge], *, kinds: Collection[str], ceiling: int
) -> list[Challenge]:
    """The channel's bank, in id order so a seeded pick does not depend on the file's order."""
    return sorted(
        (c for c in candidates if c.depth <= ceiling and (not kinds or c.kind in kinds)),
        key=lambda c: c.id,
    )


def remaining(
    candidates: Sequence[Challenge],
    used: Collection[str],
    *,
    kinds: Collection[str],
    ceiling: int,
) -> int:
    """Eligible challenges not yet used this cycle (ids used before a settings change that
    made them ineligible, or since removed from the bank, do not count)."""
    return sum(c.id not in used for c in eligible(candidates, kinds=kinds, ceiling=ceiling))


def pick_challenge(
    candidates: Sequence[Challenge],
    used: Collection[str],
    *,
    kinds: Collection[str],
    ceiling: int,
    rng: random.Random,
    kind: str | None = None,
) -> Pick:
    """Choose uniformly among the channel's fresh challenges (of ``kind`` when asked for).

    A requested kind never starts a new cycle while other challenges are fresh: the cycle
    belongs to the whole eligible bank, so asking for laughs twice a day cannot bring a laugh
    back before the rest of the bank was seen.
    """
    if kind is not None and kinds and kind not in kinds:
        raise NothingToPick("not_accepted")
    bank = eligible(candidates, kinds=kinds, ceiling=ceiling)
    if kind is not None and not any(c.kind == kind for c in bank):
        raise NothingToPick("no_match")
    if not bank:
        raise NothingToPick("empty")
    fresh = [c for c in bank if c.id not in used]
    new_cycle = not fresh
    if new_cycle:
        fresh = bank
    offered = [c for c in fresh if kind is None or c.kind == kind]
    if not offered:
        raise NothingToPick("used_up")
    return Pick(rng.choice(offered), new_cycle=new_cycle, fresh_left=len(fresh) - 1)
