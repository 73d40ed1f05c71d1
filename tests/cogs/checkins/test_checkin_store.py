"""Check-ins against a real SQLite file: one per occurrence, each step answered once and only
by its member, a Pass never a mood, notes sealed and purged at expiry, history and care input."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.storage.database import Database
from bot.storage.vault import Vault
from cogs.checkins.history import series
from cogs.checkins.moods import Mood, Wish
from cogs.checkins.repository.checkins import CheckinStore

ANA, BEN = 1001, 1002
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)  # 21:00 in Tokyo


@pytest.fixture
def store(checkin_db: Database, vault: Vault) -> CheckinStore:
    return CheckinStore(checkin_db, vault)


async def test_one_checkin_per_occurrence_but_any_number_now(store: CheckinStore) -> None:
    first = await store.ask(ANA, TOKYO, NOW, "checkin:1001:2026-06-01")
    assert first is not None
    assert await store.ask(ANA, TOKYO, NOW, "checkin:1001:2026-06-01") is None
    now_one = await store.ask(ANA, TOKYO, NOW)
    now_two = await store.ask(ANA, TOKYO, NOW)
    assert now_one is not None
    assert now_two is not None
    assert len({first.id, now_one.id, now_two.id}) == 3


async def test_ids_are_never_reused_after_a_delete(
    store: CheckinStore, checkin_db: Database
) -> None:
    first = await store.ask(ANA, TOKYO, NOW)
    assert first is not None
    await checkin_db.execute("DELETE FROM checkins")
    second = await store.ask(ANA, TOKYO, NOW)
    assert second is not None
    assert second.id > first.id


async def test_the_mood_is_answered_once_and_only_by_its_member(store: CheckinStore) -> None:
    checkin = await store.ask(ANA, TOKYO, NOW)
    assert checkin is not None
    assert not await store.answer_mood(checkin.id, BEN, Mood.GOOD, NOW)
    assert await store.answer_mood(checkin.id, ANA, Mood.LOW, NOW)
    assert not await store.answer_mood(checkin.id, ANA, Mood.GOOD, NOW)
    assert not await store.pass_(checkin.id, ANA, NOW)
    saved = await store.get(checkin.id)
    assert saved is not None
    assert saved.mood is Mood.LOW
    assert saved.answered


async def test_two_presses_at_once_record_one_answer(store: CheckinStore) -> None:
    checkin = await store.ask(ANA, TOKYO, NOW)
    assert checkin is not None
    results = await asyncio.gather(
        store.answer_mood(checkin.id, ANA, Mood.GOOD, NOW),
        store.answer_mood(checkin.id, ANA, Mood.VERY_LOW, NOW),
        store.pass_(checkin.id, ANA, NOW),
    )
    assert sorted(results) == [False, False, True]


async def test_a_pass_has_no_mood_and_asks_no_wish(store: CheckinStore) -> None:
    checkin = await store.ask(ANA, TOKYO, NOW)
    assert checkin is not None
    assert await store.pass_(checkin.id, ANA, NOW)
    saved = await store.get(checkin.id)
    assert saved is not None
    assert saved.passed
    assert saved.mood is None
    assert not await store.set_wish(checkin.id, ANA, Wish.LISTEN)
    assert not await store.set_note(checkin.id, ANA, "words", None)


async def test_the_wish_and_the_note_come_once_after_a_mood(
    store: CheckinStore, checkin_db: Database
) -> None:
    checkin = await store.ask(ANA, TOKYO, NOW)
    assert checkin is not None
    assert not await store.set_wish(checkin.id, ANA, Wish.SPACE), "no mood yet"
    await store.answer_mood(checkin.id, ANA, Mood.OKAY, NOW)
    assert not await store.set_wish(checkin.id, BEN, Wish.SPACE)
    assert await store.set_wish(checkin.id, ANA, Wish.SPACE)
    assert not await store.set_wish(checkin.id, ANA, Wish.COMPANY)
    assert not await store.set_note(checkin.id, BEN, "not mine", None)
    assert await store.set_note(checkin.id, ANA, "a long day", None)
    assert not await store.set_note(checkin.id, ANA, "again", None)
    assert await store.note(checkin.id, ANA) == "a long day"
    assert await store.note(checkin.id, BEN) is None
    sealed = await checkin_db.fetch_value("SELECT note_sealed FROM checkins")
    assert "a long day" not in sealed, "the note is encrypted at rest"


async def test_a_note_is_purged_after_its_retention_and_the_mood_stays(
    store: CheckinStore,
) -> None:
    checkin = await store.ask(ANA, TOKYO, NOW)
    assert checkin is not None
    await store.answer_mood(checkin.id, ANA, Mood.GOOD, NOW)
    await store.set_note(checkin.id, ANA, "a good walk", 7)
    assert await store.purge_expired_notes(NOW + timedelta(days=7) - timedelta(seconds=1)) == 0
    assert await store.purge_expired_notes(NOW + timedelta(days=7)) == 1
    saved = await store.get(checkin.id)
    assert saved is not None
    assert not saved.has_note
    assert saved.mood is Mood.GOOD


async def test_history_sees_unanswered_and_passed_days_as_gaps_on_the_members_dates(
    store: CheckinStore,
) -> None:
    for day, answer in enumerate((Mood.LOW, None, "pass", Mood.VERY_GOOD)):
        checkin = await store.ask(ANA, TOKYO, NOW + timedelta(days=day))
        assert checkin is not None
        if answer == "pass":
            await store.pass_(checkin.id, ANA, NOW + timedelta(days=day))
        elif isinstance(answer, Mood):
            await store.answer_mood(checkin.id, ANA, answer, NOW + timedelta(days=day))
    answers = await store.answers_since(ANA, NOW - timedelta(days=1))
    assert [a.at.tzinfo for a in answers] == [TOKYO] * 4
    last = (NOW + timedelta(days=3)).astimezone(TOKYO).date()
    assert [p.level for p in series(answers, last_day=last, days=4)] == [2, None, None, 5]
    assert await store.answers_since(BEN, NOW) == []


async def test_care_reads_moods_and_when_care_was_last_offered(store: CheckinStore) -> None:
    ids = []
    for day in range(3):
        checkin = await store.ask(ANA, TOKYO, NOW + timedelta(days=day))
        assert checkin is not None
        await store.answer_mood(checkin.id, ANA, Mood.VERY_LOW, NOW + timedelta(days=day))
        ids.append(checkin.id)
    moods = await store.moods_since(ANA, NOW)
    assert [m for m, _ in moods] == [Mood.VERY_LOW] * 3
    assert await store.last_care_offered_at(ANA) is None
    await store.mark_care_offered(ids[-1])
    assert await store.last_care_offered_at(ANA) == NOW + timedelta(days=2)
