"""/boundaries: a member's own limits, which every feature obeys."""

from bot.app.client import Kindred
from cogs.boundaries.cog import BoundariesCog


async def setup(bot: Kindred) -> None:
    await bot.add_cog(BoundariesCog(bot))
