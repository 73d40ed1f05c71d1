"""Where a press came from, checked against the row its ``custom_id`` points at.

A ``custom_id`` is only a claim: any client can send any id it has seen, or an id that
once pointed at a row since deleted. So before a button, select or form acts on a row,
the row must belong to the server, the channel (or DM) and the message the press came
from. Every feature asks here, so the rule and its answer are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any

import discord

from bot.interactions.user_error import UserFacingError

MESSAGE_KEY = "errors.press_elsewhere"


class PressElsewhere(UserFacingError):
    """The row a press names does not belong where the press came from."""


@dataclass(frozen=True, slots=True)
class Origin:
    """The server (None: a DM), channel and message a press came from."""

    guild_id: int | None
    channel_id: int | None
    message_id: int | None

    @classmethod
    def of(cls, interaction: discord.Interaction[Any]) -> Origin:
        message = interaction.message
        return cls(interaction.guild_id, interaction.channel_id, message.id if message else None)

    def is_from(
        self,
        *,
        guild_id: int | None,
        channel_ids: Collection[int | None] | None = None,
        message_id: int | None = None,
    ) -> bool:
        """True if the press came from this server (None: a DM), one of these channels and
        this message. What the row does not know yet (a message not sent) is not checked;
        what it knows must match."""
        if self.guild_id != guild_id:
            return False
        known_channels = {c for c in channel_ids or () if c is not None}
        if known_channels and self.channel_id not in known_channels:
            return False
        return message_id is None or self.message_id == message_id


def require_origin(
    interaction: discord.Interaction[Any],
    *,
    guild_id: int | None,
    channel_ids: Collection[int | None] | None = None,
    message_id: int | None = None,
) -> None:
    """Stop a press whose row is not where it was pressed, with one friendly sentence
    that tells the presser nothing about the row."""
    if not Origin.of(interaction).is_from(
        guild_id=guild_id, channel_ids=channel_ids, message_id=message_id
    ):
        raise PressElsewhere(interaction.client.messages.get(MESSAGE_KEY))


async def require_letter_origin(
    interaction: discord.Interaction[Any],
    *,
    guild_id: int | None,
    recorded: tuple[int | None, int | None],
    sent_as: Callable[[], Awaitable[tuple[int, int] | None]],
) -> tuple[int, int] | None:
    """Stop a press that did not come from its row's letter (a DM sent by the delivery
    service). The row knows its message once ``recorded``; until then ``sent_as`` asks
    delivery what the letter went out as, which it remembers for a week. Returns that
    (channel, message) when it was learned now, for the caller to keep on its row so the
    letter stays provable after delivery forgets it; None if it was already recorded. A
    letter neither knows is unprovable, and refused like any press from elsewhere."""
    channel_id, message_id = recorded
    learned = None
    if channel_id is None or message_id is None:
        learned = await sent_as()
        if learned is None:
            raise PressElsewhere(interaction.client.messages.get(MESSAGE_KEY))
        channel_id, message_id = learned
    require_origin(interaction, guild_id=guild_id, channel_ids=[channel_id], message_id=message_id)
    return learned
