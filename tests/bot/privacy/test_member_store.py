"""Members' boundaries and consent, stored in a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.privacy.boundary_rules import Boundaries, QuietHours
from bot.privacy.member_store import Listing, MemberStore
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from tests.support.keys import make_test_vault
from tests.support.schema import open_migrated

START = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
ANA, BEN = 1001, 1002
GUILD, OTHER_GUILD = 501, 502
CARD = "Glad to talk about jazz; please never ask about my brother Tobias."
# Kinds of DM as features name them; the store knows none of them.
CHECKIN, PRIVATE, PUBLIC = "checkin", "private_example", "public_example"


@pytest.fixture
def store(db: Database) -> MemberStore:
    return MemberStore(db, make_test_vault(), OffsetClock(START))


async def count(db: Database, sql: str, *params: object) -> int:
    row = await db.fetch_one(sql, params)
    assert row is not None
    return int(row[0])


# -- settings ---------------------------------------------------------------------------


async def test_a_stranger_has_the_default_boundaries(store: MemberStore, db: Database) -> None:
    assert await store.get(ANA) == Boundaries(ANA)
    assert await count(db, "SELECT COUNT(*) FROM member_boundaries") == 0  # reading writes nothing


async def test_an_update_changes_only_the_settings_given(store: MemberStore) -> None:
    await store.update(
        ANA, max_depth=2, quiet_hours=(time(22), time(7)), zone=LONDON, max_dms_per_week=5
    )
    await store.update(ANA, pairing=False)
    assert await store.get(ANA) == Boundaries(
        ANA,
        max_depth=2,
        quiet_hours=QuietHours(time(22), time(7), LONDON),
        zone=LONDON,
        max_dms_per_week=5,
        pairing=False,
    )


async def test_leaving_quiet_hours_out_keeps_them(store: MemberStore) -> None:
    await store.update(ANA, quiet_hours=(time(22, 30), time(6, 45)), zone=LONDON)
    await store.update(ANA, max_depth=1)
    assert (await store.get(ANA)).quiet_hours == QuietHours(time(22, 30), time(6, 45), LONDON)


async def test_quiet_hours_none_turns_them_off(store: MemberStore) -> None:
    await store.update(ANA, quiet_hours=(time(22), time(7)), zone=LONDON)
    await store.update(ANA, quiet_hours=None)
    boundaries = await store.get(ANA)
    assert boundaries.quiet_hours is None
    assert boundaries.zone == LONDON  # the time zone is a separate setting


async def test_a_weekly_limit_of_zero_is_kept_not_read_as_the_default(store: MemberStore) -> None:
    await store.update(ANA, max_dms_per_week=0)
    assert (await store.get(ANA)).max_dms_per_week == 0


async def test_boundaries_of_one_member_do_not_touch_another(store: MemberStore) -> None:
    await store.update(ANA, max_depth=1, pairing=False)
    assert await store.get(BEN) == Boundaries(BEN)


# -- consent ----------------------------------------------------------------------------


async def test_an_update_grants_and_withdraws_only_the_kinds_it_names(
    store: MemberStore,
) -> None:
    """A feature's option that stands for several kinds (``/boundaries set notes:``)."""
    await store.allow(ANA, CHECKIN)
    await store.update(ANA, consents={PRIVATE: True, PUBLIC: True})
    assert (await store.get(ANA)).consents == {CHECKIN, PRIVATE, PUBLIC}
    await store.update(ANA, consents={PRIVATE: True, PUBLIC: False})
    assert (await store.get(ANA)).consents == {CHECKIN, PRIVATE}
    await store.update(ANA, consents={PRIVATE: False, PUBLIC: False})
    assert (await store.get(ANA)).consents == {CHECKIN}


async def test_an_update_without_consents_keeps_them(store: MemberStore) -> None:
    await store.update(ANA, consents={PRIVATE: True})
    await store.update(ANA, max_depth=2)
    assert (await store.get(ANA)).consents == {PRIVATE}


async def test_disallow_removes_one_kind(store: MemberStore) -> None:
    await store.allow(ANA, "checkin")
    await store.allow(ANA, "nudge")
    await store.disallow(ANA, "checkin")
    assert (await store.get(ANA)).consents == {"nudge"}


async def test_marking_unreachable_keeps_the_first_time(store: MemberStore) -> None:
    first = datetime(2026, 1, 10, 8, 30, tzinfo=UTC)
    await store.mark_unreachable(ANA, first)
    await store.mark_unreachable(ANA, first + timedelta(days=2))
    assert (await store.get(ANA)).unreachable_since == first


async def test_asking_for_a_kind_of_dm_clears_unreachable(store: MemberStore) -> None:
    await store.mark_unreachable(ANA, datetime(2026, 1, 10, 8, 30, tzinfo=UTC))
    await store.allow(ANA, "checkin")
    boundaries = await store.get(ANA)
    assert boundaries.unreachable_since is None
    assert boundaries.consents == {"checkin"}


async def test_granting_a_kind_in_an_update_clears_unreachable(store: MemberStore) -> None:
    await store.mark_unreachable(ANA, datetime(2026, 1, 10, 8, 30, tzinfo=UTC))
    await store.update(ANA, consents={PRIVATE: True, PUBLIC: False})
    assert (await store.get(ANA)).unreachable_since is None


async def test_only_withdrawing_kinds_keeps_unreachable(store: MemberStore) -> None:
    since = datetime(2026, 1, 10, 8, 30, tzinfo=UTC)
    await store.mark_unreachable(ANA, since)
    await store.update(ANA, consents={PRIVATE: False})
    assert (await store.get(ANA)).unreachable_since == since


async def test_mark_reachable_clears_unreachable(store: MemberStore) -> None:
    await store.mark_unreachable(ANA, datetime(2026, 1, 10, 8, 30, tzinfo=UTC))
    await store.mark_reachable(ANA)
    assert (await store.get(ANA)).unreachable_since is None


# -- lists ------------------------------------------------------------------------------


async def test_topics_report_whether_anything_changed(store: MemberStore) -> None:
    assert await store.set_topic(ANA, "family", off=True) is True
    assert await store.set_topic(ANA, "family", off=True) is False
    assert await store.set_topic(ANA, "money", off=True) is True
    assert (await store.get(ANA)).topics_off == {"family", "money"}
    assert await store.set_topic(ANA, "family", off=False) is True
    assert await store.set_topic(ANA, "family", off=False) is False
    assert (await store.get(ANA)).topics_off == {"money"}


async def test_dont_pair_reports_whether_anything_changed(store: MemberStore) -> None:
    assert await store.set_dont_pair(ANA, BEN, listed=True) is True
    assert await store.set_dont_pair(ANA, BEN, listed=True) is False
    assert (await store.get(ANA)).dont_pair == {BEN}
    assert (await store.get(BEN)).dont_pair == frozenset()  # the list is Ana's, not Ben's
    assert await store.set_dont_pair(ANA, BEN, listed=False) is True
    assert await store.set_dont_pair(ANA, BEN, listed=False) is False
    assert (await store.get(ANA)).dont_pair == frozenset()


async def test_dont_pair_adds_at_the_same_moment_stop_at_the_limit(store: MemberStore) -> None:
    for other in range(3):
        assert await store.add_dont_pair(ANA, 500 + other, limit=5) is Listing.ADDED
    results = await asyncio.gather(*(store.add_dont_pair(ANA, 600 + n, limit=5) for n in range(8)))
    assert sorted(r.value for r in results) == ["added"] * 2 + ["full"] * 6
    assert len((await store.get(ANA)).dont_pair) == 5
    assert await store.add_dont_pair(ANA, 500, limit=5) is Listing.ALREADY


async def test_sharing_without_a_card_changes_nothing(store: MemberStore) -> None:
    """Checked with the write: a card cleared at the same moment as a share leaves no
    server allowed to see the next card the member writes."""
    assert await store.set_card(ANA, text=None, guild_id=GUILD, shared=True) is False
    assert await store.set_card(ANA, text=CARD, guild_id=None, shared=None) is True
    await store.clear_card(ANA)
    assert await store.set_card(ANA, text=None, guild_id=GUILD, shared=True) is False
    assert await store.set_card(ANA, text="A new card.", guild_id=None, shared=None) is True
    assert (await store.get(ANA)).card_shared_in == frozenset(), "not shared until asked"


# -- the boundary card ------------------------------------------------------------------


async def test_the_card_is_stored_sealed_on_disk(db_path: Path) -> None:
    db = await open_migrated(db_path)
    try:
        store = MemberStore(db, make_test_vault(), OffsetClock(START))
        await store.set_card(ANA, text=CARD, guild_id=GUILD, shared=True)
        assert (await store.get(ANA)).card == CARD
        row = await db.fetch_one(
            "SELECT card_sealed FROM member_boundaries WHERE user_id = ?", (ANA,)
        )
        assert row is not None
        token = str(row["card_sealed"])
        # While the connection is open the write sits in the write-ahead log.
        wal_bytes = db_path.with_name(db_path.name + "-wal").read_bytes()
    finally:
        await db.close()
    on_disk = db_path.read_bytes()  # closing checkpointed the log into the file
    # The files looked at are the ones that hold the card: its sealed form is in both.
    assert token.encode() in wal_bytes
    assert token.encode() in on_disk
    for secret in (CARD, "Tobias"):
        assert secret.encode() not in on_disk
        assert secret.encode() not in wal_bytes
        assert secret.encode("utf-16-le") not in on_disk


async def test_a_card_is_shared_per_server(store: MemberStore) -> None:
    await store.set_card(ANA, text=CARD, guild_id=GUILD, shared=True)
    await store.set_card(ANA, text=None, guild_id=OTHER_GUILD, shared=True)
    await store.set_card(ANA, text=None, guild_id=GUILD, shared=False)
    boundaries = await store.get(ANA)
    assert boundaries.card == CARD  # changing where it is shared keeps the text
    assert boundaries.card_shared_in == {OTHER_GUILD}
    assert boundaries.card_visible_in(OTHER_GUILD)
    assert not boundaries.card_visible_in(GUILD)


async def test_a_new_card_text_keeps_where_it_is_shared(store: MemberStore) -> None:
    await store.set_card(ANA, text="First version.", guild_id=GUILD, shared=True)
    await store.set_card(ANA, text="Second version.", guild_id=None, shared=None)
    boundaries = await store.get(ANA)
    assert boundaries.card == "Second version."
    assert boundaries.card_shared_in == {GUILD}


async def test_clearing_the_card_also_stops_sharing_it(store: MemberStore) -> None:
    await store.set_card(ANA, text=CARD, guild_id=GUILD, shared=True)
    await store.clear_card(ANA)
    boundaries = await store.get(ANA)
    assert boundaries.card is None
    assert boundaries.card_shared_in == frozenset()


# -- data rights ------------------------------------------------------------------------


async def fill(store: MemberStore, user_id: int, other_id: int) -> None:
    """Give a member a row in every table the store keeps."""
    await store.update(
        user_id,
        max_depth=2,
        quiet_hours=(time(22), time(7)),
        zone=LONDON,
        max_dms_per_week=5,
        consents={PRIVATE: True},
    )
    await store.allow(user_id, CHECKIN)
    await store.set_topic(user_id, "family", off=True)
    await store.set_dont_pair(user_id, other_id, listed=True)
    await store.set_card(user_id, text=CARD, guild_id=GUILD, shared=True)
    await store.mark_unreachable(user_id, datetime(2026, 1, 14, 9, 0, tzinfo=UTC))


async def test_export_holds_everything_about_the_member(store: MemberStore) -> None:
    await fill(store, ANA, BEN)
    await store.set_card(ANA, text=None, guild_id=OTHER_GUILD, shared=True)
    assert await store.export_member(ANA) == {
        "max_depth": 2,
        "quiet_hours": "22:00-07:00",
        "timezone": "Europe/London",
        "max_dms_per_week": 5,
        "pairing": True,
        "topics_off": ["family"],
        "dont_pair": [str(BEN)],
        "dm_consents": [CHECKIN, PRIVATE],
        "unreachable_since": "2026-01-14T09:00:00+00:00",
        "paused_from": None,
        "paused_until": None,
        "card": CARD,
        "card_shared_in_servers": [str(GUILD), str(OTHER_GUILD)],
    }


async def test_export_of_a_stranger_holds_the_defaults(store: MemberStore) -> None:
    assert await store.export_member(ANA) == {
        "max_depth": 3,
        "quiet_hours": None,
        "timezone": None,
        "max_dms_per_week": 14,
        "pairing": True,
        "topics_off": [],
        "dont_pair": [],
        "dm_consents": [],
        "unreachable_since": None,
        "paused_from": None,
        "paused_until": None,
        "card": None,
        "card_shared_in_servers": [],
    }


async def test_a_features_option_kept_as_kinds_is_exported_by_its_name(
    store: MemberStore,
) -> None:
    def privacy_of(consents: frozenset[str]) -> str:
        return "private too" if PRIVATE in consents else "public only"

    store.add_consent_setting("example_option", privacy_of)
    with pytest.raises(ValueError, match="'example_option' is already exported"):
        store.add_consent_setting("example_option", privacy_of)
    await store.update(ANA, consents={PRIVATE: True})
    exported = await store.export_member(ANA)
    assert exported["example_option"] == "private too"
    keys = list(exported)
    assert keys[keys.index("pairing") + 1] == "example_option"  # after the core's settings
    assert (await store.export_member(BEN))["example_option"] == "public only"
    store.remove_consent_setting("example_option")
    assert "example_option" not in await store.export_member(ANA)


async def test_deleting_a_member_removes_their_rows_everywhere(
    store: MemberStore, db: Database
) -> None:
    await fill(store, ANA, BEN)
    await fill(store, BEN, ANA)
    ben_before = await store.get(BEN)
    for table in store.data_tables:
        assert await count(db, f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", ANA) > 0  # noqa: S608
    async with db.transaction():
        assert await store.delete_member(ANA) == []
    for table in store.data_tables:
        assert await count(db, f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", ANA) == 0  # noqa: S608
    assert await store.get(ANA) == Boundaries(ANA)
    # Ben's list still names Ana: it is his boundary, and they must not be paired again.
    assert await store.get(BEN) == ben_before
    assert ben_before.dont_pair == {ANA}


async def test_deleting_a_server_removes_only_its_card_shares(
    store: MemberStore, db: Database
) -> None:
    await store.set_card(ANA, text=CARD, guild_id=GUILD, shared=True)
    await store.set_card(ANA, text=None, guild_id=OTHER_GUILD, shared=True)
    await store.set_card(BEN, text="Ben's card.", guild_id=GUILD, shared=True)
    async with db.transaction():
        await store.delete_guild(GUILD)
    ana, ben = await store.get(ANA), await store.get(BEN)
    assert ana.card_shared_in == {OTHER_GUILD}
    assert ben.card_shared_in == frozenset()
    assert (ana.card, ben.card) == (CARD, "Ben's card.")  # cards belong to people, not servers
