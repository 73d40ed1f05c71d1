"""The answers a check-in offers. Pure: no discord, so the rules about moods can be tested
with plain values.

A mood is ordered (very low first) so a chart and the care rule can compare them; a Pass is
deliberately not a mood, so no code path can ever count it as one.
"""

from __future__ import annotations

from enum import Enum


class Mood(Enum):
    VERY_LOW = "very_low"
    LOW = "low"
    OKAY = "okay"
    GOOD = "good"
    VERY_GOOD = "very_good"

    @property
    def level(self) -> int:
        """1 (very low) to 5 (very good): what a chart plots and history prints."""
        return MOODS.index(self) + 1

    @property
    def is_low(self) -> bool:
        """Low enough that a buddy's tip is about listening rather than celebrating."""
        return self in {Mood.VERY_LOW, Mood.LOW}


class Wish(Enum):
    LISTEN = "listen"
    ENCOURAGEMENT = "encouragement"
    SPACE = "space"
    COMPANY = "company"
    NOTHING = "nothing"


MOODS: tuple[Mood, ...] = tuple(Mood)
WISHES: tuple[Wish, ...] = tuple(Wish)
