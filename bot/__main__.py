"""``python -m bot`` / ``kindred``: run the bot, check the set-up, sync commands, back up,
and manage the secret key.

Every expected failure (missing token, bad setting, unusable database, invalid content)
ends with one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import discord

from bot.app.client import Kindred, StartupError, discover_extensions
from bot.app.content import ContentError, Messages, check_all, content_files
from bot.app.logs import setup_logging
from bot.app.settings import Settings, SettingsError, load_settings
from bot.storage.database import Database, DatabaseError
from bot.storage.schema import Schema
from bot.storage.vault import SecretKeyError, Vault, check_vault, open_vault, rekey

log = logging.getLogger("bot")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kindred", description="Kindred, a Discord bot that helps people grow closer."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="connect to Discord and run the bot (the default)")
    commands.add_parser(
        "check", help="validate settings, database and content; print what would run"
    )
    commands.add_parser("sync", help="push the slash commands to Discord globally")
    backup = commands.add_parser("backup", help="copy the live database safely to PATH")
    backup.add_argument("path", type=Path, metavar="PATH")
    commands.add_parser("genkey", help="print a new secret key (for KINDRED_SECRET_KEY)")
    commands.add_parser(
        "rekey", help="re-seal all private text with the first key in KINDRED_SECRET_KEY"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "genkey":
        # Before the settings: a malformed KINDRED_SECRET_KEY is exactly when one needs a key.
        return genkey()
    try:
        settings = load_settings()
        setup_logging(settings)
        if args.command == "backup":
            return asyncio.run(backup(settings, args.path))
        return asyncio.run(COMMANDS[args.command or "run"](settings))
    except KeyboardInterrupt:
        return EXIT_OK
    except Exception as exc:
        message = explain_failure(exc)
        if message is None:
            raise
        return fail(message)


#: Gateway close codes a setting can cause: too many servers on one shard, no such shard.
GATEWAY_REFUSALS = {
    4011: "Discord requires more shards (at most 2,500 servers each): raise SHARD_COUNT, "
    "or unset it so Kindred asks Discord how many.",
    4010: "Discord refused a shard number: check SHARD_COUNT and SHARD_IDS.",
}


def explain_failure(exc: Exception) -> str | None:
    """One line for an expected failure; None for a bug, which keeps its traceback."""
    if isinstance(
        exc, SettingsError | DatabaseError | ContentError | StartupError | SecretKeyError
    ):
        return str(exc)
    if isinstance(exc, discord.LoginFailure):
        return "Discord refused DISCORD_TOKEN; copy it again from the Developer Portal."
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return (
            "Discord asked for privileged intents, but Kindred needs none: is this the right bot?"
        )
    if isinstance(exc, discord.ConnectionClosed) and exc.code in GATEWAY_REFUSALS:
        return GATEWAY_REFUSALS[exc.code]
    if isinstance(exc, discord.GatewayNotFound | discord.HTTPException | OSError):
        return f"could not reach Discord: {exc}"
    return None


def fail(message: str) -> int:
    print(f"kindred: {message}", file=sys.stderr)  # noqa: T201 - the one line users read
    return EXIT_FAILED


def ensure_writable(path: Path) -> None:
    """A database Kindred could open but not write would fail on the first "saved"."""
    target = path if path.exists() else path.parent
    while not target.exists():
        target = target.parent
    if not os.access(target, os.W_OK):
        raise DatabaseError(f"DATABASE_PATH {path} is not writable by this user")


async def open_database(settings: Settings) -> tuple[Database, Vault]:
    """The migrated database and a key proven to open it, or nothing left open."""
    ensure_writable(settings.database_path)
    db = await Schema.for_features(discover_extensions()).open(settings.database_path)
    try:
        vault = await open_vault(settings, db)
    except BaseException:
        await db.close()
        raise
    return db, vault


async def run(settings: Settings) -> int:
    token = settings.require_token()
    problems = check_all(settings.data_dir)
    if problems:
        raise ContentError(f"{len(problems)} problem(s) in the shipped content: {problems[0]}")
    db, vault = await open_database(settings)
    bot = Kindred(settings, db, vault=vault)
    stopping = asyncio.current_task()
    if stopping is not None:
        with contextlib.suppress(NotImplementedError):  # no SIGTERM handlers on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.cancel)
    try:
        async with bot:  # leaving the block closes the bot in order, however it is left
            await bot.start(token)
    except asyncio.CancelledError:
        log.info("stopped by SIGTERM")
    return EXIT_OK


async def sync(settings: Settings) -> int:
    """Global sync, on purpose only: Discord limits command creations per day."""
    token = settings.require_token()
    db, vault = await open_database(settings)
    bot = Kindred(settings, db, vault=vault)
    async with bot:
        await bot.login(token)  # loads every feature; nothing is posted without a gateway
        synced = await bot.tree.sync()
    print(f"synced {len(synced)} global commands: " + ", ".join(f"/{c.name}" for c in synced))  # noqa: T201
    return EXIT_OK


async def check(settings: Settings) -> int:
    """Everything that can be checked without Discord and without changing anything."""
    ok = True
    out: list[str] = ["settings:", *(f"  {line}" for line in settings.describe())]
    content_ok, lines = check_content(settings)
    out.extend(lines)
    ok = ok and content_ok
    database_ok, lines = await check_database(settings)
    out.extend(lines)
    ok = ok and database_ok
    try:
        features = discover_extensions()
        for feature in features:
            importlib.import_module(feature)
    except ImportError as exc:
        out.append(f"features: cannot import: {exc}")
        ok = False
    else:
        out.append("features: " + ", ".join(name.rsplit(".", 1)[1] for name in features))
    out.append("result: ok" if ok else "result: FAILED")
    print("\n".join(out))  # noqa: T201
    return EXIT_OK if ok else EXIT_FAILED


def check_content(settings: Settings) -> tuple[bool, list[str]]:
    """The shipped content, where it was found, and whether the messages fit together."""
    root = settings.data_dir
    problems = check_all(root)
    if problems:
        return False, [
            f"content: {len(problems)} problem(s)",
            *(f"  {problem}" for problem in problems),
        ]
    try:
        Messages.from_data_dir(root)
    except ContentError as exc:
        return False, ["content: the messages do not fit together", f"  {exc}"]
    return True, [f"content: ok ({sum(1 for _ in content_files(root))} files in {root})"]


async def check_database(settings: Settings) -> tuple[bool, list[str]]:
    """The database and the secret key, checked together: a key is only right for some data."""
    ok = True
    out: list[str] = []
    schema = Schema.for_features(discover_extensions())
    path = settings.database_path
    try:
        ensure_writable(path)
        if path.exists():
            db = await Database.open(path)
            try:
                states = await schema.state(db)
                broken = await db.integrity_problems()
                key_ok, key_line = await check_secret_key(settings, db)
            finally:
                await db.close()
            pending = sum(state.pending for state in states)
            out.append(
                f"database: {path} at schema {', '.join(map(str, states))}"
                + (f" ({pending} migration(s) will run)" if pending > 0 else "")
            )
            for state in states:
                if state.too_new:
                    out.append(f"  {state.name} is newer than this Kindred knows: upgrade Kindred")
                    ok = False
            if broken:
                out.extend(f"  integrity: {p}" for p in broken)
                ok = False
        else:
            out.append(f"database: {path} will be created (schema {schema.describe_latest()})")
            key_ok, key_line = await check_secret_key(settings, None)
    except DatabaseError as exc:
        out.append(f"database: {exc}")
        return False, [*out, "secret key: not checked (the database cannot be opened)"]
    out.append(key_line)
    return ok and key_ok, out


async def check_secret_key(settings: Settings, db: Database | None) -> tuple[bool, str]:
    """The key's line for ``check``; a refusal is reported, not raised, so the rest still runs."""
    try:
        return True, f"secret key: {await check_vault(settings, db)}"
    except SecretKeyError as exc:
        return False, f"secret key: {exc}"


async def backup(settings: Settings, target: Path) -> int:
    source = settings.database_path
    if not source.exists():
        raise DatabaseError(f"there is no database at {source} to back up")
    if target.exists():  # noqa: ASYNC240 - one stat before any work starts
        raise DatabaseError(f"{target} already exists; choose a new file name")
    db = await Database.open(source)
    try:
        await db.backup_to(target)
    finally:
        await db.close()
    print(f"backed up {source} to {target}")  # noqa: T201
    return EXIT_OK


def genkey() -> int:
    """Only the key on stdout, so ``python -m bot genkey >> somewhere`` captures just that."""
    print(Vault.generate_key())  # noqa: T201
    return EXIT_OK


async def rekey_database(settings: Settings) -> int:
    """Finish a rotation: after this, the older keys open nothing and may be dropped.

    The canary is a ``*_sealed`` value like the others, so it is re-sealed too.
    """
    db, vault = await open_database(settings)
    try:
        count = await rekey(db, vault)
    finally:
        await db.close()
    print(  # noqa: T201
        f"re-sealed {count} values with the newest key; "
        "you may now remove the older keys from KINDRED_SECRET_KEY"
    )
    return EXIT_OK


COMMANDS = {"run": run, "check": check, "sync": sync, "rekey": rekey_database}

if __name__ == "__main__":
    sys.exit(main())
