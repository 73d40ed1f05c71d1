"""A clock for engine tests: it moves only when the test moves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.timing.clock import OffsetClock


class StillClock(OffsetClock):
    """Time that moves only when the test moves it, so planned times compare exactly.

    Moving it tells the listeners, as a jump of the playground's clock does; a real timer
    set for an instant rings that far from the real now.
    """

    def __init__(self, start: datetime) -> None:
        super().__init__()
        self.instant = start

    def now(self) -> datetime:
        return self.instant

    def to_real(self, instant: datetime) -> datetime:
        return datetime.now(UTC) + (instant - self.instant)

    def set(self, instant: datetime) -> None:
        self.instant = instant
        self._notify()

    def advance(self, delta: timedelta) -> None:
        self.set(self.instant + delta)
