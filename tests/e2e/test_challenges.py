"""/challenge now and what happens on its post, end to end through the fake Discord: the
post and its thread, "I did it 🎉" with its form, once per member, 😂 and 🫙 Keep, Not
today, the channel's ceiling and cooldown, presses from elsewhere, and /help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.challenge_support import (
    KEEP,
    LAUGH,
    NOT_TODAY,
    cog_of,
    count,
    did_it,
    done_now,
    labels,
    post_now,
)
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button, run, thread_of


async def test_a_posted_challenge_has_its_buttons_a_thread_and_stays_light(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (
            await fake.slash(alice, general, "challenge now", {"kind": "laugh"})
        ).message()
        [embed] = post.embeds
        assert embed["title"].startswith("Challenge #1")
        names = [f["name"] for f in embed["fields"]]
        assert names == ["Kind", "Depth", "Size"]
        assert embed["fields"][1]["value"] == "1 · light"
        assert labels(post) == ["I did it 🎉", "Not today"]
        post_id = await bot.db.fetch_value("SELECT id FROM challenge_posts")
        assert post.custom_ids() == [f"kc:d:{post_id}", f"kc:n:{post_id}"], "action + row id"
        assert str(alice.id) not in "".join(post.custom_ids()), "no member id in a custom id"
        thread = await thread_of(fake, post)
        assert thread.name.startswith("Challenge #1")
        row = await bot.db.fetch_one("SELECT kind, depth, message_id FROM challenge_posts")
        assert row is not None and row["kind"] == "laugh" and row["depth"] == 1
        assert row["message_id"] == post.id
        again = await fake.slash(world.bob, general, "challenge now")
        assert "can be posted" in (await again.response()).content, "a cooldown per channel"
    assert_clean(fake, caplog)


async def test_no_challenge_repeats_in_a_channel_until_the_bank_is_used_up(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        cog = cog_of(bot)
        fitting = {c.id: c.kind for c in cog.bank if c.depth <= 1}
        laughs = sum(kind == "laugh" for kind in fitting.values())

        async def post(**options: Any) -> Any:
            await cog.posts.release_now_slot(general.id)  # the cooldown is tested elsewhere
            return await (await fake.slash(alice, general, "challenge now", options)).response()

        for _ in range(laughs):
            await post(kind="laugh")
        refused = await post(kind="laugh")
        assert refused.ephemeral and "already given here this round" in refused.content
        for _ in range(len(fitting) - laughs):
            await post()
        rows = await bot.db.fetch_all("SELECT challenge_id, cycle FROM challenge_posts")
        assert sorted(r[0] for r in rows) == sorted(fitting), "each once, nothing deeper"
        assert {r[1] for r in rows} == {1}
        await post()
        assert await count(bot, "SELECT MAX(cycle) FROM challenge_posts") == 2
    assert_clean(fake, caplog)


async def test_i_did_it_posts_once_under_my_name_and_a_second_form_edits_it(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post, thread = await post_now(fake, alice, general)
        note = f"Did it with <@{world.bob.id}> and @everyone — https://example.com/pic"
        reply = await did_it(fake, alice, post, note)
        assert "Shared in the thread" in reply
        [mine] = fake.messages(thread)
        shown_as = alice.global_name or alice.username
        assert mine.embeds[0]["author"]["name"] == f"{shown_as} did it! 🎉"
        assert "https://example.com/pic" in mine.embeds[0]["description"]
        send = fake.find_requests(method="POST", route="/channels/{channel_id}/messages")[-1]
        assert send.body["allowed_mentions"] == {"parse": []}, "mentions never ping"
        assert labels(mine) == ["😂", "🫙 Keep", "Remove"]
        again = await did_it(fake, alice, post, "Second go, better.")
        assert "updated" in again
        await fake.settle()
        assert len(fake.messages(thread)) == 1
        assert fake.get_message(mine.id).embeds[0]["description"] == "Second go, better."
        assert await count(bot, "SELECT COUNT(*) FROM challenge_completions") == 1
        raw = await bot.db.fetch_value("SELECT note_sealed FROM challenge_completions")
        assert "Second go" not in str(raw), "the note is sealed at rest"
        quiet = await did_it(fake, world.bob, post)
        assert "Shared in the thread" in quiet, "a note is optional"
    assert_clean(fake, caplog)


async def test_laughs_count_others_once_and_only_the_author_keeps(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        mine = await done_now(fake, alice, general, "Wore socks on my hands all morning.")
        own = await fake.click(alice, mine, button(mine, LAUGH))
        assert "your own" in (await own.response()).content
        laughed = await fake.click(bob, mine, button(mine, LAUGH))
        assert (await laughed.response()).ok
        await fake.settle()
        assert labels(fake.get_message(mine.id))[0] == "😂 1"
        twice = await fake.click(bob, mine, button(mine, LAUGH))
        assert "already laughed" in (await twice.response()).content
        theirs = await fake.click(bob, mine, button(mine, KEEP))
        assert "Only the person" in (await theirs.response()).content
        kept = await fake.click(alice, mine, button(mine, KEEP))
        assert (await kept.response()).ok
        assert "memory jar" in (await kept.followup(0)).content
        await fake.settle()
        assert labels(fake.get_message(mine.id)) == ["😂 1", "🫙 Kept", "Remove"]
        assert await count(bot, "SELECT COUNT(*) FROM challenge_completions "
                                "WHERE kept_at IS NOT NULL") == 1  # fmt: skip
    assert_clean(fake, caplog)


async def test_not_today_is_private_and_kind_and_records_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post, _ = await post_now(fake, alice, general)
        tables = ("challenge_completions", "challenge_laughs", "challenge_posts")
        before = {t: await count(bot, f"SELECT COUNT(*) FROM {t}")  # noqa: S608 - fixed names
                  for t in tables}  # fmt: skip
        skipped = await fake.click(world.bob, post, button(post, NOT_TODAY))
        response = await skipped.response()
        assert response.ephemeral and "No worries" in response.content
        after = {t: await count(bot, f"SELECT COUNT(*) FROM {t}")  # noqa: S608 - fixed names
                 for t in before}  # fmt: skip
        assert after == before
    assert_clean(fake, caplog)


async def test_help_lists_the_challenge_command(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        shown = await run(fake, world.alice, world.general, "help")
        text = repr(shown.data["embeds"])
        assert "/challenge now [kind]" in text
        assert "Post a fun challenge here now." in text
    assert_clean(fake, caplog)
