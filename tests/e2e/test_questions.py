"""/question end to end: the real Kindred and discord.py against the local fake Discord.

Time is driven by an OffsetClock: "09:00 in London" arrives a few seconds after the test
sets the clock, never after real minutes.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from discord import Permissions

from bot.fakediscord import Channel, FakeDiscord, Message, User
from bot.fakediscord.state import DEFAULT_BOT_PERMISSIONS
from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred

# 2 June 2026, London is on BST (UTC+1): 09:00 London = 08:00 UTC.
CREATE_PUBLIC_THREADS = Permissions(create_public_threads=True).value
BEFORE_NINE = datetime(2026, 6, 2, 7, 59, 57, tzinfo=UTC)
SCHEDULE = {"time": "9:00", "timezone": "Europe/London"}


async def run(fake: FakeDiscord, user: User, where: Channel, command: str, **options: Any) -> Any:
    handle = await fake.slash(user, where, command, options)
    response = await handle.response()
    assert response.ok
    return response


def posts(fake: FakeDiscord, channel: Channel) -> list[Message]:
    return [m for m in fake.messages(channel) if m.embeds and "Question #" in m.embeds[0]["title"]]


async def thread_of(fake: FakeDiscord, post: Message) -> Channel:
    """The post's thread (one started from a message shares its id), once it exists."""
    await fake.wait_until(lambda: post.id in fake.world.channels, 5, "the post's thread")
    return fake.world.channels[post.id]


async def answer(
    fake: FakeDiscord, user: User, post: Message, text: str, *, anonymous: bool = False
) -> Any:
    custom_id = next(
        c for c in post.custom_ids() if c.startswith("kq:n:" if anonymous else "kq:a:")
    )
    clicked = await fake.click(user, post, custom_id)
    modal = await clicked.modal()
    [field] = modal.field_ids()
    submitted = await clicked.submit_modal({field: text})
    return await submitted.followup(0)


def button(message: Message, prefix: str) -> str:
    return next(c for c in message.custom_ids() if c.startswith(prefix))


async def test_a_schedule_a_few_seconds_ahead_posts_exactly_once_with_buttons_and_a_thread(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        saved = await run(fake, ada, daily, "question schedule", channel=daily, **SCHEDULE)
        assert saved.ephemeral and "Daily questions are set for" in saved.content
        assert "Tue 02 Jun 09:00" in saved.content
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "the 09:00 post")
        await fake.settle()
        [post] = posts(fake, daily)
        [embed] = post.embeds
        assert embed["title"] == "Question #1"
        assert {f["name"] for f in embed["fields"]} == {"Category", "Depth"}
        assert next(f for f in embed["fields"] if f["name"] == "Depth")["value"] == "1 · light"
        assert [c.split(":")[1] for c in post.custom_ids()] == ["a", "n", "p", "d", "t"]
        thread = await thread_of(fake, post)
        assert thread.name.startswith("#1 · ")
        clock.advance(timedelta(minutes=1))
        await fake.settle()
    assert len(posts(fake, daily)) == 1
    assert_clean(fake, caplog)


async def test_a_restart_between_two_posts_posts_each_day_once_with_new_questions(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await run(fake, ada, daily, "question schedule", channel=daily, **SCHEDULE)
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "day one")
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await fake.settle()
        assert len(posts(fake, daily)) == 1, "the restart does not post day one again"
    clock.set(BEFORE_NINE + timedelta(days=1))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 2, 10, "day two")
        await fake.settle()
    first, second = posts(fake, daily)
    assert second.embeds[0]["title"] == "Question #2"
    assert first.embeds[0]["description"] != second.embeds[0]["description"]
    assert_clean(fake, caplog)


async def test_answers_named_and_anonymous_validation_and_the_depth_ladder(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob = world.fake, world.admin, world.alice, world.bob
    general = world.general
    caplog.set_level(logging.DEBUG)
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        posted = await fake.slash(alice, general, "question now")
        post = await posted.message()
        thread = await thread_of(fake, post)

        assert "Posted in the thread" in (await answer(fake, alice, post, "Morning walks.")).content
        await answer(fake, bob, post, "I sing in the car when nobody's listening.", anonymous=True)
        await answer(fake, ada, post, "A good cup of tea.")
        answers = fake.messages(thread)
        authors = [m.embeds[0]["author"]["name"] for m in answers]
        assert authors == ["alice", "Anonymous", "ada"]
        anonymous = answers[1]
        everything = repr([(m.content, m.embeds, m.components) for m in fake.messages(thread)])
        assert "bob" not in everything.lower() and str(bob.id) not in everything
        logged = "\n".join(
            r.getMessage() for r in caplog.records if r.name.startswith(("bot", "cogs"))
        )
        assert str(bob.id) not in logged and "sing in the car" not in logged

        again = await fake.click(alice, post, button(post, "kq:n:"))
        assert "already answered this one with your name" in (await again.response()).content

        valid = button(anonymous, "kq:v:")
        pressed = await fake.click(alice, anonymous, valid)
        assert (await pressed.response()).ok
        refreshed = fake.get_message(anonymous.id)
        assert refreshed is not None
        assert refreshed.find_component(valid)["label"] == "That makes sense · 1"
        twice = await fake.click(alice, refreshed, valid)
        assert "already said" in (await twice.response()).content
        own = await fake.click(bob, refreshed, valid)
        assert "your own answer" in (await own.response()).content
        await (await fake.click(ada, refreshed, valid)).response()
        assert fake.get_message(anonymous.id).find_component(valid)["label"].endswith("· 2")

        for member in (alice, bob):
            ready = await fake.click(member, post, button(post, "kq:d:"))
            assert "of 3 are ready" in (await ready.response()).content
        last = await fake.click(ada, post, button(post, "kq:d:"))
        assert "last ready vote" in (await last.response()).content
        await fake.wait_for_message(general, lambda m: "depth 2" in m.content)
        lower = await fake.click(bob, post, button(post, "kq:t:"))
        assert "nobody knows it was you" in (await lower.response()).content
        note = await fake.wait_for_message(general, lambda m: "step back to depth 1" in m.content)
        assert "bob" not in note.content.lower()
    assert_clean(fake, caplog)


async def test_a_suggestion_too_close_to_a_question_is_refused_another_approved_then_asked(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, general = world.fake, world.admin, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        cog: Any = bot.get_cog("Daily questions")
        shipped = cog.bank[0].text
        close = await run(fake, alice, general, "question suggest", text=shipped.upper())
        assert "very close to a question already here" in close.content
        assert shipped in close.content

        mine = "Which song would you choose as the soundtrack of this week, and why?"
        queued = await run(
            fake, alice, general, "question suggest", text=mine, category="fun", tell_me=True
        )
        assert "I'll DM you when they decide" in queued.content
        again = await run(fake, world.bob, general, "question suggest", text=mine + " ")
        assert "very close" in again.content, "a pending suggestion counts too"

        review = await fake.slash(ada, general, "question review")
        screen = await review.message()
        assert screen.embeds[0]["description"] == mine
        approve, _edit, _reject = screen.custom_ids()
        approved = await fake.click(ada, screen, approve)
        assert (await approved.response()).ok
        await fake.wait_until(
            lambda: "No suggestions are waiting" in (fake.get_message(screen.id) or screen).content,
            5,
            "the empty queue",
        )
        await fake.wait_until(lambda: len(fake.messages(fake.dm_channel(alice))) >= 1, 5, "a DM")
        [dm] = fake.messages(fake.dm_channel(alice))
        assert "was approved" in dm.content

        cog.bank = []  # only the server's own question is left to ask
        asked = await fake.slash(alice, general, "question now")
        post = await asked.message()
        await thread_of(fake, post)
        assert post.embeds[0]["description"] == mine
        assert "Fun" in repr(post.embeds[0]["fields"])
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"time": "25:00", "timezone": "Europe/London"}, "25:00"),
        ({"time": "9:00", "timezone": "Europe/Londn"}, "Did you mean Europe/London?"),
        ({"time": "9:00", "timezone": "UTC", "days": "someday"}, "someday"),
    ],
)
async def test_bad_schedule_input_is_refused_and_saves_nothing(
    world: World,
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    options: dict[str, Any],
    expected: str,
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(fake, ada, general, "question schedule", channel=general, **options)
        assert refused.ephemeral and expected in refused.content
        assert await bot.db.fetch_all("SELECT * FROM question_schedules") == []
    assert_clean(fake, caplog)


async def test_a_channel_kindred_cannot_post_in_is_refused_before_saving(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    fake.set_bot_permissions(general, 1024)  # view only: no sending, no threads
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(fake, ada, general, "question schedule", channel=general, **SCHEDULE)
        assert "I can't post daily questions in" in refused.content
        assert "send messages" in refused.content
        assert await bot.db.fetch_all("SELECT * FROM question_schedules") == []
        not_here = await run(fake, world.alice, general, "question now")
        assert "I can't post daily questions in this channel" in not_here.content
    assert_clean(fake, caplog)


async def test_another_channel_kindred_cannot_post_in_is_refused_too(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Scheduling #daily from #general: the bot's rights in #daily come from its cache."""
    fake, ada, general = world.fake, world.admin, world.general
    daily = fake.channel(world.guild, "daily")
    fake.set_bot_permissions(daily, DEFAULT_BOT_PERMISSIONS & ~CREATE_PUBLIC_THREADS)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(fake, ada, general, "question schedule", channel=daily, **SCHEDULE)
        assert "create public threads" in refused.content
        assert await bot.db.fetch_all("SELECT * FROM question_schedules") == []
        fake.set_bot_permissions(daily, DEFAULT_BOT_PERMISSIONS)

        async def can_post() -> bool:
            guild = bot.get_guild(world.guild.id)
            channel = guild.get_channel(daily.id) if guild else None
            return bool(
                channel and guild and channel.permissions_for(guild.me).create_public_threads
            )

        await eventually(can_post, "the channel update")
        saved = await run(fake, ada, general, "question schedule", channel=daily, **SCHEDULE)
        assert "Daily questions are set for" in saved.content
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@everyone", "only mentions"),
        ("\u200b \u200d", "empty"),
        ("Why?", "a bit short"),
        ("What " + "really " * 40 + "matters?", "the limit is 200"),
    ],
)
async def test_a_bad_suggestion_is_refused_and_saves_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, text: str, expected: str
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(fake, world.alice, world.general, "question suggest", text=text)
        assert refused.ephemeral and expected in refused.content
        assert await bot.db.fetch_all("SELECT * FROM question_suggestions") == []
    assert_clean(fake, caplog)


async def test_pause_posts_nothing_resume_does_not_catch_up_and_skip_drops_one(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE - timedelta(minutes=1))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await run(fake, ada, daily, "question schedule", channel=daily, **SCHEDULE)
        paused = await run(fake, ada, daily, "question pause", channel=daily)
        assert "Paused" in paused.content
        clock.advance(timedelta(minutes=2))  # 09:00 passes while paused
        await fake.settle()
        assert posts(fake, daily) == []
        resumed = await run(fake, ada, daily, "question resume", channel=daily)
        assert "not caught up" in resumed.content
        await fake.settle()
        assert posts(fake, daily) == [], "the missed 09:00 is not posted late"
        skipped = await run(fake, ada, daily, "question skip", channel=daily)
        assert "Skipped the next daily question" in skipped.content
        clock.set(BEFORE_NINE + timedelta(days=1))  # Wednesday 09:00 is the skipped one
        await fake.settle()
        clock.advance(timedelta(seconds=5))
        await fake.settle()
        assert posts(fake, daily) == []
        clock.set(BEFORE_NINE + timedelta(days=2))  # Thursday posts as usual
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "Thursday's post")
        await fake.settle()
        assert len(posts(fake, daily)) == 1
        listed = await run(fake, ada, daily, "question schedules")
        assert "09:00 Europe/London" in repr(listed.data["embeds"])
        gone = await run(fake, ada, daily, "question unschedule", channel=daily)
        assert "won't get daily questions" in gone.content
        [post] = posts(fake, daily)
        closed = await fake.click(world.alice, post, button(post, "kq:a:"))
        assert "stopped" in (await closed.response()).content
    assert_clean(fake, caplog)


async def test_buttons_keep_working_after_a_restart_and_close_when_too_old(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        post = await (await fake.slash(alice, general, "question now")).message()
        await thread_of(fake, post)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        reply = await answer(fake, alice, post, "Still here after the restart.")
        assert "Posted in the thread" in reply.content
        today = await run(fake, alice, general, "question today")
        assert "Today's question, #1" in today.content and str(post.id) in today.content
        clock.advance(timedelta(days=8))
        late = await fake.click(alice, post, button(post, "kq:a:"))
        assert "more than a week old" in (await late.response()).content
    assert_clean(fake, caplog)


async def test_anonymous_authors_can_delete_and_admins_can_bar_without_learning_who(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob, general = world.fake, world.admin, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        post = await (await fake.slash(ada, general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "Mine, and I'll take it back.", anonymous=True)
        [mine] = fake.messages(thread)
        not_yours = await fake.click(bob, mine, button(mine, "kq:x:"))
        assert "Only the person who wrote" in (await not_yours.response()).content
        deleted = await fake.click(alice, mine, button(mine, "kq:x:"))
        assert (await deleted.response()).ok
        assert fake.get_message(mine.id).embeds == []

        await answer(fake, bob, post, "Something against the rules.", anonymous=True)
        theirs = fake.messages(thread)[-1]
        removed = await fake.click(ada, theirs, button(theirs, "kq:x:"))
        await removed.response()
        offer = await removed.followup(0)
        assert offer.ephemeral and "You won't learn who it was" in offer.content
        assert "bob" not in repr((offer.content, offer.components)).lower()
        assert str(bob.id) not in repr((offer.content, offer.components))
        barred = await fake.click(ada, offer, offer.custom_ids()[0])
        assert (await barred.response()).ok

        second = await (await fake.slash(ada, general, "question now", {})).response()
        assert "A question was posted here a moment ago" in second.content
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        refused = await fake.click(bob, post, button(post, "kq:n:"))
        assert "can't answer anonymously in this server" in (await refused.response()).content
        named = await answer(fake, bob, post, "Fair enough, with my name then.")
        assert "Posted" in named.content
    assert_clean(fake, caplog)


async def test_admins_hear_when_a_channel_runs_low_once_and_when_a_new_round_starts(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, general = world.fake, world.admin, world.alice, world.general
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        cog: Any = bot.get_cog("Daily questions")
        cog.bank = [q for q in cog.bank if q.depth == 1][:2]
        asked = []
        for _ in range(3):
            post = await (await fake.slash(alice, general, "question now")).message()
            await thread_of(fake, post)
            asked.append(post.embeds[0]["description"])
            clock.advance(timedelta(minutes=11))  # past the cooldown
        assert len(set(asked[:2])) == 2, "no repeat within a round"
        assert asked[2] in asked[:2], "the third starts a new round"

        member_view = await fake.slash(alice, general, "help")
        await member_view.response()
        await fake.settle()
        assert member_view.followups == [], "members are not told admin notices"
        handle = await fake.slash(ada, general, "question bank")
        bank = await handle.response()
        assert "round 2" in bank.data["embeds"][0]["description"]
        notice = await handle.followup(0)
        assert notice.content.count("fresh questions left") == 1, "told once, not twice"
        assert "a new round starts" in notice.content
    assert_clean(fake, caplog)


async def test_a_ping_role_is_mentioned_and_nobody_else(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    role = fake.add_role(world.guild, "question-fans")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        everyone = await run(
            fake,
            ada,
            daily,
            "question schedule",
            channel=daily,
            ping_role=world.guild.id,
            **SCHEDULE,
        )
        assert "won't ping everyone" in everyone.content
        await run(fake, ada, daily, "question schedule", channel=daily, ping_role=role, **SCHEDULE)
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "the post")
        await fake.settle()
    [post] = posts(fake, daily)
    assert post.content == f"<@&{role.id}>"
    [request] = [
        r
        for r in fake.find_requests(method="POST", route="/channels/{channel_id}/messages")
        if r.body and r.body.get("embeds")
    ]
    assert request.body["allowed_mentions"] == {"parse": [], "roles": [role.id]}
    assert_clean(fake, caplog)


async def test_admins_add_remove_and_review_with_edit_and_reject(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob, general = world.fake, world.admin, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        members_only = await run(
            fake, alice, general, "question add", text="Anything?", category="fun", depth=1
        )
        assert "Manage Server" in members_only.content
        added = await run(
            fake, ada, general, "question add",
            text="What is the best meal you have ever cooked for friends?", category="fun", depth=1,
        )  # fmt: skip
        assert "server's question #" in added.content
        choices = await (
            await fake.autocomplete(
                ada, general, "question remove", {"question": "meal"}, focused="question"
            )
        ).choices()
        [choice] = choices
        removed = await run(fake, ada, general, "question remove", question=choice["value"])
        assert "won't be asked again" in removed.content
        unknown = await run(fake, ada, general, "question remove", question=choice["value"])
        assert "isn't one of this server's own questions" in unknown.content

        await run(
            fake,
            alice,
            general,
            "question suggest",
            text="Which smell takes you straight back to being small?",
        )
        await run(
            fake,
            bob,
            general,
            "question suggest",
            text="What would you name a boat if you owned one?",
            tell_me=True,
        )
        review = await fake.slash(ada, general, "question review")
        screen = await review.message()
        _approve, edit, _reject = screen.custom_ids()
        editing = await fake.click(ada, screen, edit)
        modal = await editing.modal()
        [field] = modal.field_ids()
        await editing.submit_modal({field: "Which smell takes you straight back to childhood?"})
        await fake.wait_until(
            lambda: "boat" in repr((fake.get_message(screen.id) or screen).embeds),
            5,
            "the next suggestion",
        )
        screen = fake.get_message(screen.id) or screen
        _approve, _edit, reject = screen.custom_ids()
        await (await fake.click(ada, screen, reject)).response()
        await fake.wait_until(lambda: len(fake.messages(fake.dm_channel(bob))) >= 1, 5, "bob's DM")
        assert "wasn't added this time" in fake.messages(fake.dm_channel(bob))[0].content
        assert fake.messages(fake.dm_channel(alice)) == [], "alice did not ask to be told"
        cog: Any = bot.get_cog("Daily questions")
        texts = [q.text for q in await cog.own_questions.custom_questions(world.guild.id)]
        assert texts == ["Which smell takes you straight back to childhood?"]
    assert_clean(fake, caplog)


async def test_a_post_whose_record_was_lost_in_a_crash_is_not_posted_twice(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Killed after Discord accepted the post (and its thread) but before anything was
    recorded: the restart asks the same question with the same nonce, and finds the thread."""
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await run(fake, ada, daily, "question schedule", channel=daily, **SCHEDULE)
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "the post")
        [post] = posts(fake, daily)
        await thread_of(fake, post)

        async def recorded() -> bool:
            row = await bot.db.fetch_one(
                "SELECT state FROM occurrences WHERE job_key LIKE 'questions:%'"
            )
            return row is not None and row["state"] == "sent"

        await eventually(recorded, "the occurrence to be recorded")
        # What a kill -9 just after Discord's answers leaves: a claim and an unsent-looking post.
        await bot.db.execute("UPDATE question_posts SET message_id = NULL, thread_id = NULL")
        await bot.db.execute(
            "UPDATE occurrences SET state = 'claimed', lease_until = ? "
            "WHERE job_key LIKE 'questions:%'",
            ("2026-06-02T08:00:30+00:00",),
        )
    clock.advance(timedelta(minutes=5))  # the lease ran out; still the same day in London
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:

        async def repaired() -> bool:
            row = await bot.db.fetch_one("SELECT message_id, thread_id FROM question_posts")
            return row is not None and row["thread_id"] is not None

        await eventually(repaired, "the post to be recorded again")
        row = await bot.db.fetch_one("SELECT message_id, thread_id FROM question_posts")
        assert row is not None and (row["message_id"], row["thread_id"]) == (post.id, post.id)
    sends = [
        r
        for r in fake.find_requests(method="POST", route="/channels/{channel_id}/messages")
        if r.body and r.body.get("embeds")
    ]
    assert len(sends) == 2 and sends[0].body["nonce"] == sends[1].body["nonce"]
    assert len(posts(fake, daily)) == 1, "Discord kept one post"
    threads = fake.find_requests(
        method="POST", route="/channels/{channel_id}/messages/{message_id}/threads"
    )
    assert [r.status for r in threads] == [200, 400], "the second found the thread already there"
    assert_clean(fake, caplog)


async def test_answers_are_in_mydata_export_and_go_with_mydata_delete(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(bob, general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "Quietly proud of this one.", anonymous=True)
        await answer(fake, bob, post, "Bob stays.")
        alices = fake.messages(thread)[0]
        exported = await fake.slash(alice, general, "mydata export")
        await exported.response()
        [attachment] = (await exported.followup(0)).attachments
        assert b"Quietly proud of this one." in attachment.data
        assert b"Bob stays." not in attachment.data

        confirm = await fake.slash(alice, general, "mydata delete")
        prompt = await confirm.message()
        await (await fake.click(alice, prompt, prompt.custom_ids()[0])).response()

        async def gone() -> bool:
            message = fake.get_message(alices.id)
            return message is None or message.deleted

        await eventually(gone, "alice's answer post to be deleted")
        assert [m.embeds[0]["description"] for m in fake.messages(thread)] == ["Bob stays."]
        rows = await bot.db.fetch_all(
            "SELECT * FROM question_answers WHERE user_id = ?", (alice.id,)
        )
        assert rows == []
    assert_clean(fake, caplog)


async def test_a_question_that_could_not_be_posted_is_not_counted_as_asked(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        fake.fail_next(
            "POST", "/interactions/{interaction_id}/{interaction_token}/callback", 404, code=10062
        )
        failed = await fake.slash(alice, general, "question now")
        await failed.attempt()

        async def forgotten() -> bool:
            rows = await bot.db.fetch_all("SELECT * FROM question_posts")
            state = await bot.db.fetch_one("SELECT last_now_at FROM question_channels")
            return rows == [] and state is not None and state[0] is None

        await eventually(forgotten, "the unposted question to be forgotten")
        retried = await fake.slash(alice, general, "question now")
        post = await retried.message()
        await thread_of(fake, post)
        assert post.embeds[0]["title"] == "Question #2", "numbers are never reused"
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert [r.getMessage().split(" ")[0:2] for r in errors] == [["unexpected", "error"]]
    caplog.clear()
    assert_clean(fake, caplog)
