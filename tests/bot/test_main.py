"""The program's front door: one clear line and a non-zero exit for every expected failure."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, cast

import discord
import pytest

from bot.app.client import discover_extensions
from bot.app.content import ContentError, content_root
from bot.app.settings import Settings, is_fernet_key, load_settings
from bot.storage.database import Database
from bot.storage.vault import Vault, verify_vault
from tests.support.schema import kindred_schema, open_migrated

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345"  # noqa: S105 - made up


def kindred(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DISCORD_TOKEN",
            "DATABASE_PATH",
            "DISCORD_API_BASE",
            "DISCORD_GATEWAY_URL",
            "DEV_GUILD_ID",
            "LOG_LEVEL",
            "KINDRED_SECRET_KEY",
        }
    }
    clean["PYTHONPATH"] = str(ROOT)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_no_token_prints_one_clear_line_and_exits_non_zero(tmp_path: Path) -> None:
    result = kindred(cwd=tmp_path, DATABASE_PATH=str(tmp_path / "k.db"))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "kindred: DISCORD_TOKEN is not set: put your bot token in .env (see .env.example)."
    ]
    assert "Traceback" not in result.stderr + result.stdout


def test_a_malformed_setting_is_one_line_too(tmp_path: Path) -> None:
    result = kindred(cwd=tmp_path, LOG_LEVEL="chatty")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "LOG_LEVEL must be one of" in result.stderr


def test_an_unwritable_database_path_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The suite may run as root, who can write anywhere, so the permission answer is faked.
    from bot import __main__ as entry

    monkeypatch.setattr(entry.os, "access", lambda path, mode: False)
    monkeypatch.setattr(entry, "setup_logging", lambda settings: None)  # keep pytest's handlers
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "k.db"))
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.chdir(tmp_path)
    assert entry.main([]) == entry.EXIT_FAILED
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"kindred: DATABASE_PATH {tmp_path / 'k.db'} is not writable by this user"
    ]
    assert not (tmp_path / "k.db").exists()


def test_a_database_path_under_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = kindred(
        cwd=tmp_path,
        DATABASE_PATH=str(tmp_path / "file" / "k.db"),
        DISCORD_TOKEN=TOKEN,
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_check_passes_on_the_shipped_data_without_a_token(tmp_path: Path) -> None:
    result = kindred("check", cwd=tmp_path, DATABASE_PATH=str(tmp_path / "k.db"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content: ok" in result.stdout
    assert f" files in {content_root()})\n" in result.stdout
    assert "will be created" in result.stdout
    features = [name.rsplit(".", 1)[1] for name in discover_extensions()]
    assert "help" in features
    assert f"features: {', '.join(features)}\n" in result.stdout
    assert result.stdout.strip().endswith("result: ok")
    assert f"secret key: will be generated at {tmp_path / 'k.key'}" in result.stdout
    assert not (tmp_path / "k.db").exists(), "check changes nothing"
    assert not (tmp_path / "k.key").exists(), "check changes nothing"


def copy_of_the_content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(str(content_root()), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def settings_reading(root: Path, tmp_path: Path, **env: str) -> Settings:
    env["DATABASE_PATH"] = str(tmp_path / "k.db")
    settings = load_settings(env, env_file=tmp_path / "absent.env")
    return dataclasses.replace(settings, data_dir=root)


def test_check_passes_on_a_complete_copy_of_the_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import __main__ as entry

    root = copy_of_the_content(tmp_path)
    assert asyncio.run(entry.check(settings_reading(root, tmp_path))) == entry.EXIT_OK
    assert f" files in {root})" in capsys.readouterr().out


@pytest.mark.parametrize("lost", ["core/messages.json", "questions/bank.json"])
def test_check_fails_when_a_content_file_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lost: str
) -> None:
    from bot import __main__ as entry

    root = copy_of_the_content(tmp_path)
    (root / lost).unlink()
    assert asyncio.run(entry.check(settings_reading(root, tmp_path))) == entry.EXIT_FAILED
    out = capsys.readouterr().out.splitlines()
    assert out[out.index("content: 1 problem(s)") + 1] == f"  {root / lost}: missing"
    assert out[-1] == "result: FAILED"


def test_check_fails_when_there_is_no_content_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import __main__ as entry

    root = tmp_path / "content"
    root.mkdir()
    assert asyncio.run(entry.check(settings_reading(root, tmp_path))) == entry.EXIT_FAILED
    out = capsys.readouterr().out.splitlines()
    assert out[out.index("content: 1 problem(s)") + 1] == (
        f"  {root}: no content files here: reinstall Kindred"
    )
    assert out[-1] == "result: FAILED"


def test_run_refuses_missing_content_in_one_line_before_opening_the_database(
    tmp_path: Path,
) -> None:
    from bot import __main__ as entry

    root = copy_of_the_content(tmp_path)
    (root / "questions" / "bank.json").unlink()
    settings = settings_reading(root, tmp_path, DISCORD_TOKEN=TOKEN)
    with pytest.raises(ContentError) as refused:
        asyncio.run(entry.run(settings))
    assert entry.explain_failure(refused.value) == (
        f"1 problem(s) in the shipped content: {root / 'questions' / 'bank.json'}: missing"
    )
    assert not (tmp_path / "k.db").exists()


def test_content_that_is_not_installed_at_all_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import __main__ as entry
    from bot.app import content

    monkeypatch.setattr(content, "CONTENT_PACKAGE", "kindred_data_never_installed")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "k.db"))
    monkeypatch.chdir(tmp_path)
    assert entry.main(["check"]) == entry.EXIT_FAILED
    assert capsys.readouterr().err.splitlines() == [
        "kindred: Kindred's content (the package kindred_data_never_installed) is not "
        "installed; install Kindred with pip (see README.md)"
    ]


def test_check_fails_on_a_database_from_the_future(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    result = kindred("check", cwd=tmp_path, DATABASE_PATH=str(db))
    assert result.returncode == 1
    assert "newer than this Kindred knows" in result.stdout


def test_check_reports_each_components_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import __main__ as entry

    db = tmp_path / "k.db"
    asyncio.run(close_after(open_migrated(db)))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_versions SET version = 0 WHERE component = 'lovelanguages'")
    monkeypatch.setattr(entry, "setup_logging", lambda settings: None)
    monkeypatch.setenv("DATABASE_PATH", str(db))
    monkeypatch.chdir(tmp_path)
    assert entry.main(["check"]) == entry.EXIT_OK
    states = [
        f"{c.name} {0 if c.name == 'lovelanguages' else c.latest} of {c.latest}"
        for c in kindred_schema().components
    ]
    pending = kindred_schema().latest["lovelanguages"]
    assert (
        f"database: {db} at schema {', '.join(states)} ({pending} migration(s) will run)\n"
    ) in capsys.readouterr().out

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_versions SET version = 9 WHERE component = 'questions'")
    assert entry.main(["check"]) == entry.EXIT_FAILED
    out = capsys.readouterr().out
    assert "  questions is newer than this Kindred knows: upgrade Kindred\n" in out
    assert out.strip().endswith("result: FAILED")


async def close_after(opening: Awaitable[Database]) -> None:
    await (await opening).close()


def test_backup_copies_the_live_database(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (42)")
    target = tmp_path / "copy.db"
    result = kindred("backup", str(target), cwd=tmp_path, DATABASE_PATH=str(db))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [(42,)]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # the subprocess has umask 0022
    again = kindred("backup", str(target), cwd=tmp_path, DATABASE_PATH=str(db))
    assert again.returncode == 1 and "already exists" in again.stderr


# -- the secret key -----------------------------------------------------------------------------


def seal_database(path: Path, key: str, *texts: str) -> None:
    """A database as Kindred leaves it: migrated, canary sealed, some private text stored."""

    async def seal() -> None:
        db = await open_migrated(path)
        try:
            vault = Vault([key])
            await verify_vault(db, vault)
            await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body_sealed TEXT)")
            for text in texts:
                await db.execute("INSERT INTO notes (body_sealed) VALUES (?)", (vault.seal(text),))
        finally:
            await db.close()

    asyncio.run(seal())


def test_genkey_prints_a_fresh_key_and_nothing_else(tmp_path: Path) -> None:
    # It must work even while the configured key is broken: that is when one needs it.
    first = kindred("genkey", cwd=tmp_path, KINDRED_SECRET_KEY="broken")  # noqa: S106
    second = kindred("genkey", cwd=tmp_path)
    assert first.returncode == 0 and first.stderr == ""
    lines = first.stdout.splitlines()
    assert len(lines) == 1 and is_fernet_key(lines[0])
    assert Vault([lines[0]]).unseal(Vault([lines[0]]).seal("ok")) == "ok"
    assert second.stdout != first.stdout
    assert list(tmp_path.iterdir()) == [], "no key file, no database"


def test_rekey_reseals_everything_so_the_old_key_can_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import __main__ as entry

    old, new = Vault.generate_key(), Vault.generate_key()
    db = tmp_path / "k.db"
    seal_database(db, old, "first note", "second note")
    monkeypatch.setattr(entry, "setup_logging", lambda settings: None)
    monkeypatch.setenv("DATABASE_PATH", str(db))
    monkeypatch.chdir(tmp_path)

    monkeypatch.setenv("KINDRED_SECRET_KEY", f"{new},{old}")
    assert entry.main(["rekey"]) == entry.EXIT_OK
    out = capsys.readouterr().out
    assert out.strip() == (
        "re-sealed 4 values with the newest key; "
        "you may now remove the older keys from KINDRED_SECRET_KEY"
    )  # two notes, the canary and the pseudonym key

    monkeypatch.setenv("KINDRED_SECRET_KEY", new)
    assert entry.main(["check"]) == entry.EXIT_OK
    assert "secret key: matches the database" in capsys.readouterr().out
    with sqlite3.connect(db) as conn:
        tokens = [row[0] for row in conn.execute("SELECT body_sealed FROM notes ORDER BY id")]
    assert [Vault([new]).unseal(t) for t in tokens] == ["first note", "second note"]
    assert not (tmp_path / "k.key").exists(), "a configured key never writes a key file"

    monkeypatch.setenv("KINDRED_SECRET_KEY", old)
    assert entry.main(["check"]) == entry.EXIT_FAILED


def test_rekey_with_a_key_that_does_not_match_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import __main__ as entry

    old, new = Vault.generate_key(), Vault.generate_key()
    db = tmp_path / "k.db"
    seal_database(db, old, "a note")
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT body_sealed FROM notes").fetchall()
    monkeypatch.setattr(entry, "setup_logging", lambda settings: None)
    monkeypatch.setenv("DATABASE_PATH", str(db))
    monkeypatch.setenv("KINDRED_SECRET_KEY", new)  # the old key forgotten after the new one
    monkeypatch.chdir(tmp_path)
    assert entry.main(["rekey"]) == entry.EXIT_FAILED
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "does not match the data in" in captured.err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT body_sealed FROM notes").fetchall() == before


def test_check_reports_a_key_that_does_not_match_as_failed(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    right, wrong = Vault.generate_key(), Vault.generate_key()
    seal_database(db, right, "a note")
    result = kindred("check", cwd=tmp_path, DATABASE_PATH=str(db), KINDRED_SECRET_KEY=wrong)
    assert result.returncode == 1
    assert f"secret key: the secret key does not match the data in {db}" in result.stdout
    assert result.stdout.strip().endswith("result: FAILED")
    assert right not in result.stdout + result.stderr
    assert wrong not in result.stdout + result.stderr

    matching = kindred("check", cwd=tmp_path, DATABASE_PATH=str(db), KINDRED_SECRET_KEY=right)
    assert matching.returncode == 0, matching.stdout
    assert "secret key: matches the database" in matching.stdout


def test_run_with_a_key_that_does_not_match_stops_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    right, wrong = Vault.generate_key(), Vault.generate_key()
    seal_database(db, right)
    result = kindred(
        cwd=tmp_path, DATABASE_PATH=str(db), DISCORD_TOKEN=TOKEN, KINDRED_SECRET_KEY=wrong
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kindred: the secret key does not match the data in {db}")
    assert right not in result.stderr and wrong not in result.stderr
    assert "Traceback" not in result.stderr


def test_run_refuses_a_key_file_others_can_read(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    key_file = tmp_path / "k.key"
    key_file.write_text(Vault.generate_key() + "\n", encoding="ascii")
    key_file.chmod(0o644)
    result = kindred(cwd=tmp_path, DATABASE_PATH=str(db), DISCORD_TOKEN=TOKEN)
    assert result.returncode == 1
    # Before it: the log lines of the migrations that created the database.
    assert result.stderr.strip().splitlines()[-1] == (
        f"kindred: the key file {key_file} is open to other users (mode 644); "
        f"run `chmod 600 {key_file}`"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("code", "says"), [(4011, "raise SHARD_COUNT"), (4010, "SHARD_IDS")])
def test_a_gateway_refusing_the_shards_is_one_line_naming_the_setting(code: int, says: str) -> None:
    from bot import __main__ as entry

    closed = discord.ConnectionClosed(cast("Any", None), shard_id=0, code=code)
    message = entry.explain_failure(closed)
    assert message is not None
    assert says in message
