"""The bot's notion of "now", injectable so tests can move time.

Everything that asks what time it is goes through a :class:`Clock`. Production uses the
system clock; :class:`OffsetClock` runs at real speed from a chosen instant and can jump,
telling its listeners so the outbound engine re-plans its timers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta


class Clock:
    """Real UTC time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def to_real(self, instant: datetime) -> datetime:
        """The real instant at which this clock will read ``instant``."""
        return instant

    def subscribe(self, listener: Callable[[], None]) -> None:
        """A real clock never jumps, so there is nothing to tell."""

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        """Stop telling ``listener`` (a service that shut down must not be woken)."""


class OffsetClock(Clock):
    """Real time shifted by an offset that can be changed while running."""

    def __init__(self, start: datetime | None = None) -> None:
        self._offset = timedelta(0)
        self._listeners: list[Callable[[], None]] = []
        if start is not None:
            self.set(start)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def to_real(self, instant: datetime) -> datetime:
        return instant - self._offset

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("the clock is set with an aware datetime")
        self._offset = instant - datetime.now(UTC)
        self._notify()

    def advance(self, delta: timedelta) -> None:
        self._offset += delta
        self._notify()

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()
