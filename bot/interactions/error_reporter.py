"""One place that turns a failed interaction into a friendly, private answer.

Each kind of error has its own small handler class; the reporter asks them in order and
the first that recognises the error answers. Expected errors (bad input, missing
permission, cooldown) are explained to the user. Anything else is logged with an error
id that is also shown to the user, so an admin can find the traceback from a screenshot
without the user ever seeing one.
"""

from __future__ import annotations

import logging
import secrets
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

import discord
from discord import app_commands

from bot.app.content import Messages
from bot.interactions.user_error import UserFacingError

log = logging.getLogger(__name__)

# How much of a value the user typed is quoted back in an error (a raw client can send
# thousands of characters, and an answer has at most 2,000).
SHOWN_VALUE_MAX = 100


async def reply_privately(interaction: discord.Interaction, text: str) -> None:
    """Answer ephemerally whether or not the interaction was answered already."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(
                text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
        else:
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except discord.NotFound:
        log.info("interaction %s expired before the error could be shown", interaction.id)
    except discord.HTTPException:
        log.warning("could not show an error for interaction %s", interaction.id, exc_info=True)


class ErrorHandler(ABC):
    """Handles one kind of error."""

    def __init__(self, messages: Messages) -> None:
        self.messages = messages

    @abstractmethod
    def message_for(self, error: BaseException) -> str | None:
        """The text for the user, or None if this handler does not know the error."""


class UserFacingHandler(ErrorHandler):
    def message_for(self, error: BaseException) -> str | None:
        return str(error) if isinstance(error, UserFacingError) else None


class TransformHandler(ErrorHandler):
    """An option Discord delivered that a transformer or converter could not read."""

    def message_for(self, error: BaseException) -> str | None:
        if isinstance(error, app_commands.TransformerError):
            value = str(error.value)
            shown = value if len(value) <= SHOWN_VALUE_MAX else value[: SHOWN_VALUE_MAX - 1] + "…"
            return self.messages.get("errors.bad_option", detail=f"“{shown}”")
        return None


class PermissionHandler(ErrorHandler):
    def message_for(self, error: BaseException) -> str | None:
        if isinstance(error, app_commands.MissingPermissions):
            return self.messages.get("errors.missing_permissions")
        if isinstance(error, app_commands.BotMissingPermissions):
            names = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
            return self.messages.get("errors.bot_missing_permissions", permissions=names)
        if isinstance(error, app_commands.NoPrivateMessage):
            return self.messages.get("errors.guild_only")
        return None


class CooldownHandler(ErrorHandler):
    def message_for(self, error: BaseException) -> str | None:
        if isinstance(error, app_commands.CommandOnCooldown):
            return self.messages.get("errors.cooldown", seconds=max(1, round(error.retry_after)))
        return None


class ErrorReporter:
    """Answers the user for any error raised by a command, button, select or modal."""

    def __init__(self, messages: Messages, handlers: Sequence[ErrorHandler] | None = None) -> None:
        self.messages = messages
        self.handlers = (
            list(handlers)
            if handlers is not None
            else [
                UserFacingHandler(messages),
                TransformHandler(messages),
                PermissionHandler(messages),
                CooldownHandler(messages),
            ]
        )

    def explain(self, error: BaseException) -> str | None:
        error = unwrap(error)
        for handler in self.handlers:
            text = handler.message_for(error)
            if text is not None:
                return text
        return None

    async def report(self, interaction: discord.Interaction, error: BaseException) -> None:
        error = unwrap(error)
        text = self.explain(error)
        if text is None:
            error_id = secrets.token_hex(4)
            log.error(
                "unexpected error %s in %s",
                error_id,
                describe_interaction(interaction),
                exc_info=error,
            )
            text = self.messages.get("errors.unexpected", error_id=error_id)
        else:
            log.debug("told user about %s", type(error).__name__)
        await reply_privately(interaction, text)


def unwrap(error: BaseException) -> BaseException:
    """The error a command raised, not the library's wrapper around it.

    An option parser's friendly error arrives wrapped in a ``TransformerError``; its own
    sentence ("Did you mean Europe/Paris?") is better than a generic one.
    """
    while True:
        if isinstance(error, app_commands.CommandInvokeError):
            error = error.original
        elif isinstance(error, app_commands.TransformerError) and isinstance(
            error.__cause__, UserFacingError
        ):
            error = error.__cause__
        else:
            return error


def describe_interaction(interaction: discord.Interaction) -> str:
    """Where an error happened, without user text or identities beyond ids."""
    if interaction.command is not None:
        what = f"/{interaction.command.qualified_name}"
    elif custom_id := _custom_id(interaction):
        what = f"component {custom_id.split(':', 1)[0]}"
    else:
        what = f"interaction type {interaction.type}"
    return f"{what} (guild {interaction.guild_id}, channel {interaction.channel_id})"


def _custom_id(interaction: discord.Interaction) -> str | None:
    data: Mapping[str, Any] = interaction.data or {}
    value = data.get("custom_id")
    return str(value) if value is not None else None
