"""What the buddy-pairing end-to-end tests share: more members, joining, a round now, and
reading back the groups a round made (from the database and from the fake's threads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, User
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.challenges.repository.pairs import NOW_COOLDOWN
from tests.e2e.harness import World
from tests.e2e.questions_support import run, said

PRIVATE_THREAD = 12
STAY, LEAVE = "kp:s:", "kp:l:"
# Tuesday 2 June 2026: 18:00 in London (BST) is 17:00 UTC.
BEFORE_SIX = datetime(2026, 6, 2, 16, 59, 57, tzinfo=UTC)
WEEKLY_AT_SIX = {"cadence": "weekly", "day": 1, "time": "18:00", "timezone": "Europe/London"}


def more_members(world: World, *names: str) -> list[User]:
    """Members of the test server besides alice and bob (added before Kindred starts)."""
    users = []
    for name in names:
        user = world.fake.add_user(name)
        world.fake.add_member(world.guild, user)
        users.append(user)
    return users


async def join(fake: FakeDiscord, user: User, where: Channel) -> str:
    return str((await run(fake, user, where, "challenge pairs join")).content)


async def pair_now(fake: FakeDiscord, admin: User, where: Channel) -> str:
    """Run /challenge pairs now; the round is whole once the answer is there."""
    return await said(await fake.slash(admin, where, "challenge pairs now"))


async def pair_now_later(fake: FakeDiscord, admin: User, where: Channel, clock: OffsetClock) -> str:
    """Run /challenge pairs now once the cooldown since any earlier round has passed."""
    clock.advance(NOW_COOLDOWN)
    return await pair_now(fake, admin, where)


async def status(fake: FakeDiscord, user: User, where: Channel) -> Any:
    return await run(fake, user, where, "challenge pairs status")


@dataclass(frozen=True)
class MadeGroup:
    members: frozenset[int]
    thread_id: int
    activity_id: str
    activity_text: str


async def groups_of_round(bot: Kindred, round_id: int | None = None) -> list[MadeGroup]:
    """The groups of a round (the latest by default), as saved."""
    if round_id is None:
        round_id = await bot.db.fetch_value("SELECT MAX(id) FROM pair_rounds")
    rows = await bot.db.fetch_all(
        "SELECT * FROM pair_groups WHERE round_id = ? ORDER BY id", (round_id,)
    )
    made = []
    for row in rows:
        members = await bot.db.fetch_all(
            "SELECT user_id FROM pair_group_members WHERE group_id = ?", (row["id"],)
        )
        made.append(
            MadeGroup(
                frozenset(int(m[0]) for m in members),
                int(row["thread_id"]),
                str(row["activity_id"]),
                str(row["activity_text"]),
            )
        )
    return made


def thread(fake: FakeDiscord, thread_id: int) -> Channel:
    return fake.world.channels[thread_id]


def partners(groups: list[MadeGroup]) -> set[frozenset[int]]:
    """Every two members who shared a group."""
    return {frozenset({a, b}) for g in groups for a in g.members for b in g.members if a != b}


def private_threads(fake: FakeDiscord) -> list[Channel]:
    return [c for c in fake.world.channels.values() if c.type == PRIVATE_THREAD]


async def count(db: Database, sql: str) -> int:
    return int(await db.fetch_value(sql) or 0)
