"""Small, doable-this-week ways to speak someone's love language, from
``data/lovelanguages/tips.json``. Pure: choosing is seeded, so the same question gives the
same tips on the same day (and different ones another day)."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from bot.app.content import load


@dataclass(frozen=True, slots=True)
class Tip:
    id: str
    language: str
    relationship: str
    text: str


class TipBank:
    def __init__(self, tips: list[Tip]) -> None:
        self._tips = tips

    @classmethod
    def from_data_dir(cls, root: Traversable) -> TipBank:
        document = load(root / "lovelanguages", "tips.json")
        return cls(
            [Tip(t["id"], t["language"], t["relationship"], t["text"]) for t in document["tips"]]
        )

    def __len__(self) -> int:
        return len(self._tips)

    def matching(self, language: str, relationship: str) -> list[Tip]:
        return [t for t in self._tips if t.language == language and t.relationship == relationship]

    def choose(self, language: str, relationship: str, count: int, *, seed: str) -> list[Tip]:
        """``count`` different tips, the same for the same seed."""
        pool = self.matching(language, relationship)
        digest = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")
        return random.Random(digest).sample(pool, min(count, len(pool)))  # noqa: S311 - not secret
