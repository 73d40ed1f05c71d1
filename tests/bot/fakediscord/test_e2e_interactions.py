"""The real discord.py client against the fake: connection, commands and interactions."""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import pytest

from bot.fakediscord import FakeDiscord
from tests.bot.fakediscord.harness import Sandbox


async def test_connects_ready_with_guild(sandbox: Sandbox) -> None:
    fake, bot = sandbox.fake, sandbox.bot
    assert bot.is_ready()
    assert bot.user is not None and bot.user.id == fake.bot_user.id
    assert bot.application_id == fake.application_id
    guild = bot.get_guild(sandbox.guild.id)
    assert guild is not None and not guild.unavailable
    assert guild.me is not None and guild.me.id == fake.bot_user.id
    assert {c.name for c in guild.text_channels} == {"general", "random"}
    assert guild.member_count == 5  # owner, bot, alice, bob, closed
    assert fake.identify_count == 1 and fake.resume_count == 0
    assert fake.stats.compressed_connections == 1  # discord.py asked for zlib-stream
    assert fake.stats.heartbeats >= 1  # discord.py beats at once after HELLO
    fetched = await bot.fetch_channel(sandbox.general.id)
    assert fetched.id == sandbox.general.id
    sandbox.assert_clean()


async def test_gateway_urls_and_headers(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    async with aiohttp.ClientSession() as session:
        for path in ("/gateway", "/gateway/bot"):
            async with session.get(fake.api_base + path) as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"] == "application/json"
                assert "X-RateLimit-Bucket" in resp.headers
                assert (await resp.json())["url"] == fake.gateway_url
        async with session.get(fake.api_base + "/no/such/route") as resp:
            assert resp.status == 404
            assert resp.headers["Content-Type"] == "application/json"
            assert (await resp.json())["message"] == "404: Not Found"
    assert [r.path for r in fake.unknown_requests] == ["/no/such/route"]
    fake.requests = [r for r in fake.requests if r.route is not None]
    sandbox.assert_clean()


async def test_guild_command_sync_is_stored(sandbox: Sandbox) -> None:
    fake, bot = sandbox.fake, sandbox.bot
    target = discord.Object(id=sandbox.guild.id)
    bot.tree.copy_global_to(guild=target)
    synced = await bot.tree.sync(guild=target)
    stored = fake.commands_for(sandbox.guild)
    assert {c["name"] for c in stored} == {c.name for c in synced}
    assert {"ping", "poll", "admin", "slow", "buttons", "form", "fruit"} <= {
        c["name"] for c in stored
    }
    assert all(c["id"] and c["guild_id"] == str(sandbox.guild.id) for c in stored)
    request = fake.find_requests("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
    assert len(request) == 1 and request[0].status == 200
    # a guild-registered command carries data.guild_id and still reaches the bot
    handle = await fake.slash(sandbox.bob, sandbox.general, "ping")
    assert handle.record.data["guild_id"] == str(sandbox.guild.id)
    assert (await handle.response()).content == "pong"
    sandbox.assert_clean()


async def test_subcommand_with_typed_options(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    random = fake.channel(sandbox.guild, "random")
    role = fake.add_role(sandbox.guild, "Helpers")
    await fake.settle()
    handle = await fake.slash(
        sandbox.alice,
        sandbox.general,
        "poll create",
        options={
            "question": "Tea?",
            "count": 3,
            "anonymous": True,
            "target": sandbox.bob,
            "where": random,
            "role": role,
            "weight": 1.5,
        },
    )
    response = await handle.response(timeout=5)
    assert response.type == 4 and response.content == "poll: Tea? x3"
    assert not response.ephemeral and handle.ephemeral is False
    values = sandbox.seen.values
    assert values["question"] == "Tea?" and values["count"] == 3 and values["anonymous"] is True
    assert isinstance(values["target"], discord.Member) and values["target"].id == sandbox.bob.id
    assert values["where"].id == random.id and values["role"].id == role.id
    assert values["weight"] == 1.5
    assert values["admin"] is True and values["app_send"] is True
    message = await handle.message()
    assert message.content == "poll: Tea? x3" and message.interaction_id == handle.id
    resolved = handle.record.data["resolved"]
    assert set(resolved) == {"users", "members", "channels", "roles"}
    sandbox.assert_clean()


async def test_nested_group_and_member_permissions(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    handle = await fake.slash(
        sandbox.bob, sandbox.general, "admin config set", options={"key": "volume", "value": 7}
    )
    response = await handle.response()
    assert response.content == "volume=7" and response.ephemeral
    assert sandbox.seen.values["key"] == "volume" and sandbox.seen.values["value"] == 7
    option = handle.record.data["options"][0]
    assert option["type"] == 2 and option["options"][0]["type"] == 1
    assert handle.record.payload["member"]["permissions"] != str((1 << 51) - 1)
    sandbox.assert_clean()


async def test_defer_then_followups(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    handle = await fake.slash(sandbox.alice, sandbox.general, "slow")
    response = await handle.response()
    assert response.type == 5
    second = await handle.followup(1)
    first = handle.followups[0]
    assert first.id == handle.record.original_message_id  # first follow-up filled the placeholder
    assert first.content == "done thinking" and not first.loading
    assert second.content == "and one more" and second.id != first.id
    assert [m.content for m in handle.messages] == ["done thinking", "and one more"]
    sandbox.assert_clean()


async def test_button_and_selects(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    handle = await fake.slash(sandbox.alice, sandbox.general, "buttons")
    message = await handle.message()
    assert set(message.custom_ids()) == {"btn:ok", "btn:defer", "pick", "who"}

    click = await fake.click(sandbox.bob, message, "btn:ok")
    response = await click.response()
    assert response.type == 4 and response.content == "clicked by bob" and response.ephemeral

    pick = await fake.select(sandbox.bob, message, "pick", ["apple", "plum"])
    response = await pick.response()
    assert response.type == 7
    assert fake.get_message(message.id) is not None
    assert fake.get_message(message.id).content == "picked apple,plum"  # type: ignore[union-attr]

    who = await fake.select(sandbox.bob, message, "who", [sandbox.alice], component_type=5)
    assert (await who.response()).content == "chose alice"
    sandbox.assert_clean()


async def test_file_response_edit_original_ephemeral_followup_delete(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    handle = await fake.slash(sandbox.alice, sandbox.general, "report")
    response = await handle.response()
    assert response.type == 4 and response.message is not None
    assert [(a.filename, a.data) for a in response.message.attachments] == [
        ("report.txt", b"report body")
    ]
    await asyncio.wait_for(sandbox.seen.events.wait(), 5)
    original = fake.get_message(response.message.id)
    assert original is not None and original.deleted and original.content == "edited report"
    secret = handle.followups[0]
    assert secret.ephemeral and secret.content == "secret, edited"
    assert fake.messages(sandbox.general) == []  # deleted original, ephemeral follow-up
    callback = fake.find_requests(
        "POST", "/interactions/{interaction_id}/{interaction_token}/callback"
    )
    assert callback[-1].files and callback[-1].query.get("with_response") in ("1", "true")
    sandbox.assert_clean()


async def test_deferred_update_then_edit_original(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    message = await (await fake.slash(sandbox.alice, sandbox.general, "buttons")).message()
    handle = await fake.click(sandbox.bob, message, "btn:defer")
    assert (await handle.response()).type == 6
    await fake.wait_until(lambda: fake.get_message(message.id).content == "deferred edit", 5)  # type: ignore[union-attr]
    assert fake.get_message(message.id).components == []  # type: ignore[union-attr]
    with pytest.raises(LookupError):
        await fake.click(sandbox.bob, message, "btn:ok")  # the view was removed
    sandbox.assert_clean()


async def test_modal_open_and_submit(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    handle = await fake.slash(sandbox.alice, sandbox.general, "form")
    response = await handle.response()
    assert response.type == 9
    modal = await handle.modal()
    assert modal.title == "Tell us" and modal.field_ids() == ["answer"]
    submitted = await handle.submit_modal({"answer": "forty-two"})
    reply = await submitted.response()
    assert reply.content == "got forty-two" and reply.ephemeral
    sandbox.assert_clean()


async def test_autocomplete_choices(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    handle = await fake.autocomplete(
        sandbox.alice, sandbox.general, "fruit", {"name": "ap"}, focused="name"
    )
    choices = await handle.choices()
    assert [c["value"] for c in choices] == ["apple", "apricot"]
    assert (await handle.response()).type == 8
    sandbox.assert_clean()


async def test_dm_interaction(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    dm = fake.dm_channel(sandbox.bob)
    handle = await fake.slash(sandbox.bob, dm, "ping")
    response = await handle.response()
    assert response.content == "pong"
    assert "guild_id" not in handle.record.payload and "user" in handle.record.payload
    sandbox.assert_clean()


async def test_second_callback_is_rejected(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    handle = await fake.slash(sandbox.alice, sandbox.general, "ping")
    await handle.response()
    async with aiohttp.ClientSession() as session:
        url = f"{fake.api_base}/interactions/{handle.id}/{handle.token}/callback"
        async with session.post(url, json={"type": 4, "data": {"content": "again"}}) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == 40060
    assert [a.status for a in handle.attempts] == [200, 400]
    sandbox.assert_clean()


async def test_late_answer_gets_10062(caplog, validator) -> None:  # type: ignore[no-untyped-def]
    from tests.bot.fakediscord.harness import running_sandbox

    async with running_sandbox(caplog, validator, interaction_timeout=0.2, late_delay=0.4) as box:
        handle = await box.fake.slash(box.alice, box.general, "late")
        attempt = await handle.attempt(timeout=5)
        assert attempt.status == 404 and attempt.code == 10062
        assert attempt.elapsed > 0.2
        await asyncio.wait_for(box.seen.events.wait(), 5)
        assert box.seen.values["late_error"] == 10062
        assert not handle.responded
        box.assert_clean()


def test_fake_defaults() -> None:
    fake = FakeDiscord()
    assert fake.interaction_timeout == 3.0
    assert fake.followup_window == 900.0
    assert fake.nonce_window == 600.0
