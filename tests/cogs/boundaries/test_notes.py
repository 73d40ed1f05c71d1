"""The notes option of /boundaries set: its kinds, how it is stored, and how it is exported."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.privacy.member_store import MemberStore
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.boundaries.notes import (
    ANONYMOUS_NOTE_KIND,
    EXPORT_NAME,
    NOTE_KIND,
    NotesSetting,
    exported,
)
from cogs.lovelanguages import kinds as sent_kinds
from tests.support.keys import make_test_vault

START = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
ANA, BEN = 1001, 1002
GUILD, OTHER_GUILD = 501, 502
CARD = "Glad to talk about jazz; please never ask about my brother Tobias."
CHECKIN = "checkin"


# -- the option and its kinds -------------------------------------------------------------


def test_each_notes_setting_grants_exactly_its_kinds() -> None:
    assert NotesSetting.OFF.kinds == frozenset()
    assert NotesSetting.NAMED.kinds == frozenset({NOTE_KIND})
    assert NotesSetting.ANYONE.kinds == frozenset({NOTE_KIND, ANONYMOUS_NOTE_KIND})


@pytest.mark.parametrize("setting", list(NotesSetting))
def test_a_notes_setting_survives_a_round_trip_through_consents(setting: NotesSetting) -> None:
    consents = setting.kinds | {CHECKIN, "nudge"}  # other consents do not disturb it
    assert NotesSetting.from_consents(consents) is setting
    assert exported(consents) == setting.value


def test_a_setting_names_both_note_kinds_and_no_other() -> None:
    assert NotesSetting.NAMED.consent_changes() == {NOTE_KIND: True, ANONYMOUS_NOTE_KIND: False}
    assert NotesSetting.OFF.consent_changes() == {NOTE_KIND: False, ANONYMOUS_NOTE_KIND: False}
    assert NotesSetting.ANYONE.consent_changes() == {NOTE_KIND: True, ANONYMOUS_NOTE_KIND: True}


def test_the_kinds_are_the_ones_notes_are_sent_as() -> None:
    """Features never import each other: the sender spells the same strings."""
    assert (NOTE_KIND, ANONYMOUS_NOTE_KIND) == (
        sent_kinds.NOTE_KIND,
        sent_kinds.ANONYMOUS_NOTE_KIND,
    )


# -- stored through the member store, as /boundaries set does -----------------------------


@pytest.fixture
def store(db: Database) -> MemberStore:
    """The member store with the option exported, as the boundaries cog sets it up."""
    members = MemberStore(db, make_test_vault(), OffsetClock(START))
    members.add_consent_setting(EXPORT_NAME, exported)
    return members


async def test_the_notes_setting_grants_and_revokes_only_note_kinds(store: MemberStore) -> None:
    await store.allow(ANA, CHECKIN)
    await store.update(ANA, consents=NotesSetting.ANYONE.consent_changes())
    assert (await store.get(ANA)).consents == {CHECKIN, NOTE_KIND, ANONYMOUS_NOTE_KIND}
    await store.update(ANA, consents=NotesSetting.NAMED.consent_changes())
    assert (await store.get(ANA)).consents == {CHECKIN, NOTE_KIND}
    await store.update(ANA, consents=NotesSetting.OFF.consent_changes())
    assert (await store.get(ANA)).consents == {CHECKIN}


async def test_an_update_without_notes_keeps_note_consent(store: MemberStore) -> None:
    await store.update(ANA, consents=NotesSetting.NAMED.consent_changes())
    await store.update(ANA, max_depth=2)
    assert NotesSetting.from_consents((await store.get(ANA)).consents) is NotesSetting.NAMED


async def test_accepting_notes_clears_unreachable(store: MemberStore) -> None:
    await store.mark_unreachable(ANA, datetime(2026, 1, 10, 8, 30, tzinfo=UTC))
    await store.update(ANA, consents=NotesSetting.NAMED.consent_changes())
    assert (await store.get(ANA)).unreachable_since is None


# -- the export a member sees ---------------------------------------------------------------


async def test_export_holds_everything_about_the_member(store: MemberStore) -> None:
    await store.update(
        ANA,
        max_depth=2,
        quiet_hours=(time(22), time(7)),
        zone=LONDON,
        max_dms_per_week=5,
        consents=NotesSetting.NAMED.consent_changes(),
    )
    await store.allow(ANA, CHECKIN)
    await store.set_topic(ANA, "family", off=True)
    await store.set_dont_pair(ANA, BEN, listed=True)
    await store.set_card(ANA, text=CARD, guild_id=GUILD, shared=True)
    await store.mark_unreachable(ANA, datetime(2026, 1, 14, 9, 0, tzinfo=UTC))
    await store.set_card(ANA, text=None, guild_id=OTHER_GUILD, shared=True)
    exported_data = await store.export_member(ANA)
    assert exported_data == {
        "max_depth": 2,
        "quiet_hours": "22:00-07:00",
        "timezone": "Europe/London",
        "max_dms_per_week": 5,
        "pairing": True,
        "appreciation_notes": "named",
        "topics_off": ["family"],
        "dont_pair": [str(BEN)],
        "dm_consents": ["checkin", "note"],
        "unreachable_since": "2026-01-14T09:00:00+00:00",
        "paused_from": None,
        "paused_until": None,
        "card": CARD,
        "card_shared_in_servers": [str(GUILD), str(OTHER_GUILD)],
    }
    # The file members download keeps its order: the option right after pairing.
    keys = list(exported_data)
    assert keys[keys.index("pairing") + 1] == "appreciation_notes"


async def test_export_of_a_stranger_holds_the_defaults(store: MemberStore) -> None:
    assert await store.export_member(ANA) == {
        "max_depth": 3,
        "quiet_hours": None,
        "timezone": None,
        "max_dms_per_week": 14,
        "pairing": True,
        "appreciation_notes": "off",
        "topics_off": [],
        "dont_pair": [],
        "dm_consents": [],
        "unreachable_since": None,
        "paused_from": None,
        "paused_until": None,
        "card": None,
        "card_shared_in_servers": [],
    }
