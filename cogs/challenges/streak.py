"""A channel's cooperative streak: how many challenges in a row the group carried together.

The streak belongs to the channel, never to a member, so that nobody is ranked and a quiet
member is never the one who "broke" anything: a challenge counts when at least ``needed``
distinct members completed it (an admin's choice, 1 by default).

The rule, precisely. Challenges are taken in the order they were posted:

- a challenge that counts adds one to the streak;
- a challenge that does not count (a miss) is forgiven, a *freeze* shown as ❄️, when the
  streak is alive (at least one counting challenge since it last broke) and no miss was
  forgiven among the six challenges before it; so any seven consecutive challenges hold at
  most one freeze. A freeze keeps the streak without adding to it; any other miss breaks it
  (back to 0). A miss with no streak to protect is not a freeze and uses up nothing;
- a challenge still open (not finished) that does not count yet is left out altogether: the
  day is not over, so it can neither break the streak nor take a place in the seven. One
  that already counts adds to the streak at once;
- a miss *excused* by a pause (someone who took part lately was paused when it was posted:
  see :mod:`cogs.challenges.board`) is left out the same way: nobody's hard week breaks
  the group's streak, or uses up its freeze.

Pure: the caller passes the counts; nothing here knows who completed what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

FREEZE_WINDOW = 7  # one forgiven miss in every seven challenges


@dataclass(frozen=True, slots=True)
class Played:
    when: datetime  # when it was posted; challenges are taken in this order
    completions: int  # distinct members who completed it
    finished: bool = True  # False while it is still open
    post_id: int | None = None  # the caller's handle, to mark frozen posts with ❄️
    excused: bool = False  # posted while someone who takes part was paused


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    best: int
    frozen: tuple[Played, ...]  # every miss a freeze forgave, oldest first
    run_frozen: tuple[Played, ...]  # those within the current streak
    freeze_ready: bool  # the next miss would be forgiven


def streak(played: Sequence[Played], needed: int = 1) -> Streak:
    """The channel's streak now, its best ever, and its freezes (see the module's rule)."""
    if needed < 1:
        raise ValueError("a challenge needs at least one completion to count")
    current = best = 0
    frozen: list[Played] = []
    run_frozen: list[Played] = []
    last_freeze: int | None = None
    place = 0  # position among the challenges that take part (open misses take none)
    for challenge in sorted(played, key=lambda p: p.when):
        counts = challenge.completions >= needed
        if not counts and (not challenge.finished or challenge.excused):
            continue
        if counts:
            current += 1
            best = max(best, current)
        elif current > 0 and (last_freeze is None or place - last_freeze >= FREEZE_WINDOW):
            frozen.append(challenge)
            run_frozen.append(challenge)
            last_freeze = place
        else:
            current = 0
            run_frozen.clear()
        place += 1
    ready = current > 0 and (last_freeze is None or place - last_freeze >= FREEZE_WINDOW)
    return Streak(current, best, tuple(frozen), tuple(run_frozen), ready)
