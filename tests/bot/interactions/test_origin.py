"""A press is checked against where its row lives: server (or DM), channel, message."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bot.interactions.origin import Origin, PressElsewhere, require_origin

HERE = Origin(guild_id=501, channel_id=70, message_id=9001)


def test_a_press_from_the_rows_own_server_channel_and_message_passes() -> None:
    assert HERE.is_from(guild_id=501, channel_ids=[70], message_id=9001)
    assert HERE.is_from(guild_id=501, channel_ids=[71, 70], message_id=9001)  # post or thread


@pytest.mark.parametrize(
    ("guild_id", "channel_ids", "message_id"),
    [
        (502, [70], 9001),  # another server
        (None, [70], 9001),  # a DM row pressed in a server
        (501, [71], 9001),  # another channel
        (501, [70], 9002),  # another message
    ],
)
def test_a_press_from_anywhere_else_is_refused(
    guild_id: int | None, channel_ids: list[int], message_id: int
) -> None:
    assert not HERE.is_from(guild_id=guild_id, channel_ids=channel_ids, message_id=message_id)


def test_what_the_row_does_not_know_yet_is_not_checked_but_the_server_always_is() -> None:
    assert HERE.is_from(guild_id=501, channel_ids=[None], message_id=None)
    assert HERE.is_from(guild_id=501)
    assert not HERE.is_from(guild_id=None)
    dm = Origin(guild_id=None, channel_id=80, message_id=1)
    assert dm.is_from(guild_id=None, channel_ids=[80], message_id=1)
    assert not dm.is_from(guild_id=501, channel_ids=[80], message_id=1)


def _interaction(guild_id: int | None, channel_id: int, message_id: int | None) -> Any:
    messages = SimpleNamespace(get=lambda key: f"<{key}>")
    return SimpleNamespace(
        guild_id=guild_id,
        channel_id=channel_id,
        message=None if message_id is None else SimpleNamespace(id=message_id),
        client=SimpleNamespace(messages=messages),
    )


def test_require_origin_refuses_with_the_shared_sentence() -> None:
    require_origin(_interaction(501, 70, 9001), guild_id=501, channel_ids=[70], message_id=9001)
    with pytest.raises(PressElsewhere, match=r"errors\.press_elsewhere"):
        require_origin(_interaction(502, 70, 9001), guild_id=501, channel_ids=[70], message_id=9001)
    with pytest.raises(PressElsewhere):  # a modal's press carries no message of a row
        require_origin(_interaction(501, 70, None), guild_id=501, message_id=9001)
