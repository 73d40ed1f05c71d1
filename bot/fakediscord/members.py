"""What a test member can do, held to what Discord's client would let them do.

A member cannot see a private thread they are not in (unless they moderate threads), so they
cannot post there, press its buttons or use a command there: the fake answers 403 code 50001
(Missing Access), as the API would. Posting in a thread makes the member one of its members and
wakes an archived thread (a locked one only for a moderator). A member's message may carry
files (:class:`~.uploads.Upload`), and the users it mentions are in its ``mentions``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .faults import DiscordError
from .state import Channel, Message, User
from .uploads import Upload

if TYPE_CHECKING:
    from .fake import FakeDiscord

JSON = dict[str, object]

_USER_MENTION = re.compile(r"<@!?(\d+)>")


class MemberActions:
    """The member side of the fake: checks and messages."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world
        self.threads = fake.rest.threads

    def require_view(self, user: User, channel: Channel) -> None:
        """Refuse (403 code 50001) an action in a channel ``user`` cannot see."""
        if not self.threads.membership.can_view(channel, user):
            raise DiscordError(403, 50001)

    def mentioned(self, content: str) -> list[int]:
        """The known users ``content`` mentions, in order, each once."""
        found: list[int] = []
        for match in _USER_MENTION.finditer(content):
            user_id = int(match.group(1))
            if user_id in self.world.users and user_id not in found:
                found.append(user_id)
        return found

    async def send(
        self,
        user: User,
        channel: Channel,
        content: str,
        *,
        reply_to: Message | None = None,
        files: Sequence[Upload] = (),
        ping_reply: bool = True,
    ) -> Message:
        """Post as ``user`` (MESSAGE_CREATE; what the bot sees of it is the gateway's call). A
        reply mentions the replied-to author unless ``ping_reply`` is off, as Discord's client
        does by default (so a reply to the bot reaches it whole)."""
        guild, _ = self.fake.installs.guild_of(channel)
        if guild is not None and user.id not in guild.members:
            self.world.add_member(guild, user)
        self.fake.installs.require_recipient(user, channel)
        self.require_view(user, channel)
        membership = self.threads.membership
        locked = channel.is_thread and channel.locked and not channel.archived
        if locked and not membership.is_moderator(channel, user):
            raise DiscordError(403, 50013)
        body: JSON = {"content": content}
        if reply_to is not None:
            body["message_reference"] = {
                "message_id": str(reply_to.id),
                "channel_id": str(reply_to.channel_id),
            }
        uploaded = [upload.as_uploaded(index) for index, upload in enumerate(files)]
        message = self.fake.rest.new_message(channel, body, uploaded, author=user)
        for attachment, upload in zip(message.attachments, files, strict=True):
            attachment.width, attachment.height = upload.width, upload.height
        message.mention_ids = self.mentioned(content)
        if reply_to is not None and ping_reply and reply_to.author_id not in message.mention_ids:
            message.mention_ids.append(reply_to.author_id)
        if channel.is_thread:
            await self.threads.wake(channel, user)
            if membership.add(channel, user.id):
                await self.threads.announce(channel, added=(user.id,))
        return await self.fake.rest.publish(message)

    async def leave_thread(self, user: User, thread: Channel) -> None:
        """``user`` leaves ``thread`` themselves (THREAD_MEMBERS_UPDATE, which a bot without
        the GUILD_MEMBERS intent never gets: it learns of it only by asking)."""
        self.require_view(user, thread)
        self.threads.require_active(thread)
        if self.threads.membership.remove(thread, user.id):
            await self.threads.announce(thread, removed=(user.id,))
