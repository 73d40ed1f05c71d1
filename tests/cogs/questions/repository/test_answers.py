"""Answers and "that makes sense" against a real SQLite file."""

from __future__ import annotations

import pytest

from bot.storage.database import Database
from cogs.questions.repository.answers import AnswerBarred
from tests.cogs.questions.repository.stores import (
    ANA,
    BEN,
    CHANNEL,
    GUILD,
    OTHER_GUILD,
    Stores,
    pick,
)


async def test_one_answer_per_member_per_post_sealed_and_editable(
    stores: Stores, db: Database
) -> None:
    store = stores.answers
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer_id = await store.add(post.id, ANA, "Morning walks", anonymous=True)
    assert answer_id is not None
    assert await store.add(post.id, ANA, "Twice?", anonymous=False) is None
    assert await store.edit(answer_id, ANA, "Evening walks", anonymous=True)
    mine = await store.answer_of(post.id, ANA)
    assert mine is not None and mine.text == "Evening walks" and mine.anonymous
    raw = await db.fetch_one("SELECT text_sealed FROM question_answers")
    assert raw is not None and "walks" not in raw[0]


async def test_an_edit_changes_only_its_own_answer_in_its_own_mode(stores: Stores) -> None:
    store = stores.answers
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer_id = await store.add(post.id, ANA, "Said anonymously", anonymous=True)
    assert answer_id is not None
    assert not await store.edit(answer_id, ANA, "Now with my name?", anonymous=False)
    assert not await store.edit(answer_id, BEN, "Someone else's words", anonymous=True)
    mine = await store.get(answer_id)
    assert mine is not None and mine.text == "Said anonymously"


async def test_an_anonymous_author_is_stored_only_as_a_pseudonym(
    stores: Stores, db: Database
) -> None:
    store, hidden = stores.answers, 987_654_321_012_345_678  # an id no other column holds
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer_id = await store.add(post.id, hidden, "Hidden", anonymous=True)
    named = await store.add(post.id, BEN, "Open", anonymous=False)
    assert answer_id is not None and named is not None
    mine = await store.answer_of(post.id, hidden)
    assert mine is not None and mine.user_id is None
    assert store.is_author(mine, hidden) and not store.is_author(mine, BEN)
    await store.bar_author(GUILD, mine.author_key)
    for table in ("question_answers", "question_anonymous_bars"):
        for row in await db.fetch_all(f"SELECT * FROM {table}"):  # noqa: S608 - fixed names
            assert str(hidden) not in repr(tuple(row)), table
    assert await store.is_barred(GUILD, hidden) and not await store.is_barred(OTHER_GUILD, hidden)


async def test_a_barred_member_cannot_save_an_anonymous_answer_but_can_a_named_one(
    stores: Stores,
) -> None:
    store = stores.answers
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    assert await store.bar_author(GUILD, store.author_key(ANA))
    assert not await store.bar_author(GUILD, store.author_key(ANA)), "one bar, not two"
    with pytest.raises(AnswerBarred):
        await store.add(post.id, ANA, "Hidden again", anonymous=True)
    assert await store.answer_of(post.id, ANA) is None
    assert await store.add(post.id, ANA, "With my name", anonymous=False) is not None


async def test_validations_count_distinct_members(stores: Stores) -> None:
    store = stores.answers
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer_id = await store.add(post.id, ANA, "x", anonymous=False)
    assert answer_id is not None
    assert await store.validate(answer_id, BEN) == (True, 1)
    assert await store.validate(answer_id, BEN) == (False, 1)
    assert await store.validate(answer_id, 3) == (True, 2)
    assert await store.delete(answer_id)
    assert await store.validate(answer_id, 4) == (False, 0), "a deleted answer takes none"
    assert not await store.delete(answer_id)


async def test_an_unposted_answer_is_forgotten_but_a_posted_one_is_kept(stores: Stores) -> None:
    store = stores.answers
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    unposted = await store.add(post.id, ANA, "x", anonymous=False)
    posted = await store.add(post.id, BEN, "y", anonymous=False)
    assert unposted is not None and posted is not None
    await store.set_message(posted, 99, 1000)
    await store.delete_unposted(unposted)
    await store.delete_unposted(posted)
    assert await store.get(unposted) is None and await store.get(posted) is not None
