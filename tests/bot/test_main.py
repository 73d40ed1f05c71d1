"""The program's front door: one clear line and a non-zero exit for every expected failure."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert "will be created" in result.stdout
    assert "features: help" in result.stdout
    assert result.stdout.strip().endswith("result: ok")
    assert not (tmp_path / "k.db").exists(), "check changes nothing"


def test_check_fails_on_a_database_from_the_future(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    result = kindred("check", cwd=tmp_path, DATABASE_PATH=str(db))
    assert result.returncode == 1
    assert "newer than this Kindred knows" in result.stdout


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
    again = kindred("backup", str(target), cwd=tmp_path, DATABASE_PATH=str(db))
    assert again.returncode == 1 and "already exists" in again.stderr
