"""Buttons and modals of daily questions.

The buttons on posts and answers are dynamic items: their ``custom_id`` carries the post
or answer id (never who wrote an anonymous answer), so they work after a restart. Each
press is handed to the cog, which owns the rules.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import discord

from bot.interactions.views import KindredButton, KindredModal, KindredView, feature_cog
from cogs.questions.render import validate_label

COG_NAME = "Daily questions"
ANSWER_MAX_CHARS = 1500

Submit = Callable[[discord.Interaction[Any], str], Awaitable[None]]


class QuestionActions(Protocol):
    async def on_post_button(
        self, interaction: discord.Interaction[Any], action: str, post_id: int
    ) -> None: ...

    async def on_answer_button(
        self, interaction: discord.Interaction[Any], action: str, answer_id: int
    ) -> None: ...


def _actions(interaction: discord.Interaction[Any]) -> QuestionActions:
    actions: QuestionActions = feature_cog(interaction, COG_NAME)
    return actions


POST_BUTTONS: dict[str, tuple[str, discord.ButtonStyle, str | None]] = {
    "a": ("Answer", discord.ButtonStyle.primary, "✍️"),
    "n": ("Answer anonymously", discord.ButtonStyle.secondary, "🕊️"),
    "p": ("Pass", discord.ButtonStyle.secondary, None),
    "d": ("Ready to go deeper", discord.ButtonStyle.success, "🌊"),
    "t": ("Too deep", discord.ButtonStyle.danger, "🛟"),
}


class PostButton(KindredButton, template=r"kq:(?P<action>[anpdt]):(?P<id>[0-9]{1,20})"):
    """Answer, Answer anonymously, Pass, Ready to go deeper, Too deep."""

    def __init__(self, action: str, post_id: int) -> None:
        label, style, emoji = POST_BUTTONS[action]
        super().__init__(
            discord.ui.Button(
                label=label, style=style, emoji=emoji, custom_id=f"kq:{action}:{post_id}"
            )
        )
        self.action = action
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PostButton:
        return cls(match["action"], int(match["id"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_post_button(interaction, self.action, self.post_id)


class AnswerButton(KindredButton, template=r"kq:(?P<action>[vex]):(?P<id>[0-9]{1,20})"):
    """💛 That makes sense, Edit, Delete — on each answer in the thread."""

    def __init__(self, action: str, answer_id: int, count: int = 0) -> None:
        if action == "v":
            button: discord.ui.Button[Any] = discord.ui.Button(
                label=validate_label(count),
                emoji="💛",
                style=discord.ButtonStyle.secondary,
                custom_id=f"kq:v:{answer_id}",
            )
        else:
            label, emoji = ("Edit", "✏️") if action == "e" else ("Delete", "🗑️")
            button = discord.ui.Button(
                label=label,
                emoji=emoji,
                style=discord.ButtonStyle.secondary,
                custom_id=f"kq:{action}:{answer_id}",
            )
        super().__init__(button)
        self.action = action
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AnswerButton:
        return cls(match["action"], int(match["id"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_answer_button(interaction, self.action, self.answer_id)


def post_view(post_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in POST_BUTTONS:
        view.add_item(PostButton(action, post_id))
    return view


def answer_view(answer_id: int, count: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in ("v", "e", "x"):
        view.add_item(AnswerButton(action, answer_id, count))
    return view


class AnswerModal(KindredModal):
    """Where an answer is written (or edited)."""

    def __init__(self, *, title: str, question: str, default: str | None, submit: Submit) -> None:
        super().__init__(title=title[:45], timeout=900)
        self.text: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label=question[:45] if len(question) <= 45 else question[:44] + "…",
            style=discord.TextStyle.paragraph,
            placeholder="Take your time. Only what you write here is posted.",
            default=default,
            min_length=1,
            max_length=ANSWER_MAX_CHARS,
        )
        self.add_item(self.text)
        self._submit = submit

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await self._submit(interaction, self.text.value)


class TextModal(KindredModal):
    """One line of text to fix (an admin editing a suggestion)."""

    def __init__(self, *, title: str, label: str, default: str, submit: Submit) -> None:
        super().__init__(title=title[:45], timeout=900)
        self.text: discord.ui.TextInput[TextModal] = discord.ui.TextInput(
            label=label[:45], default=default, min_length=10, max_length=200
        )
        self.add_item(self.text)
        self._submit = submit

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await self._submit(interaction, self.text.value)


Decide = Callable[[discord.Interaction[Any], str], Awaitable[None]]


class ReviewView(KindredView):
    """Approve, Edit or Reject the suggestion on screen (one admin's review session)."""

    def __init__(self, *, owner_id: int, decide: Decide) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self._decide = decide

    @discord.ui.button(label="Approve", style=discord.ButtonStyle.success, emoji="✅")
    async def approve(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ReviewView]
    ) -> None:
        await self._decide(interaction, "approve")

    @discord.ui.button(label="Edit", style=discord.ButtonStyle.secondary, emoji="✏️")
    async def edit(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ReviewView]
    ) -> None:
        await self._decide(interaction, "edit")

    @discord.ui.button(label="Reject", style=discord.ButtonStyle.danger, emoji="✖️")
    async def reject(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ReviewView]
    ) -> None:
        await self._decide(interaction, "reject")


Bar = Callable[[discord.Interaction[Any]], Awaitable[None]]


class BarView(KindredView):
    """Offered to an admin who removed an anonymous answer: bar its hidden author."""

    def __init__(self, *, owner_id: int, bar: Bar) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self._bar = bar

    @discord.ui.button(
        label="Bar its author from anonymous answers here", style=discord.ButtonStyle.danger
    )
    async def bar(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[BarView]
    ) -> None:
        self.stop()
        await self._bar(interaction)
