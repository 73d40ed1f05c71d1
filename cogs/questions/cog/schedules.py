"""The admin commands that plan a channel's daily question: schedule, schedules, pause,
resume, skip and unschedule. Each saved schedule becomes a scheduler job (``Posting``)."""

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
from bot.timing.timeparse import format_weekdays, parse_weekdays
from cogs.questions.cog.posting import Posting
from cogs.questions.render import LIST_COLOUR, depth_label
from cogs.questions.repository.schedules import Schedule

SCHEDULE_DEPTH_CHOICES = [
    app_commands.Choice(
        name="ladder (starts light, deeper when members are ready)", value="ladder"
    ),
    *(app_commands.Choice(name=f"fixed: up to {depth_label(d)}", value=str(d)) for d in (1, 2, 3)),
]
REPLIES = ScheduleReplies(
    none_here="no_schedule_here",
    paused="paused_done",
    resumed="resumed_done",
    unscheduled="unscheduled_done",
    skip_while_paused="skip_paused",
    skip_nothing="skip_nothing",
    skipped="skipped_done",
    list_none="no_schedules",
    list_title="schedules_title",
    list_paused="paused",
)


class ScheduleCommands(Posting):
    """/question schedule, schedules, pause, resume, skip, unschedule (admins)."""

    @app_commands.command(name="schedule")
    @admin_only()
    @app_commands.describe(
        channel="Where the daily question goes",
        time="When, in the server's time zone: 9:00, 9am, 21:30",
        timezone="The server's time zone, like Europe/London",
        days="daily (default), weekdays, weekends or days like mon,wed,fri",
        ping_role="A role to mention with each question (optional)",
        depth="ladder (default): start light, go deeper when members are ready; or a fixed ceiling",
    )
    @app_commands.choices(depth=SCHEDULE_DEPTH_CHOICES)
    async def schedule(
        self,
        interaction: discord.Interaction[Kindred],
        channel: discord.TextChannel,
        time: TimeOption,
        timezone: TimezoneOption,
        days: str = "daily",
        ping_role: discord.Role | None = None,
        depth: str = "ladder",
    ) -> None:
        """Post a daily question in a channel (creates or updates its schedule)."""
        guild_id, _ = server_of(interaction)
        weekdays = parse_weekdays(days)
        if ping_role is not None and ping_role.is_default():
            raise UserFacingError(self.text("ping_everyone"))
        self._require_permissions(bot_permissions_in(interaction, channel), channel.mention)
        now = self.bot.clock.now()
        schedule = Schedule(
            channel_id=channel.id,
            guild_id=guild_id,
            at=time,
            zone=timezone,
            weekdays=weekdays,
            ping_role_id=ping_role.id if ping_role else None,
            fixed_depth=None if depth == "ladder" else int(depth),
            paused=False,
            active_since=now,
        )
        existed = await self.schedules.get(channel.id) is not None
        await self.schedules.save(schedule)
        await replan(self.bot.scheduler, self._job(schedule))
        await interaction.response.send_message(
            self.text(
                "schedule_updated" if existed else "schedule_created",
                channel=channel.mention,
                when=self._describe(schedule),
                next=next_times(schedule.rule, now),
            ),
            ephemeral=True,
        )

    def _describe(self, schedule: Schedule) -> str:
        depth = (
            self.text("describe_ladder")
            if schedule.fixed_depth is None
            else self.text("describe_fixed_depth", depth=depth_label(schedule.fixed_depth))
        )
        parts = {
            "time": f"{schedule.at:%H:%M}",
            "zone": schedule.zone.key,
            "days": format_weekdays(schedule.weekdays),
            "depth": depth,
        }
        if schedule.ping_role_id:
            return self.text("describe_schedule_ping", role=f"<@&{schedule.ping_role_id}>", **parts)
        return self.text("describe_schedule", **parts)

    @property
    def _channel_schedules(self) -> ScheduleAdmin[Schedule]:
        return ScheduleAdmin(
            self.schedules, self.bot.scheduler, self.bot.clock, self.text, REPLIES, self._job
        )

    @app_commands.command(name="schedules")
    @admin_only()
    async def list_schedules(self, interaction: discord.Interaction[Kindred]) -> None:
        """Every daily-question schedule in this server, with the next send times."""
        guild_id, _ = server_of(interaction)
        found = await self.schedules.all(guild_id)
        await self._channel_schedules.listing(
            interaction, found, self._describe, colour=LIST_COLOUR
        )

    @app_commands.command(name="pause")
    @admin_only()
    @app_commands.describe(channel="The channel whose daily question should pause")
    async def pause(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Pause a channel's daily question (nothing is posted until you resume)."""
        await self._channel_schedules.pause(interaction, channel.id, channel=channel.mention)

    @app_commands.command(name="resume")
    @admin_only()
    @app_commands.describe(channel="The channel whose daily question should resume")
    async def resume(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Resume a paused daily question (missed days are not caught up)."""

        def check(_schedule: Schedule) -> None:
            self._require_permissions(bot_permissions_in(interaction, channel), channel.mention)

        await self._channel_schedules.resume(
            interaction, channel.id, check, channel=channel.mention
        )

    @app_commands.command(name="skip")
    @admin_only()
    @app_commands.describe(channel="The channel whose next daily question should be skipped")
    async def skip(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Skip only the next daily question in a channel."""
        await self._channel_schedules.skip(interaction, channel.id, channel=channel.mention)

    @app_commands.command(name="unschedule")
    @admin_only()
    @app_commands.describe(channel="The channel that should stop getting daily questions")
    async def unschedule(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Stop a channel's daily question for good (its past posts stay)."""
        await self._channel_schedules.unschedule(interaction, channel.id, channel=channel.mention)
