"""/checkin start, pause, resume and stop: a member's own check-in schedule.

Every refusal comes before anything is saved, and every answer is private. Starting records
the member's consent to check-in DMs (they asked for them); stopping withdraws it. Each change
tells the scheduler, which looks again at when the next check-in is due.
"""

from __future__ import annotations

from datetime import timedelta

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.channel_schedules import next_times
from bot.interactions.options import TimeOption, TimezoneOption, WeekdaysOption
from bot.interactions.user_error import UserFacingError
from bot.timing.timeparse import ALL_DAYS, format_time, format_weekdays
from cogs.checkins.cog.scheduled import ScheduledCheckins
from cogs.checkins.kinds import CHECKIN_KIND
from cogs.checkins.repository.schedules import SOURCE_NAME, CheckinSchedule
from cogs.checkins.retention import (
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
)

MAX_PAUSE_DAYS = 90


class ScheduleCommands(ScheduledCheckins):
    """/checkin start, pause, resume, stop."""

    @app_commands.command(name="start")
    @app_commands.describe(
        time="When, in your time zone: 21:00, 9pm",
        timezone="Your time zone, like Europe/Lisbon",
        days="Which days (every day if left out): mon,wed,fri or weekdays",
        retention="How many days a note you add is kept: 1 to 365 (90 if left out)",
    )
    async def start(
        self,
        interaction: discord.Interaction[Kindred],
        time: TimeOption,
        timezone: TimezoneOption,
        days: WeekdaysOption | None = None,
        retention: int = DEFAULT_RETENTION_DAYS,
    ) -> None:
        """Get a private check-in by DM at your time, on your days."""
        if not MIN_RETENTION_DAYS <= retention <= MAX_RETENTION_DAYS:
            raise UserFacingError(
                self.text("retention_range", min=MIN_RETENTION_DAYS, max=MAX_RETENTION_DAYS)
            )
        user_id = interaction.user.id
        now = self.bot.clock.now()
        schedule = CheckinSchedule(user_id, time, timezone, days or ALL_DAYS, retention)
        await self.schedules.save(schedule, now)
        await self.bot.members.allow(user_id, CHECKIN_KIND)
        self.bot.scheduler.source_changed(SOURCE_NAME)
        text = self.text(
            "started",
            days=format_weekdays(schedule.weekdays),
            time=format_time(schedule.at),
            zone=schedule.zone.key,
            next=next_times(schedule.rule, now),
            retention=retention,
        )
        if (await self.bot.members.get(user_id)).unreachable_since is not None:
            text = f"{text}\n\n{self.text('started_dms_closed')}"
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="pause")
    @app_commands.describe(days="For how many days (until you resume if left out)")
    async def pause(
        self, interaction: discord.Interaction[Kindred], days: int | None = None
    ) -> None:
        """Pause your scheduled check-ins; nothing missed is sent afterwards."""
        if days is not None and not 1 <= days <= MAX_PAUSE_DAYS:
            raise UserFacingError(self.text("pause_days_range", max=MAX_PAUSE_DAYS))
        now = self.bot.clock.now()
        until = now + timedelta(days=days) if days is not None else None
        if not await self.schedules.pause(interaction.user.id, now, until):
            raise UserFacingError(self.text("no_schedule"))
        self.bot.scheduler.source_changed(SOURCE_NAME)
        text = (
            self.text("paused")
            if until is None
            else self.text("paused_until", until=f"<t:{int(until.timestamp())}:f>")
        )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="resume")
    async def resume(self, interaction: discord.Interaction[Kindred]) -> None:
        """Turn your scheduled check-ins back on."""
        user_id = interaction.user.id
        now = self.bot.clock.now()
        if not await self.schedules.resume(user_id, now):
            raise UserFacingError(self.text("no_schedule"))
        self.bot.scheduler.source_changed(SOURCE_NAME)
        schedule = await self.schedules.get(user_id)
        if schedule is None:  # stopped a moment ago
            raise UserFacingError(self.text("no_schedule"))
        await interaction.response.send_message(
            self.text("resumed", next=next_times(schedule.rule, now)), ephemeral=True
        )

    @app_commands.command(name="stop")
    async def stop(self, interaction: discord.Interaction[Kindred]) -> None:
        """Stop your scheduled check-ins (your past check-ins stay yours)."""
        user_id = interaction.user.id
        if not await self.schedules.delete(user_id):
            raise UserFacingError(self.text("no_schedule"))
        await self.bot.members.disallow(user_id, CHECKIN_KIND)
        self.bot.scheduler.source_changed(SOURCE_NAME)
        await interaction.response.send_message(self.text("stopped"), ephemeral=True)
