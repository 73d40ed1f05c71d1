"""Sharing a check-in with a buddy end to end: chosen each time, the mood word, the wish and a
tip reach the buddy by DM and the note never does; I'm here 💛 and Can't right now, answered
once; a buddy who removed you gets nothing; and a member's deletion drops the letter about
them still waiting for their buddy."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.fakediscord import User
from bot.timing.clock import OffsetClock
from cogs.checkins.moods import Mood, Wish
from tests.e2e.checkin_buddy_support import (
    CANT,
    HERE,
    PICK,
    SUPPORT,
    answered,
    befriend,
    carried_to_others,
    current,
    dms,
    labels,
    press,
    private,
    share_buttons,
    tip,
)
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button

NOTE = "a private note about my week, only for me"
LATE_EVENING = datetime(2026, 6, 1, 23, 0, tzinfo=UTC)


async def test_a_share_sends_the_mood_word_the_wish_and_a_tip_and_never_the_note(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await befriend(fake, alice, bob, general)
        checkin_id, reply = await answered(fake, bot, alice, Mood.LOW, Wish.LISTEN, NOTE)
        assert labels(reply) == ["Share with bob?"], "offered, never shared by itself"
        assert fake.messages(fake.dm_channel(bob)) == []

        said = await press(fake, alice, reply, "kbs:")
        assert said.ephemeral
        assert "Shared with bob" in said.content
        assert "never your note" in said.content
        [letter] = await dms(fake, bob, 1)
        assert "Low" in letter.content
        assert "Someone to listen" in letter.content
        assert tip(bot, Mood.LOW, Wish.LISTEN) in letter.content
        assert "listen without fixing" in letter.content
        assert labels(letter) == ["I'm here 💛", "Can't right now"]
        assert all(c.startswith(("kbr:h:", "kbr:c:")) for c in letter.custom_ids())
        assert carried_to_others(fake, NOTE, alice) == [], "the note reaches nobody"
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkin_shares") == 1

        again = await press(fake, alice, reply, "kbs:")
        assert "already shared this check-in with bob" in again.content
        assert len(await dms(fake, bob, 1)) == 1, "one letter per share"
        assert checkin_id == await bot.db.fetch_value("SELECT checkin_id FROM checkin_shares")
    assert_clean(fake, caplog)


async def test_im_here_tells_the_member_once_even_for_two_presses_at_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await befriend(fake, alice, bob, general)
        _, reply = await answered(fake, bot, alice, Mood.GOOD, Wish.COMPANY, None)
        await press(fake, alice, reply, "kbs:")
        [letter] = await dms(fake, bob, 1)
        assert "warmth and curiosity" in letter.content
        here, cant = button(letter, HERE), button(letter, CANT)
        handles = await asyncio.gather(fake.click(bob, letter, here), fake.click(bob, letter, cant))
        answers = [await h.response() for h in handles]
        assert sorted(a.ephemeral for a in answers) == [False, True]
        [late] = [a for a in answers if a.ephemeral]
        assert "already answered" in late.content
        shown = current(fake, letter)
        assert shown.components == []
        [told] = (await dms(fake, alice, 2))[-1:]
        response = await bot.db.fetch_value("SELECT response FROM checkin_shares")
        if response == "here":
            assert "is here for you" in told.content
            assert "You said you're here" in shown.content
        else:
            assert "can't be there right now" in told.content
        assert f"<@{bob.id}>" in told.content or "bob" in told.content
    assert_clean(fake, caplog)


async def test_cant_right_now_tells_only_that_and_offers_other_buddies_and_support(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for buddy in (bob, carol):
            await befriend(fake, alice, buddy, general)
        _, reply = await answered(fake, bot, alice, Mood.VERY_LOW, Wish.LISTEN, NOTE, general)
        assert reply.ephemeral, "checked in right here in the server, privately"
        assert labels(reply) == ["Share with bob?", "Share with carol?"]
        await (await fake.click(alice, reply, share_buttons(reply)[0])).response()
        [letter] = await dms(fake, bob, 1)
        pressed = await press(fake, bob, letter, CANT)
        assert not pressed.ephemeral
        assert "without any blame" in current(fake, letter).content

        [told] = await dms(fake, alice, 1)
        assert "bob can't be there right now" in told.content
        assert "says nothing about you" in told.content
        assert labels(told) == ["Share with carol?", "Where to find support"], "bob not again"
        for word in ("Low", "listen", NOTE, "busy", "fault"):
            assert word not in told.content

        support = await press(fake, alice, told, SUPPORT)
        assert support.ephemeral
        assert "988" in support.content, "alice's client is en-US"
        assert "findahelpline.com" in support.content
        assert "Kindred is not an emergency service." in support.content

        await press(fake, alice, told, "kbs:")
        [carols] = await dms(fake, carol, 1)
        assert "Very low" in carols.content
        assert carried_to_others(fake, NOTE, alice) == []
    assert_clean(fake, caplog)


async def test_a_share_after_the_buddy_removed_you_is_refused_kindly(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await befriend(fake, alice, bob, general)
        _, reply = await answered(fake, bot, alice, Mood.LOW, Wish.SPACE, None)
        _, earlier = await answered(fake, bot, alice, Mood.OKAY, Wish.NOTHING, None)
        await press(fake, alice, earlier, "kbs:")
        [letter] = await dms(fake, bob, 1)
        await private(fake, bob, general, "checkin buddy remove", member=alice)

        refused = await press(fake, alice, reply, "kbs:")
        assert refused.ephemeral
        assert "isn't your check-in buddy any more, so nothing was shared" in refused.content
        late = await press(fake, bob, letter, HERE)
        assert late.ephemeral
        assert "isn't open any more" in late.content
        assert len(await dms(fake, bob, 1)) == 1
        assert len(fake.messages(fake.dm_channel(alice))) == 2, "only her own two replies"
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkin_shares") == 1
    assert_clean(fake, caplog)


async def test_more_buddies_than_buttons_are_offered_in_one_select(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    friends: list[User] = []
    for name in ("bea", "cy", "dot", "eli", "fay"):
        friend = fake.add_user(name)
        fake.add_member(world.guild, friend)
        friends.append(friend)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for friend in friends:
            await befriend(fake, alice, friend, general)
        _, reply = await answered(fake, bot, alice, Mood.OKAY, Wish.NOTHING, None)
        [pick] = reply.custom_ids()
        assert pick.startswith(PICK)
        [select] = [c for row in reply.components for c in row["components"]]
        assert [o["label"] for o in select["options"]] == ["bea", "cy", "dot", "eli", "fay"]
        value = select["options"][3]["value"]
        said = await (await fake.select(alice, reply, pick, [value])).response()
        assert "Shared with eli" in said.content
        [letter] = await dms(fake, friends[3], 1)
        assert "Okay" in letter.content
        assert "Nothing right now" in letter.content
        for other in friends[:3] + friends[4:]:
            assert fake.messages(fake.dm_channel(other)) == []
        forged = await (await fake.select(alice, reply, pick, ["999999"])).response()
        assert "isn't available any more" in forged.content
    assert_clean(fake, caplog)


async def test_deleting_your_data_drops_the_letter_your_buddy_has_not_got_yet(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(LATE_EVENING)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await befriend(fake, alice, bob, general)
        await private(
            fake, bob, general, "boundaries set", quiet_hours="22:00-07:00", timezone="UTC"
        )
        _, reply = await answered(fake, bot, alice, Mood.VERY_LOW, Wish.COMPANY, NOTE)
        said = await press(fake, alice, reply, "kbs:")
        assert "Shared with bob" in said.content
        waiting = "SELECT COUNT(*) FROM deliveries WHERE user_id = ? AND state = 'waiting'"
        assert await bot.db.fetch_value(waiting, (bob.id,)) == 1, "held by bob's quiet hours"

        prompt = await (await fake.slash(alice, general, "mydata delete")).message()
        await (await fake.click(alice, prompt, prompt.custom_ids()[0])).response()
        await fake.wait_until(lambda: "Done." in current(fake, prompt).content, 5, "deletion")
        assert await bot.db.fetch_value(waiting, (bob.id,)) == 0
        for table in ("checkin_shares", "checkin_buddies", "checkins"):
            assert await bot.db.fetch_value(f"SELECT COUNT(*) FROM {table}") == 0  # noqa: S608
        clock.set(LATE_EVENING + timedelta(hours=9))  # bob's quiet hours are over
        await asyncio.sleep(0.3)
        await fake.settle()
        assert fake.messages(fake.dm_channel(bob)) == [], "nothing about alice reaches bob"
    assert_clean(fake, caplog)


async def test_a_buddy_on_a_pause_gets_no_share_and_the_member_is_told_kindly(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await befriend(fake, alice, bob, general)
        await private(fake, bob, general, "boundaries pause", days=3)
        _, reply = await answered(fake, bot, alice, Mood.LOW, Wish.LISTEN, None)
        said = await press(fake, alice, reply, "kbs:")
        assert said.ephemeral
        assert "couldn't reach bob by DM right now, so nothing was shared" in said.content
        assert "pause" not in said.content, "bob's pause stays his"
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkin_shares") == 0
        assert (
            await bot.db.fetch_value("SELECT COUNT(*) FROM deliveries WHERE user_id = ?", (bob.id,))
            == 0
        ), "a share is news for a day: never held for days and sent stale"
        await private(fake, bob, general, "boundaries resume")
        again = await press(fake, alice, reply, "kbs:")
        assert "Shared with bob" in again.content, "once bob is back, alice may try again"
        assert len(await dms(fake, bob, 1)) == 1
    assert_clean(fake, caplog)


async def test_a_buddys_answer_counts_only_on_its_own_letter_and_only_from_them(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for buddy in (bob, carol):
            await befriend(fake, alice, buddy, general)
        _, first = await answered(fake, bot, alice, Mood.LOW, Wish.LISTEN, None)
        _, second = await answered(fake, bot, alice, Mood.OKAY, Wish.SPACE, None)
        await press(fake, alice, first, "kbs:")
        await press(fake, alice, second, "kbs:")
        await (await fake.click(alice, second, share_buttons(second)[1])).response()
        bobs_first, bobs_second = await dms(fake, bob, 2)
        [carols] = await dms(fake, carol, 1)
        first_here = button(bobs_first, HERE)

        # A modified client sends the first letter's id from the second letter, or carol's.
        for user, letter, why in (
            (bob, bobs_second, "doesn't belong to anything here"),
            (carol, carols, "isn't open any more"),
        ):
            forged = current(fake, letter)
            forged.components[0]["components"][0]["custom_id"] = first_here
            refused = await (await fake.click(user, forged, first_here)).response()
            assert refused.ephemeral
            assert why in refused.content
        assert (
            await bot.db.fetch_value(
                "SELECT COUNT(*) FROM checkin_shares WHERE response IS NOT NULL"
            )
            == 0
        )
        assert len(fake.messages(fake.dm_channel(alice))) == 2, "alice was told nothing"

        await press(fake, bob, bobs_first, HERE)
        [told] = (await dms(fake, alice, 3))[-1:]
        assert "is here for you" in told.content
    assert_clean(fake, caplog)


async def test_a_buddy_who_deletes_their_data_takes_their_waiting_answer_and_the_invitation(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(LATE_EVENING - timedelta(hours=2))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        invitation = await befriend(fake, alice, bob, general)
        _, reply = await answered(fake, bot, alice, Mood.LOW, Wish.COMPANY, None)
        await press(fake, alice, reply, "kbs:")
        [letter] = await dms(fake, bob, 1)
        await private(
            fake, alice, general, "boundaries set", quiet_hours="22:00-07:00", timezone="UTC"
        )
        clock.set(LATE_EVENING)
        await press(fake, bob, letter, HERE)
        waiting = "SELECT COUNT(*) FROM deliveries WHERE user_id = ? AND state = 'waiting'"
        assert await bot.db.fetch_value(waiting, (alice.id,)) == 1, "held by alice's quiet hours"

        prompt = await (await fake.slash(bob, general, "mydata delete")).message()
        await (await fake.click(bob, prompt, prompt.custom_ids()[0])).response()
        await fake.wait_until(lambda: "Done." in current(fake, prompt).content, 5, "deletion")
        assert await bot.db.fetch_value(waiting, (alice.id,)) == 0, "bob's answer goes with him"

        def invitation_gone() -> bool:
            found = fake.get_message(invitation.id)
            return found is None or found.deleted

        await fake.wait_until(invitation_gone, 5, "the invitation post deleted")
        assert "don't have check-in buddies" in await private(
            fake, alice, general, "checkin buddy list"
        )
        clock.set(LATE_EVENING + timedelta(hours=9))
        await asyncio.sleep(0.3)
        await fake.settle()
        assert len(fake.messages(fake.dm_channel(alice))) == 1, "only her own check-in"
    assert_clean(fake, caplog)


async def test_a_check_in_more_than_a_day_old_is_not_shared(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(LATE_EVENING)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await befriend(fake, alice, bob, general)
        _, reply = await answered(fake, bot, alice, Mood.LOW, Wish.LISTEN, None)
        clock.set(LATE_EVENING + timedelta(days=1, minutes=1))
        stale = await press(fake, alice, reply, "kbs:")
        assert stale.ephemeral
        assert "more than a day old" in stale.content
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkin_shares") == 0
        assert fake.messages(fake.dm_channel(bob)) == []
    assert_clean(fake, caplog)
