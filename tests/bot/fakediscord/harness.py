"""A FakeDiscord with a small world and a minimal real discord.py bot connected to it."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.fakediscord import Channel, FakeDiscord, Guild, User


class ModalForm(discord.ui.Modal, title="Tell us"):
    answer: discord.ui.TextInput[ModalForm] = discord.ui.TextInput(
        label="Your answer", custom_id="answer", max_length=200
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"got {self.answer.value}", ephemeral=True)


class ButtonsView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="OK", custom_id="btn:ok", style=discord.ButtonStyle.primary)
    async def ok(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message(
            f"clicked by {interaction.user.name}", ephemeral=True
        )

    @discord.ui.button(label="Later", custom_id="btn:defer")
    async def later(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="deferred edit", view=None)

    @discord.ui.select(
        custom_id="pick",
        options=[discord.SelectOption(label=x, value=x) for x in ("apple", "pear", "plum")],
        max_values=2,
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select[Any]) -> None:
        await interaction.response.edit_message(content=f"picked {','.join(select.values)}")

    @discord.ui.select(cls=discord.ui.UserSelect, custom_id="who")
    async def who(
        self, interaction: discord.Interaction, select: discord.ui.UserSelect[Any]
    ) -> None:
        names = ",".join(u.name for u in select.values)
        await interaction.response.send_message(f"chose {names}", ephemeral=True)


@dataclass
class Seen:
    """What the bot's callbacks observed, for assertions."""

    values: dict[str, Any] = field(default_factory=dict)
    messages: list[discord.Message] = field(default_factory=list)
    events: asyncio.Event = field(default_factory=asyncio.Event)


class SandboxBot(commands.Bot):
    def __init__(self, seen: Seen) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            guild_ready_timeout=0.05,
        )
        self.seen = seen

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None  # no 5 s wait before a re-IDENTIFY in tests

    async def on_message(self, message: discord.Message) -> None:
        self.seen.messages.append(message)


def add_commands(bot: SandboxBot, late_delay: float) -> None:
    tree = bot.tree
    seen = bot.seen

    @tree.command(description="Answers pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    poll = app_commands.Group(name="poll", description="Polls")

    @poll.command(name="create", description="Create a poll")
    async def poll_create(
        interaction: discord.Interaction,
        question: str,
        count: int,
        anonymous: bool,
        target: discord.Member,
        where: discord.TextChannel,
        role: discord.Role,
        weight: float,
    ) -> None:
        seen.values.update(
            question=question,
            count=count,
            anonymous=anonymous,
            target=target,
            where=where,
            role=role,
            weight=weight,
            admin=interaction.permissions.administrator,
            app_send=interaction.app_permissions.send_messages,
        )
        await interaction.response.send_message(f"poll: {question} x{count}")

    tree.add_command(poll)

    admin = app_commands.Group(name="admin", description="Admin things")
    config = app_commands.Group(name="config", description="Settings", parent=admin)

    @config.command(name="set", description="Set a value")
    async def config_set(interaction: discord.Interaction, key: str, value: int) -> None:
        seen.values.update(key=key, value=value)
        await interaction.response.send_message(f"{key}={value}", ephemeral=True)

    tree.add_command(admin)

    @tree.command(description="Thinks, then answers")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done thinking")
        await interaction.followup.send("and one more")

    @tree.command(description="Sends a file, edits, follows up, deletes")
    async def report(interaction: discord.Interaction) -> None:
        data = io.BytesIO(b"report body")
        await interaction.response.send_message(
            "see file", file=discord.File(data, filename="report.txt")
        )
        await interaction.edit_original_response(content="edited report")
        secret = await interaction.followup.send("secret", ephemeral=True, wait=True)
        await secret.edit(content="secret, edited")
        await interaction.delete_original_response()
        seen.events.set()

    @tree.command(description="Shows buttons")
    async def buttons(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("choose", view=ButtonsView())

    @tree.command(description="Opens a form")
    async def form(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(ModalForm())

    fruits = ["apple", "apricot", "banana", "cherry"]

    async def fruit_complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f, value=f) for f in fruits if f.startswith(current)]

    @tree.command(description="Pick a fruit")
    @app_commands.autocomplete(name=fruit_complete)
    async def fruit(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"fruit {name}")

    @tree.command(description="Looks at a channel")
    async def peek(interaction: discord.Interaction, where: discord.TextChannel) -> None:
        resolved = interaction.namespace.where  # as Discord sent it, not from the cache
        assert isinstance(resolved, app_commands.AppCommandChannel)
        seen.values.update(
            peek_where=resolved.permissions.value,
            peek_user=interaction.permissions.value,
            peek_app=interaction.app_permissions.value,
        )
        await interaction.response.send_message(f"peeked at {where.name}", ephemeral=True)

    @tree.command(description="Answers too late")
    async def late(interaction: discord.Interaction) -> None:
        await asyncio.sleep(late_delay)
        try:
            await interaction.response.send_message("too late?")
        except discord.NotFound as exc:
            seen.values["late_error"] = exc.code
        seen.events.set()


@dataclass
class Sandbox:
    """A running fake, its world and a connected bot."""

    fake: FakeDiscord
    bot: SandboxBot
    seen: Seen
    guild: Guild
    general: Channel
    alice: User
    bob: User
    closed: User
    caplog: pytest.LogCaptureFixture

    def discord_channel(self, channel: Channel | None = None) -> discord.TextChannel:
        found = self.bot.get_channel((channel or self.general).id)
        assert isinstance(found, discord.TextChannel)
        return found

    def assert_clean(self) -> None:
        """No invalid payloads, unknown routes, fake crashes or discord.py errors."""
        assert self.fake.validation_errors == []
        assert self.fake.internal_errors == []
        assert [str(r) for r in self.fake.unknown_requests] == []
        errors = [r for r in self.caplog.records if r.levelno >= logging.ERROR]
        assert [r.getMessage() for r in errors] == []


@contextlib.asynccontextmanager
async def running_sandbox(
    caplog: pytest.LogCaptureFixture,
    validator: Callable[[str, str, Any], None],
    *,
    interaction_timeout: float = 3.0,
    late_delay: float = 0.0,
    prepare: Callable[[FakeDiscord, Guild], None] | None = None,
) -> AsyncIterator[Sandbox]:
    """The fake with the small world (``prepare`` may add to it before the bot connects) and
    the connected bot."""
    caplog.set_level(logging.INFO)
    fake = FakeDiscord(validator=validator, interaction_timeout=interaction_timeout)
    guild = fake.add_guild("Test Guild", channels=("general", "random"))
    alice = fake.add_user("alice")
    fake.add_member(guild, alice, administrator=True)
    bob = fake.add_user("bob")
    fake.add_member(guild, bob)
    closed = fake.add_user("closed", dms_closed=True)
    fake.add_member(guild, closed)
    if prepare is not None:
        prepare(fake, guild)
    await fake.start()
    seen = Seen()
    bot = SandboxBot(seen)
    add_commands(bot, late_delay)
    task: asyncio.Task[None] | None = None
    with fake.patch_discord():
        try:
            await bot.login("fake-token")
            task = asyncio.create_task(bot.connect())
            await asyncio.wait_for(bot.wait_until_ready(), 5)
            await bot.tree.sync()
            yield Sandbox(
                fake, bot, seen, guild, fake.channel(guild, "general"), alice, bob, closed, caplog
            )
        finally:
            await bot.close()
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(task, 5)
            await fake.stop()
