"""Buttons and the select of check-in buddies, and the views and letter buttons they make.

Every one is a dynamic item: its ``custom_id`` (see :mod:`.actions`) carries what it acts on,
so an invitation answered days later, a buddy's answer to a letter held through their quiet
hours, or a share offered before a restart all still work. Each press is handed to the
check-in cog, which checks the row and where the press came from before acting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

import discord

from bot.interactions.views import ActionButton, KindredButton, feature_cog, pressed_button
from bot.outbound.letters import ButtonStyle, LetterButton
from cogs.checkins.buddies.actions import (
    INVITE_TEMPLATE,
    PICK_TEMPLATE,
    REPLY_TEMPLATE,
    SHARE_TEMPLATE,
    SUPPORT_ID,
    SUPPORT_TEMPLATE,
    InviteAction,
    ReplyAction,
    SharePress,
    invite_id,
    parse_buddyship,
    pick_id,
    reply_id,
)
from cogs.checkins.buddies.letters import (
    MAX_SHARE_BUTTONS,
    BuddyChoice,
    OfferLayout,
    Text,
    offer_layout,
    offered,
)
from cogs.checkins.views import COG_NAME

LABEL_MAX = 80
OPTION_MAX = 100

INVITE_BUTTONS: dict[InviteAction, tuple[str, discord.ButtonStyle]] = {
    InviteAction.ACCEPT: ("buddy.button_accept", discord.ButtonStyle.success),
    InviteAction.DECLINE: ("buddy.button_decline", discord.ButtonStyle.secondary),
}
REPLY_BUTTONS: dict[ReplyAction, tuple[str, ButtonStyle]] = {
    ReplyAction.HERE: ("buddy.button_here", "success"),
    ReplyAction.CANT: ("buddy.button_cant", "secondary"),
}


class BuddyActions(Protocol):
    async def on_invite(
        self, interaction: discord.Interaction[Any], action: InviteAction, invitation_id: int
    ) -> None: ...

    async def on_reply(
        self, interaction: discord.Interaction[Any], action: ReplyAction, share_id: int
    ) -> None: ...

    async def on_share(
        self, interaction: discord.Interaction[Any], checkin_id: int, buddyship_id: int | None
    ) -> None: ...

    async def on_support(self, interaction: discord.Interaction[Any]) -> None: ...


def _cog(interaction: discord.Interaction[Any]) -> BuddyActions:
    actions: BuddyActions = feature_cog(interaction, COG_NAME)
    return actions


class InviteButton(ActionButton[InviteAction], template=INVITE_TEMPLATE):
    """Accept or Decline, under an invitation posted where /checkin buddy add was used."""

    action_type = InviteAction

    @classmethod
    def build(cls, action: InviteAction, invitation_id: int, text: Text) -> InviteButton:
        label, style = INVITE_BUTTONS[action]
        return cls.make(
            action,
            invitation_id,
            label=text(label)[:LABEL_MAX],
            style=style,
            custom_id=invite_id(action, invitation_id),
        )

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _cog(interaction).on_invite(interaction, self.action, self.target_id)


class ReplyButton(ActionButton[ReplyAction], template=REPLY_TEMPLATE):
    """I'm here 💛 and Can't right now, in the letter a buddy gets for a shared check-in."""

    action_type = ReplyAction

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _cog(interaction).on_reply(interaction, self.action, self.target_id)


class ShareButton(KindredButton, template=SHARE_TEMPLATE):
    """Share with <name>? under a check-in's answer, or in a Can't-right-now letter."""

    def __init__(self, button: discord.ui.Button[Any], press: SharePress) -> None:
        super().__init__(button)
        self.press = press

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ShareButton:
        return cls(pressed_button(item), SharePress.from_match(match))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        press = self.press
        await _cog(interaction).on_share(interaction, press.checkin_id, press.buddyship_id)


class SharePick(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=PICK_TEMPLATE,
):
    """One select offering every buddy, when there are more than buttons would hold."""

    def __init__(self, select: discord.ui.Select[Any], checkin_id: int) -> None:
        super().__init__(select)
        self.checkin_id = checkin_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> SharePick:
        if not isinstance(item, discord.ui.Select):
            raise TypeError(f"a share select arrived on a {type(item).__name__}")
        return cls(item, int(match["checkin"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        values = list(self.item.values)
        buddyship_id = parse_buddyship(values[0]) if len(values) == 1 else None
        try:
            await _cog(interaction).on_share(interaction, self.checkin_id, buddyship_id)
        except Exception as error:  # noqa: BLE001 - every error is reported to the user and logged
            await interaction.client.error_reporter.report(interaction, error)


class SupportButton(KindredButton, template=SUPPORT_TEMPLATE):
    """Where to find support: answered in the presser's own locale, so it needs no state."""

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> SupportButton:
        return cls(pressed_button(item))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await _cog(interaction).on_support(interaction)


DYNAMIC_ITEMS = (InviteButton, ReplyButton, ShareButton, SharePick, SupportButton)


def invitation_view(invitation_id: int, text: Text) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in InviteAction:
        view.add_item(InviteButton.build(action, invitation_id, text))
    return view


def share_label(text: Text, name: str) -> str:
    return text("buddy.button_share", name=name)[:LABEL_MAX]


def add_share_offer(
    view: discord.ui.View, checkin_id: int, choices: Sequence[BuddyChoice], text: Text
) -> None:
    """Share with <name>? for each buddy, or one select with them all; never pressed for
    the member: nothing is shared until they choose."""
    layout = offer_layout(len(choices))
    if layout is OfferLayout.BUTTONS:
        for choice in choices:
            button: discord.ui.Button[Any] = discord.ui.Button(
                label=share_label(text, choice.name),
                emoji="💛",
                style=discord.ButtonStyle.secondary,
                custom_id=SharePress(checkin_id, choice.buddyship_id).custom_id(),
            )
            view.add_item(ShareButton(button, SharePress(checkin_id, choice.buddyship_id)))
    elif layout is OfferLayout.SELECT:
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=pick_id(checkin_id),
            placeholder=text("buddy.pick_placeholder")[:OPTION_MAX],
            options=[
                discord.SelectOption(label=choice.name[:OPTION_MAX], value=str(choice.buddyship_id))
                for choice in offered(choices)
            ],
            min_values=1,
            max_values=1,
        )
        view.add_item(SharePick(select, checkin_id))


def reply_buttons(share_id: int, text: Text) -> tuple[LetterButton, ...]:
    """The buddy's two answers to a shared check-in, as a letter's buttons."""
    return tuple(
        LetterButton(reply_id(action, share_id), text(label)[:LABEL_MAX], style)
        for action, (label, style) in REPLY_BUTTONS.items()
    )


def other_buddy_buttons(
    checkin_id: int, choices: Sequence[BuddyChoice], text: Text
) -> tuple[LetterButton, ...]:
    """In a Can't-right-now letter: the member's other buddies (a letter holds buttons only,
    so a few of them), then where to find support."""
    shares = tuple(
        LetterButton(
            SharePress(checkin_id, c.buddyship_id).custom_id(),
            share_label(text, c.name),
            emoji="💛",
        )
        for c in choices[:MAX_SHARE_BUTTONS]
    )
    return (*shares, LetterButton(SUPPORT_ID, text("buddy.button_support")[:LABEL_MAX], "primary"))
