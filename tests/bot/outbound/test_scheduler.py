"""The scheduler's promise, against a real SQLite file: exactly one post per occurrence."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.outbound.pacer import Target, TargetUnavailable
from bot.outbound.scheduler import Fire, RecurringJob, Scheduler, occurrence_nonce
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import Occurrence, Recurrence
from tests.support.schema import open_migrated

PARIS = ZoneInfo("Europe/Paris")
DAILY = frozenset(range(7))
NINE = time(9, 0)


class Crash(BaseException):
    """Stands for kill -9: nothing after it runs, not even an except Exception."""


@dataclass
class Channel:
    """Models what Discord does with a message nonce: a repeat creates nothing."""

    posts: list[Fire] = field(default_factory=list)
    nonces: set[str] = field(default_factory=set)
    attempts: int = 0

    def post(self, fire: Fire) -> None:
        self.attempts += 1
        if fire.nonce not in self.nonces:
            self.nonces.add(fire.nonce)
            self.posts.append(fire)


def paris(day: date, at: time) -> datetime:
    return datetime.combine(day, at, PARIS).astimezone(UTC)


def daily_job(channel: Channel, *, since: datetime, key: str = "question:1") -> RecurringJob:
    async def handler(fire: Fire) -> None:
        channel.post(fire)

    return RecurringJob(key, Recurrence(NINE, DAILY, PARIS), handler, since)


@pytest.fixture
async def second_db(db_path: Path) -> AsyncIterator[Database]:
    other = await Database.open(db_path)
    yield other
    await other.close()


async def states(db: Database) -> list[tuple[str, str]]:
    rows = await db.fetch_all("SELECT occurrence_key, state FROM occurrences ORDER BY 1")
    return [(r[0], r[1]) for r in rows]


async def test_an_occurrence_is_sent_once_however_often_it_is_run(db: Database) -> None:
    day = date(2026, 6, 1)
    clock = OffsetClock(paris(day, time(9, 0, 5)))
    channel = Channel()
    scheduler = Scheduler(db, clock)
    job = daily_job(channel, since=paris(day, time(8)))
    occurrence = Occurrence(day, paris(day, NINE))
    results = [await scheduler.run_occurrence(job, occurrence, late=False) for _ in range(3)]
    assert results == [True, False, False]
    assert channel.attempts == 1
    assert await states(db) == [("2026-06-01", "sent")]


async def test_two_schedulers_racing_on_one_database_never_both_send(
    db: Database, second_db: Database
) -> None:
    start = date(2026, 6, 1)
    channel = Channel()
    clocks = [OffsetClock(paris(start, time(9, 0, 1))) for _ in range(2)]
    schedulers = [Scheduler(db, clocks[0]), Scheduler(second_db, clocks[1])]
    jobs = [daily_job(channel, since=paris(start, time(8))) for _ in schedulers]
    for offset in range(20):
        day = start + timedelta(days=offset)
        for clock in clocks:
            clock.set(paris(day, time(9, 0, 1)))
        occurrence = Occurrence(day, paris(day, NINE))
        won = await asyncio.gather(
            *(
                s.run_occurrence(j, occurrence, late=False)
                for s, j in zip(schedulers, jobs, strict=True)
            )
        )
        assert sorted(won) == [False, True]
    assert channel.attempts == 20  # not one duplicate attempt reached Discord
    assert len(await states(db)) == 20


async def test_a_restart_between_claim_and_send_posts_once(db_path: Path) -> None:
    """The process dies after claiming, before sending: the next one sends it, once."""
    day = date(2026, 6, 1)
    clock = OffsetClock(paris(day, time(9, 0, 1)))
    channel = Channel()

    first = await open_migrated(db_path)

    async def dies_before_sending(fire: Fire) -> None:
        raise Crash

    job = RecurringJob(
        "question:1", Recurrence(NINE, DAILY, PARIS), dies_before_sending, paris(day, time(8))
    )
    with pytest.raises(Crash):
        await Scheduler(first, clock).run_occurrence(
            job, Occurrence(day, paris(day, NINE)), late=False
        )
    await first.close()
    assert channel.posts == []

    clock.advance(timedelta(minutes=3))  # past the lease the dead process held
    second = await Database.open(db_path)
    restarted = Scheduler(second, clock)
    await restarted.add(daily_job(channel, since=paris(day, time(8))))
    await restarted.activate()
    await restarted.activate()  # a second sweep finds nothing left to do
    assert [p.occurrence.key for p in channel.posts] == ["2026-06-01"]
    assert await states(second) == [("2026-06-01", "sent")]
    await second.close()


async def test_a_restart_between_send_and_record_posts_once(db_path: Path) -> None:
    """The process dies after Discord accepted the post, before recording it: the retry
    reuses the occurrence's nonce, so Discord creates nothing new."""
    day = date(2026, 6, 1)
    clock = OffsetClock(paris(day, time(9, 0, 1)))
    channel = Channel()
    first = await open_migrated(db_path)

    async def dies_after_sending(fire: Fire) -> None:
        channel.post(fire)
        raise Crash

    job = RecurringJob(
        "question:1", Recurrence(NINE, DAILY, PARIS), dies_after_sending, paris(day, time(8))
    )
    with pytest.raises(Crash):
        await Scheduler(first, clock).run_occurrence(
            job, Occurrence(day, paris(day, NINE)), late=False
        )
    await first.close()

    clock.advance(timedelta(minutes=3))
    second = await Database.open(db_path)
    restarted = Scheduler(second, clock)
    await restarted.add(daily_job(channel, since=paris(day, time(8))))
    await restarted.activate()
    assert channel.attempts == 2  # it was tried again…
    assert len(channel.posts) == 1  # …and Discord's nonce check kept it to one post
    assert channel.posts[0].nonce == occurrence_nonce("question:1", "2026-06-01")
    assert await states(second) == [("2026-06-01", "sent")]
    await second.close()


async def test_a_live_claim_is_not_taken_over(db: Database, second_db: Database) -> None:
    day = date(2026, 6, 1)
    clock = OffsetClock(paris(day, time(9, 0, 1)))
    channel = Channel()
    holder = Scheduler(db, clock)
    assert await holder.store.claim(
        "question:1", Occurrence(day, paris(day, NINE)), holder.owner, clock.now(), holder.lease
    )
    other = Scheduler(second_db, clock)
    await other.add(daily_job(channel, since=paris(day, time(8))))
    await other.activate()
    assert channel.attempts == 0


async def test_missed_while_down_is_posted_late_the_same_local_day(db: Database) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(15, 30)))
    channel = Channel()
    scheduler = Scheduler(db, clock)
    await scheduler.add(daily_job(channel, since=paris(day - timedelta(days=1), time(8))))
    await scheduler.activate()
    # 1 June's post was missed on an earlier day: skipped; 2 June's is posted late.
    assert [(p.occurrence.key, p.late) for p in channel.posts] == [("2026-06-02", True)]
    assert await states(db) == [("2026-06-01", "skipped"), ("2026-06-02", "sent")]


async def test_missed_and_the_day_is_over_is_skipped_with_a_log_line(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(8, 0)))  # before today's 09:00
    channel = Channel()
    scheduler = Scheduler(db, clock)
    with caplog.at_level(logging.INFO, logger="bot.outbound.scheduler"):
        await scheduler.add(daily_job(channel, since=paris(day - timedelta(days=3), time(12))))
        await scheduler.activate()
    assert channel.posts == []
    assert await states(db) == [("2026-05-31", "skipped"), ("2026-06-01", "skipped")]
    assert "skipped question:1 on 2026-06-01: missed while down" in caplog.text
    assert scheduler.next_fire_time("question:1") == paris(day, NINE)
    await scheduler.shutdown()


async def test_a_new_schedule_does_not_catch_up_before_it_existed(db: Database) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(10, 0)))
    channel = Channel()
    scheduler = Scheduler(db, clock)
    await scheduler.add(daily_job(channel, since=paris(day, time(9, 30))))
    await scheduler.activate()
    assert channel.posts == []
    assert scheduler.next_fire_time("question:1") == paris(day + timedelta(days=1), NINE)
    await scheduler.shutdown()


async def test_nothing_is_sent_before_activation(db: Database) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(10, 0)))
    channel = Channel()
    scheduler = Scheduler(db, clock)
    await scheduler.add(daily_job(channel, since=paris(day, time(8))))
    await scheduler.sweep()
    assert channel.posts == []
    assert await states(db) == []


async def test_skip_drops_exactly_the_next_occurrence(db: Database) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(10, 0)))
    channel = Channel()
    scheduler = Scheduler(db, clock)
    job = daily_job(channel, since=paris(day, time(9, 30)))
    await scheduler.add(job)
    await scheduler.activate()
    skipped = await scheduler.skip_next("question:1")
    assert skipped is not None and skipped.key == "2026-06-03"
    again = await scheduler.skip_next("question:1")
    assert again is not None and again.key == "2026-06-04"
    for offset in (1, 2, 3):
        d = day + timedelta(days=offset)
        clock.set(paris(d, time(9, 0, 1)))
        await scheduler.run_occurrence(job, Occurrence(d, paris(d, NINE)), late=False)
    assert [p.occurrence.key for p in channel.posts] == ["2026-06-05"]
    await scheduler.shutdown()


async def test_a_transient_failure_is_retried_by_the_sweep(db: Database) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(9, 0, 1)))
    channel = Channel()
    failures = [RuntimeError("Discord had a bad moment")]

    async def flaky(fire: Fire) -> None:
        if failures:
            raise failures.pop()
        channel.post(fire)

    scheduler = Scheduler(db, clock)
    job = RecurringJob("question:1", Recurrence(NINE, DAILY, PARIS), flaky, paris(day, time(8)))
    await scheduler.add(job)
    await scheduler.activate()
    assert channel.posts == []
    assert await states(db) == [("2026-06-02", "claimed")]
    clock.advance(timedelta(seconds=31))
    await scheduler.sweep()
    assert [p.occurrence.key for p in channel.posts] == ["2026-06-02"]
    assert await states(db) == [("2026-06-02", "sent")]
    await scheduler.shutdown()


async def test_a_refused_channel_fails_stops_the_job_and_says_so_once(db: Database) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(9, 0, 1)))
    calls = 0
    told_feature: list[int] = []
    told_bot: list[tuple[str, int]] = []

    async def refused(fire: Fire) -> None:
        nonlocal calls
        calls += 1
        raise TargetUnavailable(Target.channel(5, 1), 403, 50013)

    async def pause(exc: TargetUnavailable) -> None:
        told_feature.append(exc.code)

    async def notify(job: RecurringJob, exc: TargetUnavailable) -> None:
        told_bot.append((job.what, exc.status))

    scheduler = Scheduler(db, clock, on_unavailable=notify)
    job = RecurringJob(
        "question:1",
        Recurrence(NINE, DAILY, PARIS),
        refused,
        paris(day, time(8)),
        on_unavailable=pause,
        what="daily questions",
    )
    await scheduler.add(job)
    await scheduler.activate()
    clock.advance(timedelta(minutes=5))
    await scheduler.sweep()
    assert calls == 1
    assert await states(db) == [("2026-06-02", "failed")]
    assert scheduler.job_keys == []
    assert told_feature == [50013]
    assert told_bot == [("daily questions", 403)]
    await scheduler.shutdown()
