"""The relationship review's rules, as plain values: a pair of partners and one round.

Pure: no discord, no database, no clock (every step is given ``now``). The repository stores
what these functions decide, and the cog only carries it out, so the rules are tested here
with plain values, and by hypothesis over any order of events.

A pair is *invited* (by one partner, in a channel) until the other accepts (*active*) or
declines; either may stop it at any time (*stopped*), which ends an open round with it.

A round opens on an occurrence of the pair's schedule and both partners are asked. Each
answers in two parts (the appreciations form and the reflections form, because a Discord form
holds five boxes). The round is *revealed* the moment the second partner completes both parts,
and only then does either see the other's words. A partner who has not answered is reminded
once, :data:`REMINDER_AFTER` the opening; at :data:`CLOSES_AFTER` a round still open closes as
*not this time*, and what was answered in it is never shown to the other partner.

What a partner may see is decided in one place, :func:`view`: their own words always, the
other's only in a revealed round, and of an unrevealed round only whether the other has
finished (a fact, never a word), so "waiting for Dana" can be said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from bot.interactions.user_error import UserFacingError
from cogs.reviews.answers import Answers, Appreciations, Reflections

REMINDER_AFTER = timedelta(hours=24)
CLOSES_AFTER = timedelta(days=7)


class PairStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    STOPPED = "stopped"


class RoundState(StrEnum):
    OPEN = "open"
    REVEALED = "revealed"
    NOT_THIS_TIME = "not_this_time"
    STOPPED = "stopped"


class ReviewRefusal(UserFacingError):
    """A step the rules do not allow; ``key`` names the message under ``reviews.``."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class NotInPair(ReviewRefusal):
    """Someone acted on a pair or round that is not theirs (an old or forwarded button)."""

    def __init__(self) -> None:
        super().__init__("invite_only_partner")


# -- the pair ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pair:
    inviter: int
    partner: int
    status: PairStatus

    @property
    def members(self) -> tuple[int, int]:
        return (self.inviter, self.partner)

    def other(self, member: int) -> int:
        if member == self.inviter:
            return self.partner
        if member == self.partner:
            return self.inviter
        raise NotInPair


def invite(inviter: int, partner: int) -> Pair:
    if inviter == partner:
        raise ReviewRefusal("invite_self")
    return Pair(inviter, partner, PairStatus.INVITED)


def answer_invitation(pair: Pair, by: int, *, accept: bool) -> Pair:
    """Only the invited partner answers, and only an invitation still open."""
    if by != pair.partner:
        raise NotInPair
    if pair.status is not PairStatus.INVITED:
        raise ReviewRefusal("invitation_answered")
    return replace(pair, status=PairStatus.ACTIVE if accept else PairStatus.STOPPED)


def stop_pair(pair: Pair, by: int) -> Pair:
    """Either partner stops, whatever the state; stopping twice changes nothing."""
    pair.other(by)
    return replace(pair, status=PairStatus.STOPPED)


# -- a round ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Draft:
    """One partner's answers so far: complete once both forms are in."""

    appreciations: Appreciations | None = None
    reflections: Reflections | None = None

    @property
    def complete(self) -> Answers | None:
        if self.appreciations is None or self.reflections is None:
            return None
        return Answers.of(self.appreciations, self.reflections)


@dataclass(frozen=True, slots=True)
class Round:
    members: tuple[int, int]
    opened_at: datetime
    state: RoundState = RoundState.OPEN
    drafts: Mapping[int, Draft] = field(default_factory=lambda: MappingProxyType({}))
    reminded: frozenset[int] = frozenset()
    closed_at: datetime | None = None

    @property
    def reminder_at(self) -> datetime:
        return self.opened_at + REMINDER_AFTER

    @property
    def closes_at(self) -> datetime:
        return self.opened_at + CLOSES_AFTER

    def draft(self, member: int) -> Draft:
        self._check_member(member)
        return self.drafts.get(member, Draft())

    def done(self, member: int) -> bool:
        return self.draft(member).complete is not None

    def _check_member(self, member: int) -> None:
        if member not in self.members:
            raise NotInPair


def open_round(pair: Pair, now: datetime) -> Round:
    """A new round for an active pair; both partners are asked."""
    if pair.status is not PairStatus.ACTIVE:
        raise ReviewRefusal("round_closed")
    return Round(pair.members, now)


def add_part(round_: Round, member: int, part: Appreciations | Reflections, now: datetime) -> Round:
    """One form's answers from one partner; the second partner's last part reveals the round.

    A part is given once: changing it after the other could have been revealed to would let
    words shift after the fact, so the member is told it stays as it is.
    """
    draft = round_.draft(member)
    if round_.state is not RoundState.OPEN or now >= round_.closes_at:
        raise ReviewRefusal("round_closed")
    if isinstance(part, Appreciations):
        if draft.appreciations is not None:
            raise ReviewRefusal("already_answered")
        draft = replace(draft, appreciations=part)
    else:
        if draft.reflections is not None:
            raise ReviewRefusal("already_answered")
        draft = replace(draft, reflections=part)
    drafts = MappingProxyType({**round_.drafts, member: draft})
    answered = replace(round_, drafts=drafts)
    if all(answered.done(m) for m in round_.members):
        return replace(answered, state=RoundState.REVEALED, closed_at=now)
    return answered


def reminders_due(round_: Round, now: datetime) -> tuple[int, ...]:
    """Who is reminded now: once each, from a day after opening, while the round is open."""
    if round_.state is not RoundState.OPEN or not round_.reminder_at <= now < round_.closes_at:
        return ()
    return tuple(m for m in round_.members if not round_.done(m) and m not in round_.reminded)


def mark_reminded(round_: Round, members: tuple[int, ...]) -> Round:
    for member in members:
        round_._check_member(member)
    return replace(round_, reminded=round_.reminded | frozenset(members))


def expire(round_: Round, now: datetime) -> Round:
    """Closes an open round as "not this time" once its week is over; otherwise unchanged."""
    if round_.state is RoundState.OPEN and now >= round_.closes_at:
        return replace(round_, state=RoundState.NOT_THIS_TIME, closed_at=now)
    return round_


def supersede(round_: Round, now: datetime) -> Round:
    """The next occurrence came while this round was still open (a round opened late, or a
    monthly cadence moved): it closes as "not this time", as a week's end would close it."""
    if round_.state is RoundState.OPEN:
        return replace(round_, state=RoundState.NOT_THIS_TIME, closed_at=now)
    return round_


def stop_round(round_: Round, by: int, now: datetime) -> Round:
    """Stopping ends an open round unrevealed; a revealed or closed one stays as it was."""
    round_._check_member(by)
    if round_.state is RoundState.OPEN:
        return replace(round_, state=RoundState.STOPPED, closed_at=now)
    return round_


def next_due(round_: Round) -> datetime | None:
    """When the round next needs the clock (a reminder or its closing), for the scheduler."""
    if round_.state is not RoundState.OPEN:
        return None
    if any(not round_.done(m) and m not in round_.reminded for m in round_.members):
        return round_.reminder_at
    return round_.closes_at


# -- what a partner sees --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoundView:
    """Everything of a round that one partner may see, and nothing else."""

    state: RoundState
    closes_at: datetime
    own: Draft
    partner_done: bool
    partner: Answers | None


def view(round_: Round, viewer: int) -> RoundView:
    """The one gate between a round and what a partner is shown or sent."""
    own = round_.draft(viewer)
    other = next(m for m in round_.members if m != viewer)
    revealed = round_.state is RoundState.REVEALED
    return RoundView(
        state=round_.state,
        closes_at=round_.closes_at,
        own=own,
        partner_done=round_.done(other),
        partner=round_.draft(other).complete if revealed else None,
    )
