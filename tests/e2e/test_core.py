"""The core, end to end: the real Kindred bot and discord.py against the local fake Discord."""

from __future__ import annotations

import asyncio
import gc
import logging
import re
from pathlib import Path

import discord
import pytest

from bot.fakediscord.interactions import CallbackRecord
from bot.interactions.embed_limits import EMBED_TOTAL_LIMIT, embed_size
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, notice_after, running_kindred

PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"


def help_lines(embeds: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [line for e in embeds for f in e.get("fields", []) for line in f["value"].splitlines()]


async def test_connects_and_syncs_commands_to_the_dev_guild(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        registered = {c["name"] for c in world.fake.commands_for(world.guild)}
        assert registered == {c.name for c in bot.tree.get_commands()}
        assert "help" in registered
        assert world.fake.commands_for(None) == [], "no global sync at start-up"
        gateway_asked = world.fake.find_requests(method="GET", route="/gateway/bot")
        assert gateway_asked, "the gateway URL came from the configured API"
        assert world.fake.gateway.intents & PRIVILEGED_INTENTS == 0
        assert world.fake.gateway.intents == discord.Intents(guilds=True).value
    assert_clean(world.fake, caplog)


async def test_help_answers_privately_in_time_with_every_command(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_kindred(world, db_path) as bot:
        handle = await world.fake.slash(world.alice, world.general, "help")
        response = await handle.response(timeout=5)
        assert response.type == 4 and response.ephemeral
        assert response.elapsed < 3.0
        registered = sorted(c["name"] for c in world.fake.commands_for(world.guild))

        def every_command_listed() -> list[str] | None:
            # More commands than one message's 6,000 characters hold come as follow-ups.
            embeds = [*response.data["embeds"], *(e for m in handle.followups for e in m.embeds)]
            lines = help_lines(embeds)
            listed = all(any(line.startswith(f"`/{n}") for line in lines) for n in registered)
            return lines if listed else None

        lines = await world.fake.wait_until(every_command_listed, 5, "every command in /help")
        admin_line = next(line for line in lines if line.startswith("`/probe-admin"))
        assert "🛡️" in admin_line
        time_line = next(line for line in lines if line.startswith("`/probe-time"))
        assert time_line.startswith("`/probe-time text`")
        assert len(bot.tree.get_commands()) == len(registered)
    assert_clean(world.fake, caplog)


async def test_survives_a_dropped_gateway_by_resuming(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await fake.drop_gateway(resumable=True)
        await fake.wait_until(lambda: fake.resume_count >= 1, 10, "a RESUME")
        handle = await fake.slash(world.bob, world.general, "help")
        response = await handle.response(timeout=5)
        assert response.type == 4 and response.ephemeral
        assert fake.identify_count == 1
    assert_clean(fake, caplog)


async def test_survives_an_invalidated_session_by_identifying_again(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await fake.drop_gateway(resumable=False)
        await fake.wait_until(lambda: fake.identify_count >= 2, 10, "a new IDENTIFY")
        await fake.wait_for_connection()
        handle = await fake.slash(world.bob, world.general, "help")
        assert (await handle.response(timeout=5)).type == 4
    assert_clean(fake, caplog)


async def test_closing_while_a_new_session_waits_for_its_servers_logs_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await fake.drop_gateway(resumable=False)
        await fake.wait_until(lambda: fake.identify_count >= 2, 10, "a new IDENTIFY")
        await fake.wait_for_connection()
    # discord.py waits two quiet seconds for a new session's servers before announcing it;
    # a wait left running past close would now fail against the closed client.
    await asyncio.sleep(2.5)
    gc.collect()
    assert_clean(fake, caplog)


async def test_a_429_is_waited_out_and_retried(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    fake.fail_next("PUT", GUILD_COMMANDS, 429, retry_after=0.3)
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        fake.fail_next("POST", CALLBACK, 429, retry_after=0.2)
        handle = await fake.slash(world.alice, world.general, "help")
        response = await handle.response(timeout=5)
        assert response.type == 4
        statuses = [r.status for r in fake.find_requests(method="POST", route=CALLBACK)]
        assert statuses == [429, 200]
        assert [r.status for r in fake.find_requests(method="PUT", route=GUILD_COMMANDS)] == [
            429,
            200,
        ]
    assert_clean(fake, caplog)


async def test_an_unexpected_error_shows_an_error_id_that_is_in_the_log(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_kindred(world, db_path):
        handle = await world.fake.slash(world.alice, world.general, "probe-boom")
        response = await handle.response(timeout=5)
    assert response.ephemeral
    assert "went wrong on my side" in response.content
    match = re.search(r"error id: `([0-9a-f]{8})`", response.content)
    assert match, response.content
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert match.group(1) in errors[0].getMessage()
    assert "/probe-boom" in errors[0].getMessage()
    assert errors[0].exc_info and "an unexpected bug" in str(errors[0].exc_info[1])
    assert "RuntimeError" not in response.content, "no traceback details reach the user"


async def test_expected_errors_are_explained_privately_and_not_logged(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path) as bot:
        await bot.tree.sync()  # global, as in production: Discord offers it in DMs only then
        oops = await (await fake.slash(world.alice, world.general, "probe-oops")).response()
        bad_time = await (
            await fake.slash(world.alice, world.general, "probe-time", options={"text": "25:00"})
        ).response()
        good_time = await (
            await fake.slash(world.alice, world.general, "probe-time", options={"text": "9:30 pm"})
        ).response()
        denied = await (await fake.slash(world.alice, world.general, "probe-admin")).response()
        allowed = await (await fake.slash(world.admin, world.general, "probe-admin")).response()
        in_dm = await (
            await fake.slash(world.alice, fake.dm_channel(world.alice), "probe-admin")
        ).response()
    assert oops.ephemeral and oops.content == "That didn't work, and here is why."
    assert bad_time.ephemeral and "25:00" in (bad_time.content or "")
    assert "try something like" in (bad_time.content or "")
    assert good_time.content == "read 21:30"
    assert denied.ephemeral and "Manage Server" in (denied.content or "")
    assert allowed.content == "admin ok"
    assert in_dm.ephemeral and "inside a server" in (in_dm.content or "")
    assert_clean(fake, caplog)


async def test_notices_reach_the_right_person_after_their_next_command(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await bot.notices.tell_admins(
            world.guild.id, "channel-gone:1", "I couldn't post in #daily."
        )
        await bot.notices.tell_member(world.bob.id, "dms-closed:bob", "Your DMs are closed.")
        alice = await fake.slash(world.alice, world.general, "help")
        await alice.response()
        admin = await fake.slash(world.admin, world.general, "help")
        await admin.response()
        admin_note = await notice_after(fake, admin)
        bob = await fake.slash(world.bob, world.general, "help")
        await bob.response()
        bob_note = await notice_after(fake, bob)
        again = await fake.slash(world.admin, world.general, "help")
        await again.response()
        await fake.settle()
        assert [m for m in (*alice.followups, *again.followups) if m.content] == []
    assert "I couldn't post in #daily." in admin_note.content
    assert "Your DMs are closed." not in admin_note.content
    assert "Your DMs are closed." in bob_note.content
    assert admin_note.flags & 64 and bob_note.flags & 64
    assert_clean(fake, caplog)


async def test_shared_options_parse_and_autocomplete_time_zones(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake

    async def when(timezone: str, days: str = "daily") -> CallbackRecord:
        options = {"at": "9am", "timezone": timezone, "days": days}
        return await (
            await fake.slash(world.alice, world.general, "probe-when", options)
        ).response()

    async def zones(typed: str) -> list[str]:
        options = {"at": "9am", "timezone": typed, "days": "daily"}
        handle = await fake.autocomplete(
            world.alice, world.general, "probe-when", options, focused="timezone"
        )
        return [choice["value"] for choice in await handle.choices()]

    async with running_kindred(world, db_path):
        good = await when("europe/paris", "mon-fri")
        near_miss = await when("Europe/Pari")
        bad_days = await when("UTC", "mon,funday")
        new = await zones("new")
        many = await zones("a")
    assert good.content == "09:00 Europe/Paris weekdays"
    assert near_miss.ephemeral and "Did you mean Europe/Paris?" in (near_miss.content or "")
    assert bad_days.ephemeral and "funday" in (bad_days.content or "")
    assert "America/New_York" in new[:3]
    assert len(many) == 25
    assert_clean(fake, caplog)


async def test_a_view_only_answers_its_owner_and_reports_its_errors(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path):
        posted = await fake.slash(world.alice, world.general, "probe-view")
        message = await posted.message()
        other = await (await fake.click(world.bob, message, "probe:mine")).response()
        owner = await (await fake.click(world.alice, message, "probe:mine")).response()
    assert other.ephemeral and other.content == "That isn't yours to use."
    assert owner.ephemeral and owner.content == "Only you could press that, and it still said no."
    assert_clean(fake, caplog)


async def test_help_lists_every_command_within_discords_limits_however_many_there_are(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """/help reads the command tree when asked: fill it close to Discord's 100 commands,
    each with the longest description, and every one is listed in messages Discord takes."""
    fake = world.fake

    async def extra(
        interaction: discord.Interaction, first_option: str, second_option: int | None = None
    ) -> None:
        raise AssertionError("never run")

    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        room = 100 - len(bot.tree.get_commands(guild=None))
        for n in range(room):
            bot.tree.add_command(
                discord.app_commands.Command(
                    name=f"extra-command-{n:02d}", description="d" * 100, callback=extra
                )
            )
        handle = await fake.slash(world.bob, world.general, "help")
        response = await handle.response()
        await fake.wait_until(
            lambda: any(e.get("footer") for m in handle.followups for e in m.embeds),
            5,
            "the last page, with the footer",
        )
        messages = [response.data["embeds"], *(m.embeds for m in handle.followups)]
        lines = [line for embeds in messages for line in help_lines(embeds)]
        for command in bot.tree.walk_commands():
            if isinstance(command, discord.app_commands.Command):
                found = any(line.startswith(f"`/{command.qualified_name}") for line in lines)
                assert found, (command.qualified_name, len(lines), len(messages))
    assert response.ok and len(messages) > 1, "too many for one message"
    assert all(sum(embed_size(e) for e in embeds) <= EMBED_TOTAL_LIMIT for embeds in messages)
    assert_clean(fake, caplog)
