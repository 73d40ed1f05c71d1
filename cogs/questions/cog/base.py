"""What every part of the /question cog shares: the bot, the feature's stores and question
bank, and the questions a server can be asked."""

from __future__ import annotations

import asyncio
import random
import weakref

from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text
from cogs.questions.bank import CATEGORIES, Question
from cogs.questions.render import category_label, depth_label
from cogs.questions.repository.answers import AnswerStore
from cogs.questions.repository.channels import ChannelStore
from cogs.questions.repository.own_questions import OwnQuestionStore
from cogs.questions.repository.schedules import ScheduleStore
from cogs.questions.similarity import find_near_duplicate

QUESTION_MIN_CHARS = 10
QUESTION_MAX_CHARS = 200

CATEGORY_CHOICES = [app_commands.Choice(name=category_label(c), value=c) for c in CATEGORIES]
DEPTH_CHOICES = [app_commands.Choice(name=depth_label(d), value=d) for d in (1, 2, 3)]


class QuestionsBase(commands.Cog):
    """The state the cog's parts share; ``Questions.__init__`` sets it.

    A part is a ``Cog`` only so that discord.py's decorators accept its commands; the one
    cog Kindred loads is ``Questions``, which is all the parts at once.
    """

    bot: Kindred
    schedules: ScheduleStore
    channels: ChannelStore
    answers: AnswerStore
    own_questions: OwnQuestionStore
    bank: list[Question]
    rng: random.Random
    #: A lock per member saving an answer right now (weakly held: gone when unused).
    answer_locks: weakref.WeakValueDictionary[int, asyncio.Lock]

    def text(self, key: str, /, **values: object) -> str:
        return self.bot.messages.get(f"questions.{key}", **values)

    async def _candidates(self, guild_id: int) -> list[Question]:
        """The shipped bank and the server's own questions."""
        return [*self.bank, *await self.own_questions.custom_questions(guild_id)]

    async def _ceiling(self, channel_id: int, guild_id: int) -> int:
        """How deep questions may go in a channel: a fixed depth, or its ladder level."""
        schedule = await self.schedules.get(channel_id)
        if schedule is not None and schedule.fixed_depth is not None:
            return schedule.fixed_depth
        return (await self.channels.state(channel_id, guild_id)).ladder_level

    def _clean_question(self, raw: str) -> str:
        """A question a member suggests or an admin adds, on one line and long enough."""
        text = clean_user_text(raw, max_chars=QUESTION_MAX_CHARS, what=self.text("what_question"))
        if "\n" in text:
            raise UserFacingError(self.text("one_line"))
        if len(text) < QUESTION_MIN_CHARS:
            raise UserFacingError(self.text("too_short", minimum=QUESTION_MIN_CHARS))
        return text

    async def _refuse_near_duplicate(self, guild_id: int, text: str) -> None:
        """A new question must differ from every question here and every one waiting.

        Only a published question is quoted back: a waiting suggestion is another member's
        private words until an admin approves it, so it is refused without being shown.
        """
        published = [(q.key, q.text) for q in await self._candidates(guild_id)]
        match = find_near_duplicate(text, published)
        if match is not None:
            raise UserFacingError(self.text("near_duplicate", match=match.text))
        waiting = [
            (f"suggestion:{s.id}", s.text)
            for s in await self.own_questions.pending_suggestions(guild_id)
        ]
        if find_near_duplicate(text, waiting) is not None:
            raise UserFacingError(self.text("near_duplicate_waiting"))
