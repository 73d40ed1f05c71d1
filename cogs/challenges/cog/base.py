"""What every part of the /challenge cog shares: the bot, the feature's stores and bank, and
how the next challenge for a channel is chosen."""

from __future__ import annotations

import asyncio
import random
import weakref
from dataclasses import dataclass

from discord.ext import commands

from bot.app.client import Kindred
from cogs.challenges.bank import Challenge
from cogs.challenges.repository.completions import CompletionStore
from cogs.challenges.repository.posts import PostStore


class NothingFits(Exception):
    """No challenge can be given here now; ``reason`` names the message that says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Choice:
    challenge: Challenge
    cycle: int  # the round it belongs to (one more than before when the bank was used up)


def choose(
    bank: list[Challenge],
    given: set[str],
    *,
    cycle: int,
    ceiling: int,
    kind: str | None,
    rng: random.Random,
) -> Choice:
    """A challenge no deeper than ``ceiling`` that this round has not given yet; once every
    one that fits was given, the next round starts.

    The one place the cog chooses, kept small until the shared picker replaces it.
    """
    fitting = [c for c in bank if c.depth <= ceiling]
    wanted = [c for c in fitting if kind is None or c.kind == kind]
    if not wanted:
        raise NothingFits("nothing_of_kind" if kind else "nothing_at_all")
    fresh = [c for c in wanted if c.id not in given]
    if fresh:
        return Choice(rng.choice(fresh), cycle)
    if any(c.id not in given for c in fitting):
        raise NothingFits("kind_used_up")  # other kinds are still waiting in this round
    return Choice(rng.choice(wanted), cycle + 1)


class ChallengesBase(commands.Cog):
    """The state the cog's parts share; ``Challenges.__init__`` sets it."""

    bot: Kindred
    posts: PostStore
    completions: CompletionStore
    bank: list[Challenge]
    rng: random.Random
    #: A lock per member saving a completion right now (weakly held: gone when unused).
    writing_locks: weakref.WeakValueDictionary[int, asyncio.Lock]

    def text(self, key: str, /, **values: object) -> str:
        return self.bot.messages.get(f"challenges.{key}", **values)

    def _writing(self, member_id: int) -> asyncio.Lock:
        """One member's saves, one at a time: a second form submitted at the same moment
        sees what the first one saved and posted."""
        return self.writing_locks.setdefault(member_id, asyncio.Lock())
