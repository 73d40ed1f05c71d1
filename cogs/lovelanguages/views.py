"""Buttons of the love-language quiz and of appreciation notes.

All are dynamic items: the quiz survives a restart halfway through (its state is in
SQLite, the buttons only say which question and which choice), and a note's Report and
Block buttons work whenever they are pressed. A note's buttons carry the note's id, never
who sent it.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from bot.interactions.views import KindredButton, feature_cog

COG_NAME = "Love languages"
PART_CODES = {"r": "receive", "g": "give"}
CODES = {v: k for k, v in PART_CODES.items()}


class LoveLanguageActions(Protocol):
    async def on_quiz_answer(
        self, interaction: discord.Interaction[Any], part: str, index: int, choice: int
    ) -> None: ...

    async def on_quiz_back(
        self, interaction: discord.Interaction[Any], part: str, index: int
    ) -> None: ...

    async def on_quiz_step(self, interaction: discord.Interaction[Any], step: str) -> None: ...

    async def on_note(
        self, interaction: discord.Interaction[Any], action: str, note_id: int
    ) -> None: ...


def _actions(interaction: discord.Interaction[Any]) -> LoveLanguageActions:
    actions: LoveLanguageActions = feature_cog(interaction, COG_NAME)
    return actions


class QuizChoice(
    KindredButton, template=r"kl:q:(?P<part>[rg]):(?P<index>[0-9]{1,2}):(?P<choice>[01])"
):
    def __init__(self, part: str, index: int, choice: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="A" if choice == 0 else "B",
                style=discord.ButtonStyle.primary,
                custom_id=f"kl:q:{CODES[part]}:{index}:{choice}",
            )
        )
        self.part, self.index, self.choice = part, index, choice

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> QuizChoice:
        return cls(PART_CODES[match["part"]], int(match["index"]), int(match["choice"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_quiz_answer(interaction, self.part, self.index, self.choice)


class QuizBack(KindredButton, template=r"kl:b:(?P<part>[rg]):(?P<index>[0-9]{1,2})"):
    def __init__(self, part: str, index: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Back",
                emoji="↩️",
                style=discord.ButtonStyle.secondary,
                custom_id=f"kl:b:{CODES[part]}:{index}",
                disabled=index == 0,
            )
        )
        self.part, self.index = part, index

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> QuizBack:
        return cls(PART_CODES[match["part"]], int(match["index"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_quiz_back(interaction, self.part, self.index)


STEPS: dict[str, tuple[str, discord.ButtonStyle]] = {
    "continue": ("Continue where I left off", discord.ButtonStyle.primary),
    "restart": ("Start over", discord.ButtonStyle.secondary),
    "give": ("Take part 2: how I give (15)", discord.ButtonStyle.primary),
    "result": ("See my result", discord.ButtonStyle.success),
}


class QuizStep(
    KindredButton,
    template=r"kl:s:(?P<step>continue|restart|give|result)(?::(?P<rel>partner|friend|family))?",
):
    def __init__(self, step: str, relationship: str | None = None) -> None:
        label, style = STEPS[step]
        suffix = f":{relationship}" if relationship else ""
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"kl:s:{step}{suffix}")
        )
        self.step = step if relationship is None else f"{step}:{relationship}"

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> QuizStep:
        return cls(match["step"], match["rel"])

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_quiz_step(interaction, self.step)


class NoteButton(KindredButton, template=r"kn:(?P<action>[rb]):(?P<note>[0-9]{1,20})"):
    """Report an anonymous note; then block its (hidden) sender."""

    def __init__(self, action: str, note_id: int) -> None:
        label, style = (
            ("Report this note", discord.ButtonStyle.secondary)
            if action == "r"
            else ("Block this sender", discord.ButtonStyle.danger)
        )
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"kn:{action}:{note_id}")
        )
        self.action, self.note_id = action, note_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> NoteButton:
        return cls(match["action"], int(match["note"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_note(interaction, self.action, self.note_id)


def quiz_view(part: str, index: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(QuizChoice(part, index, 0))
    view.add_item(QuizChoice(part, index, 1))
    view.add_item(QuizBack(part, index))
    return view


def steps_view(*steps: tuple[str, str | None]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for step, relationship in steps:
        view.add_item(QuizStep(step, relationship))
    return view


def block_view(note_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(NoteButton("b", note_id))
    return view
