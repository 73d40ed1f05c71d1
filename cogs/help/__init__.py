"""/help, generated from the command tree so it can never drift from reality."""

from bot.app.client import Kindred
from cogs.help.cog import Help


async def setup(bot: Kindred) -> None:
    await bot.add_cog(Help(bot))
