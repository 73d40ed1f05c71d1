"""Fixtures for end-to-end tests: a fake Discord validating against Discord's OpenAPI spec."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.fakediscord import FakeDiscord
from tests.e2e.harness import World, build_world
from tests.support.openapi import load_validator


@pytest.fixture
async def world(caplog: pytest.LogCaptureFixture) -> AsyncIterator[World]:
    caplog.set_level(logging.INFO)
    fake = FakeDiscord(validator=load_validator())
    built = build_world(fake)
    async with fake:
        yield built
