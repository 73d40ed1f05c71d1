"""The SQL of love languages against a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.lovelanguages.repository import LoveLanguageStore, Progress
from cogs.lovelanguages.scoring import Scores
from tests.support.keys import make_test_vault

ANA, BEN, CY = 111111111111111111, 222222222222222222, 333333333333333333
GUILD, OTHER = 10, 11
START = datetime(2026, 6, 2, 12, tzinfo=UTC)
SCORES = Scores({"words": 12, "time": 9, "touch": 6, "gifts": 3, "acts": 0})


@pytest.fixture
def clock() -> OffsetClock:
    return OffsetClock(START)


@pytest.fixture
def store(db: Database, clock: OffsetClock) -> LoveLanguageStore:
    return LoveLanguageStore(db, clock, make_test_vault().pseudonym)


async def test_progress_survives_and_finishing_replaces_it_with_a_result(
    store: LoveLanguageStore,
) -> None:
    await store.save_progress(Progress(ANA, "partner", "receive", ["words", "time"], None))
    saved = await store.progress(ANA)
    assert saved == Progress(ANA, "partner", "receive", ["words", "time"], None)
    result_id = await store.finish_receive(ANA, "partner", SCORES)
    assert await store.progress(ANA) is None
    await store.save_progress(Progress(ANA, "partner", "give", [], result_id))
    await store.finish_give(
        ANA, result_id, Scores({"words": 3, "time": 3, "touch": 3, "gifts": 3, "acts": 3})
    )
    latest = await store.latest_result(ANA)
    assert latest is not None and latest.receive == SCORES and latest.give is not None
    await store.finish_receive(ANA, "friend", SCORES)
    assert await store.result_count(ANA) == 2, "a retake keeps the past result"


async def test_only_the_newest_shared_result_of_members_who_shared_here_counts(
    store: LoveLanguageStore,
) -> None:
    for user in (ANA, BEN, CY):
        await store.finish_receive(user, "friend", SCORES)
    newest = await store.finish_receive(ANA, "partner", SCORES)
    await store.set_shared(ANA, GUILD, True)
    await store.set_shared(BEN, OTHER, True)
    shared = await store.shared_results(GUILD)
    assert [(r.user_id, r.id) for r in shared] == [(ANA, newest)]
    assert await store.set_shared(ANA, GUILD, False)
    assert await store.shared_results(GUILD) == []


async def test_nudges_are_due_weekly_per_server(
    store: LoveLanguageStore, clock: OffsetClock
) -> None:
    await store.subscribe(ANA, GUILD, True)
    await store.subscribe(ANA, OTHER, True)
    assert await store.due_subscriptions(START, timedelta(days=7)) == [(ANA, GUILD), (ANA, OTHER)]
    await store.record_nudge(ANA, GUILD, BEN)
    assert await store.due_subscriptions(START, timedelta(days=7)) == [(ANA, OTHER)]
    clock.advance(timedelta(days=7, seconds=1))
    assert (ANA, GUILD) in await store.due_subscriptions(clock.now(), timedelta(days=7))
    assert await store.last_nudged_about(ANA, GUILD) == {BEN: START}


async def test_deleting_a_guild_keeps_other_guilds_and_results(
    store: LoveLanguageStore, db: Database
) -> None:
    await store.finish_receive(ANA, "friend", SCORES)
    for guild in (GUILD, OTHER):
        await store.set_shared(ANA, guild, True)
        await store.subscribe(ANA, guild, True)
        await store.record_nudge(ANA, guild, BEN)
    async with db.transaction():
        await store.delete_guild(GUILD)
    assert [r.user_id for r in await store.shared_results(OTHER)] == [ANA]
    assert await store.shared_results(GUILD) == []
    assert await store.subscriptions_for(ANA) == [OTHER]
    assert await store.latest_result(ANA) is not None, "a member's result is not server data"


async def test_the_same_item_answered_twice_at_once_counts_once_and_scores_the_part_once(
    store: LoveLanguageStore,
) -> None:
    await store.save_progress(Progress(ANA, "friend", "receive", ["words"], None))

    def scorer(answers: list[str]) -> Scores:
        return SCORES

    async def answer(index: int, language: str) -> bool:
        answered = await store.answer(ANA, "receive", index, language, total=3, scorer=scorer)
        return answered is not None and answered.accepted

    taken = await asyncio.gather(answer(1, "time"), answer(1, "touch"))
    assert sorted(taken) == [False, True]
    progress = await store.progress(ANA)
    assert progress is not None and len(progress.answers) == 2
    finished = await asyncio.gather(answer(2, "gifts"), answer(2, "acts"))
    assert sorted(finished) == [False, True]
    assert await store.result_count(ANA) == 1
    assert await store.progress(ANA) is None


async def test_back_pressed_twice_at_once_takes_back_one_answer(store: LoveLanguageStore) -> None:
    await store.save_progress(Progress(ANA, "friend", "receive", ["words", "time"], None))
    await asyncio.gather(*(store.go_back(ANA, "receive", 2) for _ in range(2)))
    progress = await store.progress(ANA)
    assert progress is not None and progress.answers == ["words"]
