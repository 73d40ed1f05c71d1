"""The README's two set-up commands stay true: CI runs the very same test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert match, "README.md must open with a sh code block"
    assert text.index("```sh") < text.index("\n## "), "the commands come before any section"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_the_readme_opens_with_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    run, test = commands
    assert run.endswith("python -m bot")
    assert test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_every_setting_is_documented_in_env_example_and_readme() -> None:
    settings_source = (ROOT / "bot" / "app" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'get\("([A-Z_]+)"\)', settings_source))
    assert names >= {"DISCORD_TOKEN", "DATABASE_PATH", "DISCORD_API_BASE", "LOG_LEVEL"}
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert re.search(rf"^#? ?{name}=", example, re.MULTILINE), f"{name} not in .env.example"
        assert f"`{name}`" in readme, f"{name} not in README.md"


def test_the_documented_database_default_is_the_real_one() -> None:
    from bot.app.settings import DEFAULT_DATABASE_PATH

    default = DEFAULT_DATABASE_PATH.as_posix()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = re.search(r"^\| `DATABASE_PATH` \|.*\| ([^|]+) \|$", readme, re.MULTILINE)
    assert row, "README.md's settings table has a DATABASE_PATH row"
    assert row.group(1) == f"`{default}` in the directory Kindred runs in"
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert f"Default: {default} in that directory" in example
    assert f"# DATABASE_PATH={default}\n" in example
