"""/appreciate: a note of appreciation by DM, named or anonymous, and what its recipient
can do about an anonymous one (report it to the server's admins, block its sender).

Notes go through ``bot.delivery``, so only members of the server they are sent from who
accept notes get them; a block reads like any other refusal, and nothing a recipient or admin
sees names an anonymous sender. The limit, the block check, the note's row and its letter are
one transaction (see :meth:`NoteStore.send`), so notes sent at once cannot slip past the limit.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from bot.interactions.checks import server_of
from bot.interactions.origin import require_origin
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text
from bot.outbound.delivery import Letter, LetterButton
from cogs.lovelanguages.actions import NoteAction, NotePress
from cogs.lovelanguages.kinds import ANONYMOUS_NOTE_KIND, NOTE_KIND
from cogs.lovelanguages.render import feature_text
from cogs.lovelanguages.repository import NoteStore, NoteVerdict
from cogs.lovelanguages.views import NOTES_COG_NAME, NoteButton, block_view

NOTE_MAX_CHARS = 1000
ANONYMOUS_NOTES_PER_DAY = 3


class Appreciate(commands.Cog, name=NOTES_COG_NAME):
    """A words-of-affirmation note, by DM, to someone who accepts notes."""

    def __init__(self, bot: Kindred, store: NoteStore) -> None:
        self.bot = bot
        self.store = store
        self.text = feature_text(bot.messages)

    async def cog_load(self) -> None:
        await self.store.adopt_legacy_rows()
        self.bot.add_dynamic_items(NoteButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(NoteButton)

    @app_commands.command(name="appreciate")
    @app_commands.guild_only()
    @app_commands.describe(
        member="Who the note is for",
        message="What you appreciate about them",
        anonymous="Send it without your name",
    )
    async def appreciate(
        self,
        interaction: discord.Interaction[Kindred],
        member: discord.Member | discord.User,
        message: app_commands.Range[str, 1, 4000],
        anonymous: bool = False,
    ) -> None:
        """Send someone a note of appreciation by DM (only if they accept notes)."""
        server_of(interaction)
        guild = interaction.guild
        if guild is None:  # a server Kindred cannot see: it has no name to sign the note with
            raise app_commands.NoPrivateMessage
        sender = interaction.user
        if member.id == sender.id:
            raise UserFacingError(self.text("note_self"))
        if member.bot:
            raise UserFacingError(self.text("note_bot"))
        words = clean_user_text(message, max_chars=NOTE_MAX_CHARS, what=self.text("note_what"))
        refused = self.text("note_not_delivered", member=member.mention)
        # Discord resolves the option to a Member only if they are in this server.
        if not isinstance(member, discord.Member) or member.guild.id != guild.id:
            raise UserFacingError(refused)  # the same words as any refusal
        footer = (
            self.text("note_from_someone", server=guild.name)
            if anonymous
            else self.text("note_from", name=sender.display_name, server=guild.name)
        )
        embed = discord.Embed(
            title=self.text("note_title"), description=words, colour=discord.Colour.gold()
        )
        embed.set_footer(text=footer[:2048])

        async def deliver(note_id: int) -> bool:
            report = NotePress(NoteAction.REPORT, note_id).custom_id()
            outcome = await self.bot.delivery.send(
                Letter(
                    member.id,
                    ANONYMOUS_NOTE_KIND if anonymous else NOTE_KIND,
                    embed=embed,
                    buttons=(
                        (LetterButton(report, self.text("buttons.report_note")),)
                        if anonymous
                        else ()
                    ),
                    guild_id=guild.id,
                    about=(sender.id,),
                )
            )
            return outcome.queued

        verdict = await self.store.send(
            guild.id,
            sender.id,
            member.id,
            anonymous=anonymous,
            daily_limit=ANONYMOUS_NOTES_PER_DAY,
            deliver=deliver,
        )
        if verdict is NoteVerdict.LIMITED:
            raise UserFacingError(self.text("note_rate_limited", limit=ANONYMOUS_NOTES_PER_DAY))
        if verdict is NoteVerdict.REFUSED:
            raise UserFacingError(refused)  # a block reads like any refusal: it stays secret
        await interaction.response.send_message(self.text("note_sent"), ephemeral=True)

    async def on_note(self, interaction: discord.Interaction[Any], press: NotePress) -> None:
        """A note's buttons live only in its recipient's DMs: a press from anywhere else, by
        anyone else, or on a note that is gone acts on nothing."""
        require_origin(interaction, guild_id=None)
        note_id = press.note_id
        note = await self.store.note(note_id)
        if note is None or note.recipient_id != interaction.user.id:
            raise UserFacingError(self.text("note_gone"))
        match press.action:
            case NoteAction.REPORT:
                if await self.store.report(note_id, note.recipient_id):
                    await self.bot.notices.tell_admins(
                        note.guild_id,
                        f"note-reported:{note_id}",
                        self.text("note_reported_admins"),
                    )
                await interaction.response.send_message(
                    self.text("note_reported"), view=block_view(note_id, self.text)
                )
            case NoteAction.BLOCK:
                if not await self.store.block(note_id, note.recipient_id):
                    raise UserFacingError(self.text("note_gone"))
                await interaction.response.edit_message(
                    content=self.text("note_blocked"), view=None
                )
