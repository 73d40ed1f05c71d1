"""Probe commands and a scheduled post, the way a real feature would write them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import admin_only
from bot.client import Kindred
from bot.errors import UserFacingError
from bot.options import TimeOption, TimezoneOption, WeekdaysOption
from bot.pacer import Target, TargetUnavailable
from bot.recurrence import Recurrence
from bot.scheduler import Fire, RecurringJob
from bot.timeparse import format_time, format_weekdays, parse_time
from bot.ui import KindredView


@dataclass
class ProbeSchedule:
    """What the test asks the probe to schedule, and what it saw."""

    guild_id: int
    channel_id: int
    rule: Recurrence
    active_since: datetime
    fail_after_send: int = 0  # how many times to fail *after* Discord accepted the post
    fired: list[Fire] = field(default_factory=list)
    paused: bool = False

    @property
    def job_key(self) -> str:
        return f"probe:{self.channel_id}"


class ProbeView(KindredView):
    @discord.ui.button(label="Mine", custom_id="probe:mine")
    async def mine(
        self, interaction: discord.Interaction, button: discord.ui.Button[ProbeView]
    ) -> None:
        raise UserFacingError("Only you could press that, and it still said no.")


class Probe(commands.Cog, name="Probe"):
    """Test-only commands."""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.schedule: ProbeSchedule | None = getattr(bot, "probe_schedule", None)

    async def cog_load(self) -> None:
        # Like every feature: re-register pending work from storage (here, from the test).
        if self.schedule is not None:
            await self.bot.scheduler.add(
                RecurringJob(
                    self.schedule.job_key,
                    self.schedule.rule,
                    self.post,
                    self.schedule.active_since,
                    on_unavailable=self.pause,
                    what="probe posts",
                )
            )

    async def cog_unload(self) -> None:
        if self.schedule is not None:
            self.bot.scheduler.remove(self.schedule.job_key)

    async def pause(self, exc: TargetUnavailable) -> None:
        assert self.schedule is not None
        self.schedule.paused = True

    async def post(self, fire: Fire) -> None:
        schedule = self.schedule
        assert schedule is not None
        schedule.fired.append(fire)
        channel = self.bot.get_partial_messageable(schedule.channel_id, guild_id=schedule.guild_id)
        await self.bot.pacer.send(
            Target.channel(schedule.channel_id, schedule.guild_id),
            lambda: channel.send(f"Probe post for {fire.occurrence.key}", nonce=fire.nonce),
        )
        if schedule.fail_after_send > 0:
            schedule.fail_after_send -= 1
            raise ConnectionResetError("lost the connection before recording the post")

    @app_commands.command(name="probe-boom")
    async def boom(self, interaction: discord.Interaction) -> None:
        """Fails with a bug."""
        raise RuntimeError("an unexpected bug")

    @app_commands.command(name="probe-oops")
    async def oops(self, interaction: discord.Interaction) -> None:
        """Fails with a friendly error."""
        raise UserFacingError("That didn't work, and here is why.")

    @app_commands.command(name="probe-time")
    async def time(self, interaction: discord.Interaction, text: str) -> None:
        """Reads a time."""
        parsed = parse_time(text)
        await interaction.response.send_message(f"read {format_time(parsed)}", ephemeral=True)

    @app_commands.command(name="probe-admin")
    @admin_only()
    async def admin(self, interaction: discord.Interaction) -> None:
        """Admins only."""
        await interaction.response.send_message("admin ok", ephemeral=True)

    @app_commands.command(name="probe-when")
    async def when(
        self,
        interaction: discord.Interaction,
        at: TimeOption,
        timezone: TimezoneOption,
        days: WeekdaysOption,
    ) -> None:
        """Reads a time, a zone and weekdays."""
        await interaction.response.send_message(
            f"{format_time(at)} {timezone.key} {format_weekdays(days)}", ephemeral=True
        )

    @app_commands.command(name="probe-view")
    async def view(self, interaction: discord.Interaction) -> None:
        """Posts a button only its caller may press."""
        await interaction.response.send_message(
            "press it", view=ProbeView(owner_id=interaction.user.id)
        )
