"""What every part of the /challenge cog shares: the bot, the feature's stores and bank."""

from __future__ import annotations

import asyncio
import random
import weakref

from discord.ext import commands

from bot.app.client import Kindred
from cogs.challenges.bank import Challenge
from cogs.challenges.repository.board import BoardStore
from cogs.challenges.repository.completions import CompletionStore
from cogs.challenges.repository.memories import MemoryStore
from cogs.challenges.repository.posts import PostStore
from cogs.challenges.repository.schedules import ChallengeScheduleStore


class ChallengesBase(commands.Cog):
    """The state the cog's parts share; ``Challenges.__init__`` sets it."""

    bot: Kindred
    posts: PostStore
    completions: CompletionStore
    schedules: ChallengeScheduleStore
    boards: BoardStore
    memories: MemoryStore
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
