"""The store's steps the flow added: a conversation ends once, a Pass ends it at once, a
retried fire finds its check-in, and a refused one is taken back only while never sent."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.storage.database import Database
from bot.storage.vault import Vault
from cogs.checkins.moods import Mood
from cogs.checkins.repository.checkins import CheckinStore

ANA, BEN = 1001, 1002
ZONE = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 6, 1, 20, tzinfo=UTC)


@pytest.fixture
def store(checkin_db: Database, vault: Vault) -> CheckinStore:
    return CheckinStore(checkin_db, vault)


async def test_a_conversation_ends_once_only_after_an_answer_and_only_for_its_member(
    store: CheckinStore,
) -> None:
    checkin = await store.ask(ANA, ZONE, NOW)
    assert checkin is not None
    assert not await store.finish(checkin.id, ANA, NOW), "nothing answered yet"
    assert await store.answer_mood(checkin.id, ANA, Mood.LOW, NOW)
    assert not await store.finish(checkin.id, BEN, NOW)
    results = await asyncio.gather(*(store.finish(checkin.id, ANA, NOW) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]
    finished = await store.get(checkin.id)
    assert finished is not None
    assert finished.finished_at == NOW


async def test_a_pass_ends_the_conversation_and_a_mood_does_not(store: CheckinStore) -> None:
    passed = await store.ask(ANA, ZONE, NOW)
    moody = await store.ask(ANA, ZONE, NOW)
    assert passed is not None
    assert moody is not None
    assert await store.pass_(passed.id, ANA, NOW)
    assert await store.answer_mood(moody.id, ANA, Mood.GOOD, NOW)
    after_pass, after_mood = await store.get(passed.id), await store.get(moody.id)
    assert after_pass is not None
    assert after_mood is not None
    assert after_pass.finished_at == NOW
    assert after_mood.finished_at is None
    assert not await store.finish(passed.id, ANA, NOW)


async def test_a_retried_fire_finds_its_checkin_and_a_refused_one_is_taken_back(
    store: CheckinStore,
) -> None:
    asked = await store.ask(ANA, ZONE, NOW, "2026-06-01")
    assert asked is not None
    found = await store.by_occurrence(ANA, "2026-06-01")
    assert found is not None
    assert found.id == asked.id
    assert found.occurrence_key == "2026-06-01"
    assert await store.by_occurrence(BEN, "2026-06-01") is None
    assert await store.forget_unsent(asked.id)
    assert await store.get(asked.id) is None


async def test_a_sent_or_answered_checkin_is_never_taken_back(store: CheckinStore) -> None:
    sent = await store.ask(ANA, ZONE, NOW)
    answered = await store.ask(ANA, ZONE, NOW)
    assert sent is not None
    assert answered is not None
    await store.sent(sent.id, 5, 6)
    assert await store.answer_mood(answered.id, ANA, Mood.OKAY, NOW + timedelta(minutes=1))
    assert not await store.forget_unsent(sent.id)
    assert not await store.forget_unsent(answered.id)
