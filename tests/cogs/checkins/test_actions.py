"""A check-in button's custom id: the choice and the check-in, read back exactly, and its
letters frozen (Discord keeps them in every message already sent)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cogs.checkins.actions import (
    CHOICE_OF_MOOD,
    CHOICE_OF_WISH,
    TEMPLATE,
    Choice,
    custom_id,
    parse,
)
from cogs.checkins.moods import MOODS, WISHES

RELEASED = {
    "vl": Choice.VERY_LOW,
    "lo": Choice.LOW,
    "ok": Choice.OKAY,
    "go": Choice.GOOD,
    "vg": Choice.VERY_GOOD,
    "pa": Choice.PASS,
    "wl": Choice.LISTEN,
    "we": Choice.ENCOURAGEMENT,
    "ws": Choice.SPACE,
    "wc": Choice.COMPANY,
    "wn": Choice.NOTHING,
    "no": Choice.ADD_NOTE,
    "nn": Choice.NO_NOTE,
}


def test_released_letters_never_change() -> None:
    assert {choice.value: choice for choice in Choice} == RELEASED


def test_every_mood_and_wish_has_exactly_one_button() -> None:
    assert list(CHOICE_OF_MOOD) == list(MOODS)
    assert set(CHOICE_OF_WISH) == set(WISHES)
    assert len(set(CHOICE_OF_MOOD.values()) | set(CHOICE_OF_WISH.values())) == 10


@given(st.sampled_from(list(Choice)), st.integers(min_value=1, max_value=2**63 - 1))
def test_a_custom_id_reads_back_as_its_choice_and_checkin(choice: Choice, checkin_id: int) -> None:
    raw = custom_id(choice, checkin_id)
    assert parse(raw) == (choice, checkin_id)
    assert len(raw) <= 100
    assert re.fullmatch(TEMPLATE, raw)


def test_other_features_ids_and_garbage_are_not_check_in_buttons() -> None:
    for raw in ("kc:d:1", "ci:zz:1", "ci:vl:", "ci:vl:1:2", "ci:vl:-1", "xci:vl:1", "ci:vl:1 "):
        assert parse(raw) is None, raw
