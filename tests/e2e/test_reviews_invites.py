"""/review start and its invitation as a hostile member would use them: bad inputs save
nothing, only the partner answers, two presses at once make one answer, the invitation pings
nobody, and presses forged from elsewhere act on nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button
from tests.e2e.review_support import (
    ACCEPT,
    ANSWER,
    DECLINE,
    START,
    accepted_review,
    count,
    invitation,
    review_dms,
    round_time,
    start,
)
from tests.e2e.test_lovelanguages import current

CONSENTS = "SELECT COUNT(*) FROM dm_consents WHERE kind = 'review'"


async def test_bad_inputs_are_refused_privately_and_save_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    robot = fake.add_user("helperbot", bot=True)
    fake.add_member(world.guild, robot)
    stranger = fake.add_user("stranger")  # not in this server
    async with running_kindred(
        world, db_path, clock=OffsetClock(START), features=REAL_FEATURES
    ) as bot:
        cases = [
            (alice, {}, "someone else"),
            (robot, {}, "Bots can't"),
            (stranger, {}, "member of this server"),
            (bob, {"time": "25:61"}, ""),
            (bob, {"timezone": "Mars/Olympus_Mons"}, ""),
        ]
        for partner, options, expected in cases:
            answer = await (await start(fake, alice, general, partner, **options)).response()
            assert answer.ok and answer.ephemeral, (partner.name, options)
            assert expected in str(answer.content)
        assert await count(bot, "SELECT COUNT(*) FROM review_pairs") == 0
        assert fake.messages(general) == [], "no invitation was posted"
    assert_clean(fake, caplog)


async def test_a_second_review_between_the_same_two_is_refused_whoever_invites(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(
        world, db_path, clock=OffsetClock(START), features=REAL_FEATURES
    ) as bot:
        await invitation(fake, alice, bob, general)
        again = await (await start(fake, bob, general, alice)).response()
        assert again.ephemeral and "already have a review" in str(again.content)
        assert await count(bot, "SELECT COUNT(*) FROM review_pairs") == 1
    assert_clean(fake, caplog)


async def test_the_invitation_names_the_partner_pings_nobody_and_only_they_can_answer_it(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    async with running_kindred(
        world, db_path, clock=OffsetClock(START), features=REAL_FEATURES
    ) as bot:
        post = await invitation(fake, alice, bob, general)
        assert f"<@{bob.id}>" in post.content and f"<@{alice.id}>" in post.content
        assert fake.audit.deliberate_pings == [], "named, never pinged: the inviter chose him"
        for who in (alice, carol):
            answer = await (await fake.click(who, post, button(post, ACCEPT))).response()
            assert answer.ephemeral and "for the person it names" in str(answer.content)
        assert await count(bot, "SELECT COUNT(*) FROM review_pairs WHERE status = 'invited'") == 1
        assert await count(bot, CONSENTS) == 0
        assert review_dms(fake, bob) == [], "Kindred never DMs someone who has not opted in"
        # Two presses at once by the partner: one answer.
        presses = await asyncio.gather(
            fake.click(bob, post, button(post, ACCEPT)),
            fake.click(bob, post, button(post, ACCEPT)),
        )
        answers = [await p.response() for p in presses]
        refused = [a for a in answers if a.ephemeral]
        assert len(refused) == 1 and "already been answered" in str(refused[0].content)
        assert "said yes" in current(fake, post).content
        assert current(fake, post).custom_ids() == [], "the buttons are gone"
        assert await count(bot, "SELECT COUNT(*) FROM review_pairs WHERE status = 'active'") == 1
        assert await count(bot, CONSENTS) == 2, "both gave the review's DM consent"
    assert_clean(fake, caplog)


async def test_a_declined_invitation_changes_nothing_and_its_old_buttons_answer_kindly(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(
        world, db_path, clock=OffsetClock(START), features=REAL_FEATURES
    ) as bot:
        post = await invitation(fake, alice, bob, general)
        accept, decline = button(post, ACCEPT), button(post, DECLINE)
        answer = await (await fake.click(bob, post, decline)).response()
        assert answer.ok and not answer.ephemeral
        assert "completely okay" in current(fake, post).content
        assert await count(bot, CONSENTS) == 0
        assert await count(bot, "SELECT COUNT(*) FROM review_pairs WHERE status = 'stopped'") == 1
        # A client that kept the old message presses Accept anyway.
        post.components = [
            {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": accept}]}
        ]
        late = await (await fake.click(bob, post, accept)).response()
        assert late.ephemeral and "already been answered" in str(late.content)
        # After a decline the two may start afresh.
        again = await (await start(fake, bob, general, alice)).response()
        assert again.ok and not again.ephemeral
    assert_clean(fake, caplog)


def forge(message: Any, custom_id: str) -> None:
    """What a hostile client can do: send a press naming any ``custom_id`` it has seen, from
    any message it can see (the fake only lets a press name a button the message shows)."""
    message.components = [
        {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": custom_id}]}
    ]


async def test_presses_forged_from_elsewhere_act_on_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol, dana = fake.add_user("carol"), fake.add_user("dana")
    for user in (carol, dana):
        fake.add_member(world.guild, user)
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await accepted_review(fake, alice, bob, general)
        pending = await invitation(fake, carol, dana, daily)
        alices, _ = await round_time(fake, clock, alice, bob)
        round_press = button(alices, ANSWER)
        # The round's Answer, pressed from a server channel, even by one of the two.
        forge(pending, round_press)
        answer = await (await fake.click(alice, pending, round_press)).response()
        assert answer.ephemeral and "belong" in str(answer.content)
        # The invitation's Accept, pressed by its partner from another message.
        accept = button(await invitation(fake, dana, bob, general), ACCEPT)
        other = await invitation(fake, dana, alice, daily)
        forge(other, accept)
        answer = await (await fake.click(bob, other, accept)).response()
        assert answer.ephemeral and "belong" in str(answer.content)
        # Someone outside the round names its id from their own DM with Kindred.
        note = await fake.send_message(carol, fake.dm_channel(carol), "hello")
        forge(note, round_press)
        answer = await (await fake.click(carol, note, round_press)).response()
        assert answer.ephemeral and "belongs to someone else" in str(answer.content)
        assert (
            await count(bot, "SELECT COUNT(*) FROM review_answers WHERE answered_at IS NOT NULL")
            == 0
        )
        assert await count(bot, "SELECT COUNT(*) FROM review_pairs WHERE status = 'active'") == 1
    assert_clean(fake, caplog)
