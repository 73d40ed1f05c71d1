"""One running bot per hostile test module, and the proof of how many cases ran."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.profile import PROFILE, TALLY, TARGET_CASES
from tests.hostile.session import HostileSession, hostile_session

_HERE = "tests/hostile/"
_MODULES = {f"{_HERE}{p.name}" for p in Path(__file__).parent.glob("test_*.py")}
_run: dict[str, bool] = {"deselected": False, "whole": False}


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileSession]:
    with hostile_session(tmp_path_factory.mktemp("hostile") / "kindred.db") as running:
        yield running


@pytest.fixture
def tally(request: pytest.FixtureRequest) -> Iterator[dict[str, int]]:
    """Count this test's cases; the count is kept even when the test fails."""
    counts = {"cases": 0}
    yield counts
    TALLY[request.node.nodeid] = counts["cases"]


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(_HERE in item.nodeid for item in items):
        _run["deselected"] = True


def pytest_collection_finish(session: pytest.Session) -> None:
    files = {item.nodeid.split("::", 1)[0] for item in session.items}
    _run["whole"] = files >= _MODULES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY:
        return
    total = sum(TALLY.values())
    terminalreporter.write_line(
        f"hostile suite ({PROFILE}): {total} generated cases in {len(TALLY)} tests"
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The whole hostile suite ran: it must have run at least TARGET_CASES cases."""
    if not _run["whole"] or _run["deselected"] or session.config.getoption("maxfail", 0):
        return
    total = sum(TALLY.values())
    if total < TARGET_CASES:
        session.config.get_terminal_writer().line(
            f"hostile suite: only {total} cases ran, the target is {TARGET_CASES}", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
