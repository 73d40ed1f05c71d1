"""The OpenAPI validator: rejects real mistakes, accepts what discord.py sends."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import discord
import pytest

from bot.fakediscord.openapi import OpenApiValidationError, load_validator
from tests.bot.fakediscord.harness import running_sandbox

MESSAGES = "/channels/{channel_id}/messages"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"


def button(custom_id: str = "b", label: str = "Go") -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(components)}


BAD_MESSAGES = {
    "content of 2001 characters": {"content": "x" * 2001},
    "6 buttons in a row": {"components": [row(*(button(f"b{i}") for i in range(6)))]},
    "6 action rows": {"components": [row(button(f"b{i}")) for i in range(6)]},
    "custom_id of 101 characters": {"components": [row(button("c" * 101))]},
    "button label of 81 characters": {"components": [row(button(label="L" * 81))]},
}


@pytest.mark.parametrize("mistake", sorted(BAD_MESSAGES))
@pytest.mark.parametrize(
    ("method", "route", "wrap"),
    [
        ("POST", MESSAGES, lambda m: m),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}", lambda m: m),
        ("POST", CALLBACK, lambda m: {"type": 4, "data": m}),
        ("POST", CALLBACK, lambda m: {"type": 7, "data": m}),
        ("POST", FOLLOWUP, lambda m: m),
        ("PATCH", FOLLOWUP + "/messages/@original", lambda m: m),
    ],
)
def test_rejects_real_mistakes(
    mistake: str, method: str, route: str, wrap: Callable[[dict[str, Any]], Any]
) -> None:
    validate = load_validator()
    with pytest.raises(OpenApiValidationError) as info:
        validate(method, route, wrap(BAD_MESSAGES[mistake]))
    message = str(info.value)
    assert "$" in message  # carries a JSON path
    assert len(message) < 1000


def test_messages_name_the_problem() -> None:
    validate = load_validator()
    with pytest.raises(OpenApiValidationError, match=r"custom_id: length 101 breaks maxLength"):
        validate("POST", MESSAGES, BAD_MESSAGES["custom_id of 101 characters"])
    with pytest.raises(OpenApiValidationError, match=r"label: length 81 breaks maxLength 80"):
        validate(
            "POST", CALLBACK, {"type": 4, "data": BAD_MESSAGES["button label of 81 characters"]}
        )
    with pytest.raises(OpenApiValidationError, match=r"6 action rows is more than 5"):
        validate("POST", FOLLOWUP, BAD_MESSAGES["6 action rows"])


def test_accepts_good_payloads_and_integer_snowflakes() -> None:
    validate = load_validator()
    good = {
        "content": "x" * 2000,
        "components": [row(*(button(f"b{i}") for i in range(5)))] * 5,
        "message_reference": {"message_id": 123, "channel_id": "456"},
    }
    validate("POST", MESSAGES, good)
    validate("POST", "/users/@me/channels", {"recipient_id": 12345})
    validate("POST", CALLBACK, {"type": 5})
    validate("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "a", "value": "a"}]}})
    with pytest.raises(OpenApiValidationError):
        validate("POST", "/users/@me/channels", {"recipient_id": -1})


def test_placeholder_names_do_not_matter_and_unknown_routes_fail() -> None:
    validate = load_validator()
    validate("POST", "/channels/{id}/messages", {"content": "hi"})
    with pytest.raises(KeyError):
        validate("POST", "/no/such/{thing}", {"a": 1})


async def test_discord_py_traffic_is_validated_and_valid(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every body discord.py sends in the normal flows goes through the validator and passes."""
    real = load_validator()
    seen: list[tuple[str, str]] = []

    def spy(method: str, route: str, body: Any) -> None:
        seen.append((method, route))
        real(method, route, body)

    async with running_sandbox(caplog, spy) as box:
        fake = box.fake
        channel = box.discord_channel()
        sent = await channel.send(
            "hi", view=discord.ui.View().add_item(discord.ui.Button(label="x", custom_id="x"))
        )
        await sent.edit(content="edited", embed=discord.Embed(title="e"))
        await channel.send("file", file=discord.File(io.BytesIO(b"data"), filename="f.txt"))
        await sent.create_thread(name="t")
        await (await box.bot.fetch_user(box.bob.id)).send("dm")
        for command in ("ping", "slow", "buttons", "form"):
            handle = await fake.slash(box.alice, box.general, command)
            await handle.response()
        handle = await fake.slash(box.alice, box.general, "slow")
        await handle.followup(1)
        box.assert_clean()
    routes = {route for _, route in seen}
    assert {
        MESSAGES,
        CALLBACK,
        FOLLOWUP,
        "/applications/{application_id}/commands",
        "/channels/{channel_id}/messages/{message_id}",
        "/channels/{channel_id}/messages/{message_id}/threads",
        "/users/@me/channels",
    } <= routes
