"""/checkin: private check-ins by DM or right where you are, with a chart of your moods."""

from bot.app.client import Kindred
from cogs.checkins.cog import Checkins


async def setup(bot: Kindred) -> None:
    await bot.add_cog(Checkins(bot))
