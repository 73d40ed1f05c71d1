"""/help: every registered command, grouped by feature, read from the command tree itself."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from bot.interactions.checks import is_admin_command
from cogs.help.catalog import Entry, Section, build_messages

AnyCommand = app_commands.Command[Any, ..., Any]


def usage(command: AnyCommand) -> str:
    parts = [f"/{command.qualified_name}"]
    for parameter in command.parameters:
        parts.append(
            parameter.display_name if parameter.required else f"[{parameter.display_name}]"
        )
    return " ".join(parts)


def entry_for(command: AnyCommand) -> Entry:
    return Entry(usage(command), command.description, is_admin_command(command))


def sections_from_tree(tree: app_commands.CommandTree[Any]) -> list[Section]:
    """One section per slash-command group, and one per cog for its top-level commands."""
    groups: list[Section] = []
    loose: dict[str, list[Entry]] = defaultdict(list)
    for node in sorted(
        tree.get_commands(type=discord.AppCommandType.chat_input), key=lambda c: c.name
    ):
        if isinstance(node, app_commands.Group):
            leaves = [c for c in node.walk_commands() if isinstance(c, app_commands.Command)]
            title = f"/{node.name} — {node.description}"
            groups.append(Section(title, tuple(entry_for(c) for c in leaves)))
        elif isinstance(node, app_commands.Command):
            cog = node.binding
            owner = cog.qualified_name if isinstance(cog, commands.Cog) else "More"
            loose[owner].append(entry_for(node))
    return groups + [Section(title, tuple(entries)) for title, entries in sorted(loose.items())]


class Help(commands.Cog, name="Getting started"):
    """Finding your way around Kindred."""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """See every Kindred command, grouped by feature."""
        messages = self.bot.messages
        pages = build_messages(
            sections_from_tree(self.bot.tree),
            title=messages.get("help.title"),
            intro=messages.get("help.intro"),
            footer=messages.get("help.admin_note"),
            continued=messages.get("help.more_pages"),
        )
        first, *rest = [[discord.Embed.from_dict(e) for e in page] for page in pages]
        await interaction.response.send_message(embeds=first, ephemeral=True)
        for embeds in rest:
            await interaction.followup.send(embeds=embeds, ephemeral=True)
