"""Buddies and /mydata against a real SQLite file: an invitation answered once by the invited
member only, removal from either side, and a member's export, deletion and a server's purge."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database
from bot.storage.vault import Vault
from cogs.checkins.moods import Mood, Wish
from cogs.checkins.repository.buddies import DECLINE_REST, BuddyStatus, BuddyStore
from cogs.checkins.repository.checkins import CheckinStore
from cogs.checkins.repository.data_owner import CheckinDataOwner
from cogs.checkins.repository.schedules import CheckinSchedule, CheckinScheduleStore

ANA, BEN, CAL = 1001, 1002, 1003
GUILD, OTHER_GUILD, CHANNEL = 10, 11, 20
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def buddies(checkin_db: Database, vault: Vault) -> BuddyStore:
    return BuddyStore(checkin_db, vault)


async def test_an_invitation_waits_for_the_invited_member_and_counts_once(
    buddies: BuddyStore,
) -> None:
    invitation = await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW)
    assert invitation is not None
    assert invitation.status is BuddyStatus.INVITED
    assert await buddies.buddies_of(ANA) == [], "nothing shared before an accept"
    assert not await buddies.answer(invitation.id, CAL, accept=True, now=NOW)
    assert not await buddies.answer(invitation.id, ANA, accept=True, now=NOW)
    results = await asyncio.gather(
        buddies.answer(invitation.id, BEN, accept=True, now=NOW),
        buddies.answer(invitation.id, BEN, accept=False, now=NOW),
    )
    assert sorted(results) == [False, True]
    assert await buddies.is_buddy(ANA, BEN) is results[0], "the press that counted decides"


async def test_no_second_invitation_while_one_is_live_and_none_to_oneself(
    buddies: BuddyStore,
) -> None:
    assert await buddies.invite(ANA, ANA, GUILD, CHANNEL, NOW) is None
    first = await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW)
    assert first is not None
    assert await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW) is None
    await buddies.remove(ANA, BEN, NOW)
    second = await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW)
    assert second is not None, "a withdrawn invitation does not hold anything back"
    await buddies.answer(second.id, BEN, accept=False, now=NOW)
    second_before = NOW + DECLINE_REST - timedelta(seconds=1)
    assert await buddies.invite(ANA, BEN, GUILD, CHANNEL, second_before) is None
    assert await buddies.invite(BEN, ANA, GUILD, CHANNEL, NOW) is not None, "the other way"
    again = await buddies.invite(
        ANA, BEN, GUILD, CHANNEL, NOW + DECLINE_REST + timedelta(seconds=1)
    )
    assert again is not None, "a decline rests, it does not bar for ever"
    assert again.id > second.id > first.id


async def test_a_declines_rest_outlives_both_sides_deleted_data_and_names_nobody(
    checkin_db: Database, vault: Vault, buddies: BuddyStore
) -> None:
    asked = await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW)
    assert asked is not None
    assert await buddies.answer(asked.id, BEN, accept=False, now=NOW)
    owner = CheckinDataOwner(checkin_db, vault)
    [rest] = (await owner.export_member(ANA))["declined_invitations_resting_until"]
    assert rest == {"you_asked": True, "until": "2026-07-01T12:00:00+00:00"}
    await owner.delete_member(ANA)
    await owner.delete_member(BEN)
    soon = NOW + timedelta(days=1)
    assert await buddies.invite(ANA, BEN, GUILD, CHANNEL, soon) is None, "still resting"
    rows = await checkin_db.fetch_all("SELECT * FROM checkin_buddy_rests")
    assert not any(str(member) in str(dict(r)) for r in rows for member in (ANA, BEN))
    assert await buddies.forget_ended_rests(soon) == 0
    assert await buddies.forget_ended_rests(NOW + DECLINE_REST) == 1
    assert await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW + DECLINE_REST) is not None


async def test_either_side_can_remove_and_an_old_accept_then_does_nothing(
    buddies: BuddyStore,
) -> None:
    invitation = await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW)
    assert invitation is not None
    assert await buddies.answer(invitation.id, BEN, accept=True, now=NOW)
    assert await buddies.remove(BEN, ANA, NOW)
    assert not await buddies.is_buddy(ANA, BEN)
    assert not await buddies.remove(ANA, BEN, NOW)
    assert not await buddies.answer(invitation.id, BEN, accept=True, now=NOW)
    pending = await buddies.invite(ANA, CAL, GUILD, CHANNEL, NOW)
    assert pending is not None
    assert await buddies.remove(ANA, CAL, NOW)
    assert not await buddies.answer(pending.id, CAL, accept=True, now=NOW)


async def fill(db: Database, vault: Vault) -> tuple[CheckinStore, BuddyStore]:
    schedules = CheckinScheduleStore(db)
    await schedules.save(
        CheckinSchedule(ANA, time(21), ZoneInfo("Europe/London"), frozenset({0})), NOW
    )
    checkins = CheckinStore(db, vault)
    for user in (ANA, BEN):
        checkin = await checkins.ask(user, ZoneInfo("UTC"), NOW)
        assert checkin is not None
        await checkins.answer_mood(checkin.id, user, Mood.LOW, NOW)
        await checkins.set_wish(checkin.id, user, Wish.LISTEN)
        await checkins.set_note(checkin.id, user, f"note of {user}", None)
    buddies = BuddyStore(db, vault)
    asked = await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW)
    assert asked is not None
    await buddies.posted(asked.id, 555)
    await buddies.answer(asked.id, BEN, accept=True, now=NOW)
    other = await buddies.invite(CAL, ANA, OTHER_GUILD, CHANNEL + 1, NOW)
    assert other is not None
    return checkins, buddies


async def test_export_gives_the_members_own_checkins_with_notes_and_their_buddyships(
    checkin_db: Database, vault: Vault
) -> None:
    await fill(checkin_db, vault)
    exported = await CheckinDataOwner(checkin_db, vault).export_member(ANA)
    assert exported["schedule"]["at"] == "21:00"
    assert [(c["mood"], c["wish"], c["note"]) for c in exported["checkins"]] == [
        ("low", "listen", f"note of {ANA}")
    ]
    assert [(b["you_asked"], b["other_member"], b["status"]) for b in exported["buddies"]] == [
        (True, str(BEN), "accepted"),
        (False, str(CAL), "invited"),
    ]
    assert "note of 1002" not in str(exported)


async def test_deleting_a_member_takes_all_of_theirs_and_their_invitation_posts(
    checkin_db: Database, vault: Vault
) -> None:
    _, buddies = await fill(checkin_db, vault)
    owner = CheckinDataOwner(checkin_db, vault)
    posts = await owner.delete_member(ANA)
    assert posts == [PostRef(CHANNEL, 555)]
    assert await owner.export_member(ANA) == {
        "schedule": None,
        "checkins": [],
        "buddies": [],
        "shared_by_you": [],
        "declined_invitations_resting_until": [],
        "your_answers_as_a_buddy": [],
    }
    assert await buddies.buddies_of(ANA) == []
    ben = await owner.export_member(BEN)
    assert [c["note"] for c in ben["checkins"]] == [f"note of {BEN}"], "others keep theirs"


async def test_a_servers_purge_takes_its_buddyships_and_leaves_checkins(
    checkin_db: Database, vault: Vault
) -> None:
    await fill(checkin_db, vault)
    owner = CheckinDataOwner(checkin_db, vault)
    await owner.delete_guild(GUILD)
    exported = await owner.export_member(ANA)
    assert [b["other_member"] for b in exported["buddies"]] == [str(CAL)]
    assert len(exported["checkins"]) == 1
    assert exported["schedule"] is not None


def test_the_owner_claims_every_checkin_table() -> None:

    migrations = Path(__file__).parents[3] / "cogs/checkins/migrations"
    sql = "".join(path.read_text() for path in sorted(migrations.glob("*.sql")))
    created = set(re.findall(r"CREATE TABLE (\w+)", sql))
    assert created == set(CheckinDataOwner.data_tables)


async def test_links_show_both_directions_and_only_what_is_live(buddies: BuddyStore) -> None:
    asked = await buddies.invite(ANA, BEN, GUILD, CHANNEL, NOW)
    waiting = await buddies.invite(ANA, CAL, GUILD, CHANNEL, NOW)
    theirs = await buddies.invite(CAL, ANA, GUILD, CHANNEL, NOW)
    assert asked is not None
    assert waiting is not None
    assert theirs is not None
    await buddies.answer(asked.id, BEN, accept=True, now=NOW)
    await buddies.answer(theirs.id, ANA, accept=True, now=NOW)
    assert [b.id for b in await buddies.accepted_of(ANA)] == [asked.id]
    assert [b.id for b in await buddies.links_of(ANA)] == [asked.id, waiting.id, theirs.id]
    live = await buddies.live_between(ANA, CAL)
    assert live is not None
    assert live.id == waiting.id
    assert live.status is BuddyStatus.INVITED
    await buddies.remove(CAL, ANA, NOW)  # ends both directions between them
    assert await buddies.live_between(ANA, CAL) is None
    assert [b.id for b in await buddies.links_of(ANA)] == [asked.id]
    assert [b.id for b in await buddies.links_of(CAL)] == []
