"""Time for the pacer's tests: it moves only when a sender sleeps (a request's latency, a
wait for a slot) or the test jumps it (a stall of the event loop: no task runs while it
passes), so the tests are exact and instant."""

from __future__ import annotations

import asyncio


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)
