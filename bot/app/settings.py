"""Kindred's settings: read once in ``main()``, validated, then passed down.

Nothing here runs at import time, so tests and ``python -m bot check`` never need a
real token and no module can quietly depend on a global.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

from dotenv import dotenv_values

from bot.app.content import content_root

#: Relative to the working folder, never to where Kindred is installed: from a wheel that
#: would be inside site-packages. Run from a checkout, it is the checkout's ``data/``.
DEFAULT_DATABASE_PATH = Path("data") / "kindred.db"

#: Far past any bot's need (10,000 shards hold 25 million servers); catches a typo'd extra digit.
MAX_SHARDS = 10_000
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
# A bot token is three base64url parts joined by dots; checking the shape catches the
# common mistakes (pasting the client secret, the application id, or a quoted value).
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")
# A Fernet key is 32 bytes in URL-safe base64: exactly 43 characters and one "=". Checked
# strictly, because base64 decoding is lenient and would accept a mangled copy-paste.
_FERNET_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}=$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line fit to print."""


@dataclass(frozen=True, slots=True)
class Secret:
    """A value that must never reach a log line or a traceback."""

    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class Settings:
    token: Secret | None
    database_path: Path
    api_base: str | None = None
    gateway_url: str | None = None
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    secret_key: Secret | None = None
    #: None: ask Discord how many shards (``GET /gateway/bot``).
    shard_count: int | None = None
    #: The shards this process runs; None: all of them.
    shard_ids: tuple[int, ...] | None = None
    #: The shipped content; tests point it elsewhere to see how ``check`` handles bad content.
    data_dir: Traversable = field(default_factory=content_root)

    def require_token(self) -> str:
        """The token, or a clear start-up error: only ``run`` and ``sync`` need one."""
        if self.token is None:
            raise SettingsError(
                "DISCORD_TOKEN is not set: put your bot token in .env (see .env.example)."
            )
        return self.token.value

    @property
    def key_path(self) -> Path:
        """Where the generated key lives when ``KINDRED_SECRET_KEY`` is unset.

        Beside the database, so the two are found (and backed up) together; ``*.key`` is
        git-ignored.
        """
        return self.database_path.with_suffix(".key")

    def describe(self) -> list[str]:
        """Human-readable lines for ``python -m bot check``; never shows secrets."""
        return [
            f"token: {'set' if self.token else 'NOT SET'}",
            f"database: {self.database_path}",
            f"Discord API: {self.api_base or 'Discord (default)'}",
            f"gateway: {self.gateway_url or 'from the API'}",
            f"dev guild: {self.dev_guild_id or 'none (global sync only on request)'}",
            f"log level: {self.log_level}",
            f"shards: {self._describe_shards()}",
            f"secret key: {self._describe_secret_key()}",
        ]

    def _describe_shards(self) -> str:
        if self.shard_count is None:
            return "as many as Discord recommends, all in this process"
        if self.shard_ids is None:
            return f"{self.shard_count}, all in this process"
        ids = ", ".join(str(i) for i in self.shard_ids)
        return f"{ids} of {self.shard_count}"

    def _describe_secret_key(self) -> str:
        if self.secret_key is not None:
            count = len(secret_keys(self.secret_key))
            return "set (1 key)" if count == 1 else f"set ({count} keys, newest first)"
        if self.key_path.exists():
            return f"generated at {self.key_path}"
        return f"will be generated at {self.key_path}"


def secret_keys(secret: Secret) -> list[str]:
    """The keys of a validated ``KINDRED_SECRET_KEY``, newest first."""
    return secret.value.split(",")


def is_fernet_key(text: str) -> bool:
    """Whether ``text`` is a usable key; shared with the key file so both are held to one rule."""
    return _FERNET_KEY_SHAPE.match(text) is not None


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> Settings:
    """Build settings from the environment, with ``.env`` filling what is unset.

    Real environment variables win over ``.env`` so a deployment can override a file
    left on disk.
    """
    values: dict[str, str] = {}
    dotenv_path = env_file if env_file is not None else Path.cwd() / ".env"
    if dotenv_path.is_file():
        values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        raw = values.get(name)
        if raw is None:
            return None
        raw = raw.strip()
        return raw or None

    shard_count, shard_ids = _parse_shards(get("SHARD_COUNT"), get("SHARD_IDS"))
    return Settings(
        token=_parse_token(get("DISCORD_TOKEN")),
        database_path=_parse_database_path(get("DATABASE_PATH")),
        api_base=_parse_url("DISCORD_API_BASE", get("DISCORD_API_BASE"), ("http", "https")),
        gateway_url=_parse_url("DISCORD_GATEWAY_URL", get("DISCORD_GATEWAY_URL"), ("ws", "wss")),
        dev_guild_id=_parse_snowflake("DEV_GUILD_ID", get("DEV_GUILD_ID")),
        log_level=_parse_log_level(get("LOG_LEVEL")),
        secret_key=_parse_secret_key(get("KINDRED_SECRET_KEY")),
        shard_count=shard_count,
        shard_ids=shard_ids,
    )


def _parse_shards(
    count_raw: str | None, ids_raw: str | None
) -> tuple[int | None, tuple[int, ...] | None]:
    """SHARD_COUNT alone runs every shard here; with SHARD_IDS (``0-3``, ``0,2``, ``0-1,4``)
    only those, so several processes can split one bot between them."""
    if count_raw is None:
        if ids_raw is not None:
            raise SettingsError("SHARD_IDS needs SHARD_COUNT: how many shards the bot has in all.")
        return None, None
    if not count_raw.isdigit() or not 0 < int(count_raw) <= MAX_SHARDS:
        raise SettingsError(
            f"SHARD_COUNT must be a whole number from 1 to {MAX_SHARDS}, got {count_raw!r}."
        )
    count = int(count_raw)
    if ids_raw is None:
        return count, None
    ids: list[int] = []
    for part in ids_raw.split(","):
        first, dash, last = part.strip().partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise SettingsError(
                f"SHARD_IDS must list shard numbers or ranges such as 0-3 or 0,2, got {ids_raw!r}."
            )
        low, high = int(first), int(last) if dash else int(first)
        if low > high:
            raise SettingsError(f"SHARD_IDS range {part.strip()} runs backwards.")
        ids.extend(range(low, high + 1))
    if max(ids) >= count:
        raise SettingsError(
            f"SHARD_IDS names shard {max(ids)}, but shards are numbered 0 to {count - 1} "
            f"when SHARD_COUNT is {count}."
        )
    if len(set(ids)) != len(ids):
        raise SettingsError(f"SHARD_IDS names a shard twice: {ids_raw!r}.")
    return count, tuple(sorted(ids))


def _parse_token(raw: str | None) -> Secret | None:
    if raw is None:
        return None
    if raw.lower().startswith("bot "):
        raw = raw[4:].strip()
    if not _TOKEN_SHAPE.match(raw):
        raise SettingsError(
            "DISCORD_TOKEN does not look like a bot token (three dot-separated parts); "
            "copy it again from the Developer Portal's Bot page."
        )
    return Secret(raw)


def _parse_database_path(raw: str | None) -> Path:
    path = Path(raw).expanduser() if raw else DEFAULT_DATABASE_PATH
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.exists() and path.is_dir():
        raise SettingsError(f"DATABASE_PATH {path} is a directory; give a file name.")
    return path


def _parse_url(name: str, raw: str | None, schemes: tuple[str, ...]) -> str | None:
    if raw is None:
        return None
    scheme, sep, rest = raw.partition("://")
    if not sep or scheme.lower() not in schemes or not rest or " " in raw:
        wanted = " or ".join(f"{s}://" for s in schemes)
        raise SettingsError(f"{name} must be a URL starting with {wanted}, got {raw!r}.")
    return raw.rstrip("/")


def _parse_snowflake(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 2**64:
        raise SettingsError(f"{name} must be a Discord id (digits only), got {raw!r}.")
    return int(raw)


def _parse_log_level(raw: str | None) -> str:
    level = (raw or "INFO").upper()
    if level not in _LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, got {raw!r}.")
    return level


def _parse_secret_key(raw: str | None) -> Secret | None:
    """Validate every key now: a bad one found later would mean data sealed with no way back.

    Several keys, comma-separated and newest first, are how a key is rotated. The messages
    never quote the value: it is key material.
    """
    if raw is None:
        return None
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    how = "make one with `python -m bot genkey`"
    if not keys:
        raise SettingsError(f"KINDRED_SECRET_KEY holds only commas; set a key ({how}).")
    for position, key in enumerate(keys, start=1):
        if not is_fernet_key(key):
            which = "" if len(keys) == 1 else f": key {position} of {len(keys)}"
            raise SettingsError(
                f"KINDRED_SECRET_KEY{which} is not a valid key (44 characters of URL-safe "
                f"base64); {how}."
            )
    return Secret(",".join(keys))


def log_level_number(settings: Settings) -> int:
    return logging.getLevelNamesMapping()[settings.log_level]
