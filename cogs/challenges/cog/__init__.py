"""/challenge: fun challenges in a channel, done together, laughed at kindly.

One cog, so one /challenge group and one /help section, put together from its parts, one
job per module: ``posting`` (choosing and posting, the thread, /challenge now),
``scheduled`` (a schedule's job), ``schedules`` (the admin commands that plan them),
``completing`` (every button on a post or a completion, the form, saving and posting),
``board`` (a channel's settings and its cooperative board), ``removing`` (taking a
completion back) and ``memories`` (the memory jar and its anniversaries). The state they
share is declared in ``base``.
"""

from __future__ import annotations

import random
import weakref

from discord.ext import commands

from bot.app.client import Kindred
from cogs.challenges.bank import load_challenges
from cogs.challenges.cog.board import BoardCommands
from cogs.challenges.cog.completing import CompletionButtons
from cogs.challenges.cog.memories import ANNIVERSARY_JOB
from cogs.challenges.cog.schedules import ScheduleCommands
from cogs.challenges.repository.board import BoardStore
from cogs.challenges.repository.completions import CompletionStore
from cogs.challenges.repository.data_owner import ChallengeDataOwner
from cogs.challenges.repository.memories import MemoryDataOwner, MemoryStore
from cogs.challenges.repository.posts import PostStore
from cogs.challenges.repository.schedules import ChallengeScheduleStore
from cogs.challenges.views import COG_NAME, CompletionButton, PostButton


class Challenges(
    CompletionButtons,
    ScheduleCommands,
    BoardCommands,
    commands.GroupCog,
    name=COG_NAME,
    group_name="challenge",
):
    """Fun challenges for your channel; share that you did it, laugh together."""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.posts = PostStore(bot.db, bot.clock)
        self.completions = CompletionStore(bot.db, bot.vault, bot.clock)
        self.schedules = ChallengeScheduleStore(bot.db, bot.clock)
        self.boards = BoardStore(bot.db)
        self.data_owner = ChallengeDataOwner(bot.db, bot.vault)
        self.memories = MemoryStore(bot.db, bot.vault, bot.clock)
        self.memory_owner = MemoryDataOwner(bot.db)
        self.bank = load_challenges(bot.settings.data_dir)
        self.rng = random.SystemRandom()
        self.writing_locks = weakref.WeakValueDictionary()
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(PostButton, CompletionButton)
        self.bot.data_rights.register(self.data_owner)
        for schedule in await self.schedules.all():
            if not schedule.paused:
                await self.bot.scheduler.add(self._job(schedule))
        self.bot.data_rights.register(self.memory_owner)
        await self.bot.scheduler.add(self.anniversary_job())

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PostButton, CompletionButton)
        self.bot.data_rights.unregister(self.data_owner)
        for schedule in await self.schedules.all():
            self.bot.scheduler.remove(schedule.job_key)
        self.bot.data_rights.unregister(self.memory_owner)
        self.bot.scheduler.remove(ANNIVERSARY_JOB)
