"""Encryption at rest for private free text (boundary cards, answers, notes…).

Every column that holds private free text is named ``*_sealed`` and stores a Fernet token
(AES-128-CBC with an HMAC-SHA256, from the maintained ``cryptography`` library). The naming
rule is what lets key rotation and the privacy tests find every such column without a list
to keep up to date.

Several keys may be configured, newest first: the first seals, every one unseals. That is
how a key is rotated without downtime (see PRIVACY.md).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.app.settings import Settings, is_fernet_key, secret_keys
from bot.storage.database import Database

log = logging.getLogger(__name__)

SEALED_SUFFIX = "_sealed"
# What the canary row seals: a fixed text, so any key can be checked against the database
# without reading anyone's private text.
CANARY_TEXT = "Kindred vault canary: if this unseals, the key matches the data."


class SecretKeyError(Exception):
    """The key cannot unseal the data (wrong or rotated-away key); one line fit to print."""


class Vault:
    """Seals and unseals text with the configured keys, and names members by pseudonym.

    A pseudonym needs the database's pseudonym key, which :func:`open_vault` (or
    :func:`verify_vault`) loads; a vault built without one can seal but not name.
    """

    def __init__(self, keys: Sequence[str], *, pseudonym_key: bytes | None = None) -> None:
        if not keys:
            raise ValueError("a vault needs at least one key")
        self._keys = tuple(keys)
        self._fernet = MultiFernet([Fernet(key.encode("ascii")) for key in keys])
        self._pseudonym_key = pseudonym_key

    def with_pseudonym_key(self, key: bytes) -> Vault:
        return Vault(self._keys, pseudonym_key=key)

    def pseudonym(self, member_id: int) -> str:
        """A stable stand-in for a member that reveals nothing without the key.

        Where a row must not say who it belongs to (the author of an anonymous answer, a
        bar, a daily limit), it holds this instead of the id: the bot can still find a
        member's own rows (to edit, export, delete, or check a limit), but the database
        alone cannot be read back to a person.
        """
        if self._pseudonym_key is None:
            raise RuntimeError("this vault has no pseudonym key: open it with open_vault()")
        digest = hmac.new(self._pseudonym_key, str(member_id).encode("ascii"), hashlib.sha256)
        return digest.hexdigest()

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def unseal(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise SecretKeyError(
                "stored private text cannot be unsealed with KINDRED_SECRET_KEY: the key does "
                "not match the data (restore the old key, or list it after the new one)"
            ) from exc

    def seal_optional(self, text: str | None) -> str | None:
        return None if text is None else self.seal(text)

    def unseal_optional(self, token: str | None) -> str | None:
        return None if token is None else self.unseal(token)

    def rotate(self, token: str) -> str:
        """Re-seal with the newest key (the token must open with one of the keys)."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as exc:
            raise SecretKeyError(
                "a sealed value opens with none of the keys in KINDRED_SECRET_KEY"
            ) from exc


# -- keys ---------------------------------------------------------------------------------


def read_vault(settings: Settings) -> Vault | None:
    """The configured keys, or None when a key file would have to be generated.

    Changes nothing on disk, which is what ``python -m bot check`` needs.
    """
    if settings.secret_key is not None:
        return Vault(secret_keys(settings.secret_key))
    key = _read_key_file(settings.key_path)
    return None if key is None else Vault([key])


def load_vault(settings: Settings) -> Vault:
    """The configured keys; with none configured, the key file, generated on first start.

    Generating one keeps the first start to a single step while still encrypting from the
    first byte; the warning is what tells the owner there is now a file to back up.
    """
    vault = read_vault(settings)
    if vault is not None:
        return vault
    return Vault([_create_key_file(settings.key_path)])


def _read_key_file(path: Path) -> str | None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SecretKeyError(f"cannot read the key file {path}: {_reason(exc)}") from exc
    # Windows has no such mode bits (every file reports 0o666), and its ACLs are not ours.
    if os.name != "nt" and mode & 0o077:
        raise SecretKeyError(
            f"the key file {path} is open to other users (mode {stat.S_IMODE(mode):o}); "
            f"run `chmod 600 {path}`"
        )
    try:
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeError) as exc:
        raise SecretKeyError(f"cannot read the key file {path}: {_reason(exc)}") from exc
    if not is_fernet_key(key):
        raise SecretKeyError(
            f"the key file {path} does not hold a valid key; restore it from your backup"
        )
    return key


def _create_key_file(path: Path) -> str:
    """Create the key file, readable only by its owner from the first instant.

    ``O_EXCL`` makes creation atomic: two processes starting at once cannot each write a key
    and seal data with the one that is then overwritten; the loser reads the winner's key.
    """
    key = Vault.generate_key()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        existing = _read_key_file(path)
        if existing is None:  # created and removed again in between: give up plainly
            raise SecretKeyError(f"the key file {path} vanished while it was being read") from None
        return existing
    except OSError as exc:
        raise SecretKeyError(f"cannot create the key file {path}: {_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(key + "\n")
            file.flush()
            os.fsync(file.fileno())
    except OSError as exc:
        # A half-written key file would stop every later start; better no file at all.
        path.unlink(missing_ok=True)
        raise SecretKeyError(f"cannot write the key file {path}: {_reason(exc)}") from exc
    _sync_directory(path.parent)
    log.warning(
        "generated a new secret key at %s; back it up together with the database, "
        "whose private text cannot be read without it",
        path,
    )
    return key


def _sync_directory(directory: Path) -> None:
    """Make the new file's name durable before anything is sealed with its key."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or type(exc).__name__


# -- the canary ---------------------------------------------------------------------------


async def verify_vault(db: Database, vault: Vault) -> Vault:
    """Prove the key opens this database at start-up, not on the first read days later;
    the same vault, with the database's pseudonym key.

    The first start seals the canary and makes the pseudonym key; every later one unseals
    them.
    """
    if await _canary_token(db) is None:
        await db.execute(
            "INSERT INTO vault_canary (id, token_sealed) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
            (vault.seal(CANARY_TEXT),),
        )
    token = await _canary_token(db)
    if token is None or not _opens(vault, token):
        raise SecretKeyError(_mismatch(db))
    return vault.with_pseudonym_key(await _pseudonym_key(db, vault))


async def _pseudonym_key(db: Database, vault: Vault) -> bytes:
    """The database's pseudonym key, made once (two processes starting together agree)."""
    fresh = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    await db.execute(
        "INSERT INTO vault_pseudonym_key (id, key_sealed) VALUES (1, ?) "
        "ON CONFLICT (id) DO NOTHING",
        (vault.seal(fresh),),
    )
    sealed = await db.fetch_value("SELECT key_sealed FROM vault_pseudonym_key WHERE id = 1")
    return base64.b64decode(vault.unseal(str(sealed)))


async def open_vault(settings: Settings, db: Database) -> Vault:
    """:func:`load_vault` then :func:`verify_vault`, for start-up.

    A key file is generated only for a database with nothing sealed in it: beside data
    sealed with a lost key, a new key would be useless, and its "back it up" warning
    would hide the real problem.
    """
    if read_vault(settings) is None and await _canary_token(db) is not None:
        raise SecretKeyError(_lost_key(settings, db))
    return await verify_vault(db, load_vault(settings))


async def check_vault(settings: Settings, db: Database | None) -> str:
    """How the key stands against ``db`` (None: not created yet), changing nothing.

    Raises :class:`SecretKeyError` when start-up would refuse.
    """
    vault = read_vault(settings)
    token = None if db is None else await _canary_token(db)
    if vault is None:
        if db is not None and token is not None:
            raise SecretKeyError(_lost_key(settings, db))
        return f"will be generated at {settings.key_path}"
    if token is None:
        return "ok (nothing is sealed yet)"
    if db is None or not _opens(vault, token):
        raise SecretKeyError(_mismatch(db))
    return "matches the database"


async def _canary_token(db: Database) -> str | None:
    """The sealed canary, or None before the first start (or before its migration ran)."""
    exists = await db.fetch_one(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vault_canary'"
    )
    if exists is None:
        return None
    row = await db.fetch_one("SELECT token_sealed FROM vault_canary WHERE id = 1")
    return None if row is None else str(row[0])


def _opens(vault: Vault, token: str) -> bool:
    try:
        return vault.unseal(token) == CANARY_TEXT
    except SecretKeyError:
        return False


def _mismatch(db: Database | None) -> str:
    where = "the database" if db is None else str(db.path)
    return (
        f"the secret key does not match the data in {where}: set KINDRED_SECRET_KEY (or "
        "restore the key file from your backup) to the key it was sealed with; to change "
        "keys, list the new key first and the old one after it, then run `python -m bot rekey`"
    )


def _lost_key(settings: Settings, db: Database) -> str:
    return (
        f"KINDRED_SECRET_KEY is not set and there is no key file at {settings.key_path}, but "
        f"the data in {db.path} was sealed with a key: restore the key file from your backup "
        "or set KINDRED_SECRET_KEY"
    )


# -- rotation -----------------------------------------------------------------------------


async def rekey(db: Database, vault: Vault) -> int:
    """Re-seal every ``*_sealed`` value with the newest key; return how many were re-sealed.

    Columns are found by name, so tables that future features add are covered without a
    list to keep. One transaction: a value that opens with none of the keys leaves the
    whole database as it was, never half old and half new.
    """
    total = 0
    async with db.transaction():
        for table in await db.table_names():
            for column in await db.column_names(table):
                if column.endswith(SEALED_SUFFIX):
                    total += await _rotate_column(db, vault, table, column)
    return total


async def _rotate_column(db: Database, vault: Vault, table: str, column: str) -> int:
    """Re-seal one column value by value (sealed values are unique, so the value itself
    finds its row, and tables without a rowid work too)."""
    t, c = _quote(table), _quote(column)
    values = await db.fetch_all(f"SELECT DISTINCT {c} FROM {t} WHERE {c} IS NOT NULL")  # noqa: S608 - names from the schema, quoted
    changed = 0
    for (value,) in values:
        try:
            if not isinstance(value, str):
                raise SecretKeyError("a sealed value is not text")  # noqa: TRY301 - reported below
            fresh = vault.rotate(value)
        except SecretKeyError as exc:
            raise SecretKeyError(f"{exc} (in {table}.{column}); nothing was changed") from exc
        changed += await db.execute(
            f"UPDATE {t} SET {c} = ? WHERE {c} = ?",  # noqa: S608 - names from the schema, quoted
            (fresh, value),
        )
    return changed


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
