"""A member's boundaries, and the rules every feature obeys because of them.

Pure logic: no database, no discord. The storage is :mod:`bot.privacy.member_store`; the one place
that sends private messages and applies :func:`judge` is :mod:`bot.outbound.delivery`.

Boundaries belong to the person, not to a server: max depth, quiet hours, time zone, the
weekly DM limit, topics turned off, the do-not-pair list and consent to each kind of DM
follow a member into every server they share with Kindred. Only the *sharing* of a
boundary card is per server, because showing it is a choice about an audience.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.timing.recurrence import resolve_local

MIN_DEPTH = 1
MAX_DEPTH = 3
DEFAULT_MAX_DMS_PER_WEEK = 14  # two a day on average: a daily message plus a little more
MAX_DMS_PER_WEEK_LIMIT = 50
WEEK = timedelta(days=7)
CARD_MAX_CHARS = 1000
DONT_PAIR_LIMIT = 50
MIN_PAUSE_DAYS = 1
MAX_PAUSE_DAYS = 30  # a hard week, or a hard month


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A nightly window, in the member's own zone; it may wrap midnight."""

    start: time
    end: time
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("quiet hours must start and end at different times")

    def window_around(self, instant: datetime) -> tuple[datetime, datetime] | None:
        """The window (start, end), as instants, that holds ``instant``; None if none does.

        Working with instants, not wall-clock readings, keeps daylight saving honest: the
        start and end resolve like scheduled posts (a missing time at the jump, a repeated
        time at its first pass), so the second pass of a repeated hour is not quiet again.
        """
        local_day = instant.astimezone(self.zone).date()
        overnight = self.end < self.start
        for offset in (-1, 0, 1):
            day = local_day + timedelta(days=offset)
            start = resolve_local(day, self.start, self.zone)
            end = resolve_local(day + timedelta(days=1 if overnight else 0), self.end, self.zone)
            if start <= instant < end:
                return start, end
        return None

    def contains(self, instant: datetime) -> bool:
        return self.window_around(instant) is not None

    def ends_after(self, instant: datetime) -> datetime:
        """When the window that holds ``instant`` ends (``instant`` must be inside it)."""
        window = self.window_around(instant)
        if window is None:
            raise ValueError("that instant is not in quiet hours")
        return window[1]


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Everything a member decided about how Kindred may reach them."""

    user_id: int
    max_depth: int = MAX_DEPTH
    quiet_hours: QuietHours | None = None
    zone: ZoneInfo | None = None
    max_dms_per_week: int = DEFAULT_MAX_DMS_PER_WEEK
    pairing: bool = True
    topics_off: frozenset[str] = frozenset()
    dont_pair: frozenset[int] = frozenset()
    #: Kinds of DM the member asked for. A kind is the sending feature's own name for it:
    #: the core stores and checks kinds, and names none.
    consents: frozenset[str] = frozenset()
    unreachable_since: datetime | None = None
    card: str | None = None
    card_shared_in: frozenset[int] = field(default_factory=frozenset)
    #: The latest pause the member took, kept after it ends so a streak can still
    #: see that a challenge came while the member was away; None if they never paused.
    paused_from: datetime | None = None
    paused_until: datetime | None = None

    def paused_at(self, instant: datetime) -> bool:
        """Whether the member's pause covers ``instant``: every feature asks this."""
        return (
            self.paused_from is not None
            and self.paused_until is not None
            and self.paused_from <= instant < self.paused_until
        )

    def allows_topic(self, topic: str | None) -> bool:
        return topic is None or topic not in self.topics_off

    def allows_depth(self, depth: int | None) -> bool:
        return depth is None or depth <= self.max_depth

    def card_visible_in(self, guild_id: int | None) -> bool:
        return self.card is not None and guild_id is not None and guild_id in self.card_shared_in


class Refusal(enum.StrEnum):
    """Why a private message will not be sent. Never shown with the recipient's details."""

    NO_CONSENT = "no_consent"
    UNREACHABLE = "unreachable"
    TOO_DEEP = "too_deep"
    TOPIC_OFF = "topic_off"
    WEEKLY_LIMIT = "weekly_limit"
    #: Quiet hours or a pause would hold the letter past the moment it was worth sending.
    TOO_LATE = "too_late"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Either a refusal, or the moment the message may go out (later during quiet hours)."""

    refusal: Refusal | None = None
    send_at: datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    @property
    def held(self) -> bool:
        return self.send_at is not None


def judge(
    boundaries: Boundaries,
    *,
    kind: str,
    depth: int | None,
    topic: str | None,
    sent_this_week: int,
    now: datetime,
    asked_for: bool = False,
    expires_at: datetime | None = None,
) -> Verdict:
    """May this private message reach this member, and when?

    Order matters only for which reason is recorded: consent first (without it nothing
    else is even considered), then reachability, content, and the weekly limit. A pause
    then holds the letter until it ends, like quiet hours do until they end.
    ``sent_this_week`` counts the member's DMs sent or waiting in the last seven days,
    not counting this one. A letter the member ``asked_for`` themself (their own scheduled
    check-in) is not theirs to limit; one that ``expires_at`` a moment is refused when it
    would be held past it, rather than arrive stale.
    """
    refusal = _refusal(
        boundaries,
        kind=kind,
        depth=depth,
        topic=topic,
        over_limit=not asked_for and sent_this_week >= boundaries.max_dms_per_week,
    )
    if refusal is not None:
        return Verdict(refusal)
    # Held, not refused: during a pause the letter waits for its end, and quiet hours at
    # that moment hold it until they end too.
    send_at = boundaries.paused_until if boundaries.paused_at(now) else None
    quiet = boundaries.quiet_hours
    window = quiet.window_around(send_at or now) if quiet is not None else None
    if window is not None:
        send_at = window[1]
    if expires_at is not None and (send_at or now) >= expires_at:
        return Verdict(Refusal.TOO_LATE)
    return Verdict(send_at=send_at)


def _refusal(
    boundaries: Boundaries, *, kind: str, depth: int | None, topic: str | None, over_limit: bool
) -> Refusal | None:
    if kind not in boundaries.consents:
        return Refusal.NO_CONSENT
    if boundaries.unreachable_since is not None:
        return Refusal.UNREACHABLE
    if not boundaries.allows_depth(depth):
        return Refusal.TOO_DEEP
    if not boundaries.allows_topic(topic):
        return Refusal.TOPIC_OFF
    if over_limit:
        return Refusal.WEEKLY_LIMIT
    return None


def may_pair(first: Boundaries, second: Boundaries) -> bool:
    """Both are open to pairing and neither listed the other."""
    return (
        first.pairing
        and second.pairing
        and second.user_id not in first.dont_pair
        and first.user_id not in second.dont_pair
    )
