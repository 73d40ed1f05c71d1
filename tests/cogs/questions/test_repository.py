"""The SQL of daily questions against a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.questions.bank import Question
from cogs.questions.picker import Pick
from cogs.questions.repository import QuestionStore, Schedule
from tests.support.keys import make_test_vault

GUILD, CHANNEL, OTHER_GUILD, OTHER_CHANNEL = 10, 20, 11, 21
ANA, BEN = 1, 2
START = datetime(2026, 6, 2, 8, tzinfo=UTC)


@pytest.fixture
def clock() -> OffsetClock:
    return OffsetClock(START)


@pytest.fixture
def store(db: Database, clock: OffsetClock) -> QuestionStore:
    return QuestionStore(db, make_test_vault(), clock)


def pick(key: str = "bank:fun-001", cycle: int = 1) -> Pick:
    return Pick(Question(key, f"Question {key}?", "fun", 1), cycle, new_cycle=False, fresh_left=99)


async def test_posts_are_numbered_per_channel_and_remember_their_cycle(
    store: QuestionStore,
) -> None:
    first = await store.create_post(CHANNEL, GUILD, pick("bank:a"), occurrence_key="2026-06-02")
    second = await store.create_post(CHANNEL, GUILD, pick("bank:b", cycle=2), occurrence_key=None)
    elsewhere = await store.create_post(
        OTHER_CHANNEL, OTHER_GUILD, pick("bank:a"), occurrence_key=None
    )
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert (await store.channel(CHANNEL, GUILD)).cycle == 2
    assert await store.asked_in_cycle(CHANNEL, 1) == {"bank:a"}
    assert await store.post_for_occurrence(CHANNEL, "2026-06-02") == first
    assert first.scheduled and not second.scheduled


async def test_one_answer_per_member_per_post_sealed_and_editable(
    store: QuestionStore, db: Database
) -> None:
    post = await store.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer_id = await store.add_answer(post.id, ANA, "Morning walks", anonymous=True)
    assert answer_id is not None
    assert await store.add_answer(post.id, ANA, "Twice?", anonymous=False) is None
    await store.edit_answer(answer_id, "Evening walks")
    mine = await store.answer_of(post.id, ANA)
    assert mine is not None and mine.text == "Evening walks" and mine.anonymous
    raw = await db.fetch_one("SELECT text_sealed FROM question_answers")
    assert raw is not None and "walks" not in raw[0]


async def test_validations_count_distinct_members(store: QuestionStore) -> None:
    post = await store.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer_id = await store.add_answer(post.id, ANA, "x", anonymous=False)
    assert answer_id is not None
    assert await store.validate(answer_id, BEN) == (True, 1)
    assert await store.validate(answer_id, BEN) == (False, 1)
    assert await store.validate(answer_id, 3) == (True, 2)


async def test_ready_votes_and_recent_participants(
    store: QuestionStore, clock: OffsetClock
) -> None:
    post = await store.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    await store.add_answer(post.id, ANA, "x", anonymous=False)
    assert await store.vote_ready(CHANNEL, GUILD, BEN) == 1
    assert await store.vote_ready(CHANNEL, GUILD, BEN) == 1
    assert await store.recent_participants(CHANNEL, START - timedelta(days=14)) == 2
    assert await store.recent_participants(CHANNEL, START + timedelta(days=1)) == 1, "votes only"
    await store.set_level(CHANNEL, GUILD, 2)
    assert (await store.channel(CHANNEL, GUILD)).ladder_level == 2
    assert await store.vote_ready(CHANNEL, GUILD, ANA) == 1, "a level change starts the count again"


async def test_the_now_cooldown_is_taken_once(store: QuestionStore, clock: OffsetClock) -> None:
    assert await store.claim_now_slot(CHANNEL, GUILD, START - timedelta(minutes=10))
    assert not await store.claim_now_slot(CHANNEL, GUILD, START - timedelta(minutes=10))
    clock.advance(timedelta(minutes=11))
    assert await store.claim_now_slot(CHANNEL, GUILD, clock.now() - timedelta(minutes=10))


async def test_low_warning_is_once_per_cycle(store: QuestionStore) -> None:
    await store.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    assert await store.mark_low_warned(CHANNEL, 1)
    assert not await store.mark_low_warned(CHANNEL, 1)
    assert await store.mark_low_warned(CHANNEL, 2)


async def test_schedules_round_trip(store: QuestionStore) -> None:
    schedule = Schedule(
        CHANNEL, GUILD, time(9), ZoneInfo("Europe/London"), frozenset({0, 2}), 5, None, False, START
    )
    await store.save_schedule(schedule)
    assert await store.schedule(CHANNEL) == schedule
    await store.set_paused(CHANNEL, True, START)
    assert (await store.schedule(CHANNEL)).paused  # type: ignore[union-attr]
    assert [s.channel_id for s in await store.schedules(GUILD)] == [CHANNEL]
    assert await store.delete_schedule(CHANNEL) and await store.schedule(CHANNEL) is None


async def test_export_and_delete_a_member(store: QuestionStore, db: Database) -> None:
    post = await store.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    ana = await store.add_answer(post.id, ANA, "Ana's answer", anonymous=True)
    ben = await store.add_answer(post.id, BEN, "Ben's answer", anonymous=False)
    assert ana is not None and ben is not None
    await store.set_answer_message(ana, 99, 1000)
    await store.validate(ben, ANA)
    await store.vote_ready(CHANNEL, GUILD, ANA)
    await store.add_suggestion(GUILD, ANA, "A pending one?", "fun", 1, True)
    await store.add_custom(GUILD, "Approved one?", "fun", 1, ANA)
    await store.bar_anonymous(GUILD, ANA)

    exported = await store.export_member(ANA)
    assert [a["answer"] for a in exported["answers"]] == ["Ana's answer"]
    assert exported["answers"][0]["anonymous"] is True
    assert exported["answers_you_said_make_sense"] == 1
    assert [s["text"] for s in exported["pending_suggestions"]] == ["A pending one?"]
    assert [s["text"] for s in exported["approved_suggestions"]] == ["Approved one?"]
    assert "Ben's answer" not in repr(exported)

    async with db.transaction():
        posts = await store.delete_member(ANA)
    assert posts == [PostRef(99, 1000)]
    for table in ("question_answers", "question_validations", "question_ladder_votes",
                  "question_suggestions", "question_anonymous_bars"):  # fmt: skip
        assert await db.fetch_all(f"SELECT * FROM {table} WHERE user_id = ?", (ANA,)) == []  # noqa: S608
    assert await db.fetch_all("SELECT * FROM question_custom WHERE suggested_by = ?", (ANA,)) == []
    assert [q.text for q in await store.custom_questions(GUILD)] == ["Approved one?"]
    assert (await store.answer_of(post.id, BEN)) is not None


async def test_delete_a_guild_removes_only_that_guild(store: QuestionStore, db: Database) -> None:
    for guild, channel in ((GUILD, CHANNEL), (OTHER_GUILD, OTHER_CHANNEL)):
        post = await store.create_post(channel, guild, pick(), occurrence_key=None)
        answer_id = await store.add_answer(post.id, ANA, "x", anonymous=False)
        assert answer_id is not None
        await store.validate(answer_id, BEN)
        await store.vote_ready(channel, guild, BEN)
        await store.add_custom(guild, "Own?", "fun", 1, None)
    async with db.transaction():
        await store.delete_guild(GUILD)
    for table in store.data_tables:
        rows = await db.fetch_all(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
        assert all(GUILD not in tuple(r) and CHANNEL not in tuple(r) for r in rows), table
    assert len(await db.fetch_all("SELECT * FROM question_validations")) == 1
    assert len(await db.fetch_all("SELECT * FROM question_ladder_votes")) == 1
