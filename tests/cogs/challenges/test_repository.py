"""The challenge stores against a real SQLite file: posts and rounds, one completion per
member per challenge (sealed), distinct laughs, keeping a moment, /mydata and a server's
purge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.challenges.bank import Challenge
from cogs.challenges.repository.completions import CompletionStore
from cogs.challenges.repository.data_owner import ChallengeDataOwner
from cogs.challenges.repository.memories import MemoryStore
from cogs.challenges.repository.posts import Post, PostStore
from cogs.challenges.repository.schedules import ChallengeScheduleStore
from tests.cogs.challenges.test_schedule_store import schedule_for
from tests.support.keys import make_test_vault

GUILD, CHANNEL, OTHER_GUILD, OTHER_CHANNEL = 10, 20, 11, 21
ANA, BEN, CAL = 1001, 1002, 1003
START = datetime(2026, 6, 2, 8, tzinfo=UTC)


def challenge(number: int = 1, kind: str = "laugh") -> Challenge:
    return Challenge(f"{kind}-{number:03d}", kind, 1, "solo", f"Challenge {number}: do a thing")


@dataclass
class Stores:
    posts: PostStore
    completions: CompletionStore
    owner: ChallengeDataOwner
    clock: OffsetClock


@pytest.fixture
def stores(db: Database) -> Stores:
    clock, vault = OffsetClock(START), make_test_vault()
    return Stores(
        PostStore(db, clock),
        CompletionStore(db, vault, clock),
        ChallengeDataOwner(db, vault),
        clock,
    )


async def posted(stores: Stores, channel: int = CHANNEL, guild: int = GUILD, n: int = 1) -> Post:
    post = await stores.posts.create_post(channel, guild, challenge(n), cycle=1)
    await stores.posts.set_post_message(post.id, 5000 + post.id, 5000 + post.id)
    return post


async def test_a_new_channel_starts_light_and_numbers_its_posts(stores: Stores) -> None:
    state = await stores.posts.state(CHANNEL, GUILD)
    assert (state.max_depth, state.cycle, state.posts) == (1, 1, 0)
    first = await posted(stores, n=1)
    second = await stores.posts.create_post(CHANNEL, GUILD, challenge(2), cycle=2)
    assert (first.number, second.number) == (1, 2)
    assert (await stores.posts.state(CHANNEL, GUILD)).cycle == 2
    assert await stores.posts.given_in_cycle(CHANNEL, 1) == {"laugh-001"}
    assert await stores.posts.given_in_cycle(CHANNEL, 2) == {"laugh-002"}
    got = await stores.posts.post(first.id)
    assert got is not None and got.message_id == got.thread_id == 5000 + first.id


async def test_the_now_slot_is_taken_once_per_cooldown_and_can_be_given_back(
    stores: Stores,
) -> None:
    start = START - timedelta(minutes=10)
    assert await stores.posts.claim_now_slot(CHANNEL, GUILD, start)
    assert not await stores.posts.claim_now_slot(CHANNEL, GUILD, start)
    assert await stores.posts.claim_now_slot(OTHER_CHANNEL, GUILD, start), "per channel"
    await stores.posts.release_now_slot(CHANNEL)
    assert await stores.posts.claim_now_slot(CHANNEL, GUILD, start)
    stores.clock.advance(timedelta(minutes=11))
    assert await stores.posts.claim_now_slot(CHANNEL, GUILD, START + timedelta(minutes=1))


async def test_a_deleted_posts_id_is_never_given_again(stores: Stores) -> None:
    first = await stores.posts.create_post(CHANNEL, GUILD, challenge(1), cycle=1)
    await stores.posts.delete_post(first.id)
    second = await stores.posts.create_post(CHANNEL, GUILD, challenge(2), cycle=1)
    assert second.id > first.id


async def test_one_completion_per_member_sealed_and_editable_only_by_them(
    stores: Stores, db: Database
) -> None:
    post = await posted(stores)
    done = await stores.completions.add(post.id, ANA, "Told my worst pun")
    assert done is not None
    assert await stores.completions.add(post.id, ANA, "Twice?") is None
    assert not await stores.completions.edit(done, BEN, "Not mine to change")
    assert await stores.completions.edit(done, ANA, "Told two puns")
    mine = await stores.completions.of(post.id, ANA)
    assert mine is not None and mine.note == "Told two puns" and mine.edited
    raw = await db.fetch_one("SELECT note_sealed FROM challenge_completions")
    assert raw is not None and "pun" not in raw[0]
    quiet = await stores.completions.add(post.id, BEN, None)
    assert quiet is not None
    bens = await stores.completions.get(quiet)
    assert bens is not None and bens.note is None


async def test_no_completion_is_added_to_a_post_that_is_gone(stores: Stores) -> None:
    post = await posted(stores)
    await stores.posts.delete_post(post.id)
    assert await stores.completions.add(post.id, ANA, "late") is None


async def test_only_an_unposted_completion_is_forgotten_after_a_failed_send(
    stores: Stores,
) -> None:
    post = await posted(stores)
    unsent = await stores.completions.add(post.id, ANA, None)
    sent = await stores.completions.add(post.id, BEN, None)
    assert unsent is not None and sent is not None
    await stores.completions.set_message(sent, 77, 88)
    await stores.completions.delete_unposted(unsent)
    await stores.completions.delete_unposted(sent)
    assert await stores.completions.get(unsent) is None
    assert await stores.completions.get(sent) is not None


async def test_laughs_count_distinct_members_and_never_reach_a_removed_completion(
    stores: Stores, db: Database
) -> None:
    post = await posted(stores)
    done = await stores.completions.add(post.id, ANA, None)
    assert done is not None
    assert await stores.completions.laugh(done, BEN) == (True, 1)
    assert await stores.completions.laugh(done, BEN) == (False, 1)
    assert await stores.completions.laugh(done, CAL) == (True, 2)
    for row in await db.fetch_all("SELECT * FROM challenge_laughs"):
        assert str(BEN) not in repr(tuple(row)) and str(CAL) not in repr(tuple(row))
    await stores.posts.delete_post(post.id)
    assert await stores.completions.laugh(done, ANA) == (False, 0)


async def test_export_lists_completions_kept_moments_and_laughs_of_the_member_only(
    stores: Stores, db: Database
) -> None:
    post = await posted(stores)
    anas = await stores.completions.add(post.id, ANA, "Ana's note")
    bens = await stores.completions.add(post.id, BEN, "Ben's note")
    assert anas is not None and bens is not None
    await MemoryStore(db, make_test_vault(), stores.clock).toggle_keep(anas, ANA)
    await stores.completions.laugh(bens, ANA)
    await stores.completions.laugh(anas, BEN)
    data = await stores.owner.export_member(ANA)
    [mine] = data["completions"]
    assert mine["note"] == "Ana's note" and mine["challenge"] == post.text
    assert data["kept_moments"] == [mine]
    assert len(data["laughs_you_gave"]) == 1
    assert "Ben's note" not in repr(data)


async def test_delete_member_returns_their_posts_and_leaves_others(stores: Stores) -> None:
    post = await posted(stores)
    anas = await stores.completions.add(post.id, ANA, "Ana's note")
    bens = await stores.completions.add(post.id, BEN, "Ben's note")
    assert anas is not None and bens is not None
    await stores.completions.set_message(anas, 300, 301)
    await stores.completions.set_message(bens, 300, 302)
    await stores.completions.laugh(bens, ANA)
    await stores.completions.laugh(anas, BEN)
    refs = await stores.owner.delete_member(ANA)
    assert [(r.channel_id, r.message_id) for r in refs] == [(300, 301)]
    assert await stores.completions.get(anas) is None
    assert await stores.completions.laughs(bens) == 0, "Ana's laugh went with her"
    assert (await stores.owner.export_member(ANA))["completions"] == []
    assert (await stores.owner.export_member(BEN))["completions"] != []


async def test_delete_guild_purges_that_server_only(stores: Stores, db: Database) -> None:
    here = await posted(stores)
    there = await posted(stores, OTHER_CHANNEL, OTHER_GUILD)
    for post in (here, there):
        done = await stores.completions.add(post.id, ANA, "note")
        assert done is not None
        await stores.completions.laugh(done, BEN)
    schedules = ChallengeScheduleStore(db, stores.clock)
    for channel, guild in ((CHANNEL, GUILD), (OTHER_CHANNEL, OTHER_GUILD)):
        await schedules.create(schedule_for(channel, guild))
    await stores.owner.delete_guild(GUILD)
    for table in stores.owner.data_tables:
        rows = await db.fetch_all(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
        assert len(rows) == 1, table
    assert await stores.posts.post(there.id) is not None
