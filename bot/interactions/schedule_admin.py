"""The admin steps every feature's saved schedules share: pause, resume, skip the next one,
unschedule, and the list of a server's schedules.

The steps are the same whatever the feature posts; only its words differ. A feature keeps
its own commands (their names, options and descriptions) and its own messages, named in a
:class:`ScheduleReplies`, and hands the rest to a :class:`ScheduleAdmin`. Every refusal
comes before anything is saved, and every answer is private.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import discord

from bot.interactions.channel_schedules import next_times
from bot.interactions.embed_limits import field_pages
from bot.interactions.user_error import UserFacingError
from bot.outbound.schedule_jobs import PlannedSchedule, replan
from bot.outbound.scheduler import RecurringJob, Scheduler
from bot.timing.clock import Clock


class AdminSchedule(PlannedSchedule, Protocol):
    """What the steps read of a feature's saved schedule."""

    @property
    def paused(self) -> bool: ...

    @property
    def channel_id(self) -> int: ...


S = TypeVar("S", bound=AdminSchedule)
S_co = TypeVar("S_co", bound=AdminSchedule, covariant=True)


class AdminStore(Protocol[S_co]):
    """A feature's schedule table, by the key of its rows (a channel's or a server's id)."""

    async def get(self, key: int, /) -> S_co | None: ...

    async def set_paused(self, key: int, paused: bool, active_since: datetime, /) -> bool: ...

    async def delete(self, key: int, /) -> bool: ...


class Text(Protocol):
    """A feature's ``text``: one of its messages with its placeholders filled in."""

    def __call__(self, key: str, /, **values: object) -> str: ...


@dataclass(frozen=True, slots=True)
class ScheduleReplies:
    """The feature's message keys. Each is given the placeholders the command passes to the
    step (``channel=`` for a channel's schedule); ``resumed`` also gets ``next`` and
    ``skipped`` gets ``when``. The ``already_paused`` and ``not_paused`` refusals are
    optional: without them pausing twice is harmless and resuming restarts the schedule
    from now. The skip and list keys are needed only by features that offer those."""

    none_here: str
    paused: str
    resumed: str
    unscheduled: str
    already_paused: str | None = None
    not_paused: str | None = None
    skip_while_paused: str | None = None
    skip_nothing: str | None = None
    skipped: str | None = None
    list_none: str | None = None
    list_title: str | None = None
    list_paused: str | None = None


async def answer(interaction: discord.Interaction[Any], text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True)


class ScheduleAdmin(Generic[S]):
    """One feature's schedule steps: its table, the scheduler, its words and its job."""

    def __init__(
        self,
        store: AdminStore[S],
        scheduler: Scheduler,
        clock: Clock,
        text: Text,
        replies: ScheduleReplies,
        job: Callable[[S], RecurringJob],
    ) -> None:
        self.store = store
        self.scheduler = scheduler
        self.clock = clock
        self.text = text
        self.replies = replies
        self.job = job

    def _say(self, key: str | None, **values: object) -> str:
        if key is None:
            raise LookupError("this feature named no message for that step")
        return self.text(key, **values)

    async def existing(self, key: int, **where: object) -> S:
        """The saved schedule, or a clear refusal if there is none."""
        schedule = await self.store.get(key)
        if schedule is None:
            raise UserFacingError(self.text(self.replies.none_here, **where))
        return schedule

    async def pause(self, interaction: discord.Interaction[Any], key: int, **where: object) -> None:
        """Nothing is posted until a resume; the schedule itself is kept."""
        schedule = await self.existing(key, **where)
        if schedule.paused and self.replies.already_paused is not None:
            raise UserFacingError(self.text(self.replies.already_paused, **where))
        await self.store.set_paused(key, True, schedule.active_since)
        self.scheduler.remove(schedule.job_key)
        await answer(interaction, self.text(self.replies.paused, **where))

    async def resume(
        self,
        interaction: discord.Interaction[Any],
        key: int,
        check: Callable[[S], None],
        upcoming: Callable[[S], str] | None = None,
        **where: object,
    ) -> None:
        """Resume from now: what was missed meanwhile is not caught up. ``check`` refuses
        (before anything is saved) a schedule that could not post; ``upcoming`` words the
        next occurrences (by default the next send times)."""
        schedule = await self.existing(key, **where)
        if not schedule.paused and self.replies.not_paused is not None:
            raise UserFacingError(self.text(self.replies.not_paused, **where))
        check(schedule)
        now = self.clock.now()
        await self.store.set_paused(key, False, now)
        resumed = await self.existing(key, **where)
        await replan(self.scheduler, self.job(resumed))
        coming = upcoming(resumed) if upcoming else next_times(resumed.rule, now)
        await answer(interaction, self.text(self.replies.resumed, next=coming, **where))

    async def skip(self, interaction: discord.Interaction[Any], key: int, **where: object) -> None:
        """Skip exactly the next occurrence; a paused schedule has none to skip."""
        schedule = await self.existing(key, **where)
        if schedule.paused:
            raise UserFacingError(self._say(self.replies.skip_while_paused, **where))
        skipped = await self.scheduler.skip_next(schedule.job_key)
        if skipped is None:
            raise UserFacingError(self._say(self.replies.skip_nothing, **where))
        when = f"<t:{int(skipped.fires_at.timestamp())}:F>"
        await answer(interaction, self._say(self.replies.skipped, when=when, **where))

    async def unschedule(
        self, interaction: discord.Interaction[Any], key: int, **where: object
    ) -> None:
        """Delete the schedule and its timers (what it posted stays). Of two admins at the
        same moment, the second is told there is no schedule any more."""
        schedule = await self.existing(key, **where)
        if not await self.store.delete(key):
            raise UserFacingError(self.text(self.replies.none_here, **where))
        self.scheduler.remove(schedule.job_key)
        await answer(interaction, self.text(self.replies.unscheduled, **where))

    async def listing(
        self,
        interaction: discord.Interaction[Any],
        found: Sequence[S],
        describe: Callable[[S], str],
        *,
        colour: int,
    ) -> None:
        """Each schedule with its channel, ``describe``'s words and the next send times (or
        that it is paused), in as many embeds as Discord's limits take."""
        if not found:
            await answer(interaction, self._say(self.replies.list_none))
            return
        now = self.clock.now()
        paused = self._say(self.replies.list_paused)
        fields = [
            (
                f"#{channel_name(interaction.client, s.channel_id)}",
                f"{describe(s)}\n{paused if s.paused else next_times(s.rule, now)}",
            )
            for s in found
        ]
        title = self._say(self.replies.list_title)
        first, *more = [
            discord.Embed.from_dict(page) for page in field_pages(title, fields, colour=colour)
        ]
        await interaction.response.send_message(embed=first, ephemeral=True)
        for page in more:
            await interaction.followup.send(embed=page, ephemeral=True)


def channel_name(client: discord.Client, channel_id: int) -> str:
    """A channel's name as Kindred has it cached, or its id if it has none."""
    channel = client.get_channel(channel_id)
    return getattr(channel, "name", None) or str(channel_id)
