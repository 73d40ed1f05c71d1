"""A database from before pseudonyms: after the upgrade and the cog's first load, its
anonymous answers and bars name nobody, yet their authors still find them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.timing.clock import OffsetClock
from cogs.questions.repository.answers import AnswerStore
from tests.bot.storage.test_released_schemas import T, build_released
from tests.cogs.questions.repository.stores import START
from tests.support.keys import make_test_vault
from tests.support.schema import open_migrated

HIDDEN, NAMED, GUILD = 765_432_109_876_543_210, 1002, 501


async def test_legacy_anonymous_answers_and_bars_are_adopted_by_pseudonym(
    tmp_path: Path,
) -> None:
    path, vault = tmp_path / "old.db", make_test_vault()
    build_released(path, 5)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM question_answers")
        conn.executemany(
            "INSERT INTO question_answers (id, post_id, user_id, anonymous, text_sealed, "
            "created_at) VALUES (?, 1, ?, ?, ?, ?)",
            [
                (1, HIDDEN, 1, vault.seal("Legacy, anonymous."), T),
                (2, NAMED, 0, vault.seal("Legacy, named."), T),
            ],
        )
        conn.execute("INSERT INTO question_anonymous_bars VALUES (?, ?, ?)", (GUILD, HIDDEN, T))
    conn.close()

    db = await open_migrated(path)
    try:
        store = AnswerStore(db, vault, OffsetClock(START))
        assert await store.adopt_legacy_authors() == 4  # two answers, two bars
        assert await store.adopt_legacy_authors() == 0
        for table in ("question_answers", "question_anonymous_bars"):
            rows = await db.fetch_all(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            assert rows and all(str(HIDDEN) not in repr(tuple(r)) for r in rows), table
        hidden = await store.answer_of(1, HIDDEN)
        assert hidden is not None and hidden.text == "Legacy, anonymous." and hidden.user_id is None
        named = await store.answer_of(1, NAMED)
        assert named is not None and named.user_id == NAMED
        assert await store.is_barred(GUILD, HIDDEN) and await store.is_barred(GUILD, 1003)
        assert await db.fetch_value("SELECT COUNT(*) FROM question_validations") == 1
    finally:
        await db.close()
