"""/challenge: fun challenges in a channel, done together, laughed at kindly.

One cog, so one /challenge group and one /help section, put together from its parts, one
job per module: ``posting`` (choosing and posting, the thread, /challenge now),
``scheduled`` (a schedule's job), ``schedules`` (the admin commands that plan them),
``completing`` (every button on a post or a completion, the form, saving and posting),
``board`` (a channel's settings and its cooperative board), ``removing`` (taking a
completion back), ``memories`` (the memory jar and its anniversaries), and ``pairs``
(/challenge pairs, and the Stay / Leave answer) with ``pair_rounds`` (making a buddy
round). The state they share is declared in ``base`` (``pair_rounds`` for pairs).
"""

from __future__ import annotations

import asyncio
import random
import weakref

from discord.ext import commands

from bot.app.client import Kindred
from cogs.challenges.bank import load_challenges, load_pair_activities
from cogs.challenges.cog.ask_buttons import AskButton
from cogs.challenges.cog.board import BoardCommands
from cogs.challenges.cog.completing import CompletionButtons
from cogs.challenges.cog.memories import ANNIVERSARY_JOB
from cogs.challenges.cog.pairs import PairCommands
from cogs.challenges.cog.schedules import ScheduleCommands
from cogs.challenges.repository.board import BoardStore
from cogs.challenges.repository.completions import CompletionStore
from cogs.challenges.repository.data_owner import ChallengeDataOwner
from cogs.challenges.repository.memories import MemoryDataOwner, MemoryStore
from cogs.challenges.repository.pair_data_owner import PairDataOwner
from cogs.challenges.repository.pair_schedules import PairScheduleStore
from cogs.challenges.repository.pairs import PairStore
from cogs.challenges.repository.posts import PostStore
from cogs.challenges.repository.schedules import ChallengeScheduleStore
from cogs.challenges.views import COG_NAME, CompletionButton, PostButton


class Challenges(
    PairCommands,
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
        self.pair_store = PairStore(bot.db, bot.clock)
        self.pair_schedules = PairScheduleStore(bot.db, bot.clock)
        self.pair_data_owner = PairDataOwner(bot.db)
        self.pair_activities = load_pair_activities(bot.settings.data_dir)
        self.pair_locks: dict[int, asyncio.Lock] = {}
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(PostButton, CompletionButton, AskButton)
        for owner in (self.data_owner, self.memory_owner, self.pair_data_owner):
            self.bot.data_rights.register(owner)
        for schedule in await self.schedules.all():
            if not schedule.paused:
                await self.bot.scheduler.add(self._job(schedule))
        for pair_schedule in await self.pair_schedules.all():
            if not pair_schedule.paused:
                await self.bot.scheduler.add(self._pair_job(pair_schedule))
        await self.bot.scheduler.add(self.anniversary_job())

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PostButton, CompletionButton, AskButton)
        for owner in (self.data_owner, self.memory_owner, self.pair_data_owner):
            self.bot.data_rights.unregister(owner)
        for schedule in await self.schedules.all():
            self.bot.scheduler.remove(schedule.job_key)
        for pair_schedule in await self.pair_schedules.all():
            self.bot.scheduler.remove(pair_schedule.job_key)
        self.bot.scheduler.remove(ANNIVERSARY_JOB)
