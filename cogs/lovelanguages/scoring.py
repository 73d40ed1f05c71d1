"""Scoring the love-language quiz. Pure: answers in, scores out.

Part 1 (how you like to *receive* care) has 30 forced choices; each language appears in 12
of them, so each score is 0–12 and the five sum to 30. Part 2 (how you tend to *give* it)
has 15, each language in 6. A tie is reported as a tie, never broken silently: the primary
languages are every language with the top score, the secondary every language with the next
score below it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LANGUAGES = ("words", "time", "touch", "gifts", "acts")
RELATIONSHIPS = ("partner", "friend", "family")


class ScoringError(ValueError):
    """Answers that do not belong to the quiz (a bug or a tampered state, never user input)."""


@dataclass(frozen=True, slots=True)
class Scores:
    points: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.points.values())

    def ranked(self) -> list[tuple[str, int]]:
        """Highest first; equal scores keep the fixed language order (and are shown equal)."""
        return sorted(
            ((language, self.points[language]) for language in LANGUAGES),
            key=lambda pair: -pair[1],
        )

    def levels(self) -> list[tuple[int, list[str]]]:
        """Distinct scores, highest first, each with every language that has it."""
        found: dict[int, list[str]] = {}
        for language, points in self.ranked():
            found.setdefault(points, []).append(language)
        return list(found.items())

    @property
    def primary(self) -> list[str]:
        return self.levels()[0][1]

    @property
    def secondary(self) -> list[str]:
        levels = self.levels()
        return levels[1][1] if len(levels) > 1 else []

    @property
    def top_two(self) -> list[str]:
        """The languages to explain: the primary ones, then the secondary, at most two."""
        return [*self.primary, *self.secondary][:2]


def score(items: Sequence[tuple[str, str]], answers: Sequence[str]) -> Scores:
    """``items`` are the quiz's (language, language) pairs in order; ``answers`` the chosen
    language for each, all of them (an unfinished quiz is not scored)."""
    if len(answers) != len(items):
        raise ScoringError(f"{len(answers)} answers for {len(items)} items")
    points = dict.fromkeys(LANGUAGES, 0)
    for position, (pair, chosen) in enumerate(zip(items, answers, strict=True), start=1):
        if chosen not in pair:
            raise ScoringError(f"item {position} offers {pair}, not {chosen!r}")
        points[chosen] += 1
    return Scores(points)
