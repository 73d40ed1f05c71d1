"""The depth ladder: a channel goes deeper only when its people say they are ready.

A channel starts at depth 1. It rises by one when enough distinct recent participants
press "Ready to go deeper" (three by default, or all of them if fewer took part), and a
single "Too deep" lowers it by one at once. Either change starts the count again.
"""

from __future__ import annotations

from dataclasses import dataclass

LOWEST = 1
HIGHEST = 3
READY_NEEDED = 3


def votes_needed(recent_participants: int, default: int = READY_NEEDED) -> int:
    """Three, or everyone if fewer took part recently (never fewer than one)."""
    return max(1, min(default, recent_participants))


@dataclass(frozen=True, slots=True)
class Step:
    level: int
    changed: bool
    votes: int = 0  # ready votes counted toward the next level
    needed: int = 0


def after_ready(level: int, ready_voters: int, recent_participants: int) -> Step:
    """The level after one more "ready" press (``ready_voters`` includes it)."""
    if level >= HIGHEST:
        return Step(level, changed=False)
    needed = votes_needed(max(recent_participants, ready_voters))
    if ready_voters >= needed:
        return Step(level + 1, changed=True)
    return Step(level, changed=False, votes=ready_voters, needed=needed)


def after_too_deep(level: int) -> Step:
    if level <= LOWEST:
        return Step(level, changed=False)
    return Step(level - 1, changed=True)
