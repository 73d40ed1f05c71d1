"""The walls that keep the house easy to change (STYLE.md), checked on every run.

- ``bot/`` never imports ``cogs/``: the core knows no feature.
- A feature never imports another feature.
- Features send private messages only through ``bot.outbound.delivery`` (it enforces consent,
  quiet hours and the weekly limit); they never open a DM themselves.
- Pure logic imports nothing from discord, directly or through the project's own modules:
  in ``bot/`` the modules listed below; in a feature, every module except ``cog.py``
  (slash commands; or the modules of a ``cog/`` package, when the cog is split by job),
  ``views.py`` (buttons, selects, modals) and ``__init__.py`` (setup).
- Nothing the bot runs imports the fake Discord (``bot.fakediscord``): it is a tool.
- The core has no import cycle (services are passed in, never the bot).

What each feature owns (its tables, its names) is checked in test_feature_ownership.py.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_CORE = {
    "bot.timing.clock",
    "bot.interactions.user_error",
    "bot.timing.recurrence",
    "bot.timing.timeparse",
    "bot.timing.zones",
    "bot.app.settings",
    "bot.app.content",
    "bot.storage.database",
    "bot.storage.schema",
    "bot.privacy.boundary_rules",
    "bot.storage.vault",
    "bot.privacy.data_rights",
    "bot.privacy.member_store",
    "bot.privacy.topics",
    "bot.interactions.usertext",
}
DISCORD_FACING = {"cog", "views", "__init__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in ("bot", "cogs"):
        for path in (ROOT / package).rglob("*.py"):
            found[module_name(path)] = path
    return found


@cache
def imports_of(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(names)


def reaches_discord(module: str, modules: dict[str, Path], seen: set[str]) -> str | None:
    """The import chain from ``module`` to discord, if there is one."""
    if module in seen or module not in modules:
        return None
    seen.add(module)
    for name in sorted(imports_of(modules[module])):
        if name == "discord" or name.startswith("discord."):
            return f"{module} -> {name}"
        if name in modules:
            chain = reaches_discord(name, modules, seen)
            if chain:
                return f"{module} -> {chain}"
    return None


def features() -> list[str]:
    return sorted(p.name for p in (ROOT / "cogs").iterdir() if (p / "__init__.py").exists())


def test_the_core_never_imports_a_feature() -> None:
    for name, path in project_modules().items():
        if name.startswith("bot"):
            bad = [i for i in imports_of(path) if i == "cogs" or i.startswith("cogs.")]
            assert bad == [], f"{name} imports {bad}"


@pytest.mark.parametrize("feature", features())
def test_a_feature_never_imports_another(feature: str) -> None:
    for name, path in project_modules().items():
        if name.startswith(f"cogs.{feature}"):
            others = {
                i.split(".")[1]
                for i in imports_of(path)
                if i.startswith("cogs.") and i.split(".")[1] != feature
            }
            assert others == set(), f"{name} imports the features {others}"


def test_pure_modules_import_nothing_from_discord() -> None:
    modules = project_modules()
    pure = set(PURE_CORE)
    for name, path in modules.items():
        facing = path.stem in DISCORD_FACING or path.parent.name == "cog"
        if name.startswith("cogs.") and name.count(".") >= 2 and not facing:
            pure.add(name)
    assert pure > PURE_CORE, "features have pure modules too"
    for name in sorted(pure):
        assert name in modules, f"{name} no longer exists: update this test"
        chain = reaches_discord(name, modules, set())
        assert chain is None, f"pure module reaches discord: {chain}"


def test_the_checker_sees_a_real_chain() -> None:
    """The check above must be able to fail: bot.client really does reach discord."""
    assert reaches_discord("bot.app.client", project_modules(), set()) is not None


# Ways to DM someone directly with discord.py; features must use bot.delivery instead.
DIRECT_DM = re.compile(
    r"\bcreate_dm\(|\.dm_channel\b|\b(user|member|author|recipient|target)\.send\("
)


def test_features_send_private_messages_only_through_the_delivery_service() -> None:
    offenders = []
    for name, path in project_modules().items():
        if name.startswith("cogs."):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if DIRECT_DM.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "use bot.delivery.send(Letter(...)):\n" + "\n".join(offenders)


def test_the_direct_dm_pattern_catches_the_usual_ways() -> None:
    for line in ("await member.send('hi')", "dm = await bot.create_dm(user)", "user.dm_channel"):
        assert DIRECT_DM.search(line), line
    assert not DIRECT_DM.search("await self.bot.delivery.send(letter)")


def test_nothing_the_bot_runs_imports_the_fake_discord() -> None:
    """The fake Discord is a tool for tests and the playground, not part of the bot."""
    for name, path in project_modules().items():
        if name.startswith("bot.fakediscord"):
            continue
        bad = [i for i in imports_of(path) if i.startswith("bot.fakediscord")]
        assert bad == [], f"{name} imports {bad}"


def import_cycle(modules: dict[str, Path]) -> list[str] | None:
    """One import cycle among the project's modules (type-checking imports included)."""
    graph = {
        m: sorted(i for i in imports_of(p) if i in modules and i != m) for m, p in modules.items()
    }
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for other in graph[module]:
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other not in state and (cycle := visit(other)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_the_core_has_no_import_cycle() -> None:
    core = {n: p for n, p in project_modules().items() if n.startswith("bot")}
    assert import_cycle(core) is None, " -> ".join(import_cycle(core) or [])


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("import b\n", encoding="utf-8")
    b.write_text("from a import x\n", encoding="utf-8")
    assert import_cycle({"a": a, "b": b}) in (["a", "b", "a"], ["b", "a", "b"])


def test_features_store_only_through_the_database_interface() -> None:
    """No feature holds a connection: engines are the storage layer's business."""
    for name, path in project_modules().items():
        if name.startswith("cogs."):
            engines = [i for i in imports_of(path) if i.split(".")[0] in {"aiosqlite", "sqlite3"}]
            assert engines == [], f"{name} imports {engines}"
