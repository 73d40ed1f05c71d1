"""The pairs' schedule as the recurring source reads and moves it, the round an occurrence
made (found again after a crash), and the reveal letters a deletion takes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.privacy.data_rights import PostRef
from bot.timing.recurrence import first_fire_at
from cogs.reviews.rounds import RoundState
from tests.cogs.reviews.test_repository import (
    ALEX,
    CHANNEL,
    GUILD,
    KIM,
    SAM,
    SCHEDULE,
    START,
    Stores,
    active_pair,
    answer_all,
    stores,
)

__all__ = ["stores"]  # the fixture, shared

# 8 March 2026 is a Sunday: 19:00 in Paris (CET, UTC+1) is 18:00 UTC.
FIRST_SUNDAY = datetime(2026, 3, 8, 18, tzinfo=UTC)


async def test_accepting_starts_the_schedule_from_that_moment(stores: Stores) -> None:
    pair = await stores.pairs.invite(
        guild_id=GUILD, channel_id=CHANNEL, inviter_id=ALEX, partner_id=SAM,
        schedule=SCHEDULE, now=START,
    )  # fmt: skip
    assert pair.since is None and pair.next_fire_at is None
    assert await stores.pairs.due_by(START + timedelta(days=30), 10) == [], "not while invited"
    accepted_at = START + timedelta(hours=1)
    active = await stores.pairs.answer(pair.id, SAM, accept=True, now=accepted_at)
    assert active.since == accepted_at
    assert active.next_fire_at == first_fire_at(SCHEDULE.rule, accepted_at) == FIRST_SUNDAY
    assert await stores.pairs.next_due_at() == FIRST_SUNDAY
    assert await stores.pairs.due_by(FIRST_SUNDAY - timedelta(seconds=1), 10) == []
    assert [p.id for p in await stores.pairs.due_by(FIRST_SUNDAY, 10)] == [pair.id]


async def test_a_declined_or_stopped_pair_is_never_due(stores: Stores) -> None:
    declined = await stores.pairs.invite(
        guild_id=GUILD, channel_id=CHANNEL, inviter_id=ALEX, partner_id=KIM,
        schedule=SCHEDULE, now=START,
    )  # fmt: skip
    await stores.pairs.answer(declined.id, KIM, accept=False, now=START)
    stopped = await active_pair(stores)
    await stores.pairs.stop(stopped.id, ALEX, START)
    assert await stores.pairs.due_by(START + timedelta(days=60), 10) == []
    assert await stores.pairs.next_due_at() is None


async def test_advancing_keeps_a_change_made_meanwhile(stores: Stores) -> None:
    pair = await active_pair(stores)
    assert pair.since is not None
    later = FIRST_SUNDAY + timedelta(days=7)
    await stores.pairs.advance([(pair.id, pair.since, FIRST_SUNDAY, later)])
    moved = await stores.pairs.get(pair.id)
    assert moved is not None and (moved.since, moved.next_fire_at) == (FIRST_SUNDAY, later)
    # A second writer that read the old ``since`` changes nothing.
    await stores.pairs.advance([(pair.id, pair.since, START, START)])
    again = await stores.pairs.get(pair.id)
    assert again is not None and again.next_fire_at == later


async def test_an_occurrences_round_is_found_again_but_made_once(stores: Stores) -> None:
    pair = await active_pair(stores)
    opened = (await stores.rounds.open(pair.id, "2026-03-08", FIRST_SUNDAY)).round
    assert opened is not None
    assert (await stores.rounds.open(pair.id, "2026-03-08", FIRST_SUNDAY)).round is None
    found = await stores.rounds.by_occurrence(pair.id, "2026-03-08")
    assert found is not None and found.id == opened.id
    assert found.rules.state is RoundState.OPEN
    assert await stores.rounds.by_occurrence(pair.id, "2026-03-15") is None


async def test_a_deletion_takes_both_reveal_letters_that_carried_the_members_words(
    stores: Stores,
) -> None:
    pair = await active_pair(stores)
    opened = (await stores.rounds.open(pair.id, "2026-03-08", FIRST_SUNDAY)).round
    assert opened is not None
    await answer_all(stores, opened.id, ALEX)
    assert await stores.rounds.revealed_with(ALEX) == [], "not revealed yet"
    await answer_all(stores, opened.id, SAM)
    assert await stores.rounds.revealed_with(ALEX) == [(opened.id, SAM)]
    await stores.rounds.mark_shown(opened.id, ALEX, 50, 501)  # in Sam's DMs
    await stores.rounds.mark_own(opened.id, ALEX, 60, 601)  # in Alex's own
    await stores.rounds.mark_shown(opened.id, SAM, 60, 602)
    await stores.rounds.mark_own(opened.id, SAM, 50, 502)
    async with stores.db.transaction():
        posts = await stores.owner.delete_member(ALEX)
    assert sorted(posts, key=lambda p: p.message_id) == [PostRef(50, 501), PostRef(60, 601)]
