"""The buddy-pairing stores against a real SQLite file: one schedule per server, joining and
leaving, a round saved once per occurrence with its groups, the last four rounds, silence
counted once per group, the stay question answered once, /mydata and a server's purge."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.challenges.repository.pair_data_owner import PairDataOwner
from cogs.challenges.repository.pair_schedules import PairSchedule, PairScheduleStore
from cogs.challenges.repository.pairs import NOW_COOLDOWN, NewGroup, PairStore, RoundTooSoon

GUILD, CHANNEL, OTHER_GUILD = 10, 20, 11
ANA, BEN, CAL, DEV = 1001, 1002, 1003, 1004
START = datetime(2026, 6, 2, 8, tzinfo=UTC)


@dataclass
class Stores:
    pairs: PairStore
    schedules: PairScheduleStore
    owner: PairDataOwner


@pytest.fixture
def stores(db: Database) -> Stores:
    clock = OffsetClock(START)
    return Stores(PairStore(db, clock), PairScheduleStore(db, clock), PairDataOwner(db))


def schedule(guild: int = GUILD, channel: int = CHANNEL) -> PairSchedule:
    return PairSchedule(
        guild,
        channel,
        "fortnightly",
        1,
        time(18),
        ZoneInfo("Europe/London"),
        date(2026, 6, 2),
        START,
    )


def group(*members: int, activity: str = "pair-001") -> NewGroup:
    return NewGroup(members, activity, f"Activity {activity}")


async def test_one_schedule_per_server_and_a_second_saves_nothing(stores: Stores) -> None:
    assert await stores.schedules.create(schedule())
    assert not await stores.schedules.create(schedule(channel=CHANNEL + 1))
    saved = await stores.schedules.get(GUILD)
    assert saved == schedule(), "the first one, read back whole"
    assert saved is not None and saved.job_key == f"pairs:{GUILD}"
    assert await stores.schedules.create(schedule(guild=OTHER_GUILD))
    assert [s.guild_id for s in await stores.schedules.all()] == [GUILD, OTHER_GUILD]
    later = START.replace(hour=12)
    assert await stores.schedules.set_paused(GUILD, True, START)
    paused = await stores.schedules.get(GUILD)
    assert paused is not None and paused.paused
    assert await stores.schedules.set_paused(GUILD, False, later)
    resumed = await stores.schedules.get(GUILD)
    assert resumed is not None and not resumed.paused and resumed.active_since == later
    assert await stores.schedules.delete(GUILD)
    assert not await stores.schedules.delete(GUILD)
    assert not await stores.schedules.set_paused(GUILD, True, later), "nothing to pause"


async def test_joining_twice_is_one_membership_and_leaving_ends_it(stores: Stores) -> None:
    assert await stores.pairs.join(GUILD, ANA)
    assert not await stores.pairs.join(GUILD, ANA)
    assert await stores.pairs.join(OTHER_GUILD, ANA), "per server"
    membership = await stores.pairs.membership(GUILD, ANA)
    assert membership is not None and membership.joined_at == START
    assert (membership.silent_rounds, membership.asked, membership.left_out_round) == (
        0,
        False,
        None,
    )
    assert await stores.pairs.leave(GUILD, ANA)
    assert not await stores.pairs.leave(GUILD, ANA)
    assert await stores.pairs.membership(GUILD, ANA) is None
    assert await stores.pairs.membership(OTHER_GUILD, ANA) is not None


async def test_a_round_is_saved_once_per_occurrence_with_its_groups(stores: Stores) -> None:
    for member in (ANA, BEN, CAL):
        await stores.pairs.join(GUILD, member)
    first = await stores.pairs.create_round(GUILD, CHANNEL, "2026-06-02", [group(ANA, BEN)], [CAL])
    assert first is not None
    again = await stores.pairs.create_round(GUILD, CHANNEL, "2026-06-02", [group(BEN, CAL)], [])
    assert again is None, "the occurrence already has its round"
    assert await stores.pairs.round_for(GUILD, "2026-06-02") == first
    [made] = await stores.pairs.groups_of(first)
    assert (made.members, made.thread_id, made.message_id) == ((ANA, BEN), None, None)
    cal = await stores.pairs.membership(GUILD, CAL)
    assert cal is not None and cal.left_out_round == first
    now_round = await stores.pairs.create_round(GUILD, CHANNEL, None, [group(ANA, CAL)], [])
    other_now = await stores.pairs.create_round(GUILD, CHANNEL, None, [group(BEN, CAL)], [])
    assert now_round is not None and other_now is not None and now_round != other_now
    assert await stores.pairs.latest_round(GUILD) == other_now


async def test_past_rounds_are_the_last_four_most_recent_first(stores: Stores) -> None:
    pairings = [(ANA, BEN), (ANA, CAL), (ANA, DEV), (BEN, CAL), (BEN, DEV)]
    for i, (a, b) in enumerate(pairings):
        await stores.pairs.create_round(GUILD, CHANNEL, None, [group(a, b, activity=f"a{i}")], [])
    await stores.pairs.create_round(OTHER_GUILD, CHANNEL, None, [group(CAL, DEV)], [])
    await stores.pairs.create_round(GUILD, CHANNEL, None, [], [ANA])  # nobody to meet
    past = await stores.pairs.past_rounds(GUILD)
    assert past == [[(BEN, DEV)], [(BEN, CAL)], [(ANA, DEV)], [(ANA, CAL)]]
    assert await stores.pairs.recent_activities(GUILD) == {"a1", "a2", "a3", "a4"}


async def test_threads_and_the_current_group(stores: Stores) -> None:
    round_id = await stores.pairs.create_round(GUILD, CHANNEL, None, [group(ANA, BEN)], [])
    assert round_id is not None
    [made] = await stores.pairs.groups_of(round_id)
    await stores.pairs.set_thread(made.id, 777)
    await stores.pairs.set_message(made.id, 778)
    current = await stores.pairs.current_group(GUILD, ANA)
    assert current is not None and (current.thread_id, current.message_id) == (777, 778)
    assert await stores.pairs.current_group(GUILD, CAL) is None
    await stores.pairs.create_round(GUILD, CHANNEL, None, [group(BEN, CAL)], [])
    assert await stores.pairs.current_group(GUILD, ANA) is None, "not in the latest round"


async def silent_round(stores: Stores, spoke: set[int] | None) -> list[int]:
    round_id = await stores.pairs.create_round(GUILD, CHANNEL, None, [group(ANA, BEN)], [])
    assert round_id is not None
    [made] = await stores.pairs.groups_of(round_id)
    await stores.pairs.set_thread(made.id, 900 + made.id)
    [unreviewed] = await stores.pairs.unreviewed_groups(GUILD)
    asked = await stores.pairs.record_review(unreviewed, spoke)
    assert await stores.pairs.record_review(unreviewed, set()) == [], "counted once"
    return asked


async def test_three_silent_rounds_in_a_row_and_speaking_starts_again(stores: Stores) -> None:
    for member in (ANA, BEN):
        await stores.pairs.join(GUILD, member)
    assert await silent_round(stores, {ANA}) == []
    assert await silent_round(stores, None) == [], "an unreadable thread counts nobody"
    assert await silent_round(stores, {ANA}) == []
    assert await silent_round(stores, {ANA}) == [BEN]
    ana = await stores.pairs.membership(GUILD, ANA)
    ben = await stores.pairs.membership(GUILD, BEN)
    assert ana is not None and ana.silent_rounds == 0
    assert ben is not None and ben.silent_rounds == 3


async def test_the_stay_question_rests_the_member_and_is_answered_once(stores: Stores) -> None:
    for member in (ANA, BEN):
        await stores.pairs.join(GUILD, member)
    ask_id = await stores.pairs.create_ask(GUILD, BEN, 555)
    ben = await stores.pairs.membership(GUILD, BEN)
    assert ben is not None and ben.asked
    await stores.pairs.set_ask_message(ask_id, 556)
    ask = await stores.pairs.ask(ask_id)
    assert ask is not None and (ask.user_id, ask.thread_id, ask.message_id) == (BEN, 555, 556)
    assert await stores.pairs.answer(ask, stay=True)
    assert not await stores.pairs.answer(ask, stay=False), "once"
    ben = await stores.pairs.membership(GUILD, BEN)
    assert ben is not None and not ben.asked and ben.silent_rounds == 0

    leaving = await stores.pairs.ask(await stores.pairs.create_ask(GUILD, ANA, 557))
    assert leaving is not None
    assert await stores.pairs.answer(leaving, stay=False)
    assert await stores.pairs.membership(GUILD, ANA) is None

    dropped = await stores.pairs.ask(await stores.pairs.create_ask(GUILD, BEN, 558))
    assert dropped is not None
    await stores.pairs.drop_ask(dropped)
    assert await stores.pairs.ask(dropped.id) is None
    ben = await stores.pairs.membership(GUILD, BEN)
    assert ben is not None and not ben.asked, "asked again next round"
    later = await stores.pairs.create_ask(GUILD, BEN, 559)
    assert later > dropped.id, "an ask id is never reused"


async def test_mydata_exports_only_mine_and_deletes_me_from_every_group(
    stores: Stores, db: Database
) -> None:
    for member in (ANA, BEN):
        await stores.pairs.join(GUILD, member)
    round_id = await stores.pairs.create_round(GUILD, CHANNEL, None, [group(ANA, BEN)], [])
    assert round_id is not None
    [made] = await stores.pairs.groups_of(round_id)
    await stores.pairs.set_thread(made.id, 4242)
    ask_id = await stores.pairs.create_ask(GUILD, ANA, 4242)
    await stores.pairs.set_ask_message(ask_id, 4343)

    mine = await stores.owner.export_member(ANA)
    assert [m["server"] for m in mine["memberships"]] == [str(GUILD)]
    assert mine["memberships"][0]["waiting_for_your_answer"] is True
    [shared] = mine["rounds"]
    assert (shared["thread"], shared["group_size"]) == ("4242", 2)
    assert str(BEN) not in repr(mine)
    assert len(mine["stay_questions"]) == 1

    async with db.transaction():
        posts = await stores.owner.delete_member(ANA)
    assert [(p.channel_id, p.message_id) for p in posts] == [(4242, 4343)]
    assert await stores.owner.export_member(ANA) == {
        "memberships": [],
        "rounds": [],
        "stay_questions": [],
    }
    [left] = await stores.pairs.groups_of(round_id)
    assert left.members == (BEN,), "ben keeps his own history"


async def test_a_server_purge_removes_only_that_server(stores: Stores, db: Database) -> None:
    await stores.schedules.create(schedule())
    await stores.schedules.create(schedule(guild=OTHER_GUILD))
    for guild in (GUILD, OTHER_GUILD):
        await stores.pairs.join(guild, ANA)
        await stores.pairs.create_round(guild, CHANNEL, None, [group(ANA, BEN)], [])
        await stores.pairs.create_ask(guild, ANA, 1)
    async with db.transaction():
        await stores.owner.delete_guild(GUILD)
    for table in stores.owner.data_tables:
        if table == "pair_group_members":
            continue
        guilds = {int(r[0]) for r in await db.fetch_all(f"SELECT guild_id FROM {table}")}  # noqa: S608 - fixed names
        assert guilds == {OTHER_GUILD}, table
    assert await db.fetch_value("SELECT COUNT(*) FROM pair_group_members") == 2


async def test_a_round_now_within_ten_minutes_of_any_round_is_refused_even_two_at_once(
    db: Database,
) -> None:
    clock = OffsetClock(START)
    pairs = PairStore(db, clock)
    outcomes = await asyncio.gather(
        pairs.create_round(GUILD, CHANNEL, None, [group(ANA, BEN)], [], cooldown=True),
        pairs.create_round(GUILD, CHANNEL, None, [group(CAL, DEV)], [], cooldown=True),
        return_exceptions=True,
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["RoundTooSoon", "int"], outcomes
    refused = next(o for o in outcomes if isinstance(o, RoundTooSoon))
    assert refused.allowed_at == START + NOW_COOLDOWN
    assert await db.fetch_value("SELECT COUNT(*) FROM pair_rounds") == 1
    assert await db.fetch_value("SELECT COUNT(*) FROM pair_groups") == 1, "nothing half-saved"
    assert await pairs.next_now_allowed(GUILD) == START + NOW_COOLDOWN
    assert await pairs.next_now_allowed(OTHER_GUILD) is None, "another server is not held"

    clock.advance(NOW_COOLDOWN / 2)  # a scheduled round is never held back, and holds "now"
    assert await pairs.create_round(GUILD, CHANNEL, "2026-06-02", [group(CAL, DEV)], []) is not None
    with pytest.raises(RoundTooSoon):
        await pairs.create_round(GUILD, CHANNEL, None, [group(ANA, CAL)], [], cooldown=True)
    clock.advance(NOW_COOLDOWN)
    assert await pairs.next_now_allowed(GUILD) is None
    assert await pairs.create_round(GUILD, CHANNEL, None, [group(ANA, CAL)], [], cooldown=True)
    assert await db.fetch_value("SELECT COUNT(*) FROM pair_rounds") == 3
