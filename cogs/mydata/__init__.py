"""/mydata: export or delete everything Kindred holds about you."""

from bot.app.client import Kindred
from cogs.mydata.cog import MyData


async def setup(bot: Kindred) -> None:
    await bot.add_cog(MyData(bot))
