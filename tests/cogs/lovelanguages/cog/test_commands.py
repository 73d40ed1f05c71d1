"""The /lovelanguage group, put together from its parts, reads as it always has."""

from __future__ import annotations

from discord import app_commands

from cogs.lovelanguages.cog import LoveLanguages
from cogs.lovelanguages.cog.notes import Appreciate
from cogs.lovelanguages.cog.nudges import Nudges
from cogs.lovelanguages.cog.profiles import Profiles
from cogs.lovelanguages.cog.quiz_flow import QuizFlow


def test_the_parts_give_one_group_with_the_subcommands_in_their_usual_order() -> None:
    # /help lists a group's subcommands in this order; the parts must not reshuffle it.
    names = [command.name for command in LoveLanguages.__cog_app_commands__]
    assert names == [
        "nudges",
        "quiz",
        "result",
        "share",
        "unshare",
        "profile",
        "compare",
        "tips",
        "learn",
        "server",
    ]
    assert LoveLanguages.__cog_group_name__ == "lovelanguage"
    assert LoveLanguages.__cog_name__ == "Love languages"
    assert LoveLanguages.__cog_group_description__ == (
        "Find how you and the people around you like to receive care, and speak it."
    )
    [nudges] = [c for c in LoveLanguages.__cog_app_commands__ if c.name == "nudges"]
    assert isinstance(nudges, app_commands.Group)
    assert [c.name for c in nudges.commands] == ["on", "off"]


def test_each_part_brings_only_the_commands_of_its_job() -> None:
    def own(part: type) -> set[str]:
        return {
            value.name
            for value in vars(part).values()
            if isinstance(value, app_commands.Command | app_commands.Group) and value.parent is None
        }

    assert own(QuizFlow) == {"quiz"}
    assert own(Nudges) == {"nudges"}
    assert own(Profiles) == {
        "result", "share", "unshare", "profile", "compare", "tips", "learn", "server"
    }  # fmt: skip
    assert [c.name for c in Appreciate.__cog_app_commands__] == ["appreciate"]
    assert Appreciate.__cog_name__ == "Appreciation notes"
