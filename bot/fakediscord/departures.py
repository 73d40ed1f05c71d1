"""A member leaving a server (or being kicked), as Discord shows it to a bot.

The member is gone from the server's member list, so ``GET /guilds/{id}/members/{user_id}``
answers 404 code 10007 (Unknown Member); the bot hears ``GUILD_MEMBER_REMOVE`` only if it
asked for the privileged GUILD_MEMBERS intent. A bot without it learns of the departure only
by asking. (docs: resources/guild "Get Guild Member", topics/gateway-events "Guild Member
Remove".)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .state import Guild, User

if TYPE_CHECKING:
    from .fake import FakeDiscord

GUILD_MEMBERS_INTENT = 1 << 1


async def member_leaves(fake: FakeDiscord, guild: Guild, user: User) -> bool:
    """``user`` leaves ``guild``; False if they were not a member."""
    if guild.members.pop(user.id, None) is None:
        return False
    if fake.gateway.intents & GUILD_MEMBERS_INTENT and fake.gateway.live_sessions:
        await fake.dispatch(
            "GUILD_MEMBER_REMOVE", {"guild_id": str(guild.id), "user": user.to_payload()}
        )
    return True
