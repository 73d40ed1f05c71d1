"""The real program, `python -m bot`, as its own process against the local fake Discord."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.fakediscord import FakeDiscord
from tests.e2e.harness import TOKEN, World

ROOT = Path(__file__).resolve().parents[2]
GLOBAL_COMMANDS = "/applications/{application_id}/commands"


def environment(world: World, db_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "KINDRED_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        DISCORD_TOKEN=TOKEN,
        DATABASE_PATH=str(db_path),
        DISCORD_API_BASE=world.fake.api_base,
        DEV_GUILD_ID=str(world.guild.id),
        LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


@asynccontextmanager
async def kindred_process(
    world: World, db_path: Path, log: Path, *args: str, **extra: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    with log.open("ab") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=db_path.parent,
            env=environment(world, db_path, **extra),
            stdout=sink,
            stderr=sink,
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def connected(fake: FakeDiscord, identifies: int) -> None:
    await fake.wait_until(lambda: fake.identify_count >= identifies, 30, "an IDENTIFY")
    await fake.wait_for_connection(timeout=10)
    await asyncio.sleep(0.3)  # discord.py's guild_ready_timeout before it answers


async def answers_help(world: World) -> None:
    handle = await world.fake.slash(world.alice, world.general, "help")
    response = await handle.response(timeout=10)
    assert response.type == 4 and response.ephemeral


async def test_runs_answers_and_stops_cleanly_on_sigterm(world: World, tmp_path: Path) -> None:
    db_path, log = tmp_path / "kindred.db", tmp_path / "kindred.log"
    async with kindred_process(world, db_path, log) as process:
        await connected(world.fake, 1)
        await world.fake.wait_until(lambda: world.fake.commands_for(world.guild) != [], 10)
        await answers_help(world)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 20) == 0
    text = log.read_text(encoding="utf-8")
    assert "closed" in text
    assert "Traceback" not in text and " ERROR " not in text, text
    assert TOKEN not in text, "the token is never logged"
    assert world.fake.validation_errors == []


async def test_survives_kill_9_and_restarts_with_its_data(world: World, tmp_path: Path) -> None:
    db_path, log = tmp_path / "kindred.db", tmp_path / "kindred.log"
    async with kindred_process(world, db_path, log) as process:
        await connected(world.fake, 1)
        await answers_help(world)
        process.kill()  # SIGKILL: no chance to tidy up
        await process.wait()
    async with kindred_process(world, db_path, log) as process:
        await connected(world.fake, 2)
        await answers_help(world)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 20) == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert "Traceback" not in log.read_text(encoding="utf-8")


async def test_sync_pushes_global_commands_without_connecting(world: World, tmp_path: Path) -> None:
    db_path, log = tmp_path / "kindred.db", tmp_path / "kindred.log"
    async with kindred_process(world, db_path, log, "sync", DEV_GUILD_ID="") as process:
        assert await asyncio.wait_for(process.wait(), 30) == 0
    assert {c["name"] for c in world.fake.commands_for(None)} >= {"help"}
    assert world.fake.identify_count == 0
    assert "synced" in log.read_text(encoding="utf-8")
    assert world.fake.validation_errors == []


async def test_an_explicit_gateway_url_is_used_as_given(world: World, tmp_path: Path) -> None:
    db_path, log = tmp_path / "kindred.db", tmp_path / "kindred.log"
    extra = {"DISCORD_GATEWAY_URL": world.fake.gateway_url}
    async with kindred_process(world, db_path, log, **extra) as process:
        await connected(world.fake, 1)
        await answers_help(world)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 20) == 0
    # asked once, for the number of shards only (its URL is not used)
    assert len(world.fake.find_requests(method="GET", route="/gateway/bot")) == 1


async def test_a_token_discord_refuses_is_one_line(world: World, tmp_path: Path) -> None:
    db_path, log = tmp_path / "kindred.db", tmp_path / "kindred.log"
    world.fake.fail_next("GET", "/users/@me", 401, code=0, message="401: Unauthorized")
    async with kindred_process(world, db_path, log) as process:
        assert await asyncio.wait_for(process.wait(), 30) == 1
    lines = log.read_text(encoding="utf-8").strip().splitlines()
    assert (
        lines[-1]
        == "kindred: Discord refused DISCORD_TOKEN; copy it again from the Developer Portal."
    )
    assert "Traceback" not in "\n".join(lines)
