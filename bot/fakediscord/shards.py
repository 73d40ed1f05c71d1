"""Sharding as Discord does it: which session gets which guild's events, and when it refuses.

Discord puts a guild on shard ``(guild_id >> 22) % num_shards``; DMs (events without a guild)
arrive only on shard 0; a session may hold at most 2,500 guilds, so an unsharded bot past that
is closed with 4011, and a shard id outside its count with 4010. Kept apart from the gateway so
the gateway only asks "does this session get this event?" and "may this session start?".
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from .snowflake import DISCORD_EPOCH_MS
from .state import Channel, Guild, World

JSON = dict[str, Any]

#: Discord's limit of guilds on one shard.
MAX_GUILDS_PER_SHARD = 2500
#: Discord's advice for ``GET /gateway/bot``: one shard per this many guilds.
GUILDS_PER_RECOMMENDED_SHARD = 1000
INVALID_SHARD = 4010
SHARDING_REQUIRED = 4011

#: Events whose payload is the guild itself, so its id is ``id`` rather than ``guild_id``.
_GUILD_EVENTS = frozenset({"GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"})


def shard_for(guild_id: int, num_shards: int) -> int:
    """The shard that carries ``guild_id`` among ``num_shards``."""
    return (guild_id >> 22) % num_shards


def event_guild(event: str, data: JSON) -> int | None:
    """The guild an event belongs to, None for a DM or a guild-less event."""
    raw = data.get("id") if event in _GUILD_EVENTS else data.get("guild_id")
    return int(raw) if raw is not None else None


def receives(shard: list[int] | None, event: str, data: JSON) -> bool:
    """Whether a session identified with ``shard`` gets ``event``: its guilds' events, and
    guild-less ones (DMs) only on shard 0."""
    shard_id, num_shards = shard if shard else (0, 1)
    guild_id = event_guild(event, data)
    if guild_id is None:
        return shard_id == 0
    return shard_for(guild_id, num_shards) == shard_id


def refusal(shard: object, guild_ids: list[int], *, max_guilds: int) -> tuple[int, str] | None:
    """The close code and reason for an IDENTIFY's ``shard`` field, None when it may start."""
    if shard is None:
        shard = [0, 1]
    if (
        not isinstance(shard, list)
        or len(shard) != 2
        or not all(isinstance(n, int) for n in shard)
        or shard[1] < 1
        or not 0 <= shard[0] < shard[1]
    ):
        return INVALID_SHARD, "Invalid shard"
    held = sum(1 for g in guild_ids if shard_for(g, shard[1]) == shard[0])
    if held > max_guilds:
        return SHARDING_REQUIRED, "Sharding required"
    return None


def recommended_shards(guild_count: int) -> int:
    """What ``GET /gateway/bot`` advises: one shard per 1,000 guilds, at least one."""
    return max(1, math.ceil(guild_count / GUILDS_PER_RECOMMENDED_SHARD))


@dataclass
class SessionStartLimit:
    """Discord's daily budget of IDENTIFYs, counted down by the gateway."""

    total: int = 1000
    used: int = 0
    reset_after_ms: int = 86_400_000

    def to_payload(self) -> JSON:
        """The ``session_start_limit`` object of ``GET /gateway/bot``."""
        return {
            "total": self.total,
            "remaining": max(0, self.total - self.used),
            "reset_after": self.reset_after_ms,
            "max_concurrency": 1,
        }


class GuildBatch:
    """Makes many guilds at once, with ids spread over past milliseconds as real guilds'
    creation times are (guilds made in the same millisecond would all land on one shard)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._next_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS - 10**9

    def _free_id(self) -> int:
        while True:
            guild_id = (self._next_ms << 22) | (1 << 17) | (31 << 12)
            self._next_ms += 1
            if guild_id not in self.world.guilds:
                return guild_id

    def add(self, count: int, *, prefix: str = "server", channel: str = "general") -> list[Guild]:
        """``count`` guilds sharing one owner, each with one text channel, no events sent."""
        owner = self.world.add_user(f"{prefix}-owner")
        guilds = []
        for n in range(count):
            guild_id = self._free_id()
            guild = self.world.add_guild(f"{prefix} {n}", owner=owner, guild_id=guild_id)
            self.world.add_channel(guild, channel)
            guilds.append(guild)
        return guilds


def first_channel(world: World, guild: Guild) -> Channel:
    """A guild's first channel (what :meth:`GuildBatch.add` made)."""
    return world.channels[guild.channel_ids[0]]
