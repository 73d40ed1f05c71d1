"""/boundaries end to end: what a member sets is saved, shown, shared only on purpose,
and bad input changes nothing."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.fakediscord import Channel, FakeDiscord, User
from bot.interactions.embed_limits import EMBED_TOTAL_LIMIT, embed_size
from bot.privacy.boundary_rules import CARD_MAX_CHARS, DONT_PAIR_LIMIT
from bot.storage.database import Database
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred


async def answer(
    fake: FakeDiscord,
    user: User,
    channel: Channel,
    command: str,
    options: dict[str, Any] | None = None,
) -> Any:
    handle = await fake.slash(user, channel, command, options)
    response = await handle.response()
    assert response.ok
    assert response.ephemeral, f"/{command} must answer privately"
    return response


def fields(response: Any) -> dict[str, str]:
    [embed] = response.data["embeds"]
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


async def boundary_rows(db_path: Path, user_id: int) -> list[tuple[Any, ...]]:
    db = await Database.open(db_path)
    try:
        rows = await db.fetch_all(
            "SELECT max_depth, quiet_start, quiet_end, timezone, max_dms_per_week, pairing "
            "FROM member_boundaries WHERE user_id = ?",
            (user_id,),
        )
    finally:
        await db.close()
    return [tuple(row) for row in rows]


async def test_set_saves_every_option_and_show_reads_them_back(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        saved = await answer(
            fake,
            alice,
            general,
            "boundaries set",
            {
                "max_depth": 2,
                "quiet_hours": "22:00-07:00",
                "timezone": "Europe/London",
                "max_dms_per_week": 3,
                "notes": "anyone",
                "pairing": False,
            },
        )
        assert saved.content.startswith("Saved.")
        shown = fields(saved)
        assert shown["Max depth"].startswith("2 (personal)")
        assert shown["Quiet hours"].startswith("22:00–07:00 (Europe/London)")
        assert shown["DMs per week"] == "at most 3"
        assert shown["Appreciation notes"] == "named and anonymous notes"
        assert shown["Buddy pairing"].startswith("off")

        # Leaving options out keeps them; "off" turns quiet hours off.
        await answer(fake, alice, general, "boundaries set", {"quiet_hours": "off"})
        again = fields(await answer(fake, alice, general, "boundaries show"))
        assert again["Quiet hours"] == "off"
        assert again["Max depth"].startswith("2 (personal)")
        assert again["Time zone"] == "Europe/London"
    assert await boundary_rows(db_path, alice.id) == [(2, None, None, "Europe/London", 3, 0)]
    assert_clean(fake, caplog)


async def test_the_notes_option_is_in_mydata_export_where_it_always_was(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await answer(fake, alice, general, "boundaries set", {"notes": "named"})
        handle = await fake.slash(alice, general, "mydata export")
        await handle.response()
        [attachment] = (await handle.followup(0)).attachments
        mine = json.loads(attachment.data)["data"]["boundaries"]
    assert list(mine) == [
        "max_depth",
        "quiet_hours",
        "timezone",
        "max_dms_per_week",
        "pairing",
        "appreciation_notes",
        "topics_off",
        "dont_pair",
        "dm_consents",
        "unreachable_since",
        "card",
        "card_shared_in_servers",
        "paused_from",
        "paused_until",
    ]
    assert mine["appreciation_notes"] == "named"
    assert mine["dm_consents"] == ["note"]
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"quiet_hours": "22:00-07:00"}, "need your time zone"),
        ({"quiet_hours": "late at night"}, "couldn't read"),
        ({"quiet_hours": "9-9"}, "different times"),
        ({"timezone": "Europe/Pariss"}, "Did you mean Europe/Paris?"),
        ({"max_depth": 2, "timezone": "Mars/Olympus"}, "I don't know the time zone"),
    ],
)
async def test_bad_input_is_refused_privately_and_saves_nothing(
    world: World,
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    options: dict[str, Any],
    expected: str,
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        refused = await answer(fake, world.alice, world.general, "boundaries set", options)
        assert expected in refused.content
    assert await boundary_rows(db_path, world.alice.id) == []
    assert_clean(fake, caplog)


async def test_topics_turn_off_and_on_with_autocomplete_and_friendly_errors(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        handle = await fake.autocomplete(
            alice, general, "boundaries topics add", {"category": "fam"}, focused="category"
        )
        choices = await handle.choices()
        assert [c["value"] for c in choices] == ["family"]

        off = await answer(fake, alice, general, "boundaries topics add", {"category": "family"})
        assert "won't bring you anything about **Family**" in off.content
        twice = await answer(fake, alice, general, "boundaries topics add", {"category": "Family"})
        assert "already off" in twice.content
        unknown = await answer(fake, alice, general, "boundaries topics add", {"category": "famly"})
        assert "Did you mean family?" in unknown.content
        shown = fields(await answer(fake, alice, general, "boundaries show"))
        assert shown["Topics off"] == "Family"
        on = await answer(fake, alice, general, "boundaries topics remove", {"category": "family"})
        assert "back on" in on.content
        shown = fields(await answer(fake, alice, general, "boundaries show"))
        assert shown["Topics off"] == "none"
    assert_clean(fake, caplog)


async def test_dont_pair_lists_a_member_without_telling_them(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        myself = await answer(fake, alice, general, "boundaries dont-pair add", {"member": alice})
        assert "can't list yourself" in myself.content
        added = await answer(fake, alice, general, "boundaries dont-pair add", {"member": bob})
        assert "never pair you with" in added.content and "They are not told" in added.content
        shown = fields(await answer(fake, alice, general, "boundaries show"))
        assert shown["Never pair me with"] == f"<@{bob.id}>"
        removed = await answer(fake, alice, general, "boundaries dont-pair remove", {"member": bob})
        assert "off your do-not-pair list" in removed.content
    assert fake.messages(fake.dm_channel(bob)) == [], "bob is never told"
    assert fake.find_requests(method="POST", route="/users/@me/channels") == []
    assert_clean(fake, caplog)


async def test_dont_pair_adds_at_the_same_moment_never_pass_the_limit(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    others = [fake.add_user(f"member{n}") for n in range(6)]
    for other in others:
        fake.add_member(world.guild, other)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for n in range(DONT_PAIR_LIMIT - 2):
            await bot.members.set_dont_pair(alice.id, 10_000 + n, listed=True)
        handles = await asyncio.gather(
            *(
                fake.slash(alice, general, "boundaries dont-pair add", {"member": other})
                for other in others
            )
        )
        answers = [(await handle.response()).content or "" for handle in handles]
        listed = (await bot.members.get(alice.id)).dont_pair
    assert len(listed) == DONT_PAIR_LIMIT
    assert sum("never pair you with" in text for text in answers) == 2
    assert sum("the most it can hold" in text for text in answers) == len(others) - 2
    assert_clean(fake, caplog)


async def test_a_card_is_seen_only_where_and_while_it_is_shared(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    other_guild = fake.add_guild("Elsewhere", owner=alice, channels=("lounge",))
    fake.add_member(other_guild, bob)
    lounge = fake.channel(other_guild, "lounge")
    card = "Glad to talk about books and hiking. Please don't ask about my family."
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        private = await answer(fake, alice, general, "boundaries card", {"text": card})
        assert "private here" in private.content
        hidden = await answer(fake, bob, general, "boundaries show", {"member": alice})
        assert "hasn't shared a boundary card" in hidden.content
        assert "embeds" not in (hidden.data or {}) or not hidden.data["embeds"]

        shared = await answer(fake, alice, general, "boundaries card", {"shared": True})
        assert "shared with this server" in shared.content
        seen = await answer(fake, bob, general, "boundaries show", {"member": alice})
        assert seen.data["embeds"][0]["description"] == card
        elsewhere = await answer(fake, bob, lounge, "boundaries show", {"member": alice})
        assert "hasn't shared" in elsewhere.content, "sharing is per server"

        await answer(fake, alice, general, "boundaries card", {"shared": False})
        unshared = await answer(fake, bob, general, "boundaries show", {"member": alice})
        assert "hasn't shared" in unshared.content

        cleared = await answer(fake, alice, general, "boundaries card", {"text": "clear"})
        assert "gone" in cleared.content
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@everyone", "only mentions"),
        ("\u200b\u200b \u200d", "empty"),
        ("x" * 1001, "the limit is 1000"),
    ],
)
async def test_a_bad_card_is_refused_and_saves_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, text: str, expected: str
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        refused = await answer(
            fake, world.alice, world.general, "boundaries card", {"text": text, "shared": True}
        )
        assert expected in refused.content
        shown = await answer(
            fake, world.bob, world.general, "boundaries show", {"member": world.alice}
        )
        assert "hasn't shared" in shown.content
    db = await Database.open(db_path)
    try:
        assert await db.fetch_all("SELECT * FROM member_card_shares") == []
        assert await db.fetch_all("SELECT * FROM member_boundaries") == []
    finally:
        await db.close()
    assert_clean(fake, caplog)


async def test_show_stays_within_discords_limits_with_everything_at_its_longest(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The longest card, a full do-not-pair list of real-length ids, every topic off: the
    embed fits, and the list is cut between mentions, never through one."""
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for n in range(DONT_PAIR_LIMIT):
            await bot.members.set_dont_pair(alice.id, 1_300_000_000_000_000_000 + n, listed=True)
        for topic in bot.topics.choices(""):
            await bot.members.set_topic(alice.id, topic.id, off=True)
        card = ("I love long walks and talking about books. " * 30)[:CARD_MAX_CHARS]
        await answer(fake, alice, general, "boundaries card", {"text": card, "shared": True})
        shown = await answer(fake, alice, general, "boundaries show")
    [embed] = shown.data["embeds"]
    assert embed["description"] == card.strip()
    listed = fields(shown)["Never pair me with"]
    assert len(listed) <= 1024 and listed.endswith("…")
    assert all(re.fullmatch(r"<@\d+>", token) for token in listed.removesuffix("…").split())
    assert embed_size(embed) <= EMBED_TOTAL_LIMIT
    assert_clean(fake, caplog)


async def test_try_my_dms_pressed_twice_at_once_sends_one_test_dm(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await bot.members.mark_unreachable(alice.id, bot.clock.now())
        handle = await fake.slash(alice, general, "boundaries show")
        await handle.response()
        shown = await handle.message()
        [button] = shown.custom_ids()
        presses = await asyncio.gather(*(fake.click(alice, shown, button) for _ in range(2)))
        answers = [await press.response() for press in presses]
        await fake.wait_until(lambda: any(p.followups for p in presses), 5, "the outcome")
        await fake.settle()
        assert (await bot.members.get(alice.id)).unreachable_since is None
    assert len(fake.messages(fake.dm_channel(alice))) == 1, "one test DM"
    assert sum("already trying" in (a.content or "") for a in answers) == 1
    assert_clean(fake, caplog)
