"""Probe commands and a scheduled post, the way a real feature would write them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from bot.interactions.checks import admin_only
from bot.interactions.options import TimeOption, TimezoneOption, WeekdaysOption
from bot.interactions.user_error import UserFacingError
from bot.interactions.views import KindredView
from bot.outbound.delivery import Letter
from bot.outbound.pacer import Target, TargetUnavailable
from bot.outbound.scheduler import Fire, RecurringJob
from bot.privacy.data_rights import PostRef
from bot.timing.recurrence import Recurrence
from bot.timing.timeparse import format_time, format_weekdays, parse_time
from tests.e2e.probes.probe.reminders import ProbeReminders


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

    # A data owner the way a feature is one; its "table" is a dict, its posts are real.
    data_name = "probe"
    data_tables: tuple[str, ...] = ("probe_reminders",)

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.schedule: ProbeSchedule | None = getattr(bot, "probe_schedule", None)
        self.said: dict[int, list[tuple[str, PostRef]]] = {}
        self.reminders = ProbeReminders(bot)

    async def export_member(self, user_id: int) -> dict[str, Any]:
        return {"said": [text for text, _ in self.said.get(user_id, [])]}

    async def delete_member(self, user_id: int) -> list[PostRef]:
        await self.reminders.forget(user_id)
        return [post for _, post in self.said.pop(user_id, [])]

    async def delete_guild(self, guild_id: int) -> None:
        return None

    async def cog_load(self) -> None:
        self.bot.data_rights.register(self)
        self.bot.delivery.register_kind("probe", "probe pokes")
        await self.bot.scheduler.add_source(self.reminders)
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
        self.bot.data_rights.unregister(self)
        self.bot.scheduler.remove_source(self.reminders.name)
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

    @app_commands.command(name="probe-say")
    async def say(self, interaction: discord.Interaction, text: str) -> None:
        """Posts your words as the bot (a stand-in for a posted answer)."""
        await interaction.response.send_message(f"Someone said: {text}")
        message = await interaction.original_response()
        post = PostRef(message.channel.id, message.id)
        self.said.setdefault(interaction.user.id, []).append((text, post))

    @app_commands.command(name="probe-dms")
    async def dms(self, interaction: discord.Interaction, on: bool) -> None:
        """Opt in to (or out of) probe pokes by DM."""
        if on:
            await self.bot.members.allow(interaction.user.id, "probe")
        else:
            await self.bot.members.disallow(interaction.user.id, "probe")
        await interaction.response.send_message(f"probe pokes {on}", ephemeral=True)

    @app_commands.command(name="probe-poke")
    async def poke(
        self, interaction: discord.Interaction, member: discord.User, depth: int = 1
    ) -> None:
        """Asks Kindred to DM someone (only delivered if they opted in)."""
        outcome = await self.bot.delivery.send(
            Letter(
                member.id,
                "probe",
                content=f"A poke for you (depth {depth})",
                depth=depth,
                guild_id=interaction.guild_id,
                about=(interaction.user.id,),  # like a note, it comes from the poker
            )
        )
        state = outcome.refusal.value if outcome.refusal else ("held" if outcome.held else "queued")
        await interaction.response.send_message(f"poke {state}", ephemeral=True)

    @app_commands.command(name="probe-remind")
    async def remind(
        self, interaction: discord.Interaction, at: TimeOption, timezone: TimezoneOption
    ) -> None:
        """A daily reminder DM at your time in your zone (a per-member schedule)."""
        first = await self.reminders.set(interaction.user.id, at, timezone)
        await interaction.response.send_message(
            f"reminder daily at {format_time(at)} {timezone.key}, first {first.isoformat()}",
            ephemeral=True,
        )
