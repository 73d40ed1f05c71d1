"""The quiz's items and the five languages, loaded from ``data/lovelanguages/quiz.json``.

Pure. Part 1 asks how a member likes to *receive* care, part 2 how they tend to *give* it;
every item offers two statements, each in one language, worded for the relationship the
member chose (partner, friend or family).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable

from bot.app.content import load
from cogs.lovelanguages.scoring import LANGUAGES, RELATIONSHIPS

PARTS = ("receive", "give")


@dataclass(frozen=True, slots=True)
class Language:
    id: str
    name: str
    emoji: str
    short: str
    explain: str

    @property
    def label(self) -> str:
        return f"{self.emoji} {self.name}"


@dataclass(frozen=True, slots=True)
class Option:
    language: str
    wording: dict[str, str]  # relationship -> statement

    def text(self, relationship: str) -> str:
        return self.wording[relationship]


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    first: Option
    second: Option

    @property
    def pair(self) -> tuple[str, str]:
        return (self.first.language, self.second.language)


@dataclass(frozen=True, slots=True)
class Quiz:
    languages: dict[str, Language]
    parts: dict[str, list[Item]]

    def items(self, part: str) -> list[Item]:
        return self.parts[part]

    def pairs(self, part: str) -> list[tuple[str, str]]:
        return [item.pair for item in self.parts[part]]


def _option(raw: dict[str, str]) -> Option:
    return Option(raw["language"], {r: raw[r] for r in RELATIONSHIPS})


def load_quiz(root: Traversable) -> Quiz:
    document = load(root / "lovelanguages", "quiz.json")
    languages = {
        key: Language(key, v["name"], v["emoji"], v["short"], v["explain"])
        for key, v in document["languages"].items()
    }
    if tuple(sorted(languages)) != tuple(sorted(LANGUAGES)):
        raise ValueError("quiz.json must describe exactly the five languages")
    parts = {
        part: [
            Item(raw["id"], _option(raw["options"][0]), _option(raw["options"][1]))
            for raw in document[part]
        ]
        for part in PARTS
    }
    return Quiz(languages, parts)
