"""Button presses, read from and written into custom_ids that are already out in Discord."""

from __future__ import annotations

import itertools
import re

import pytest

from cogs.lovelanguages.actions import (
    AnswerPress,
    BackPress,
    Choice,
    NoteAction,
    NotePress,
    Part,
    Step,
    StepPress,
)
from cogs.lovelanguages.scoring import RELATIONSHIPS


@pytest.mark.parametrize(
    ("custom_id", "press"),
    [
        # Exactly as the released bot wrote them into quiz screens and DM notes.
        ("kl:q:r:0:0", AnswerPress(Part.RECEIVE, 0, Choice.A)),
        ("kl:q:r:12:1", AnswerPress(Part.RECEIVE, 12, Choice.B)),
        ("kl:q:g:14:0", AnswerPress(Part.GIVE, 14, Choice.A)),
        ("kl:b:r:12", BackPress(Part.RECEIVE, 12)),
        ("kl:b:g:0", BackPress(Part.GIVE, 0)),
        ("kl:s:continue", StepPress(Step.CONTINUE)),
        ("kl:s:restart", StepPress(Step.RESTART)),
        ("kl:s:restart:partner", StepPress(Step.RESTART, "partner")),
        ("kl:s:give", StepPress(Step.GIVE)),
        ("kl:s:result", StepPress(Step.RESULT)),
        ("kn:r:42", NotePress(NoteAction.REPORT, 42)),
        ("kn:b:123456789012345678", NotePress(NoteAction.BLOCK, 123456789012345678)),
    ],
)
def test_a_released_custom_id_reads_as_the_same_press_and_is_written_back_unchanged(
    custom_id: str, press: AnswerPress | BackPress | StepPress | NotePress
) -> None:
    assert type(press).parse(custom_id) == press
    assert press.custom_id() == custom_id


def test_the_actions_keep_their_released_letters() -> None:
    assert [(part, part.code) for part in Part] == [(Part.RECEIVE, "r"), (Part.GIVE, "g")]
    assert [action.value for action in NoteAction] == ["r", "b"]
    assert [choice.value for choice in Choice] == [0, 1]
    assert [step.value for step in Step] == ["continue", "restart", "give", "result"]


def test_every_press_survives_the_round_trip_through_its_custom_id() -> None:
    presses = [
        *(AnswerPress(p, i, c) for p, i, c in itertools.product(Part, range(30), Choice)),
        *(BackPress(p, i) for p, i in itertools.product(Part, range(30))),
        *(StepPress(s, r) for s, r in itertools.product(Step, [None, *RELATIONSHIPS])),
        *(NotePress(a, n) for a, n in itertools.product(NoteAction, [1, 10**19])),
    ]
    for press in presses:
        custom_id = press.custom_id()
        assert 1 <= len(custom_id) <= 100, "Discord's custom_id limit"
        assert type(press).parse(custom_id) == press


@pytest.mark.parametrize(
    ("kind", "custom_id"),
    [
        (AnswerPress, "kl:q:x:1:0"),  # no such part
        (AnswerPress, "kl:q:r:1:2"),  # no third statement
        (AnswerPress, "kl:q:r:123:0"),  # more items than a quiz has
        (BackPress, "kl:b:r:"),
        (StepPress, "kl:s:restart:stranger"),  # not a relationship
        (StepPress, "kl:s:skip"),
        (NotePress, "kn:x:1"),
        (NotePress, "kn:r:1:extra"),
        (NotePress, "kl:q:r:1:0"),  # another button's custom_id
    ],
)
def test_what_no_button_ever_wrote_is_not_a_press(
    kind: type[AnswerPress | BackPress | StepPress | NotePress], custom_id: str
) -> None:
    assert kind.parse(custom_id) is None


def test_no_custom_id_reads_as_two_kinds_of_press() -> None:
    templates = [AnswerPress, BackPress, StepPress, NotePress]
    samples = [
        AnswerPress(Part.GIVE, 3, Choice.B).custom_id(),
        BackPress(Part.GIVE, 3).custom_id(),
        StepPress(Step.RESTART, "family").custom_id(),
        NotePress(NoteAction.REPORT, 3).custom_id(),
    ]
    for sample in samples:
        readers = [kind for kind in templates if re.fullmatch(kind.TEMPLATE, sample)]
        assert len(readers) == 1, sample
