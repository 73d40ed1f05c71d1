"""Encryption at rest: sealing, key files, the start-up canary and key rotation.

Real Fernet and real SQLite files throughout: a mocked cipher could not show that a wrong
key is refused or that a rotated database opens with the new key alone.
"""

from __future__ import annotations

import logging
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.app.settings import Settings, is_fernet_key, load_settings
from bot.storage.database import Database
from bot.storage.vault import (
    SEALED_SUFFIX,
    SecretKeyError,
    Vault,
    check_vault,
    load_vault,
    open_vault,
    read_vault,
    rekey,
    verify_vault,
)
from tests.support.schema import open_migrated

OLD = Vault.generate_key()
NEW = Vault.generate_key()


def settings_for(tmp_path: Path, **env: str) -> Settings:
    env.setdefault("DATABASE_PATH", str(tmp_path / "store" / "kindred.db"))
    return load_settings(env, env_file=tmp_path / "absent.env")


def assert_no_key_material(text: str, *keys: str) -> None:
    for key in keys:
        assert key not in text
        assert key.rstrip("=")[:20] not in text  # not even a recognisable part of one


# -- sealing --------------------------------------------------------------------------------


def test_sealed_text_unseals_to_the_same_text() -> None:
    vault = Vault([NEW])
    text = "tired, but glad we talked 💛 — ça va"
    token = vault.seal(text)
    assert text not in token
    assert vault.unseal(token) == text
    assert vault.seal_optional(None) is None and vault.unseal_optional(None) is None


def test_the_same_text_seals_differently_each_time() -> None:
    vault = Vault([NEW])
    first, second = vault.seal("same"), vault.seal("same")
    assert first != second
    assert vault.unseal(first) == vault.unseal(second) == "same"


def test_a_wrong_key_is_refused_without_showing_any_key() -> None:
    token = Vault([OLD]).seal("my secret worry")
    with pytest.raises(SecretKeyError) as caught:
        Vault([NEW]).unseal(token)
    message = str(caught.value)
    assert "\n" not in message
    assert_no_key_material(message, OLD, NEW)
    assert "my secret worry" not in message and token not in message


def test_new_keys_first_still_open_data_sealed_with_an_old_key() -> None:
    token = Vault([OLD]).seal("before the rotation")
    both = Vault([NEW, OLD])
    assert both.unseal(token) == "before the rotation"
    rotated = both.rotate(token)
    assert Vault([NEW]).unseal(rotated) == "before the rotation"
    with pytest.raises(SecretKeyError):
        Vault([OLD]).unseal(both.seal("after"))  # the first key seals


# -- rotation of a whole database --------------------------------------------------------------


async def seed_tables(db: Database, vault: Vault) -> dict[tuple[str, str], list[str | None]]:
    """Tables as different features might make them; returns the plain text per column."""
    async with db.transaction() as conn:
        await conn.execute(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, body_sealed TEXT)"
        )
        await conn.execute(
            "CREATE TABLE cards (user_id INTEGER, guild_id INTEGER, text_sealed TEXT NOT NULL,"
            " wish_sealed TEXT, PRIMARY KEY (user_id, guild_id)) WITHOUT ROWID"
        )
        await conn.execute('CREATE TABLE "odd ""name""" ("x_sealed" TEXT, "sealed_not" TEXT)')
    plain: dict[tuple[str, str], list[str | None]] = {
        ("notes", "body_sealed"): ["a note", None, "another note"],
        ("cards", "text_sealed"): ["glad to talk about films", "please not work"],
        ("cards", "wish_sealed"): [None, "company"],
        ('odd "name"', "x_sealed"): ["odd but private"],
    }
    async with db.transaction() as conn:
        for i, body in enumerate(plain["notes", "body_sealed"]):
            await conn.execute(
                "INSERT INTO notes (id, title, body_sealed) VALUES (?, ?, ?)",
                (i, f"title {i}", vault.seal_optional(body)),
            )
        for i, (text, wish) in enumerate(
            zip(plain["cards", "text_sealed"], plain["cards", "wish_sealed"], strict=True)
        ):
            await conn.execute(
                "INSERT INTO cards VALUES (?, 1, ?, ?)",
                (i, vault.seal_optional(text), vault.seal_optional(wish)),
            )
        await conn.execute(
            'INSERT INTO "odd ""name""" VALUES (?, ?)',
            (vault.seal("odd but private"), "plain, not sealed"),
        )
    return plain


ORDER_BY = {"notes": "id", "cards": "user_id", 'odd "name"': "rowid"}


async def read_column(db: Database, table: str, column: str) -> list[str | None]:
    quoted_table = '"' + table.replace('"', '""') + '"'
    rows = await db.fetch_all(
        f'SELECT "{column}" FROM {quoted_table} ORDER BY {ORDER_BY[table]}'  # noqa: S608
    )
    return [row[0] for row in rows]


async def test_rekey_reseals_every_sealed_column_so_the_new_key_alone_opens_them(
    db: Database,
) -> None:
    plain = await seed_tables(db, Vault([OLD]))
    before = {place: await read_column(db, *place) for place in plain}

    count = await rekey(db, Vault([NEW, OLD]))

    assert count == sum(value is not None for values in plain.values() for value in values)
    new_only = Vault([NEW])
    for (table, column), texts in plain.items():
        assert column.endswith(SEALED_SUFFIX)
        tokens = await read_column(db, table, column)
        assert [new_only.unseal_optional(t) for t in tokens] == texts
        assert all(
            t is None or t != old for t, old in zip(tokens, before[table, column], strict=True)
        )
    # Columns that are not sealed are left exactly as they were.
    assert await read_column(db, "notes", "title") == ["title 0", "title 1", "title 2"]
    assert await read_column(db, 'odd "name"', "sealed_not") == ["plain, not sealed"]


async def test_rekey_changes_nothing_when_a_value_opens_with_no_key(db: Database) -> None:
    plain = await seed_tables(db, Vault([OLD]))
    stranger = Vault([Vault.generate_key()]).seal("sealed with a key nobody has")
    await db.execute("INSERT INTO notes (id, title, body_sealed) VALUES (9, 't', ?)", (stranger,))
    before = {place: await read_column(db, *place) for place in plain}

    with pytest.raises(SecretKeyError, match=r"notes\.body_sealed") as caught:
        await rekey(db, Vault([NEW, OLD]))

    assert "nothing was changed" in str(caught.value)
    assert_no_key_material(str(caught.value), OLD, NEW)
    assert {place: await read_column(db, *place) for place in plain} == before
    # The transaction was rolled back, not left open: once the stray value is gone, it works.
    await db.execute("DELETE FROM notes WHERE id = 9")
    assert await rekey(db, Vault([NEW, OLD])) == 6


async def test_rekey_refuses_a_sealed_column_holding_something_other_than_text(
    db: Database,
) -> None:
    await db.execute("CREATE TABLE stray (n_sealed)")
    await db.execute("INSERT INTO stray VALUES (42)")
    with pytest.raises(SecretKeyError, match=r"not text \(in stray\.n_sealed\); nothing"):
        await rekey(db, Vault([NEW]))


async def test_rekey_covers_the_canary_so_the_new_key_alone_passes_start_up(
    db: Database,
) -> None:
    await verify_vault(db, Vault([OLD]))
    assert await rekey(db, Vault([NEW, OLD])) == 2  # the canary and the pseudonym key
    await verify_vault(db, Vault([NEW]))
    with pytest.raises(SecretKeyError):
        await verify_vault(db, Vault([OLD]))


# -- pseudonyms -----------------------------------------------------------------------------


async def test_a_pseudonym_is_stable_per_member_and_survives_a_key_rotation(
    db: Database,
) -> None:
    first = await verify_vault(db, Vault([OLD]))
    alice, bob = first.pseudonym(1001), first.pseudonym(1002)
    assert alice != bob and "1001" not in alice
    assert (await verify_vault(db, Vault([OLD]))).pseudonym(1001) == alice  # a restart

    await rekey(db, Vault([NEW, OLD]))
    rotated = await verify_vault(db, Vault([NEW]))
    assert rotated.pseudonym(1001) == alice
    sealed = await db.fetch_value("SELECT key_sealed FROM vault_pseudonym_key")
    assert Vault([NEW]).unseal(str(sealed))  # re-sealed with the new key like any other


async def test_pseudonyms_differ_between_databases(tmp_path: Path) -> None:
    one = await open_migrated(tmp_path / "one.db")
    two = await open_migrated(tmp_path / "two.db")
    try:
        first = await verify_vault(one, Vault([NEW]))
        second = await verify_vault(two, Vault([NEW]))
        assert first.pseudonym(1001) != second.pseudonym(1001)
    finally:
        await one.close()
        await two.close()


def test_a_vault_without_its_pseudonym_key_refuses_to_name_anyone() -> None:
    with pytest.raises(RuntimeError, match="open_vault"):
        Vault([NEW]).pseudonym(1001)


# -- the key file ---------------------------------------------------------------------------


def test_the_key_file_is_generated_private_and_reused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(tmp_path)
    assert settings.key_path == tmp_path / "store" / "kindred.key"
    assert read_vault(settings) is None

    with caplog.at_level(logging.WARNING, logger="bot.storage.vault"):
        first = load_vault(settings)

    key = settings.key_path.read_text(encoding="ascii").strip()
    assert is_fernet_key(key)
    assert stat.S_IMODE(settings.key_path.stat().st_mode) == 0o600
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert str(settings.key_path) in warnings[0].getMessage()
    assert "back it up" in warnings[0].getMessage()
    assert_no_key_material(caplog.text, key)

    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="bot.storage.vault"):
        second = load_vault(settings)
    assert caplog.records == []
    assert second.unseal(first.seal("still readable")) == "still readable"
    assert settings.key_path.read_text(encoding="ascii").strip() == key


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    load_vault(settings)
    settings.key_path.chmod(0o644)
    with pytest.raises(SecretKeyError) as caught:
        load_vault(settings)
    assert f"chmod 600 {settings.key_path}" in str(caught.value)
    assert_no_key_material(str(caught.value), settings.key_path.read_text(encoding="ascii"))


def test_a_malformed_key_file_is_refused_by_name(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    settings.key_path.parent.mkdir(parents=True)
    settings.key_path.write_text(NEW[:30] + "\n", encoding="ascii")
    settings.key_path.chmod(0o600)
    with pytest.raises(SecretKeyError) as caught:
        load_vault(settings)
    assert str(settings.key_path) in str(caught.value)
    assert NEW[:30] not in str(caught.value)
    assert settings.key_path.read_text(encoding="ascii") == NEW[:30] + "\n", "left as it was"


def test_the_configured_keys_win_over_the_key_file(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, KINDRED_SECRET_KEY=f"{NEW},{OLD}")
    vault = load_vault(settings)
    assert not settings.key_path.exists()
    assert Vault([NEW]).unseal(vault.seal("x")) == "x"
    assert vault.unseal(Vault([OLD]).seal("y")) == "y"


# -- the canary -----------------------------------------------------------------------------


async def test_verify_vault_accepts_the_key_it_first_saw(db: Database) -> None:
    await verify_vault(db, Vault([NEW]))
    await verify_vault(db, Vault([NEW]))
    await verify_vault(db, Vault([Vault.generate_key(), NEW]))  # mid-rotation
    rows = await db.fetch_all("SELECT token_sealed FROM vault_canary")
    assert len(rows) == 1


async def test_verify_vault_refuses_another_key_in_one_line(db: Database, db_path: Path) -> None:
    await verify_vault(db, Vault([OLD]))
    with pytest.raises(SecretKeyError) as caught:
        await verify_vault(db, Vault([NEW]))
    message = str(caught.value)
    assert "does not match the data in" in message and str(db_path) in message
    assert "\n" not in message
    assert_no_key_material(message, OLD, NEW)


async def test_a_lost_key_file_is_reported_instead_of_replaced(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    db = await open_migrated(settings.database_path)
    try:
        await open_vault(settings, db)
        settings.key_path.unlink()
        with pytest.raises(SecretKeyError, match="restore the key file from your backup"):
            await open_vault(settings, db)
        assert not settings.key_path.exists(), "no useless new key beside sealed data"
    finally:
        await db.close()


async def test_check_vault_reads_only(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    db = await open_migrated(settings.database_path)
    try:
        assert await check_vault(settings, db) == f"will be generated at {settings.key_path}"
        assert not settings.key_path.exists()
        assert await db.fetch_one("SELECT 1 FROM vault_canary") is None

        await open_vault(settings, db)
        assert await check_vault(settings, db) == "matches the database"

        other = settings_for(tmp_path, KINDRED_SECRET_KEY=NEW)
        with pytest.raises(SecretKeyError, match="does not match"):
            await check_vault(other, db)
    finally:
        await db.close()


async def test_a_database_without_the_canary_table_is_checked_without_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 1")
    settings = settings_for(tmp_path, DATABASE_PATH=str(path), KINDRED_SECRET_KEY=NEW)
    db = await Database.open(path)
    try:
        assert await check_vault(settings, db) == "ok (nothing is sealed yet)"
    finally:
        await db.close()
