"""Export, delete and purge across every data owner, against a real SQLite file."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.privacy.data_rights import SERVER_DATA_GRACE, DataRights, Deletion, PostRef
from bot.storage.database import Database

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
ANA, BEN = 1001, 1002
GUILD, OTHER_GUILD = 501, 502


class Broken(Exception):
    """An owner failing in the middle of a deletion."""


class NotesOwner:
    """A fake feature that keeps notes by member and server, and posts some of them."""

    data_tables: tuple[str, ...] = ("test_notes",)

    def __init__(self, db: Database, name: str = "alpha notes") -> None:
        self.data_name = name
        self._db = db
        self.guilds_deleted: list[int] = []

    async def create(self) -> None:
        await self._db.execute(
            "CREATE TABLE test_notes (user_id INTEGER, guild_id INTEGER, text TEXT, "
            "channel_id INTEGER, message_id INTEGER)"
        )

    async def add(self, user_id: int, guild_id: int, text: str, post: PostRef | None) -> None:
        await self._db.execute(
            "INSERT INTO test_notes VALUES (?, ?, ?, ?, ?)",
            (
                user_id,
                guild_id,
                text,
                post.channel_id if post else None,
                post.message_id if post else None,
            ),
        )

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT text FROM test_notes WHERE user_id = ? ORDER BY rowid", (user_id,)
        )
        return {"notes": [row["text"] for row in rows]}

    async def delete_member(self, user_id: int) -> list[PostRef]:
        rows = await self._db.fetch_all(
            "SELECT channel_id, message_id FROM test_notes "
            "WHERE user_id = ? AND message_id IS NOT NULL",
            (user_id,),
        )
        posts = [PostRef(int(r[0]), int(r[1])) for r in rows]
        await self._db.execute("DELETE FROM test_notes WHERE user_id = ?", (user_id,))
        return posts

    async def delete_guild(self, guild_id: int) -> None:
        self.guilds_deleted.append(guild_id)
        await self._db.execute("DELETE FROM test_notes WHERE guild_id = ?", (guild_id,))


class ScoresOwner:
    """A second fake feature; it can be told to fail halfway through a deletion."""

    data_tables: tuple[str, ...] = ("test_scores",)

    def __init__(self, db: Database, name: str = "beta scores", *, fails: bool = False) -> None:
        self.data_name = name
        self._db = db
        self._fails = fails
        self.guilds_deleted: list[int] = []

    async def create(self) -> None:
        await self._db.execute(
            "CREATE TABLE test_scores (user_id INTEGER, guild_id INTEGER, score INTEGER)"
        )

    async def add(self, user_id: int, guild_id: int, score: int) -> None:
        await self._db.execute(
            "INSERT INTO test_scores VALUES (?, ?, ?)", (user_id, guild_id, score)
        )

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT score FROM test_scores WHERE user_id = ? ORDER BY rowid", (user_id,)
        )
        return {"scores": [row["score"] for row in rows]}

    async def delete_member(self, user_id: int) -> list[PostRef]:
        await self._db.execute("DELETE FROM test_scores WHERE user_id = ?", (user_id,))
        if self._fails:
            raise Broken
        return []

    async def delete_guild(self, guild_id: int) -> None:
        self.guilds_deleted.append(guild_id)
        await self._db.execute("DELETE FROM test_scores WHERE guild_id = ?", (guild_id,))


async def count(db: Database, sql: str, *params: object) -> int:
    row = await db.fetch_one(sql, params)
    assert row is not None
    return int(row[0])


async def owners(db: Database, *, scores_fail: bool = False) -> tuple[NotesOwner, ScoresOwner]:
    notes, scores = NotesOwner(db), ScoresOwner(db, fails=scores_fail)
    await notes.create()
    await scores.create()
    return notes, scores


async def presence(db: Database) -> list[tuple[int, str | None]]:
    rows = await db.fetch_all("SELECT guild_id, left_at FROM guild_presence ORDER BY guild_id")
    return [(int(r["guild_id"]), r["left_at"]) for r in rows]


# -- the registry -----------------------------------------------------------------------


async def test_two_owners_cannot_share_a_name(db: Database) -> None:
    rights = DataRights(db)
    rights.register(NotesOwner(db, "notes"))
    with pytest.raises(ValueError, match="'notes'"):
        rights.register(ScoresOwner(db, "notes"))


async def test_registering_the_same_owner_twice_is_harmless(db: Database) -> None:
    rights, notes = DataRights(db), NotesOwner(db)
    rights.register(notes)
    rights.register(notes)
    assert rights.owners == [notes]


async def test_claimed_tables_name_their_owner(db: Database) -> None:
    rights = DataRights(db)
    rights.register(NotesOwner(db))
    rights.register(ScoresOwner(db))
    assert rights.claimed_tables() == {
        "guild_presence": "data rights",
        "post_deletions": "data rights",
        "test_notes": "alpha notes",
        "test_scores": "beta scores",
    }


async def test_an_unregistered_owner_claims_nothing(db: Database) -> None:
    rights, notes = DataRights(db), NotesOwner(db)
    rights.register(notes)
    rights.unregister(notes)
    assert "test_notes" not in rights.claimed_tables()


# -- export -----------------------------------------------------------------------------


async def test_export_gathers_every_owner_under_its_name(db: Database) -> None:
    notes, scores = await owners(db)
    await notes.add(ANA, GUILD, "Thanks for the soup.", None)
    await notes.add(BEN, GUILD, "Ben's own note.", None)
    await scores.add(ANA, GUILD, 7)
    rights = DataRights(db)
    rights.register(scores)
    rights.register(notes)
    assert await rights.export(ANA, NOW) == {
        "about": "Everything Kindred holds about you, by feature.",
        "user_id": str(ANA),
        "exported_at": "2026-01-15T12:00:00+00:00",
        "data": {
            "alpha notes": {"notes": ["Thanks for the soup."]},
            "beta scores": {"scores": [7]},
        },
    }


# -- delete -----------------------------------------------------------------------------


async def test_delete_removes_the_member_from_every_owner(db: Database) -> None:
    notes, scores = await owners(db)
    await notes.add(ANA, GUILD, "Ana's note.", None)
    await scores.add(ANA, GUILD, 7)
    await notes.add(BEN, GUILD, "Ben's note.", None)
    await scores.add(BEN, GUILD, 3)
    rights = DataRights(db)
    rights.register(notes)
    rights.register(scores)
    assert await rights.delete(ANA, NOW) == Deletion(("alpha notes", "beta scores"), 0)
    assert await count(db, "SELECT COUNT(*) FROM test_notes WHERE user_id = ?", ANA) == 0
    assert await count(db, "SELECT COUNT(*) FROM test_scores WHERE user_id = ?", ANA) == 0
    assert await notes.export_member(BEN) == {"notes": ["Ben's note."]}
    assert await scores.export_member(BEN) == {"scores": [3]}
    assert await rights.pending_post_deletions() == []


async def test_delete_is_all_or_nothing_when_an_owner_fails(db: Database) -> None:
    notes, scores = await owners(db, scores_fail=True)
    await notes.add(ANA, GUILD, "Ana's note.", PostRef(70, 7001))
    await scores.add(ANA, GUILD, 7)
    rights = DataRights(db)
    rights.register(notes)  # "alpha notes" runs first and succeeds…
    rights.register(scores)  # …then "beta scores" deletes its rows and raises
    with pytest.raises(Broken):
        await rights.delete(ANA, NOW)
    assert await notes.export_member(ANA) == {"notes": ["Ana's note."]}
    assert await scores.export_member(ANA) == {"scores": [7]}
    assert await count(db, "SELECT COUNT(*) FROM post_deletions") == 0


async def test_delete_queues_the_members_posts_for_deletion(db: Database) -> None:
    notes, _ = await owners(db)
    await notes.add(ANA, GUILD, "First.", PostRef(70, 7001))
    await notes.add(ANA, GUILD, "Second.", PostRef(71, 7101))
    await notes.add(ANA, GUILD, "Never posted.", None)
    await notes.add(BEN, GUILD, "Ben's.", PostRef(70, 7002))
    rights = DataRights(db)
    rights.register(notes)
    deletion = await rights.delete(ANA, NOW)
    assert deletion == Deletion(("alpha notes",), 2)
    rows = await db.fetch_all(
        "SELECT channel_id, message_id, requested_at, attempts FROM post_deletions ORDER BY 1"
    )
    assert [tuple(r) for r in rows] == [
        (70, 7001, "2026-01-15T12:00:00+00:00", 0),
        (71, 7101, "2026-01-15T12:00:00+00:00", 0),
    ]
    assert await rights.pending_post_deletions() == [PostRef(70, 7001), PostRef(71, 7101)]


async def test_a_deleted_post_leaves_the_queue(db: Database) -> None:
    notes, _ = await owners(db)
    await notes.add(ANA, GUILD, "First.", PostRef(70, 7001))
    await notes.add(ANA, GUILD, "Second.", PostRef(71, 7101))
    rights = DataRights(db)
    rights.register(notes)
    await rights.delete(ANA, NOW)
    await rights.post_deleted(PostRef(70, 7001))
    assert await rights.pending_post_deletions() == [PostRef(71, 7101)]


async def test_a_post_that_cannot_be_deleted_is_given_up_after_five_failures(
    db: Database,
) -> None:
    notes, _ = await owners(db)
    await notes.add(ANA, GUILD, "Stuck.", PostRef(70, 7001))
    await notes.add(ANA, GUILD, "Fine.", PostRef(71, 7101))
    rights = DataRights(db)
    rights.register(notes)
    await rights.delete(ANA, NOW)
    stuck = PostRef(70, 7001)
    for _ in range(4):
        await rights.post_deletion_failed(stuck)
    assert await rights.pending_post_deletions() == [stuck, PostRef(71, 7101)]
    assert await count(db, "SELECT attempts FROM post_deletions WHERE message_id = 7001") == 4
    await rights.post_deletion_failed(stuck)
    assert await rights.pending_post_deletions() == [PostRef(71, 7101)]


# -- servers ----------------------------------------------------------------------------


async def registry_with_server_data(db: Database) -> tuple[DataRights, NotesOwner, ScoresOwner]:
    notes, scores = await owners(db)
    await notes.add(ANA, GUILD, "In the server that leaves.", None)
    await notes.add(ANA, OTHER_GUILD, "In the server that stays.", None)
    await scores.add(ANA, GUILD, 7)
    await scores.add(ANA, OTHER_GUILD, 3)
    rights = DataRights(db)
    rights.register(notes)
    rights.register(scores)
    return rights, notes, scores


async def test_a_server_left_less_than_30_days_ago_keeps_its_data(db: Database) -> None:
    rights, notes, scores = await registry_with_server_data(db)
    await rights.guild_joined(GUILD, NOW - timedelta(days=90))
    await rights.guild_left(GUILD, NOW)
    assert await rights.purge_departed(NOW + SERVER_DATA_GRACE - timedelta(minutes=1)) == []
    assert notes.guilds_deleted == scores.guilds_deleted == []
    assert await count(db, "SELECT COUNT(*) FROM test_notes WHERE guild_id = ?", GUILD) == 1
    assert await presence(db) == [(GUILD, "2026-01-15T12:00:00+00:00")]


async def test_a_server_left_more_than_30_days_ago_is_purged(db: Database) -> None:
    rights, notes, scores = await registry_with_server_data(db)
    await rights.guild_joined(GUILD, NOW - timedelta(days=90))
    await rights.guild_joined(OTHER_GUILD, NOW - timedelta(days=90))
    await rights.guild_left(GUILD, NOW)
    assert await rights.purge_departed(NOW + timedelta(days=30, minutes=1)) == [GUILD]
    assert notes.guilds_deleted == scores.guilds_deleted == [GUILD]
    assert await notes.export_member(ANA) == {"notes": ["In the server that stays."]}
    assert await scores.export_member(ANA) == {"scores": [3]}
    assert await presence(db) == [(OTHER_GUILD, None)]


async def test_leaving_twice_keeps_the_first_departure(db: Database) -> None:
    rights, _, _ = await registry_with_server_data(db)
    await rights.guild_left(GUILD, NOW)
    await rights.guild_left(GUILD, NOW + timedelta(days=20))
    assert await presence(db) == [(GUILD, "2026-01-15T12:00:00+00:00")]
    assert await rights.purge_departed(NOW + timedelta(days=31)) == [GUILD]


async def test_coming_back_within_30_days_cancels_the_purge(db: Database) -> None:
    rights, notes, _ = await registry_with_server_data(db)
    await rights.guild_joined(GUILD, NOW - timedelta(days=90))
    await rights.guild_left(GUILD, NOW)
    await rights.guild_joined(GUILD, NOW + timedelta(days=10))
    assert await rights.purge_departed(NOW + timedelta(days=45)) == []
    assert notes.guilds_deleted == []
    assert await presence(db) == [(GUILD, None)]
    assert await count(db, "SELECT COUNT(*) FROM test_notes WHERE guild_id = ?", GUILD) == 1


async def test_reconcile_marks_missing_servers_as_left(db: Database) -> None:
    rights = DataRights(db)
    await rights.guild_joined(GUILD, NOW - timedelta(days=5))
    await rights.guild_joined(OTHER_GUILD, NOW - timedelta(days=5))
    await rights.reconcile_guilds({OTHER_GUILD, 503}, NOW)
    assert await presence(db) == [
        (GUILD, "2026-01-15T12:00:00+00:00"),
        (OTHER_GUILD, None),
        (503, None),
    ]


async def test_reconcile_keeps_the_first_departure_of_a_server_already_gone(
    db: Database,
) -> None:
    rights = DataRights(db)
    await rights.guild_left(GUILD, NOW - timedelta(days=20))
    await rights.reconcile_guilds(set(), NOW)
    assert await presence(db) == [(GUILD, "2025-12-26T12:00:00+00:00")]
