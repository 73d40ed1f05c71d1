"""/lovelanguage and /appreciate: love languages, and notes of appreciation."""

from bot.app.client import Kindred
from cogs.lovelanguages.cog import LoveLanguages
from cogs.lovelanguages.cog.notes import Appreciate


async def setup(bot: Kindred) -> None:
    love = LoveLanguages(bot)
    await bot.add_cog(love)
    await bot.add_cog(Appreciate(bot, love.store.notes))
