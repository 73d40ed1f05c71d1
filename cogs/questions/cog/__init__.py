"""/question: daily questions that grow conversation, going deeper only by consent.

One cog, so one /question group and one /help section, put together from its parts, one
job per module: ``schedules`` (admins plan a channel's question), ``posting`` (picking and
posting, the thread, /question now and today), ``answers`` (every button on a post or an
answer), ``writing`` (the answer forms, saving and posting), ``suggestions`` (suggest and
review) and ``own_questions`` (add, remove, bank). The state they share is declared in
``base``.
"""

from __future__ import annotations

import random
import weakref

from discord.ext import commands

from bot.app.client import Kindred
from cogs.questions.bank import load_bank
from cogs.questions.cog.answers import AnswerButtons
from cogs.questions.cog.own_questions import OwnQuestionCommands
from cogs.questions.cog.posting import PostingCommands
from cogs.questions.cog.schedules import ScheduleCommands
from cogs.questions.cog.suggestions import OUTCOME_KIND, SuggestionCommands
from cogs.questions.repository.answers import AnswerStore
from cogs.questions.repository.channels import ChannelStore
from cogs.questions.repository.data_owner import QuestionDataOwner
from cogs.questions.repository.own_questions import OwnQuestionStore
from cogs.questions.repository.schedules import ScheduleStore
from cogs.questions.views import COG_NAME, AnswerButton, PostButton


# discord.py gathers a cog's commands from its last base to its first, and /help lists them
# in that order: schedules, then now and today, then suggest and review, then add, remove
# and bank. Hence the parts are listed here from the last of those to the first.
class Questions(
    OwnQuestionCommands,
    SuggestionCommands,
    AnswerButtons,
    PostingCommands,
    ScheduleCommands,
    commands.GroupCog,
    name=COG_NAME,
    group_name="question",
):
    """A daily question in your channels; answers in a thread, named or anonymous."""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.schedules = ScheduleStore(bot.db, bot.clock)
        self.channels = ChannelStore(bot.db, bot.clock)
        self.answers = AnswerStore(bot.db, bot.vault, bot.clock)
        self.own_questions = OwnQuestionStore(bot.db, bot.vault, bot.clock)
        self.data_owner = QuestionDataOwner(bot.db, bot.vault)
        self.bank = load_bank(bot.settings.data_dir)
        self.rng = random.SystemRandom()
        self.answer_locks = weakref.WeakValueDictionary()
        super().__init__()

    async def cog_load(self) -> None:
        await self.answers.adopt_legacy_authors()
        self.bot.add_dynamic_items(PostButton, AnswerButton)
        self.bot.data_rights.register(self.data_owner)
        self.bot.delivery.register_kind(OUTCOME_KIND, self.text("dm_kind_outcomes"))
        for schedule in await self.schedules.all():
            if not schedule.paused:
                await self.bot.scheduler.add(self._job(schedule))

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PostButton, AnswerButton)
        self.bot.data_rights.unregister(self.data_owner)
        for schedule in await self.schedules.all():
            self.bot.scheduler.remove(schedule.job_key)
