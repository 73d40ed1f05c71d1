"""Run-time permission checks shared by every feature.

``app_commands.default_permissions`` is only a hint to Discord's client (and does nothing
on subcommands), so admin commands are checked again here when they run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

T = TypeVar("T")

ADMIN_MARK = "__kindred_admin__"


def _is_admin(interaction: discord.Interaction[Any]) -> bool:
    if interaction.guild is None:
        raise app_commands.NoPrivateMessage
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
    return True


setattr(_is_admin, ADMIN_MARK, True)  # read back by is_admin_command


def admin_only() -> Callable[[T], T]:
    """Only members with Manage Server (checked at run time, in the server)."""
    return app_commands.check(_is_admin)


def is_admin_command(command: app_commands.Command[Any, ..., Any] | app_commands.Group) -> bool:
    """True if this command, or a group it is in, carries :func:`admin_only`."""
    node: app_commands.Command[Any, ..., Any] | app_commands.Group | None = command
    while node is not None:
        checks = getattr(node, "checks", [])
        if any(getattr(check, ADMIN_MARK, False) for check in checks):
            return True
        if node.default_permissions is not None and node.default_permissions.manage_guild:
            return True
        node = node.parent
    return False


def server_of(interaction: discord.Interaction[Any]) -> tuple[int, int]:
    """The (server id, channel id) a command or press came from; outside a server the user
    is told, once for every feature, that it works only inside one."""
    guild_id, channel_id = interaction.guild_id, interaction.channel_id
    if guild_id is None or channel_id is None:
        raise app_commands.NoPrivateMessage
    return guild_id, channel_id
