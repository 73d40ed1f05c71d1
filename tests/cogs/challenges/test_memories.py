"""The memory jar's SQL against a real SQLite file: keeping is the author's own toggle, the
jar shows only its server's kept moments, an anniversary is due for a few days and then
never, is claimed once, and removing a completion or deleting a member takes everything
hanging from it (the anniversary post included)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.challenges.bank import Challenge
from cogs.challenges.repository.completions import CompletionStore
from cogs.challenges.repository.memories import (
    MemoryDataOwner,
    MemoryStore,
    anniversary_of,
)
from cogs.challenges.repository.posts import PostStore
from tests.support.keys import make_test_vault

GUILD, CHANNEL, OTHER_GUILD, OTHER_CHANNEL = 10, 20, 11, 21
ANA, BEN = 1001, 1002
START = datetime(2026, 6, 2, 8, tzinfo=UTC)
A_YEAR_ON = date(2027, 6, 2)


@dataclass
class Stores:
    posts: PostStore
    completions: CompletionStore
    memories: MemoryStore
    owner: MemoryDataOwner
    clock: OffsetClock


@pytest.fixture
def stores(db: Database) -> Stores:
    clock, vault = OffsetClock(START), make_test_vault()
    return Stores(
        PostStore(db, clock),
        CompletionStore(db, vault, clock),
        MemoryStore(db, vault, clock),
        MemoryDataOwner(db),
        clock,
    )


async def done(
    stores: Stores, user: int, note: str | None, *, channel: int = CHANNEL, guild: int = GUILD
) -> int:
    """A posted completion of a new challenge; its id."""
    challenge = Challenge("laugh-001", "laugh", 1, "solo", "Tell a joke badly")
    post = await stores.posts.create_post(channel, guild, challenge, cycle=1)
    await stores.posts.set_post_message(post.id, 5000 + post.id, 5000 + post.id)
    completion_id = await stores.completions.add(post.id, user, note)
    assert completion_id is not None
    await stores.completions.set_message(completion_id, 5000 + post.id, 7000 + completion_id)
    return completion_id


async def test_only_the_author_keeps_and_unkeeps_their_moment(stores: Stores) -> None:
    mine = await done(stores, ANA, "We laughed so much")
    assert await stores.memories.toggle_keep(mine, BEN) is None, "not Ben's to keep"
    assert await stores.memories.toggle_keep(mine, ANA) is True
    assert (await stores.completions.get(mine)).kept_at == START  # type: ignore[union-attr]
    assert await stores.memories.toggle_keep(mine, ANA) is False
    assert (await stores.completions.get(mine)).kept_at is None  # type: ignore[union-attr]
    assert await stores.memories.toggle_keep(mine + 99, ANA) is None, "gone"


async def test_the_jar_shows_only_this_servers_kept_moments_in_the_authors_words(
    stores: Stores,
) -> None:
    assert await stores.memories.random_in(GUILD, random.Random(1)) is None
    kept = await done(stores, ANA, "Our song")
    quiet = await done(stores, BEN, None)
    await done(stores, BEN, "never kept")
    elsewhere = await done(stores, BEN, "other server", channel=OTHER_CHANNEL, guild=OTHER_GUILD)
    for completion_id, user in ((kept, ANA), (quiet, BEN), (elsewhere, BEN)):
        await stores.memories.toggle_keep(completion_id, user)
    seen = {
        (m.completion_id, m.words, m.user_id, m.channel_id)
        for m in [await stores.memories.random_in(GUILD, random.Random(s)) for s in range(40)]
        if m is not None
    }
    assert seen == {
        (kept, "Our song", ANA, CHANNEL),
        (quiet, "Tell a joke badly", BEN, CHANNEL),  # no note: the challenge they did
    }


@pytest.mark.parametrize(
    ("done_on", "first"),
    [(date(2026, 6, 2), date(2027, 6, 2)), (date(2028, 2, 29), date(2029, 3, 1))],
)
def test_an_anniversary_is_a_year_on_and_29_february_has_one(done_on: date, first: date) -> None:
    assert anniversary_of(datetime.combine(done_on, datetime.min.time(), UTC)) == first


async def test_an_anniversary_is_due_for_a_few_days_then_never(stores: Stores) -> None:
    kept = await done(stores, ANA, "A year ago")
    await done(stores, BEN, "not kept")
    await stores.memories.toggle_keep(kept, ANA)
    due = stores.memories.due_anniversaries
    assert await due(A_YEAR_ON - timedelta(days=1), 3) == []
    for late in range(4):
        [memory] = await due(A_YEAR_ON + timedelta(days=late), 3)
        assert (memory.completion_id, memory.words) == (kept, "A year ago")
    assert await due(A_YEAR_ON + timedelta(days=4), 3) == [], "never years late"
    await stores.memories.toggle_keep(kept, ANA)
    assert await due(A_YEAR_ON, 3) == [], "taken out of the jar"


async def test_an_anniversary_is_claimed_once_and_not_after_unkeeping(stores: Stores) -> None:
    kept = await done(stores, ANA, "once")
    other = await done(stores, BEN, "unkept before its day")
    await stores.memories.toggle_keep(kept, ANA)
    await stores.memories.toggle_keep(other, BEN)
    [memory, others] = await stores.memories.due_anniversaries(A_YEAR_ON, 3)
    assert await stores.memories.claim_anniversary(memory, "n1") is True
    assert await stores.memories.claim_anniversary(memory, "n2") is False
    assert [m.completion_id for m in await stores.memories.due_anniversaries(A_YEAR_ON, 3)] == [
        other
    ]
    await stores.memories.toggle_keep(other, BEN)
    assert await stores.memories.claim_anniversary(others, "n3") is False, "no longer kept"


async def test_removing_a_completion_takes_its_laughs_claim_and_anniversary_post(
    stores: Stores, db: Database
) -> None:
    kept = await done(stores, ANA, "remove me")
    await stores.completions.laugh(kept, BEN)
    await stores.memories.toggle_keep(kept, ANA)
    [memory] = await stores.memories.due_anniversaries(A_YEAR_ON, 3)
    await stores.memories.claim_anniversary(memory, "n")
    await stores.memories.anniversary_sent(kept, CHANNEL, 9001)
    assert await stores.memories.anniversary_post(kept) == PostRef(CHANNEL, 9001)
    removed = await stores.memories.remove(kept)
    assert removed is not None
    assert (removed.user_id, removed.anniversary) == (ANA, PostRef(CHANNEL, 9001))
    assert await stores.memories.remove(kept) is None, "already gone"
    for table in ("challenge_completions", "challenge_laughs", "challenge_anniversaries"):
        assert await db.fetch_value(f"SELECT COUNT(*) FROM {table}") == 0, table  # noqa: S608


async def test_mydata_exports_and_deletes_a_members_anniversary_posts(
    stores: Stores, db: Database
) -> None:
    anas = await done(stores, ANA, "mine")
    bens = await done(stores, BEN, "his", channel=OTHER_CHANNEL, guild=OTHER_GUILD)
    for completion_id, user in ((anas, ANA), (bens, BEN)):
        await stores.memories.toggle_keep(completion_id, user)
    for memory in await stores.memories.due_anniversaries(A_YEAR_ON, 3):
        await stores.memories.claim_anniversary(memory, f"n{memory.completion_id}")
        await stores.memories.anniversary_sent(memory.completion_id, memory.channel_id, 9000)
    [exported] = (await stores.owner.export_member(ANA))["anniversary_posts"]
    assert (exported["server"], exported["channel"], exported["message"]) == (
        str(GUILD),
        str(CHANNEL),
        "9000",
    )
    # The completions go first (another owner, earlier by name): the claim must outlive them.
    await db.execute("DELETE FROM challenge_completions WHERE user_id = ?", (ANA,))
    assert await stores.owner.delete_member(ANA) == [PostRef(CHANNEL, 9000)]
    assert (await stores.owner.export_member(ANA))["anniversary_posts"] == []
    await stores.owner.delete_guild(OTHER_GUILD)
    assert await db.fetch_value("SELECT COUNT(*) FROM challenge_anniversaries") == 0
