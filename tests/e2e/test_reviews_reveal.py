"""The mutual reveal, proven on the wire: after one partner answered and before the other did,
nothing of the first one's words reached Discord at all (no request, message, embed or
``custom_id`` the fake received, the other partner's presses and forms included) nor any log
line at DEBUG; once both answered, the same probe finds them in both partners' DMs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.app.logs import QUIET_LOGGERS
from bot.fakediscord import FakeDiscord
from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button
from tests.e2e.review_support import (
    HELP,
    START,
    accepted_review,
    answer_round,
    dms,
    round_time,
    submit_form,
)

ALICE_APPRECIATES = ("Zephyrine tea at midnight", "Marigold notes on the fridge")
ALICE_REFLECTS = (
    "The quokkaesque picnic on Saturday",
    "I felt obsidianly tired when the dishes waited. I'd love turns on busy nights.",
    "Periwinkle walks after dinner",
)
SECRETS = ("Zephyrine", "Marigold", "quokkaesque", "obsidianly", "Periwinkle")


def everything_discord_received(fake: FakeDiscord) -> str:
    """Every request the bot made, and every message (ephemeral ones too) with its embeds and
    components, as one text."""
    parts = [
        json.dumps([r.method, r.path, r.query, r.body], default=str) for r in fake.find_requests()
    ]
    for channel in fake.world.channels.values():
        for message in fake.messages(channel, ephemeral=True):
            parts.append(
                json.dumps([message.content, message.embeds, message.components], default=str)
            )
            parts.extend(message.custom_ids())
    return "\n".join(parts)


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)


def found(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


async def test_nothing_of_one_partners_answers_reaches_anyone_before_both_answered(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in QUIET_LOGGERS:  # as bot.app.logs keeps them: they log bodies at DEBUG
        caplog.set_level(logging.INFO, logger=name)
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await accepted_review(fake, alice, bob, general)
        alices, bobs = await round_time(fake, clock, alice, bob)
        said = await answer_round(fake, alice, alices, ALICE_APPRECIATES, ALICE_REFLECTS)
        assert "saved and sealed" in said
        # Bob starts too: his presses, his first form and the help see nothing of hers.
        await (await fake.click(bob, bobs, button(bobs, HELP))).response()
        saved = await (await submit_form(fake, bob, bobs, ["Bob's thanks"])).message()
        assert f"<@{alice.id}>" not in saved.content
        await fake.settle()

        assert found(everything_discord_received(fake)) == []
        assert found(everything_logged(caplog)) == []

        # The probe can fail: once bob answers, her words reach both, and only by DM.
        await submit_form(
            fake,
            bob,
            saved,
            ["A calm week.", ALICE_REFLECTS[1].replace("obsidianly", "very"), "Tea."],
        )
        bobs_dms = await dms(fake, bob, 3)
        assert found(json.dumps([m.embeds for m in bobs_dms])) == list(SECRETS)
        assert found(everything_discord_received(fake)) == list(SECRETS)
        assert found(everything_logged(caplog)) == [], "never in a log line, even after"
    assert_clean(fake, caplog)
