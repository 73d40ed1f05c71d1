"""A modal with a File Upload (type 19) in a Label (type 18), opened and read by the real
discord.py 2.7 client: the member's files arrive in ``resolved.attachments`` and can be read."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.fakediscord import image
from tests.bot.fakediscord.harness import Sandbox


class PhotoForm(discord.ui.Modal, title="Share a photo"):
    def __init__(self, seen: dict[str, Any]) -> None:
        super().__init__(custom_id="photo-form")
        self.seen = seen
        self.photos: discord.ui.FileUpload[PhotoForm] = discord.ui.FileUpload(
            custom_id="photos", min_values=1, max_values=2
        )
        self.note: discord.ui.TextInput[PhotoForm] = discord.ui.TextInput(
            label="A note", custom_id="note", required=False
        )
        self.add_item(discord.ui.Label(text="Your photos", component=self.photos))
        self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        self.seen["files"] = [
            (a.filename, a.content_type, a.width, a.height, await a.read())
            for a in self.photos.values
        ]
        self.seen["note"] = self.note.value
        await interaction.response.send_message(f"{len(self.photos.values)} photos", ephemeral=True)


async def open_form(sandbox: Sandbox, seen: dict[str, Any]) -> Any:
    @sandbox.bot.tree.command(description="Share a photo")
    async def share(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(PhotoForm(seen))

    await sandbox.bot.tree.sync()
    return await sandbox.fake.slash(sandbox.bob, sandbox.general, "share")


async def test_a_member_submits_photos_through_a_modal(sandbox: Sandbox) -> None:
    seen: dict[str, Any] = {}
    handle = await open_form(sandbox, seen)
    modal = await handle.modal()
    [label, _row] = modal.components
    assert (label["type"], label["component"]["type"]) == (18, 19)
    first = image("beach.jpg", width=800, height=600, data=b"beach bytes")
    second = image("hill.png", data=b"hill bytes")
    answer = await handle.submit_modal({"photos": [first, second], "note": "two views"})
    assert (await answer.response()).content == "2 photos"
    assert seen["files"] == [
        ("beach.jpg", "image/jpeg", 800, 600, b"beach bytes"),
        ("hill.png", "image/png", 1024, 768, b"hill bytes"),
    ]
    assert seen["note"] == "two views"
    submitted = answer.record.payload["data"]
    ids = submitted["components"][0]["component"]["values"]
    assert sorted(ids) == sorted(submitted["resolved"]["attachments"])
    assert all(a["ephemeral"] for a in submitted["resolved"]["attachments"].values())
    sandbox.assert_clean()


async def test_a_modal_takes_no_more_files_than_it_allows(sandbox: Sandbox) -> None:
    handle = await open_form(sandbox, {})
    await handle.modal()
    with pytest.raises(ValueError, match=r"takes 1\.\.2 files, not 3"):
        await handle.submit_modal({"photos": [image("a.png"), image("b.png"), image("c.png")]})
    with pytest.raises(ValueError, match=r"takes 1\.\.2 files, not 0"):
        await handle.submit_modal({"photos": []})
