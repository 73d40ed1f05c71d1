"""The topics members can turn off, shared by every feature that tags its content.

A question, tip or challenge carries one topic id; a member may turn topics off among
their boundaries, and :mod:`bot.outbound.delivery` never sends them a private message on one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from bot.app.content import load
from bot.interactions.user_error import UserFacingError


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label: str
    about: str


class UnknownTopicError(UserFacingError):
    """The text names no topic."""


class Topics:
    def __init__(self, topics: list[Topic]) -> None:
        self._by_id = {topic.id: topic for topic in topics}

    @classmethod
    def from_data_dir(cls, root: Traversable) -> Topics:
        document = load(root / "core", "topics.json")
        return cls([Topic(t["id"], t["label"], t["about"]) for t in document["topics"]])

    def __iter__(self) -> Iterator[Topic]:
        return iter(self._by_id.values())

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._by_id

    def label(self, topic_id: str) -> str:
        topic = self._by_id.get(topic_id)
        return topic.label if topic else topic_id

    def resolve(self, text: str) -> Topic:
        """The topic named by an id or a label, in any case; a friendly error otherwise."""
        key = " ".join(text.strip().lower().replace("_", " ").split())
        for topic in self._by_id.values():
            if key in (topic.id.replace("_", " "), topic.label.lower()):
                return topic
        labels = [t.label.lower() for t in self._by_id.values()]
        close = difflib.get_close_matches(key, labels, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}?" if close else ""
        known = ", ".join(t.label for t in self._by_id.values())
        raise UnknownTopicError(f"I don't know that topic.{hint} The topics are: {known}.")

    def choices(self, current: str) -> list[Topic]:
        """Topics whose label or id contains what was typed (for autocomplete)."""
        key = current.strip().lower()
        return [t for t in self._by_id.values() if key in t.label.lower() or key in t.id][:25]
