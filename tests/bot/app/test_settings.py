"""Settings: one typed, immutable object; bad values stop start-up with one line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.app.settings import DEFAULT_DATABASE_PATH, SettingsError, load_settings, secret_keys

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345"  # noqa: S105 - a made-up token
# Made-up keys of the right shape (32 bytes, URL-safe base64), as `python -m bot genkey` prints.
KEY = "kNpTWbMF1o3jHTC5lSvxyYSv8u3vPczHpCq1b1BdlZE="
OLD_KEY = "Qk1-mhbzkDhx_3bq7LK9o3fQ2Jx5cXpKqzRrCEIwVa0="


def settings_from(tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    return load_settings(env, env_file=tmp_path / "absent.env")


def test_defaults_need_nothing_but_allow_no_token(tmp_path: Path) -> None:
    settings = settings_from(tmp_path)
    assert settings.token is None
    assert settings.database_path == Path.cwd() / DEFAULT_DATABASE_PATH
    assert settings.api_base is None and settings.gateway_url is None
    assert settings.log_level == "INFO"
    with pytest.raises(SettingsError, match="DISCORD_TOKEN is not set"):
        settings.require_token()


def test_the_default_database_and_key_are_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never beside the code: installed from a wheel, that would be inside site-packages.
    monkeypatch.chdir(tmp_path)
    settings = settings_from(tmp_path)
    assert settings.database_path == tmp_path / "data" / "kindred.db"
    assert settings.key_path == tmp_path / "data" / "kindred.key"


def test_settings_are_immutable(tmp_path: Path) -> None:
    settings = settings_from(tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.log_level = "DEBUG"  # type: ignore[misc]


def test_the_token_never_shows_in_repr(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, DISCORD_TOKEN=TOKEN, KINDRED_SECRET_KEY=KEY)
    assert settings.require_token() == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.token)
    assert KEY not in repr(settings)
    assert all(KEY not in line for line in settings.describe())
    assert all(TOKEN not in line for line in settings.describe())


def test_a_bot_prefix_on_the_token_is_tolerated(tmp_path: Path) -> None:
    assert settings_from(tmp_path, DISCORD_TOKEN=f"Bot {TOKEN}").require_token() == TOKEN


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DISCORD_TOKEN", "not-a-token", "does not look like a bot token"),
        ("DISCORD_TOKEN", "123456789012345678", "does not look like a bot token"),
        ("DISCORD_API_BASE", "127.0.0.1:8080/api/v10", "must be a URL starting with http"),
        ("DISCORD_GATEWAY_URL", "http://x", "must be a URL starting with ws"),
        ("DEV_GUILD_ID", "guild", "must be a Discord id"),
        ("DEV_GUILD_ID", "-5", "must be a Discord id"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
    ],
)
def test_malformed_settings_give_one_clear_line(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        settings_from(tmp_path, **{name: value})
    assert "\n" not in str(caught.value)


def test_a_directory_is_not_a_database_path(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="is a directory"):
        settings_from(tmp_path, DATABASE_PATH=str(tmp_path))


def test_dotenv_fills_in_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"DISCORD_TOKEN={TOKEN}\nLOG_LEVEL=debug\nDEV_GUILD_ID=42\n", encoding="utf-8"
    )
    settings = load_settings({"LOG_LEVEL": "warning"}, env_file=env_file)
    assert settings.require_token() == TOKEN
    assert settings.log_level == "WARNING"
    assert settings.dev_guild_id == 42


def test_relative_database_paths_are_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = settings_from(
        tmp_path, DATABASE_PATH="store/k.db", DISCORD_API_BASE="http://h/api/v10/"
    )
    assert settings.database_path == tmp_path / "store" / "k.db"
    assert settings.api_base == "http://h/api/v10"


def test_one_secret_key_is_accepted(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, KINDRED_SECRET_KEY=f"  {KEY} ")
    assert settings.secret_key is not None
    assert secret_keys(settings.secret_key) == [KEY]
    assert "secret key: set (1 key)" in settings.describe()


def test_several_secret_keys_are_newest_first_and_empty_entries_are_dropped(
    tmp_path: Path,
) -> None:
    settings = settings_from(tmp_path, KINDRED_SECRET_KEY=f",{KEY} , ,{OLD_KEY},")
    assert settings.secret_key is not None
    assert secret_keys(settings.secret_key) == [KEY, OLD_KEY]
    assert "secret key: set (2 keys, newest first)" in settings.describe()


@pytest.mark.parametrize(
    ("value", "where"),
    [
        (KEY[:-1], "KINDRED_SECRET_KEY is not a valid key"),  # cut short by a copy-paste
        (f"{KEY},{OLD_KEY[:-2]}xx", "KINDRED_SECRET_KEY: key 2 of 2 is not a valid key"),
        (f"{KEY} {OLD_KEY}", "KINDRED_SECRET_KEY is not a valid key"),  # a space, not a comma
        (OLD_KEY.replace("-", "+"), "KINDRED_SECRET_KEY is not a valid key"),  # not URL-safe
        ("passw0rd", "KINDRED_SECRET_KEY is not a valid key"),
        (" , ,", "KINDRED_SECRET_KEY holds only commas"),
    ],
)
def test_a_malformed_secret_key_says_which_one_and_how_to_make_one(
    tmp_path: Path, value: str, where: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        settings_from(tmp_path, KINDRED_SECRET_KEY=value)
    message = str(caught.value)
    assert message.startswith(where)
    assert "python -m bot genkey" in message
    assert "\n" not in message
    assert all(part.strip() not in message for part in value.split(",") if part.strip())


def test_the_key_file_sits_beside_the_database(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, DATABASE_PATH=str(tmp_path / "store" / "kindred.db"))
    assert settings.key_path == tmp_path / "store" / "kindred.key"
    assert f"secret key: will be generated at {settings.key_path}" in settings.describe()
    settings.key_path.parent.mkdir()
    settings.key_path.write_text(KEY, encoding="ascii")
    assert f"secret key: generated at {settings.key_path}" in settings.describe()


def test_no_shard_settings_leave_the_count_to_discord(tmp_path: Path) -> None:
    settings = settings_from(tmp_path)
    assert (settings.shard_count, settings.shard_ids) == (None, None)
    assert "shards: as many as Discord recommends" in "\n".join(settings.describe())


@pytest.mark.parametrize(
    ("count", "ids", "expected"),
    [
        ("4", None, None),
        ("4", "0-3", (0, 1, 2, 3)),
        ("4", "2,0", (0, 2)),
        ("8", "0-1, 4 ,6-7", (0, 1, 4, 6, 7)),
        ("2", "1", (1,)),
    ],
)
def test_shard_count_and_ids_are_read_as_ranges_and_lists(
    tmp_path: Path, count: str, ids: str | None, expected: tuple[int, ...] | None
) -> None:
    env = {"SHARD_COUNT": count} | ({"SHARD_IDS": ids} if ids is not None else {})
    settings = settings_from(tmp_path, **env)
    assert settings.shard_count == int(count)
    assert settings.shard_ids == expected
    described = next(line for line in settings.describe() if line.startswith("shards:"))
    assert described == (
        f"shards: {count}, all in this process"
        if expected is None
        else f"shards: {', '.join(map(str, expected))} of {count}"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SHARD_IDS": "0"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT must be a whole number from 1"),
        ({"SHARD_COUNT": "two"}, "SHARD_COUNT must be a whole number from 1"),
        ({"SHARD_COUNT": "100000"}, "SHARD_COUNT must be a whole number from 1 to 10000"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-"}, "SHARD_IDS must list shard numbers"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "a,b"}, "SHARD_IDS must list shard numbers"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "3-1"}, "range 3-1 runs backwards"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "2-4"}, "names shard 4, but shards are numbered 0 to 3"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-2,1"}, "names a shard twice"),
    ],
)
def test_malformed_shard_settings_give_one_clear_line(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        settings_from(tmp_path, **env)
    assert "\n" not in str(caught.value)
