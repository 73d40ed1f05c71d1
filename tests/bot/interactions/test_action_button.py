"""A button whose custom_id is an action and an id comes back from a press as the feature
built it: the action as its enum, the id as a number, and the button the message shows."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import discord
import pytest

from bot.interactions.views import ActionButton


class Pick(StrEnum):
    YES = "y"
    NO = "n"


class PickButton(ActionButton[Pick], template=r"kt:(?P<action>y|n):(?P<id>[0-9]{1,20})"):
    action_type = Pick

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        raise AssertionError("not pressed in these tests")


def match(custom_id: str) -> re.Match[str]:
    found = PickButton.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert found is not None
    return found


async def test_a_press_is_rebuilt_with_its_action_enum_and_id() -> None:
    shown = PickButton.make(
        Pick.NO, 42, label="No", style=discord.ButtonStyle.danger, custom_id="kt:n:42", emoji="🛟"
    )
    assert (shown.item.label, shown.item.style, str(shown.item.emoji)) == (
        "No",
        discord.ButtonStyle.danger,
        "🛟",
    )
    assert shown.item.custom_id == "kt:n:42"
    pressed = await PickButton.from_custom_id(None, shown.item, match("kt:n:42"))  # type: ignore[arg-type]
    assert isinstance(pressed, PickButton)
    assert pressed.action is Pick.NO and pressed.target_id == 42
    assert pressed.item is shown.item, "handled with the button the message shows"


async def test_a_press_on_anything_but_a_button_is_a_bug() -> None:
    select: discord.ui.Select[Any] = discord.ui.Select(custom_id="kt:y:1", options=[])
    with pytest.raises(TypeError, match="arrived on a Select"):
        await PickButton.from_custom_id(None, select, match("kt:y:1"))  # type: ignore[arg-type]
