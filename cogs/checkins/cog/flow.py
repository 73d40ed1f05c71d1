"""Every press on a check-in, wherever it was asked (a scheduled DM or ``/checkin now``):
the mood or Pass, the wish, the note, and the validating reply.

Each step edits the same message, and each is one conditional write in the store, so a
second press, an old button, or two presses at once change nothing: the press whose write
finds the row still waiting is the only one answered with the next step. A press is checked
before anything is written: the presser must be the check-in's member, and the press must
come from the check-in's own message (a scheduled DM's, as ``bot.delivery`` recorded it, or
the reply ``/checkin now`` gave).
"""

from __future__ import annotations

import functools
from typing import Any

import discord

from bot.interactions.origin import require_letter_origin
from bot.interactions.user_error import UserFacingError
from cogs.checkins.actions import MOOD_OF, WISH_OF, Choice
from cogs.checkins.cog.base import CheckinsBase
from cogs.checkins.repository.checkins import Checkin
from cogs.checkins.retention import DEFAULT_RETENTION_DAYS
from cogs.checkins.views import NoteForm, note_buttons, view_of, wish_buttons


def dedupe_key_of(occurrence_key: str) -> str:
    """The delivery key of a scheduled check-in's DM: one DM per occurrence."""
    return f"checkin:{occurrence_key}"


class CheckinFlow(CheckinsBase):
    """The steps of a check-in, pressed on its message."""

    async def on_checkin_button(
        self, interaction: discord.Interaction[Any], choice: Choice, checkin_id: int
    ) -> None:
        checkin = await self._pressed(interaction, checkin_id)
        if choice in MOOD_OF or choice is Choice.PASS:
            await self._answer(interaction, checkin, choice)
        elif choice in WISH_OF:
            await self._wish(interaction, checkin, choice)
        elif choice is Choice.ADD_NOTE:
            self._require_step(checkin, note=True)
            form = NoteForm(self.text, functools.partial(self._note_given, checkin_id))
            await interaction.response.send_modal(form)
        else:
            self._require_step(checkin, note=True)
            await self._finish(interaction, checkin, None)

    async def _pressed(self, interaction: discord.Interaction[Any], checkin_id: int) -> Checkin:
        """The check-in, if this press may act on it: its member, on its message."""
        checkin = await self.checkins.get(checkin_id)
        if checkin is None:
            raise UserFacingError(self.text("gone"))
        if checkin.user_id != interaction.user.id:
            raise UserFacingError(self.text("not_yours"))
        learned = await require_letter_origin(
            interaction,
            guild_id=interaction.guild_id,
            recorded=(checkin.channel_id, checkin.message_id),
            sent_as=functools.partial(self._letter_of, checkin),
        )
        if learned is not None:
            await self.checkins.sent(checkin.id, *learned)
        return checkin

    async def _letter_of(self, checkin: Checkin) -> tuple[int, int] | None:
        """A scheduled check-in's DM, as delivery sent it (a check-in now has no letter: its
        message is recorded as it is asked)."""
        if checkin.occurrence_key is None:
            return None
        return await self.bot.delivery.sent_message(
            checkin.user_id, dedupe_key_of(checkin.occurrence_key)
        )

    def _require_step(self, checkin: Checkin, *, note: bool) -> None:
        """The press belongs to the step the check-in is at; else say kindly where it is."""
        if checkin.finished_at is not None:
            raise UserFacingError(self.text("passed_before" if checkin.passed else "finished"))
        if checkin.mood is None or (note and checkin.wish is None):
            raise UserFacingError(self.text("already_answered"))

    async def _answer(
        self, interaction: discord.Interaction[Any], checkin: Checkin, choice: Choice
    ) -> None:
        if checkin.finished_at is not None:
            raise UserFacingError(self.text("passed_before" if checkin.passed else "finished"))
        now = self.bot.clock.now()
        user_id = interaction.user.id
        if choice is Choice.PASS:
            if not await self.checkins.pass_(checkin.id, user_id, now):
                raise UserFacingError(self.text("already_answered"))
            answered = await self._reloaded(checkin.id)
            extra = await self.after_answer(interaction, answered)
            await interaction.response.edit_message(
                content=_joined(self.content.pass_reply, extra), view=None
            )
            return
        if not await self.checkins.answer_mood(checkin.id, user_id, MOOD_OF[choice], now):
            raise UserFacingError(self.text("already_answered"))
        await interaction.response.edit_message(
            content=self.text("wish_question"),
            view=view_of(wish_buttons(self.content), checkin.id),
        )

    async def _wish(
        self, interaction: discord.Interaction[Any], checkin: Checkin, choice: Choice
    ) -> None:
        self._require_step(checkin, note=False)
        if not await self.checkins.set_wish(checkin.id, interaction.user.id, WISH_OF[choice]):
            raise UserFacingError(self.text("already_answered"))
        days = await self._retention_of(checkin.user_id)
        await interaction.response.edit_message(
            content=self.text("note_question", days=days),
            view=view_of(note_buttons(self.text), checkin.id),
        )

    async def _note_given(
        self, checkin_id: int, interaction: discord.Interaction[Any], note: str
    ) -> None:
        checkin = await self._pressed(interaction, checkin_id)
        self._require_step(checkin, note=True)
        await self._finish(interaction, checkin, note.strip() or None)

    async def _finish(
        self, interaction: discord.Interaction[Any], checkin: Checkin, note: str | None
    ) -> None:
        """The last step, once: the note (if any) sealed, then the validating reply."""
        user_id = interaction.user.id
        if not await self.checkins.finish(checkin.id, user_id, self.bot.clock.now()):
            raise UserFacingError(self.text("finished"))
        kept = None
        if note is not None:
            days = await self._retention_of(user_id)
            await self.checkins.set_note(checkin.id, user_id, note, days)
            kept = self.text("note_kept", days=days)
        answered = await self._reloaded(checkin.id)
        if answered.mood is None or answered.wish is None:  # guarded by _require_step
            raise UserFacingError(self.text("already_answered"))
        reply = self.content.reply(answered.mood, answered.wish)
        extra = await self.after_answer(interaction, answered)
        items = await self.offer_sharing(interaction, answered)
        view = None
        if items:
            view = discord.ui.View(timeout=None)
            for item in items:
                view.add_item(item)
            view.stop()
        await interaction.response.edit_message(content=_joined(reply, kept, extra), view=view)

    async def _reloaded(self, checkin_id: int) -> Checkin:
        checkin = await self.checkins.get(checkin_id)
        if checkin is None:  # deleted between the write and now (/mydata delete)
            raise UserFacingError(self.text("gone"))
        return checkin

    async def _retention_of(self, user_id: int) -> int:
        schedule = await self.schedules.get(user_id)
        return schedule.retention_days if schedule is not None else DEFAULT_RETENTION_DAYS


def _joined(*parts: str | None) -> str:
    return "\n\n".join(part for part in parts if part)
