"""A review round's rules: revealed only when both partners answered, one reminder a day in
to whoever has not, "not this time" after a week, stopped by either; and, over any order of
events (hypothesis), nothing of one partner's words visible to the other before the reveal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.reviews.answers import Answers, Appreciations, Reflections
from cogs.reviews.rounds import (
    CLOSES_AFTER,
    REMINDER_AFTER,
    NotInPair,
    PairStatus,
    ReviewRefusal,
    Round,
    RoundState,
    add_part,
    answer_invitation,
    expire,
    invite,
    mark_reminded,
    next_due,
    open_round,
    reminders_due,
    stop_pair,
    stop_round,
    supersede,
    view,
)

ALEX, SAM, STRANGER = 11, 22, 33
START = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def words(member: int) -> tuple[Appreciations, Reflections]:
    return (
        Appreciations((f"thanks-{member}-a", f"thanks-{member}-b")),
        Reflections(f"well-{member}", f"I felt seen-{member} when… I'd love", f"care-{member}"),
    )


def opened() -> Round:
    pair = answer_invitation(invite(ALEX, SAM), SAM, accept=True)
    return open_round(pair, START)


def answered(round_: Round, member: int, at: datetime = START) -> Round:
    for part in words(member):
        round_ = add_part(round_, member, part, at)
    return round_


# -- the pair ---------------------------------------------------------------------------


def test_only_the_invited_partner_accepts_and_only_once() -> None:
    pair = invite(ALEX, SAM)
    assert pair.status is PairStatus.INVITED
    for who in (ALEX, STRANGER):
        with pytest.raises(NotInPair):
            answer_invitation(pair, who, accept=True)
    accepted = answer_invitation(pair, SAM, accept=True)
    assert accepted.status is PairStatus.ACTIVE
    with pytest.raises(ReviewRefusal) as caught:
        answer_invitation(accepted, SAM, accept=False)
    assert caught.value.key == "invitation_answered"


def test_a_decline_stops_the_pair_and_no_round_opens() -> None:
    declined = answer_invitation(invite(ALEX, SAM), SAM, accept=False)
    assert declined.status is PairStatus.STOPPED
    with pytest.raises(ReviewRefusal):
        open_round(declined, START)
    with pytest.raises(ReviewRefusal):
        open_round(invite(ALEX, SAM), START)  # not before the partner said yes


def test_nobody_reviews_with_themself() -> None:
    with pytest.raises(ReviewRefusal) as caught:
        invite(ALEX, ALEX)
    assert caught.value.key == "invite_self"


def test_either_partner_stops_but_nobody_else() -> None:
    pair = answer_invitation(invite(ALEX, SAM), SAM, accept=True)
    assert stop_pair(pair, ALEX).status is PairStatus.STOPPED
    assert stop_pair(pair, SAM).status is PairStatus.STOPPED
    with pytest.raises(NotInPair):
        stop_pair(pair, STRANGER)


# -- a round ------------------------------------------------------------------------------


def test_the_round_is_revealed_only_when_both_finished_both_parts() -> None:
    round_ = answered(opened(), ALEX)
    appreciations, reflections = words(SAM)
    round_ = add_part(round_, SAM, appreciations, START)
    assert round_.state is RoundState.OPEN
    assert view(round_, ALEX).partner is None
    round_ = add_part(round_, SAM, reflections, START + timedelta(hours=3))
    assert round_.state is RoundState.REVEALED
    assert round_.closed_at == START + timedelta(hours=3)
    assert view(round_, ALEX).partner == Answers.of(appreciations, reflections)
    assert view(round_, SAM).partner == Answers.of(*words(ALEX))


def test_a_part_is_given_once_and_never_after_the_round_closed() -> None:
    appreciations, _ = words(ALEX)
    round_ = add_part(opened(), ALEX, appreciations, START)
    with pytest.raises(ReviewRefusal) as caught:
        add_part(round_, ALEX, appreciations, START)
    assert caught.value.key == "already_answered"
    with pytest.raises(ReviewRefusal) as closed:
        add_part(opened(), ALEX, appreciations, START + CLOSES_AFTER)  # the close job is late
    assert closed.value.key == "round_closed"
    for ended in (expire(opened(), START + CLOSES_AFTER), stop_round(opened(), SAM, START)):
        with pytest.raises(ReviewRefusal):
            add_part(ended, ALEX, appreciations, START)


def test_someone_outside_the_pair_can_neither_answer_nor_look() -> None:
    with pytest.raises(NotInPair):
        add_part(opened(), STRANGER, words(STRANGER)[0], START)
    with pytest.raises(NotInPair):
        view(answered(answered(opened(), ALEX), SAM), STRANGER)


def test_one_reminder_a_day_in_only_to_whoever_has_not_finished() -> None:
    round_ = answered(opened(), ALEX)
    assert reminders_due(round_, START + REMINDER_AFTER - timedelta(seconds=1)) == ()
    assert next_due(round_) == START + REMINDER_AFTER
    assert reminders_due(round_, START + REMINDER_AFTER) == (SAM,)
    round_ = mark_reminded(round_, (SAM,))
    assert reminders_due(round_, START + timedelta(days=3)) == ()
    assert next_due(round_) == START + CLOSES_AFTER
    assert reminders_due(opened(), START + REMINDER_AFTER) == (ALEX, SAM)
    assert reminders_due(opened(), START + CLOSES_AFTER) == ()  # closing, not nudging


def test_a_round_still_open_after_a_week_closes_as_not_this_time() -> None:
    round_ = answered(opened(), ALEX)
    assert expire(round_, START + CLOSES_AFTER - timedelta(seconds=1)) is round_
    closed = expire(round_, START + CLOSES_AFTER)
    assert (closed.state, closed.closed_at) == (RoundState.NOT_THIS_TIME, START + CLOSES_AFTER)
    assert view(closed, SAM).partner is None  # what Alex wrote is never shown
    assert next_due(closed) is None
    revealed = answered(answered(opened(), ALEX), SAM)
    assert expire(revealed, START + CLOSES_AFTER) is revealed


def test_stopping_ends_an_open_round_unrevealed_and_keeps_a_revealed_one() -> None:
    stopped = stop_round(answered(opened(), ALEX), SAM, START + timedelta(hours=1))
    assert stopped.state is RoundState.STOPPED
    assert view(stopped, SAM).partner is None
    revealed = answered(answered(opened(), ALEX), SAM)
    assert stop_round(revealed, ALEX, START) is revealed
    with pytest.raises(NotInPair):
        stop_round(opened(), STRANGER, START)


def test_a_partner_learns_only_that_the_other_finished_never_what_they_wrote() -> None:
    round_ = answered(opened(), ALEX)
    seen = view(round_, SAM)
    assert seen.partner_done
    assert seen.partner is None
    assert "thanks-11" not in repr(seen)
    assert view(round_, ALEX).own.complete == Answers.of(*words(ALEX))


# -- any order of events ------------------------------------------------------------------

EVENTS = st.lists(
    st.one_of(
        st.tuples(st.just("part"), st.sampled_from([ALEX, SAM]), st.sampled_from([0, 1])),
        st.tuples(st.just("wait"), st.integers(min_value=0, max_value=4 * 24 * 60)),
        st.tuples(st.just("remind")),
        st.tuples(st.just("expire")),
        st.tuples(st.just("supersede")),
        st.tuples(st.just("stop"), st.sampled_from([ALEX, SAM])),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(EVENTS)
def test_nothing_of_a_partners_words_shows_before_both_answered(
    events: list[tuple[object, ...]],
) -> None:
    round_ = opened()
    now = START
    reminded: list[int] = []
    for event in events:
        kind = event[0]
        try:
            if kind == "part":
                member, which = int(str(event[1])), int(str(event[2]))
                round_ = add_part(round_, member, words(member)[which], now)
            elif kind == "wait":
                now += timedelta(minutes=int(str(event[1])))
            elif kind == "remind":
                due = reminders_due(round_, now)
                reminded += due
                round_ = mark_reminded(round_, due)
            elif kind == "expire":
                round_ = expire(round_, now)
            elif kind == "supersede":
                round_ = supersede(round_, now)
            else:
                round_ = stop_round(round_, int(str(event[1])), now)
        except ReviewRefusal:
            pass
        both = round_.done(ALEX) and round_.done(SAM)
        assert (round_.state is RoundState.REVEALED) == both
        for viewer, other in ((ALEX, SAM), (SAM, ALEX)):
            shown = repr(view(round_, viewer))
            if not both:
                assert f"-{other}" not in shown, (round_.state, shown)
            assert view(round_, viewer).partner_done == round_.done(other)
        assert len(reminded) == len(set(reminded)), "a partner is reminded once at most"
        if round_.state is not RoundState.OPEN:
            assert round_.closed_at is not None and round_.closed_at <= now


def test_a_new_occurrence_supersedes_an_open_round_and_nothing_else() -> None:
    round_ = answered(opened(), ALEX)
    later = START + timedelta(days=2)
    closed = supersede(round_, later)
    assert (closed.state, closed.closed_at) == (RoundState.NOT_THIS_TIME, later)
    assert view(closed, SAM).partner is None
    revealed = answered(round_, SAM)
    assert supersede(revealed, later) is revealed
