"""A made-up feature's schedules for the shared schedule steps' tests: a table kept in a dict
(the steps only need its three calls) and an interaction that records what it was answered."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, time
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import discord

from bot.timing.recurrence import Recurrence

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class DemoSchedule:
    channel_id: int
    active_since: datetime
    paused: bool = False
    at: time = time(9)

    @property
    def rule(self) -> Recurrence:
        return Recurrence(self.at, frozenset(range(7)), PARIS)

    @property
    def job_key(self) -> str:
        return f"demo:{self.channel_id}"


@dataclass
class DemoStore:
    rows: dict[int, DemoSchedule] = field(default_factory=dict)
    pauses: list[tuple[int, bool, datetime]] = field(default_factory=list)

    async def get(self, key: int) -> DemoSchedule | None:
        return self.rows.get(key)

    async def set_paused(self, key: int, paused: bool, active_since: datetime) -> bool:
        self.pauses.append((key, paused, active_since))
        if key not in self.rows:
            return False
        self.rows[key] = dataclasses.replace(
            self.rows[key], paused=paused, active_since=active_since
        )
        return True

    async def delete(self, key: int) -> bool:
        return self.rows.pop(key, None) is not None


@dataclass
class Answers:
    """What an interaction was answered with: texts and embeds, in order, all private."""

    texts: list[str] = field(default_factory=list)
    embeds: list[discord.Embed] = field(default_factory=list)

    async def send(
        self, text: str | None = None, *, embed: discord.Embed | None = None, ephemeral: bool
    ) -> None:
        assert ephemeral, "every schedule answer is private"
        if text is not None:
            self.texts.append(text)
        if embed is not None:
            self.embeds.append(embed)


def interaction(answers: Answers, channels: dict[int, str] | None = None) -> Any:
    names = channels or {}

    def get_channel(channel_id: int) -> object | None:
        name = names.get(channel_id)
        return SimpleNamespace(name=name) if name else None

    return SimpleNamespace(
        response=SimpleNamespace(send_message=answers.send),
        followup=SimpleNamespace(send=answers.send),
        client=SimpleNamespace(get_channel=get_channel),
    )


def demo_text(key: str, /, **values: object) -> str:
    """Every message shows its key and its placeholders, so a test sees which was said."""
    return " ".join([key, *(f"{k}={v}" for k, v in sorted(values.items()))])
