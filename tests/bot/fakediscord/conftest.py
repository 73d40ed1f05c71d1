"""Fixtures for the sandbox tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.fakediscord.openapi import load_validator
from tests.bot.fakediscord.harness import Sandbox, running_sandbox


@pytest.fixture
def validator() -> Callable[[str, str, Any], None]:
    return load_validator()


@pytest.fixture
async def sandbox(
    caplog: pytest.LogCaptureFixture, validator: Callable[[str, str, Any], None]
) -> AsyncIterator[Sandbox]:
    async with running_sandbox(caplog, validator) as box:
        yield box
