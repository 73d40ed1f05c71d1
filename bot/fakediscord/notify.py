"""A tiny change notifier: wait until a predicate over the fake's state holds."""

# ruff: noqa: ASYNC109 - awaiting with a timeout is the API tests want

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Notifier:
    """Wakes every waiter whenever :meth:`notify` is called."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def notify(self) -> None:
        """Tell every waiter that something changed."""
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    async def wait_for(
        self, probe: Callable[[], T | None], timeout: float, what: str = "", poll: float = 0.05
    ) -> T:
        """Return the first non-None, non-False value of ``probe()``, checked after each change
        (and every ``poll`` seconds, so predicates over outside state work too).

        Raises ``TimeoutError`` (with ``what`` in the message) after ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = probe()
            if value is not None and value is not False:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what or 'a change'}")
            fut: asyncio.Future[None] = loop.create_future()
            self._waiters.append(fut)
            try:
                await asyncio.wait_for(fut, min(remaining, poll))
            except TimeoutError:
                continue
