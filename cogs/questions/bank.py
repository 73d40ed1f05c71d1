"""The shipped question bank and a server's own questions, as one list of candidates.

Pure: loading reads a file checked against its schema; nothing here touches discord.
Shipped questions are keyed ``bank:<id>``; a server's own ``custom:<row id>``. A channel
remembers which keys it asked, so shipped ids must never be reused for another question.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable

from bot.app.content import load

DEPTH_NAMES = {1: "light", 2: "personal", 3: "deep"}
CATEGORIES = (
    "communication",
    "gratitude",
    "memories",
    "dreams",
    "values",
    "fun",
    "love_languages",
    "feelings",
    "boundaries",
)


@dataclass(frozen=True, slots=True)
class Question:
    key: str  # "bank:<id>" or "custom:<n>"
    text: str
    category: str
    depth: int
    audiences: tuple[str, ...] = ("any",)

    @property
    def is_custom(self) -> bool:
        return self.key.startswith("custom:")


def load_bank(root: Traversable) -> list[Question]:
    document = load(root / "questions", "bank.json")
    return [
        Question(
            key=f"bank:{item['id']}",
            text=item["text"],
            category=item["category"],
            depth=int(item["depth"]),
            audiences=tuple(item["audiences"]),
        )
        for item in document["questions"]
    ]
