"""Kindred installs like a package: built as a wheel and installed (not editable) in a fresh
virtualenv, it checks out from an empty folder, with its content inside the package and its
database outside it, and ``check`` notices when the installed content lost a file.

The wheel is built once per session, the way ``pip wheel`` / ``pip install .`` builds it for a
user (build isolation included), from a copy of the files git knows, so nothing left lying in
the checkout can hide a missing one. The fresh virtualenv gets the wheel and nothing else; its
dependencies are not downloaded again but reached through one ``.pth`` line naming this test
run's site-packages. A path added that way only extends ``sys.path``: the ``.pth`` files inside
it are not read, so the editable install living there stays off, and the tests check that
``bot`` is imported from the fresh virtualenv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app.client import discover_extensions

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (
    "DISCORD_TOKEN",
    "DATABASE_PATH",
    "DISCORD_API_BASE",
    "DISCORD_GATEWAY_URL",
    "DEV_GUILD_ID",
    "LOG_LEVEL",
    "KINDRED_SECRET_KEY",
)


@dataclass(frozen=True, slots=True)
class Installed:
    wheel: Path
    bin: Path
    site_packages: Path

    def run(self, program: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """A program of the fresh virtualenv, run as a user would: no settings, no PYTHONPATH."""
        env = {k: v for k, v in os.environ.items() if k not in {*SETTINGS, "PYTHONPATH"}}
        return subprocess.run(
            [str(self.bin / program), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def tracked_files(*folders: str) -> list[str]:
    """The files git keeps (or would keep: new ones not ignored) under ``folders``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "-q", *args], check=True, timeout=600)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    for name in tracked_files("."):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    pip("wheel", "--no-deps", "--wheel-dir", str(base / "dist"), str(source))
    (wheel,) = (base / "dist").glob("kindred-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip("--python", str(python), "install", "--no-deps", "--no-index", str(wheel))
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    dependencies = sysconfig.get_paths()["purelib"]
    (site_packages / "kindred_test_dependencies.pth").write_text(dependencies + "\n")
    return Installed(wheel, venv / "bin", site_packages)


@pytest.fixture
def empty_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "empty"
    folder.mkdir()
    yield folder
    assert list(folder.iterdir()) == [], "check changes nothing"


def test_the_wheel_holds_every_file_of_the_code_and_the_content(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    expected = {
        name.replace("data/", "kindred_data/", 1) if name.startswith("data/") else name
        for name in tracked_files("bot", "cogs", "data")
    }
    missing = sorted(expected - names)
    assert not missing, (
        f"missing from the wheel: {missing}; list their folders as packages under "
        "[tool.setuptools] in pyproject.toml"
    )
    # Nothing else lands in site-packages: no tests, and no package named plainly "data".
    metadata = "-".join(installed.wheel.name.split("-")[:2]) + ".dist-info"
    assert {name.split("/", 1)[0] for name in names} == {"bot", "cogs", "kindred_data", metadata}


def test_the_installed_code_is_the_wheel_not_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    where = installed.run(
        "python",
        "-c",
        "import bot, cogs, kindred_data; print(bot.__file__, cogs.__file__, kindred_data.__file__)",
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    for path in where.stdout.split():
        assert Path(path).is_relative_to(installed.site_packages), path


def test_check_passes_from_an_empty_folder_with_the_database_outside_the_package(
    installed: Installed, empty_folder: Path
) -> None:
    result = installed.run("kindred", "check", cwd=empty_folder)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    content = len([n for n in tracked_files("data") if n.endswith(".json")]) // 2
    assert f"content: ok ({content} files in {installed.site_packages / 'kindred_data'})" in lines
    database = empty_folder / "data" / "kindred.db"
    assert f"database: {database} will be created (schema " in result.stdout
    assert not database.is_relative_to(installed.site_packages)
    assert f"secret key: will be generated at {database.with_suffix('.key')}" in lines
    features = ", ".join(name.rsplit(".", 1)[1] for name in discover_extensions())
    assert f"features: {features}" in lines
    assert lines[-1] == "result: ok"


def test_check_fails_when_the_installed_content_lost_a_file(
    installed: Installed, empty_folder: Path
) -> None:
    bank = installed.site_packages / "kindred_data" / "questions" / "bank.json"
    aside = bank.with_name("bank.json.aside")
    bank.rename(aside)
    try:
        result = installed.run("kindred", "check", cwd=empty_folder)
    finally:
        aside.rename(bank)
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    assert lines[lines.index("content: 1 problem(s)") + 1] == f"  {bank}: missing"
    assert lines[-1] == "result: FAILED"


def test_the_fake_discord_validates_against_the_spec_from_the_wheel(
    installed: Installed, tmp_path: Path
) -> None:
    script = (
        "from bot.fakediscord import OpenApiValidationError, load_validator\n"
        "validate = load_validator()\n"
        "validate('POST', '/channels/{channel_id}/messages', {'content': 'hello'})\n"
        "try:\n"
        "    validate('POST', '/channels/{channel_id}/messages', {'content': 'x' * 2001})\n"
        "except OpenApiValidationError as exc:\n"
        "    print('refused:', exc)\n"
    )
    result = installed.run("python", "-c", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused: POST /channels/{channel_id}/messages: $.content")
