"""Base views and modals: only the right person may click, errors reach the reporter,
and a view that times out disables its buttons instead of leaving dead ones."""

from __future__ import annotations

import contextlib
import re
from enum import StrEnum
from typing import Any, ClassVar, Generic, Self, TypeVar

import discord

from bot.interactions.error_reporter import reply_privately


class KindredView(discord.ui.View):
    """A view whose items only ``owner_id`` may use (anyone, if None)."""

    message: discord.Message | discord.InteractionMessage | None = None

    def __init__(self, *, owner_id: int | None = None, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await reply_privately(interaction, interaction.client.messages.get("errors.not_allowed"))
        return False

    async def on_error(
        self,
        interaction: discord.Interaction[Any],
        error: Exception,
        item: discord.ui.Item[Any],
        /,
    ) -> None:
        await interaction.client.error_reporter.report(interaction, error)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is not None:
            # The message may be gone or its token expired: then there is nothing to tidy.
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)


class KindredModal(discord.ui.Modal):
    """A modal whose errors reach the reporter like any command's."""

    async def on_error(  # type: ignore[override]  # discord.py widens the base signature
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await interaction.client.error_reporter.report(interaction, error)


def feature_cog(interaction: discord.Interaction[Any], name: str) -> Any:
    """The loaded cog a dynamic item hands its press to (typed by the caller's Protocol)."""
    cog = interaction.client.get_cog(name)
    if cog is None:
        raise RuntimeError(f"the feature {name!r} is not loaded")
    return cog


def pressed_button(item: discord.ui.Item[Any]) -> discord.ui.Button[Any]:
    """The button a dynamic item was pressed on, as the message shows it: the press is
    handled with it, never re-sent. Anything else under a button's ``custom_id`` is a bug."""
    if not isinstance(item, discord.ui.Button):
        raise TypeError(f"a button's action arrived on a {type(item).__name__}, not a button")
    return item


class KindredButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"(?!)",  # never matches: only the subclasses, each with its own template, are used
):
    """A button that keeps working after a restart: its ``custom_id`` carries what it needs.

    Subclasses give a ``template`` and implement :meth:`run`; errors reach the reporter like
    any command's (discord.py would only log them). Never put a hidden identity in a
    ``custom_id``: every client can read it.
    """

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.run(interaction)
        except Exception as error:  # noqa: BLE001 - every error is reported to the user and logged
            await interaction.client.error_reporter.report(interaction, error)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError


ActionT = TypeVar("ActionT", bound=StrEnum)


class ActionButton(KindredButton, Generic[ActionT], template=r"(?!)"):
    """A button whose ``custom_id`` is an action and one row's id, its template naming them
    ``action`` and ``id``: the press is rebuilt from those alone, so the feature keeps only
    the action enum (``action_type``) and what the press does (:meth:`run`).
    """

    action_type: ClassVar[type[StrEnum]]

    def __init__(self, button: discord.ui.Button[Any], action: ActionT, target_id: int) -> None:
        super().__init__(button)
        self.action = action
        self.target_id = target_id

    @classmethod
    def make(
        cls,
        action: ActionT,
        target_id: int,
        *,
        label: str,
        style: discord.ButtonStyle,
        custom_id: str,
        emoji: str | None = None,
    ) -> Self:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=label, style=style, emoji=emoji, custom_id=custom_id
        )
        return cls(button, action, target_id)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        action: Any = cls.action_type(match["action"])
        return cls(pressed_button(item), action, int(match["id"]))
