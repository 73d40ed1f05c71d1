"""The cog is put together from parts, yet /question stays one group with the same commands."""

from __future__ import annotations

import ast
from pathlib import Path

from discord.ext import commands

from bot.interactions.checks import is_admin_command
from cogs.questions.cog import Questions

# As users see them in /help, in this order.
SUBCOMMANDS = [
    "schedule",
    "schedules",
    "pause",
    "resume",
    "skip",
    "unschedule",
    "now",
    "today",
    "suggest",
    "review",
    "add",
    "remove",
    "bank",
]
FOR_ADMINS = {
    "schedule",
    "schedules",
    "pause",
    "resume",
    "skip",
    "unschedule",
    "review",
    "add",
    "remove",
    "bank",
}


def test_one_question_group_with_every_subcommand_in_order() -> None:
    assert issubclass(Questions, commands.GroupCog)
    assert Questions.__cog_name__ == "Daily questions"
    assert Questions.__cog_group_name__ == "question"
    assert Questions.__cog_group_description__ == (
        "A daily question in your channels; answers in a thread, named or anonymous."
    )
    assert [c.name for c in Questions.__cog_app_commands__] == SUBCOMMANDS


def test_admin_commands_are_checked_and_the_others_are_for_everyone() -> None:
    admin = {c.name for c in Questions.__cog_app_commands__ if is_admin_command(c)}
    assert admin == FOR_ADMINS


def test_every_subcommand_tells_users_what_it_does() -> None:
    for command in Questions.__cog_app_commands__:
        assert command.description and command.description != "…", command.name


def test_in_a_server_is_checked_only_through_server_of() -> None:
    """No assert standing in for a check, no hand-written NoPrivateMessage: server_of says
    it, the same way for every feature."""
    feature = Path(__file__).resolve().parents[4] / "cogs" / "questions"
    files = sorted(feature.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        asserts = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert)]
        assert asserts == [], f"{path.name}: assert on lines {asserts}"
        assert "NoPrivateMessage" not in source, path.name
    uses = sum("server_of(interaction)" in p.read_text(encoding="utf-8") for p in files)
    assert uses >= 4, "the cog's parts check through server_of"
