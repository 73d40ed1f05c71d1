"""/checkin buddy add, remove and list, and the Accept / Decline buttons of an invitation.

A buddy is asked where the command was used, in a server, with buttons only they may press:
Kindred never DMs someone who has not opted in. Accepting is the buddy's consent to the
letters a shared check-in brings; asking is the member's consent to their buddies' answers.
Removing ends it from either side, silently: the other side is not told, and once neither
has a buddy left, the consent they gave for it is withdrawn.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import server_of
from bot.interactions.origin import require_origin
from bot.interactions.user_error import UserFacingError
from cogs.checkins.buddies.actions import InviteAction
from cogs.checkins.buddies.kinds import BUDDY_KIND
from cogs.checkins.buddies.letters import buddy_list
from cogs.checkins.buddies.views import invitation_view
from cogs.checkins.cog.base import CheckinsBase
from cogs.checkins.repository.buddies import BuddyStatus


def mention(user_id: int) -> str:
    return f"<@{user_id}>"


class BuddyCommands(CheckinsBase):
    """/checkin buddy add, remove, list; an invitation's Accept and Decline."""

    buddy = app_commands.Group(
        name="buddy", description="Check-in buddies: someone you may choose to tell how you are"
    )

    @buddy.command(name="add")
    @app_commands.describe(member="Someone here you trust, who may accept or decline")
    async def buddy_add(
        self, interaction: discord.Interaction[Kindred], member: discord.Member | discord.User
    ) -> None:
        """Ask someone here to be your check-in buddy (they answer here, with buttons)."""
        guild_id, channel_id = server_of(interaction)
        asker = interaction.user
        if member.id == asker.id:
            raise UserFacingError(self.text("buddy.add_self"))
        if member.bot:
            raise UserFacingError(self.text("buddy.add_bot"))
        if not isinstance(member, discord.Member) or member.guild.id != guild_id:
            raise UserFacingError(self.text("buddy.add_not_here", name=mention(member.id)))
        await self._refuse_a_second_invitation(asker.id, member.id)
        invitation = await self.buddies.invite(
            asker.id, member.id, guild_id, channel_id, self.bot.clock.now()
        )
        if invitation is None:  # asked twice at once: the other one is the invitation
            await self._refuse_a_second_invitation(asker.id, member.id)
            raise UserFacingError(self.text("buddy.add_waiting", name=mention(member.id)))
        await self.bot.members.allow(asker.id, BUDDY_KIND)
        await interaction.response.send_message(
            self.text("buddy.invitation", member=member.mention, name=asker.mention),
            view=invitation_view(invitation.id, self.text),
            # Named, never pinged: whoever is chosen, nobody is notified by Kindred because
            # someone else typed their name (the same as the review's invitation).
            allowed_mentions=discord.AllowedMentions.none(),
        )
        posted = await interaction.original_response()
        await self.buddies.posted(invitation.id, posted.id)

    async def _refuse_a_second_invitation(self, asker_id: int, member_id: int) -> None:
        """A member is asked once: not again while asked or a buddy, nor for a while after
        they declined (each invitation names them in front of others)."""
        if await self.buddies.declined_recently(asker_id, member_id, self.bot.clock.now()):
            raise UserFacingError(self.text("buddy.add_resting", name=mention(member_id)))
        live = await self.buddies.live_between(asker_id, member_id)
        if live is None:
            return
        key = "buddy.add_already" if live.status is BuddyStatus.ACCEPTED else "buddy.add_waiting"
        raise UserFacingError(self.text(key, name=mention(member_id)))

    @buddy.command(name="remove")
    @app_commands.describe(member="The buddy to stop sharing with (they won't be told)")
    async def buddy_remove(
        self, interaction: discord.Interaction[Kindred], member: discord.User
    ) -> None:
        """Stop being check-in buddies with someone, either way round (they won't be told)."""
        user_id = interaction.user.id
        if not await self.buddies.remove(user_id, member.id, self.bot.clock.now()):
            raise UserFacingError(self.text("buddy.remove_none", name=mention(member.id)))
        for someone in (user_id, member.id):
            await self.withdraw_buddy_consent_if_alone(someone)
        await interaction.response.send_message(
            self.text("buddy.removed", name=mention(member.id)), ephemeral=True
        )

    async def withdraw_buddy_consent_if_alone(self, user_id: int) -> None:
        """Letters about buddies stop once a member has no buddy left, either side."""
        if not await self.buddies.links_of(user_id):
            await self.bot.members.disallow(user_id, BUDDY_KIND)

    @buddy.command(name="list")
    async def buddy_list(self, interaction: discord.Interaction[Kindred]) -> None:
        """Your check-in buddies, and who has you as theirs (only you see this)."""
        user_id = interaction.user.id
        links = await self.buddies.links_of(user_id)
        mine = [b for b in links if b.user_id == user_id]
        accepted = BuddyStatus.ACCEPTED
        text = buddy_list(
            self.text,
            mine=[mention(b.buddy_id) for b in mine if b.status is accepted],
            waiting=[mention(b.buddy_id) for b in mine if b.status is not accepted],
            theirs=[
                mention(b.user_id) for b in links if b.buddy_id == user_id and b.status is accepted
            ],
        )
        await interaction.response.send_message(text, ephemeral=True)

    async def on_invite(
        self, interaction: discord.Interaction[Any], action: InviteAction, invitation_id: int
    ) -> None:
        """Only the invited member, only on the invitation's own post, only once: a second
        press, a press at the same moment or an old post's button answers kindly and does
        nothing."""
        invitation = await self.buddies.get(invitation_id)
        if invitation is None:
            raise UserFacingError(self.text("buddy.invitation_gone"))
        require_origin(
            interaction,
            guild_id=invitation.guild_id,
            channel_ids=[invitation.channel_id],
            message_id=invitation.message_id,
        )
        if interaction.user.id != invitation.buddy_id:
            raise UserFacingError(self.text("buddy.invitation_not_yours"))
        accept = action is InviteAction.ACCEPT
        answered = await self.buddies.answer(
            invitation_id, invitation.buddy_id, accept=accept, now=self.bot.clock.now()
        )
        if not answered:
            raise UserFacingError(self.text("buddy.invitation_closed"))
        if accept:
            await self.bot.members.allow(invitation.buddy_id, BUDDY_KIND)
            public = self.text(
                "buddy.accepted",
                buddy=mention(invitation.buddy_id),
                member=mention(invitation.user_id),
            )
            private = self.text("buddy.accepted_private", name=mention(invitation.user_id))
        else:
            public = self.text("buddy.declined")
            private = self.text("buddy.declined_private")
        await interaction.response.edit_message(
            content=public, view=None, allowed_mentions=discord.AllowedMentions.none()
        )
        await interaction.followup.send(private, ephemeral=True)
