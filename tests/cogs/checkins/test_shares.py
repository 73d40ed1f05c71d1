"""Sharing a check-in with a buddy against a real SQLite file: only one's own answered
check-in, only with an accepted buddy at that moment, once; the buddy answers once; and what
each side's /mydata holds."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.storage.database import Database, to_db_time
from bot.storage.vault import Vault
from cogs.checkins.moods import Mood
from cogs.checkins.repository.buddies import BuddyStore
from cogs.checkins.repository.checkins import Checkin, CheckinStore
from cogs.checkins.repository.data_owner import CheckinDataOwner
from cogs.checkins.repository.shares import Response, ShareStore
from tests.support.keys import make_test_vault

ANA, BEN, CAL = 1001, 1002, 1003
GUILD, CHANNEL = 10, 20
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
STAMP = to_db_time(NOW)


@pytest.fixture
def shares(checkin_db: Database) -> ShareStore:
    return ShareStore(checkin_db)


async def befriend(db: Database, user: int, buddy: int) -> None:
    buddies = BuddyStore(db, make_test_vault())
    invitation = await buddies.invite(user, buddy, GUILD, CHANNEL, NOW)
    assert invitation is not None
    assert await buddies.answer(invitation.id, buddy, accept=True, now=NOW)


async def answered(db: Database, vault: Vault, mood: Mood | None = Mood.LOW) -> Checkin:
    store = CheckinStore(db, vault)
    checkin = await store.ask(ANA, ZoneInfo("UTC"), NOW)
    assert checkin is not None
    if mood is not None:
        await store.answer_mood(checkin.id, ANA, mood, NOW)
        await store.set_note(checkin.id, ANA, "never for a buddy", None)
    return checkin


async def test_a_checkin_is_shared_once_with_an_accepted_buddy_only(
    checkin_db: Database, vault: Vault, shares: ShareStore
) -> None:
    checkin = await answered(checkin_db, vault)
    assert await shares.share(checkin.id, ANA, BEN, NOW) is None, "not a buddy yet"
    await befriend(checkin_db, ANA, BEN)
    assert await shares.share(checkin.id, BEN, ANA, NOW) is None, "not Ben's check-in"
    shared = await shares.share(checkin.id, ANA, BEN, NOW)
    assert shared is not None
    assert (shared.user_id, shared.buddy_id, shared.response) == (ANA, BEN, None)
    assert await shares.share(checkin.id, ANA, BEN, NOW) is None, "once"


async def test_an_unanswered_or_passed_checkin_and_an_ended_buddyship_share_nothing(
    checkin_db: Database, vault: Vault, shares: ShareStore
) -> None:
    await befriend(checkin_db, ANA, BEN)
    unanswered = await answered(checkin_db, vault, mood=None)
    assert await shares.share(unanswered.id, ANA, BEN, NOW) is None
    await CheckinStore(checkin_db, vault).pass_(unanswered.id, ANA, NOW)
    assert await shares.share(unanswered.id, ANA, BEN, NOW) is None
    checkin = await answered(checkin_db, vault)
    await BuddyStore(checkin_db, make_test_vault()).remove(BEN, ANA, NOW)
    assert await shares.share(checkin.id, ANA, BEN, NOW) is None


async def test_the_buddy_answers_once_and_nobody_else_can(
    checkin_db: Database, vault: Vault, shares: ShareStore
) -> None:
    await befriend(checkin_db, ANA, BEN)
    checkin = await answered(checkin_db, vault)
    shared = await shares.share(checkin.id, ANA, BEN, NOW)
    assert shared is not None
    await shares.sent(shared.id, 77, 88)
    assert not await shares.respond(shared.id, ANA, Response.HERE, NOW)
    assert not await shares.respond(shared.id, CAL, Response.HERE, NOW)
    results = await asyncio.gather(
        shares.respond(shared.id, BEN, Response.CANT, NOW),
        shares.respond(shared.id, BEN, Response.HERE, NOW),
    )
    assert sorted(results) == [False, True]
    saved = await shares.get(shared.id)
    assert saved is not None
    assert (saved.channel_id, saved.message_id) == (77, 88)
    assert saved.response is (Response.CANT if results[0] else Response.HERE)


async def test_a_buddys_export_holds_their_answer_never_the_mood_or_note(
    checkin_db: Database, vault: Vault, shares: ShareStore
) -> None:
    await befriend(checkin_db, ANA, BEN)
    checkin = await answered(checkin_db, vault, Mood.VERY_LOW)
    shared = await shares.share(checkin.id, ANA, BEN, NOW)
    assert shared is not None
    await shares.respond(shared.id, BEN, Response.HERE, NOW)
    owner = CheckinDataOwner(checkin_db, vault)
    ben = await owner.export_member(BEN)
    assert ben["your_answers_as_a_buddy"] == [{"answer": "here", "at": STAMP}]
    assert "very_low" not in str(ben)
    assert "never for a buddy" not in str(ben)
    ana = await owner.export_member(ANA)
    assert ana["shared_by_you"] == [{"with": str(BEN), "at": STAMP, "answer": "here"}]


async def test_deleting_either_side_removes_the_share(
    checkin_db: Database, vault: Vault, shares: ShareStore
) -> None:
    await befriend(checkin_db, ANA, BEN)
    checkin = await answered(checkin_db, vault)
    shared = await shares.share(checkin.id, ANA, BEN, NOW)
    assert shared is not None
    await CheckinDataOwner(checkin_db, vault).delete_member(BEN)
    assert await shares.get(shared.id) is None
    assert await CheckinStore(checkin_db, vault).get(checkin.id) is not None, "Ana's stays"


async def test_a_buddy_can_no_longer_answer_once_the_buddyship_ended(
    checkin_db: Database, vault: Vault, shares: ShareStore
) -> None:
    await befriend(checkin_db, ANA, BEN)
    checkin = await answered(checkin_db, vault)
    shared = await shares.share(checkin.id, ANA, BEN, NOW)
    assert shared is not None
    await BuddyStore(checkin_db, make_test_vault()).remove(ANA, BEN, NOW)
    assert not await shares.respond(shared.id, BEN, Response.HERE, NOW)
    await befriend(checkin_db, ANA, BEN)
    assert await shares.respond(shared.id, BEN, Response.HERE, NOW), "befriended again"


async def test_a_refused_letter_withdraws_its_share_and_a_sent_one_stays(
    checkin_db: Database, vault: Vault, shares: ShareStore
) -> None:
    await befriend(checkin_db, ANA, BEN)
    await befriend(checkin_db, ANA, CAL)
    checkin = await answered(checkin_db, vault)
    refused = await shares.share(checkin.id, ANA, BEN, NOW)
    delivered = await shares.share(checkin.id, ANA, CAL, NOW)
    assert refused is not None
    assert delivered is not None
    assert await shares.shared_with(checkin.id) == {BEN, CAL}
    await shares.sent(delivered.id, 77, 88)
    await shares.withdraw(refused.id)
    await shares.withdraw(delivered.id)
    assert await shares.shared_with(checkin.id) == {CAL}
    assert await shares.share(checkin.id, ANA, BEN, NOW) is not None, "may try again"
