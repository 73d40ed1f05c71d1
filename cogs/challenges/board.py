"""The cooperative board of a channel: its streak, its best streak, its freezes ❄️ and how
many different members took part, as plain values and plain embed data.

Two rules live here, because the streak (:mod:`cogs.challenges.streak`) leaves them to its
caller:

- **When a challenge is finished.** A challenge stays open until the next challenge is
  posted in its channel or until :data:`OPEN_FOR` (24 hours) after it was posted, whichever
  comes first. An open challenge never breaks the streak; a completion made later (old
  buttons keep working) still counts for it, so doing a challenge late always helps.
- **Who excuses a miss.** A challenge posted while a member who completed one of this
  channel's challenges in the seven days before it was paused (``/boundaries pause``) is
  excused if it is missed: the streak leaves it out, as if it had not been posted.
- **What "this week" is.** The last seven days (:data:`WEEK`) up to now: members whose
  completion was saved in that time, whichever challenge it was for.

The board is the same for everyone who asks: it is built from counts only (completions per
challenge, distinct members), never from who did what, so nobody is ranked and nobody's own
count can be shown. Pure: no discord import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.interactions.embed_limits import fit
from cogs.challenges.render import Text
from cogs.challenges.streak import Played, streak

OPEN_FOR = timedelta(hours=24)
WEEK = timedelta(days=7)
BOARD_COLOUR = 0xF6BD60


@dataclass(frozen=True, slots=True)
class Tally:
    """One posted challenge and how many distinct members completed it."""

    post_id: int
    number: int  # its #N in the channel
    posted_at: datetime
    completions: int
    excused: bool = False  # a recent participant was paused when it was posted


@dataclass(frozen=True, slots=True)
class Taking:
    """How many different members took part: in the last seven days, and ever."""

    this_week: int
    all_time: int


@dataclass(frozen=True, slots=True)
class Board:
    needed: int  # distinct completions a challenge needs to count
    current: int
    best: int
    frozen: tuple[int, ...]  # the #numbers of the misses forgiven in the current streak
    freeze_ready: bool  # the next miss would be forgiven
    taking: Taking


def played(tallies: Sequence[Tally], now: datetime) -> list[Played]:
    """Each challenge as the streak sees it, finished by the next post or after a day."""
    ordered = sorted(tallies, key=lambda t: (t.posted_at, t.post_id))
    result = []
    for place, tally in enumerate(ordered):
        finished = place + 1 < len(ordered) or now >= tally.posted_at + OPEN_FOR
        result.append(
            Played(tally.posted_at, tally.completions, finished, tally.post_id, tally.excused)
        )
    return result


def build_board(tallies: Sequence[Tally], taking: Taking, needed: int, now: datetime) -> Board:
    numbers = {t.post_id: t.number for t in tallies}
    run = streak(played(tallies, now), needed)
    frozen = tuple(numbers[p.post_id] for p in run.run_frozen if p.post_id is not None)
    return Board(needed, run.current, run.best, frozen, run.freeze_ready, taking)


def _streak_value(messages: Text, board: Board) -> str:
    value = messages("board_streak_value", current=board.current)
    if board.frozen:
        marks = " ".join(messages("board_freeze_mark", number=n) for n in board.frozen)
        value += "\n" + messages("board_forgiven", marks=marks)
    return value


def _freeze_value(messages: Text, board: Board) -> str:
    if board.current == 0:
        return messages("board_freeze_no_streak")
    return messages("board_freeze_ready" if board.freeze_ready else "board_freeze_used")


def board_embed(messages: Text, board: Board, *, channel: str) -> dict[str, Any]:
    """The board as an embed, within Discord's limits however long the streak grew;
    ``channel`` is its mention (a title would not show it)."""
    rule = (
        messages("board_rule_one")
        if board.needed == 1
        else messages("board_rule_many", needed=board.needed)
    )
    headline = "board_headline_alive" if board.current else "board_headline_start"
    return fit(
        {
            "type": "rich",
            "title": messages("board_title"),
            "description": messages(headline, channel=channel),
            "color": BOARD_COLOUR,
            "fields": [
                {
                    "name": messages("board_field_streak"),
                    "value": _streak_value(messages, board),
                    "inline": True,
                },
                {
                    "name": messages("board_field_best"),
                    "value": messages("board_best_value", best=board.best),
                    "inline": True,
                },
                {
                    "name": messages("board_field_freeze"),
                    "value": _freeze_value(messages, board),
                    "inline": False,
                },
                {
                    "name": messages("board_field_taking"),
                    "value": messages(
                        "board_taking_value",
                        week=board.taking.this_week,
                        all_time=board.taking.all_time,
                    ),
                    "inline": False,
                },
            ],
            "footer": {"text": messages("board_footer", rule=rule)},
        }
    )
