"""Buttons of the love-language quiz and of appreciation notes.

All are dynamic items: the quiz survives a restart halfway through (its state is in
SQLite, the buttons only say which question and which choice), and a note's Report and
Block buttons work whenever they are pressed. A note's buttons carry the note's id, never
who sent it. What a ``custom_id`` says is read and written by :mod:`.actions`.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from bot.interactions.views import KindredButton, feature_cog
from cogs.lovelanguages.actions import (
    AnswerPress,
    BackPress,
    Choice,
    NoteAction,
    NotePress,
    Part,
    Step,
    StepPress,
)
from cogs.lovelanguages.render import Text, feature_text

COG_NAME = "Love languages"
NOTES_COG_NAME = "Appreciation notes"

CHOICE_LABELS = {Choice.A: "buttons.a", Choice.B: "buttons.b"}
STEP_BUTTONS: dict[Step, tuple[str, discord.ButtonStyle]] = {
    Step.CONTINUE: ("buttons.continue", discord.ButtonStyle.primary),
    Step.RESTART: ("buttons.restart", discord.ButtonStyle.secondary),
    Step.GIVE: ("buttons.give", discord.ButtonStyle.primary),
    Step.RESULT: ("buttons.result", discord.ButtonStyle.success),
}
NOTE_BUTTONS: dict[NoteAction, tuple[str, discord.ButtonStyle]] = {
    NoteAction.REPORT: ("buttons.report_note", discord.ButtonStyle.secondary),
    NoteAction.BLOCK: ("buttons.block_sender", discord.ButtonStyle.danger),
}


class QuizActions(Protocol):
    async def on_quiz_answer(
        self, interaction: discord.Interaction[Any], press: AnswerPress
    ) -> None: ...

    async def on_quiz_back(
        self, interaction: discord.Interaction[Any], press: BackPress
    ) -> None: ...

    async def on_quiz_step(
        self, interaction: discord.Interaction[Any], press: StepPress
    ) -> None: ...


class NoteActions(Protocol):
    async def on_note(self, interaction: discord.Interaction[Any], press: NotePress) -> None: ...


def _quiz(interaction: discord.Interaction[Any]) -> QuizActions:
    actions: QuizActions = feature_cog(interaction, COG_NAME)
    return actions


def _notes(interaction: discord.Interaction[Any]) -> NoteActions:
    actions: NoteActions = feature_cog(interaction, NOTES_COG_NAME)
    return actions


def _text(interaction: discord.Interaction[Any]) -> Text:
    """The words for a button rebuilt from a press, where no cog is at hand."""
    return feature_text(interaction.client.messages)


class QuizChoice(KindredButton, template=AnswerPress.TEMPLATE):
    def __init__(self, press: AnswerPress, text: Text) -> None:
        super().__init__(
            discord.ui.Button(
                label=text(CHOICE_LABELS[press.choice]),
                style=discord.ButtonStyle.primary,
                custom_id=press.custom_id(),
            )
        )
        self.press = press

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> QuizChoice:
        return cls(AnswerPress.from_match(match), _text(interaction))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _quiz(interaction).on_quiz_answer(interaction, self.press)


class QuizBack(KindredButton, template=BackPress.TEMPLATE):
    def __init__(self, press: BackPress, text: Text) -> None:
        super().__init__(
            discord.ui.Button(
                label=text("buttons.back"),
                emoji="↩️",
                style=discord.ButtonStyle.secondary,
                custom_id=press.custom_id(),
                disabled=press.index == 0,
            )
        )
        self.press = press

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> QuizBack:
        return cls(BackPress.from_match(match), _text(interaction))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _quiz(interaction).on_quiz_back(interaction, self.press)


class QuizStep(KindredButton, template=StepPress.TEMPLATE):
    def __init__(self, press: StepPress, text: Text) -> None:
        label, style = STEP_BUTTONS[press.step]
        super().__init__(
            discord.ui.Button(label=text(label), style=style, custom_id=press.custom_id())
        )
        self.press = press

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> QuizStep:
        return cls(StepPress.from_match(match), _text(interaction))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _quiz(interaction).on_quiz_step(interaction, self.press)


class NoteButton(KindredButton, template=NotePress.TEMPLATE):
    """Report an anonymous note; then block its (hidden) sender."""

    def __init__(self, press: NotePress, text: Text) -> None:
        label, style = NOTE_BUTTONS[press.action]
        super().__init__(
            discord.ui.Button(label=text(label), style=style, custom_id=press.custom_id())
        )
        self.press = press

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> NoteButton:
        return cls(NotePress.from_match(match), _text(interaction))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _notes(interaction).on_note(interaction, self.press)


def quiz_view(part: Part, index: int, text: Text) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for choice in Choice:
        view.add_item(QuizChoice(AnswerPress(part, index, choice), text))
    view.add_item(QuizBack(BackPress(part, index), text))
    return view


def steps_view(text: Text, *presses: StepPress) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for press in presses:
        view.add_item(QuizStep(press, text))
    return view


def block_view(note_id: int, text: Text) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(NoteButton(NotePress(NoteAction.BLOCK, note_id), text))
    return view
