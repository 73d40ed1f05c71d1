"""Ten thousand members' daily check-ins, against a real SQLite file: one timer for all of
them, and each member's 21:00 sent exactly once per local day — through a restart, and with
two engines racing on one database.

These prove behaviour, not speed (``benchmarks/member_schedules.py`` measures that).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.outbound.exactly_once import Fire, occurrence_nonce
from bot.outbound.scheduler import Scheduler
from bot.storage.database import Database
from bot.timing.recurrence import Recurrence, local_date_of, occurrences_between
from tests.bot.outbound.member_schedules import DAILY, MemberCheckins, key_of
from tests.bot.outbound.still_clock import StillClock

MEMBERS = 10_000
NINE_PM = time(21, 0)
SOURCE = "source:checkin"
# June 2026: no zone changes its offset, so every member has one 21:00 per 24 hours.
START = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
ZONES = [
    ZoneInfo(name)
    for name in (
        "Pacific/Kiritimati",  # UTC+14
        "Pacific/Auckland",
        "Australia/Lord_Howe",  # UTC+10:30
        "Asia/Kathmandu",  # UTC+5:45
        "Asia/Kolkata",
        "Europe/Paris",
        "UTC",
        "America/St_Johns",  # UTC-2:30 in summer
        "America/New_York",
        "America/Los_Angeles",
        "Pacific/Honolulu",
        "Pacific/Pago_Pago",  # UTC-11
    )
]


@dataclass
class Fires:
    """What reached a source's handler."""

    seen: list[Fire] = field(default_factory=list)

    async def __call__(self, fire: Fire) -> None:
        self.seen.append(fire)

    @staticmethod
    def per_day(*all_fires: Fires) -> Counter[tuple[str, date]]:
        return Counter(
            (fire.job_key, fire.occurrence.local_date) for f in all_fires for fire in f.seen
        )


def members() -> list[tuple[int, ZoneInfo, time]]:
    return [(user_id, ZONES[user_id % len(ZONES)], NINE_PM) for user_id in range(MEMBERS)]


def at_hour(hour: int) -> datetime:
    return START + timedelta(hours=hour)


async def checkins_on(db: Database, clock: StillClock, fires: Fires) -> Scheduler:
    scheduler = Scheduler(db, clock)
    await scheduler.add_source(MemberCheckins(db, fires))
    return scheduler


async def fill(db: Database) -> None:
    source = MemberCheckins(db, Fires())
    await source.create_table()
    await source.add_members(members(), START)


async def occurrence_states(db: Database) -> dict[tuple[str, date], str]:
    rows = await db.fetch_all("SELECT job_key, occurrence_key, state FROM occurrences")
    return {(r[0], date.fromisoformat(r[1])): r[2] for r in rows}


def assert_each_at_nine_pm_local(fires: Fires) -> None:
    zones = dict(enumerate(ZONES))
    for fire in fires.seen:
        zone = zones[int(fire.job_key.split(":")[1]) % len(ZONES)]
        local = fire.occurrence.fires_at.astimezone(zone)
        assert (local.date(), local.time()) == (fire.occurrence.local_date, NINE_PM)
        assert fire.nonce == occurrence_nonce(fire.job_key, fire.occurrence.key)


async def test_ten_thousand_members_cost_one_timer_and_fire_once_per_local_day(
    db: Database,
) -> None:
    await fill(db)
    clock, fires = StillClock(START), Fires()
    scheduler = await checkins_on(db, clock, fires)
    scheduler.start()
    await scheduler.activate()
    timers = scheduler.engine.timer_keys()
    assert timers == ["scheduler:sweep", SOURCE]
    for hour in range(1, 49):
        clock.set(at_hour(hour))
        await scheduler.engine.run(SOURCE)
        assert scheduler.engine.timer_keys() == timers, "no timer per member, ever"
    assert scheduler.engine.next_run_at(SOURCE) == at_hour(49)  # 21:00 in New York
    per_day = Fires.per_day(fires)
    assert set(per_day.values()) == {1}, "never twice on one local day"
    assert Counter(key for key, _ in per_day) == {key_of(m): 2 for m in range(MEMBERS)}
    assert not any(fire.late for fire in fires.seen)
    assert_each_at_nine_pm_local(fires)
    states = await occurrence_states(db)
    assert Counter(states.values()) == {"sent": 2 * MEMBERS}
    await scheduler.shutdown()


async def test_a_restart_posts_what_it_missed_late_that_day_and_skips_the_rest(
    db: Database, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    died_at, back_at, end_at = 29, 34, 72
    fires = Fires()
    first_db = db  # the first process's connection
    await fill(first_db)
    first_clock = StillClock(START)
    first = await checkins_on(first_db, first_clock, fires)
    await first.activate()
    for hour in range(1, died_at + 1):
        first_clock.set(at_hour(hour))
        await first.engine.run(SOURCE)
    # Killed: nothing of the first process runs again (its connection is never used again).
    await first.engine.tasks.cancel()

    second_db = await Database.open(db_path)
    second_clock = StillClock(at_hour(back_at))
    second = await checkins_on(second_db, second_clock, fires)
    with caplog.at_level(logging.INFO, logger="bot.outbound.recurring_sources"):
        await second.activate()
    for hour in range(back_at + 1, end_at + 1):
        second_clock.set(at_hour(hour))
        await second.engine.run(SOURCE)

    missed_late: set[tuple[str, date]] = set()
    missed_skipped: set[tuple[str, date]] = set()
    for user_id, zone, at in members():
        rule = Recurrence(at, DAILY, zone)
        for occurrence in occurrences_between(rule, at_hour(died_at), at_hour(back_at)):
            same_day = local_date_of(at_hour(back_at), zone) == occurrence.local_date
            missed = missed_late if same_day else missed_skipped
            missed.add((key_of(user_id), occurrence.local_date))
    assert missed_late and missed_skipped, "the downtime covers both cases"

    per_day = Fires.per_day(fires)
    assert set(per_day.values()) == {1}, "never twice on one local day"
    assert {(f.job_key, f.occurrence.local_date) for f in fires.seen if f.late} == missed_late
    states = await occurrence_states(second_db)
    assert {key for key, state in states.items() if state == "skipped"} == missed_skipped
    assert not set(per_day) & missed_skipped
    # Every occurrence in three days has exactly one row: sent, or skipped.
    assert Counter(key for key, _ in states) == {key_of(m): 3 for m in range(MEMBERS)}
    assert set(states.values()) == {"sent", "skipped"}
    assert_each_at_nine_pm_local(fires)
    assert f"posted {len(missed_late)} checkin occurrence(s) late" in caplog.text
    assert f"skipped {len(missed_skipped)} checkin occurrence(s)" in caplog.text
    await second.shutdown()
    await second_db.close()


async def test_two_engines_racing_on_one_database_send_each_occurrence_once(
    db: Database, db_path: Path
) -> None:
    databases = [db, await Database.open(db_path)]  # two processes, two connections
    await fill(db)
    clocks = [StillClock(START), StillClock(START)]
    fires = [Fires(), Fires()]
    schedulers = [
        await checkins_on(db, clock, f)
        for db, clock, f in zip(databases, clocks, fires, strict=True)
    ]
    await asyncio.gather(*(s.activate() for s in schedulers))
    for hour in range(1, 49):
        for clock in clocks:
            clock.set(at_hour(hour))
        await asyncio.gather(*(s.engine.run(SOURCE) for s in schedulers))
    per_day = Fires.per_day(*fires)
    assert set(per_day.values()) == {1}, "no occurrence reached two handlers"
    assert len(per_day) == 2 * MEMBERS
    states = await occurrence_states(databases[0])
    assert Counter(states.values()) == {"sent": 2 * MEMBERS}
    for scheduler in schedulers:
        await scheduler.shutdown()
    await databases[1].close()
