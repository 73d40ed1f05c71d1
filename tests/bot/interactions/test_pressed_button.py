"""A dynamic button's press is handled with the button the message shows."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.interactions.views import pressed_button


def test_the_pressed_button_is_handed_back_as_it_is() -> None:
    button: discord.ui.Button[Any] = discord.ui.Button(label="Answer", custom_id="kq:a:1")
    assert pressed_button(button) is button


def test_anything_but_a_button_under_a_buttons_custom_id_is_a_bug() -> None:
    select: discord.ui.Select[Any] = discord.ui.Select(custom_id="kq:a:1", options=[])
    with pytest.raises(TypeError, match="arrived on a Select"):
        pressed_button(select)
