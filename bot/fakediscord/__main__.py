"""Run a FakeDiscord on its own: ``python -m bot.fakediscord --port 8765``.

It builds a small demo world and serves until interrupted; point a bot at the printed URLs.
Every request body is checked against Discord's OpenAPI spec, as in the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from .fake import FakeDiscord
from .openapi import load_validator

_log = logging.getLogger("bot.fakediscord")


async def serve(host: str, port: int) -> None:
    """Start a fake with one guild and two users and serve until cancelled."""
    fake = FakeDiscord(host=host, port=port, validator=load_validator())
    guild = fake.add_guild("Sandbox", channels=("general", "random"))
    fake.add_member(guild, "alice", administrator=True)
    fake.add_member(guild, "bob")
    await fake.start()
    _log.info("fake Discord API base: %s", fake.api_base)
    _log.info("fake Discord gateway:  %s", fake.gateway_url)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Run a local fake Discord.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
