"""/review history and /review stop, and the review's part of /mydata.

History is private (ephemeral) and shows only rounds the two revealed to each other.
Stopping is either partner's to do at any time; the other is told kindly by DM, and nothing
either has shared is deleted by it. A member's /mydata delete removes their answers and the
reveal letters that showed them; their partner is told only that those answers are gone
(:class:`GoneNotices`, written in the deletion's own transaction and sent afterwards).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.embeds import pack_embeds
from bot.interactions.user_error import UserFacingError
from bot.privacy.data_rights import PostRef
from cogs.reviews.cog.base import GONE_WORK, REVIEW_KIND, mention, when
from cogs.reviews.cog.closing import ClosingLetters
from cogs.reviews.repository.data_owner import GoneNotices, ReviewDataOwner
from cogs.reviews.rounds import ReviewRefusal

HISTORY_ROUNDS = 5


class ManageCommands(ClosingLetters):
    """/review history, /review stop, and the data owner's hooks."""

    data_owner: ReviewDataOwner
    notices: GoneNotices

    @app_commands.command(name="history")
    async def history(self, interaction: discord.Interaction[Kindred]) -> None:
        """Your past reviews that you both answered, shown only to you."""
        user_id = interaction.user.id
        embeds: list[discord.Embed] = []
        shown = 0
        for pair in reversed(await self.pairs.all_of(user_id)):
            other = pair.partner_id if pair.inviter_id == user_id else pair.inviter_id
            for opened_at, seen in await self.rounds.history(pair.id, user_id):
                if shown == HISTORY_ROUNDS:
                    break
                shown += 1
                day = opened_at.date().isoformat()
                if seen.own.complete is not None:
                    embeds.append(
                        self.answers_embed(seen.own.complete, self.text("history_yours", date=day))
                    )
                if seen.partner is not None and other is not None:
                    name = await self.name_of(other)
                    embeds.append(
                        self.answers_embed(
                            seen.partner, self.text("history_theirs", partner=name, date=day)
                        )
                    )
        if not embeds:
            raise UserFacingError(self.text("history_none"))
        pages = pack_embeds(embeds)
        await interaction.response.send_message(
            self.text("history_intro", count=shown), embeds=pages[0], ephemeral=True
        )
        for page in pages[1:]:
            await interaction.followup.send(embeds=page, ephemeral=True)

    @app_commands.command(name="stop")
    @app_commands.describe(partner="Whose review to stop, if you have more than one")
    async def stop(
        self,
        interaction: discord.Interaction[Kindred],
        partner: discord.User | None = None,
    ) -> None:
        """Stop a relationship review (your partner is told kindly; nothing is deleted)."""
        user_id = interaction.user.id
        live = await self.pairs.live_pairs_of(user_id)
        if partner is not None:
            live = [p for p in live if partner.id in (p.inviter_id, p.partner_id)]
        if not live:
            raise UserFacingError(self.text("stop_none"))
        if len(live) > 1:
            raise UserFacingError(self.text("stop_which"))
        [pair] = live
        try:
            stopped = await self.pairs.stop(pair.id, user_id, self.bot.clock.now())
        except ReviewRefusal as exc:
            raise self.refusal(exc) from None
        other = stopped.partner_id if stopped.inviter_id == user_id else stopped.inviter_id
        await self.tell_stops()
        if not await self.pairs.live_pairs_of(user_id):
            await self.bot.members.disallow(user_id, REVIEW_KIND)
        await interaction.response.send_message(
            self.text("stopped_you", partner=mention(other or 0)),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    async def send_gone_notices(self) -> datetime | None:
        """Tell each partner owed a note that the other's answers are gone, once."""
        async with self.bot.db.transaction():  # waits for a deletion under way to commit
            pending = await self.notices.pending()
        for notice in pending:
            await self.letter(
                notice.user_id,
                f"review-gone:{notice.id}",
                content=self.text(
                    "answers_gone", rounds=notice.rounds, since=when(notice.since, "D")
                ),
            )
            await self.notices.delivered(notice.id)
        return None


class ReviewData:
    """The review's /mydata part: the repository's owner, plus the reveal letters (whose
    messages only the delivery service knows) and the notes to partners afterwards."""

    def __init__(self, cog: ManageCommands) -> None:
        self._cog = cog
        self._owner = cog.data_owner
        self.data_name = self._owner.data_name
        self.data_tables = self._owner.data_tables

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        return await self._owner.export_member(user_id)

    async def delete_member(self, user_id: int) -> list[PostRef]:
        delivery = self._cog.bot.delivery
        for round_id, partner in await self._cog.rounds.revealed_with(user_id):
            shown = await delivery.sent_message(partner, f"review-reveal:{round_id}:partner")
            if shown is not None:
                await self._cog.rounds.mark_shown(round_id, user_id, *shown)
        posts = await self._owner.delete_member(user_id)
        self._cog.bot.engine.wake(GONE_WORK)
        return posts

    async def delete_guild(self, guild_id: int) -> None:
        await self._owner.delete_guild(guild_id)
