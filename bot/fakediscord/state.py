"""The fake Discord's world model: users, guilds, roles, members, channels and messages.

Everything here is plain data plus the code that renders it as Discord v10 JSON payloads.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from .permissions import ADMINISTRATOR, ALL_PERMISSIONS, DEFAULT_EVERYONE
from .snowflake import SnowflakeGenerator, iso_timestamp, snowflake_time

JSON = dict[str, Any]

#: What the bot may do in a new guild: everything except ADMINISTRATOR. An administrator's
#: permissions ignore every channel overwrite (in Discord and in discord.py), so a bot that has
#: it could not be shown channel-specific permissions at all.
DEFAULT_BOT_PERMISSIONS = ALL_PERMISSIONS & ~ADMINISTRATOR

#: ``type`` of a permission overwrite for a member (0 is a role).
OVERWRITE_MEMBER = 1


class ChannelType(IntEnum):
    """Discord channel types the fake knows."""

    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GUILD_CATEGORY = 4
    GUILD_ANNOUNCEMENT = 5
    ANNOUNCEMENT_THREAD = 10
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    GUILD_FORUM = 15


THREAD_TYPES = frozenset({10, 11, 12})

MESSAGE_FLAG_EPHEMERAL = 1 << 6
MESSAGE_FLAG_LOADING = 1 << 7


@dataclass
class User:
    """A Discord user. ``dms_closed`` makes DMs from the bot fail with 403 code 50007."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    dms_closed: bool = False
    avatar: str | None = None
    locale: str = "en-US"

    @property
    def mention(self) -> str:
        """``<@id>``."""
        return f"<@{self.id}>"

    def to_payload(self) -> JSON:
        """The user object as Discord sends it."""
        data: JSON = {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": self.avatar,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "collectibles": None,
            "primary_guild": None,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    """A guild role; the @everyone role has the guild's id. ``bot_id`` marks the managed role
    Discord gives a bot when it joins (sent as ``tags.bot_id``)."""

    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    managed: bool = False
    bot_id: int | None = None

    def to_payload(self) -> JSON:
        """The role object as Discord sends it."""
        data: JSON = {
            "id": str(self.id),
            "name": self.name,
            "color": self.color,
            "colors": {
                "primary_color": self.color,
                "secondary_color": None,
                "tertiary_color": None,
            },
            "hoist": self.hoist,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


@dataclass
class Member:
    """A user's membership of a guild."""

    user: User
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_timestamp)

    def to_payload(self, *, with_user: bool = True) -> JSON:
        """The guild member object as Discord sends it."""
        data: JSON = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.to_payload()
        return data


@dataclass
class Channel:
    """A guild channel, thread or DM channel.

    ``bot_permissions`` (None = inherit the guild's) is what the bot may do here; it is sent as
    ``app_permissions`` in interactions, checked on REST calls (403 code 50013) and shown to the
    bot as a member permission overwrite on the channel (see :meth:`World.bot_overwrite`).
    Threads have no overwrites in Discord: a thread's own setting is enforced but the bot's
    cache shows it the parent channel's permissions.
    """

    id: int
    type: int
    name: str | None = None
    guild_id: int | None = None
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    nsfw: bool = False
    recipients: list[int] = field(default_factory=list)
    owner_id: int | None = None
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440
    archive_timestamp: str = field(default_factory=iso_timestamp)
    message_count: int = 0
    total_message_sent: int = 0
    member_count: int = 0
    rate_limit_per_user: int = 0
    bot_permissions: int | None = None
    deleted: bool = False
    last_message_id: int | None = None
    invitable: bool = True

    @property
    def is_thread(self) -> bool:
        """Whether this channel is a thread."""
        return self.type in THREAD_TYPES

    @property
    def is_dm(self) -> bool:
        """Whether this is a DM channel."""
        return self.type == ChannelType.DM

    @property
    def mention(self) -> str:
        """``<#id>``."""
        return f"<#{self.id}>"


@dataclass
class Attachment:
    """A file attached to a message; ``data`` keeps its bytes."""

    id: int
    filename: str
    data: bytes
    content_type: str | None = None
    description: str | None = None
    url: str = ""
    ephemeral: bool = False
    width: int | None = None
    height: int | None = None

    def to_payload(self) -> JSON:
        """The attachment object as Discord sends it (images carry their width and height)."""
        payload: JSON = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }
        if self.width is not None and self.height is not None:
            payload.update({"width": self.width, "height": self.height})
        if self.description is not None:
            payload["description"] = self.description
        if self.ephemeral:
            payload["ephemeral"] = True
        return payload


@dataclass
class Message:
    """A stored message."""

    id: int
    channel_id: int
    author_id: int
    content: str = ""
    guild_id: int | None = None
    embeds: list[JSON] = field(default_factory=list)
    components: list[JSON] = field(default_factory=list)
    flags: int = 0
    attachments: list[Attachment] = field(default_factory=list)
    nonce: str | int | None = None
    type: int = 0
    tts: bool = False
    edited_timestamp: str | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_id: int | None = None
    message_reference: JSON | None = None
    thread_id: int | None = None
    pinned: bool = False
    deleted: bool = False
    poll: JSON | None = None
    mention_ids: list[int] = field(default_factory=list)

    @property
    def ephemeral(self) -> bool:
        """Whether the message carries the EPHEMERAL flag (64)."""
        return bool(self.flags & MESSAGE_FLAG_EPHEMERAL)

    @property
    def loading(self) -> bool:
        """Whether this is a "thinking…" placeholder from a deferred interaction."""
        return bool(self.flags & MESSAGE_FLAG_LOADING)

    @property
    def created_at(self) -> datetime.datetime:
        """When the message was created (from its snowflake)."""
        return snowflake_time(self.id)

    def custom_ids(self) -> list[str]:
        """Every component ``custom_id`` on this message, depth first."""
        found: list[str] = []

        def walk(items: list[JSON]) -> None:
            for item in items:
                if isinstance(item, dict):
                    if "custom_id" in item:
                        found.append(str(item["custom_id"]))
                    for key in ("components", "accessory", "component"):
                        child = item.get(key)
                        if isinstance(child, list):
                            walk(child)
                        elif isinstance(child, dict):
                            walk([child])

        walk(self.components)
        return found

    def find_component(self, custom_id: str) -> JSON | None:
        """The component dict with this ``custom_id``, if any."""

        def walk(items: list[JSON]) -> JSON | None:
            for item in items:
                if item.get("custom_id") == custom_id:
                    return item
                for key in ("components", "accessory", "component"):
                    child = item.get(key)
                    children = child if isinstance(child, list) else [child] if child else []
                    hit = walk(children)
                    if hit is not None:
                        return hit
            return None

        return walk(self.components)


@dataclass
class Guild:
    """A guild. ``bot_permissions`` is the default for its channels (every permission but
    ADMINISTRATOR by default); the bot gets it through its managed role."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    bot_permissions: int = DEFAULT_BOT_PERMISSIONS
    locale: str = "en-US"
    unavailable: bool = False

    @property
    def everyone(self) -> Role:
        """The @everyone role."""
        return self.roles[self.id]


class World:
    """Holds the fake's world and renders Discord payloads from it."""

    def __init__(self, *, bot_name: str = "Kindred", application_id: int | None = None) -> None:
        self.snowflakes = SnowflakeGenerator()
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, dict[int, Message]] = {}
        self.dm_channels: dict[int, int] = {}
        self.bot = User(id=self.snowflakes.next(), username=bot_name, bot=True)
        self.users[self.bot.id] = self.bot
        self.application_id = application_id or self.bot.id
        self.attachment_base = ""

    # ----- building ---------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        *,
        global_name: str | None = None,
        bot: bool = False,
        dms_closed: bool = False,
        locale: str = "en-US",
    ) -> User:
        """Create a user."""
        user = User(
            id=self.snowflakes.next(),
            username=username,
            global_name=global_name,
            bot=bot,
            dms_closed=dms_closed,
            locale=locale,
        )
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        owner: User | None = None,
        everyone_permissions: int = DEFAULT_EVERYONE,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
        guild_id: int | None = None,
    ) -> Guild:
        """Create a guild with an @everyone role, its owner and the bot as members; the bot has
        a managed role carrying ``bot_permissions`` (with ADMINISTRATOR in it, discord.py
        ignores the channel overwrites that show channel-specific permissions)."""
        guild_id = guild_id or self.snowflakes.next()
        if owner is None:
            owner = self.add_user(f"{name.lower().replace(' ', '-')}-owner")
        guild = Guild(id=guild_id, name=name, owner_id=owner.id, bot_permissions=bot_permissions)
        guild.roles[guild_id] = Role(
            id=guild_id, guild_id=guild_id, name="@everyone", permissions=everyone_permissions
        )
        bot_role = Role(
            id=self.snowflakes.next(),
            guild_id=guild_id,
            name=self.bot.username,
            permissions=bot_permissions,
            position=1,
            managed=True,
            bot_id=self.bot.id,
        )
        guild.roles[bot_role.id] = bot_role
        self.guilds[guild_id] = guild
        guild.members[owner.id] = Member(user=owner, guild_id=guild_id)
        guild.members[self.bot.id] = Member(user=self.bot, guild_id=guild_id, roles=[bot_role.id])
        return guild

    def add_role(self, guild: Guild, name: str, *, permissions: int = 0, color: int = 0) -> Role:
        """Create a role in ``guild``."""
        role = Role(
            id=self.snowflakes.next(),
            guild_id=guild.id,
            name=name,
            permissions=permissions,
            position=len(guild.roles),
            color=color,
        )
        guild.roles[role.id] = role
        return role

    def add_member(
        self, guild: Guild, user: User, *, roles: list[Role] | None = None, nick: str | None = None
    ) -> Member:
        """Make ``user`` a member of ``guild``."""
        member = Member(user=user, guild_id=guild.id, roles=[r.id for r in roles or []], nick=nick)
        guild.members[user.id] = member
        return member

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        channel_type: int = ChannelType.GUILD_TEXT,
        parent: Channel | None = None,
        topic: str | None = None,
        bot_permissions: int | None = None,
    ) -> Channel:
        """Create a guild channel."""
        channel = Channel(
            id=self.snowflakes.next(),
            type=int(channel_type),
            name=name,
            guild_id=guild.id,
            parent_id=parent.id if parent else None,
            position=len(guild.channel_ids),
            topic=topic,
            bot_permissions=bot_permissions,
        )
        self._store_channel(channel)
        guild.channel_ids.append(channel.id)
        return channel

    def add_thread(
        self,
        parent: Channel,
        name: str,
        *,
        owner: User,
        private: bool = False,
        thread_id: int | None = None,
        auto_archive_duration: int = 1440,
    ) -> Channel:
        """Create a thread under ``parent`` (a thread made from a message shares its id)."""
        if parent.guild_id is None:
            raise ValueError("threads need a guild channel")
        thread = Channel(
            id=thread_id or self.snowflakes.next(),
            type=ChannelType.PRIVATE_THREAD if private else ChannelType.PUBLIC_THREAD,
            name=name,
            guild_id=parent.guild_id,
            parent_id=parent.id,
            owner_id=owner.id,
            member_count=1,
            auto_archive_duration=auto_archive_duration,
        )
        self._store_channel(thread)
        self.guilds[parent.guild_id].channel_ids.append(thread.id)
        return thread

    def dm_channel(self, user: User) -> Channel:
        """The DM channel between ``user`` and the bot (made on first use)."""
        channel_id = self.dm_channels.get(user.id)
        if channel_id is not None:
            return self.channels[channel_id]
        channel = Channel(id=self.snowflakes.next(), type=ChannelType.DM, recipients=[user.id])
        self._store_channel(channel)
        self.dm_channels[user.id] = channel.id
        return channel

    def _store_channel(self, channel: Channel) -> None:
        self.channels[channel.id] = channel
        self.messages[channel.id] = {}

    # ----- queries ----------------------------------------------------------------------------

    def guild_of(self, channel: Channel) -> Guild | None:
        """The guild a channel belongs to (None for DMs)."""
        return self.guilds.get(channel.guild_id) if channel.guild_id is not None else None

    def member_permissions(self, guild: Guild, user: User) -> int:
        """A member's guild-level permissions (owner and administrators get every bit)."""
        if user.id == guild.owner_id:
            return ALL_PERMISSIONS
        member = guild.members.get(user.id)
        perms = guild.everyone.permissions
        if member is not None:
            for role_id in member.roles:
                role = guild.roles.get(role_id)
                if role is not None:
                    perms |= role.permissions
        if perms & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return perms

    def bot_permissions_in(self, channel: Channel) -> int:
        """What the bot may do in ``channel`` (threads inherit their parent's setting)."""
        if channel.bot_permissions is not None:
            return channel.bot_permissions
        if channel.is_thread and channel.parent_id in self.channels:
            return self.bot_permissions_in(self.channels[channel.parent_id])
        guild = self.guild_of(channel)
        return guild.bot_permissions if guild is not None else ALL_PERMISSIONS

    def bot_role(self, guild: Guild) -> Role | None:
        """The managed role the bot got when it joined ``guild``."""
        return next((r for r in guild.roles.values() if r.bot_id == self.bot.id), None)

    def bot_base_permissions(self, guild: Guild) -> int:
        """The bot's guild-level permissions as a client computes them from the roles it sees
        (@everyone and the bot member's roles; no owner or ADMINISTRATOR shortcut)."""
        perms = guild.everyone.permissions
        member = guild.members.get(self.bot.id)
        for role_id in member.roles if member is not None else []:
            role = guild.roles.get(role_id)
            if role is not None:
                perms |= role.permissions
        return perms

    def bot_overwrite(self, channel: Channel) -> JSON | None:
        """The member permission overwrite that shows the bot its permissions in a guild
        channel (None when they equal its guild-level ones, and for threads and DMs, which
        have no overwrites).

        With it, discord.py's ``channel.permissions_for(guild.me)`` starts from the roles and
        ends at exactly :meth:`bot_permissions_in` (before discord.py's own implicit rules,
        e.g. no EMBED_LINKS without SEND_MESSAGES, nothing without VIEW_CHANNEL).
        """
        guild = self.guild_of(channel)
        if guild is None or channel.is_thread:
            return None
        base = self.bot_base_permissions(guild)
        perms = self.bot_permissions_in(channel)
        if perms == base:
            return None
        return {
            "id": str(self.bot.id),
            "type": OVERWRITE_MEMBER,
            "allow": str(perms & ~base),
            "deny": str(base & ~perms),
        }

    def set_bot_permissions(self, target: Channel | Guild, permissions: int) -> list[JSON]:
        """Set what the bot may do in a channel, or a guild's default (its managed role).

        Returns what became visible to the bot, as gateway events to send: ``[{"t": event,
        "d": payload}]`` -- GUILD_ROLE_UPDATE for the bot's role, CHANNEL_UPDATE for each
        channel whose overwrite changed (a channel with its own setting keeps it when the
        guild's default changes).
        """
        if isinstance(target, Channel):
            guild = self.guild_of(target)
            channels = [target]
        else:
            guild = target
            channels = [self.channels[c] for c in guild.channel_ids]
        before = [self.bot_overwrite(c) for c in channels]
        events: list[JSON] = []
        target.bot_permissions = permissions
        if isinstance(target, Guild):
            role = self.bot_role(target)
            if role is not None and role.permissions != permissions:
                role.permissions = permissions
                events.append(
                    {
                        "t": "GUILD_ROLE_UPDATE",
                        "d": {"guild_id": str(target.id), "role": role.to_payload()},
                    }
                )
        if guild is None or guild.id not in self.guilds:
            return []  # a DM, or a server the bot has left: nothing to show it
        for channel, old in zip(channels, before, strict=True):
            if channel.deleted or channel.is_thread or self.bot_overwrite(channel) == old:
                continue
            events.append({"t": "CHANNEL_UPDATE", "d": self.channel_payload(channel)})
        return events

    def channel_messages(self, channel: Channel, *, ephemeral: bool = False) -> list[Message]:
        """The live (not deleted) messages of a channel, oldest first; ephemeral ones (seen only
        by one user) are left out unless ``ephemeral``."""
        return [
            m
            for m in self.messages.get(channel.id, {}).values()
            if not m.deleted and (ephemeral or not m.ephemeral)
        ]

    def find_message(self, message_id: int) -> Message | None:
        """A message by id, in any channel."""
        for per_channel in self.messages.values():
            if message_id in per_channel:
                return per_channel[message_id]
        return None

    def store_message(self, message: Message) -> None:
        """Add a message to its channel."""
        self.messages.setdefault(message.channel_id, {})[message.id] = message
        channel = self.channels.get(message.channel_id)
        if channel is not None:
            channel.last_message_id = message.id
            if channel.is_thread:
                channel.message_count += 1
                channel.total_message_sent += 1

    # ----- payloads ---------------------------------------------------------------------------

    def member_payload(
        self, guild: Guild, member: Member, *, with_permissions: bool = False
    ) -> JSON:
        """A guild member payload, optionally with ``permissions`` as in interactions."""
        data = member.to_payload()
        if with_permissions:
            data["permissions"] = str(self.member_permissions(guild, member.user))
        return data

    def channel_payload(self, channel: Channel) -> JSON:
        """The channel object as Discord sends it."""
        data: JSON = {
            "id": str(channel.id),
            "type": channel.type,
            "flags": 0,
            "last_message_id": str(channel.last_message_id) if channel.last_message_id else None,
        }
        if channel.is_dm:
            data["recipients"] = [self.users[u].to_payload() for u in channel.recipients]
            return data
        data.update(
            {
                "guild_id": str(channel.guild_id),
                "name": channel.name,
                "position": channel.position,
                "parent_id": str(channel.parent_id) if channel.parent_id else None,
                "nsfw": channel.nsfw,
                "rate_limit_per_user": channel.rate_limit_per_user,
            }
        )
        if channel.is_thread:
            data.update(
                {
                    "owner_id": str(channel.owner_id),
                    "message_count": channel.message_count,
                    "total_message_sent": channel.total_message_sent,
                    "member_count": channel.member_count,
                    "thread_metadata": {
                        "archived": channel.archived,
                        "auto_archive_duration": channel.auto_archive_duration,
                        "archive_timestamp": channel.archive_timestamp,
                        "locked": channel.locked,
                        "invitable": channel.type == ChannelType.PRIVATE_THREAD
                        and channel.invitable,
                        "create_timestamp": iso_timestamp(snowflake_time(channel.id)),
                    },
                    "applied_tags": [],
                }
            )
        else:
            overwrite = self.bot_overwrite(channel)
            data.update(
                {
                    "topic": channel.topic,
                    "permission_overwrites": [overwrite] if overwrite else [],
                    "default_auto_archive_duration": 1440,
                }
            )
        if channel.type == ChannelType.GUILD_VOICE:
            # Discord's voice channel object always has these; discord.py reads them.
            data.update({"bitrate": 64000, "user_limit": 0, "rtc_region": None})
        return data

    def interaction_channel_payload(self, channel: Channel, user: User) -> JSON:
        """A channel as it appears inside an interaction or ``resolved``, with ``permissions``:
        those of ``user``, the member who acted, as Discord computes them (the fake has no
        channel-specific permissions for users, so their guild-level ones). What the bot may do
        there is the interaction's ``app_permissions``, not this."""
        data = self.channel_payload(channel)
        guild = self.guild_of(channel)
        perms = self.member_permissions(guild, user) if guild is not None else ALL_PERMISSIONS
        data["permissions"] = str(perms)
        return data

    def guild_create_payload(self, guild: Guild) -> JSON:
        """A full GUILD_CREATE payload: channels, threads, roles, members (incl. the bot)."""
        channels = [self.channels[c] for c in guild.channel_ids if not self.channels[c].deleted]
        members = list(guild.members.values())
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(guild.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [r.to_payload() for r in guild.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": guild.locale,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": iso_timestamp(),
            "large": False,
            "unavailable": False,
            "member_count": len(members),
            "voice_states": [],
            "members": [m.to_payload() for m in members],
            "channels": [self.channel_payload(c) for c in channels if not c.is_thread],
            "threads": [self.channel_payload(c) for c in channels if c.is_thread],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def message_payload(self, message: Message) -> JSON:
        """The message object as Discord sends it (with ``member`` for guild messages)."""
        author = self.users[message.author_id]
        data: JSON = {
            "id": str(message.id),
            "channel_id": str(message.channel_id),
            "type": message.type,
            "author": author.to_payload(),
            "content": message.content,
            "timestamp": iso_timestamp(message.created_at),
            "edited_timestamp": message.edited_timestamp,
            "tts": message.tts,
            "mention_everyone": False,
            "mentions": [
                self.users[u].to_payload() for u in message.mention_ids if u in self.users
            ],
            "mention_roles": [],
            "attachments": [a.to_payload() for a in message.attachments],
            "embeds": message.embeds,
            "components": message.components,
            "pinned": message.pinned,
            "flags": message.flags,
        }
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
            guild = self.guilds.get(message.guild_id)
            member = guild.members.get(author.id) if guild else None
            if member is not None and message.webhook_id is None:
                data["member"] = member.to_payload(with_user=False)
        if message.nonce is not None:
            data["nonce"] = message.nonce
        if message.webhook_id is not None:
            data["webhook_id"] = str(message.webhook_id)
        if message.application_id is not None:
            data["application_id"] = str(message.application_id)
        if message.message_reference is not None:
            data["message_reference"] = message.message_reference
        if message.poll is not None:
            data["poll"] = message.poll
        if message.thread_id is not None and message.thread_id in self.channels:
            data["thread"] = self.channel_payload(self.channels[message.thread_id])
        return data
