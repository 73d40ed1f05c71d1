"""The buttons and the form of a check-in.

Each step's buttons are listed once (:func:`mood_buttons`, :func:`wish_buttons`,
:func:`note_buttons`) as plain specs, and turned into a DM letter's buttons or a discord view
from there, so the scheduled DM and ``/checkin now`` look the same. The buttons are dynamic
items: a press is rebuilt from its ``custom_id`` alone (the choice and the check-in's id),
so it works after a restart, and is handed to the cog, which owns the rules.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import discord

from bot.interactions.views import ActionButton, KindredModal, feature_cog
from bot.outbound.letters import ButtonStyle, LetterButton
from cogs.checkins.actions import CHOICE_OF_MOOD, CHOICE_OF_WISH, TEMPLATE, Choice, custom_id
from cogs.checkins.content import CheckinContent
from cogs.checkins.moods import MOODS, WISHES

COG_NAME = "Private check-ins"
NOTE_MAX_CHARS = 1000

Text = Callable[..., str]
Submit = Callable[[discord.Interaction[Any], str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Spec:
    choice: Choice
    label: str
    emoji: str | None
    style: ButtonStyle = "secondary"


def mood_buttons(content: CheckinContent) -> list[Spec]:
    """Very low … very good, each a word and an emoji, then Pass (always there)."""
    specs = [Spec(CHOICE_OF_MOOD[m], content.moods[m].word, content.moods[m].emoji) for m in MOODS]
    return [*specs, Spec(Choice.PASS, content.pass_label.word, content.pass_label.emoji)]


def wish_buttons(content: CheckinContent) -> list[Spec]:
    return [
        Spec(CHOICE_OF_WISH[w], content.wishes[w].word, content.wishes[w].emoji) for w in WISHES
    ]


def note_buttons(text: Text) -> list[Spec]:
    return [
        Spec(Choice.ADD_NOTE, text("button_add_note"), None, "primary"),
        Spec(Choice.NO_NOTE, text("button_no_note"), None),
    ]


def letter_buttons(specs: Sequence[Spec], checkin_id: int) -> tuple[LetterButton, ...]:
    return tuple(
        LetterButton(custom_id(s.choice, checkin_id), s.label, s.style, s.emoji) for s in specs
    )


def view_of(specs: Sequence[Spec], checkin_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for spec in specs:
        view.add_item(CheckinButton.build(spec, checkin_id))
    # Presses are handled by the dynamic item, after a restart too: nothing to keep.
    view.stop()
    return view


class CheckinActions(Protocol):
    async def on_checkin_button(
        self, interaction: discord.Interaction[Any], choice: Choice, checkin_id: int
    ) -> None: ...


class CheckinButton(ActionButton[Choice], template=TEMPLATE):
    """Every answer on a check-in: a mood or Pass, a wish, Add a note or No note."""

    action_type = Choice

    @classmethod
    def build(cls, spec: Spec, checkin_id: int) -> CheckinButton:
        return cls.make(
            spec.choice,
            checkin_id,
            label=spec.label,
            style=getattr(discord.ButtonStyle, spec.style),
            emoji=spec.emoji,
            custom_id=custom_id(spec.choice, checkin_id),
        )

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        actions: CheckinActions = feature_cog(interaction, COG_NAME)
        await actions.on_checkin_button(interaction, self.action, self.target_id)


class NoteForm(KindredModal):
    """The optional note: one paragraph, only for the member, sealed when saved."""

    def __init__(self, text: Text, on_submit: Submit) -> None:
        super().__init__(title=text("modal_note"), timeout=15 * 60)
        self._on_submit = on_submit
        self.note: discord.ui.TextInput[NoteForm] = discord.ui.TextInput(
            label=text("input_note"),
            placeholder=text("placeholder_note"),
            style=discord.TextStyle.paragraph,
            max_length=NOTE_MAX_CHARS,
            required=True,
        )
        self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await self._on_submit(interaction, self.note.value)
