"""Buddy rounds over time, end to end through the fake Discord: three silent rounds bring
the Stay / Leave question that only its member can answer (old, foreign and simultaneous
presses refused), a thread Kindred cannot read counts nobody as silent, a member who left
the server is out, someone the lists leave without a buddy is told kindly, and /mydata
exports and deletes a member's pairings."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.app.client import Kindred
from bot.fakediscord import FakeDiscord, Message, User
from bot.fakediscord.permissions import READ_MESSAGE_HISTORY
from bot.fakediscord.state import DEFAULT_BOT_PERMISSIONS
from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred
from tests.e2e.pairs_support import (
    LEAVE,
    STAY,
    count,
    groups_of_round,
    join,
    more_members,
    pair_now,
    pair_now_later,
    partners,
    status,
    thread,
)
from tests.e2e.questions_support import button, run

ELSEWHERE = "doesn't belong to anything here"


def ask_in(fake: FakeDiscord, thread_id: int, member: User) -> Message:
    return next(
        m
        for m in fake.messages(thread(fake, thread_id))
        if m.custom_ids() and f"<@{member.id}>" in m.content
    )


async def speak_and_pair(
    fake: FakeDiscord,
    bot: Kindred,
    world: World,
    talkers: set[int],
    everyone: list[User],
    clock: OffsetClock,
) -> str:
    """A round now (once the cooldown has passed), then a word in each thread from the
    members in ``talkers``."""
    said = await pair_now_later(fake, world.admin, world.general, clock)
    for group in await groups_of_round(bot):
        for user in everyone:
            if user.id in group.members and user.id in talkers:
                await fake.send_message(user, thread(fake, group.thread_id), "hello buddy")
    return said


async def test_three_silent_rounds_bring_a_question_only_the_member_can_answer(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    alice, bob = world.alice, world.bob
    carol, dan = more_members(world, "carol", "dan")
    everyone = [alice, bob, carol, dan]
    talkers = {alice.id, dan.id}  # bob and carol never say a word
    clock = OffsetClock()
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for user in everyone:
            await join(fake, user, general)
        for _ in range(3):
            assert "2 group(s)" in await speak_and_pair(fake, bot, world, talkers, everyone, clock)
        third = await groups_of_round(bot)
        asked_none = await count(bot.db, "SELECT COUNT(*) FROM pair_asks")
        assert asked_none == 0, "two silent rounds are fine"

        fourth = await speak_and_pair(fake, bot, world, talkers, everyone, clock)
        assert "1 group(s)" in fourth, "bob and carol rest until they answer"
        assert {m for g in await groups_of_round(bot) for m in g.members} == talkers
        bobs = ask_in(fake, next(g.thread_id for g in third if bob.id in g.members), bob)
        carols = ask_in(fake, next(g.thread_id for g in third if carol.id in g.members), carol)
        assert "stay" in bobs.content.lower()
        assert "question waiting" not in (await status(fake, alice, general)).content
        assert "question waiting" in (await status(fake, bob, general)).content

        if carol.id in next(g.members for g in third if bob.id in g.members):
            other = await fake.click(carol, bobs, button(bobs, STAY))
            assert "for someone else" in (await other.response()).content
        other = await fake.click(world.admin, bobs, button(bobs, LEAVE))
        assert "for someone else" in (await other.response()).content, "even an admin"

        stayed = await fake.click(bob, bobs, button(bobs, STAY))
        response = await stayed.response()
        assert response.ephemeral and "staying" in response.content
        again = await fake.click(bob, bobs, button(bobs, LEAVE))
        assert "already answered" in (await again.response()).content, "an old press"
        assert "question waiting" not in (await status(fake, bob, general)).content

        carol_ask = int(button(carols, LEAVE).rsplit(":", 1)[1])
        real_thread = await bot.db.fetch_value(
            "SELECT thread_id FROM pair_asks WHERE id = ?", (carol_ask,)
        )
        await bot.db.execute(  # the question now claims to live in another thread
            "UPDATE pair_asks SET thread_id = ? WHERE id = ?", (general.id, carol_ask)
        )
        foreign = await fake.click(carol, carols, button(carols, LEAVE))
        assert ELSEWHERE in (await foreign.response()).content
        await bot.db.execute(
            "UPDATE pair_asks SET thread_id = ? WHERE id = ?", (real_thread, carol_ask)
        )
        both = await asyncio.gather(  # two presses at once answer once
            fake.click(carol, carols, button(carols, LEAVE)),
            fake.click(carol, carols, button(carols, STAY)),
        )
        answers = sorted([str((await h.response()).content) for h in both])
        assert sum("already answered" in a for a in answers) == 1, answers
        assert await count(bot.db, "SELECT COUNT(*) FROM pair_asks WHERE answer IS NULL") == 0
        if any("staying" in a for a in answers):  # the Stay won the race: leave by command
            await run(fake, carol, general, "challenge pairs leave")
        assert "aren't in" in (await status(fake, carol, general)).content

        assert "1 group(s)" in await speak_and_pair(fake, bot, world, talkers, everyone, clock)
        fifth = {m for g in await groups_of_round(bot) for m in g.members}
        assert fifth == {alice.id, bob.id, dan.id}, "bob is back, carol is out"
    assert_clean(fake, caplog)


async def test_a_member_who_left_the_server_is_out_of_pairings(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    [carol] = more_members(world, "carol")
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob, carol):
            await join(fake, user, general)
        del world.guild.members[carol.id]  # Kindred is not told (no GUILD_MEMBERS intent)
        assert "1 group(s)" in await pair_now(fake, world.admin, general)
        [group] = await groups_of_round(bot)
        assert group.members == {world.alice.id, world.bob.id}
        assert await count(bot.db, "SELECT COUNT(*) FROM pair_members") == 2
    assert_clean(fake, caplog)


async def test_mydata_exports_my_pairings_without_my_partners_and_deletes_them(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in (alice, bob):
            await join(fake, user, general)
        await pair_now(fake, world.admin, general)
        [group] = await groups_of_round(bot)
        assert partners([group]) == {frozenset({alice.id, bob.id})}

        exported = await fake.slash(alice, general, "mydata export")
        await exported.response()
        [attachment] = (await exported.followup(0)).attachments
        mine = json.loads(attachment.data)["data"]["buddy pairings"]
        [membership] = mine["memberships"]
        assert membership["server"] == str(world.guild.id)
        [shared] = mine["rounds"]
        assert shared["thread"] == str(group.thread_id) and shared["group_size"] == 2
        assert shared["activity"] == group.activity_text
        assert str(bob.id) not in json.dumps(mine), "the partner's id is theirs"

        asked = await fake.slash(alice, general, "mydata delete")
        await asked.response()
        prompt = await asked.message()
        confirm = await fake.click(alice, prompt, prompt.custom_ids()[0])
        await confirm.response()

        async def deleted() -> bool:
            return await count(bot.db, "SELECT COUNT(*) FROM pair_members") == 1

        await eventually(deleted, "alice's pairings to be deleted")
        members = await bot.db.fetch_all("SELECT user_id FROM pair_group_members")
        assert [int(r[0]) for r in members] == [bob.id]
        assert "aren't in" in (await status(fake, alice, general)).content
    assert_clean(fake, caplog)


async def test_a_member_the_lists_leave_without_a_buddy_is_told_kindly_and_privately(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Three members, and alice listed bob: one pair, and one of them left out, who hears
    it privately with their next command and in status, and is never told why."""
    fake, general = world.fake, world.general
    [carol] = more_members(world, "carol")
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob, carol):
            await join(fake, user, general)
        await bot.members.set_dont_pair(world.alice.id, world.bob.id, listed=True)
        assert "1 group(s), 1 member(s) without a buddy" in await pair_now(
            fake, world.admin, general
        )
        [group] = await groups_of_round(bot)
        assert carol.id in group.members
        [left_out] = [u for u in (world.alice, world.bob) if u.id not in group.members]
        handle = await fake.slash(left_out, general, "challenge pairs status")
        shown = await handle.response()
        assert shown.ephemeral and "nobody free to pair you with" in shown.content
        notice = await handle.followup(0)
        assert notice.ephemeral and "nobody free to pair you with" in notice.content
        for text in (shown.content, notice.content):
            assert "list" not in text and str(world.alice.id) not in text, "never why"
        dms = [c for c in fake.world.channels.values() if c.type == 1]
        assert all(fake.messages(c) == [] for c in dms), "no DM"
    assert_clean(fake, caplog)


async def test_threads_kindred_cannot_read_count_nobody_as_silent(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Without Read Message History Discord answers an empty list: that must never read as
    everyone being silent. Rounds are made as the scheduler makes them (the command itself
    refuses a channel without that permission)."""
    fake, general = world.fake, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob):
            await join(fake, user, general)
        await pair_now(fake, world.admin, general)
        fake.set_bot_permissions(general, DEFAULT_BOT_PERMISSIONS & ~READ_MESSAGE_HISTORY)
        cog = bot.get_cog("Fun challenges")
        for _ in range(4):
            made = await cog.run_round(world.guild.id, general.id, None)  # type: ignore[union-attr]
            assert made is not None and made.groups == 1
        assert await count(bot.db, "SELECT COUNT(*) FROM pair_asks") == 0
        assert await count(bot.db, "SELECT MAX(silent_rounds) FROM pair_members") == 0
        fake.set_bot_permissions(general, DEFAULT_BOT_PERMISSIONS)
    assert_clean(fake, caplog)
