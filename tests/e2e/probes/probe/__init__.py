"""A test-only feature: commands that fail on purpose and a schedule that posts."""

from __future__ import annotations

from bot.app.client import Kindred
from tests.e2e.probes.probe.cog import Probe


async def setup(bot: Kindred) -> None:
    await bot.add_cog(Probe(bot))
