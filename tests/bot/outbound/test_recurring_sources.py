"""A recurring source's edges, against a real SQLite file: its timer, a crash mid-send, a
refused target, a skip, a feature's change, a source that misbehaves, and per-member DMs
that still obey consent and quiet hours."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.outbound.delivery import Letter
from bot.outbound.exactly_once import Fire, RecurringJob, occurrence_nonce
from bot.outbound.pacer import Target, TargetUnavailable
from bot.outbound.recurring_sources import Advance, SourceRunner, first_fire_at
from bot.outbound.scheduler import Scheduler
from bot.privacy.member_store import MemberStore
from bot.storage.database import Database, to_db_time
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import Occurrence, Recurrence
from tests.bot.outbound.fake_dms import FakeDMs, delivery_through
from tests.bot.outbound.member_schedules import DAILY, MemberCheckins, key_of
from tests.bot.outbound.still_clock import StillClock
from tests.support.keys import make_test_vault

PARIS = ZoneInfo("Europe/Paris")
TOKYO = ZoneInfo("Asia/Tokyo")
NINE_PM = time(21, 0)
DAY = date(2026, 6, 2)
SOURCE = "source:checkin"
ANA, BEN, CAL = 1, 2, 3


def paris(day: date, at: time) -> datetime:
    return datetime.combine(day, at, PARIS).astimezone(UTC)


class Fires:
    def __init__(self) -> None:
        self.seen: list[Fire] = []
        self.event = asyncio.Event()

    async def __call__(self, fire: Fire) -> None:
        self.seen.append(fire)
        self.event.set()


@pytest.fixture
async def fires() -> Fires:
    return Fires()


@pytest.fixture
async def source(db: Database, fires: Fires) -> MemberCheckins:
    checkins = MemberCheckins(db, fires)
    await checkins.create_table()
    return checkins


async def states(db: Database) -> list[tuple[str, str, str]]:
    rows = await db.fetch_all("SELECT job_key, occurrence_key, state FROM occurrences ORDER BY 1")
    return [(r[0], r[1], r[2]) for r in rows]


async def test_the_sources_timer_rings_at_its_earliest_schedule(
    db: Database, source: MemberCheckins, fires: Fires
) -> None:
    clock = OffsetClock(paris(DAY, time(20, 59, 59)))  # runs at real speed
    await source.add_members([(ANA, PARIS, NINE_PM), (BEN, TOKYO, NINE_PM)], clock.now())
    scheduler = Scheduler(db, clock)
    scheduler.start()
    await scheduler.add_source(source)
    await scheduler.activate()
    assert scheduler.engine.next_run_at(SOURCE) == paris(DAY, NINE_PM)
    await asyncio.wait_for(fires.event.wait(), 10)  # one real second later
    await asyncio.sleep(0.1)
    assert [(f.job_key, f.occurrence.key, f.late) for f in fires.seen] == [
        (key_of(ANA), "2026-06-02", False)
    ]
    # Tokyo's 21:00 on 3 June comes before Paris's next one.
    tokyo_next = datetime(2026, 6, 3, 12, 0, tzinfo=UTC)
    assert scheduler.engine.next_run_at(SOURCE) == tokyo_next
    assert scheduler.engine.timer_keys() == ["scheduler:sweep", SOURCE]
    await scheduler.shutdown()


async def test_a_claim_a_dead_process_left_is_sent_once_by_the_sweep(
    db: Database, source: MemberCheckins, fires: Fires
) -> None:
    """Killed after claiming a batch, before sending: the restart lists the schedules
    again, leaves the live claims alone, and the sweep sends them when the lease runs out."""
    clock = StillClock(paris(DAY, time(21, 0, 5)))
    await source.add_members([(ANA, PARIS, NINE_PM), (BEN, PARIS, NINE_PM)], paris(DAY, time(8)))
    dead = Scheduler(db, clock)
    ana = Occurrence(DAY, paris(DAY, NINE_PM))
    assert await dead.store.claim(key_of(ANA), ana, "dead", clock.now(), dead.lease)
    scheduler = Scheduler(db, clock)
    await scheduler.add_source(source)
    await scheduler.activate()
    assert [f.job_key for f in fires.seen] == [key_of(BEN)], "Ana's claim is still live"
    clock.advance(timedelta(minutes=3))
    await scheduler.sweep()
    await scheduler.sweep()
    assert [(f.job_key, f.late) for f in fires.seen] == [(key_of(BEN), True), (key_of(ANA), True)]
    assert fires.seen[1].nonce == occurrence_nonce(key_of(ANA), "2026-06-02")
    assert await states(db) == [
        (key_of(ANA), "2026-06-02", "sent"),
        (key_of(BEN), "2026-06-02", "sent"),
    ]
    await scheduler.shutdown()


async def test_a_refused_target_pauses_that_schedule_and_tells_the_bot_once(
    db: Database, source: MemberCheckins
) -> None:
    clock = StillClock(paris(DAY, time(21, 0, 5)))
    told: list[tuple[str, str, int]] = []

    async def refuse_ana(fire: Fire) -> None:
        if fire.job_key == key_of(ANA):
            raise TargetUnavailable(Target.channel(7, 1), 403, 50013)

    async def notify(job: RecurringJob, exc: TargetUnavailable) -> None:
        told.append((job.key, job.what, exc.status))

    source.on_fire = refuse_ana
    await source.add_members([(ANA, PARIS, NINE_PM), (BEN, PARIS, NINE_PM)], paris(DAY, time(8)))
    scheduler = Scheduler(db, clock, on_unavailable=notify)
    await scheduler.add_source(source)
    await scheduler.activate()
    assert source.refused == [(key_of(ANA), 403)]
    assert told == [(key_of(ANA), "check-ins", 403)]
    assert await states(db) == [
        (key_of(ANA), "2026-06-02", "failed"),
        (key_of(BEN), "2026-06-02", "sent"),
    ]
    clock.advance(timedelta(days=1))
    await scheduler.engine.run(SOURCE)
    assert [s[:2] for s in await states(db) if s[2] == "sent"] == [
        (key_of(BEN), "2026-06-02"),
        (key_of(BEN), "2026-06-03"),
    ], "a paused schedule is not listed again"
    await scheduler.shutdown()


async def test_skip_next_drops_one_members_next_occurrence(
    db: Database, source: MemberCheckins, fires: Fires
) -> None:
    clock = StillClock(paris(DAY, time(12)))
    await source.add_members([(ANA, PARIS, NINE_PM), (BEN, PARIS, NINE_PM)], clock.now())
    scheduler = Scheduler(db, clock)
    await scheduler.add_source(source)
    await scheduler.activate()
    skipped = await scheduler.skip_next(key_of(ANA))
    assert skipped is not None and skipped.key == "2026-06-02"
    assert await scheduler.skip_next("checkin:404") is None
    clock.set(paris(DAY, time(21, 1)))
    await scheduler.engine.run(SOURCE)
    assert [f.job_key for f in fires.seen] == [key_of(BEN)]
    await scheduler.shutdown()


async def test_a_schedule_changed_by_the_feature_is_planned_at_once(
    db: Database, source: MemberCheckins, fires: Fires
) -> None:
    clock = StillClock(paris(DAY, time(12)))
    await source.add_members([(ANA, PARIS, NINE_PM)], clock.now())
    scheduler = Scheduler(db, clock)
    await scheduler.add_source(source)
    await scheduler.activate()
    assert scheduler.engine.next_run_at(SOURCE) == paris(DAY, NINE_PM)
    await source.add_members([(BEN, PARIS, time(13))], clock.now())
    scheduler.source_changed("checkin")
    for _ in range(50):
        if scheduler.engine.next_run_at(SOURCE) == paris(DAY, time(13)):
            break
        await asyncio.sleep(0.01)
    assert scheduler.engine.next_run_at(SOURCE) == paris(DAY, time(13))
    scheduler.remove_source("checkin")
    assert scheduler.engine.next_run_at(SOURCE) is None
    assert scheduler.source_names == []
    clock.set(paris(DAY, time(22)))
    await scheduler.sweep()
    assert fires.seen == []
    await scheduler.shutdown()


async def test_an_advance_does_not_undo_a_change_made_meanwhile(
    db: Database, source: MemberCheckins
) -> None:
    await source.add_members([(ANA, PARIS, NINE_PM)], paris(DAY, time(8)))
    [before] = await source.due_by(paris(DAY, time(22)), 10)
    await source.add_members([(ANA, PARIS, time(23))], paris(DAY, time(21, 30)))  # changed
    stale = Advance(
        key_of(ANA), before.since, paris(DAY, NINE_PM), paris(DAY + timedelta(1), NINE_PM)
    )
    await source.advance([stale])
    row = await db.fetch_one("SELECT at, since, next_fire_at FROM member_checkins")
    assert row is not None
    assert tuple(row) == (
        "23:00",
        to_db_time(paris(DAY, time(21, 30))),
        to_db_time(paris(DAY, time(23))),
    )


async def test_a_source_that_never_moves_on_is_not_run_in_a_busy_loop(
    db: Database, source: MemberCheckins, fires: Fires, caplog: pytest.LogCaptureFixture
) -> None:
    clock = StillClock(paris(DAY, time(21, 30)))
    await source.add_members([(ANA, PARIS, NINE_PM)], paris(DAY, time(8)))

    async def forgets(moves: object) -> None:
        return None

    source.advance = forgets  # type: ignore[method-assign]
    scheduler = Scheduler(db, clock)
    await scheduler.add_source(source)
    with caplog.at_level(logging.ERROR, logger="bot.outbound.recurring_sources"):
        await scheduler.activate()
    assert scheduler.engine.next_run_at(SOURCE) == clock.now() + scheduler.engine.policy.backoff
    await scheduler.engine.run(SOURCE)
    assert "source checkin lists schedules it was told had moved on" in caplog.text
    assert len(fires.seen) == 1, "listed again, but the claim holds: sent once"
    await scheduler.shutdown()


async def test_a_source_name_must_be_a_job_key_prefix(db: Database, source: MemberCheckins) -> None:
    source.name = "check:in"
    scheduler = Scheduler(db, StillClock(paris(DAY, time(8))))
    with pytest.raises(ValueError, match="no colon"):
        SourceRunner(source, scheduler._sender, scheduler.engine)


def test_the_first_fire_is_strictly_after_the_change() -> None:
    rule = Recurrence(NINE_PM, DAILY, PARIS)
    assert first_fire_at(rule, paris(DAY, time(12))) == paris(DAY, NINE_PM)
    assert first_fire_at(rule, paris(DAY, NINE_PM)) == paris(DAY + timedelta(1), NINE_PM)
    weekly = Recurrence(NINE_PM, frozenset({0}), PARIS)  # Mondays; 2 June is a Tuesday
    assert first_fire_at(weekly, paris(DAY, time(12))) == paris(date(2026, 6, 8), NINE_PM)


# -- per-member DMs go through delivery -----------------------------------------------------


@pytest.fixture
async def dms() -> AsyncIterator[FakeDMs]:
    yield FakeDMs()


async def test_scheduled_dms_still_obey_consent_and_quiet_hours(
    db: Database, source: MemberCheckins, dms: FakeDMs
) -> None:
    """Ana consented; Ben never did; Cal consented but is in quiet hours at 21:00."""
    clock = StillClock(paris(DAY, time(12)))
    scheduler = Scheduler(db, clock)
    members = MemberStore(db, make_test_vault(), clock)
    delivery = delivery_through(dms, db, scheduler.engine)

    async def check_in(fire: Fire) -> None:
        user_id = int(fire.job_key.split(":")[1])
        letter = Letter(user_id, "checkin", f"How are you, {user_id}?", dedupe_key=fire.nonce)
        await delivery.send(letter)

    source.on_fire = check_in
    await members.allow(ANA, "checkin")
    await members.allow(CAL, "checkin")
    await members.update(CAL, quiet_hours=(time(20), time(7)), zone=PARIS)
    trio = [(ANA, PARIS, NINE_PM), (BEN, PARIS, NINE_PM), (CAL, PARIS, NINE_PM)]
    await source.add_members(trio, clock.now())
    await scheduler.add_source(source)
    await scheduler.activate()

    clock.set(paris(DAY, time(21, 0, 1)))
    await scheduler.engine.run(SOURCE)
    await scheduler.engine.run("delivery")
    assert [s.content for s in dms.sent] == [f"How are you, {ANA}?"]
    assert await db.fetch_value("SELECT COUNT(*) FROM deliveries WHERE user_id = ?", (BEN,)) == 0
    held = await db.fetch_value("SELECT due_at FROM deliveries WHERE user_id = ?", (CAL,))
    assert held == to_db_time(paris(DAY + timedelta(1), time(7)))

    clock.set(paris(DAY + timedelta(1), time(7)))
    await scheduler.engine.run("delivery")
    assert [s.content for s in dms.sent] == [f"How are you, {ANA}?", f"How are you, {CAL}?"]
    await scheduler.shutdown()


async def test_a_resend_after_a_crash_queues_the_dm_once(
    db: Database, source: MemberCheckins, dms: FakeDMs
) -> None:
    """The handler queued the letter, then the process died before recording the fire."""
    clock = StillClock(paris(DAY, time(21, 0, 5)))
    scheduler = Scheduler(db, clock)
    members = MemberStore(db, make_test_vault(), clock)
    delivery = delivery_through(dms, db, scheduler.engine)
    outcomes = []

    async def check_in(fire: Fire) -> None:
        letter = Letter(ANA, "checkin", "How are you?", dedupe_key=fire.nonce)
        outcomes.append(await delivery.send(letter))

    await members.allow(ANA, "checkin")
    ana = Occurrence(DAY, paris(DAY, NINE_PM))
    nonce = occurrence_nonce(key_of(ANA), ana.key)
    await check_in(Fire(key_of(ANA), ana, nonce, late=False))  # the dead process's send
    assert await scheduler.store.claim(key_of(ANA), ana, "dead", clock.now(), scheduler.lease)
    source.on_fire = check_in
    await source.add_members([(ANA, PARIS, NINE_PM)], paris(DAY, time(8)))
    await scheduler.add_source(source)
    clock.advance(timedelta(minutes=3))
    await scheduler.activate()
    assert [o.duplicate for o in outcomes] == [False, True]
    assert [s.content for s in dms.sent] == ["How are you?"]
    await scheduler.shutdown()
