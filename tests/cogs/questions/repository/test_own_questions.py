"""A server's own questions and the suggestions queue against a real SQLite file."""

from __future__ import annotations

import asyncio

from bot.storage.database import Database
from tests.cogs.questions.repository.stores import ANA, BEN, GUILD, OTHER_GUILD, Stores


async def test_a_removed_question_is_kept_but_never_offered_again(stores: Stores) -> None:
    store = stores.own_questions
    first = await store.add_custom(GUILD, "Our first one?", "fun", 1, None)
    await store.add_custom(GUILD, "Our second one?", "values", 2, ANA)
    await store.add_custom(OTHER_GUILD, "Theirs?", "fun", 1, None)
    assert [q.text for q in await store.custom_questions(GUILD)] == [
        "Our first one?",
        "Our second one?",
    ]
    assert await store.remove_custom(GUILD, first)
    assert not await store.remove_custom(GUILD, first), "already removed"
    assert [q.key for q in await store.custom_questions(GUILD)] == [f"custom:{first + 1}"]
    assert not await store.remove_custom(OTHER_GUILD, first + 1), "another server's question"


async def test_suggestions_queue_sealed_per_server_and_are_decided_once(
    stores: Stores, db: Database
) -> None:
    store = stores.own_questions
    mine = await store.add_suggestion(GUILD, ANA, "What made you laugh today?", "fun", 1, True)
    await store.add_suggestion(GUILD, BEN, "What do you value most?", "values", 2, False)
    await store.add_suggestion(OTHER_GUILD, ANA, "Elsewhere?", "fun", 1, False)
    queue = await store.pending_suggestions(GUILD)
    assert [(s.user_id, s.text, s.notify) for s in queue] == [
        (ANA, "What made you laugh today?", True),
        (BEN, "What do you value most?", False),
    ]
    assert [s.id for s in await store.pending_suggestions(GUILD, ANA)] == [mine]
    raw = await db.fetch_all("SELECT text_sealed FROM question_suggestions")
    assert all("laugh" not in r[0] for r in raw)
    assert not await store.take_suggestion(OTHER_GUILD, mine), "another server's queue"
    assert await store.take_suggestion(GUILD, mine)
    assert not await store.take_suggestion(GUILD, mine), "another admin already decided it"


async def test_suggestions_at_once_never_pass_the_cap(stores: Stores) -> None:
    store = stores.own_questions
    added = await asyncio.gather(
        *(
            store.add_suggestion(GUILD, ANA, f"Question {n}?", "fun", 1, False, cap=3)
            for n in range(8)
        )
    )
    assert sorted(a is not None for a in added) == [False] * 5 + [True] * 3
    assert len(await store.pending_suggestions(GUILD, ANA)) == 3
    assert await store.add_suggestion(GUILD, BEN, "Ben's own?", "fun", 1, False, cap=3)


async def test_an_approval_happens_once_and_whole(stores: Stores) -> None:
    store = stores.own_questions
    waiting = await store.add_suggestion(GUILD, ANA, "Suggested?", "fun", 2, True)
    assert waiting is not None
    results = await asyncio.gather(
        store.approve_suggestion(GUILD, waiting, "Suggested, edited?"),
        store.approve_suggestion(GUILD, waiting, "Suggested?"),
    )
    assert sum(r is not None for r in results) == 1
    assert len(await store.custom_questions(GUILD)) == 1
    assert await store.approve_suggestion(OTHER_GUILD, waiting, "Elsewhere?") is None


async def test_removing_a_number_no_row_can_have_matches_nothing(stores: Stores) -> None:
    store = stores.own_questions
    await store.add_custom(GUILD, "Our first one?", "fun", 1, None)
    for number in (0, -1, 2**63, 10**30):
        assert not await store.remove_custom(GUILD, number)
    assert len(await store.custom_questions(GUILD)) == 1
