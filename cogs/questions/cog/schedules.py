"""The admin commands that plan a channel's daily question: schedule, schedules, pause,
resume, skip and unschedule. Each saved schedule becomes a scheduler job (``Posting``)."""

from __future__ import annotations

from datetime import datetime

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.channel_schedules import bot_permissions_in, next_times
from bot.interactions.checks import admin_only, server_of
from bot.interactions.options import TimeOption, TimezoneOption
from bot.interactions.user_error import UserFacingError
from bot.timing.timeparse import format_weekdays, parse_weekdays
from cogs.questions.cog.posting import Posting
from cogs.questions.render import depth_label, field_pages
from cogs.questions.repository.schedules import Schedule

SCHEDULE_DEPTH_CHOICES = [
    app_commands.Choice(
        name="ladder (starts light, deeper when members are ready)", value="ladder"
    ),
    *(app_commands.Choice(name=f"fixed: up to {depth_label(d)}", value=str(d)) for d in (1, 2, 3)),
]


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
        await self._replan(schedule)
        await interaction.response.send_message(
            self.text(
                "schedule_updated" if existed else "schedule_created",
                channel=channel.mention,
                when=self._describe(schedule),
                next=self._next_times(schedule, now),
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

    def _next_times(self, schedule: Schedule, now: datetime) -> str:
        return next_times(schedule.rule, now)

    @app_commands.command(name="schedules")
    @admin_only()
    async def list_schedules(self, interaction: discord.Interaction[Kindred]) -> None:
        """Every daily-question schedule in this server, with the next send times."""
        guild_id, _ = server_of(interaction)
        found = await self.schedules.all(guild_id)
        if not found:
            await interaction.response.send_message(self.text("no_schedules"), ephemeral=True)
            return
        now = self.bot.clock.now()
        fields = [
            (
                f"#{self._channel_name(schedule.channel_id)}",
                self._describe(schedule)
                + "\n"
                + (self.text("paused") if schedule.paused else self._next_times(schedule, now)),
            )
            for schedule in found
        ]
        first, *more = [
            discord.Embed.from_dict(page)
            for page in field_pages(self.text("schedules_title"), fields)
        ]
        await interaction.response.send_message(embed=first, ephemeral=True)
        for page in more:
            await interaction.followup.send(embed=page, ephemeral=True)

    def _channel_name(self, channel_id: int) -> str:
        channel = self.bot.get_channel(channel_id)
        return getattr(channel, "name", None) or str(channel_id)

    async def _existing(self, channel: discord.TextChannel) -> Schedule:
        schedule = await self.schedules.get(channel.id)
        if schedule is None:
            raise UserFacingError(self.text("no_schedule_here", channel=channel.mention))
        return schedule

    @app_commands.command(name="pause")
    @admin_only()
    @app_commands.describe(channel="The channel whose daily question should pause")
    async def pause(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Pause a channel's daily question (nothing is posted until you resume)."""
        schedule = await self._existing(channel)
        await self.schedules.set_paused(channel.id, True, schedule.active_since)
        self.bot.scheduler.remove(schedule.job_key)
        await interaction.response.send_message(
            self.text("paused_done", channel=channel.mention), ephemeral=True
        )

    @app_commands.command(name="resume")
    @admin_only()
    @app_commands.describe(channel="The channel whose daily question should resume")
    async def resume(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Resume a paused daily question (missed days are not caught up)."""
        await self._existing(channel)  # a friendly error if there is none
        self._require_permissions(bot_permissions_in(interaction, channel), channel.mention)
        now = self.bot.clock.now()
        await self.schedules.set_paused(channel.id, False, now)
        resumed = await self._existing(channel)
        await self._replan(resumed)
        await interaction.response.send_message(
            self.text("resumed_done", channel=channel.mention, next=self._next_times(resumed, now)),
            ephemeral=True,
        )

    @app_commands.command(name="skip")
    @admin_only()
    @app_commands.describe(channel="The channel whose next daily question should be skipped")
    async def skip(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Skip only the next daily question in a channel."""
        schedule = await self._existing(channel)
        if schedule.paused:
            raise UserFacingError(self.text("skip_paused", channel=channel.mention))
        skipped = await self.bot.scheduler.skip_next(schedule.job_key)
        if skipped is None:
            raise UserFacingError(self.text("skip_nothing", channel=channel.mention))
        stamp = int(skipped.fires_at.timestamp())
        await interaction.response.send_message(
            self.text("skipped_done", channel=channel.mention, when=f"<t:{stamp}:F>"),
            ephemeral=True,
        )

    @app_commands.command(name="unschedule")
    @admin_only()
    @app_commands.describe(channel="The channel that should stop getting daily questions")
    async def unschedule(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Stop a channel's daily question for good (its past posts stay)."""
        schedule = await self._existing(channel)
        await self.schedules.delete(channel.id)
        self.bot.scheduler.remove(schedule.job_key)
        await interaction.response.send_message(
            self.text("unscheduled_done", channel=channel.mention), ephemeral=True
        )
