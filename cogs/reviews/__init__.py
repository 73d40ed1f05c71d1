"""/review: a regular relationship review for two, answered privately, revealed together."""

from bot.app.client import Kindred
from cogs.reviews.cog import Reviews


async def setup(bot: Kindred) -> None:
    await bot.add_cog(Reviews(bot))
