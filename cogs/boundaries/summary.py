"""What a member sees in ``/boundaries show``: their settings in plain words.

Pure: no discord import, so every wording can be tested with plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.privacy.boundary_rules import Boundaries
from cogs.boundaries.notes import NotesSetting

DEPTH_NAMES = {1: "light", 2: "personal", 3: "deep"}

NOTES_WORDS = {
    NotesSetting.OFF: "off — nobody can send you appreciation notes",
    NotesSetting.NAMED: "named notes only",
    NotesSetting.ANYONE: "named and anonymous notes",
}


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    value: str


def depth_words(depth: int) -> str:
    return f"{depth} ({DEPTH_NAMES[depth]})"


def summary_lines(
    boundaries: Boundaries,
    *,
    topic_label: Callable[[str], str],
    kind_label: Callable[[str], str],
    guild_id: int | None,
) -> list[Line]:
    """One line per setting, in the order of ``/boundaries set``'s options."""
    b = boundaries
    quiet = "off"
    if b.quiet_hours is not None:
        q = b.quiet_hours
        quiet = f"{q.start:%H:%M}–{q.end:%H:%M} ({q.zone.key}); DMs wait until they end"
    lines = [
        Line("Max depth", f"{depth_words(b.max_depth)} — nothing deeper is sent to you privately"),
        Line("Quiet hours", quiet),
        Line("Time zone", b.zone.key if b.zone else "not set"),
        Line("DMs per week", f"at most {b.max_dms_per_week}"),
        Line("Appreciation notes", NOTES_WORDS[NotesSetting.from_consents(b.consents)]),
        Line("Buddy pairing", "open to it" if b.pairing else "off — you're never paired"),
        Line(
            "Topics off",
            ", ".join(sorted(topic_label(t) for t in b.topics_off)) or "none",
        ),
        Line(
            "Never pair me with",
            " ".join(f"<@{other}>" for other in sorted(b.dont_pair)) or "nobody listed",
        ),
        Line(
            "DMs you asked for",
            ", ".join(sorted(kind_label(k) for k in b.consents)) or "none yet",
        ),
    ]
    if b.unreachable_since is not None:
        stamp = int(b.unreachable_since.timestamp())
        lines.append(
            Line(
                "Your DMs",
                f"closed to Kindred since <t:{stamp}:R>, so nothing is sent to you. "
                "Once they're open, press **Try my DMs again**.",
            )
        )
    if b.card is not None:
        where = "shared in this server" if b.card_visible_in(guild_id) else "private here"
        lines.append(Line("Boundary card", where))
    return lines
