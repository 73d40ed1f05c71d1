"""/lovelanguage: an original quiz, shareable profiles, comparison with concrete tips, and
weekly nudges.

One cog, so one /lovelanguage group and one /help section, put together from its parts, one
job per module: ``quiz_flow`` (taking the quiz, its screens and buttons), ``profiles``
(result, sharing, profiles, comparing, tips, learn, the server overview) and ``nudges`` (the
weekly DM). The state they share is declared in ``base``. /appreciate and the buttons of its
notes are a cog of their own, in ``notes``.

Everything private goes through ``bot.delivery`` (nudges, notes), so consent, quiet hours,
the weekly limit and closed DMs are handled once, for every feature.
"""

from __future__ import annotations

from discord.ext import commands

from bot.app.client import Kindred
from bot.outbound.scheduler import RecurringJob
from cogs.lovelanguages.cog.nudges import NUDGE_JOB, NUDGE_TIME, Nudges
from cogs.lovelanguages.cog.profiles import Profiles
from cogs.lovelanguages.cog.quiz_flow import QuizFlow
from cogs.lovelanguages.kinds import KINDS
from cogs.lovelanguages.quiz import load_quiz
from cogs.lovelanguages.repository import LoveLanguageStore
from cogs.lovelanguages.tips import TipBank
from cogs.lovelanguages.views import COG_NAME, QuizBack, QuizChoice, QuizStep


# discord.py gathers a cog's commands from its last base to its first, and /help lists them
# in that order: nudges, then quiz, then result … server. Hence the parts are listed here
# from the last of those to the first.
class LoveLanguages(
    Profiles,
    QuizFlow,
    Nudges,
    commands.GroupCog,
    name=COG_NAME,
    group_name="lovelanguage",
):
    """Find how you and the people around you like to receive care, and speak it."""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.store = LoveLanguageStore(bot.db, bot.clock, bot.vault.pseudonym)
        self.quiz = load_quiz(bot.settings.data_dir)
        self.tips = TipBank.from_data_dir(bot.settings.data_dir)
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(QuizChoice, QuizBack, QuizStep)
        self.bot.data_rights.register(self.store)
        for kind in KINDS:
            self.bot.delivery.register_kind(kind, self.text(f"kinds.{kind}"))
        await self.bot.scheduler.add(
            RecurringJob(
                NUDGE_JOB, NUDGE_TIME, self._nudge_run, self.bot.clock.now(), what="nudges"
            )
        )

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(QuizChoice, QuizBack, QuizStep)
        self.bot.data_rights.unregister(self.store)
        self.bot.scheduler.remove(NUDGE_JOB)
