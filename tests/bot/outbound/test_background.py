"""Background tasks are kept, their failures logged, and shutdown lets sends finish first."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.outbound.background import BackgroundTasks

OWNER = logging.getLogger("tests.owner")


async def test_a_failure_is_logged_by_the_service_that_started_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tasks = BackgroundTasks(OWNER)

    async def breaks() -> None:
        raise ValueError("broke in the background")

    task = tasks.spawn(breaks(), name="breaks")
    with caplog.at_level(logging.ERROR, logger="tests.owner"):
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.sleep(0)
    [record] = [r for r in caplog.records if r.name == "tests.owner"]
    assert record.getMessage() == "background task breaks failed"
    assert record.exc_info and "broke in the background" in str(record.exc_info[1])
    assert len(tasks) == 0, "a finished task is not kept"


async def test_a_task_is_kept_until_it_ends() -> None:
    tasks = BackgroundTasks(OWNER)
    release = asyncio.Event()
    task = tasks.spawn(release.wait(), name="waits")
    await asyncio.sleep(0)
    assert len(tasks) == 1
    release.set()
    await task
    await asyncio.sleep(0)
    assert len(tasks) == 0


async def test_drain_waits_for_a_task_sending_to_its_end_whichever_task_it_is() -> None:
    tasks = BackgroundTasks(OWNER)
    release, answer = asyncio.Event(), asyncio.Event()
    recorded: list[str] = []

    async def command_that_sends() -> None:
        with tasks.under_way(), tasks.under_way():  # sections nest
            await release.wait()
            recorded.append("sent")
        await answer.wait()  # then it answers its user
        recorded.append("answered")

    sending = asyncio.create_task(command_that_sends())  # not one of ours: a command's task
    idle = tasks.spawn(asyncio.Event().wait(), name="idle")
    await asyncio.sleep(0)
    assert tasks.sends_under_way == 1
    drain = asyncio.create_task(tasks.drain(5))
    release.set()
    await asyncio.sleep(0.05)
    assert recorded == ["sent"]
    assert not drain.done(), "drain waits for the task to end, not just its send"
    answer.set()
    assert await drain == 0
    assert recorded == ["sent", "answered"]
    assert not idle.done(), "drain does not wait for, or stop, other work"
    await tasks.cancel()
    assert idle.cancelled()
    await sending


async def test_a_task_draining_does_not_wait_for_itself() -> None:
    tasks = BackgroundTasks(OWNER)
    with tasks.under_way():
        assert await tasks.drain(5) == 0  # would wait its five seconds and return 1


async def test_drain_gives_up_after_its_time_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tasks = BackgroundTasks(OWNER)

    async def stuck() -> None:
        with tasks.under_way():
            await asyncio.Event().wait()

    task = tasks.spawn(stuck(), name="stuck")
    await asyncio.sleep(0)
    with caplog.at_level(logging.WARNING, logger="tests.owner"):
        assert await tasks.drain(0.05) == 1
    assert "stopping with 1 task(s) unfinished" in caplog.text
    await tasks.cancel()
    assert task.cancelled()
    assert tasks.sends_under_way == 0, "a cancelled send leaves its section"


async def test_drain_with_nothing_under_way_returns_at_once() -> None:
    tasks = BackgroundTasks(OWNER)
    assert await asyncio.wait_for(tasks.drain(60), 1) == 0


async def test_drain_waits_for_tasks_let_finish_even_ones_marked_meanwhile() -> None:
    tasks = BackgroundTasks(OWNER)
    answered = asyncio.Event()
    order: list[str] = []

    async def follow_up() -> None:
        tasks.let_finish()  # an event the command dispatched as it ended
        await asyncio.sleep(0.02)
        order.append("follow-up")

    async def command() -> None:
        tasks.let_finish()
        await answered.wait()
        order.append("answered")
        asyncio.get_running_loop().create_task(follow_up())

    running = asyncio.create_task(command())
    await asyncio.sleep(0)
    drain = asyncio.create_task(tasks.drain(5))
    await asyncio.sleep(0.02)
    assert not drain.done()
    answered.set()
    assert await drain == 0
    assert order == ["answered", "follow-up"]
    await running
