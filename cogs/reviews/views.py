"""The review's buttons (rebuilt from their ``custom_id`` after a restart) and its two forms.

The forms carry nothing but what the member types; what they answer is decided by the cog
(:mod:`cogs.reviews.cog.answering`), which checks the press against the round first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import discord

from bot.interactions.views import ActionButton, KindredModal, feature_cog
from bot.outbound.letters import LetterButton
from cogs.reviews.actions import (
    INVITE_TEMPLATE,
    ROUND_TEMPLATE,
    InviteAction,
    RoundAction,
    custom_id,
)
from cogs.reviews.prompts import APPRECIATIONS, ReviewPrompts

COG_NAME = "Relationship review"
Text = Callable[..., str]


class ReviewActions(Protocol):
    async def on_invite(
        self, interaction: discord.Interaction[Any], action: InviteAction, pair_id: int
    ) -> None: ...

    async def on_round(
        self, interaction: discord.Interaction[Any], action: RoundAction, round_id: int
    ) -> None: ...

    async def on_form(
        self, interaction: discord.Interaction[Any], round_id: int, form: str, values: list[str]
    ) -> None: ...


class InviteButton(ActionButton[InviteAction], template=INVITE_TEMPLATE):
    """Accept or Decline, under an invitation posted where /review start was used."""

    action_type = InviteAction

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        actions: ReviewActions = feature_cog(interaction, COG_NAME)
        await actions.on_invite(interaction, self.action, self.target_id)


class RoundButton(ActionButton[RoundAction], template=ROUND_TEMPLATE):
    """Answer or Help me phrase it, on a round's letter and the private replies after it."""

    action_type = RoundAction

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        actions: ReviewActions = feature_cog(interaction, COG_NAME)
        await actions.on_round(interaction, self.action, self.target_id)


def invite_view(pair_id: int, text: Text) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    styles = {
        InviteAction.ACCEPT: ("button_accept", discord.ButtonStyle.success),
        InviteAction.DECLINE: ("button_decline", discord.ButtonStyle.secondary),
    }
    for action, (label, style) in styles.items():
        view.add_item(
            InviteButton.make(
                action,
                pair_id,
                label=text(label),
                style=style,
                custom_id=custom_id(action, pair_id),
            )
        )
    return view


def round_buttons(round_id: int, answer_label: str, help_label: str) -> tuple[LetterButton, ...]:
    """The buttons of a round's letter (and its reminder), as the delivery service keeps them."""
    return (
        LetterButton(custom_id(RoundAction.ANSWER, round_id), answer_label, "primary"),
        LetterButton(custom_id(RoundAction.HELP, round_id), help_label),
    )


def round_view(round_id: int, answer_label: str, help_label: str | None = None) -> discord.ui.View:
    """The same buttons under a private reply (the next form, a retry)."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        RoundButton.make(
            RoundAction.ANSWER,
            round_id,
            label=answer_label,
            style=discord.ButtonStyle.primary,
            custom_id=custom_id(RoundAction.ANSWER, round_id),
        )
    )
    if help_label is not None:
        view.add_item(
            RoundButton.make(
                RoundAction.HELP,
                round_id,
                label=help_label,
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id(RoundAction.HELP, round_id),
            )
        )
    view.stop()
    return view


class ReviewForm(KindredModal):
    """One of the round's two forms; ``defaults`` is what the member typed last time, when
    it needed a change, so nothing they wrote is lost."""

    def __init__(
        self, round_id: int, form: str, prompts: ReviewPrompts, defaults: Sequence[str] = ()
    ) -> None:
        super().__init__(title=prompts.form_titles[form][:45], timeout=None)
        self.round_id = round_id
        self.form = form
        self.boxes: list[discord.ui.TextInput[ReviewForm]] = []
        if form == APPRECIATIONS:
            prompt = prompts.get(APPRECIATIONS)
            specs = [(prompt, index < prompt.min_items) for index in range(prompt.max_items)]
        else:
            specs = [(prompt, True) for prompt in prompts.form(form)]
        for index, (prompt, required) in enumerate(specs):
            default = defaults[index] if index < len(defaults) else None
            box: discord.ui.TextInput[ReviewForm] = discord.ui.TextInput(
                label=prompt.label[:45],
                placeholder=prompt.placeholder[:100],
                style=discord.TextStyle.paragraph
                if prompt.max_length > 200
                else discord.TextStyle.short,
                max_length=prompt.max_length,
                required=required,
                default=default or None,
            )
            self.boxes.append(box)
            self.add_item(box)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        actions: ReviewActions = feature_cog(interaction, COG_NAME)
        values = [box.value for box in self.boxes]
        await actions.on_form(interaction, self.round_id, self.form, values)
