"""The Stay / Leave buttons of the question a silent buddy is asked in their thread.

A button's ``custom_id`` is ``kp:<action>:<ask id>``: the action and the id of the question,
never the member's (every client can read a custom id; the cog checks who pressed against
the question's row). Ask ids are never reused, so an old button cannot answer a newer
question. Discord keeps these ids in posted messages: the letters must never change.

- ``kp:s:<ask id>`` — Stay
- ``kp:l:<ask id>`` — Leave
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol

import discord

from bot.interactions.views import ActionButton, feature_cog
from cogs.challenges.render import Text
from cogs.challenges.views import COG_NAME

PREFIX = "kp"


class AskAction(StrEnum):
    """The answers to "stay in buddy pairings?", in the order they are shown."""

    STAY = "s"
    LEAVE = "l"


ASK_TEMPLATE = rf"{PREFIX}:(?P<action>{'|'.join(a.value for a in AskAction)}):(?P<id>[0-9]{{1,20}})"

# action: (message key of its label, style)
ASK_BUTTONS: dict[AskAction, tuple[str, discord.ButtonStyle]] = {
    AskAction.STAY: ("pairs_button_stay", discord.ButtonStyle.success),
    AskAction.LEAVE: ("pairs_button_leave", discord.ButtonStyle.secondary),
}


def ask_custom_id(action: AskAction, ask_id: int) -> str:
    return f"{PREFIX}:{action.value}:{ask_id}"


class PairActions(Protocol):
    async def on_ask_button(
        self, interaction: discord.Interaction[Any], action: AskAction, ask_id: int
    ) -> None: ...


class AskButton(ActionButton[AskAction], template=ASK_TEMPLATE):
    """Stay or Leave, under the question a silent member is asked."""

    action_type = AskAction

    @classmethod
    def build(cls, action: AskAction, ask_id: int, messages: Text) -> AskButton:
        label, style = ASK_BUTTONS[action]
        return cls.make(
            action,
            ask_id,
            label=messages(label),
            style=style,
            custom_id=ask_custom_id(action, ask_id),
        )

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        actions: PairActions = feature_cog(interaction, COG_NAME)
        await actions.on_ask_button(interaction, self.action, self.target_id)


def ask_view(ask_id: int, messages: Text) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in AskAction:
        view.add_item(AskButton.build(action, ask_id, messages))
    return view
