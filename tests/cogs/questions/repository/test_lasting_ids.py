"""Ids a button can carry are never handed out again, even after the newest row goes."""

from __future__ import annotations

from bot.storage.database import Database
from tests.cogs.questions.repository.stores import ANA, BEN, CHANNEL, GUILD, Stores, pick


async def test_a_deleted_post_answer_question_or_suggestion_id_is_never_reused(
    stores: Stores, db: Database
) -> None:
    channels, answers, own = stores.channels, stores.answers, stores.own_questions
    post = await channels.create_post(CHANNEL, GUILD, pick(), occurrence_key=None)
    answer = await answers.add(post.id, ANA, "first", anonymous=True)
    custom = await own.add_custom(GUILD, "Our own question?", "fun", 1, None)
    suggestion = await own.add_suggestion(GUILD, ANA, "A suggestion here?", "fun", 1, False)
    assert answer is not None and suggestion is not None
    async with db.transaction():  # a server purge takes all of them
        await stores.data_owner.delete_guild(GUILD)

    again = await channels.create_post(CHANNEL, GUILD, pick("bank:fun-002"), occurrence_key=None)
    new_answer = await answers.add(again.id, BEN, "second", anonymous=False)
    new_custom = await own.add_custom(GUILD, "Another own question?", "fun", 1, None)
    new_suggestion = await own.add_suggestion(GUILD, BEN, "Another suggestion?", "fun", 1, False)
    assert again.id > post.id
    assert new_answer is not None and new_answer > answer
    assert new_custom > custom
    assert new_suggestion is not None and new_suggestion > suggestion
