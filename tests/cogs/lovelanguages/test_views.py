"""The quiz and note buttons: their custom_ids, their words, and the press they hand on."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any, cast

import discord

from bot.app.content import Messages, content_root
from cogs.lovelanguages.actions import (
    AnswerPress,
    BackPress,
    Choice,
    NoteAction,
    NotePress,
    Part,
    Step,
    StepPress,
)
from cogs.lovelanguages.views import (
    NoteButton,
    QuizBack,
    QuizChoice,
    QuizStep,
    block_view,
    quiz_view,
    steps_view,
)

MESSAGES = Messages.from_data_dir(content_root())


def text(key: str, /, **values: object) -> str:
    return MESSAGES.get(f"lovelanguages.{key}", **values)


def button(item: discord.ui.Item[Any]) -> discord.ui.Button[Any]:
    assert isinstance(item, discord.ui.DynamicItem), "a button that works after a restart"
    assert isinstance(item.item, discord.ui.Button)
    return item.item


def buttons(view: discord.ui.View) -> list[tuple[str | None, str | None]]:
    return [(button(item).custom_id, button(item).label) for item in view.children]


async def test_a_quiz_screen_has_a_b_and_back_with_the_released_custom_ids() -> None:
    view = quiz_view(Part.GIVE, 4, text)
    assert buttons(view) == [("kl:q:g:4:0", "A"), ("kl:q:g:4:1", "B"), ("kl:b:g:4", "Back")]
    assert button(quiz_view(Part.RECEIVE, 0, text).children[-1]).disabled, "no going back"
    assert not button(view.children[-1]).disabled


async def test_steps_and_the_block_button_take_their_words_from_the_messages() -> None:
    view = steps_view(text, StepPress(Step.CONTINUE), StepPress(Step.RESTART, "family"))
    assert buttons(view) == [
        ("kl:s:continue", text("buttons.continue")),
        ("kl:s:restart:family", text("buttons.restart")),
    ]
    assert buttons(block_view(77, text)) == [("kn:b:77", text("buttons.block_sender"))]


async def test_a_press_on_a_released_button_is_rebuilt_as_the_press_its_handler_reads() -> None:
    interaction = cast(
        "discord.Interaction[Any]", SimpleNamespace(client=SimpleNamespace(messages=MESSAGES))
    )
    cases: list[tuple[Any, str, Any]] = [
        (QuizChoice, "kl:q:r:12:1", AnswerPress(Part.RECEIVE, 12, Choice.B)),
        (QuizBack, "kl:b:r:12", BackPress(Part.RECEIVE, 12)),
        (QuizStep, "kl:s:restart:partner", StepPress(Step.RESTART, "partner")),
        (NoteButton, "kn:r:42", NotePress(NoteAction.REPORT, 42)),
    ]
    for item_class, custom_id, press in cases:
        match = item_class.__discord_ui_compiled_template__.fullmatch(custom_id)
        assert isinstance(match, re.Match), custom_id
        placeholder = discord.ui.Button[Any](custom_id=custom_id)
        rebuilt = await item_class.from_custom_id(interaction, placeholder, match)
        assert rebuilt.press == press
        assert rebuilt.item.custom_id == custom_id
