"""The challenge schedules against a real SQLite file: one per channel (a second is refused
and changes nothing), pause and resume, a server's list, and /mydata's purge."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import upcoming
from cogs.challenges.repository.data_owner import ChallengeDataOwner
from cogs.challenges.repository.posts import PostStore
from cogs.challenges.repository.schedules import ChallengeSchedule, ChallengeScheduleStore
from tests.support.keys import make_test_vault

GUILD, CHANNEL, OTHER_GUILD, OTHER_CHANNEL, THIRD_CHANNEL = 10, 20, 11, 21, 22
START = datetime(2026, 6, 2, 8, tzinfo=UTC)  # a Tuesday
LONDON = ZoneInfo("Europe/London")


def schedule_for(
    channel: int = CHANNEL, guild: int = GUILD, **changes: object
) -> ChallengeSchedule:
    base = ChallengeSchedule(
        channel_id=channel,
        guild_id=guild,
        at=time(18, 30),
        zone=LONDON,
        weekdays=frozenset({4}),
        kinds=frozenset({"laugh", "photo"}),
        ping_role_id=77,
        paused=False,
        active_since=START,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def store(db: Database) -> ChallengeScheduleStore:
    return ChallengeScheduleStore(db, OffsetClock(START))


async def test_a_schedule_round_trips_with_its_kinds_day_and_role(
    store: ChallengeScheduleStore,
) -> None:
    weekly = schedule_for()
    assert await store.create(weekly)
    saved = await store.get(CHANNEL)
    assert saved == weekly
    assert saved is not None and not saved.daily and saved.job_key == f"challenges:{CHANNEL}"
    [friday] = upcoming(saved.rule, START, 1)
    assert friday.fires_at == datetime(2026, 6, 5, 17, 30, tzinfo=UTC), "Friday 18:30 BST"
    daily = schedule_for(OTHER_CHANNEL, weekdays=frozenset(range(7)), ping_role_id=None)
    assert await store.create(daily)
    assert (await store.get(OTHER_CHANNEL)) == daily and daily.daily


async def test_a_second_schedule_for_a_channel_is_refused_and_changes_nothing(
    store: ChallengeScheduleStore,
) -> None:
    first = schedule_for()
    assert await store.create(first)
    other = schedule_for(at=time(7), kinds=frozenset({"memory"}), ping_role_id=None)
    assert not await store.create(other)
    assert await store.get(CHANNEL) == first


async def test_pause_resume_list_and_delete(store: ChallengeScheduleStore) -> None:
    for channel, guild in ((THIRD_CHANNEL, GUILD), (CHANNEL, GUILD), (OTHER_CHANNEL, OTHER_GUILD)):
        assert await store.create(schedule_for(channel, guild))
    later = START + timedelta(days=1)
    assert await store.set_paused(CHANNEL, True, START)
    paused = await store.get(CHANNEL)
    assert paused is not None and paused.paused and paused.active_since == START
    assert await store.set_paused(CHANNEL, False, later)
    resumed = await store.get(CHANNEL)
    assert resumed is not None and not resumed.paused and resumed.active_since == later
    assert [s.channel_id for s in await store.all(GUILD)] == [CHANNEL, THIRD_CHANNEL]
    assert len(await store.all()) == 3
    assert await store.delete(CHANNEL)
    assert await store.get(CHANNEL) is None
    assert not await store.delete(CHANNEL), "nothing left to delete"
    assert not await store.set_paused(CHANNEL, True, START), "nothing left to pause"


async def test_a_servers_purge_takes_its_schedules_only(db: Database) -> None:
    store = ChallengeScheduleStore(db, OffsetClock(START))
    owner = ChallengeDataOwner(db, make_test_vault())
    assert "challenge_schedules" in owner.data_tables
    await store.create(schedule_for())
    await store.create(schedule_for(OTHER_CHANNEL, OTHER_GUILD))
    await owner.delete_guild(GUILD)
    assert [s.channel_id for s in await store.all()] == [OTHER_CHANNEL]


async def test_running_low_is_marked_once_per_round(db: Database) -> None:
    posts = PostStore(db, OffsetClock(START))
    await posts.claim_now_slot(CHANNEL, GUILD, START)  # the channel's row exists
    assert await posts.mark_low_warned(CHANNEL, 1)
    assert not await posts.mark_low_warned(CHANNEL, 1)
    assert await posts.mark_low_warned(CHANNEL, 2)
    assert not await posts.mark_low_warned(CHANNEL, 1), "an old round never warns again"
