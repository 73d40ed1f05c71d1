"""Reading a channel's past messages, as Discord's docs say (resources/message: Get Channel
Messages):

* the bot must be able to see the channel (VIEW_CHANNEL, and a private thread only as its
  member or a moderator): 403 code 50001 otherwise;
* without READ_MESSAGE_HISTORY in the channel the answer is an empty list, not an error;
* newest first; ``before``, ``after`` or ``around`` a message id, ``limit`` 1–100 (50 by
  default);
* every message carries its author; other people's words only with the Message Content
  intent (or when they mention the bot), which is how a bot with only the ``guilds`` intent
  can still learn who spoke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .permissions import READ_MESSAGE_HISTORY

if TYPE_CHECKING:
    from .rest import RestApi
    from .routing import RequestContext
    from .state import Message

JSON = dict[str, Any]

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


class MessageHistory:
    """``GET /channels/{channel_id}/messages``."""

    def __init__(self, rest: RestApi) -> None:
        self.rest = rest
        self.world = rest.world

    async def list_messages(self, ctx: RequestContext) -> list[JSON]:
        channel = self.rest.channel(ctx)
        self.rest.require(channel)  # 403 when the bot cannot see it
        if not channel.is_dm and not (
            self.world.bot_permissions_in(channel) & READ_MESSAGE_HISTORY
        ):
            return []
        messages = self.world.channel_messages(channel)
        limit = max(1, min(MAX_LIMIT, int(ctx.query.get("limit") or DEFAULT_LIMIT)))
        return [self.rest.readable(m) for m in reversed(self._page(messages, ctx, limit))]

    @staticmethod
    def _page(messages: list[Message], ctx: RequestContext, limit: int) -> list[Message]:
        """The page the query asks for, oldest first."""
        if "before" in ctx.query:
            before = int(ctx.query["before"])
            return [m for m in messages if m.id < before][-limit:]
        if "after" in ctx.query:
            after = int(ctx.query["after"])
            return [m for m in messages if m.id > after][:limit]
        if "around" in ctx.query:
            around = int(ctx.query["around"])
            older = [m for m in messages if m.id < around]
            newer = [m for m in messages if m.id >= around]
            half = limit // 2
            return older[-half:] + newer[: limit - len(older[-half:])] if half else newer[:1]
        return messages[-limit:]
