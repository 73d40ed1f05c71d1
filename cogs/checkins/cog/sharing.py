"""Sharing a check-in with a buddy, chosen each time, and the buddy's answer.

After a check-in's validating reply the member sees "Share with <name>?" for each buddy
(``offer_sharing``); nothing is shared until they press one. The buddy gets a DM letter with
the mood word, the wish and a tip on how to respond, never the note, and answers **I'm here
💛** or **Can't right now**; the member is told by DM letter. A Can't-right-now tells the
member only that, and offers their other buddies and where to find support: nobody is blamed.

Every letter goes through ``bot.delivery`` under the buddy kind (consent, quiet hours, closed
DMs), says whom it is about (``Letter.about``) so it is dropped unsent if that member deletes
their data, and its buttons carry only a row id and an action.
"""

from __future__ import annotations

import functools
from typing import Any

import discord

from bot.interactions.origin import (
    Origin,
    require_letter_origin,
    require_origin,
)
from bot.interactions.user_error import UserFacingError
from bot.outbound.letters import Letter
from cogs.checkins.buddies.actions import ReplyAction
from cogs.checkins.buddies.kinds import BUDDY_KIND
from cogs.checkins.buddies.letters import SHARE_FRESH, BuddyChoice, cant_letter, share_letter
from cogs.checkins.buddies.views import add_share_offer, other_buddy_buttons, reply_buttons
from cogs.checkins.care import care_message
from cogs.checkins.cog.base import CheckinsBase
from cogs.checkins.repository.checkins import Checkin
from cogs.checkins.repository.shares import Response, Share

MESSAGE_MAX = 2000
RESPONSES = {ReplyAction.HERE: Response.HERE, ReplyAction.CANT: Response.CANT}


def share_key(share_id: int) -> str:
    """The dedupe key of a share's letter: one letter per share, and where it went."""
    return f"checkin-share:{share_id}"


class Sharing(CheckinsBase):
    """Share with <name>?, the buddy's letter, and I'm here 💛 / Can't right now."""

    async def name_of(self, user_id: int) -> str:
        """A member's name for a button label (where a mention would not show as a name)."""
        user = self.bot.get_user(user_id)
        if user is None:
            try:
                user = await self.bot.fetch_user(user_id)
            except discord.HTTPException:
                return self.text("buddy.someone")
        return user.display_name

    async def share_choices(self, checkin: Checkin) -> list[BuddyChoice]:
        """The member's buddies this check-in has not gone to yet, oldest buddyship first."""
        already = await self.shares.shared_with(checkin.id)
        return [
            BuddyChoice(b.id, await self.name_of(b.buddy_id))
            for b in await self.buddies.accepted_of(checkin.user_id)
            if b.buddy_id not in already
        ]

    async def offer_sharing(
        self, interaction: discord.Interaction[Any], checkin: Checkin
    ) -> list[discord.ui.Item[Any]]:
        del interaction  # the offer is the same wherever the check-in was answered
        if checkin.mood is None:
            return []
        view = discord.ui.View(timeout=None)
        add_share_offer(view, checkin.id, await self.share_choices(checkin), self.text)
        view.stop()  # the items are dynamic: their presses need no view kept in memory
        return list(view.children)

    async def on_share(
        self, interaction: discord.Interaction[Any], checkin_id: int, buddyship_id: int | None
    ) -> None:
        """Only the check-in's own member, on the check-in's own message or a letter in their
        DM (a Can't-right-now offers the other buddies), only within a day of answering (how
        someone is doing is news for a day), only with a buddy whose accept still stands."""
        checkin = await self.checkins.get(checkin_id)
        if checkin is None or checkin.user_id != interaction.user.id:
            raise UserFacingError(self.text("buddy.share_gone"))
        on_its_message = Origin.of(interaction).is_from(
            guild_id=interaction.guild_id,
            channel_ids=[checkin.channel_id],
            message_id=checkin.message_id,
        )
        if not on_its_message:  # else only a letter in the member's own DM offers a share
            require_origin(interaction, guild_id=None)
        now = self.bot.clock.now()
        if checkin.answered_at is not None and now - checkin.answered_at > SHARE_FRESH:
            raise UserFacingError(self.text("buddy.share_stale"))
        buddyship = await self.buddies.get(buddyship_id) if buddyship_id is not None else None
        if buddyship is None or buddyship.user_id != checkin.user_id:
            raise UserFacingError(self.text("buddy.share_unknown"))
        buddy_id = buddyship.buddy_id
        name = await self.name_of(buddy_id)
        share = await self.shares.share(checkin.id, checkin.user_id, buddy_id, now)
        if share is None:
            raise UserFacingError(await self._why_not_shared(checkin, buddy_id, name))
        outcome = await self.bot.delivery.send(self._share_letter(interaction, checkin, share))
        if not outcome.queued:
            await self.shares.withdraw(share.id)
            raise UserFacingError(self.text("buddy.share_not_delivered", name=name))
        await interaction.response.send_message(
            self.text("buddy.share_sent", name=name), ephemeral=True
        )

    async def _why_not_shared(self, checkin: Checkin, buddy_id: int, name: str) -> str:
        if checkin.mood is None:
            return self.text("buddy.share_nothing")
        if buddy_id in await self.shares.shared_with(checkin.id):
            return self.text("buddy.share_already", name=name)
        return self.text("buddy.share_not_buddy", name=name)

    def _share_letter(
        self, interaction: discord.Interaction[Any], checkin: Checkin, share: Share
    ) -> Letter:
        mood = checkin.mood
        if mood is None:  # shares.share refuses a check-in without a mood
            raise RuntimeError("a share without a mood")
        content = share_letter(
            self.text,
            member=interaction.user.display_name,
            mention=interaction.user.mention,
            mood=self.content.moods[mood],
            wish=self.content.wishes[checkin.wish] if checkin.wish is not None else None,
            tip=self.content.buddy_tip(mood, checkin.wish),
        )
        return Letter(
            share.buddy_id,
            BUDDY_KIND,
            content=content,
            buttons=reply_buttons(share.id, self.text),
            dedupe_key=share_key(share.id),
            about=(share.user_id,),
            # How someone is doing is news for a day: never delivered stale after a buddy's
            # quiet hours or pause (then refused at once, and the member told so).
            expires_at=self.bot.clock.now() + SHARE_FRESH,
        )

    async def on_reply(
        self, interaction: discord.Interaction[Any], action: ReplyAction, share_id: int
    ) -> None:
        """The buddy's answer: only theirs, in their DM, once, while the buddyship stands."""
        share = await self.shares.get(share_id)
        if share is None or share.buddy_id != interaction.user.id:
            raise UserFacingError(self.text("buddy.reply_gone"))
        learned = await require_letter_origin(
            interaction,
            guild_id=None,
            recorded=(share.channel_id, share.message_id),
            sent_as=functools.partial(
                self.bot.delivery.sent_message, share.buddy_id, share_key(share.id)
            ),
        )
        if learned is not None:
            await self.shares.sent(share.id, *learned)
        response = RESPONSES[action]
        if not await self.shares.respond(share.id, share.buddy_id, response, self.bot.clock.now()):
            fresh = await self.shares.get(share.id)
            answered = fresh is not None and fresh.response is not None
            raise UserFacingError(self.text("buddy.reply_done" if answered else "buddy.reply_gone"))
        member = await self.name_of(share.user_id)
        if response is Response.HERE:
            await self._tell_here(share)
            said = self.text("buddy.you_said_here", name=member)
        else:
            await self._tell_cant(share)
            said = self.text("buddy.you_said_cant", name=member)
        before = interaction.message.content if interaction.message is not None else ""
        await interaction.response.edit_message(
            content=f"{before}\n\n{said}"[-MESSAGE_MAX:], view=None
        )

    async def _tell_here(self, share: Share) -> None:
        name = await self.name_of(share.buddy_id)
        await self.bot.delivery.send(
            Letter(
                share.user_id,
                BUDDY_KIND,
                content=self.text("buddy.here_letter", name=name, mention=f"<@{share.buddy_id}>"),
                dedupe_key=f"checkin-reply:{share.id}",
                about=(share.buddy_id,),
            )
        )

    async def _tell_cant(self, share: Share) -> None:
        """Only that this buddy can't right now; the member's other buddies this check-in has
        not gone to, and where to find support."""
        checkin = await self.checkins.get(share.checkin_id)
        others = await self.share_choices(checkin) if checkin is not None else []
        name = await self.name_of(share.buddy_id)
        await self.bot.delivery.send(
            Letter(
                share.user_id,
                BUDDY_KIND,
                content=cant_letter(self.text, buddy=name, others=bool(others)),
                buttons=other_buddy_buttons(share.checkin_id, others, self.text),
                dedupe_key=f"checkin-reply:{share.id}",
                about=(share.buddy_id,),
            )
        )

    async def on_support(self, interaction: discord.Interaction[Any]) -> None:
        """Where to find support, in the presser's own locale; only ever for them."""
        resources = self.content.resources(str(interaction.locale))
        await interaction.response.send_message(
            f"{self.text('care.support_intro')}\n\n{care_message(resources)}", ephemeral=True
        )
