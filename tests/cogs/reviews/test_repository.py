"""The review stores against a real SQLite file with the feature's migration applied: one
live review per two people, Accept and Decline once, one round per occurrence, answers sealed
and the partner's read only after the reveal, one reminder, "not this time", stopping, and
/mydata (export, delete with the note owed to the partner, a server's purge)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database
from bot.storage.schema import Schema
from bot.storage.vault import Vault
from bot.timing.clock import OffsetClock
from cogs.reviews.answers import Answers, Appreciations, Reflections
from cogs.reviews.repository.data_owner import GoneNotices, ReviewDataOwner
from cogs.reviews.repository.pairs import PairStore, ReviewSchedule, StoredPair
from cogs.reviews.repository.rounds import Opened, RoundStore
from cogs.reviews.rounds import (
    CLOSES_AFTER,
    REMINDER_AFTER,
    NotInPair,
    PairStatus,
    ReviewRefusal,
    RoundState,
)
from tests.support.keys import TEST_SECRET_KEY

GUILD, CHANNEL = 10, 20
ALEX, SAM, KIM = 1001, 1002, 1003
START = datetime(2026, 3, 2, 18, tzinfo=UTC)
SCHEDULE = ReviewSchedule("weekly", 6, time(19, 0), ZoneInfo("Europe/Paris"), date(2026, 3, 8))


class CountingVault(Vault):
    """The test key's vault, remembering every token it unsealed."""

    def __init__(self) -> None:
        super().__init__([TEST_SECRET_KEY])
        self.unsealed: list[str] = []

    def unseal(self, token: str) -> str:
        self.unsealed.append(token)
        return super().unseal(token)


@dataclass
class Stores:
    db: Database
    vault: CountingVault
    clock: OffsetClock
    pairs: PairStore
    rounds: RoundStore
    owner: ReviewDataOwner
    notices: GoneNotices


@pytest.fixture
async def stores(tmp_path: Path) -> AsyncIterator[Stores]:
    # The feature is not loaded by the bot yet, so its schema is named here with the core's.
    db = await Schema.for_features(["cogs.reviews"]).open(tmp_path / "kindred.db")
    vault = CountingVault()
    clock = OffsetClock(START)
    pairs = PairStore(db)
    try:
        yield Stores(
            db,
            vault,
            clock,
            pairs,
            RoundStore(db, vault, pairs),
            ReviewDataOwner(db, vault, clock),
            GoneNotices(db),
        )
    finally:
        await db.close()


def words(member: int) -> tuple[Appreciations, Reflections]:
    return (
        Appreciations((f"thanks from {member}",)),
        Reflections(f"went well {member}", f"I felt {member} when… I'd love it", f"care {member}"),
    )


async def active_pair(s: Stores, inviter: int = ALEX, partner: int = SAM) -> StoredPair:
    pair = await s.pairs.invite(
        guild_id=GUILD,
        channel_id=CHANNEL,
        inviter_id=inviter,
        partner_id=partner,
        schedule=SCHEDULE,
        now=START,
    )
    return await s.pairs.answer(pair.id, partner, accept=True, now=START)


async def answer_all(s: Stores, round_id: int, member: int, at: datetime = START) -> None:
    for part in words(member):
        await s.rounds.add_part(round_id, member, part, at)


# -- pairs ----------------------------------------------------------------------------------


async def test_two_people_have_one_live_review_whoever_invited(stores: Stores) -> None:
    pair = await active_pair(stores)
    assert (pair.status, pair.schedule) == (PairStatus.ACTIVE, SCHEDULE)
    with pytest.raises(ReviewRefusal) as caught:
        await stores.pairs.invite(
            guild_id=GUILD,
            channel_id=CHANNEL,
            inviter_id=SAM,
            partner_id=ALEX,
            schedule=SCHEDULE,
            now=START,
        )
    assert caught.value.key == "already_paired"
    await stores.pairs.stop(pair.id, SAM, START)
    again = await active_pair(stores, SAM, ALEX)  # afresh, after a stop
    assert again.id > pair.id


async def test_two_invitations_at_once_make_one_and_the_index_backs_it(stores: Stores) -> None:
    def invitation(inviter: int, partner: int) -> Any:
        return stores.pairs.invite(
            guild_id=GUILD,
            channel_id=CHANNEL,
            inviter_id=inviter,
            partner_id=partner,
            schedule=SCHEDULE,
            now=START,
        )

    results = await asyncio.gather(
        invitation(ALEX, SAM), invitation(SAM, ALEX), return_exceptions=True
    )
    assert sorted(type(r).__name__ for r in results) == ["ReviewRefusal", "StoredPair"]
    with pytest.raises(sqlite3.IntegrityError):
        await stores.db.execute(
            "INSERT INTO review_pairs (guild_id, channel_id, inviter_id, partner_id, status, "
            "cadence, weekday, at, timezone, anchor, created_at, updated_at) "
            "VALUES (1, 1, ?, ?, 'active', 'weekly', 0, '09:00', 'UTC', '2026-03-02', 'a', 'a')",
            (SAM, ALEX),
        )


async def test_two_accepts_at_once_make_one_and_nobody_else_answers(stores: Stores) -> None:
    pair = await stores.pairs.invite(
        guild_id=GUILD,
        channel_id=CHANNEL,
        inviter_id=ALEX,
        partner_id=SAM,
        schedule=SCHEDULE,
        now=START,
    )
    with pytest.raises(NotInPair):
        await stores.pairs.answer(pair.id, ALEX, accept=True, now=START)
    results = await asyncio.gather(
        stores.pairs.answer(pair.id, SAM, accept=True, now=START),
        stores.pairs.answer(pair.id, SAM, accept=False, now=START),
        return_exceptions=True,
    )
    assert sum(isinstance(r, ReviewRefusal) for r in results) == 1
    stored = await stores.pairs.get(pair.id)
    assert stored is not None
    assert stored.status is next(r.status for r in results if isinstance(r, StoredPair))
    assert [p.id for p in await stores.pairs.live_pairs_of(SAM)] == (
        [pair.id] if stored.status is PairStatus.ACTIVE else []
    )


async def test_a_round_opens_once_per_occurrence_and_only_for_an_active_pair(
    stores: Stores,
) -> None:
    invited = await stores.pairs.invite(
        guild_id=GUILD,
        channel_id=CHANNEL,
        inviter_id=ALEX,
        partner_id=KIM,
        schedule=SCHEDULE,
        now=START,
    )
    assert await stores.rounds.open(invited.id, "2026-03-08", START) == Opened(None, ())
    pair = await active_pair(stores)
    first = await stores.rounds.open(pair.id, "2026-03-08", START)
    assert first.round is not None and first.closed == ()
    again = await asyncio.gather(
        stores.rounds.open(pair.id, "2026-03-08", START),
        stores.rounds.open(pair.id, "2026-03-08", START + timedelta(minutes=1)),
    )
    assert again == [Opened(None, ()), Opened(None, ())]  # the same occurrence, after a restart


async def test_a_new_occurrence_closes_a_round_still_open_as_not_this_time(
    stores: Stores,
) -> None:
    pair = await active_pair(stores)
    first = await stores.rounds.open(pair.id, "2026-03-08", START)
    assert first.round is not None
    await answer_all(stores, first.round.id, ALEX)
    later = await stores.rounds.open(pair.id, "2026-03-15", START + timedelta(days=6))
    assert later.round is not None and later.round.id > first.round.id
    assert [(c.id, c.rules.state) for c in later.closed] == [
        (first.round.id, RoundState.NOT_THIS_TIME)
    ]
    with pytest.raises(ReviewRefusal):
        await stores.rounds.add_part(first.round.id, SAM, words(SAM)[0], START)
    assert await stores.rounds.history(pair.id, SAM) == []


async def test_answers_are_sealed_and_the_partners_read_only_after_the_reveal(
    stores: Stores,
) -> None:
    pair = await active_pair(stores)
    opened = (await stores.rounds.open(pair.id, "2026-03-08", START)).round
    assert opened is not None
    await answer_all(stores, opened.id, ALEX)
    raw = await stores.db.fetch_all(
        "SELECT appreciations_sealed, reflections_sealed FROM review_answers"
    )
    assert all("thanks" not in str(v) and "went well" not in str(v) for row in raw for v in row)

    stores.vault.unsealed.clear()
    seen = await stores.rounds.view(opened.id, SAM)
    assert seen is not None and seen.partner is None and seen.partner_done
    assert stores.vault.unsealed == []  # Sam has written nothing; Alex's words stay shut

    await stores.rounds.add_part(opened.id, SAM, words(SAM)[0], START)
    stores.vault.unsealed.clear()
    assert (await stores.rounds.view(opened.id, SAM)).partner is None  # type: ignore[union-attr]
    assert len(stores.vault.unsealed) == 1  # Sam's own appreciations only

    after = await stores.rounds.add_part(opened.id, SAM, words(SAM)[1], START + timedelta(hours=2))
    assert after.rules.state is RoundState.REVEALED
    revealed = await stores.rounds.view(opened.id, SAM)
    assert revealed is not None and revealed.partner == Answers.of(*words(ALEX))
    history = await stores.rounds.history(pair.id, ALEX)
    assert [(at, v.partner) for at, v in history] == [(START, Answers.of(*words(SAM)))]
    assert await stores.rounds.history(pair.id, KIM) == []


async def test_one_reminder_owed_until_marked_and_closing_after_a_week(stores: Stores) -> None:
    pair = await active_pair(stores)
    opened = (await stores.rounds.open(pair.id, "2026-03-08", START)).round
    assert opened is not None
    await answer_all(stores, opened.id, ALEX)
    assert await stores.rounds.reminders_owed(START + REMINDER_AFTER / 2) == []
    assert await stores.rounds.next_due() == START + REMINDER_AFTER
    owed = await stores.rounds.reminders_owed(START + REMINDER_AFTER)
    assert [member for _, member in owed] == [SAM]
    # Not queued yet (a crash here): still owed. Marked once, from two timers: owed no more.
    assert len(await stores.rounds.reminders_owed(START + REMINDER_AFTER)) == 1
    await asyncio.gather(
        stores.rounds.mark_reminded(opened.id, SAM, START + REMINDER_AFTER),
        stores.rounds.mark_reminded(opened.id, SAM, START + REMINDER_AFTER),
    )
    assert await stores.rounds.reminders_owed(START + CLOSES_AFTER / 2) == []
    assert await stores.rounds.next_due() == START + CLOSES_AFTER
    assert await stores.rounds.close_due(START + CLOSES_AFTER - timedelta(seconds=1)) == []
    closed = await stores.rounds.close_due(START + CLOSES_AFTER)
    assert [c.rules.state for c in closed] == [RoundState.NOT_THIS_TIME]
    assert await stores.rounds.close_due(START + CLOSES_AFTER) == []
    # Its "not this time" letters are owed until marked told, and due at once.
    assert [r.id for r in await stores.rounds.untold()] == [opened.id]
    assert await stores.rounds.next_due() == START + CLOSES_AFTER
    await stores.rounds.mark_told(opened.id, START + CLOSES_AFTER)
    assert await stores.rounds.untold() == []
    assert await stores.rounds.next_due() is None
    assert await stores.rounds.history(pair.id, SAM) == []  # never revealed
    with pytest.raises(ReviewRefusal):
        await stores.rounds.add_part(opened.id, SAM, words(SAM)[0], START + CLOSES_AFTER)


async def test_stopping_ends_the_open_round_unrevealed(stores: Stores) -> None:
    pair = await active_pair(stores)
    opened = (await stores.rounds.open(pair.id, "2026-03-08", START)).round
    assert opened is not None
    await answer_all(stores, opened.id, ALEX)
    with pytest.raises(NotInPair):
        await stores.pairs.stop(pair.id, KIM, START)
    stopped = await stores.pairs.stop(pair.id, SAM, START)
    assert stopped.status is PairStatus.STOPPED
    rules = await stores.rounds.get(opened.id)
    assert rules is not None and rules.rules.state is RoundState.STOPPED
    assert await stores.rounds.open(pair.id, "2026-03-15", START + CLOSES_AFTER) == Opened(None, ())


async def test_a_stop_owes_the_other_partner_a_word_until_told_or_they_delete_their_data(
    stores: Stores,
) -> None:
    pair = await active_pair(stores)
    await stores.pairs.stop(pair.id, SAM, START)
    assert [(p.id, p.stop_owed_to) for p in await stores.pairs.stops_owed()] == [(pair.id, ALEX)]
    await stores.pairs.stop_told(pair.id)
    assert await stores.pairs.stops_owed() == []
    again = await active_pair(stores)
    await stores.pairs.stop(again.id, ALEX, START)
    assert [p.stop_owed_to for p in await stores.pairs.stops_owed()] == [SAM]
    await stores.owner.delete_member(SAM)
    assert await stores.pairs.stops_owed() == [], "nothing is owed to someone who left"


async def test_ids_are_never_reused(stores: Stores) -> None:
    pair = await active_pair(stores)
    await stores.db.execute("DELETE FROM review_pairs WHERE id = ?", (pair.id,))
    assert (await active_pair(stores)).id > pair.id
    with pytest.raises(sqlite3.IntegrityError):
        await stores.db.execute(
            "INSERT INTO review_rounds (pair_id, occurrence_key, state, opened_at) "
            "VALUES (1, 'x', 'maybe', 'now')"
        )


# -- /mydata --------------------------------------------------------------------------------


async def revealed_round(stores: Stores) -> tuple[StoredPair, int]:
    pair = await active_pair(stores)
    opened = (await stores.rounds.open(pair.id, "2026-03-08", START)).round
    assert opened is not None
    await answer_all(stores, opened.id, ALEX)
    await answer_all(stores, opened.id, SAM)
    await stores.rounds.mark_shown(opened.id, ALEX, 555, 777)  # Alex's words, shown to Sam
    await stores.rounds.mark_shown(opened.id, SAM, 556, 778)
    return pair, opened.id


async def test_the_export_holds_the_members_own_answers_and_never_the_partners(
    stores: Stores,
) -> None:
    pair, _ = await revealed_round(stores)
    exported = await stores.owner.export_member(ALEX)
    assert exported["reviews"][0] | {"review": pair.id} == exported["reviews"][0]
    assert exported["reviews"][0]["you"] == "invited"
    (only,) = exported["rounds"]
    assert only["outcome"] == "revealed"
    assert only["your_answers"] == Answers.of(*words(ALEX)).as_dict()
    assert str(SAM) not in repr(exported)
    assert (await stores.owner.export_member(KIM))["rounds"] == []


async def test_deleting_removes_the_members_words_and_tells_the_partner_only_that(
    stores: Stores,
) -> None:
    pair, _ = await revealed_round(stores)
    async with stores.db.transaction():
        posts = await stores.owner.delete_member(ALEX)
    assert posts == [PostRef(555, 777)]  # the reveal that showed Alex's words to Sam
    for table in stores.owner.data_tables:
        rows = await stores.db.fetch_all(f"SELECT * FROM {table}")  # noqa: S608
        assert all(ALEX not in tuple(row) for row in rows), table
    (notice,) = await stores.notices.pending()
    assert (notice.user_id, notice.rounds, notice.since) == (SAM, 1, START)
    stored = await stores.pairs.get(pair.id)
    assert stored is not None and stored.status is PairStatus.STOPPED
    history = await stores.rounds.history(pair.id, SAM)
    assert [v.partner for _, v in history] == [None]  # Alex's answers are gone
    assert [v.own.complete for _, v in history] == [Answers.of(*words(SAM))]
    await stores.notices.delivered(notice.id)
    assert await stores.notices.pending() == []
    assert (await stores.owner.export_member(SAM))["rounds"][0]["your_answers"]
    assert await stores.owner.export_member(ALEX) == {
        "reviews": [],
        "rounds": [],
        "notes_waiting_for_you": [],
    }


async def test_when_both_delete_nothing_of_the_review_remains(stores: Stores) -> None:
    await revealed_round(stores)
    async with stores.db.transaction():
        await stores.owner.delete_member(ALEX)
        await stores.owner.delete_member(SAM)
    for table in stores.owner.data_tables:
        assert await stores.db.fetch_all(f"SELECT * FROM {table}") == []  # noqa: S608


async def test_a_servers_purge_takes_the_reviews_begun_there(stores: Stores) -> None:
    await revealed_round(stores)
    await stores.owner.delete_guild(GUILD + 1)
    assert await stores.db.fetch_value("SELECT COUNT(*) FROM review_answers") == 2
    await stores.owner.delete_guild(GUILD)
    for table in ("review_pairs", "review_rounds", "review_answers"):
        assert await stores.db.fetch_all(f"SELECT * FROM {table}") == []  # noqa: S608
