"""A note's Report and Block act only when pressed in a DM by the note's recipient.

Discord only sends a press for a button that is on the message, so a press of a note's
button from a server cannot be made through the fake; here the handler gets one directly,
as a client that forged it would send it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

import discord
import pytest

from bot.app.content import Messages, content_root
from bot.interactions.origin import PressElsewhere
from bot.interactions.user_error import UserFacingError
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.lovelanguages.actions import NoteAction, NotePress
from cogs.lovelanguages.cog.notes import Appreciate
from cogs.lovelanguages.repository import NoteStore
from tests.support.keys import make_test_vault

ANA, BEN, CY = 111111111111111111, 222222222222222222, 333333333333333333
GUILD = 10


class Recorder:
    """Whatever the handler answers or tells the admins, kept to be looked at."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def send_message(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append("send")

    async def edit_message(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append("edit")

    async def tell_admins(self, *args: Any) -> None:
        self.calls.append("admins")


def press_from(user_id: int, guild_id: int | None, client: Any, seen: Recorder) -> Any:
    return cast(
        "discord.Interaction[Any]",
        SimpleNamespace(
            user=SimpleNamespace(id=user_id),
            guild_id=guild_id,
            channel_id=700,
            message=SimpleNamespace(id=900),
            client=client,
            response=seen,
        ),
    )


@pytest.fixture
async def setup(db: Database) -> tuple[Appreciate, NoteStore, Any, Recorder]:
    notes = NoteStore(
        db, OffsetClock(datetime(2026, 6, 2, tzinfo=UTC)), make_test_vault().pseudonym
    )
    seen = Recorder()
    messages = Messages.from_data_dir(content_root())
    bot = SimpleNamespace(messages=messages, notices=seen)
    cog = Appreciate(cast("Any", bot), notes)

    async def accept(note_id: int) -> bool:
        return True

    await notes.send(GUILD, BEN, ANA, anonymous=True, daily_limit=3, deliver=accept)
    return cog, notes, bot, seen


@pytest.mark.parametrize("action", list(NoteAction))
async def test_a_press_from_a_server_acts_on_nothing(
    setup: tuple[Appreciate, NoteStore, Any, Recorder], action: NoteAction
) -> None:
    cog, notes, bot, seen = setup
    with pytest.raises(PressElsewhere):
        await cog.on_note(press_from(ANA, GUILD, bot, seen), NotePress(action, 1))
    assert seen.calls == []
    assert not await notes.is_blocked(ANA, BEN)
    note = await notes.note(1)
    assert note is not None and note.reported_at is None


@pytest.mark.parametrize("action", list(NoteAction))
async def test_a_press_by_anyone_but_the_recipient_acts_on_nothing(
    setup: tuple[Appreciate, NoteStore, Any, Recorder], action: NoteAction
) -> None:
    cog, notes, bot, seen = setup
    with pytest.raises(UserFacingError, match="isn't here any more"):
        await cog.on_note(press_from(CY, None, bot, seen), NotePress(action, 1))
    assert seen.calls == []
    assert not await notes.is_blocked(CY, BEN)


async def test_the_recipient_in_their_dm_reports_then_blocks(
    setup: tuple[Appreciate, NoteStore, Any, Recorder],
) -> None:
    cog, notes, bot, seen = setup
    await cog.on_note(press_from(ANA, None, bot, seen), NotePress(NoteAction.REPORT, 1))
    await cog.on_note(press_from(ANA, None, bot, seen), NotePress(NoteAction.BLOCK, 1))
    assert seen.calls == ["admins", "send", "edit"]
    assert await notes.is_blocked(ANA, BEN)
