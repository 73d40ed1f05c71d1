"""The buttons on posts and answers: built from the named actions, read back from old ids."""

from __future__ import annotations

from typing import Any, cast

import discord
import pytest

from cogs.questions.actions import AnswerAction, PostAction
from cogs.questions.views import (
    AnswerButton,
    BarView,
    PostButton,
    ReviewView,
    answer_view,
    post_view,
)
from tests.cogs.questions.wording import text as words


def custom_ids(view: discord.ui.View) -> list[str]:
    return [cast(discord.ui.Button[Any], item).custom_id or "" for item in view.children]


async def test_a_post_carries_its_five_buttons_in_order() -> None:
    view = post_view(41, words)
    assert custom_ids(view) == ["kq:a:41", "kq:n:41", "kq:p:41", "kq:d:41", "kq:t:41"]
    assert all(isinstance(item, PostButton) for item in view.children)


async def test_an_answer_carries_validate_edit_delete_with_the_count() -> None:
    view = answer_view(7, 3, words)
    assert custom_ids(view) == ["kq:v:7", "kq:e:7", "kq:x:7"]
    validate = cast(AnswerButton, view.children[0])
    assert validate.item.label == "That makes sense · 3"


@pytest.mark.parametrize(
    ("raw", "action"),
    [
        ("kq:a:5", PostAction.ANSWER),
        ("kq:n:5", PostAction.ANSWER_ANONYMOUSLY),
        ("kq:p:5", PostAction.PASS),
        ("kq:d:5", PostAction.READY_FOR_DEEPER),
        ("kq:t:5", PostAction.TOO_DEEP),
    ],
)
async def test_a_pressed_post_button_from_an_old_message_is_dispatched_to_its_action(
    raw: str, action: PostAction
) -> None:
    match = PostButton.__discord_ui_compiled_template__.fullmatch(raw)
    assert match is not None
    assert AnswerButton.__discord_ui_compiled_template__.fullmatch(raw) is None
    pressed = discord.ui.Button[Any](label="Old label", custom_id=raw)
    item = await PostButton.from_custom_id(cast(Any, None), pressed, match)
    assert (item.action, item.target_id) == (action, 5)
    assert item.item is pressed


@pytest.mark.parametrize(
    ("raw", "action"),
    [
        ("kq:v:9", AnswerAction.VALIDATE),
        ("kq:e:9", AnswerAction.EDIT),
        ("kq:x:9", AnswerAction.DELETE),
    ],
)
async def test_a_pressed_answer_button_from_an_old_message_is_dispatched_to_its_action(
    raw: str, action: AnswerAction
) -> None:
    match = AnswerButton.__discord_ui_compiled_template__.fullmatch(raw)
    assert match is not None
    assert PostButton.__discord_ui_compiled_template__.fullmatch(raw) is None
    pressed = discord.ui.Button[Any](label="Old label", custom_id=raw)
    item = await AnswerButton.from_custom_id(cast(Any, None), pressed, match)
    assert (item.action, item.target_id) == (action, 9)


async def test_an_action_on_something_other_than_a_button_is_refused() -> None:
    select = discord.ui.Select[Any](custom_id="kq:a:5")
    match = PostButton.__discord_ui_compiled_template__.fullmatch("kq:a:5")
    assert match is not None
    with pytest.raises(TypeError):
        await PostButton.from_custom_id(cast(Any, None), select, match)


async def test_every_label_comes_from_the_messages_unchanged() -> None:
    def labels(view: discord.ui.View) -> list[str | None]:
        buttons = [getattr(item, "item", item) for item in view.children]  # dynamic items wrap
        return [cast(discord.ui.Button[Any], button).label for button in buttons]

    assert labels(post_view(1, words)) == [
        "Answer",
        "Answer anonymously",
        "Pass",
        "Ready to go deeper",
        "Too deep",
    ]
    assert labels(answer_view(1, 0, words)) == ["That makes sense", "Edit", "Delete"]

    async def ignore(*_: object) -> None:
        return None

    review = ReviewView(owner_id=1, decide=ignore, messages=words)
    assert labels(review) == ["Approve", "Edit", "Reject"]
    bar = BarView(owner_id=1, bar=ignore, messages=words)
    assert labels(bar) == ["Bar its author from anonymous answers here"]
