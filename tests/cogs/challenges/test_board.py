"""The board's own rules with plain values: when a challenge is over (the next post, or a day
after its own), which misses show as ❄️, and an embed that stays within Discord's limits
however long the streak grows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app.content import Messages
from bot.interactions.embed_limits import EMBED_TOTAL_LIMIT, FIELD_VALUE_LIMIT, embed_size, fit
from cogs.challenges.board import OPEN_FOR, Board, Taking, Tally, board_embed, build_board, played

START = datetime(2026, 6, 1, 9, tzinfo=UTC)
NOBODY = Taking(0, 0)
MESSAGES_FILE = Path(__file__).resolve().parents[3] / "data" / "challenges" / "messages.json"
_MESSAGES = Messages({"challenges": json.loads(MESSAGES_FILE.read_text("utf-8"))})


def text(key: str, /, **values: object) -> str:
    """What the cog's ``text`` returns for this key."""
    return _MESSAGES.get(f"challenges.{key}", **values)


def daily(*completions: int) -> list[Tally]:
    return [
        Tally(post_id=100 + i, number=i + 1, posted_at=START + timedelta(days=i), completions=c)
        for i, c in enumerate(completions)
    ]


def test_a_challenge_is_over_at_the_next_post_or_a_day_after_its_own() -> None:
    first, second = Tally(1, 1, START, 0), Tally(2, 2, START + timedelta(hours=2), 0)
    soon = START + timedelta(hours=3)
    assert [p.finished for p in played([second, first], soon)] == [True, False], "in order"
    assert [p.finished for p in played([first], START + OPEN_FOR - timedelta(seconds=1))] == [False]
    assert [p.finished for p in played([first], START + OPEN_FOR)] == [True]
    assert [p.post_id for p in played([second, first], soon)] == [1, 2]


def test_forgiven_misses_show_by_their_number_only_within_the_current_streak() -> None:
    now = START + timedelta(days=30)
    once = build_board(daily(1, 1, 0, 1), NOBODY, 1, now)
    assert (once.current, once.best, once.frozen, once.freeze_ready) == (3, 3, (3,), False)
    broken = build_board(daily(1, 0, 1, 0, 1), NOBODY, 1, now)
    assert (broken.current, broken.best, broken.frozen) == (1, 2, ()), "gone with its run"
    needs_two = build_board(daily(2, 1, 2, 2), NOBODY, 2, now)
    assert (needs_two.current, needs_two.frozen) == (3, (2,))


def test_the_rule_in_the_footer_says_how_many_are_needed() -> None:
    alone = board_embed(text, build_board(daily(1), Taking(1, 1), 1, START), channel="<#1>")
    assert "at least one person" in alone["footer"]["text"]
    three = board_embed(text, build_board(daily(3), Taking(3, 3), 3, START), channel="<#1>")
    assert "at least 3 different people" in three["footer"]["text"]
    assert "<#1>" in three["description"]


@settings(max_examples=30)
@given(
    current=st.integers(0, 10**6),
    frozen=st.integers(0, 3000),
    week=st.integers(0, 10**6),
    ever=st.integers(0, 10**6),
)
def test_the_board_fits_discord_however_long_the_streak(
    current: int, frozen: int, week: int, ever: int
) -> None:
    board = Board(
        needed=20,
        current=current,
        best=current + frozen,
        frozen=tuple(range(1, frozen * 7, 7)),
        freeze_ready=frozen % 2 == 0,
        taking=Taking(min(week, ever), ever),
    )
    embed = board_embed(text, board, channel="<#123456789012345678>")
    assert embed == fit(embed), "already within every limit"
    assert embed_size(embed) <= EMBED_TOTAL_LIMIT
    assert all(len(f["value"]) <= FIELD_VALUE_LIMIT for f in embed["fields"])
    assert embed["fields"][0]["value"].startswith(str(current)), "the streak is never cut"
