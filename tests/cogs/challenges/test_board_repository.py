"""The board's store against a real SQLite file: a channel's settings round trip (and the
table's CHECKs), distinct completions per challenge, different members taking part this week
and ever, a server's purge; and, as a property, that the board is built from counts alone so
it can never show one member's count."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.challenges.bank import Challenge
from cogs.challenges.board import WEEK, Board, Taking, Tally, board_embed, build_board
from cogs.challenges.repository.board import BoardStore, ChannelSettings
from cogs.challenges.repository.completions import CompletionStore
from cogs.challenges.repository.data_owner import ChallengeDataOwner
from cogs.challenges.repository.posts import Post, PostStore
from tests.support.keys import make_test_vault
from tests.support.schema import open_migrated

GUILD, CHANNEL, OTHER_GUILD, OTHER_CHANNEL = 10, 20, 11, 21
ANA, BEN, CAL = 1001, 1002, 1003
START = datetime(2026, 6, 2, 8, tzinfo=UTC)


def challenge(number: int) -> Challenge:
    return Challenge(f"laugh-{number:03d}", "laugh", 1, "solo", f"Challenge {number}")


@dataclass
class Stores:
    board: BoardStore
    posts: PostStore
    completions: CompletionStore
    owner: ChallengeDataOwner
    clock: OffsetClock


def stores_for(db: Database) -> Stores:
    clock, vault = OffsetClock(START), make_test_vault()
    return Stores(
        BoardStore(db),
        PostStore(db, clock),
        CompletionStore(db, vault, clock),
        ChallengeDataOwner(db, vault),
        clock,
    )


@pytest.fixture
def stores(db: Database) -> Stores:
    return stores_for(db)


async def posted(stores: Stores, n: int, channel: int = CHANNEL, guild: int = GUILD) -> Post:
    post = await stores.posts.create_post(channel, guild, challenge(n), cycle=1)
    await stores.posts.set_post_message(post.id, 9000 + post.id, 9000 + post.id)
    return post


async def test_a_channel_nobody_set_up_has_the_defaults_and_no_row(
    stores: Stores, db: Database
) -> None:
    assert await stores.board.settings(CHANNEL) == ChannelSettings(1, 1, True)
    assert await db.fetch_value("SELECT COUNT(*) FROM challenge_channels") == 0


async def test_settings_round_trip_changing_only_what_is_given(stores: Stores) -> None:
    saved = await stores.board.change_settings(CHANNEL, GUILD, streak_needs=3)
    assert saved == ChannelSettings(max_depth=1, streak_needs=3, board_on=True)
    saved = await stores.board.change_settings(CHANNEL, GUILD, max_depth=3, board_on=False)
    assert saved == ChannelSettings(max_depth=3, streak_needs=3, board_on=False)
    assert await stores.board.settings(CHANNEL) == saved
    assert await stores.board.settings(OTHER_CHANNEL) == ChannelSettings(), "per channel"
    state = await stores.posts.state(CHANNEL, GUILD)
    assert state.max_depth == 3, "the ceiling /challenge now reads"
    await posted(stores, 1)  # a post keeps the settings (the row already exists)
    assert await stores.board.settings(CHANNEL) == saved
    again = await stores.board.change_settings(CHANNEL, GUILD, board_on=True)
    assert again == ChannelSettings(max_depth=3, streak_needs=3, board_on=True)


@pytest.mark.parametrize(
    "bad", [{"max_depth": 0}, {"max_depth": 4}, {"streak_needs": 0}, {"streak_needs": 21}]
)
async def test_the_table_refuses_values_out_of_range_and_keeps_the_old_ones(
    stores: Stores, bad: dict[str, int]
) -> None:
    await stores.board.change_settings(CHANNEL, GUILD, max_depth=2, streak_needs=5)
    with pytest.raises(sqlite3.IntegrityError):
        await stores.board.change_settings(CHANNEL, GUILD, board_on=False, **bad)
    assert await stores.board.settings(CHANNEL) == ChannelSettings(2, 5, True)


async def test_tallies_count_distinct_members_per_challenge_in_order(stores: Stores) -> None:
    first = await posted(stores, 1)
    stores.clock.advance(timedelta(days=1))
    second = await posted(stores, 2)
    stores.clock.advance(timedelta(days=1))
    never_sent = await stores.posts.create_post(CHANNEL, GUILD, challenge(3), cycle=1)
    elsewhere = await posted(stores, 4, channel=OTHER_CHANNEL)
    for member in (ANA, BEN, CAL):
        await stores.completions.add(first.id, member, None)
    assert await stores.completions.add(first.id, ANA, "again") is None, "once per member"
    await stores.completions.add(second.id, BEN, "hi")
    await stores.completions.add(never_sent.id, ANA, None)
    await stores.completions.add(elsewhere.id, CAL, None)
    tallies = await stores.board.tallies(CHANNEL)
    assert tallies == [
        Tally(first.id, 1, START, 3),
        Tally(second.id, 2, START + timedelta(days=1), 1),
    ], "a post never sent is no challenge; another channel's are not here"
    third = await posted(stores, 5)
    assert (await stores.board.tallies(CHANNEL))[-1] == Tally(
        third.id, third.number, START + timedelta(days=2), 0
    )


async def test_taking_part_counts_different_members_this_week_and_ever(stores: Stores) -> None:
    old = await posted(stores, 1)
    await stores.completions.add(old.id, ANA, None)
    await stores.completions.add(old.id, BEN, None)
    stores.clock.advance(timedelta(days=8))
    new = await posted(stores, 2)
    await stores.completions.add(new.id, ANA, None)
    await stores.completions.add(new.id, CAL, None)
    await stores.completions.add(old.id, CAL, None)  # late, on the old one
    elsewhere = await posted(stores, 3, channel=OTHER_CHANNEL)
    await stores.completions.add(elsewhere.id, 4004, None)
    now = stores.clock.now()
    assert await stores.board.taking_part(CHANNEL, now - WEEK) == Taking(2, 3)
    assert await stores.board.taking_part(CHANNEL, now) == Taking(2, 3), "saved at `now`"
    assert await stores.board.taking_part(CHANNEL, now + timedelta(seconds=1)) == Taking(0, 3)
    assert await stores.board.taking_part(OTHER_CHANNEL, now - WEEK) == Taking(1, 1)
    assert await stores.board.taking_part(555, now - WEEK) == Taking(0, 0)


async def test_a_members_deletion_and_a_servers_purge_take_what_they_should(
    stores: Stores, db: Database
) -> None:
    post = await posted(stores, 1)
    await stores.completions.add(post.id, ANA, None)
    await stores.completions.add(post.id, BEN, None)
    await stores.board.change_settings(CHANNEL, GUILD, streak_needs=2, board_on=False)
    await stores.board.change_settings(OTHER_CHANNEL, OTHER_GUILD, max_depth=3)
    async with db.transaction():
        await stores.owner.delete_member(ANA)
    assert [t.completions for t in await stores.board.tallies(CHANNEL)] == [1]
    assert await stores.board.settings(CHANNEL) == ChannelSettings(1, 2, False), "no member data"
    async with db.transaction():
        await stores.owner.delete_guild(GUILD)
    assert await stores.board.settings(CHANNEL) == ChannelSettings(), "the row went with it"
    assert await stores.board.tallies(CHANNEL) == []
    assert await stores.board.settings(OTHER_CHANNEL) == ChannelSettings(3, 1, True)


# -- the property: the board is made of counts ----------------------------------------


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """One migrated database, copied for every example (migrating each time is slow)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.db"

        async def migrate() -> None:
            await (await open_migrated(path)).close()

        asyncio.run(migrate())
        yield path


MEMBERS = [10**17 + n for n in range(6)]  # ids as long as Discord's, easy to spot in text
done = st.lists(  # (which post, who, how many days before now it was saved)
    st.tuples(st.integers(0, 7), st.sampled_from(MEMBERS), st.integers(0, 12)), max_size=30
)


async def board_from_db(
    path: Path, posts: int, completions: list[tuple[int, int, int]], needed: int
) -> Board:
    db = await Database.open(path)
    try:
        stores = stores_for(db)
        made = []
        for n in range(posts):
            stores.clock.set(START + timedelta(days=n))
            made.append(await posted(stores, n + 1))
        now = START + timedelta(days=posts + 12)
        for post, member, days_ago in completions:
            if post < posts:
                stores.clock.set(now - timedelta(days=days_ago))
                await stores.completions.add(made[post].id, member, None)
        tallies = await stores.board.tallies(CHANNEL)
        taking = await stores.board.taking_part(CHANNEL, now - WEEK)
        return build_board(tallies, taking, needed, now)
    finally:
        await db.close()


def board_from_counts(posts: int, completions: list[tuple[int, int, int]], needed: int) -> Board:
    """The board as it must be, worked out from counts only: who did what is dropped
    before anything is counted."""
    firsts: dict[tuple[int, int], int] = {}
    for post, member, days_ago in completions:
        if post < posts:
            firsts.setdefault((post, member), days_ago)  # a second completion is refused
    per_post = [sum(1 for p, _ in firsts if p == n) for n in range(posts)]
    week = len({m for (_, m), ago in firsts.items() if ago <= WEEK.days})
    ever = len({m for _, m in firsts})
    tallies = [Tally(n + 1, n + 1, START + timedelta(days=n), c) for n, c in enumerate(per_post)]
    return build_board(tallies, Taking(week, ever), needed, START + timedelta(days=posts + 12))


def says(board: Board) -> str:
    return repr(board_embed(lambda key, /, **values: f"{key}{sorted(values.items())}", board,
                            channel="<#20>"))  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    posts=st.integers(0, 8),
    completions=done,
    needed=st.integers(1, 3),
    relabel=st.permutations(MEMBERS),
)
def test_the_board_is_made_of_counts_and_never_of_who_did_what(
    template: Path,
    posts: int,
    completions: list[tuple[int, int, int]],
    needed: int,
    relabel: list[int],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, other = Path(folder) / "kindred.db", Path(folder) / "renamed.db"
        shutil.copy(template, path)
        shutil.copy(template, other)
        seen = asyncio.run(board_from_db(path, posts, completions, needed))
        renamed = dict(zip(MEMBERS, relabel, strict=True))
        swapped = [(p, renamed[m], d) for p, m, d in completions]
        seen_renamed = asyncio.run(board_from_db(other, posts, swapped, needed))
    expected = board_from_counts(posts, completions, needed)
    # Post ids and numbers both run 1, 2, 3… in a fresh database, as in the model.
    assert seen == expected, "the board depends on nothing but the counts"
    assert seen_renamed == seen, "who did which challenge changes nothing"
    for part in fields(seen):
        assert not isinstance(getattr(seen, part.name), dict), "no per-member mapping"
    shown = says(seen)
    assert not any(str(member) in shown for member in MEMBERS), "no member id is shown"
