"""A channel's posts, round, ladder and /question now slot against a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

from bot.timing.clock import OffsetClock
from tests.cogs.questions.repository.stores import (
    ANA,
    BEN,
    CHANNEL,
    GUILD,
    OTHER_CHANNEL,
    OTHER_GUILD,
    START,
    Stores,
    pick,
)


async def test_posts_are_numbered_per_channel_and_remember_their_cycle(stores: Stores) -> None:
    store = stores.channels
    first = await store.create_post(CHANNEL, GUILD, pick("bank:a"), occurrence_key="2026-06-02")
    second = await store.create_post(CHANNEL, GUILD, pick("bank:b", cycle=2), occurrence_key=None)
    elsewhere = await store.create_post(
        OTHER_CHANNEL, OTHER_GUILD, pick("bank:a"), occurrence_key=None
    )
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert (await store.state(CHANNEL, GUILD)).cycle == 2
    assert await store.asked_in_cycle(CHANNEL, 1) == {"bank:a"}
    assert await store.post_for_occurrence(CHANNEL, "2026-06-02") == first
    assert first.scheduled and not second.scheduled


async def test_ready_votes_and_recent_participants(stores: Stores, clock: OffsetClock) -> None:
    store = stores.channels
    post = await store.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    await stores.answers.add(post.id, ANA, "x", anonymous=False)
    assert await store.vote_ready(CHANNEL, GUILD, BEN) == 1
    assert await store.vote_ready(CHANNEL, GUILD, BEN) == 1
    assert await store.recent_participants(CHANNEL, START - timedelta(days=14)) == 2
    assert await store.recent_participants(CHANNEL, START + timedelta(days=1)) == 1, "votes only"
    await store.set_level(CHANNEL, GUILD, 2)
    assert (await store.state(CHANNEL, GUILD)).ladder_level == 2
    assert await store.vote_ready(CHANNEL, GUILD, ANA) == 1, "a level change starts the count again"


async def test_participants_do_not_depend_on_who_wrote_an_anonymous_answer(
    stores: Stores,
) -> None:
    """The same public picture (one anonymous answer, Ben by name, Ana ready) gives the same
    number whether the anonymous author was Ben himself or someone else."""
    counts = []
    for channel, hidden in ((CHANNEL, BEN), (OTHER_CHANNEL, 3)):
        first = await stores.channels.create_post(channel, GUILD, pick(), occurrence_key=None)
        second = await stores.channels.create_post(channel, GUILD, pick("b"), occurrence_key=None)
        await stores.answers.add(first.id, hidden, "anonymous", anonymous=True)
        await stores.answers.add(second.id, BEN, "named", anonymous=False)
        await stores.channels.vote_ready(channel, GUILD, ANA)
        counts.append(await stores.channels.recent_participants(channel, START))
    assert counts == [3, 3]


async def test_a_level_moves_once_when_two_presses_read_the_same_level(stores: Stores) -> None:
    store = stores.channels
    await store.set_level(CHANNEL, GUILD, 3)
    assert await store.set_level(CHANNEL, GUILD, 2, from_level=3)
    assert not await store.set_level(CHANNEL, GUILD, 2, from_level=3)
    assert (await store.state(CHANNEL, GUILD)).ladder_level == 2


async def test_the_now_cooldown_is_taken_once(stores: Stores, clock: OffsetClock) -> None:
    store = stores.channels
    assert await store.claim_now_slot(CHANNEL, GUILD, START - timedelta(minutes=10))
    assert not await store.claim_now_slot(CHANNEL, GUILD, START - timedelta(minutes=10))
    clock.advance(timedelta(minutes=11))
    assert await store.claim_now_slot(CHANNEL, GUILD, clock.now() - timedelta(minutes=10))


async def test_low_warning_is_once_per_cycle(stores: Stores) -> None:
    store = stores.channels
    await store.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    assert await store.mark_low_warned(CHANNEL, 1)
    assert not await store.mark_low_warned(CHANNEL, 1)
    assert await store.mark_low_warned(CHANNEL, 2)
