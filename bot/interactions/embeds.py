"""Embeds that Discord will accept, whatever members wrote: the discord.py side of
:mod:`bot.interactions.embed_limits`."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.interactions.embed_limits import fit, pack


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """The embed cut to Discord's limits (see :func:`bot.interactions.embed_limits.fit`)."""
    return discord.Embed.from_dict(fit(embed.to_dict()))


def pack_embeds(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """The embeds grouped into as many messages as Discord's limits need, in order."""
    return [
        [discord.Embed.from_dict(e) for e in message]
        for message in pack([e.to_dict() for e in embeds])
    ]
