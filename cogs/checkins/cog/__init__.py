"""/checkin: private check-ins, asked by DM at the member's own time or right where they are.

One cog, so one /checkin group and one /help section, put together from its parts, one job
per module: ``flow`` (every press on a check-in: mood or Pass, wish, note, the validating
reply), ``scheduled`` (the recurring source sending a scheduled check-in by DM, and the daily
purge of expired notes), ``schedules`` (/checkin start, pause, resume, stop) and ``asking``
(/checkin now and history); ``buddies`` (/checkin buddy add, remove, list), ``sharing``
(Share with …?, the buddy's letter and answer) and ``care`` (the gentle suggestion) fill in the
seams. The state they share, and those seams (``offer_sharing``, ``after_answer``), are
declared in ``base``.

The group is declared for server installs and user installs, in servers, in the DM with the
bot and in private channels: a check-in belongs to its member, not to a server, so every
command works with no server at all (``interaction.guild`` None).
"""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from cogs.checkins.buddies.kinds import BUDDY_KIND
from cogs.checkins.buddies.views import DYNAMIC_ITEMS as BUDDY_ITEMS
from cogs.checkins.cog.asking import AskingCommands
from cogs.checkins.cog.buddies import BuddyCommands
from cogs.checkins.cog.care import Care
from cogs.checkins.cog.scheduled import PURGE_JOB
from cogs.checkins.cog.sharing import Sharing
from cogs.checkins.content import CheckinContent
from cogs.checkins.kinds import KINDS
from cogs.checkins.repository.buddies import BuddyStore
from cogs.checkins.repository.checkins import CheckinStore
from cogs.checkins.repository.data_owner import CheckinDataOwner
from cogs.checkins.repository.schedules import SOURCE_NAME, CheckinScheduleStore
from cogs.checkins.repository.shares import ShareStore
from cogs.checkins.views import COG_NAME, CheckinButton


@app_commands.allowed_installs(guilds=True, users=True)
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
class Checkins(
    Care,
    Sharing,
    BuddyCommands,
    AskingCommands,
    commands.GroupCog,
    name=COG_NAME,
    group_name="checkin",
):
    """Check in with yourself, privately: how are you really doing?"""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.schedules = CheckinScheduleStore(bot.db)
        self.checkins = CheckinStore(bot.db, bot.vault)
        self.data_owner = CheckinDataOwner(bot.db, bot.vault)
        self.content = CheckinContent.from_data_dir(bot.settings.data_dir)
        self.buddies = BuddyStore(bot.db, bot.vault)
        self.shares = ShareStore(bot.db)
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(CheckinButton)
        self.bot.data_rights.register(self.data_owner)
        for kind in KINDS:
            self.bot.delivery.register_kind(kind, self.text(f"kind_{kind}"))
        self.bot.delivery.register_kind(BUDDY_KIND, self.text("buddy.kind"))
        self.bot.add_dynamic_items(*BUDDY_ITEMS)
        await self.bot.scheduler.add_source(self.checkin_source())
        await self.bot.scheduler.add(self.purge_job(self.bot.clock.now()))

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(CheckinButton)
        self.bot.data_rights.unregister(self.data_owner)
        self.bot.scheduler.remove_source(SOURCE_NAME)
        self.bot.scheduler.remove(PURGE_JOB)
        self.bot.remove_dynamic_items(*BUDDY_ITEMS)
