"""Queuing private messages: judged at once, stored sealed, held through quiet hours.

Nothing here sends: the outbound engine is never activated, so no client is needed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import discord
import pytest

from bot.app.content import Messages, content_root
from bot.outbound.delivery import Delivery, Letter, LetterButton, Outcome
from bot.outbound.engine import OutboundEngine
from bot.outbound.notices import Notices
from bot.outbound.pacer import Pacer
from bot.privacy.boundary_rules import Refusal
from bot.privacy.member_store import MemberStore
from bot.storage.database import Database, to_db_time
from bot.timing.clock import OffsetClock
from tests.support.keys import make_test_vault

# 2026-01-15 12:00 UTC is 12:00 in London (GMT in winter).
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
ANA, BEN = 1001, 1002
CHECKIN = "checkin"
WORDS = "How are you feeling about the move, Ana?"


@pytest.fixture
def clock() -> OffsetClock:
    return OffsetClock(NOW)


@pytest.fixture
def members(db: Database, clock: OffsetClock) -> MemberStore:
    return MemberStore(db, make_test_vault(), clock)


@pytest.fixture
def delivery(db: Database, clock: OffsetClock, members: MemberStore) -> Delivery:
    return Delivery(
        cast(discord.Client, object()),  # only used to send, which these tests never do
        db,
        engine=OutboundEngine(clock),
        vault=make_test_vault(),
        clock=clock,
        pacer=Pacer(),
        members=members,
        notices=Notices(db, clock),
        messages=Messages.from_data_dir(content_root()),
    )


def letter(**overrides: Any) -> Letter:
    values: dict[str, Any] = {"user_id": ANA, "kind": CHECKIN, "content": WORDS} | overrides
    return Letter(**values)


async def rows(db: Database) -> list[dict[str, Any]]:
    found = await db.fetch_all(
        "SELECT user_id, kind, state, due_at, dedupe_key, payload_sealed FROM deliveries "
        "ORDER BY id"
    )
    return [dict(row) for row in found]


async def insert_row(
    db: Database, user_id: int, state: str, *, finished_at: datetime | None = None
) -> None:
    """A letter from the past, as sending it would have left it."""
    created = finished_at or NOW
    await db.execute(
        """
        INSERT INTO deliveries (user_id, kind, payload_sealed, state, due_at, nonce,
                                created_at, finished_at)
        VALUES (?, 'checkin', NULL, ?, ?, ?, ?, ?)
        """,
        (
            user_id,
            state,
            to_db_time(created),
            f"nonce-{state}-{created.isoformat()}",
            to_db_time(created),
            to_db_time(finished_at) if finished_at else None,
        ),
    )


# -- judging and queuing ----------------------------------------------------------------


async def test_a_letter_without_consent_is_refused_and_not_stored(
    delivery: Delivery, db: Database
) -> None:
    outcome = await delivery.send(letter())
    assert outcome == Outcome(refusal=Refusal.NO_CONSENT)
    assert not outcome.queued
    assert await rows(db) == []


async def test_an_allowed_letter_is_queued_for_now_and_sealed(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    button = LetterButton("checkin:answer", "Answer", "primary")
    outcome = await delivery.send(letter(buttons=(button,), dedupe_key="checkin:2026-01-15"))
    assert outcome.queued
    assert not outcome.held
    assert outcome.due_at is not None
    assert to_db_time(outcome.due_at) == "2026-01-15T12:00:00+00:00"
    [row] = await rows(db)
    sealed = row.pop("payload_sealed")
    assert row == {
        "user_id": ANA,
        "kind": CHECKIN,
        "state": "waiting",
        "due_at": "2026-01-15T12:00:00+00:00",
        "dedupe_key": "checkin:2026-01-15",
    }
    assert WORDS not in sealed
    assert json.loads(make_test_vault().unseal(sealed)) == {
        "content": WORDS,
        "embed": None,
        "buttons": [
            {"custom_id": "checkin:answer", "label": "Answer", "style": "primary", "emoji": None}
        ],
    }
    assert await delivery.pending_for(ANA) == 1


async def test_a_letter_in_quiet_hours_is_held_until_they_end(
    delivery: Delivery, members: MemberStore, clock: OffsetClock, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.update(ANA, quiet_hours=(time(22), time(7)), zone=LONDON)
    clock.set(datetime(2026, 1, 15, 23, 0, tzinfo=UTC))  # 23:00 GMT
    outcome = await delivery.send(letter())
    # 07:00 GMT on the 16th is 07:00 UTC.
    assert outcome == Outcome(due_at=datetime(2026, 1, 16, 7, 0, tzinfo=UTC), held=True)
    assert [row["due_at"] for row in await rows(db)] == ["2026-01-16T07:00:00+00:00"]


async def test_a_letter_waits_for_not_before(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    later = NOW + timedelta(hours=3)
    outcome = await delivery.send(letter(not_before=later))
    assert outcome == Outcome(due_at=later, held=True)
    assert [row["due_at"] for row in await rows(db)] == ["2026-01-15T15:00:00+00:00"]


async def test_a_not_before_in_the_past_means_now(delivery: Delivery, members: MemberStore) -> None:
    await members.allow(ANA, CHECKIN)
    outcome = await delivery.send(letter(not_before=NOW - timedelta(days=1)))
    assert outcome.due_at is not None
    assert to_db_time(outcome.due_at) == "2026-01-15T12:00:00+00:00"
    assert not outcome.held


async def test_the_later_of_quiet_hours_and_not_before_wins(
    delivery: Delivery, members: MemberStore, clock: OffsetClock
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.update(ANA, quiet_hours=(time(22), time(7)), zone=LONDON)
    clock.set(datetime(2026, 1, 15, 23, 0, tzinfo=UTC))
    early = await delivery.send(letter(not_before=datetime(2026, 1, 16, 1, 0, tzinfo=UTC)))
    late = await delivery.send(letter(not_before=datetime(2026, 1, 16, 9, 0, tzinfo=UTC)))
    assert early.due_at == datetime(2026, 1, 16, 7, 0, tzinfo=UTC)
    assert late.due_at == datetime(2026, 1, 16, 9, 0, tzinfo=UTC)


async def test_the_same_dedupe_key_is_queued_once(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    first = await delivery.send(letter(dedupe_key="checkin:2026-01-15"))
    second = await delivery.send(letter(dedupe_key="checkin:2026-01-15", content="Again?"))
    assert first.queued
    assert second == Outcome(duplicate=True)
    assert not second.queued
    assert len(await rows(db)) == 1


async def test_a_duplicate_is_reported_as_one_even_at_the_weekly_limit(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.update(ANA, max_dms_per_week=1)
    assert (await delivery.send(letter(dedupe_key="checkin:2026-01-15"))).queued
    again = await delivery.send(letter(dedupe_key="checkin:2026-01-15"))
    assert again == Outcome(duplicate=True)
    assert len(await rows(db)) == 1


async def test_a_dedupe_key_is_per_member(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.allow(BEN, CHECKIN)
    await delivery.send(letter(dedupe_key="checkin:2026-01-15"))
    outcome = await delivery.send(letter(user_id=BEN, dedupe_key="checkin:2026-01-15"))
    assert outcome.queued
    assert len(await rows(db)) == 2


# -- the weekly limit -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "finished", "counts"),
    [
        pytest.param("waiting", None, True, id="waiting"),
        pytest.param("sending", None, True, id="sending"),
        pytest.param("sent", NOW - timedelta(days=6), True, id="sent-6-days-ago"),
        pytest.param("sent", NOW - timedelta(days=8), False, id="sent-8-days-ago"),
        pytest.param("dropped", NOW - timedelta(days=1), False, id="dropped-yesterday"),
    ],
)
async def test_what_counts_toward_the_weekly_limit(
    delivery: Delivery,
    members: MemberStore,
    db: Database,
    state: str,
    finished: datetime | None,
    counts: bool,
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.update(ANA, max_dms_per_week=1)
    await insert_row(db, ANA, state, finished_at=finished)
    outcome = await delivery.send(letter())
    assert outcome.refusal is (Refusal.WEEKLY_LIMIT if counts else None)


async def test_the_weekly_limit_counts_only_this_members_letters(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.update(ANA, max_dms_per_week=2)
    await insert_row(db, ANA, "sent", finished_at=NOW - timedelta(days=2))
    await insert_row(db, BEN, "waiting")
    await insert_row(db, BEN, "sent", finished_at=NOW - timedelta(days=1))
    assert (await delivery.send(letter())).queued
    assert await delivery.send(letter()) == Outcome(refusal=Refusal.WEEKLY_LIMIT)
    assert await delivery.pending_for(ANA) == 1


async def test_a_letter_the_member_asked_for_is_not_held_to_the_weekly_limit(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.update(ANA, max_dms_per_week=1)
    await insert_row(db, ANA, "sent", finished_at=NOW - timedelta(days=1))
    assert await delivery.send(letter()) == Outcome(refusal=Refusal.WEEKLY_LIMIT)
    asked = await delivery.send(letter(asked_for=True, dedupe_key="checkin:mine"))
    assert asked.queued
    # ... and it does not count toward the limit for what other features send.
    await members.update(ANA, max_dms_per_week=2)
    assert (await delivery.send(letter(dedupe_key="nudge"))).queued


async def test_a_letter_the_member_asked_for_still_needs_consent_and_waits_out_quiet_hours(
    delivery: Delivery, members: MemberStore, clock: OffsetClock
) -> None:
    assert await delivery.send(letter(asked_for=True)) == Outcome(refusal=Refusal.NO_CONSENT)
    await members.allow(ANA, CHECKIN)
    await members.update(ANA, quiet_hours=(time(22), time(7)), zone=LONDON)
    clock.set(datetime(2026, 1, 15, 23, 0, tzinfo=UTC))
    outcome = await delivery.send(letter(asked_for=True))
    assert outcome == Outcome(due_at=datetime(2026, 1, 16, 7, 0, tzinfo=UTC), held=True)


async def test_a_letter_quiet_hours_would_hold_past_its_expiry_is_refused_as_too_late(
    delivery: Delivery, members: MemberStore, clock: OffsetClock, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.update(ANA, quiet_hours=(time(22), time(7)), zone=LONDON)
    clock.set(datetime(2026, 1, 15, 23, 0, tzinfo=UTC))
    soon = datetime(2026, 1, 16, 6, 0, tzinfo=UTC)
    assert await delivery.send(letter(expires_at=soon)) == Outcome(refusal=Refusal.TOO_LATE)
    assert await rows(db) == []
    later = datetime(2026, 1, 16, 9, 0, tzinfo=UTC)
    assert (await delivery.send(letter(expires_at=later))).held


async def test_a_letter_paused_past_its_expiry_is_refused_and_one_before_it_waits(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.pause(ANA, NOW + timedelta(days=3))
    outcome = await delivery.send(letter(expires_at=NOW + timedelta(hours=18)))
    assert outcome == Outcome(refusal=Refusal.TOO_LATE)
    held = await delivery.send(letter(expires_at=NOW + timedelta(days=4)))
    assert held == Outcome(due_at=NOW + timedelta(days=3), held=True)


async def test_a_not_before_at_or_past_the_expiry_is_too_late(
    delivery: Delivery, members: MemberStore
) -> None:
    await members.allow(ANA, CHECKIN)
    outcome = await delivery.send(
        letter(not_before=NOW + timedelta(hours=2), expires_at=NOW + timedelta(hours=1))
    )
    assert outcome == Outcome(refusal=Refusal.TOO_LATE)


# -- housekeeping and data rights -------------------------------------------------------


async def test_export_shows_a_waiting_letters_message(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await delivery.send(letter())
    await insert_row(db, ANA, "sent", finished_at=NOW - timedelta(days=1))
    await members.allow(BEN, CHECKIN)
    await delivery.send(letter(user_id=BEN, content="Ben's letter."))
    exported = await delivery.export_member(ANA)
    assert exported == {
        "letters": [
            {
                "kind": CHECKIN,
                "state": "waiting",
                "due_at": "2026-01-15T12:00:00+00:00",
                "created_at": "2026-01-15T12:00:00+00:00",
                "finished_at": None,
                "message": {"content": WORDS, "embed": None, "buttons": []},
            },
            {
                "kind": CHECKIN,
                "state": "sent",
                "due_at": "2026-01-14T12:00:00+00:00",
                "created_at": "2026-01-14T12:00:00+00:00",
                "finished_at": "2026-01-14T12:00:00+00:00",
            },
        ]
    }


async def test_deleting_a_member_removes_their_letters_only(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await members.allow(BEN, CHECKIN)
    await delivery.send(letter())
    await insert_row(db, ANA, "sent", finished_at=NOW - timedelta(days=1))
    await delivery.send(letter(user_id=BEN))
    async with db.transaction():
        assert await delivery.delete_member(ANA) == []
    assert [row["user_id"] for row in await rows(db)] == [BEN]


async def test_deleting_a_server_removes_the_letters_about_it(
    delivery: Delivery, members: MemberStore, db: Database
) -> None:
    await members.allow(ANA, CHECKIN)
    await delivery.send(letter(guild_id=501, dedupe_key="a"))
    await delivery.send(letter(guild_id=502, dedupe_key="b"))
    await delivery.send(letter(guild_id=None, dedupe_key="c"))
    async with db.transaction():
        await delivery.delete_guild(501)
    assert [row["dedupe_key"] for row in await rows(db)] == ["b", "c"]


async def test_finished_letters_are_forgotten_after_eight_days(
    delivery: Delivery, db: Database
) -> None:
    await insert_row(db, ANA, "sent", finished_at=NOW - timedelta(days=9))
    await insert_row(db, ANA, "dropped", finished_at=NOW - timedelta(days=9))
    await insert_row(db, ANA, "sent", finished_at=NOW - timedelta(days=7))
    await insert_row(db, ANA, "dropped", finished_at=NOW - timedelta(days=7, hours=23))
    await insert_row(db, ANA, "waiting", finished_at=None)
    assert await delivery.forget_finished(NOW) == 2
    remaining = await db.fetch_all("SELECT state, finished_at FROM deliveries ORDER BY id")
    assert [tuple(row) for row in remaining] == [
        ("sent", "2026-01-08T12:00:00+00:00"),
        ("dropped", "2026-01-07T13:00:00+00:00"),
        ("waiting", None),
    ]
