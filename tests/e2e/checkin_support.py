"""Helpers for the check-ins' end-to-end tests: commands answered privately, the buttons of a
check-in by choice, the DMs a member got, and the rows as the database holds them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, Message, User
from bot.storage.database import Database
from cogs.checkins.actions import Choice, custom_id, parse
from tests.e2e.harness import eventually

QUESTION = "How are you really doing?"
WISH_QUESTION = "What would help right now?"
NOTE_QUESTION = "Would you like to add a note"
ALREADY = "already answered"
FINISHED = "already finished"
NOT_YOURS = "belongs to someone else"
ELSEWHERE = "doesn't belong to anything here"
UPDATE = 7  # a press answered by editing the check-in's own message


async def say(
    fake: FakeDiscord,
    user: User,
    channel: Channel,
    command: str,
    *,
    private: bool = True,
    **options: Any,
) -> Any:
    """Run a command; its answer must be ephemeral (``private``) or a plain reply."""
    handle = await fake.slash(user, channel, command, options)
    response = await handle.response()
    assert response.ok, f"/{command} failed"
    assert response.ephemeral is private, f"/{command}: ephemeral should be {private}"
    return response


async def checkin_now(fake: FakeDiscord, bot: Kindred, user: User, channel: Channel) -> Message:
    """/checkin now; the question it asked, once the check-in knows its message (a press
    before that is refused as coming from elsewhere)."""
    handle = await fake.slash(user, channel, "checkin now")
    message = await handle.message()
    assert QUESTION in message.content

    async def recorded() -> bool:
        return bool(
            await bot.db.fetch_one("SELECT 1 FROM checkins WHERE message_id = ?", (message.id,))
        )

    await eventually(recorded, "the check-in's message recorded")
    return message


def current(fake: FakeDiscord, message: Message) -> Message:
    found = fake.get_message(message.id)
    assert found is not None
    return found


def checkin_id_of(message: Message) -> int:
    parsed = parse(message.custom_ids()[0])
    assert parsed is not None
    return parsed[1]


def choices_on(fake: FakeDiscord, message: Message) -> list[Choice]:
    found = [parse(raw) for raw in current(fake, message).custom_ids()]
    return [p[0] for p in found if p is not None]


async def press(fake: FakeDiscord, user: User, message: Message, choice: Choice) -> Any:
    """Press one answer on a check-in's message; the interaction's first answer."""
    handle = await fake.click(user, message, custom_id(choice, checkin_id_of(message)))
    return await handle.response()


async def press_all_at_once(
    fake: FakeDiscord, user: User, message: Message, choices: list[Choice]
) -> list[Any]:
    checkin_id = checkin_id_of(message)
    handles = await asyncio.gather(
        *(fake.click(user, message, custom_id(c, checkin_id)) for c in choices)
    )
    return list(await asyncio.gather(*(h.response() for h in handles)))


async def write_note(fake: FakeDiscord, user: User, message: Message, note: str) -> Any:
    """Add a note: the form opens from the message, and its answer edits that message."""
    handle = await fake.click(user, message, custom_id(Choice.ADD_NOTE, checkin_id_of(message)))
    modal = await handle.modal()
    [field] = modal.field_ids()
    submitted = await fake.submit_modal(
        user,
        fake.world.channels[message.channel_id],
        modal.custom_id,
        {field: note},
        message=current(fake, message),
    )
    return await submitted.response()


def forge(message: Message, checkin_id: int) -> None:
    """Make the fake's copy of ``message`` carry buttons for another check-in (what a
    modified client can send: a custom id is only a claim)."""
    for row in message.components:
        for component in row.get("components", []):
            parsed = parse(component.get("custom_id", ""))
            if parsed is not None:
                component["custom_id"] = custom_id(parsed[0], checkin_id)


def dm_messages(fake: FakeDiscord, user: User) -> list[Message]:
    return list(fake.messages(fake.dm_channel(user)))


async def rows(bot: Kindred, user: User) -> list[dict[str, Any]]:
    found = await bot.db.fetch_all(
        "SELECT * FROM checkins WHERE user_id = ? ORDER BY id", (user.id,)
    )
    return [dict(row) for row in found]


async def rows_at(db_path: Path, sql: str, *params: Any) -> list[dict[str, Any]]:
    """Rows read with the bot stopped."""
    db = await Database.open(db_path)
    try:
        return [dict(row) for row in await db.fetch_all(sql, params)]
    finally:
        await db.close()


async def answer_fully(
    fake: FakeDiscord, user: User, message: Message, mood: Choice, wish: Choice
) -> None:
    """A mood, a wish, no note: the quickest whole check-in."""
    for choice in (mood, wish, Choice.NO_NOTE):
        answer = await press(fake, user, message, choice)
        assert answer.type == UPDATE, f"{choice} was not taken: {answer.content}"


async def export_of(fake: FakeDiscord, user: User, channel: Channel) -> dict[str, Any]:
    handle = await fake.slash(user, channel, "mydata export")
    assert (await handle.response()).ok
    message = await handle.followup(0)
    [attachment] = message.attachments
    document: dict[str, Any] = json.loads(attachment.data)
    return document


async def delete_my_data(fake: FakeDiscord, user: User, channel: Channel) -> None:
    handle = await fake.slash(user, channel, "mydata delete")
    prompt = await handle.message()
    confirm = prompt.custom_ids()[0]
    await (await fake.click(user, prompt, confirm)).response()
    await fake.wait_until(
        lambda: "Done." in (fake.get_message(prompt.id) or prompt).content, 5, "deleted"
    )


async def fired(bot: Kindred, user: User, occurrence_key: str) -> bool:
    """The engine has dealt with this occurrence of the member's schedule."""
    return bool(
        await bot.db.fetch_one(
            "SELECT 1 FROM occurrences WHERE job_key = ? AND occurrence_key = ? AND state = 'sent'",
            (f"checkin:{user.id}", occurrence_key),
        )
    )
