"""The injectable clock: jumps reach subscribers until they unsubscribe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.timing.clock import OffsetClock


def test_a_jump_tells_subscribers_until_they_unsubscribe() -> None:
    clock = OffsetClock(datetime(2026, 6, 2, tzinfo=UTC))
    heard: list[str] = []

    def listener() -> None:
        heard.append("jump")

    clock.subscribe(listener)
    clock.advance(timedelta(hours=1))
    clock.unsubscribe(listener)
    clock.set(datetime(2026, 6, 3, tzinfo=UTC))
    clock.unsubscribe(listener)  # a second time is harmless
    assert heard == ["jump"]
    assert abs(clock.now() - datetime(2026, 6, 3, tzinfo=UTC)) < timedelta(seconds=5)
