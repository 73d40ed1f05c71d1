"""/checkin buddy add, remove and list end to end through the local fake Discord, as hostile
members would use them: presses by someone else, two presses at once, old buttons after a
removal, and a removal the other side must never hear of."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.fakediscord import User
from cogs.checkins.moods import Mood, Wish
from tests.e2e.checkin_buddy_support import (
    ACCEPT,
    DECLINE,
    HERE,
    answered,
    befriend,
    commands_everywhere,
    current,
    dms,
    invite,
    press,
    private,
)
from tests.e2e.checkin_support import delete_my_data
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


async def test_an_invitation_is_posted_to_the_member_and_only_they_can_accept(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        invitation = await invite(fake, alice, general, bob)
        assert f"<@{bob.id}>" in invitation.content
        assert invitation.channel_id == general.id
        request = fake.find_requests(method="POST", route=CALLBACK)[-1]
        mentions = request.body["data"]["allowed_mentions"]
        assert mentions.get("users", []) == [], "bob is named, never pinged"
        assert mentions.get("parse", []) == []
        assert fake.messages(fake.dm_channel(bob)) == [], "never a DM before bob opted in"

        for stranger in (alice, world.admin):
            answer = await press(fake, stranger, invitation, ACCEPT)
            assert answer.ephemeral
            assert "for someone else" in answer.content
        assert await bot.db.fetch_value("SELECT status FROM checkin_buddies") == "invited"

        answer = await press(fake, bob, invitation, ACCEPT)
        assert answer.ok
        shown = current(fake, invitation)
        assert "is now" in shown.content
        assert shown.components == [], "answered: no buttons left"
        assert await bot.db.fetch_value("SELECT status FROM checkin_buddies") == "accepted"
        assert "checkin_buddy" in (await bot.members.get(bob.id)).consents
        assert "checkin_buddy" in (await bot.members.get(alice.id)).consents
        listed = await private(fake, alice, general, "checkin buddy list")
        assert f"<@{bob.id}>" in listed
        assert "You're a buddy for" not in listed
        assert f"You're a buddy for: <@{alice.id}>" in await private(
            fake, bob, general, "checkin buddy list"
        )
    assert_clean(fake, caplog)


async def test_a_decline_closes_the_invitation_quietly_and_shares_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        invitation = await invite(fake, alice, general, bob)
        await press(fake, bob, invitation, DECLINE)
        shown = current(fake, invitation)
        assert "closed" in shown.content
        assert f"<@{bob.id}>" not in shown.content, "nothing public says who declined"
        assert shown.components == []
        assert "checkin_buddy" not in (await bot.members.get(bob.id)).consents
        assert "don't have check-in buddies" in await private(
            fake, alice, general, "checkin buddy list"
        )
        resting = await private(fake, alice, general, "checkin buddy add", member=bob)
        assert "give it a while before asking again" in resting, "a decline is respected"
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkin_buddies") == 1
        # Deleting her data and starting over does not let alice ask bob again.
        await delete_my_data(fake, alice, general)
        resting = await private(fake, alice, general, "checkin buddy add", member=bob)
        assert "give it a while before asking again" in resting, "the rest outlives her data"
        # bob may still ask alice: his own choice, not a repeat at him.
        await befriend(fake, bob, alice, general)
    assert_clean(fake, caplog)


async def test_two_presses_at_once_give_one_answer(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        invitation = await invite(fake, alice, general, bob)
        accept, decline = button(invitation, ACCEPT), button(invitation, DECLINE)
        handles = await asyncio.gather(
            fake.click(bob, invitation, accept), fake.click(bob, invitation, decline)
        )
        answers = [await h.response() for h in handles]
        assert sorted(a.ephemeral for a in answers) == [False, True]
        [late] = [a for a in answers if a.ephemeral]
        assert "isn't open any more" in late.content
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkin_buddies") == 1
    assert_clean(fake, caplog)


async def test_asking_yourself_a_bot_a_stranger_or_twice_is_refused_kindly(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    helper = fake.add_user("helperbot", bot=True)
    fake.add_member(world.guild, helper)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        asks: list[tuple[User, str]] = [
            (alice, "That's you"),
            (helper, "Bots can't be check-in buddies"),
            (carol, "isn't a member of this server"),
        ]
        for member, refusal in asks:
            assert refusal in await private(
                fake, alice, general, "checkin buddy add", member=member
            )
        await invite(fake, alice, general, bob)
        assert "waiting for their answer" in await private(
            fake, alice, general, "checkin buddy add", member=bob
        )
        await befriend(fake, bob, alice, general)
        assert "already your check-in buddy" in await private(
            fake, bob, general, "checkin buddy add", member=alice
        )
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkin_buddies") == 2
    assert_clean(fake, caplog)


async def test_buddy_add_works_only_in_a_server(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob = world.fake, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await commands_everywhere(bot)
        said = await private(fake, alice, fake.dm_channel(alice), "checkin buddy add", member=bob)
        assert "server" in said
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkin_buddies") == 0
    assert_clean(fake, caplog)


async def test_remove_is_silent_for_the_other_side_and_old_buttons_do_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        accepted = await befriend(fake, alice, bob, general)
        waiting = await invite(fake, bob, general, alice)
        shown_before = current(fake, accepted).content
        before = len(fake.requests)
        said = await private(fake, bob, general, "checkin buddy remove", member=alice)
        assert "haven't told them" in said
        after = fake.requests[before:]
        assert [r for r in after if r.method == "POST" and "/channels/" in r.path] == []
        assert fake.messages(fake.dm_channel(alice)) == [], "alice hears nothing"
        assert current(fake, accepted).content == shown_before, "the post is left as it was"
        assert "don't have check-in buddies" in await private(
            fake, alice, general, "checkin buddy list"
        )
        for user in (alice, bob):
            assert "checkin_buddy" not in (await bot.members.get(user.id)).consents

        # bob's invitation to alice was ended too: its old Accept acts on nothing.
        answer = await press(fake, alice, waiting, ACCEPT)
        assert answer.ephemeral
        assert "isn't open any more" in answer.content
        # Asked again, the new invitation has a new id; the old post's buttons stay dead.
        again = await invite(fake, alice, general, bob)
        assert button(again, ACCEPT) != button(waiting, ACCEPT)
        assert "isn't open any more" in (await press(fake, alice, waiting, ACCEPT)).content
        await press(fake, bob, again, ACCEPT)
        assert f"<@{bob.id}>" in await private(fake, alice, general, "checkin buddy list")
        assert "aren't check-in buddies" in await private(
            fake, alice, general, "checkin buddy remove", member=world.admin
        )
    assert_clean(fake, caplog)


async def test_an_invitation_and_a_share_keep_working_across_a_restart(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        invitation = await invite(fake, alice, general, bob)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        assert (await press(fake, bob, invitation, ACCEPT)).ok
        _, reply = await answered(fake, bot, alice, Mood.LOW, Wish.LISTEN, None)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        said = await press(fake, alice, reply, "kbs:")
        assert "Shared with bob" in said.content
        [letter] = await dms(fake, bob, 1)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await press(fake, bob, letter, HERE)
        [told] = (await dms(fake, alice, 2))[-1:]
        assert "is here for you" in told.content
        assert await bot.db.fetch_value("SELECT response FROM checkin_shares") == "here"
    assert_clean(fake, caplog)
