"""/review: two partners' regular review, asked privately and revealed only together.

One cog, so one /review group and one /help section, put together from its parts, one job
per module: ``invites`` (/review start and Accept / Decline), ``scheduled`` (a round per
occurrence, its letters, the reminder and the closing), ``answering`` (the round's buttons,
its two forms and the reveal) and ``manage`` (/review history, /review stop, /mydata). The
state they share is declared in ``base``.
"""

from __future__ import annotations

from discord.ext import commands

from bot.app.client import Kindred
from cogs.reviews.cog.answering import RoundAnswers
from cogs.reviews.cog.base import GONE_WORK, REVIEW_KIND, SOURCE_NAME, TIMERS
from cogs.reviews.cog.invites import InviteCommands
from cogs.reviews.cog.manage import ManageCommands, ReviewData
from cogs.reviews.cog.scheduled import ReviewSource, ScheduledRounds
from cogs.reviews.prompts import load_prompts
from cogs.reviews.repository.data_owner import GoneNotices, ReviewDataOwner
from cogs.reviews.repository.pairs import PairStore
from cogs.reviews.repository.rounds import RoundStore
from cogs.reviews.views import COG_NAME, InviteButton, RoundButton


class Reviews(
    ManageCommands,
    RoundAnswers,
    ScheduledRounds,
    InviteCommands,
    commands.GroupCog,
    name=COG_NAME,
    group_name="review",
):
    """A regular, private relationship review for two: answered apart, read together."""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.pairs = PairStore(bot.db)
        self.rounds = RoundStore(bot.db, bot.vault, self.pairs)
        self.prompts = load_prompts(bot.settings.data_dir)
        self.data_owner = ReviewDataOwner(bot.db, bot.vault, bot.clock)
        self.notices = GoneNotices(bot.db)
        self.data = ReviewData(self)
        self.retries = {}
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(InviteButton, RoundButton)
        self.bot.delivery.register_kind(REVIEW_KIND, self.text("kind_label"))
        self.bot.data_rights.register(self.data)
        engine = self.bot.engine
        engine.plan(TIMERS, self.run_timers)
        engine.plan(GONE_WORK, self.send_gone_notices)
        await self.bot.scheduler.add_source(ReviewSource(self.pairs, self))
        for work in (TIMERS, GONE_WORK):
            engine.wake(work)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(InviteButton, RoundButton)
        self.bot.data_rights.unregister(self.data)
        self.bot.scheduler.remove_source(SOURCE_NAME)
        for work in (TIMERS, GONE_WORK):
            self.bot.engine.drop(work)
