"""How a buddy round happens: who is eligible, the pairing, and each group's private thread.

A round (scheduled, or /challenge pairs now) first reads the threads of the rounds before
it for who spoke (by REST: Kindred has no Message Content intent and needs none, since a
message carries its author), asks anyone silent for three rounds whether to stay, then
pairs everyone eligible with the pure :func:`~cogs.challenges.pairing.pair_members`, saves
the round in one transaction and only then makes the threads, so a retry after a crash
finishes the same round instead of pairing anyone twice.

Eligible: joined this server's pairings, not waiting to answer the stay question, open to
pairing in their boundaries, not paused (:func:`paused`), and still a member of the server
(asked by REST for each: without the GUILD_MEMBERS intent nobody tells Kindred who left).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

import discord

from bot.outbound.pacer import Target, TargetUnavailable
from bot.outbound.schedule_jobs import pausing_job
from bot.outbound.scheduler import Fire, RecurringJob, occurrence_nonce
from bot.privacy.boundary_rules import Boundaries
from bot.timing.cadence import round_due
from cogs.challenges.bank import PairActivity, choose_activity
from cogs.challenges.cog.ask_buttons import ask_view
from cogs.challenges.cog.base import ChallengesBase
from cogs.challenges.pairing import pair_members
from cogs.challenges.repository.pair_schedules import PairSchedule, PairScheduleStore
from cogs.challenges.repository.pairs import Group, NewGroup, PairStore

log = logging.getLogger(__name__)

UNKNOWN_MEMBER = 10007
UNKNOWN_USER = 10013  # the account itself was deleted
GONE = (UNKNOWN_MEMBER, UNKNOWN_USER)
THREAD_ARCHIVE_MINUTES: Final[Literal[10080]] = (
    10080  # a week: the thread stays open until the next round
)
HISTORY_LIMIT = 100  # messages read per thread: one word from each member is enough


def paused(boundaries: Boundaries, now: datetime) -> bool:
    """Whether the member paused Kindred (``/boundaries pause``): a paused member is out of
    pairings until the pause ends, and back in the first round after it."""
    return boundaries.paused_at(now)


@dataclass(frozen=True, slots=True)
class RoundMade:
    round_id: int
    groups: int
    unpaired: int


class PairRounds(ChallengesBase):
    """Making rounds; the commands are in ``pairs``."""

    pair_store: PairStore
    pair_schedules: PairScheduleStore
    pair_activities: list[PairActivity]
    #: One round at a time per server in this process (the claim covers other processes).
    pair_locks: dict[int, asyncio.Lock]

    def _pair_job(self, schedule: PairSchedule) -> RecurringJob:
        key, what = schedule.guild_id, self.text("pairs_job_name")
        return pausing_job(
            schedule, key, self._fire_round, self.pair_schedules, self.bot.clock, what
        )

    async def _fire_round(self, guild_id: int, fire: Fire) -> None:
        schedule = await self.pair_schedules.get(guild_id)
        if schedule is None or schedule.paused:
            return
        if not round_due(schedule.cadence, schedule.anchor, fire.occurrence.local_date):
            return  # a fortnightly or monthly schedule's week off
        await self.run_round(guild_id, schedule.channel_id, fire.occurrence.key)

    async def run_round(
        self, guild_id: int, channel_id: int, occurrence_key: str | None, *, cooldown: bool = False
    ) -> RoundMade | None:
        """Make (or finish) a round; None if nobody could be grouped. With ``cooldown`` (a
        round "now"), raises :class:`RoundTooSoon` if the server had one a moment ago."""
        lock = self.pair_locks.setdefault(guild_id, asyncio.Lock())
        async with lock:
            round_id = None
            if occurrence_key is not None:
                round_id = await self.pair_store.round_for(guild_id, occurrence_key)
            unpaired: tuple[int, ...] = ()
            if round_id is None:
                await self._review_silence(guild_id)
                made = await self._pair(guild_id, channel_id, occurrence_key, cooldown=cooldown)
                if made is None:
                    return None
                round_id, unpaired = made
            groups = await self.pair_store.groups_of(round_id)
            for group in groups:
                await self._open_group(group, channel_id)
            for user_id in unpaired:
                await self.bot.notices.tell_member(
                    user_id, f"pairs-alone:{guild_id}:{round_id}", self.text("pairs_notice_alone")
                )
            return RoundMade(round_id, len(groups), len(unpaired))

    async def _pair(
        self, guild_id: int, channel_id: int, occurrence_key: str | None, *, cooldown: bool
    ) -> tuple[int, tuple[int, ...]] | None:
        eligible = await self._eligible(guild_id)
        if not eligible or (len(eligible) < 2 and occurrence_key is None):
            # Nobody at all, or "now" with one member: nothing is saved. A scheduled round
            # with one member is saved, so that member is told kindly.
            return None
        forbidden = [
            (a, b) for a, bounds in eligible.items() for b in bounds.dont_pair if b in eligible
        ]
        past = await self.pair_store.past_rounds(guild_id)
        # Pure and bounded, but up to a second for a few hundred members: off the loop.
        result = await asyncio.to_thread(pair_members, eligible, forbidden, past, self.rng)
        recent = await self.pair_store.recent_activities(guild_id)
        groups: list[NewGroup] = []
        unpaired = list(result.unpaired)
        for members in result.groups:
            depth = min(eligible[m].max_depth for m in members)
            activity = choose_activity(self.pair_activities, len(members), depth, recent, self.rng)
            if activity is None:
                log.warning("no pair activity fits a group of %s at depth %s", len(members), depth)
                unpaired.extend(members)
                continue
            recent.add(activity.id)
            groups.append(NewGroup(members, activity.id, activity.text))
        round_id = await self.pair_store.create_round(
            guild_id, channel_id, occurrence_key, groups, unpaired, cooldown=cooldown
        )
        if round_id is None:  # another process saved this occurrence meanwhile
            return None
        return round_id, tuple(unpaired)

    async def _eligible(self, guild_id: int) -> dict[int, Boundaries]:
        now = self.bot.clock.now()
        eligible: dict[int, Boundaries] = {}
        for membership in await self.pair_store.members(guild_id):
            if membership.asked:
                continue
            boundaries = await self.bot.members.get(membership.user_id)
            if not boundaries.pairing or paused(boundaries, now):
                continue
            if not await self._still_in_server(guild_id, membership.user_id):
                await self.pair_store.leave(guild_id, membership.user_id)
                continue
            eligible[membership.user_id] = boundaries
        return eligible

    async def _still_in_server(self, guild_id: int, user_id: int) -> bool:
        try:
            await self.bot.pacer.send(
                Target.user(user_id), lambda: self.bot.http.get_member(guild_id, user_id)
            )
        except TargetUnavailable as exc:
            if exc.code in GONE:
                log.info("a buddy left server %s; out of its pairings", guild_id)
                return False
            # Anything else says nothing about the member: keep them; if the server itself
            # is out of reach, making the thread fails and pauses the schedule.
            log.warning("could not check a buddy in server %s (code %s)", guild_id, exc.code)
        return True

    # -- the threads --------------------------------------------------------------------

    async def _open_group(self, group: Group, channel_id: int) -> None:
        """The group's private thread with only its members, and its activity; each step
        recorded, so a retry does only what is missing."""
        if group.message_id is not None:
            return
        target = Target.channel(channel_id, group.guild_id)
        thread_id = group.thread_id
        if thread_id is None:
            channel = self.bot.get_channel(channel_id)
            if not isinstance(channel, discord.TextChannel):
                raise TargetUnavailable(target, 404, 10003)
            thread = await self.bot.pacer.send(
                target,
                lambda: channel.create_thread(
                    name=self.text("pairs_thread_name", number=group.round_id),
                    type=discord.ChannelType.private_thread,
                    invitable=False,
                    auto_archive_duration=THREAD_ARCHIVE_MINUTES,
                ),
            )
            thread_id = thread.id
            await self.pair_store.set_thread(group.id, thread_id)
        place = self.bot.get_partial_messageable(
            thread_id, guild_id=group.guild_id, type=discord.ChannelType.private_thread
        )
        in_thread = Target.channel(thread_id, group.guild_id)
        for user_id in group.members:
            try:
                await self._add_to_thread(in_thread, thread_id, user_id)
            except TargetUnavailable as exc:
                if exc.code not in GONE:
                    raise
                await self.pair_store.leave(group.guild_id, user_id)  # left just now
        message = await self.bot.pacer.send(
            in_thread,
            lambda: place.send(
                self.text(
                    "pairs_welcome",
                    members=", ".join(f"<@{m}>" for m in group.members),
                    activity=group.activity_text,
                ),
                nonce=occurrence_nonce("pairs-group", str(group.id)),
                # Names, not pings: being added to the thread already shows it to them.
                allowed_mentions=discord.AllowedMentions.none(),
            ),
        )
        await self.pair_store.set_message(group.id, message.id)

    async def _add_to_thread(self, target: Target, thread_id: int, user_id: int) -> None:
        await self.bot.pacer.send(
            target, lambda: self.bot.http.add_user_to_thread(thread_id, user_id)
        )

    # -- silence ------------------------------------------------------------------------

    async def _review_silence(self, guild_id: int) -> None:
        """Count who said nothing in last rounds' threads; ask whoever reached three."""
        for group in await self.pair_store.unreviewed_groups(guild_id):
            spoke = await self._who_spoke(group)
            for user_id in await self.pair_store.record_review(group, spoke):
                await self._ask_to_stay(guild_id, user_id, group)

    async def _who_spoke(self, group: Group) -> set[int] | None:
        """Who wrote in the group's thread (None if it cannot be read: nobody is counted).

        The thread holds at least Kindred's own activity message, so an empty answer means
        Kindred may no longer read its history (Discord then answers an empty list, not an
        error), never that everyone was silent."""
        assert group.thread_id is not None  # noqa: S101 - unreviewed_groups has threads only
        place = self.bot.get_partial_messageable(group.thread_id, guild_id=group.guild_id)

        async def authors() -> set[int]:
            return {m.author.id async for m in place.history(limit=HISTORY_LIMIT)}

        try:
            spoke = await self.bot.pacer.send(
                Target.channel(group.thread_id, group.guild_id), authors
            )
        except (TargetUnavailable, discord.HTTPException) as exc:
            log.info("could not read buddy thread %s: %s", group.thread_id, exc)
            return None
        return spoke or None

    async def _ask_to_stay(self, guild_id: int, user_id: int, group: Group) -> None:
        """In the member's thread, a question only they can answer; skipped until they do."""
        assert group.thread_id is not None  # noqa: S101 - unreviewed_groups has threads only
        thread_id = group.thread_id
        ask_id = await self.pair_store.create_ask(guild_id, user_id, thread_id)
        place = self.bot.get_partial_messageable(thread_id, guild_id=guild_id)
        try:
            message = await self.bot.pacer.send(
                Target.channel(thread_id, guild_id),
                lambda: place.send(
                    self.text("pairs_ask", member=f"<@{user_id}>"),
                    view=ask_view(ask_id, self.text),
                    allowed_mentions=discord.AllowedMentions(
                        everyone=False, roles=False, users=[discord.Object(user_id)]
                    ),
                ),
            )
        except (TargetUnavailable, discord.HTTPException) as exc:
            log.info("could not ask in buddy thread %s: %s", thread_id, exc)
            ask = await self.pair_store.ask(ask_id)
            if ask is not None:
                await self.pair_store.drop_ask(ask)
            return
        await self.pair_store.set_ask_message(ask_id, message.id)
