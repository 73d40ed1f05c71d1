"""The rules every feature obeys because of a member's boundaries: pure values, no storage."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.privacy.boundary_rules import (
    Boundaries,
    QuietHours,
    Refusal,
    Verdict,
    judge,
    may_pair,
)

BERLIN = ZoneInfo("Europe/Berlin")  # UTC+1 all January
TOKYO = ZoneInfo("Asia/Tokyo")  # UTC+9, no daylight saving
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
CHECKIN = "checkin"


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def open_to_checkins(**overrides: Any) -> Boundaries:
    """A member who asked for check-ins, with ``overrides`` on top of the defaults."""
    return replace(Boundaries(1, consents=frozenset({CHECKIN})), **overrides)


def verdict_for(
    boundaries: Boundaries,
    *,
    kind: str = CHECKIN,
    depth: int | None = None,
    topic: str | None = None,
    sent_this_week: int = 0,
    now: datetime = NOON,
    asked_for: bool = False,
    expires_at: datetime | None = None,
) -> Verdict:
    return judge(
        boundaries,
        kind=kind,
        depth=depth,
        topic=topic,
        sent_this_week=sent_this_week,
        now=now,
        asked_for=asked_for,
        expires_at=expires_at,
    )


# -- refusals ---------------------------------------------------------------------------


def test_no_consent_refuses_even_when_everything_else_allows_it() -> None:
    assert verdict_for(Boundaries(1)) == Verdict(Refusal.NO_CONSENT)


def test_consent_to_another_kind_is_not_consent() -> None:
    assert verdict_for(open_to_checkins(), kind="nudge") == Verdict(Refusal.NO_CONSENT)


def test_consent_is_checked_before_anything_else() -> None:
    everything_wrong = Boundaries(
        1,
        max_depth=1,
        max_dms_per_week=0,
        topics_off=frozenset({"family"}),
        unreachable_since=NOON,
    )
    verdict = verdict_for(everything_wrong, depth=3, topic="family", sent_this_week=9)
    assert verdict.refusal is Refusal.NO_CONSENT


def test_an_unreachable_member_is_refused() -> None:
    verdict = verdict_for(open_to_checkins(unreachable_since=utc(2026, 1, 1, 9)))
    assert verdict == Verdict(Refusal.UNREACHABLE)


def test_a_message_deeper_than_max_depth_is_refused() -> None:
    assert verdict_for(open_to_checkins(max_depth=2), depth=3) == Verdict(Refusal.TOO_DEEP)


def test_a_message_at_max_depth_is_allowed() -> None:
    assert verdict_for(open_to_checkins(max_depth=2), depth=2) == Verdict()


def test_a_message_without_depth_is_allowed_at_any_max_depth() -> None:
    assert verdict_for(open_to_checkins(max_depth=1), depth=None) == Verdict()


def test_a_topic_turned_off_is_refused_and_others_are_not() -> None:
    boundaries = open_to_checkins(topics_off=frozenset({"family"}))
    assert verdict_for(boundaries, topic="family") == Verdict(Refusal.TOPIC_OFF)
    assert verdict_for(boundaries, topic="money") == Verdict()
    assert verdict_for(boundaries, topic=None) == Verdict()


def test_the_weekly_limit_refuses_once_reached() -> None:
    boundaries = open_to_checkins(max_dms_per_week=3)
    assert verdict_for(boundaries, sent_this_week=3) == Verdict(Refusal.WEEKLY_LIMIT)
    assert verdict_for(boundaries, sent_this_week=2) == Verdict()


def test_a_weekly_limit_of_zero_refuses_everything() -> None:
    boundaries = open_to_checkins(max_dms_per_week=0)
    assert verdict_for(boundaries, sent_this_week=0) == Verdict(Refusal.WEEKLY_LIMIT)


def test_a_letter_the_member_asked_for_is_not_held_to_their_weekly_limit() -> None:
    boundaries = open_to_checkins(max_dms_per_week=0)
    assert verdict_for(boundaries, asked_for=True) == Verdict()
    assert verdict_for(replace(boundaries, consents=frozenset()), asked_for=True) == Verdict(
        Refusal.NO_CONSENT
    )


def test_a_letter_is_too_late_when_quiet_hours_would_hold_it_past_its_expiry() -> None:
    boundaries = open_to_checkins(quiet_hours=quiet("11:00", "14:00", LONDON))
    assert verdict_for(boundaries, expires_at=utc(2026, 1, 15, 13)) == Verdict(Refusal.TOO_LATE)
    assert verdict_for(boundaries, expires_at=utc(2026, 1, 15, 14, 1)) == Verdict(
        send_at=utc(2026, 1, 15, 14)
    )


def test_a_letter_already_past_its_expiry_is_too_late() -> None:
    assert verdict_for(open_to_checkins(), expires_at=NOON) == Verdict(Refusal.TOO_LATE)


def test_an_allowed_message_goes_now() -> None:
    verdict = verdict_for(open_to_checkins())
    assert verdict.allowed
    assert not verdict.held
    assert verdict.send_at is None


# -- quiet hours ------------------------------------------------------------------------


def quiet(start: str, end: str, zone: ZoneInfo) -> QuietHours:
    return QuietHours(time.fromisoformat(start), time.fromisoformat(end), zone)


@pytest.mark.parametrize(
    ("window", "now", "send_at"),
    [
        # Overnight 22:00-07:00 in Berlin (UTC+1): ends 07:00 local = 06:00 UTC on the 15th.
        pytest.param(
            quiet("22:00", "07:00", BERLIN),
            utc(2026, 1, 14, 22, 30),  # 23:30 local, before midnight
            utc(2026, 1, 15, 6),
            id="overnight-before-midnight",
        ),
        pytest.param(
            quiet("22:00", "07:00", BERLIN),
            utc(2026, 1, 15, 1),  # 02:00 local, after midnight
            utc(2026, 1, 15, 6),
            id="overnight-after-midnight",
        ),
        pytest.param(
            quiet("22:00", "07:00", BERLIN),
            utc(2026, 1, 14, 21),  # 22:00 local: the start itself is quiet
            utc(2026, 1, 15, 6),
            id="overnight-exactly-at-start",
        ),
        pytest.param(
            quiet("22:00", "07:00", BERLIN),
            utc(2026, 1, 15, 6),  # 07:00 local: the end itself is not quiet
            None,
            id="overnight-exactly-at-end",
        ),
        pytest.param(
            quiet("22:00", "07:00", BERLIN),
            utc(2026, 1, 14, 20, 59),  # 21:59 local
            None,
            id="overnight-just-before-start",
        ),
        # Same-day 13:00-15:00 in Tokyo (UTC+9): ends 15:00 local = 06:00 UTC.
        pytest.param(
            quiet("13:00", "15:00", TOKYO),
            utc(2026, 1, 15, 5),  # 14:00 local
            utc(2026, 1, 15, 6),
            id="same-day-inside",
        ),
        pytest.param(
            quiet("13:00", "15:00", TOKYO),
            utc(2026, 1, 15, 4),  # 13:00 local: the start itself is quiet
            utc(2026, 1, 15, 6),
            id="same-day-exactly-at-start",
        ),
        pytest.param(
            quiet("13:00", "15:00", TOKYO),
            utc(2026, 1, 15, 6),  # 15:00 local: the end itself is not quiet
            None,
            id="same-day-exactly-at-end",
        ),
        pytest.param(
            quiet("13:00", "15:00", TOKYO),
            utc(2026, 1, 15, 14),  # 23:00 local: a same-day window does not wrap
            None,
            id="same-day-late-evening",
        ),
        # London springs forward on 2026-03-29 at 01:00 UTC (01:00 GMT -> 02:00 BST), so
        # 01:30 local does not exist that night: the window ends at the jump, 01:00 UTC.
        pytest.param(
            quiet("00:30", "01:30", LONDON),
            utc(2026, 3, 29, 0, 45),  # 00:45 GMT
            utc(2026, 3, 29, 1),
            id="london-spring-forward-end-missing",
        ),
        pytest.param(
            quiet("00:30", "01:30", LONDON),
            utc(2026, 3, 29, 0, 30),  # 00:30 GMT, the start
            utc(2026, 3, 29, 1),
            id="london-spring-forward-at-start",
        ),
        pytest.param(
            quiet("00:30", "01:30", LONDON),
            utc(2026, 3, 29, 1),  # 02:00 BST: the window is over
            None,
            id="london-spring-forward-after-jump",
        ),
        # London falls back on 2026-10-25 at 01:00 UTC (02:00 BST -> 01:00 GMT): 01:30 local
        # happens twice; the window ends at the first pass, 01:30 BST = 00:30 UTC.
        pytest.param(
            quiet("00:30", "01:30", LONDON),
            utc(2026, 10, 24, 23, 45),  # 00:45 BST
            utc(2026, 10, 25, 0, 30),
            id="london-fall-back-first-pass",
        ),
        pytest.param(
            quiet("00:30", "01:30", LONDON),
            utc(2026, 10, 25, 0, 29),  # 01:29 BST
            utc(2026, 10, 25, 0, 30),
            id="london-fall-back-a-minute-before-end",
        ),
        pytest.param(
            quiet("00:30", "01:30", LONDON),
            utc(2026, 10, 25, 0, 30),  # 01:30 BST, the end's first pass
            None,
            id="london-fall-back-at-end",
        ),
        # New York springs forward on 2026-03-08 at 07:00 UTC (02:00 EST -> 03:00 EDT):
        # 02:30 local does not exist, so the window ends at the jump, 07:00 UTC.
        pytest.param(
            quiet("01:00", "02:30", NEW_YORK),
            utc(2026, 3, 8, 6, 15),  # 01:15 EST
            utc(2026, 3, 8, 7),
            id="new-york-spring-forward-end-missing",
        ),
        pytest.param(
            quiet("01:00", "02:30", NEW_YORK),
            utc(2026, 3, 8, 7),  # 03:00 EDT
            None,
            id="new-york-spring-forward-after-jump",
        ),
        pytest.param(
            quiet("22:00", "07:00", NEW_YORK),
            utc(2026, 3, 8, 3),  # 22:00 EST on the 7th; ends 07:00 EDT = 11:00 UTC (not 12:00)
            utc(2026, 3, 8, 11),
            id="new-york-overnight-across-spring-forward",
        ),
        # New York falls back on 2026-11-01 at 06:00 UTC (02:00 EDT -> 01:00 EST): the end
        # 01:30 is taken at its first pass, 01:30 EDT = 05:30 UTC.
        pytest.param(
            quiet("00:30", "01:30", NEW_YORK),
            utc(2026, 11, 1, 5),  # 01:00 EDT
            utc(2026, 11, 1, 5, 30),
            id="new-york-fall-back-first-pass",
        ),
        pytest.param(
            quiet("22:00", "07:00", NEW_YORK),
            utc(2026, 11, 1, 3),  # 23:00 EDT on Oct 31; ends 07:00 EST = 12:00 UTC (not 11:00)
            utc(2026, 11, 1, 12),
            id="new-york-overnight-across-fall-back",
        ),
    ],
)
def test_quiet_hours_hold_a_message_until_they_end(
    window: QuietHours, now: datetime, send_at: datetime | None
) -> None:
    verdict = verdict_for(open_to_checkins(quiet_hours=window), now=now)
    assert verdict == Verdict(send_at=send_at)
    assert verdict.allowed
    assert verdict.held is (send_at is not None)


def test_quiet_hours_do_not_override_a_refusal() -> None:
    boundaries = open_to_checkins(quiet_hours=quiet("22:00", "07:00", BERLIN), max_depth=1)
    verdict = verdict_for(boundaries, depth=2, now=utc(2026, 1, 15, 1))
    assert verdict == Verdict(Refusal.TOO_DEEP)


# -- pairing ----------------------------------------------------------------------------


def test_two_members_open_to_pairing_may_pair_either_way() -> None:
    ana, ben = Boundaries(1, dont_pair=frozenset({99})), Boundaries(2)
    assert may_pair(ana, ben)
    assert may_pair(ben, ana)


@pytest.mark.parametrize(
    ("ana", "ben"),
    [
        pytest.param(Boundaries(1, dont_pair=frozenset({2})), Boundaries(2), id="first-lists"),
        pytest.param(Boundaries(1), Boundaries(2, dont_pair=frozenset({1})), id="second-lists"),
        pytest.param(Boundaries(1, pairing=False), Boundaries(2), id="first-pairing-off"),
        pytest.param(Boundaries(1), Boundaries(2, pairing=False), id="second-pairing-off"),
    ],
)
def test_either_member_can_prevent_a_pairing(ana: Boundaries, ben: Boundaries) -> None:
    assert not may_pair(ana, ben)
    assert not may_pair(ben, ana)


# -- cards ---------------------------------------------------------------------------


def test_a_card_is_visible_only_where_it_is_shared() -> None:
    boundaries = Boundaries(1, card="Glad to talk about music.", card_shared_in=frozenset({10}))
    assert boundaries.card_visible_in(10)
    assert not boundaries.card_visible_in(20)
    assert not boundaries.card_visible_in(None)  # a DM is no audience for a card


def test_no_card_is_visible_even_where_sharing_is_on() -> None:
    assert not Boundaries(1, card=None, card_shared_in=frozenset({10})).card_visible_in(10)


@pytest.mark.parametrize(
    ("window", "now", "latest_send_at"),
    [
        # London, 2026-10-25: 01:05 UTC is 01:05 GMT, the *second* pass of 01:05 local.
        # The window's end (01:30 BST = 00:30 UTC) is already past; the wall clock next
        # reads 01:30 at 01:30 GMT = 01:30 UTC.
        pytest.param(
            quiet("00:30", "01:30", LONDON),
            utc(2026, 10, 25, 1, 5),
            utc(2026, 10, 25, 1, 30),
            id="london-fall-back-second-pass",
        ),
        # New York, 2026-11-01: 06:10 UTC is 01:10 EST (second pass); 01:30 EST = 06:30 UTC.
        pytest.param(
            quiet("00:30", "01:30", NEW_YORK),
            utc(2026, 11, 1, 6, 10),
            utc(2026, 11, 1, 6, 30),
            id="new-york-fall-back-second-pass",
        ),
    ],
)
def test_the_repeated_hour_after_fall_back_holds_a_message_at_most_until_it_ends(
    window: QuietHours, now: datetime, latest_send_at: datetime
) -> None:
    verdict = verdict_for(open_to_checkins(quiet_hours=window), now=now)
    assert verdict.allowed
    # Either not quiet any more (the window ended at the first pass) or held until the
    # wall clock reads the end again — never until the next night.
    assert verdict.send_at is None or verdict.send_at <= latest_send_at


def test_quiet_hours_that_start_and_end_together_are_refused() -> None:
    with pytest.raises(ValueError, match="different times"):
        quiet("22:00", "22:00", LONDON)
