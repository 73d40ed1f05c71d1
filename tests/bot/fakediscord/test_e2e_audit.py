"""What the fake refuses beyond the OpenAPI spec (6,000 embed characters in all), and what
its audit notices: a member's id in a custom_id, a message that would ping someone."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from bot.fakediscord.limits import embed_characters
from tests.bot.fakediscord.harness import Sandbox


def embed_of(size: int, char: str = "x") -> discord.Embed:
    return discord.Embed(description=char * size)


def test_every_counted_part_of_an_embed_is_counted() -> None:
    embed = {
        "title": "t" * 10,
        "description": "d" * 20,
        "fields": [{"name": "n" * 3, "value": "v" * 4}, {"name": "n", "value": "v" * 2}],
        "footer": {"text": "f" * 5, "icon_url": "https://example.com/not-counted.png"},
        "author": {"name": "a" * 6, "url": "https://example.com/not-counted"},
        "url": "https://example.com/not-counted",
    }
    assert embed_characters(embed) == 10 + 20 + 3 + 4 + 1 + 2 + 5 + 6


async def test_embeds_over_6000_characters_in_all_are_refused_like_discord(
    sandbox: Sandbox,
) -> None:
    fake, channel = sandbox.fake, sandbox.discord_channel()
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(embeds=[embed_of(4000), embed_of(2001, "y")])
    assert (refused.value.status, refused.value.code) == (400, 50035)
    assert "Embed size exceeds maximum size of 6000" in str(refused.value)
    assert fake.messages(sandbox.general) == []

    fields = discord.Embed(title="t" * 256, description="d" * 4096)
    for _ in range(2):
        fields.add_field(name="n" * 256, value="v" * 1024)  # 6,912 characters in one embed
    with pytest.raises(discord.HTTPException):
        await channel.send(embed=fields)

    sent = await channel.send(embeds=[embed_of(4000), embed_of(2000, "y")])
    assert fake.get_message(sent.id) is not None, "exactly 6,000 is allowed"
    with pytest.raises(discord.HTTPException) as edit_refused:
        await sent.edit(embeds=[embed_of(4000), embed_of(2001, "y")])
    assert edit_refused.value.code == 50035
    stored = fake.get_message(sent.id)
    assert stored is not None and len(stored.embeds[1]["description"]) == 2000, "unchanged"
    sandbox.caplog.clear()  # discord.py logs the refusals


async def test_an_interaction_response_over_the_limit_is_refused(sandbox: Sandbox) -> None:
    fake, bot, seen = sandbox.fake, sandbox.bot, sandbox.seen

    @bot.tree.command(description="Answers with too much")
    async def big(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message(embed=embed_of(4096), content="x")
            await interaction.followup.send(embeds=[embed_of(4096), embed_of(4096)])
        except discord.HTTPException as exc:
            seen.values["big"] = (exc.status, exc.code)
        seen.events.set()

    await bot.tree.sync()
    handle = await fake.slash(sandbox.alice, sandbox.general, "big")
    await asyncio.wait_for(seen.events.wait(), 5)
    assert (await handle.response()).ok, "4,096 characters fit"
    assert seen.values["big"] == (400, 50035), "8,192 in one follow-up do not"
    assert handle.followups == []
    sandbox.caplog.clear()


async def test_two_components_with_one_custom_id_are_refused_like_discord(
    sandbox: Sandbox,
) -> None:
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="A", custom_id="same"))
    view.add_item(discord.ui.Button(label="B", custom_id="same"))
    with pytest.raises(discord.HTTPException) as refused:
        await sandbox.discord_channel().send("two buttons", view=view)
    assert (refused.value.status, refused.value.code) == (400, 50035)
    assert "custom id cannot be duplicated" in str(refused.value)
    assert sandbox.fake.messages(sandbox.general) == []
    sandbox.caplog.clear()


async def test_parsing_users_and_listing_them_at_once_is_refused_like_discord(
    sandbox: Sandbox,
) -> None:
    bob = discord.Object(sandbox.bob.id)
    route = discord.http.Route(
        "POST", "/channels/{channel_id}/messages", channel_id=sandbox.general.id
    )
    body = {"content": "hi", "allowed_mentions": {"parse": ["users"], "users": [str(bob.id)]}}
    with pytest.raises(discord.HTTPException) as refused:
        await sandbox.bot.http.request(route, json=body)
    assert (refused.value.status, refused.value.code) == (400, 50035)
    assert "mutually exclusive" in str(refused.value)
    sandbox.caplog.clear()


# -- the audit: pings ----------------------------------------------------------------------


async def test_a_message_that_would_ping_is_caught_and_one_with_no_mentions_allowed_is_not(
    sandbox: Sandbox,
) -> None:
    fake, channel, bob = sandbox.fake, sandbox.discord_channel(), sandbox.bob
    await channel.send(
        f"hi {bob.mention} and @everyone", allowed_mentions=discord.AllowedMentions.none()
    )
    assert fake.audit.pings == []
    await channel.send(f"hi {bob.mention} and @everyone")  # no allowed_mentions at all
    assert [p.mention for p in fake.audit.pings] == [bob.mention, "@everyone"]
    assert all(p.why == "no allowed_mentions" for p in fake.audit.pings)
    assert "#general" in fake.audit.report() and "would ping" in fake.audit.report()


async def test_allowed_mentions_let_through_only_what_they_name(sandbox: Sandbox) -> None:
    fake, channel = sandbox.fake, sandbox.discord_channel()
    alice, bob = sandbox.alice, sandbox.bob
    role = fake.add_role(sandbox.guild, "fans")
    users_only = discord.AllowedMentions(everyone=False, users=True, roles=False)
    await channel.send(f"@here <@&{role.id}> {bob.mention}", allowed_mentions=users_only)
    assert [p.mention for p in fake.audit.pings] == [bob.mention]
    fake.audit.clear()

    named = discord.AllowedMentions(everyone=False, users=[discord.Object(bob.id)], roles=False)
    await channel.send(f"{bob.mention} {alice.mention}", allowed_mentions=named)
    assert fake.audit.pings == [], "alice is not named, so not pinged"
    assert [p.mention for p in fake.audit.deliberate_pings] == [bob.mention]


async def test_mentions_in_embeds_and_replies_are_caught(sandbox: Sandbox) -> None:
    fake, channel, alice = sandbox.fake, sandbox.discord_channel(), sandbox.alice
    await channel.send(embed=discord.Embed(description="@everyone look"))
    assert [p.mention for p in fake.audit.pings] == ["@everyone"]
    fake.audit.clear()

    theirs = await fake.send_message(alice, sandbox.general, f"hello {sandbox.bob.mention}")
    assert fake.audit.pings == [], "only what the bot sends is audited"
    message = await channel.fetch_message(theirs.id)
    await message.reply("thanks", mention_author=False)
    assert fake.audit.pings == []
    await message.reply("thanks")  # no allowed_mentions: Discord pings the author
    assert [p.mention for p in fake.audit.pings] == [alice.mention]


# -- the audit: custom_ids ----------------------------------------------------------------------


class OneButton(discord.ui.View):
    def __init__(self, custom_id: str) -> None:
        super().__init__(timeout=None)
        self.add_item(discord.ui.Button(label="Go", custom_id=custom_id))


class NamedForm(discord.ui.Modal, title="Tell us"):
    answer: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Answer")


async def test_a_custom_id_with_a_members_id_is_caught(sandbox: Sandbox) -> None:
    fake, channel, alice = sandbox.fake, sandbox.discord_channel(), sandbox.alice
    await channel.send("fine", view=OneButton("note:report:42"))
    assert fake.audit.custom_id_leaks == []
    sent = await channel.send("leaky", view=OneButton(f"note:report:{alice.id}"))
    await sent.edit(view=OneButton(f"note:block:{alice.id}"))
    leaks = [(leak.custom_id, leak.where.split(" ")[0]) for leak in fake.audit.custom_id_leaks]
    assert leaks == [(f"note:report:{alice.id}", "message"), (f"note:block:{alice.id}", "edit")]
    assert f"user alice ({alice.id})" in fake.audit.report()


async def test_a_modal_custom_id_with_a_members_id_is_caught(sandbox: Sandbox) -> None:
    fake, bot, bob = sandbox.fake, sandbox.bot, sandbox.bob

    @bot.tree.command(description="Opens a leaky form")
    async def leaky(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(NamedForm(custom_id=f"answer-as:{bob.id}"))

    await bot.tree.sync()
    handle = await fake.slash(sandbox.alice, sandbox.general, "leaky")
    await handle.modal()
    [leak] = fake.audit.custom_id_leaks
    assert leak.custom_id == f"answer-as:{bob.id}" and leak.where.startswith("modal")
