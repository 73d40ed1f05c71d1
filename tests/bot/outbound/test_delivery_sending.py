"""Sending letters as the engine's planned work, against a real SQLite file.

A letter is woken out by ``send``, by its due time and by a clock jump; it is judged again
just before it goes out; its claim survives a dead process; shutdown lets the letter being
sent finish and gives the others back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.outbound.delivery import WORK_KEY, Delivery, Letter
from bot.outbound.engine import OutboundEngine, RetryPolicy
from bot.privacy.member_store import MemberStore
from bot.storage.database import Database, to_db_time
from tests.bot.outbound.fake_dms import FakeDMs, Sent, delivery_through, server_error
from tests.bot.outbound.still_clock import StillClock
from tests.support.keys import make_test_vault

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # noon in London (GMT)
LONDON = ZoneInfo("Europe/London")
ANA, BEN = 1001, 1002
KIND = "checkin"


@dataclass
class Setup:
    clock: StillClock
    engine: OutboundEngine
    members: MemberStore
    delivery: Delivery
    dms: FakeDMs


@pytest.fixture
async def setup(db: Database) -> AsyncIterator[Setup]:
    clock = StillClock(NOW)
    engine = OutboundEngine(clock, policy=RetryPolicy(max_attempts=2))
    members = MemberStore(db, make_test_vault(), clock)
    dms = FakeDMs()
    delivery = delivery_through(dms, db, engine)
    await members.allow(ANA, KIND)
    yield Setup(clock, engine, members, delivery, dms)
    await engine.shutdown(drain_seconds=1)


async def until(check: Callable[[], Awaitable[bool]], what: str) -> None:
    for _ in range(200):
        if await check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def states(db: Database) -> list[tuple[str, str | None, int]]:
    rows = await db.fetch_all("SELECT state, detail, attempts FROM deliveries ORDER BY id")
    return [(r["state"], r["detail"], r["attempts"]) for r in rows]


def letter(text: str = "How are you, really?", **overrides: Any) -> Letter:
    values: dict[str, Any] = {"user_id": ANA, "kind": KIND, "content": text} | overrides
    return Letter(**values)


async def test_a_letter_goes_out_as_soon_as_it_is_queued(setup: Setup, db: Database) -> None:
    await setup.engine.activate()
    outcome = await setup.delivery.send(letter())
    assert outcome.queued and not outcome.held

    async def sent() -> bool:
        return await states(db) == [("sent", None, 1)]

    await until(sent, "the letter to be sent")
    nonce = await db.fetch_value("SELECT nonce FROM deliveries")
    assert [(s.user_id, s.content, s.nonce) for s in setup.dms.sent] == [
        (ANA, "How are you, really?", nonce)
    ]


async def test_nothing_is_sent_before_the_engine_is_activated(setup: Setup, db: Database) -> None:
    await setup.delivery.send(letter())
    await asyncio.sleep(0.05)
    assert setup.dms.attempts == 0
    await setup.engine.activate()
    assert await states(db) == [("sent", None, 1)], "activation sends what waited"


async def test_the_engine_plans_the_next_due_letter_and_a_clock_jump_sends_it(
    setup: Setup, db: Database
) -> None:
    await setup.engine.activate()
    outcome = await setup.delivery.send(letter(not_before=NOW + timedelta(seconds=40)))
    assert outcome.held

    async def planned() -> bool:
        return setup.engine.next_run_at(WORK_KEY) == NOW + timedelta(seconds=40)

    await until(planned, "the timer to be set for the letter")
    assert setup.dms.attempts == 0
    setup.clock.advance(timedelta(seconds=40))

    async def sent() -> bool:
        return len(setup.dms.sent) == 1

    await until(sent, "the letter, once its time came")


async def test_with_nothing_due_it_still_looks_again_within_a_minute(setup: Setup) -> None:
    await setup.engine.activate()
    assert setup.engine.next_run_at(WORK_KEY) == NOW + timedelta(seconds=60)


async def test_consent_withdrawn_while_waiting_drops_the_letter(setup: Setup, db: Database) -> None:
    await setup.delivery.send(letter(not_before=NOW + timedelta(hours=1)))
    await setup.members.disallow(ANA, KIND)
    setup.clock.set(NOW + timedelta(hours=1))
    await setup.engine.activate()
    assert await states(db) == [("dropped", "no_consent", 1)]
    assert setup.dms.attempts == 0


async def test_quiet_hours_set_while_waiting_hold_it_until_they_end(
    setup: Setup, db: Database
) -> None:
    await setup.delivery.send(letter(not_before=NOW + timedelta(hours=10)))  # 22:00 GMT
    await setup.members.update(ANA, quiet_hours=(time(21), time(7)), zone=LONDON)
    setup.clock.set(NOW + timedelta(hours=10))
    await setup.engine.activate()
    assert await states(db) == [("waiting", None, 0)]
    assert await db.fetch_value("SELECT due_at FROM deliveries") == "2026-01-16T07:00:00+00:00"
    assert setup.dms.attempts == 0


async def test_closed_dms_mark_the_member_unreachable_and_drop_their_letters(
    setup: Setup, db: Database
) -> None:
    await setup.delivery.send(letter("first"))
    await setup.delivery.send(letter("later", not_before=NOW + timedelta(hours=1)))
    setup.dms.closed.add(ANA)
    await setup.engine.activate()
    assert [s[:2] for s in await states(db)] == [("dropped", "unreachable")] * 2
    assert (await setup.members.get(ANA)).unreachable_since == NOW
    assert await db.fetch_value("SELECT COUNT(*) FROM deliveries WHERE payload_sealed IS NULL")
    assert setup.dms.attempts == 1, "nobody knocks twice on a closed door"


async def test_a_claim_left_by_a_dead_process_is_taken_over_with_its_nonce(
    setup: Setup, db: Database
) -> None:
    await setup.delivery.send(letter())
    # What a kill -9 after Discord's answer leaves: the letter claimed, its lease running.
    await db.execute(
        "UPDATE deliveries SET state = 'sending', attempts = 1, lease_until = ?",
        (to_db_time(NOW + timedelta(minutes=2)),),
    )
    nonce = await db.fetch_value("SELECT nonce FROM deliveries")
    setup.dms.sent.append(Sent(ANA, "How are you, really?", nonce))
    await setup.engine.activate()
    assert setup.dms.attempts == 0, "a live claim is left alone"
    assert setup.engine.next_run_at(WORK_KEY) == NOW + timedelta(minutes=1)
    setup.clock.set(NOW + timedelta(minutes=2))

    async def resent() -> bool:
        return await states(db) == [("sent", None, 2)]

    await until(resent, "the claim to be taken over")
    assert setup.dms.attempts == 1
    assert len(setup.dms.sent) == 1, "the same nonce: Discord keeps one message"


async def test_a_transient_failure_backs_off_then_gives_up_at_the_policys_limit(
    setup: Setup, db: Database
) -> None:
    setup.dms.failures = [server_error(), server_error()]
    await setup.delivery.send(letter())
    await setup.engine.activate()
    assert await states(db) == [("waiting", None, 1)]
    assert await db.fetch_value("SELECT due_at FROM deliveries") == "2026-01-15T12:00:30+00:00"
    setup.clock.set(NOW + timedelta(seconds=30))

    async def gave_up() -> bool:
        return await states(db) == [("dropped", "failed", 2)]

    await until(gave_up, "the second and last attempt")
    assert setup.dms.sent == []


async def test_shutdown_lets_the_letter_being_sent_finish_and_gives_the_rest_back(
    setup: Setup, db: Database
) -> None:
    for text in ("one", "two", "three"):
        await setup.delivery.send(letter(text))
    setup.dms.gate = asyncio.Event()
    running = asyncio.create_task(setup.engine.activate())
    await until(lambda: _at_least(setup.dms, 1), "the first letter to be under way")
    stopping = asyncio.create_task(setup.engine.shutdown())
    await asyncio.sleep(0.05)
    assert not stopping.done(), "shutdown waits for the letter being sent"
    setup.dms.gate.set()
    await asyncio.wait_for(stopping, 5)
    await running
    assert [s.content for s in setup.dms.sent] == ["one"]
    assert await states(db) == [("sent", None, 1), ("waiting", None, 0), ("waiting", None, 0)]


async def _at_least(dms: FakeDMs, attempts: int) -> bool:
    return dms.attempts >= attempts


async def test_a_letter_for_another_member_is_not_held_by_anas_boundaries(
    setup: Setup, db: Database
) -> None:
    await setup.members.allow(BEN, KIND)
    await setup.members.update(ANA, quiet_hours=(time(11), time(13)), zone=LONDON)
    assert (await setup.delivery.send(letter())).held
    assert not (await setup.delivery.send(letter(user_id=BEN))).held
    await setup.engine.activate()
    assert [s.user_id for s in setup.dms.sent] == [BEN]


async def test_a_letter_that_would_go_out_past_its_expiry_is_dropped_not_sent_late(
    setup: Setup, db: Database
) -> None:
    """The process was down (or the member paused) until after the letter stopped being
    worth sending: it is dropped as too late when it comes due."""
    await setup.delivery.send(letter(expires_at=NOW + timedelta(hours=1)))
    setup.clock.set(NOW + timedelta(hours=2))
    await setup.engine.activate()
    assert await states(db) == [("dropped", "too_late", 1)]
    assert setup.dms.attempts == 0


async def test_a_sent_letters_message_can_be_found_by_its_dedupe_key(
    setup: Setup, db: Database
) -> None:
    await setup.engine.activate()
    await setup.delivery.send(letter(dedupe_key="checkin:7"))
    assert await setup.delivery.sent_message(BEN, "checkin:7") is None

    async def sent() -> bool:
        return await setup.delivery.sent_message(ANA, "checkin:7") is not None

    await until(sent, "the letter to be sent")
    row = await db.fetch_one("SELECT channel_id, message_id FROM deliveries")
    assert row is not None
    assert await setup.delivery.sent_message(ANA, "checkin:7") == (
        row["channel_id"],
        row["message_id"],
    )
