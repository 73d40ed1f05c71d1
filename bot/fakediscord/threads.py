"""Threads as Discord keeps them: who is in each one, private threads only their members (and
moderators) can see, and the routes that start threads and add or remove their members.

Discord's rules followed here (docs: topics/threads, resources/channel):

* ``POST /channels/{id}/threads`` starts a thread without a message; ``type`` defaults to
  PRIVATE_THREAD, ``invitable`` is only for private threads. The creator is its first member.
* A private thread is seen only by its members and by moderators (MANAGE_THREADS).
* ``PUT``/``DELETE /channels/{id}/thread-members/{user_id}`` need an active (unarchived)
  thread: 400 code 50083 otherwise. Removing someone else needs MANAGE_THREADS or being the
  creator of the private thread.
* ``GET /channels/{id}/thread-members`` is restricted by the GUILD_MEMBERS privileged intent
  (403 code 50001 when the application does not have it).
* Every change of membership fires THREAD_MEMBERS_UPDATE; adding the bot to a private thread
  also fires THREAD_CREATE. Which of them a bot receives is the gateway's business
  (:mod:`.intents`).
* Sending a message in an archived thread unarchives it, unless it is locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .faults import DiscordError
from .permissions import (
    CREATE_PRIVATE_THREADS,
    CREATE_PUBLIC_THREADS,
    MANAGE_THREADS,
    SEND_MESSAGES_IN_THREADS,
)
from .snowflake import iso_timestamp
from .state import Channel, ChannelType, User, World

if TYPE_CHECKING:
    from .rest import RestApi
    from .routing import RequestContext, Router

JSON = dict[str, Any]

#: "Operation cannot be performed on an archived thread"
ARCHIVED_THREAD = 50083
#: the GUILD_MEMBERS privileged intent, as the developer portal enables it
GUILD_MEMBERS_INTENT = 1 << 1


class ThreadMembership:
    """Who is in each thread, and who may see a private one."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._joined: dict[int, dict[int, str]] = {}

    def members(self, thread: Channel) -> dict[int, str]:
        """``{user_id: join_timestamp}``; a thread's creator is in it from the start."""
        if thread.id not in self._joined:
            owner = thread.owner_id
            self._joined[thread.id] = {owner: iso_timestamp()} if owner is not None else {}
        return self._joined[thread.id]

    def is_member(self, thread: Channel, user_id: int) -> bool:
        """Whether ``user_id`` has joined (or was added to) ``thread``."""
        return user_id in self.members(thread)

    def add(self, thread: Channel, user_id: int) -> bool:
        """Add a member; False when they already were one (Discord answers 204 either way)."""
        members = self.members(thread)
        if user_id in members:
            return False
        members[user_id] = iso_timestamp()
        thread.member_count = min(len(members), 50)
        return True

    def remove(self, thread: Channel, user_id: int) -> bool:
        """Remove a member; False when they were not one."""
        members = self.members(thread)
        if members.pop(user_id, None) is None:
            return False
        thread.member_count = min(len(members), 50)
        return True

    def is_moderator(self, thread: Channel, user: User) -> bool:
        """Whether ``user`` has MANAGE_THREADS where ``thread`` is (the bot: its setting)."""
        if user.id == self.world.bot.id:
            return bool(self.world.bot_permissions_in(thread) & MANAGE_THREADS)
        guild = self.world.guild_of(thread)
        return guild is not None and bool(
            self.world.member_permissions(guild, user) & MANAGE_THREADS
        )

    def can_view(self, channel: Channel, user: User) -> bool:
        """Whether ``user`` can see ``channel``: a private thread only its members and the
        moderators; anything else, everyone (the fake has no per-user channel permissions)."""
        if channel.type != ChannelType.PRIVATE_THREAD:
            return True
        return self.is_member(channel, user.id) or self.is_moderator(channel, user)

    def member_payload(self, thread: Channel, user_id: int, *, with_member: bool) -> JSON:
        """A thread member object (with the guild ``member`` when asked)."""
        data: JSON = {
            "id": str(thread.id),
            "user_id": str(user_id),
            "join_timestamp": self.members(thread)[user_id],
            "flags": 0,
        }
        guild = self.world.guild_of(thread)
        member = guild.members.get(user_id) if guild is not None else None
        if with_member and member is not None:
            data["member"] = member.to_payload()
        return data

    def update_event(
        self, thread: Channel, *, added: tuple[int, ...] = (), removed: tuple[int, ...] = ()
    ) -> JSON:
        """A THREAD_MEMBERS_UPDATE payload for one change."""
        data: JSON = {
            "id": str(thread.id),
            "guild_id": str(thread.guild_id),
            "member_count": thread.member_count,
        }
        if added:
            data["added_members"] = [
                {**self.member_payload(thread, u, with_member=True), "presence": None}
                for u in added
            ]
        if removed:
            data["removed_member_ids"] = [str(u) for u in removed]
        return data


class ThreadRoutes:
    """The REST routes that start threads without a message and manage thread members."""

    def __init__(self, rest: RestApi) -> None:
        self.rest = rest
        self.fake = rest.fake
        self.world = rest.world
        self.membership = ThreadMembership(rest.world)

    def register(self, router: Router) -> None:
        """Add the routes (``@me`` before ``{user_id}``, so it is not read as an id)."""
        add = router.add
        add("POST", "/channels/{channel_id}/threads", self.start_thread)
        add("GET", "/channels/{channel_id}/thread-members", self.list_members)
        add("PUT", "/channels/{channel_id}/thread-members/@me", self.join)
        add("DELETE", "/channels/{channel_id}/thread-members/@me", self.leave)
        add("GET", "/channels/{channel_id}/thread-members/{user_id}", self.get_member)
        add("PUT", "/channels/{channel_id}/thread-members/{user_id}", self.add_member)
        add("DELETE", "/channels/{channel_id}/thread-members/{user_id}", self.remove_member)

    # ----- helpers ------------------------------------------------------------------------------

    def thread(self, ctx: RequestContext) -> Channel:
        """The thread a route names: 400 code 50024 for a channel that is not a thread, 403
        code 50001 for a private thread the bot cannot see."""
        channel = self.rest.channel(ctx)
        if not channel.is_thread:
            raise DiscordError(400, 50024, "Cannot execute action on this channel type")
        if not self.membership.can_view(channel, self.world.bot):
            raise DiscordError(403, 50001)
        return channel

    @staticmethod
    def require_active(thread: Channel) -> None:
        """Membership changes need an active thread."""
        if thread.archived:
            raise DiscordError(400, ARCHIVED_THREAD, "Thread is archived")

    async def announce(
        self, thread: Channel, *, added: tuple[int, ...] = (), removed: tuple[int, ...] = ()
    ) -> None:
        """Fire THREAD_MEMBERS_UPDATE (and THREAD_CREATE when the bot joins a private
        thread, as Discord does so the bot always has the thread)."""
        bot_id = self.world.bot.id
        if bot_id in added and thread.type == ChannelType.PRIVATE_THREAD:
            payload = self.world.channel_payload(thread)
            payload["member"] = self.membership.member_payload(thread, bot_id, with_member=False)
            await self.fake.dispatch("THREAD_CREATE", payload)
        await self.fake.dispatch(
            "THREAD_MEMBERS_UPDATE",
            self.membership.update_event(thread, added=added, removed=removed),
        )
        self.fake.notifier.notify()

    async def wake(self, thread: Channel, author: User) -> None:
        """What a message does to an archived thread: unarchive it (THREAD_UPDATE), unless it
        is locked and ``author`` is no moderator (400 code 50083)."""
        if not thread.is_thread or not thread.archived:
            return
        if thread.locked and not self.membership.is_moderator(thread, author):
            raise DiscordError(400, ARCHIVED_THREAD, "Thread is locked")
        thread.archived = False
        thread.archive_timestamp = iso_timestamp()
        await self.fake.dispatch("THREAD_UPDATE", self.world.channel_payload(thread))

    # ----- routes -------------------------------------------------------------------------------

    async def start_thread(self, ctx: RequestContext) -> JSON:
        """Start Thread without Message (type 11 or 12 in a text channel)."""
        channel = self.rest.channel(ctx)
        body: JSON = ctx.body if isinstance(ctx.body, dict) else {}
        kind = int(body.get("type") or ChannelType.PRIVATE_THREAD)
        if channel.type != ChannelType.GUILD_TEXT or kind not in (
            ChannelType.PUBLIC_THREAD,
            ChannelType.PRIVATE_THREAD,
        ):
            raise DiscordError(400, 50024, "Cannot execute action on this channel type")
        private = kind == ChannelType.PRIVATE_THREAD
        self.rest.require(channel, CREATE_PRIVATE_THREADS if private else CREATE_PUBLIC_THREADS)
        thread = self.world.add_thread(
            channel,
            str(body.get("name") or "thread"),
            owner=self.world.bot,
            private=private,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        if private and body.get("invitable") is not None:
            thread.invitable = bool(body["invitable"])
        self.membership.members(thread)  # the bot, its creator, is its first member
        payload = self.world.channel_payload(thread)
        await self.fake.dispatch("THREAD_CREATE", {**payload, "newly_created": True})
        await self.fake.dispatch(
            "THREAD_MEMBERS_UPDATE",
            self.membership.update_event(thread, added=(self.world.bot.id,)),
        )
        self.fake.notifier.notify()
        return payload

    async def join(self, ctx: RequestContext) -> None:
        thread = self.thread(ctx)
        self.require_active(thread)
        if self.membership.add(thread, self.world.bot.id):
            await self.announce(thread, added=(self.world.bot.id,))

    async def leave(self, ctx: RequestContext) -> None:
        thread = self.thread(ctx)
        self.require_active(thread)
        if self.membership.remove(thread, self.world.bot.id):
            await self.announce(thread, removed=(self.world.bot.id,))

    def _guild_member(self, thread: Channel, ctx: RequestContext) -> int:
        user_id = ctx.param_id("user_id")
        guild = self.world.guild_of(thread)
        if guild is None or user_id not in guild.members:
            raise DiscordError(404, 10007, "Unknown Member")
        return user_id

    async def add_member(self, ctx: RequestContext) -> None:
        """Needs the right to talk in the thread; a private thread that is not ``invitable``
        takes new members only from a moderator or its creator."""
        thread = self.thread(ctx)
        user_id = self._guild_member(thread, ctx)
        self.require_active(thread)
        self.rest.require(thread, SEND_MESSAGES_IN_THREADS)
        bot = self.world.bot
        if (
            thread.type == ChannelType.PRIVATE_THREAD
            and not thread.invitable
            and thread.owner_id != bot.id
            and not self.membership.is_moderator(thread, bot)
        ):
            raise DiscordError(403, 50013)
        if self.membership.add(thread, user_id):
            await self.announce(thread, added=(user_id,))

    async def remove_member(self, ctx: RequestContext) -> None:
        thread = self.thread(ctx)
        user_id = self._guild_member(thread, ctx)
        self.require_active(thread)
        bot = self.world.bot
        creator = thread.type == ChannelType.PRIVATE_THREAD and thread.owner_id == bot.id
        if not creator and not self.membership.is_moderator(thread, bot):
            raise DiscordError(403, 50013)
        if self.membership.remove(thread, user_id):
            await self.announce(thread, removed=(user_id,))

    async def get_member(self, ctx: RequestContext) -> JSON:
        thread = self.thread(ctx)
        user_id = ctx.param_id("user_id")
        if not self.membership.is_member(thread, user_id):
            raise DiscordError(404, 10007, "Unknown Member")
        return self.membership.member_payload(thread, user_id, with_member=ctx.flag("with_member"))

    async def list_members(self, ctx: RequestContext) -> list[JSON]:
        thread = self.thread(ctx)
        if not self.fake.privileged_intents & GUILD_MEMBERS_INTENT:
            raise DiscordError(403, 50001)
        after = int(ctx.query.get("after") or 0)
        limit = max(1, min(100, int(ctx.query.get("limit") or 100)))
        ids = sorted(u for u in self.membership.members(thread) if u > after)[:limit]
        with_member = ctx.flag("with_member")
        return [self.membership.member_payload(thread, u, with_member=with_member) for u in ids]
