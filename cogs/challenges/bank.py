"""The shipped challenge bank: fun, doable-at-home challenges for a channel, by kind, and the
small shared activities a buddy pairing is given in its private thread.

Pure: loading reads a file checked against its schema; nothing here touches discord.
Challenges are keyed by their ``id`` in ``data/challenges/challenges.json`` and activities by
theirs in ``data/challenges/pair_activities.json``; a channel (or a pairing) remembers which
ids it was given, so an id must never be reused for another entry.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from bot.app.content import load

KINDS = ("laugh", "creative", "gratitude", "memory", "together", "photo")
SIZES = ("solo", "pair", "group")
DEPTHS = (1, 2, 3)
# How many members a buddy group has, by name: a round pairs everyone, with one trio when
# the count is odd.
GROUP_SIZES = {"pair": 2, "trio": 3}


@dataclass(frozen=True, slots=True)
class Challenge:
    id: str
    kind: str  # one of KINDS
    depth: int  # 1 light, 2 personal, 3 deep
    size: str  # one of SIZES
    text: str


@dataclass(frozen=True, slots=True)
class PairActivity:
    """Something a buddy group does together in its thread.

    ``sizes`` names the groups the wording works for (keys of ``GROUP_SIZES``), so a trio is
    never handed an activity written for exactly two.
    """

    id: str
    depth: int  # 1 light, 2 personal, 3 deep
    sizes: tuple[str, ...]
    text: str

    def suits(self, members: int) -> bool:
        """Whether a group of this many members can do it as written."""
        return any(GROUP_SIZES[size] == members for size in self.sizes)


def load_challenges(root: Traversable) -> list[Challenge]:
    document = load(root / "challenges", "challenges.json")
    return [
        Challenge(
            id=str(item["id"]),
            kind=item["kind"],
            depth=int(item["depth"]),
            size=item["size"],
            text=item["text"],
        )
        for item in document["challenges"]
    ]


def load_pair_activities(root: Traversable) -> list[PairActivity]:
    document = load(root / "challenges", "pair_activities.json")
    return [
        PairActivity(
            id=str(item["id"]),
            depth=int(item["depth"]),
            sizes=tuple(item["sizes"]),
            text=item["text"],
        )
        for item in document["activities"]
    ]


def choose_activity(
    activities: Sequence[PairActivity],
    size: int,
    max_depth: int,
    recent: Collection[str],
    rng: random.Random,
) -> PairActivity | None:
    """A small activity a group of ``size`` can do as written, no deeper than the lowest
    ``max_depth`` among its members, fresh to the server's last rounds when one is left;
    None if nothing fits (the bank ships depth-1 activities for every size, so only a
    broken bank gets there)."""
    fitting = [a for a in activities if a.depth <= max_depth and a.suits(size)]
    fresh = [a for a in fitting if a.id not in recent]
    pool = fresh or fitting
    return rng.choice(pool) if pool else None
