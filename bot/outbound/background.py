"""Background work that is kept, watched and stopped in order.

asyncio holds only a weak reference to a task, so a task nobody keeps can vanish half-way,
and an exception nobody awaits is reported late or never. The client and the outbound
engine (scheduled posts and letters alike) therefore start background work through a
:class:`BackgroundTasks` each, which keeps every task until it ends and logs its failure in
the name of the service that started it.

Shutdown comes in two steps because a send has to be recorded while the database and the
connection are still up: :meth:`BackgroundTasks.drain` waits for the tasks shutdown must
let finish, whichever task they are and to their end — one inside
:meth:`BackgroundTasks.under_way` (a claimed post or letter being sent, so a command that
sent something also gets to answer), or one marked with :meth:`BackgroundTasks.let_finish`
(a command answering its user) — and :meth:`BackgroundTasks.cancel` then stops everything
of ours still running.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Iterator
from typing import Any


class BackgroundTasks:
    """The background tasks of one service; failures go to that service's logger."""

    def __init__(self, log: logging.Logger) -> None:
        self._log = log
        self._tasks: set[asyncio.Task[Any]] = set()
        # Tasks with a send under way, and how deep in nested sections each is.
        self._sending: dict[asyncio.Task[Any], int] = {}
        self._finishing: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    @property
    def sends_under_way(self) -> int:
        """How many tasks are sending something right now."""
        return len(self._sending)

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        """Run ``coro`` in the background, kept until it ends; its failure is logged."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            self._log.error("background task %s failed", task.get_name(), exc_info=error)

    @contextlib.contextmanager
    def under_way(self) -> Iterator[None]:
        """Mark a send that shutdown lets finish, with the task it runs in (sections nest)."""
        task = asyncio.current_task()
        if task is None:
            yield
            return
        self._sending[task] = self._sending.get(task, 0) + 1
        try:
            yield
        finally:
            depth = self._sending.pop(task) - 1
            if depth:
                self._sending[task] = depth

    def let_finish(self) -> None:
        """Let the current task end before shutdown goes on (a command answering its user)."""
        task = asyncio.current_task()
        if task is not None and task not in self._finishing:
            self._finishing.add(task)
            task.add_done_callback(self._finishing.discard)

    async def drain(self, seconds: float) -> int:
        """Wait up to ``seconds`` for the tasks shutdown lets finish, including any that
        become one meanwhile (an event a finishing command dispatched); returns how many did
        not end in time (they are cancelled with the rest if they are ours)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        me = asyncio.current_task()
        while waiting := (set(self._sending) | self._finishing) - {me}:
            left = deadline - loop.time()
            if left <= 0:
                self._log.warning("stopping with %d task(s) unfinished", len(waiting))
                return len(waiting)
            await asyncio.wait(waiting, timeout=left)
        return 0

    async def cancel(self) -> None:
        """Cancel every task still running and wait until they have all stopped."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
