"""Buttons and the form of fun challenges.

The buttons on posts and completions are dynamic items: their ``custom_id`` carries the
action and the post or completion id (never a member's id), so they work after a restart.
Each press is handed to the cog, which owns the rules. Every label comes from the feature's
messages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import discord

from bot.interactions.views import ActionButton, KindredModal, KindredView, feature_cog
from cogs.challenges.actions import (
    COMPLETION_TEMPLATE,
    POST_TEMPLATE,
    CompletionAction,
    PostAction,
    custom_id,
)
from cogs.challenges.render import Text, keep_label, laugh_label

COG_NAME = "Fun challenges"
NOTE_MAX_CHARS = 1000
MODAL_TITLE_MAX = 45
INPUT_LABEL_MAX = 45
PLACEHOLDER_MAX = 100

PHOTO_FIELD = "photos"

Submit = Callable[[discord.Interaction[Any], str, list[discord.Attachment]], Awaitable[None]]
Confirm = Callable[[discord.Interaction[Any]], Awaitable[None]]


class ChallengeActions(Protocol):
    async def on_post_button(
        self, interaction: discord.Interaction[Any], action: PostAction, post_id: int
    ) -> None: ...

    async def on_completion_button(
        self, interaction: discord.Interaction[Any], action: CompletionAction, completion_id: int
    ) -> None: ...


def _actions(interaction: discord.Interaction[Any]) -> ChallengeActions:
    actions: ChallengeActions = feature_cog(interaction, COG_NAME)
    return actions


# action: (message key of its label, style)
POST_BUTTONS: dict[PostAction, tuple[str, discord.ButtonStyle]] = {
    PostAction.DID_IT: ("button_did_it", discord.ButtonStyle.success),
    PostAction.NOT_TODAY: ("button_not_today", discord.ButtonStyle.secondary),
}


class PostButton(ActionButton[PostAction], template=POST_TEMPLATE):
    """I did it 🎉 and Not today, under a challenge post."""

    action_type = PostAction

    @classmethod
    def build(cls, action: PostAction, post_id: int, messages: Text) -> PostButton:
        label, style = POST_BUTTONS[action]
        return cls.make(
            action,
            post_id,
            label=messages(label),
            style=style,
            custom_id=custom_id(action, post_id),
        )

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_post_button(interaction, self.action, self.target_id)


class CompletionButton(ActionButton[CompletionAction], template=COMPLETION_TEMPLATE):
    """😂 (with its count), 🫙 Keep and Remove, under a posted completion."""

    action_type = CompletionAction

    @classmethod
    def build(
        cls,
        action: CompletionAction,
        completion_id: int,
        messages: Text,
        *,
        laughs: int,
        kept: bool,
    ) -> CompletionButton:
        if action is CompletionAction.LAUGH:
            label = laugh_label(messages, laughs)
        elif action is CompletionAction.KEEP:
            label = keep_label(messages, kept)
        else:
            label = messages("remove_button")
        return cls.make(
            action,
            completion_id,
            label=label,
            style=discord.ButtonStyle.secondary,
            custom_id=custom_id(action, completion_id),
        )

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).on_completion_button(interaction, self.action, self.target_id)


def post_view(post_id: int, messages: Text) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in PostAction:
        view.add_item(PostButton.build(action, post_id, messages))
    return view


def completion_view(
    completion_id: int, messages: Text, *, laughs: int, kept: bool
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in CompletionAction:
        view.add_item(
            CompletionButton.build(action, completion_id, messages, laughs=laughs, kept=kept)
        )
    return view


class CompletionModal(KindredModal):
    """The optional note or link a member leaves with "I did it", and for a photo challenge
    a photo (a File Upload: Kindred cannot read photos posted as thread messages without
    the privileged Message Content intent, so the form is the way in)."""

    def __init__(self, *, title: str, label: str, placeholder: str, default: str | None,
                 submit: Submit, photo_label: str | None = None) -> None:  # fmt: skip
        super().__init__(title=title[:MODAL_TITLE_MAX], timeout=900)
        self.note: discord.ui.TextInput[CompletionModal] = discord.ui.TextInput(
            label=label[:INPUT_LABEL_MAX],
            style=discord.TextStyle.paragraph,
            placeholder=placeholder[:PLACEHOLDER_MAX],
            default=default,
            required=False,
            max_length=NOTE_MAX_CHARS,
        )
        self.add_item(self.note)
        self.photos: discord.ui.FileUpload[CompletionModal] | None = None
        if photo_label is not None:
            # Optional: a member editing their note need not upload the photo again.
            self.photos = discord.ui.FileUpload(
                custom_id=PHOTO_FIELD, required=False, min_values=0, max_values=1
            )
            self.add_item(
                discord.ui.Label(text=photo_label[:INPUT_LABEL_MAX], component=self.photos)
            )
        self._submit = submit

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        photos = list(self.photos.values) if self.photos is not None else []
        await self._submit(interaction, self.note.value, photos)


class ConfirmRemoveView(KindredView):
    """The second press before a completion is removed; answered once (a double click
    must not remove twice or answer twice)."""

    def __init__(self, *, owner_id: int, label: str, confirm: Confirm) -> None:
        super().__init__(owner_id=owner_id, timeout=120)
        self.remove.label = label
        self._confirm = confirm
        self.answered = False

    @discord.ui.button(style=discord.ButtonStyle.danger)
    async def remove(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmRemoveView]
    ) -> None:
        if self.answered:  # no await before the flag is set, so two presses act once
            await interaction.response.defer()
            return
        self.answered = True
        self.stop()
        await self._confirm(interaction)
