"""Whom a waiting letter is about: kept as pseudonyms, and the letters deleted unsent when
that member deletes their data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

import discord
import pytest

from bot.app.content import Messages, content_root
from bot.outbound.delivery import Delivery, Letter
from bot.outbound.engine import OutboundEngine
from bot.outbound.notices import Notices
from bot.outbound.pacer import Pacer
from bot.privacy.data_rights import DataRights
from bot.privacy.member_store import MemberStore
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from tests.support.keys import make_test_vault

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
ANA, BEN, CARA = 1001, 1002, 1003
NOTE = "note"


@pytest.fixture
async def delivery(db: Database) -> Delivery:
    clock = OffsetClock(NOW)
    members = MemberStore(db, make_test_vault(), clock)
    await members.allow(BEN, NOTE)
    await members.allow(ANA, NOTE)
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


def note(to: int, sender: int, *, later: bool = False, key: str | None = None) -> Letter:
    when = NOW + timedelta(hours=8) if later else None
    return Letter(
        to, NOTE, content=f"from {sender}", about=(sender,), not_before=when, dedupe_key=key
    )


async def about_rows(db: Database) -> list[tuple[int, str]]:
    rows = await db.fetch_all("SELECT delivery_id, member FROM delivery_about ORDER BY 1, 2")
    return [(int(r[0]), str(r[1])) for r in rows]


async def test_whom_a_letter_is_about_is_kept_as_a_pseudonym(
    db: Database, delivery: Delivery
) -> None:
    assert (await delivery.send(note(BEN, ANA, later=True))).held
    [(_, member)] = await about_rows(db)
    assert member == make_test_vault().pseudonym(ANA)
    assert str(ANA) not in member


async def test_deleting_a_member_deletes_every_waiting_letter_about_them(
    db: Database, delivery: Delivery
) -> None:
    await delivery.send(note(BEN, ANA))  # due now, not yet sent
    await delivery.send(note(BEN, ANA, later=True))  # held
    await delivery.send(note(BEN, CARA, later=True))
    await delivery.send(note(ANA, BEN))  # ana's own letter
    await db.execute("UPDATE deliveries SET state = 'sending' WHERE id = 1")  # being sent
    rights = DataRights(db)
    rights.register(delivery)
    await rights.delete(ANA, NOW)
    letters = await db.fetch_all("SELECT user_id, payload_sealed FROM deliveries")
    assert [int(r["user_id"]) for r in letters] == [BEN], "only cara's note to ben is left"
    vault = make_test_vault()
    assert [m for _, m in await about_rows(db)] == [vault.pseudonym(CARA)]
    assert await delivery.pending_for(BEN) == 1


async def test_a_duplicate_leaves_no_record_of_whom_it_was_about(
    db: Database, delivery: Delivery
) -> None:
    assert (await delivery.send(note(BEN, ANA, key="weekly"))).queued
    assert (await delivery.send(note(BEN, CARA, key="weekly"))).duplicate
    assert [m for _, m in await about_rows(db)] == [make_test_vault().pseudonym(ANA)]
