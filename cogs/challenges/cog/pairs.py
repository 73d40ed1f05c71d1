"""/challenge pairs: join, leave and status for members; schedule, pause, resume,
unschedule and now for admins; and the Stay / Leave answer of a silent member.

Every answer is private. Status tells a member whether they are in, their group's thread
and when the next round is, and never who declined, who listed whom or why a round found
them nobody.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.channel_schedules import bot_permissions_in, missing_permissions
from bot.interactions.checks import admin_only, server_of
from bot.interactions.options import TimeOption, TimezoneOption
from bot.interactions.origin import require_origin
from bot.interactions.schedule_admin import ScheduleAdmin, ScheduleReplies
from bot.interactions.user_error import UserFacingError
from bot.outbound.pacer import TargetUnavailable
from bot.timing.cadence import CADENCES, first_round, next_rounds
from cogs.challenges.cog.ask_buttons import AskAction
from cogs.challenges.cog.pair_rounds import PairRounds
from cogs.challenges.repository.pair_schedules import PairSchedule
from cogs.challenges.repository.pairs import RoundTooSoon

PAIR_PERMISSIONS = (
    "view_channel",
    "create_private_threads",
    "send_messages_in_threads",
    "read_message_history",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_CHOICES = [app_commands.Choice(name=name, value=i) for i, name in enumerate(WEEKDAYS)]
CADENCE_CHOICES = [app_commands.Choice(name=c.capitalize(), value=c) for c in CADENCES]
SHOWN_ROUNDS = 3
PAIR_REPLIES = ScheduleReplies(
    none_here="pairs_no_schedule",
    paused="pairs_paused",
    resumed="pairs_resumed",
    unscheduled="pairs_unscheduled",
    already_paused="pairs_already_paused",
    not_paused="pairs_not_paused",
)


class PairCommands(PairRounds):
    """/challenge pairs …"""

    pairs = app_commands.Group(name="pairs", description="Buddy pairings: meet someone, kindly")

    async def _reply(self, interaction: discord.Interaction[Kindred], text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True)

    def _when(self, schedule: PairSchedule | None, count: int = 1) -> str:
        """The next rounds, or a line saying none is planned yet."""
        if schedule is None:
            return self.text("pairs_no_schedule_yet")
        if schedule.paused:
            return self.text("pairs_rounds_paused")
        rounds = next_rounds(
            schedule.rule, schedule.cadence, schedule.anchor, self.bot.clock.now(), count
        )
        return ", ".join(f"<t:{int(o.fires_at.timestamp())}:F>" for o in rounds)

    # -- members ------------------------------------------------------------------------

    @pairs.command(name="join")
    @app_commands.guild_only()
    async def pairs_join(self, interaction: discord.Interaction[Kindred]) -> None:
        """Join this server's buddy pairings: a small private chat with someone new."""
        guild_id, _ = server_of(interaction)
        user_id = interaction.user.id
        if not (await self.bot.members.get(user_id)).pairing:
            raise UserFacingError(self.text("pairs_pairing_off"))
        joined = await self.pair_store.join(guild_id, user_id)
        schedule = await self.pair_schedules.get(guild_id)
        key = "pairs_joined" if joined else "pairs_already_in"
        await self._reply(interaction, self.text(key, next=self._when(schedule)))

    @pairs.command(name="leave")
    @app_commands.guild_only()
    async def pairs_leave(self, interaction: discord.Interaction[Kindred]) -> None:
        """Leave this server's buddy pairings (no hard feelings, ever)."""
        guild_id, _ = server_of(interaction)
        left = await self.pair_store.leave(guild_id, interaction.user.id)
        await self._reply(interaction, self.text("pairs_left" if left else "pairs_not_in"))

    @pairs.command(name="status")
    @app_commands.guild_only()
    async def pairs_status(self, interaction: discord.Interaction[Kindred]) -> None:
        """Whether you're in buddy pairings here, your group's thread and the next round."""
        guild_id, _ = server_of(interaction)
        user_id = interaction.user.id
        membership = await self.pair_store.membership(guild_id, user_id)
        schedule = await self.pair_schedules.get(guild_id)
        if membership is None:
            await self._reply(interaction, self.text("pairs_status_out"))
            return
        lines = [self.text("pairs_status_in")]
        if not (await self.bot.members.get(user_id)).pairing:
            lines.append(self.text("pairs_status_pairing_off"))
        group = await self.pair_store.current_group(guild_id, user_id)
        if group is not None and group.thread_id is not None:
            lines.append(self.text("pairs_status_thread", thread=f"<#{group.thread_id}>"))
        latest = await self.pair_store.latest_round(guild_id)
        if latest is not None and membership.left_out_round == latest:
            lines.append(self.text("pairs_status_left_out"))
        if membership.asked:
            lines.append(self.text("pairs_status_asked"))
        lines.append(self.text("pairs_status_next", next=self._when(schedule)))
        await self._reply(interaction, "\n".join(lines))

    # -- admins -------------------------------------------------------------------------

    def _require_pair_permissions(self, permissions: discord.Permissions, where: str) -> None:
        """Refuse before saving anything if Kindred could not make private threads there."""
        missing = [
            self.text(f"pairs_permission_{p}")
            for p in missing_permissions(permissions, PAIR_PERMISSIONS)
        ]
        if missing:
            raise UserFacingError(
                self.text("pairs_missing_permissions", channel=where, missing=", ".join(missing))
            )

    @pairs.command(name="schedule")
    @admin_only()
    @app_commands.describe(
        channel="Where the private buddy threads are made",
        cadence="How often members are paired",
        day="The day of the week of each round",
        time="When, in the server's time zone: 18:00, 6pm",
        timezone="The server's time zone, like Europe/London",
    )
    @app_commands.choices(cadence=CADENCE_CHOICES)
    @app_commands.choices(day=DAY_CHOICES)
    async def pairs_schedule(
        self,
        interaction: discord.Interaction[Kindred],
        channel: discord.TextChannel,
        cadence: str,
        day: int,
        time: TimeOption,
        timezone: TimezoneOption,
    ) -> None:
        """Pair members who joined, every week, fortnight or month (one schedule a server)."""
        guild_id, _ = server_of(interaction)
        existing = await self.pair_schedules.get(guild_id)
        if existing is not None:
            raise UserFacingError(
                self.text("pairs_schedule_exists", channel=f"<#{existing.channel_id}>")
            )
        self._require_pair_permissions(bot_permissions_in(interaction, channel), channel.mention)
        now = self.bot.clock.now()
        draft = PairSchedule(guild_id, channel.id, cadence, day, time, timezone, now.date(), now)
        anchor = first_round(draft.rule, cadence, now).local_date
        schedule = PairSchedule(guild_id, channel.id, cadence, day, time, timezone, anchor, now)
        if not await self.pair_schedules.create(schedule):  # another admin, at the same moment
            raise UserFacingError(self.text("pairs_schedule_exists", channel=channel.mention))
        await self.bot.scheduler.add(self._pair_job(schedule))
        await self._reply(
            interaction,
            self.text(
                "pairs_scheduled",
                channel=channel.mention,
                cadence=self.text(f"pairs_cadence_{cadence}"),
                next=self._when(schedule, SHOWN_ROUNDS),
            ),
        )

    @property
    def _pair_schedule_admin(self) -> ScheduleAdmin[PairSchedule]:
        return ScheduleAdmin(
            self.pair_schedules,
            self.bot.scheduler,
            self.bot.clock,
            self.text,
            PAIR_REPLIES,
            self._pair_job,
        )

    @pairs.command(name="unschedule")
    @admin_only()
    async def pairs_unschedule(self, interaction: discord.Interaction[Kindred]) -> None:
        """Stop buddy rounds in this server (members stay joined; past threads stay)."""
        guild_id, _ = server_of(interaction)
        await self._pair_schedule_admin.unschedule(interaction, guild_id)

    def _schedule_channel(self, schedule: PairSchedule) -> discord.TextChannel:
        channel = self.bot.get_channel(schedule.channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise UserFacingError(self.text("pairs_channel_gone"))
        return channel

    @pairs.command(name="pause")
    @admin_only()
    async def pairs_pause(self, interaction: discord.Interaction[Kindred]) -> None:
        """Pause buddy rounds in this server (resume any time; nothing is lost)."""
        guild_id, _ = server_of(interaction)
        await self._pair_schedule_admin.pause(interaction, guild_id)

    @pairs.command(name="resume")
    @admin_only()
    async def pairs_resume(self, interaction: discord.Interaction[Kindred]) -> None:
        """Resume paused buddy rounds (rounds missed meanwhile are not made)."""
        guild_id, _ = server_of(interaction)

        def check(schedule: PairSchedule) -> None:
            channel = self._schedule_channel(schedule)
            self._require_pair_permissions(
                bot_permissions_in(interaction, channel), channel.mention
            )

        await self._pair_schedule_admin.resume(
            interaction, guild_id, check, lambda resumed: self._when(resumed, SHOWN_ROUNDS)
        )

    @pairs.command(name="now")
    @admin_only()
    async def pairs_now(self, interaction: discord.Interaction[Kindred]) -> None:
        """Pair members now: in the scheduled channel, or here if there is no schedule."""
        guild_id, channel_id = server_of(interaction)
        schedule = await self.pair_schedules.get(guild_id)
        if schedule is not None:
            channel = self._schedule_channel(schedule)
            self._require_pair_permissions(
                bot_permissions_in(interaction, channel), channel.mention
            )
            channel_id = channel.id
        else:
            if not isinstance(interaction.channel, discord.TextChannel):
                raise UserFacingError(self.text("pairs_not_here"))
            self._require_pair_permissions(
                interaction.app_permissions, self.text("pairs_this_channel")
            )
        too_soon = await self.pair_store.next_now_allowed(guild_id)
        if too_soon is not None:  # the quick answer; the round's own transaction decides
            raise UserFacingError(
                self.text("pairs_now_too_soon", when=f"<t:{int(too_soon.timestamp())}:R>")
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            made = await self.run_round(guild_id, channel_id, None, cooldown=True)
        except TargetUnavailable:
            raise UserFacingError(self.text("pairs_now_refused")) from None
        except RoundTooSoon as exc:  # another admin's round won, a moment ago
            when = f"<t:{int(exc.allowed_at.timestamp())}:R>"
            raise UserFacingError(self.text("pairs_now_too_soon", when=when)) from None
        if made is None:
            raise UserFacingError(self.text("pairs_now_nobody"))
        await interaction.followup.send(
            self.text(
                "pairs_now_done",
                groups=made.groups,
                unpaired=made.unpaired,
                channel=f"<#{channel_id}>",
            ),
            ephemeral=True,
        )

    # -- Stay / Leave -------------------------------------------------------------------

    async def on_ask_button(
        self, interaction: discord.Interaction[Any], action: AskAction, ask_id: int
    ) -> None:
        ask = await self.pair_store.ask(ask_id)
        if ask is None:
            raise UserFacingError(self.text("pairs_ask_gone"))
        require_origin(
            interaction,
            guild_id=ask.guild_id,
            channel_ids=[ask.thread_id],
            message_id=ask.message_id,
        )
        if interaction.user.id != ask.user_id:
            raise UserFacingError(self.text("pairs_ask_not_yours"))
        if ask.answer is not None:
            raise UserFacingError(self.text("pairs_ask_answered"))
        if await self.pair_store.membership(ask.guild_id, ask.user_id) is None:
            raise UserFacingError(self.text("pairs_ask_not_in"))
        stay = action is AskAction.STAY
        if not await self.pair_store.answer(ask, stay=stay):
            raise UserFacingError(self.text("pairs_ask_answered"))
        await self._reply(interaction, self.text("pairs_stayed" if stay else "pairs_left"))
