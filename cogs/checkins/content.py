"""The check-in's words from ``data/checkins/``: the moods' words and emoji, the replies, the
buddies' tips and the helplines. Pure: loaded once at cog start-up and handed around, so a
wrong file stops the start rather than a member's check-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

from bot.app.content import load
from cogs.checkins.moods import MOODS, WISHES, Mood, Wish

FOLDER = "checkins"
DEFAULT_LOCALE = "default"


@dataclass(frozen=True, slots=True)
class Label:
    """What a button shows: a word and an emoji, never an emoji alone."""

    word: str
    emoji: str


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Resources:
    """What the care suggestion offers in one locale."""

    suggestion: str
    not_emergency: str
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class CheckinContent:
    moods: Mapping[Mood, Label]
    pass_label: Label
    wishes: Mapping[Wish, Label]
    replies: Mapping[tuple[Mood, Wish], str]
    pass_reply: str
    mood_tips: Mapping[Mood, str]
    wish_tips: Mapping[Wish, str]
    resources_by_locale: Mapping[str, Resources]

    @classmethod
    def from_data_dir(cls, root: Traversable) -> CheckinContent:
        folder = root / FOLDER
        answers = load(folder, "moods.json")
        replies = load(folder, "replies.json")
        tips = load(folder, "tips.json")
        resources = load(folder, "resources.json")
        return cls(
            moods={Mood(m["id"]): _label(m) for m in answers["moods"]},
            pass_label=_label(answers["pass"]),
            wishes={Wish(w["id"]): _label(w) for w in answers["wishes"]},
            replies={
                (mood, wish): replies["replies"][mood.value][wish.value]
                for mood in MOODS
                for wish in WISHES
            },
            pass_reply=replies["pass"],
            mood_tips={mood: tips["moods"][mood.value] for mood in MOODS},
            wish_tips={wish: tips["wishes"][wish.value] for wish in WISHES},
            resources_by_locale={
                locale: Resources(
                    entry["suggestion"],
                    entry["not_emergency"],
                    tuple(Link(link["label"], link["url"]) for link in entry["links"]),
                )
                for locale, entry in resources["locales"].items()
            },
        )

    def reply(self, mood: Mood, wish: Wish) -> str:
        return self.replies[mood, wish]

    def buddy_tip(self, mood: Mood, wish: Wish | None) -> str:
        """What a buddy reads under the mood word: how to respond to this mood, then this wish
        (a check-in shared before its wish was chosen has the mood's tip alone)."""
        if wish is None:
            return self.mood_tips[mood]
        return f"{self.mood_tips[mood]} {self.wish_tips[wish]}"

    def resources(self, locale: str) -> Resources:
        """A member's own locale (``en-GB``), else its language's, else the default."""
        by_locale = self.resources_by_locale
        return (
            by_locale.get(locale)
            or by_locale.get(locale.split("-", 1)[0])
            or by_locale[DEFAULT_LOCALE]
        )


def _label(entry: Mapping[str, Any]) -> Label:
    return Label(entry["word"], entry["emoji"])
