"""/lovelanguage and /appreciate end to end, through the local fake Discord."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.content import content_root
from bot.fakediscord import Channel, FakeDiscord, Message, User
from bot.timing.clock import OffsetClock
from cogs.lovelanguages.quiz import load_quiz
from cogs.lovelanguages.scoring import LANGUAGES, RELATIONSHIPS, score
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, notice_after, running_kindred

QUIZ = load_quiz(content_root())
BEFORE_FIVE = datetime(2026, 6, 2, 16, 59, 57, tzinfo=UTC)  # the nudges run at 17:00 UTC


async def run(fake: FakeDiscord, user: User, where: Channel, command: str, **options: Any) -> Any:
    handle = await fake.slash(user, where, command, options)
    response = await handle.response()
    assert response.ok and response.ephemeral
    return response


def current(fake: FakeDiscord, message: Message) -> Message:
    found = fake.get_message(message.id)
    assert found is not None
    return found


async def press(fake: FakeDiscord, user: User, message: Message, prefix: str) -> Message:
    ids = [c for c in current(fake, message).custom_ids() if c.startswith(prefix)]
    assert ids, f"no {prefix} button on {current(fake, message).custom_ids()}"
    handle = await fake.click(user, message, ids[0])
    assert (await handle.response()).ok
    return current(fake, message)


async def answer_items(
    fake: FakeDiscord, user: User, message: Message, part: str, picks: list[int], start: int = 0
) -> Message:
    code = part[0]
    for index, pick in enumerate(picks, start=start):
        message = await press(fake, user, message, f"kl:q:{code}:{index}:{pick}")
    return message


def chosen(part: str, picks: list[int]) -> list[str]:
    return [item.pair[pick] for item, pick in zip(QUIZ.items(part), picks, strict=True)]


async def take_quiz(fake: FakeDiscord, user: User, where: Channel, picks: list[int]) -> None:
    handle = await fake.slash(user, where, "lovelanguage quiz", {"relationship": "friend"})
    screen = await handle.message()
    screen = await answer_items(fake, user, screen, "receive", picks)
    assert "Done!" in current(fake, screen).content


PICKS_A = [i % 2 for i in range(30)]
PICKS_B = [0] * 30


async def test_a_full_quiz_with_a_restart_in_the_middle_gives_the_same_scores_every_time(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        handle = await fake.slash(alice, general, "lovelanguage quiz", {"relationship": "partner"})
        screen = await handle.message()
        assert screen.ephemeral and "Part 1 · question 1 of 30" in screen.embeds[0]["title"]
        item = QUIZ.items("receive")[0]
        assert item.first.text("partner") in screen.embeds[0]["description"]
        screen = await answer_items(fake, alice, screen, "receive", PICKS_A[:12])
        screen = await press(fake, alice, screen, "kl:b:r:12")  # Back once…
        assert "question 12 of 30" in screen.embeds[0]["title"]
        old = await answer_items(fake, alice, screen, "receive", PICKS_A[11:12], start=11)

    async with running_kindred(world, db_path, features=REAL_FEATURES):
        handle = await fake.slash(alice, general, "lovelanguage quiz")
        prompt = await handle.message()
        assert "12 of 30 answered" in prompt.content
        screen = await press(fake, alice, prompt, "kl:s:continue")
        assert "question 13 of 30" in screen.embeds[0]["title"]
        screen = await answer_items(fake, alice, screen, "receive", PICKS_A[12:13], start=12)
        # The screen from before the restart still shows question 13: pressing it now must
        # not answer question 14 by mistake.
        stale = await fake.click(alice, old, "kl:q:r:12:0")
        assert (await stale.response()).ok
        refreshed = current(fake, old)
        assert "already answered" in refreshed.embeds[0]["description"]
        assert "question 14 of 30" in refreshed.embeds[0]["title"]
        screen = await answer_items(fake, alice, screen, "receive", PICKS_A[13:], start=13)
        assert "Done!" in screen.content
        screen = await press(fake, alice, screen, "kl:s:give")
        screen = await answer_items(fake, alice, screen, "give", [1] * 15)
        assert "All done" in screen.content
        clicked = await fake.click(alice, screen, "kl:s:result")
        await clicked.response()
        shown = await clicked.followup(0)
    expected = score(QUIZ.pairs("receive"), chosen("receive", PICKS_A))
    assert expected.total == 30
    [embed] = shown.embeds
    ranking = embed["fields"][0]["value"]
    for language, points in expected.points.items():
        assert f"{QUIZ.languages[language].name} — **{points}** of 12" in ranking
    assert any(f["name"] == "How you tend to give care" for f in embed["fields"])
    [chart] = shown.attachments
    assert chart.filename == "chart.png" and chart.data.startswith(b"\x89PNG")
    assert embed["image"]["url"] == "attachment://chart.png"
    assert_clean(fake, caplog)


async def test_share_profile_compare_and_unshare(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        private = await run(fake, bob, general, "lovelanguage profile", member=alice)
        assert "hasn't shared" in private.content
        await take_quiz(fake, alice, general, PICKS_A)
        await take_quiz(fake, bob, general, PICKS_B)
        still_private = await run(fake, bob, general, "lovelanguage profile", member=alice)
        assert "hasn't shared" in still_private.content, "private until shared"
        await run(fake, alice, general, "lovelanguage share")
        compare_first = await run(fake, bob, general, "lovelanguage compare", member=alice)
        assert "share your own profile here first" in compare_first.content
        await run(fake, bob, general, "lovelanguage share")

        profile = await fake.slash(bob, general, "lovelanguage profile", {"member": alice})
        await profile.response()
        seen = await profile.followup(0)
        assert seen.embeds[0]["title"] == "alice's love languages"

        compared = await run(
            fake, alice, general, "lovelanguage compare", member=bob, relationship="partner"
        )
        fields = compared.data["embeds"][0]["fields"]
        assert len(fields) == 2
        for field in fields:
            assert field["value"].count("\n• ") == 3, "three ways for each"
        assert "score" not in compared.data["embeds"][0]["fields"][0]["value"].lower()

        await run(fake, alice, general, "lovelanguage unshare")
        hidden = await run(fake, bob, general, "lovelanguage profile", member=alice)
        assert "hasn't shared" in hidden.content
        refused = await run(fake, bob, general, "lovelanguage compare", member=alice)
        assert "hasn't shared" in refused.content
    assert_clean(fake, caplog)


async def test_tips_for_every_language_and_relationship(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        for language in LANGUAGES:
            for relationship in RELATIONSHIPS:
                shown = await run(
                    fake,
                    alice,
                    general,
                    "lovelanguage tips",
                    language=language,
                    relationship=relationship,
                )
                [field] = shown.data["embeds"][0]["fields"]
                assert field["name"].endswith(QUIZ.languages[language].name)
                assert field["value"].count("• ") == 5
        mixed = await run(fake, alice, general, "lovelanguage tips")
        assert len(mixed.data["embeds"][0]["fields"]) == 5
        learned = await run(fake, alice, general, "lovelanguage learn")
        assert len(learned.data["embeds"][0]["fields"]) == 5
    assert_clean(fake, caplog)


async def test_the_server_overview_needs_three_shared_profiles(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        for user, picks in ((world.alice, PICKS_A), (world.bob, PICKS_B)):
            await take_quiz(fake, user, general, picks)
            await run(fake, user, general, "lovelanguage share")
        too_few = await run(fake, carol, general, "lovelanguage server")
        assert "Fewer than 3 members" in too_few.content
        assert "embeds" not in too_few.data or not too_few.data["embeds"]
        await take_quiz(fake, carol, general, PICKS_B)
        await run(fake, carol, general, "lovelanguage share")
        handle = await fake.slash(carol, general, "lovelanguage server")
        await handle.response()
        overview = await handle.followup(0)
        assert "3 members who shared" in overview.embeds[0]["description"]
        assert overview.attachments[0].data.startswith(b"\x89PNG")
    assert_clean(fake, caplog)


async def test_a_nudge_reaches_only_a_member_who_opted_in(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    clock = OffsetClock(BEFORE_FIVE - timedelta(minutes=5))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await take_quiz(fake, bob, general, PICKS_B)
        await run(fake, bob, general, "lovelanguage share")
        await take_quiz(fake, carol, general, PICKS_A)  # carol never asks for nudges
        on = await run(fake, alice, general, "lovelanguage nudges on")
        assert "once a week" in on.content
        clock.set(BEFORE_FIVE)
        await fake.wait_until(
            lambda: len(fake.messages(fake.dm_channel(alice))) >= 1, 10, "a nudge"
        )
        await fake.settle()
    [nudge] = fake.messages(fake.dm_channel(alice))
    assert f"<@{bob.id}>" in nudge.content
    bob_language = QUIZ.languages[
        score(QUIZ.pairs("receive"), chosen("receive", PICKS_B)).primary[0]
    ]
    assert bob_language.name in nudge.content
    assert fake.messages(fake.dm_channel(carol)) == []
    assert fake.messages(fake.dm_channel(bob)) == []
    assert_clean(fake, caplog)


async def test_an_anonymous_note_is_delivered_reported_and_its_sender_blocked_unseen(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    caplog.set_level(logging.DEBUG, logger="cogs")
    caplog.set_level(logging.DEBUG, logger="bot")
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        not_accepting = await run(
            fake, bob, general, "appreciate", member=alice, message="You're great!"
        )
        assert "can't deliver a note" in not_accepting.content
        await run(fake, alice, general, "boundaries set", notes="anyone")
        sent = await run(
            fake, bob, general, "appreciate", member=alice,
            message="Your patience with newcomers makes this place kind.", anonymous=True,
        )  # fmt: skip
        assert "on its way" in sent.content
        dm_channel = fake.dm_channel(alice)
        await fake.wait_until(lambda: len(fake.messages(dm_channel)) >= 1, 5, "the note")
        [note] = fake.messages(dm_channel)
        assert note.embeds[0]["footer"]["text"] == "From someone in Kindred Test"
        reported = await fake.click(alice, note, note.custom_ids()[0])
        offer = await reported.message()
        assert "nobody learns that" in offer.content
        blocked = await fake.click(alice, offer, offer.custom_ids()[0])
        assert (await blocked.response()).ok
        assert "Blocked" in current(fake, offer).content

        again = await run(fake, bob, general, "appreciate", member=alice, message="One more?")
        assert "can't deliver a note" in again.content, "a block reads like any refusal"
        admin_view = await fake.slash(world.admin, general, "help")
        await admin_view.response()
        told = await notice_after(world.fake, admin_view)
        assert "reported an anonymous appreciation note" in told.content

    everything_alice_saw = repr(
        [(m.content, m.embeds, m.components) for m in fake.messages(dm_channel)] + [(told.content,)]
    )
    assert "bob" not in everything_alice_saw.lower() and str(bob.id) not in everything_alice_saw
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(("bot", "cogs")))
    assert str(bob.id) not in logged
    assert len(fake.messages(dm_channel)) == 2, (
        "the note and the report screen; nothing after the block"
    )
    assert_clean(fake, caplog)


async def test_quiz_profiles_and_notes_are_in_mydata_and_go_with_delete(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await take_quiz(fake, alice, general, PICKS_A)
        await run(fake, alice, general, "lovelanguage share")
        await run(fake, bob, general, "boundaries set", notes="named")
        await run(
            fake, alice, general, "appreciate", member=bob, message="Thanks for the help today."
        )

        async def export() -> dict[str, Any]:
            handle = await fake.slash(alice, general, "mydata export")
            await handle.response()
            [attachment] = (await handle.followup(0)).attachments
            document: dict[str, Any] = json.loads(attachment.data)["data"]["love languages"]
            return document

        mine = await export()
        assert (
            len(mine["quiz_results"]) == 1
            and sum(mine["quiz_results"][0]["receive"].values()) == 30
        )
        assert mine["shared_in_servers"] == [str(world.guild.id)]
        assert [n["to"] for n in mine["notes_sent"]] == [str(bob.id)]

        prompt = await (await fake.slash(alice, general, "mydata delete")).message()
        await (await fake.click(alice, prompt, prompt.custom_ids()[0])).response()
        await fake.wait_until(lambda: "Done." in current(fake, prompt).content, 5, "the deletion")
        fresh = await export()
        assert fresh["quiz_results"] == [] and fresh["shared_in_servers"] == []
        assert fresh["notes_sent"] == []
        for table in ("ll_results", "ll_shares", "ll_notes"):
            rows = await bot.db.fetch_all(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            assert all(alice.id not in tuple(r) for r in rows), table
    assert_clean(fake, caplog)


async def test_nudges_take_turns_and_skip_the_unshared_and_the_do_not_pair_list(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol, dan = fake.add_user("carol"), fake.add_user("dan")
    for user in (carol, dan):
        fake.add_member(world.guild, user)
    clock = OffsetClock(BEFORE_FIVE - timedelta(hours=1))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        cog: Any = bot.get_cog("Love languages")
        for user in (bob, carol, dan):
            await take_quiz(fake, user, general, PICKS_B)
            await run(fake, user, general, "lovelanguage share")
        await run(fake, alice, general, "lovelanguage nudges on")
        await run(fake, alice, general, "boundaries dont-pair add", member=dan)
        await run(fake, carol, general, "lovelanguage unshare")

        about = []
        for week in range(3):
            assert await cog.send_nudges() == 1, f"week {week}"
            assert await cog.send_nudges() == 0, "one a week"
            await fake.wait_until(
                lambda n=week: len(fake.messages(fake.dm_channel(alice))) >= n + 1, 5, "the nudge"
            )
            about.append(fake.messages(fake.dm_channel(alice))[-1].content)
            clock.advance(timedelta(days=7, minutes=1))
        assert all(f"<@{bob.id}>" in text for text in about), "carol unshared; dan is on the list"

        await run(fake, carol, general, "lovelanguage share")
        assert await cog.send_nudges() == 1
        await fake.wait_until(lambda: len(fake.messages(fake.dm_channel(alice))) >= 4, 5, "a nudge")
        assert f"<@{carol.id}>" in fake.messages(fake.dm_channel(alice))[-1].content, "her turn"
        off = await run(fake, alice, general, "lovelanguage nudges off")
        assert "off" in off.content
        clock.advance(timedelta(days=8))
        assert await cog.send_nudges() == 0
    assert_clean(fake, caplog)
