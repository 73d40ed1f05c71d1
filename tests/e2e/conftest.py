"""Fixtures for end-to-end tests: a fake Discord validating against Discord's OpenAPI spec."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.fakediscord import FakeDiscord
from bot.fakediscord.openapi import load_validator
from tests.e2e.harness import World, build_world


@pytest.fixture
async def world(caplog: pytest.LogCaptureFixture) -> AsyncIterator[World]:
    caplog.set_level(logging.INFO)
    fake = FakeDiscord(validator=load_validator())
    built = build_world(fake)
    async with fake:
        yield built
