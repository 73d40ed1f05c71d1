"""The admin commands that plan a channel's challenges: schedule, schedules, pause, resume,
skip and unschedule. Each saved schedule becomes a scheduler job (``scheduled``).

Every refusal (a second schedule, a bad day or kind, @everyone as the ping, a channel
Kindred cannot post in) comes before anything is saved.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.channel_schedules import bot_permissions_in, next_times
from bot.interactions.checks import admin_only, server_of
from bot.interactions.options import TimeOption, TimezoneOption
from bot.interactions.schedule_admin import ScheduleAdmin, ScheduleReplies
from bot.interactions.user_error import UserFacingError
from bot.outbound.schedule_jobs import replan
from cogs.challenges.cog.scheduled import ScheduledPosting
from cogs.challenges.render import POST_COLOUR
from cogs.challenges.repository.schedules import ChallengeSchedule
from cogs.challenges.schedule_options import (
    DAYS,
    ScheduleOptionError,
    describe_kinds,
    parse_kinds,
    weekdays_for,
)

CADENCE_CHOICES = [app_commands.Choice(name=c, value=c) for c in ("daily", "weekly")]
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_CHOICES = [app_commands.Choice(name=n, value=d) for d, n in zip(DAYS, DAY_NAMES, strict=True)]
REPLIES = ScheduleReplies(
    none_here="schedule_none_here",
    paused="schedule_paused_done",
    resumed="schedule_resumed_done",
    unscheduled="schedule_unscheduled_done",
    skip_while_paused="schedule_skip_paused",
    skip_nothing="schedule_skip_nothing",
    skipped="schedule_skipped_done",
    list_none="schedule_none",
    list_title="schedule_list_title",
    list_paused="schedule_paused_label",
)


class ScheduleCommands(ScheduledPosting):
    """/challenge schedule, schedules, pause, resume, skip, unschedule (admins)."""

    @app_commands.command(name="schedule")
    @admin_only()
    @app_commands.describe(
        channel="Where the challenges go",
        cadence="daily, or weekly on one day",
        time="When, in the server's time zone: 9:00, 9am, 18:30",
        timezone="The server's time zone, like Europe/London",
        day="The day of a weekly challenge",
        kinds="Only these, comma-separated: laugh, creative, gratitude, memory, together, photo",
        ping_role="A role to mention with each challenge (optional)",
    )
    @app_commands.choices(cadence=CADENCE_CHOICES, day=DAY_CHOICES)
    async def schedule(
        self,
        interaction: discord.Interaction[Kindred],
        channel: discord.TextChannel,
        cadence: str,
        time: TimeOption,
        timezone: TimezoneOption,
        day: str | None = None,
        kinds: str | None = None,
        ping_role: discord.Role | None = None,
    ) -> None:
        """Post fun challenges in a channel, daily or weekly."""
        guild_id, _ = server_of(interaction)
        try:
            weekdays = weekdays_for(cadence, day)
            chosen = parse_kinds(kinds)
        except ScheduleOptionError as bad:
            raise UserFacingError(self.text(bad.key, **bad.values)) from None
        if ping_role is not None and ping_role.is_default():
            raise UserFacingError(self.text("schedule_ping_everyone"))
        self._require_permissions(
            bot_permissions_in(interaction, channel),
            "schedule_missing_permissions",
            channel=channel.mention,
        )
        existing = await self.schedules.get(channel.id)
        if existing is not None:
            raise UserFacingError(self._already(channel, existing))
        now = self.bot.clock.now()
        schedule = ChallengeSchedule(
            channel_id=channel.id,
            guild_id=guild_id,
            at=time,
            zone=timezone,
            weekdays=weekdays,
            kinds=chosen,
            ping_role_id=ping_role.id if ping_role else None,
            paused=False,
            active_since=now,
        )
        if not await self.schedules.create(schedule):  # another admin was a moment faster
            raced = await self.schedules.get(channel.id)
            raise UserFacingError(self._already(channel, raced or schedule))
        await replan(self.bot.scheduler, self._job(schedule))
        await interaction.response.send_message(
            self.text(
                "schedule_created",
                channel=channel.mention,
                when=self._describe(schedule),
                next=next_times(schedule.rule, now),
            ),
            ephemeral=True,
        )

    def _already(self, channel: discord.TextChannel, schedule: ChallengeSchedule) -> str:
        return self.text("schedule_exists", channel=channel.mention, when=self._describe(schedule))

    def _describe(self, schedule: ChallengeSchedule) -> str:
        if schedule.daily:
            cadence = self.text("schedule_daily")
        else:
            [weekday] = schedule.weekdays
            cadence = self.text("schedule_weekly", day=DAY_NAMES[weekday])
        parts = {
            "cadence": cadence,
            "time": f"{schedule.at:%H:%M}",
            "zone": schedule.zone.key,
            "kinds": describe_kinds(schedule.kinds),
        }
        if schedule.ping_role_id:
            return self.text("schedule_describe_ping", role=f"<@&{schedule.ping_role_id}>", **parts)
        return self.text("schedule_describe", **parts)

    @property
    def _channel_schedules(self) -> ScheduleAdmin[ChallengeSchedule]:
        return ScheduleAdmin(
            self.schedules, self.bot.scheduler, self.bot.clock, self.text, REPLIES, self._job
        )

    @app_commands.command(name="schedules")
    @admin_only()
    async def list_schedules(self, interaction: discord.Interaction[Kindred]) -> None:
        """Every challenge schedule in this server, with its next three send times."""
        guild_id, _ = server_of(interaction)
        found = await self.schedules.all(guild_id)
        await self._channel_schedules.listing(
            interaction, found, self._describe, colour=POST_COLOUR
        )

    @app_commands.command(name="pause")
    @admin_only()
    @app_commands.describe(channel="The channel whose challenges should pause")
    async def pause(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Pause a channel's challenges (nothing is posted until you resume)."""
        await self._channel_schedules.pause(interaction, channel.id, channel=channel.mention)

    @app_commands.command(name="resume")
    @admin_only()
    @app_commands.describe(channel="The channel whose challenges should resume")
    async def resume(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Resume a channel's paused challenges (missed ones are not caught up)."""

        def check(_schedule: ChallengeSchedule) -> None:
            self._require_permissions(
                bot_permissions_in(interaction, channel),
                "schedule_missing_permissions",
                channel=channel.mention,
            )

        await self._channel_schedules.resume(
            interaction, channel.id, check, channel=channel.mention
        )

    @app_commands.command(name="skip")
    @admin_only()
    @app_commands.describe(channel="The channel whose next challenge should be skipped")
    async def skip(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Skip only the next scheduled challenge in a channel."""
        await self._channel_schedules.skip(interaction, channel.id, channel=channel.mention)

    @app_commands.command(name="unschedule")
    @admin_only()
    @app_commands.describe(channel="The channel that should stop getting scheduled challenges")
    async def unschedule(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Stop a channel's scheduled challenges (its past challenges and threads stay)."""
        await self._channel_schedules.unschedule(interaction, channel.id, channel=channel.mention)
