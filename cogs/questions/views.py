"""Buttons and modals of daily questions.

The buttons on posts and answers are dynamic items: their ``custom_id`` carries the action
and the post or answer id (never who wrote an anonymous answer), so they work after a
restart. Each press is handed to the cog, which owns the rules. Every label comes from the
feature's messages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import discord

from bot.interactions.views import ActionButton, KindredModal, KindredView, feature_cog
from cogs.questions.actions import (
    ANSWER_TEMPLATE,
    POST_TEMPLATE,
    AnswerAction,
    PostAction,
    ReviewDecision,
    custom_id,
)
from cogs.questions.render import Text, validate_label

COG_NAME = "Daily questions"
ANSWER_MAX_CHARS = 1500
MODAL_TITLE_MAX = 45
INPUT_LABEL_MAX = 45

Submit = Callable[[discord.Interaction[Any], str], Awaitable[None]]


class QuestionActions(Protocol):
    async def on_post_button(
        self, interaction: discord.Interaction[Any], action: PostAction, post_id: int
    ) -> None: ...

    async def on_answer_button(
        self, interaction: discord.Interaction[Any], action: AnswerAction, answer_id: int
    ) -> None: ...


def _actions(interaction: discord.Interaction[Any]) -> QuestionActions:
    actions: QuestionActions = feature_cog(interaction, COG_NAME)
    return actions


# action: (message key of its label, style, emoji)
POST_BUTTONS: dict[PostAction, tuple[str, discord.ButtonStyle, str | None]] = {
    PostAction.ANSWER: ("button_answer", discord.ButtonStyle.primary, "✍️"),
    PostAction.ANSWER_ANONYMOUSLY: (
        "button_answer_anonymously",
        discord.ButtonStyle.secondary,
        "🕊️",
    ),
    PostAction.PASS: ("button_pass", discord.ButtonStyle.secondary, None),
    PostAction.READY_FOR_DEEPER: ("button_ready_for_deeper", discord.ButtonStyle.success, "🌊"),
    PostAction.TOO_DEEP: ("button_too_deep", discord.ButtonStyle.danger, "🛟"),
}


class PostButton(ActionButton[PostAction], template=POST_TEMPLATE):
    """Answer, Answer anonymously, Pass, Ready to go deeper, Too deep."""

    action_type = PostAction

    @classmethod
    def build(cls, action: PostAction, post_id: int, messages: Text) -> PostButton:
        label, style, emoji = POST_BUTTONS[action]
        return cls.make(
            action,
            post_id,
            label=messages(label),
            style=style,
            emoji=emoji,
            custom_id=custom_id(action, post_id),
        )

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_post_button(interaction, self.action, self.target_id)


# action: (message key of its label, emoji); "that makes sense" shows its count instead
ANSWER_BUTTONS: dict[AnswerAction, tuple[str, str]] = {
    AnswerAction.EDIT: ("button_edit", "✏️"),
    AnswerAction.DELETE: ("button_delete", "🗑️"),
}


class AnswerButton(ActionButton[AnswerAction], template=ANSWER_TEMPLATE):
    """💛 That makes sense, Edit, Delete — on each answer in the thread."""

    action_type = AnswerAction

    @classmethod
    def build(
        cls, action: AnswerAction, answer_id: int, count: int, messages: Text
    ) -> AnswerButton:
        if action is AnswerAction.VALIDATE:
            label, emoji = validate_label(messages, count), "💛"
        else:
            key, emoji = ANSWER_BUTTONS[action]
            label = messages(key)
        return cls.make(
            action,
            answer_id,
            label=label,
            emoji=emoji,
            style=discord.ButtonStyle.secondary,
            custom_id=custom_id(action, answer_id),
        )

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_answer_button(interaction, self.action, self.target_id)


def post_view(post_id: int, messages: Text) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in PostAction:
        view.add_item(PostButton.build(action, post_id, messages))
    return view


def answer_view(answer_id: int, count: int, messages: Text) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in AnswerAction:
        view.add_item(AnswerButton.build(action, answer_id, count, messages))
    return view


class AnswerModal(KindredModal):
    """Where an answer is written (or edited)."""

    def __init__(
        self,
        *,
        title: str,
        placeholder: str,
        question: str,
        default: str | None,
        submit: Submit,
    ) -> None:
        super().__init__(title=title[:MODAL_TITLE_MAX], timeout=900)
        self.text: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label=(
                question
                if len(question) <= INPUT_LABEL_MAX
                else question[: INPUT_LABEL_MAX - 1] + "…"
            ),
            style=discord.TextStyle.paragraph,
            placeholder=placeholder,
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
        super().__init__(title=title[:MODAL_TITLE_MAX], timeout=900)
        self.text: discord.ui.TextInput[TextModal] = discord.ui.TextInput(
            label=label[:INPUT_LABEL_MAX], default=default, min_length=10, max_length=200
        )
        self.add_item(self.text)
        self._submit = submit

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await self._submit(interaction, self.text.value)


Decide = Callable[[discord.Interaction[Any], ReviewDecision], Awaitable[None]]


class ReviewView(KindredView):
    """Approve, Edit or Reject the suggestion on screen (one admin's review session)."""

    def __init__(self, *, owner_id: int, decide: Decide, messages: Text) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self._decide = decide
        self.approve.label = messages("review_approve")
        self.edit.label = messages("review_edit")
        self.reject.label = messages("review_reject")

    @discord.ui.button(style=discord.ButtonStyle.success, emoji="✅")
    async def approve(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ReviewView]
    ) -> None:
        await self._decide(interaction, ReviewDecision.APPROVE)

    @discord.ui.button(style=discord.ButtonStyle.secondary, emoji="✏️")
    async def edit(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ReviewView]
    ) -> None:
        await self._decide(interaction, ReviewDecision.EDIT)

    @discord.ui.button(style=discord.ButtonStyle.danger, emoji="✖️")
    async def reject(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ReviewView]
    ) -> None:
        await self._decide(interaction, ReviewDecision.REJECT)


Bar = Callable[[discord.Interaction[Any]], Awaitable[None]]


class BarView(KindredView):
    """Offered to an admin who removed an anonymous answer: bar its hidden author."""

    def __init__(self, *, owner_id: int, bar: Bar, messages: Text) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self._bar = bar
        self.bar.label = messages("bar_button")

    @discord.ui.button(style=discord.ButtonStyle.danger)
    async def bar(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[BarView]
    ) -> None:
        # Not stopped after a press: a second press at the same moment is answered too,
        # and barring twice is the same single bar.
        await self._bar(interaction)
