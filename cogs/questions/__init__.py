"""/question: daily questions, answers in a thread, depth by consent."""

from bot.app.client import Kindred
from cogs.questions.cog import Questions


async def setup(bot: Kindred) -> None:
    await bot.add_cog(Questions(bot))
