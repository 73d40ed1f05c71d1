"""The /help layout always fits Discord's embed limits, however many commands there are."""

from __future__ import annotations

import json

import pytest

from cogs.help.catalog import ADMIN_BADGE, Entry, Section, build_messages

LIMITS = {"fields": 25, "field_value": 1024, "field_name": 256, "embed_total": 6000, "embeds": 10}


def layout(sections: list[Section]) -> list[list[dict[str, object]]]:
    return build_messages(
        sections, title="Kindred", intro="Intro.", footer="🛡️ admin", continued="continued"
    )


def total(embed: dict) -> int:  # type: ignore[type-arg]
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", ""))
    return size + sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])


def test_a_small_catalogue_is_one_embed_with_one_field_per_feature() -> None:
    sections = [
        Section(
            "/question — Daily questions",
            (
                Entry(
                    "/question schedule channel time timezone [days]", "Set a schedule.", admin=True
                ),
                Entry("/question now", "Ask one now."),
            ),
        ),
        Section("Getting started", (Entry("/help", "See every command."),)),
    ]
    [message] = layout(sections)
    [embed] = message
    assert [f["name"] for f in embed["fields"]] == [
        "/question — Daily questions",
        "Getting started",
    ]
    first = embed["fields"][0]["value"]
    assert first.splitlines() == [
        f"`/question schedule channel time timezone [days]` {ADMIN_BADGE} — Set a schedule.",
        "`/question now` — Ask one now.",
    ]
    assert embed["footer"] == {"text": "🛡️ admin"}


@pytest.mark.parametrize(("sections", "per_section"), [(3, 40), (30, 5), (12, 60)])
def test_a_huge_catalogue_is_split_within_every_limit(sections: int, per_section: int) -> None:
    catalogue = [
        Section(
            f"/feature{s} — " + "d" * 60,
            tuple(
                Entry(f"/feature{s} command{c} option [other]", "x" * 90, admin=c % 2 == 0)
                for c in range(per_section)
            ),
        )
        for s in range(sections)
    ]
    messages = layout(catalogue)
    shown: list[str] = []
    for message in messages:
        assert 1 <= len(message) <= LIMITS["embeds"]
        assert sum(total(e) for e in message) <= LIMITS["embed_total"]
        for embed in message:
            assert len(embed["fields"]) <= LIMITS["fields"]
            for field in embed["fields"]:
                assert len(field["value"]) <= LIMITS["field_value"]
                assert len(field["name"]) <= LIMITS["field_name"]
                shown.extend(field["value"].splitlines())
    expected = [entry.line() for section in catalogue for entry in section.entries]
    assert shown == expected, "every command appears once, in order"
    json.dumps(messages)  # plain data, ready for discord.Embed.from_dict
