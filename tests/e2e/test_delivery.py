"""Private messages end to end: consent, quiet hours across a restart, closed DMs.

The probe feature stands in for a DM-sending feature: ``/probe-dms on`` is a member's
opt-in, ``/probe-poke member`` is another member's action that asks Kindred to DM them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, User
from bot.interactions.embed_limits import EMBED_TOTAL_LIMIT, embed_size
from bot.outbound.letters import Letter
from bot.timing.clock import OffsetClock
from tests.e2e.harness import World, assert_clean, eventually, running_kindred

# 21:00 UTC on 2 June is 22:00 in London (BST): the start of alice's quiet hours.
EVENING = datetime(2026, 6, 2, 21, 0, 5, tzinfo=UTC)
QUIET_END = datetime(2026, 6, 3, 6, 0, tzinfo=UTC)  # 07:00 in London


async def say(fake: FakeDiscord, user: User, channel: Channel, command: str, **options: Any) -> str:
    handle = await fake.slash(user, channel, command, options)
    response = await handle.response()
    assert response.ok and response.ephemeral
    return str(response.content)


async def unreachable(bot: Kindred, user: User) -> bool:
    return (await bot.members.get(user.id)).unreachable_since is not None


def dms(fake: FakeDiscord, user: User) -> list[str]:
    return [m.content for m in fake.messages(fake.dm_channel(user))]


async def test_a_dm_due_in_quiet_hours_arrives_when_they_end_even_after_a_restart(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(EVENING)
    async with running_kindred(world, db_path, clock=clock):
        await say(
            fake,
            alice,
            general,
            "boundaries set",
            quiet_hours="22:00-07:00",
            timezone="Europe/London",
        )
        await say(fake, alice, general, "probe-dms", on=True)
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke held"
        await fake.settle()
        assert dms(fake, alice) == [], "nothing during quiet hours"

    clock.set(QUIET_END - timedelta(seconds=2))  # the bot was down most of the night
    async with running_kindred(world, db_path, clock=clock):
        await fake.settle()
        assert dms(fake, alice) == [], "still quiet for two more seconds"
        await fake.wait_until(lambda: len(dms(fake, alice)) >= 1, 10, "the held DM")
        await fake.settle()
    assert dms(fake, alice) == ["A poke for you (depth 1)"]
    assert_clean(fake, caplog)


async def test_a_member_who_never_opted_in_gets_no_dm_whatever_others_do(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path):
        for _ in range(3):
            assert await say(fake, bob, general, "probe-poke", member=alice) == "poke no_consent"
        await say(fake, alice, general, "boundaries set", notes="anyone", max_dms_per_week=50)
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke no_consent"
        await fake.settle()
    assert fake.find_requests(method="POST", route="/users/@me/channels") == []
    assert dms(fake, alice) == []
    assert_clean(fake, caplog)


async def test_boundaries_gate_depth_and_the_weekly_limit(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path):
        await say(fake, alice, general, "probe-dms", on=True)
        await say(fake, alice, general, "boundaries set", max_depth=1, max_dms_per_week=2)
        assert await say(fake, bob, general, "probe-poke", member=alice, depth=2) == (
            "poke too_deep"
        )
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke queued"
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke queued"
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke weekly_limit"
        await fake.wait_until(lambda: len(dms(fake, alice)) >= 2, 10, "two DMs")
        await fake.settle()
    assert dms(fake, alice) == ["A poke for you (depth 1)"] * 2
    assert_clean(fake, caplog)


async def test_closed_dms_mark_the_member_unreachable_and_they_are_told(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path) as bot:
        await say(fake, alice, general, "probe-dms", on=True)
        alice.dms_closed = True
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke queued"
        await fake.wait_until(
            lambda: (
                len(fake.find_requests(method="POST", route="/channels/{channel_id}/messages")) >= 1
            ),
            10,
            "the refused DM",
        )
        await eventually(lambda: unreachable(bot, alice), "alice marked unreachable")
        # Nobody keeps knocking on a closed door: no further attempt is made.
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke unreachable"

        handle = await fake.slash(alice, general, "boundaries show")
        shown = await handle.response()
        notice = await handle.followup(0)
        assert notice.ephemeral and "your DMs are closed" in notice.content
        [embed] = shown.data["embeds"]
        assert any(f["name"] == "Your DMs" for f in embed["fields"])

        alice.dms_closed = False
        message = await handle.message()
        [button] = message.custom_ids()
        [[label]] = [[b.get("label") for b in row["components"]] for row in message.components]
        assert label == "Try my DMs again"
        retried = await fake.click(alice, message, button)
        await retried.response()
        followup = await retried.followup(0)
        assert "Kindred can reach you again" in followup.content
        assert (await bot.members.get(alice.id)).unreachable_since is None
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke queued"
        await fake.wait_until(lambda: len(dms(fake, alice)) >= 2, 10, "the DMs")
        await fake.settle()
    refused = [
        r
        for r in fake.find_requests(method="POST", route="/channels/{channel_id}/messages")
        if r.status == 403
    ]
    assert len(refused) == 1
    assert dms(fake, alice)[-1] == "A poke for you (depth 1)"
    assert_clean(fake, caplog)


async def test_a_dm_sent_before_a_crash_is_not_sent_twice_after_the_restart(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Killed between Discord's answer and the record: the restart resends the same nonce,
    and Discord keeps one message."""
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(EVENING)
    async with running_kindred(world, db_path, clock=clock) as bot:
        await say(fake, alice, general, "probe-dms", on=True)
        assert await say(fake, bob, general, "probe-poke", member=alice) == "poke queued"
        await fake.wait_until(lambda: len(dms(fake, alice)) >= 1, 10, "the DM")

        async def recorded() -> bool:
            row = await bot.db.fetch_one("SELECT state FROM deliveries")
            return row is not None and row["state"] == "sent"

        await eventually(recorded, "the DM to be recorded as sent")
        # What a kill -9 right after Discord's answer leaves behind: a claim, not a record.
        await bot.db.execute(
            "UPDATE deliveries SET state = 'sending', lease_until = ?, finished_at = NULL",
            ("2026-06-02T21:01:00+00:00",),
        )
        await bot.db.execute(
            "UPDATE deliveries SET payload_sealed = ?",
            (bot.vault.seal('{"content": "A poke for you (depth 1)", "buttons": []}'),),
        )
    clock.advance(timedelta(minutes=5))  # the lease has run out
    async with running_kindred(world, db_path, clock=clock) as bot:

        async def resent() -> bool:
            row = await bot.db.fetch_one("SELECT state, attempts FROM deliveries")
            return row is not None and row["state"] == "sent" and row["attempts"] == 2

        await eventually(resent, "the claim to be taken over and recorded")
    sends = fake.find_requests(method="POST", route="/channels/{channel_id}/messages")
    assert len(sends) == 2, "sent again after the crash…"
    assert sends[0].body["nonce"] == sends[1].body["nonce"]
    assert dms(fake, alice) == ["A poke for you (depth 1)"], "…and Discord kept one"
    assert_clean(fake, caplog)


async def delete_my_data(fake: FakeDiscord, user: User, channel: Channel) -> None:
    handle = await fake.slash(user, channel, "mydata delete")
    prompt = await handle.message()
    await (await fake.click(user, prompt, prompt.custom_ids()[0])).response()
    await fake.wait_until(
        lambda: "Done." in (fake.get_message(prompt.id) or prompt).content, 5, "the deletion"
    )


async def test_a_held_dm_is_never_delivered_after_its_sender_deletes_their_data(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Alice's poke (a stand-in for a note carrying her words) waits out bob's quiet hours;
    she deletes her data meanwhile, so it never reaches him. Ada's poke still does."""
    fake, alice, bob, ada, general = world.fake, world.alice, world.bob, world.admin, world.general
    clock = OffsetClock(EVENING)
    async with running_kindred(world, db_path, clock=clock) as bot:
        await say(fake, bob, general, "boundaries set", quiet_hours="22:00-07:00",
                  timezone="Europe/London")  # fmt: skip
        await say(fake, bob, general, "probe-dms", on=True)
        assert await say(fake, alice, general, "probe-poke", member=bob) == "poke held"
        assert await say(fake, ada, general, "probe-poke", member=bob) == "poke held"
        about = [str(r["member"]) for r in await bot.db.fetch_all("SELECT * FROM delivery_about")]
        assert sorted(about) == sorted(bot.vault.pseudonym(u.id) for u in (alice, ada))
        assert not any(str(alice.id) in member for member in about), "pseudonyms, never ids"

        await delete_my_data(fake, alice, general)
        assert await bot.delivery.pending_for(bob.id) == 1, "only ada's poke still waits"
        remaining = await bot.db.fetch_all("SELECT member FROM delivery_about")
        assert [r["member"] for r in remaining] == [bot.vault.pseudonym(ada.id)]

    clock.set(QUIET_END + timedelta(seconds=1))
    async with running_kindred(world, db_path, clock=clock) as bot:
        await fake.wait_until(lambda: len(dms(fake, bob)) >= 1, 10, "ada's held DM")

        async def forgotten() -> bool:
            return await bot.db.fetch_all("SELECT * FROM delivery_about") == []

        await eventually(forgotten, "whom the letter was about to be forgotten once sent")
        await fake.settle()
    assert dms(fake, bob) == ["A poke for you (depth 1)"], "alice's poke never arrives"
    assert_clean(fake, caplog)


async def test_a_letter_with_an_oversized_embed_arrives_cut_to_fit(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A feature's embed may carry member text of any length: it is cut to Discord's limits
    rather than refused by Discord, which would lose the whole letter."""
    fake, bob, general = world.fake, world.bob, world.general
    embed = discord.Embed(title="A note for you", description="word " * 900)
    for n in range(3):
        embed.add_field(name=f"part {n}", value="v" * 1000)
    async with running_kindred(world, db_path) as bot:
        await say(fake, bob, general, "probe-dms", on=True)
        outcome = await bot.delivery.send(Letter(bob.id, "probe", embed=embed))
        assert outcome.queued
        await fake.wait_until(lambda: len(fake.messages(fake.dm_channel(bob))) >= 1, 10, "the DM")
        await fake.settle()
    [dm] = fake.messages(fake.dm_channel(bob))
    [sent] = dm.embeds
    assert [f["value"] for f in sent["fields"]] == ["v" * 1000] * 3
    assert sent["description"].endswith("…") and embed_size(sent) <= EMBED_TOTAL_LIMIT
    assert_clean(fake, caplog)
