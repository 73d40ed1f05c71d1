"""Answers and "that makes sense" against a real SQLite file."""

from __future__ import annotations

from bot.storage.database import Database
from tests.cogs.questions.repository.stores import ANA, BEN, CHANNEL, GUILD, Stores, pick


async def test_one_answer_per_member_per_post_sealed_and_editable(
    stores: Stores, db: Database
) -> None:
    store = stores.answers
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer_id = await store.add(post.id, ANA, "Morning walks", anonymous=True)
    assert answer_id is not None
    assert await store.add(post.id, ANA, "Twice?", anonymous=False) is None
    await store.edit(answer_id, "Evening walks")
    mine = await store.answer_of(post.id, ANA)
    assert mine is not None and mine.text == "Evening walks" and mine.anonymous
    raw = await db.fetch_one("SELECT text_sealed FROM question_answers")
    assert raw is not None and "walks" not in raw[0]


async def test_validations_count_distinct_members(stores: Stores) -> None:
    store = stores.answers
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer_id = await store.add(post.id, ANA, "x", anonymous=False)
    assert answer_id is not None
    assert await store.validate(answer_id, BEN) == (True, 1)
    assert await store.validate(answer_id, BEN) == (False, 1)
    assert await store.validate(answer_id, 3) == (True, 2)
