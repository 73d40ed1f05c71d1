"""The schedule steps every feature shares, with a made-up feature's table and words: each
refusal saves nothing, each answer is private and in the feature's own words, and the
scheduler's timers follow the table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord
import pytest

from bot.interactions.channel_schedules import next_times
from bot.interactions.schedule_admin import ScheduleAdmin, ScheduleReplies
from bot.interactions.user_error import UserFacingError
from bot.outbound.schedule_jobs import pausing_job
from bot.outbound.scheduler import Fire, RecurringJob, Scheduler
from bot.storage.database import Database
from bot.timing.recurrence import next_occurrence
from tests.bot.interactions.schedule_fakes import (
    Answers,
    DemoSchedule,
    DemoStore,
    demo_text,
    interaction,
)
from tests.bot.outbound.still_clock import StillClock

START = datetime(2026, 6, 2, 6, tzinfo=UTC)
NOW = START + timedelta(days=1)
REPLIES = ScheduleReplies(
    none_here="none_here",
    paused="paused",
    resumed="resumed",
    unscheduled="unscheduled",
    skip_while_paused="skip_while_paused",
    skip_nothing="skip_nothing",
    skipped="skipped",
    list_none="list_none",
    list_title="list_title",
    list_paused="list_paused",
)
STRICT = ScheduleReplies(
    none_here="none_here",
    paused="paused",
    resumed="resumed",
    unscheduled="unscheduled",
    already_paused="already_paused",
    not_paused="not_paused",
)


class Demo:
    def __init__(self, db: Database, replies: ScheduleReplies = REPLIES) -> None:
        self.clock = StillClock(NOW)
        self.store = DemoStore()
        self.scheduler = Scheduler(db, self.clock)
        self.admin = ScheduleAdmin(
            self.store, self.scheduler, self.clock, demo_text, replies, self.job
        )
        self.answers = Answers()
        self.interaction = interaction(self.answers, {1: "general"})

    def job(self, schedule: DemoSchedule) -> RecurringJob:
        async def run(_key: int, _fire: Fire) -> None:
            return None

        return pausing_job(schedule, schedule.channel_id, run, self.store, self.clock, "x")

    async def saved(self, schedule: DemoSchedule) -> None:
        self.store.rows[schedule.channel_id] = schedule
        if not schedule.paused:
            await self.scheduler.add(self.job(schedule))

    async def planned(self, key: str) -> bool:
        """Whether the scheduler has the job (it can skip only a job it has)."""
        return await self.scheduler.skip_next(key) is not None


@pytest.fixture
def demo(db: Database) -> Demo:
    return Demo(db)


async def test_no_schedule_is_a_clear_refusal_in_the_features_words(demo: Demo) -> None:
    for step in (demo.admin.pause, demo.admin.skip, demo.admin.unschedule):
        with pytest.raises(UserFacingError, match=r"^none_here channel=#nowhere$"):
            await step(demo.interaction, 1, channel="#nowhere")
    with pytest.raises(UserFacingError, match=r"^none_here$"):
        await demo.admin.resume(demo.interaction, 1, lambda _s: None)
    assert demo.store.pauses == [] and demo.answers.texts == []


async def test_pausing_keeps_the_schedule_and_stops_its_timers(demo: Demo) -> None:
    await demo.saved(DemoSchedule(1, START))
    await demo.admin.pause(demo.interaction, 1, channel="#general")
    assert demo.answers.texts == ["paused channel=#general"]
    assert demo.store.pauses == [(1, True, START)], "active_since is kept while paused"
    assert not await demo.planned("demo:1")
    await demo.admin.pause(demo.interaction, 1, channel="#general")
    assert len(demo.answers.texts) == 2, "without an already_paused key, twice is harmless"


async def test_resuming_plans_from_now_after_the_features_check(demo: Demo) -> None:
    await demo.saved(DemoSchedule(1, START, paused=True))

    def refuse(_schedule: DemoSchedule) -> None:
        raise UserFacingError("no permission")

    with pytest.raises(UserFacingError, match="no permission"):
        await demo.admin.resume(demo.interaction, 1, refuse, channel="#general")
    assert demo.store.pauses == [] and not await demo.planned("demo:1"), "nothing saved"
    checked: list[DemoSchedule] = []
    await demo.admin.resume(demo.interaction, 1, checked.append, channel="#general")
    assert checked == [DemoSchedule(1, START, paused=True)]
    resumed = demo.store.rows[1]
    assert not resumed.paused and resumed.active_since == NOW, "missed ones are not caught up"
    coming = next_times(resumed.rule, NOW)
    assert demo.answers.texts == [f"resumed channel=#general next={coming}"]
    assert await demo.planned("demo:1")


async def test_resuming_words_the_next_occurrences_the_features_way(demo: Demo) -> None:
    await demo.saved(DemoSchedule(1, START, paused=True))
    await demo.admin.resume(demo.interaction, 1, lambda _s: None, lambda s: f"soon:{s.paused}")
    assert demo.answers.texts == ["resumed next=soon:False"]


async def test_refusals_that_a_feature_asks_for(db: Database) -> None:
    demo = Demo(db, STRICT)
    await demo.saved(DemoSchedule(1, START))
    with pytest.raises(UserFacingError, match=r"^not_paused$"):
        await demo.admin.resume(demo.interaction, 1, lambda _s: None)
    await demo.admin.pause(demo.interaction, 1)
    with pytest.raises(UserFacingError, match=r"^already_paused$"):
        await demo.admin.pause(demo.interaction, 1)
    assert demo.store.pauses == [(1, True, START)] and demo.answers.texts == ["paused"]
    with pytest.raises(LookupError):
        await demo.admin.skip(demo.interaction, 1)  # this feature offers no skip


async def test_skipping_drops_exactly_the_next_occurrence(demo: Demo) -> None:
    schedule = DemoSchedule(1, START)
    await demo.saved(schedule)
    await demo.admin.skip(demo.interaction, 1, channel="#general")
    first = next_occurrence(schedule.rule, NOW).fires_at
    stamp = int(first.timestamp())
    assert demo.answers.texts == [f"skipped channel=#general when=<t:{stamp}:F>"]
    await demo.admin.skip(demo.interaction, 1, channel="#general")
    second = int(next_occurrence(schedule.rule, first).fires_at.timestamp())
    assert demo.answers.texts[1].endswith(f"when=<t:{second}:F>"), "the one after"


async def test_nothing_to_skip_when_paused_or_not_planned(demo: Demo) -> None:
    await demo.saved(DemoSchedule(1, START, paused=True))
    with pytest.raises(UserFacingError, match=r"^skip_while_paused channel=#general$"):
        await demo.admin.skip(demo.interaction, 1, channel="#general")
    demo.store.rows[2] = DemoSchedule(2, START)  # saved, but its job was never added
    with pytest.raises(UserFacingError, match=r"^skip_nothing$"):
        await demo.admin.skip(demo.interaction, 2)
    assert demo.answers.texts == []


async def test_unscheduling_deletes_the_schedule_and_its_timers(demo: Demo) -> None:
    await demo.saved(DemoSchedule(1, START))
    await demo.saved(DemoSchedule(2, START))
    await demo.admin.unschedule(demo.interaction, 1, channel="#general")
    assert demo.answers.texts == ["unscheduled channel=#general"]
    assert 1 not in demo.store.rows and not await demo.planned("demo:1")
    assert await demo.planned("demo:2"), "another schedule keeps its timers"


async def test_of_two_unschedules_at_once_the_second_is_told_there_is_none(demo: Demo) -> None:
    await demo.saved(DemoSchedule(1, START))
    gone = await demo.store.get(1)

    async def read_before_the_other_deleted(_key: int) -> DemoSchedule | None:
        return gone

    demo.store.rows.clear()
    demo.store.get = read_before_the_other_deleted  # type: ignore[method-assign,assignment]
    with pytest.raises(UserFacingError, match=r"^none_here$"):
        await demo.admin.unschedule(demo.interaction, 1)
    assert await demo.planned("demo:1"), "the timers are the first admin's to remove"


async def test_an_empty_list_says_so(demo: Demo) -> None:
    await demo.admin.listing(demo.interaction, [], lambda s: "?", colour=0x123456)
    assert demo.answers.texts == ["list_none"] and demo.answers.embeds == []


async def test_the_list_names_each_channel_with_its_next_times_or_paused(demo: Demo) -> None:
    running, paused = DemoSchedule(1, START), DemoSchedule(99, START, paused=True)
    await demo.admin.listing(
        demo.interaction, [running, paused], lambda s: f"at {s.at:%H:%M}", colour=0x123456
    )
    [embed] = demo.answers.embeds
    assert embed.title == "list_title" and embed.colour == discord.Colour(0x123456)
    assert [(f.name, f.value) for f in embed.fields] == [
        ("#general", f"at 09:00\n{next_times(running.rule, NOW)}"),
        ("#99", "at 09:00\nlist_paused"),  # a channel Kindred has no name for: its id
    ]


async def test_a_long_list_goes_out_in_several_private_messages(demo: Demo) -> None:
    found = [DemoSchedule(n, START) for n in range(30)]
    await demo.admin.listing(demo.interaction, found, lambda s: "x", colour=1)
    assert [len(e.fields) for e in demo.answers.embeds] == [25, 5]
