"""Daily questions' export and deletion for /mydata against a real SQLite file."""

from __future__ import annotations

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database
from tests.cogs.questions.repository.stores import (
    ANA,
    BEN,
    CHANNEL,
    GUILD,
    OTHER_CHANNEL,
    OTHER_GUILD,
    Stores,
    pick,
)


async def test_export_and_delete_a_member(stores: Stores, db: Database) -> None:
    answers, own = stores.answers, stores.own_questions
    post = await stores.channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    ana = await answers.add(post.id, ANA, "Ana's answer", anonymous=True)
    ben = await answers.add(post.id, BEN, "Ben's answer", anonymous=False)
    assert ana is not None and ben is not None
    await answers.set_message(ana, 99, 1000)
    await answers.validate(ben, ANA)
    await stores.channels.vote_ready(CHANNEL, GUILD, ANA)
    await own.add_suggestion(GUILD, ANA, "A pending one?", "fun", 1, True)
    await own.add_custom(GUILD, "Approved one?", "fun", 1, ANA)
    assert await answers.bar_author(GUILD, answers.author_key(ANA))

    exported = await stores.data_owner.export_member(ANA)
    assert [a["answer"] for a in exported["answers"]] == ["Ana's answer"]
    assert exported["answers"][0]["anonymous"] is True
    assert exported["answers_you_said_make_sense"] == 1
    assert exported["barred_from_anonymous_answers_in"] == [str(GUILD)]
    assert [s["text"] for s in exported["pending_suggestions"]] == ["A pending one?"]
    assert [s["text"] for s in exported["approved_suggestions"]] == ["Approved one?"]
    assert "Ben's answer" not in repr(exported)

    async with db.transaction():
        posts = await stores.data_owner.delete_member(ANA)
    assert posts == [PostRef(99, 1000)]
    for table in ("question_validations", "question_ladder_votes", "question_suggestions"):
        assert await db.fetch_all(f"SELECT * FROM {table} WHERE user_id = ?", (ANA,)) == []  # noqa: S608
    assert await answers.answer_of(post.id, ANA) is None
    assert await answers.is_barred(GUILD, ANA), "a bar protects others: it outlives the data"
    assert await db.fetch_all("SELECT * FROM question_custom WHERE suggested_by = ?", (ANA,)) == []
    assert [q.text for q in await own.custom_questions(GUILD)] == ["Approved one?"]
    assert (await answers.answer_of(post.id, BEN)) is not None


async def test_delete_a_guild_removes_only_that_guild(stores: Stores, db: Database) -> None:
    for guild, channel in ((GUILD, CHANNEL), (OTHER_GUILD, OTHER_CHANNEL)):
        post = await stores.channels.create_post(channel, guild, pick(), occurrence_key=None)
        answer_id = await stores.answers.add(post.id, ANA, "x", anonymous=False)
        assert answer_id is not None
        await stores.answers.validate(answer_id, BEN)
        await stores.channels.vote_ready(channel, guild, BEN)
        await stores.own_questions.add_custom(guild, "Own?", "fun", 1, None)
    async with db.transaction():
        await stores.data_owner.delete_guild(GUILD)
    for table in stores.data_owner.data_tables:
        rows = await db.fetch_all(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
        assert all(GUILD not in tuple(r) and CHANNEL not in tuple(r) for r in rows), table
    assert len(await db.fetch_all("SELECT * FROM question_validations")) == 1
    assert len(await db.fetch_all("SELECT * FROM question_ladder_votes")) == 1
