"""The database interface every part of Kindred stores through, and its SQLite engine.

Features never hold a connection: they call :meth:`Database.execute`, :meth:`fetch_one`,
:meth:`fetch_all`, :meth:`insert_returning` and :meth:`execute_many`, and group writes with
``async with db.transaction():``. Statements use ``?`` placeholders and the SQL that SQLite
and PostgreSQL share (``ON CONFLICT``, ``RETURNING``), so a second engine only has to
implement this class.

aiosqlite runs the connection on its own thread and every call crosses threads, so the
connection is shared and guarded by one lock: a write transaction started with
``BEGIN IMMEDIATE`` can never interleave with another task's statements, and a read never
sees another task's half-finished transaction. Inside a transaction, every call made by the
same task (a helper called from a repository method, a data owner called by a member's
deletion) joins it, found through a context variable, instead of waiting on the lock its own
transaction holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import sqlite3
import stat
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

BUSY_TIMEOUT_MS = 10_000
#: The database holds members' private words: only the account that runs Kindred may read
#: it. SQLite creates the ``-wal`` and ``-shm`` files with the main file's mode, so getting
#: the main file right covers them.
OWNER_ONLY = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
#: A row as repositories see it: by column name (``row["id"]``) or position (``row[0]``).
#: Repositories turn rows into their own dataclasses before handing anything out.
Row = sqlite3.Row


class DatabaseError(Exception):
    """The database cannot be used; the message is one line fit to print at start-up."""


def to_db_time(instant: datetime) -> str:
    """UTC ISO-8601 text: sorts correctly as a string and moves to PostgreSQL unchanged."""
    if instant.tzinfo is None:
        raise ValueError("naive datetimes are never stored")
    return instant.astimezone(UTC).isoformat(timespec="seconds")


def from_db_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def create_private_file(path: Path) -> None:
    """Make ``path`` readable by its owner only before SQLite opens it.

    A new file is created empty with mode 0600 (SQLite takes an empty file for a new
    database), so it is never world-readable, not even for a moment; an existing one that
    others may read (made by an older Kindred, or copied carelessly) is tightened, with its
    side files, and the operator told.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        pass
    else:
        os.close(fd)
    for candidate in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            candidate.chmod(mode & ~0o077 & 0o777)
            log.warning(
                "%s could be read by other accounts (mode %o); now only its owner can",
                candidate,
                mode,
            )


class Database:
    """The bot's single SQLite connection, opened with :meth:`open`."""

    def __init__(self, path: Path, connection: aiosqlite.Connection) -> None:
        self.path = path
        self._conn = connection
        self._lock = asyncio.Lock()
        # The task whose transaction is open in this context, if any. Tasks started inside
        # a transaction inherit the variable, so the owning task is checked too.
        self._in_transaction: contextvars.ContextVar[asyncio.Task[Any] | None] = (
            contextvars.ContextVar(f"kindred_transaction_{id(self)}", default=None)
        )

    @classmethod
    async def open(
        cls, path: Path, *, prepare: Callable[[Database], Awaitable[object]] | None = None
    ) -> Database:
        """Open (creating folders as needed), set the pragmas and run ``prepare`` (the
        schema is :mod:`bot.storage.schema`'s business); on failure nothing is left open."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            create_private_file(path)
            conn = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(f"cannot open the database at {path}: {exc}") from exc
        db = cls(path, conn)
        try:
            await db._configure()
            if prepare is not None:
                await prepare(db)
        except (OSError, sqlite3.Error) as exc:
            await conn.close()
            raise DatabaseError(f"cannot use the database at {path}: {exc}") from exc
        except BaseException:
            await conn.close()
            raise
        return db

    async def _configure(self) -> None:
        conn = self._conn
        conn.row_factory = aiosqlite.Row
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor = await conn.execute("PRAGMA journal_mode = WAL")
        row = await cursor.fetchone()
        if row is None or str(row[0]).lower() != "wal":
            raise DatabaseError(f"could not switch {self.path} to WAL journal mode")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages: what a member
        # deletes or a pseudonym migration removes cannot be read back from the file's bytes.
        # (Some SQLite builds do this by default, others do not.)
        await conn.execute("PRAGMA secure_delete = ON")

    async def close(self) -> None:
        async with self._lock:
            await self._conn.close()

    # -- access -----------------------------------------------------------------------

    def _joins_transaction(self) -> bool:
        owner = self._in_transaction.get()
        return owner is not None and owner is asyncio.current_task()

    @asynccontextmanager
    async def _statement(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection for one statement: the open transaction's, or under the lock."""
        if self._joins_transaction():
            yield self._conn
        else:
            async with self._lock:
                yield self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """A write transaction: ``BEGIN IMMEDIATE`` takes the write lock up front.

        Everything this task calls on the database until the block ends is part of it (a
        nested ``transaction()`` joins the outer one); it commits when the outermost block
        ends and rolls back if that block raises.
        """
        if self._joins_transaction():
            yield self
            return
        async with self._lock:
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
            except asyncio.CancelledError:
                # aiosqlite runs the BEGIN on its thread even though we stopped waiting:
                # undo it before letting go of the lock, or the next transaction fails.
                with contextlib.suppress(sqlite3.Error):
                    await asyncio.shield(self._conn.execute("ROLLBACK"))
                raise
            token = self._in_transaction.set(asyncio.current_task())
            try:
                yield self
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")
            finally:
                self._in_transaction.reset(token)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One write statement (in its own transaction unless one is open); returns the
        number of rows changed."""
        async with self.transaction(), self._statement() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """One write statement for each of ``rows``, all in one transaction."""
        async with self.transaction(), self._statement() as conn:
            await conn.executemany(sql, rows)

    async def insert_returning(self, sql: str, params: Params = ()) -> Row:
        """The row an ``INSERT … RETURNING`` (or ``UPDATE … RETURNING``) gave back; it must
        give exactly one."""
        async with self.transaction(), self._statement() as conn:
            cursor = await conn.execute(sql, params)
            row: Row | None = await cursor.fetchone()
            await cursor.close()
        if row is None:
            raise DatabaseError("a statement with RETURNING returned no row")
        return row

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self._statement() as conn:
            cursor = await conn.execute(sql, params)
            row: Row | None = await cursor.fetchone()
            await cursor.close()
            return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of a query (or of a write with ``RETURNING``, inside a transaction)."""
        async with self._statement() as conn:
            cursor = await conn.execute(sql, params)
            rows = list(await cursor.fetchall())
            await cursor.close()
            return rows

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    # -- schema introspection (the engine's business, e.g. for re-sealing) -------------

    async def table_names(self) -> list[str]:
        rows = await self.fetch_all(
            "SELECT name FROM sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
        return [str(row[0]) for row in rows]

    async def column_names(self, table: str) -> list[str]:
        rows = await self.fetch_all("SELECT name FROM pragma_table_info(?)", (table,))
        return [str(row[0]) for row in rows]

    async def backup_to(self, target: Path) -> None:
        """An online, consistent copy (SQLite's backup API) while the bot keeps running;
        readable by its owner only, like the database itself."""
        target.parent.mkdir(parents=True, exist_ok=True)
        create_private_file(target)
        async with self._lock:
            dest = await aiosqlite.connect(target)
            try:
                await self._conn.backup(dest)
            finally:
                await dest.close()

    async def integrity_problems(self) -> list[str]:
        rows = await self.fetch_all("PRAGMA integrity_check")
        return [str(row[0]) for row in rows if str(row[0]) != "ok"]
