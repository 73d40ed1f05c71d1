"""What the check-in buddy and care end-to-end tests share: asking someone to be a buddy and
answering, a check-in answered by a member with its offer to share, the DMs a member got, and
every request the fake received that carries some text."""

from __future__ import annotations

import json
import weakref
from typing import Any

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, Message, User
from cogs.checkins.actions import CHOICE_OF_MOOD, CHOICE_OF_WISH, Choice
from cogs.checkins.moods import Mood, Wish
from tests.e2e.checkin_support import checkin_id_of, checkin_now, write_note
from tests.e2e.checkin_support import press as flow_press
from tests.e2e.questions_support import button

ACCEPT, DECLINE, HERE, CANT, SHARE, PICK, SUPPORT = (
    "kbi:a:", "kbi:d:", "kbr:h:", "kbr:c:", "kbs:", "kbp:", "kbh",
)  # fmt: skip
COG = "Private check-ins"


_SYNCED_EVERYWHERE: weakref.WeakSet[Kindred] = weakref.WeakSet()


async def commands_everywhere(bot: Kindred) -> None:
    """Sync the commands globally, as in production (once per bot): /checkin in the DM too."""
    if bot not in _SYNCED_EVERYWHERE:
        await bot.tree.sync()
        _SYNCED_EVERYWHERE.add(bot)


def cog_of(bot: Kindred) -> Any:
    return bot.get_cog(COG)


async def private(
    fake: FakeDiscord, user: User, where: Channel, command: str, **options: Any
) -> str:
    """Run a command that must answer only its user; what it said."""
    response = await (await fake.slash(user, where, command, options)).response()
    assert response.ok
    assert response.ephemeral, f"/{command} must answer privately"
    return str(response.content)


async def invite(fake: FakeDiscord, asker: User, where: Channel, member: User) -> Message:
    """/checkin buddy add, as posted where it was used."""
    handle = await fake.slash(asker, where, "checkin buddy add", {"member": member})
    response = await handle.response()
    assert response.ok
    assert not response.ephemeral, "an invitation is posted where the command was used"
    return await handle.message()


async def press(fake: FakeDiscord, user: User, message: Message, prefix: str) -> Any:
    """Press the button starting with ``prefix``; the bot's answer."""
    return await (await fake.click(user, message, button(message, prefix))).response()


async def befriend(fake: FakeDiscord, asker: User, buddy: User, where: Channel) -> Message:
    invitation = await invite(fake, asker, where, buddy)
    answer = await press(fake, buddy, invitation, ACCEPT)
    assert answer.ok
    assert not answer.ephemeral, "the invitation itself says it was accepted"
    return invitation


def current(fake: FakeDiscord, message: Message) -> Message:
    found = fake.get_message(message.id)
    assert found is not None
    return found


async def answered(
    fake: FakeDiscord,
    bot: Kindred,
    user: User,
    mood: Mood,
    wish: Wish,
    note: str | None,
    where: Channel | None = None,
) -> tuple[int, Message]:
    """A check-in the member answered through /checkin now (in their DM with Kindred unless
    ``where`` says otherwise): its id, and its message as the validating reply left it."""
    if where is None:
        await commands_everywhere(bot)
    asked = await checkin_now(fake, bot, user, where or fake.dm_channel(user))
    checkin_id = checkin_id_of(asked)
    for choice in (CHOICE_OF_MOOD[mood], CHOICE_OF_WISH[wish]):
        assert (await flow_press(fake, user, asked, choice)).ok
    if note is None:
        assert (await flow_press(fake, user, asked, Choice.NO_NOTE)).ok
    else:
        assert (await write_note(fake, user, asked, note)).ok
    return checkin_id, current(fake, asked)


def own_mood(bot: Kindred, mood: Mood) -> Any:
    return next(m for m in cog_of(bot).content.moods if m.value == mood.value)


def own_wish(bot: Kindred, wish: Wish) -> Any:
    return next(w for w in cog_of(bot).content.wishes if w.value == wish.value)


def tip(bot: Kindred, mood: Mood, wish: Wish | None) -> str:
    """The tip a buddy reads for this mood and wish, as the running bot has it."""
    content = cog_of(bot).content
    return str(content.buddy_tip(own_mood(bot, mood), own_wish(bot, wish) if wish else None))


async def dms(fake: FakeDiscord, user: User, count: int) -> list[Message]:
    """The member's DMs from Kindred, once there are at least ``count``."""
    channel = fake.dm_channel(user)
    await fake.wait_until(lambda: len(fake.messages(channel)) >= count, 5, f"{count} DMs")
    await fake.settle()
    return fake.messages(channel)


def requests_carrying(fake: FakeDiscord, text: str) -> list[Any]:
    """Every request the fake received whose body holds ``text``, anywhere."""
    return [r for r in fake.find_requests() if text in json.dumps(r.body, ensure_ascii=False)]


def carried_to_others(fake: FakeDiscord, text: str, member: User) -> list[Any]:
    """Requests holding ``text`` that went anywhere but the member's own DM and the answers
    to their own interactions."""
    own_tokens = {r.token for r in fake.interactions.values() if r.user.id == member.id}
    own_dm = str(fake.dm_channel(member).id)
    return [
        r
        for r in requests_carrying(fake, text)
        if own_dm not in r.path and not any(token in r.path for token in own_tokens)
    ]


def share_buttons(message: Message) -> list[str]:
    return [c for c in message.custom_ids() if c.startswith(SHARE)]


def labels(message: Message) -> list[str]:
    return [b.get("label", "") for row in message.components for b in row["components"]]
