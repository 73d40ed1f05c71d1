"""The shipped challenge bank: fun, doable-at-home challenges for a channel, by kind.

Pure: loading reads a file checked against its schema; nothing here touches discord.
Challenges are keyed by their ``id`` in ``data/challenges/challenges.json``; a channel
remembers which ids it was given, so an id must never be reused for another challenge.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable

from bot.app.content import load

KINDS = ("laugh", "creative", "gratitude", "memory", "together", "photo")
SIZES = ("solo", "pair", "group")
DEPTHS = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class Challenge:
    id: str
    kind: str  # one of KINDS
    depth: int  # 1 light, 2 personal, 3 deep
    size: str  # one of SIZES
    text: str


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
