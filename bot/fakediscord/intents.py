"""What each gateway session receives, by its intents, as Discord decides it.

A bot gets message events only with GUILD_MESSAGES (servers) or DIRECT_MESSAGES (DMs); without
the privileged MESSAGE_CONTENT intent, a message's ``content``, ``embeds``, ``attachments``,
``components`` and ``poll`` arrive empty unless the bot wrote it, it is in a DM with the bot, or
it mentions the bot. Without GUILD_MEMBERS, THREAD_MEMBERS_UPDATE comes only when the bot
itself was added or removed. A private thread, and everything in it, reaches only a bot that is
in it or moderates it (MANAGE_THREADS). (docs: topics/gateway "Gateway Intents" and
"Message Content Intent", topics/threads.)
"""

from __future__ import annotations

from typing import Any

from .state import World
from .threads import ThreadMembership

JSON = dict[str, Any]

GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15

_MESSAGE_EVENTS = frozenset({"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"})
_THREAD_EVENTS = frozenset({"THREAD_CREATE", "THREAD_UPDATE", "THREAD_DELETE"})
_CONTENT_FIELDS: JSON = {"content": "", "embeds": [], "attachments": [], "components": []}


def readable(world: World, data: JSON, *, message_content: bool) -> JSON:
    """A message payload as an application with (or without) the Message Content intent may
    read it, through the gateway or the REST API alike."""
    if message_content or "guild_id" not in data:
        return data
    bot_id = str(world.bot.id)
    author = data.get("author") or {}
    mentioned = any(str(u.get("id")) == bot_id for u in data.get("mentions") or [])
    if author.get("id") == bot_id or mentioned:
        return data
    shaped = {**data, **_CONTENT_FIELDS}
    shaped.pop("poll", None)
    return shaped


class EventShaper:
    """Called by the gateway for each session and event: the payload that session gets, or
    None when Discord would not send it."""

    def __init__(self, world: World, membership: ThreadMembership) -> None:
        self.world = world
        self.membership = membership

    def __call__(self, intents: int, event: str, data: JSON) -> JSON | None:
        if event in _MESSAGE_EVENTS:
            return self._message(intents, event, data)
        if event in _THREAD_EVENTS:
            return data if self._bot_sees(data.get("id")) else None
        if event == "THREAD_MEMBERS_UPDATE":
            return self._members_update(intents, data)
        if event == "GUILD_CREATE" and "threads" in data:
            return {**data, "threads": self._threads_seen(data["threads"])}
        return data

    def _threads_seen(self, threads: list[JSON]) -> list[JSON]:
        """A server's active threads as the bot gets them: those it can see, each with its own
        thread member object when it is in the thread."""
        bot_id = self.world.bot.id
        out: list[JSON] = []
        for payload in threads:
            thread = self.world.channels.get(int(payload["id"]))
            if thread is None:
                out.append(payload)
            elif self.membership.can_view(thread, self.world.bot):
                shaped = dict(payload)
                if self.membership.is_member(thread, bot_id):
                    member = self.membership.member_payload(thread, bot_id, with_member=False)
                    shaped["member"] = {k: member[k] for k in ("join_timestamp", "flags")}
                out.append(shaped)
        return out

    def _bot_sees(self, channel_id: Any) -> bool:
        channel = self.world.channels.get(int(channel_id or 0))
        return channel is None or self.membership.can_view(channel, self.world.bot)

    def _message(self, intents: int, event: str, data: JSON) -> JSON | None:
        in_guild = "guild_id" in data
        if not intents & (GUILD_MESSAGES if in_guild else DIRECT_MESSAGES):
            return None
        if not self._bot_sees(data.get("channel_id")):
            return None
        if event == "MESSAGE_DELETE":
            return data
        return readable(self.world, data, message_content=bool(intents & MESSAGE_CONTENT))

    def _members_update(self, intents: int, data: JSON) -> JSON | None:
        bot_id = str(self.world.bot.id)
        added = [str(m.get("user_id")) for m in data.get("added_members") or []]
        removed = [str(u) for u in data.get("removed_member_ids") or []]
        if bot_id in added or bot_id in removed:
            return data
        return data if intents & GUILD_MEMBERS and self._bot_sees(data.get("id")) else None
