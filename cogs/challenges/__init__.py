"""/challenge: fun challenges in a channel, completions in a thread, laughter by consent."""

from bot.app.client import Kindred
from cogs.challenges.cog import Challenges


async def setup(bot: Kindred) -> None:
    await bot.add_cog(Challenges(bot))
