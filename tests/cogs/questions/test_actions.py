"""Button actions are named values, and the custom ids already in Discord keep their meaning."""

from __future__ import annotations

import pytest

from cogs.questions.actions import AnswerAction, PostAction, custom_id, parse

# Custom ids exactly as posts and answers carried them before the actions had names: old
# messages in servers keep these buttons, so each must still mean the same thing.
POSTED_BEFORE = [
    ("kq:a:17", PostAction.ANSWER),
    ("kq:n:17", PostAction.ANSWER_ANONYMOUSLY),
    ("kq:p:17", PostAction.PASS),
    ("kq:d:17", PostAction.READY_FOR_DEEPER),
    ("kq:t:17", PostAction.TOO_DEEP),
]
ANSWERED_BEFORE = [
    ("kq:v:904", AnswerAction.VALIDATE),
    ("kq:e:904", AnswerAction.EDIT),
    ("kq:x:904", AnswerAction.DELETE),
]


@pytest.mark.parametrize(("raw", "action"), POSTED_BEFORE)
def test_a_post_button_from_before_still_means_the_same(raw: str, action: PostAction) -> None:
    assert parse(raw, PostAction) == (action, 17)
    assert custom_id(action, 17) == raw


@pytest.mark.parametrize(("raw", "action"), ANSWERED_BEFORE)
def test_an_answer_button_from_before_still_means_the_same(raw: str, action: AnswerAction) -> None:
    assert parse(raw, AnswerAction) == (action, 904)
    assert custom_id(action, 904) == raw


def test_buttons_keep_their_order_on_a_post_and_on_an_answer() -> None:
    assert list(PostAction) == [action for _, action in POSTED_BEFORE]
    assert list(AnswerAction) == [action for _, action in ANSWERED_BEFORE]


@pytest.mark.parametrize("action", [*PostAction, *AnswerAction])
def test_every_action_round_trips_with_the_largest_snowflake(
    action: PostAction | AnswerAction,
) -> None:
    big = 2**64 - 1
    assert parse(custom_id(action, big), type(action)) == (action, big)


@pytest.mark.parametrize(
    "raw",
    [
        "kq:v:1",  # an answer's button is not a post's
        "kq:a:",
        "kq:a:x",
        "kq:an:1",
        "kq:a:1:2",
        "kq:a:" + "1" * 21,
        "kx:a:1",
        " kq:a:1",
    ],
)
def test_anything_else_is_not_a_post_action(raw: str) -> None:
    assert parse(raw, PostAction) is None


def test_a_post_button_is_not_an_answer_action() -> None:
    assert parse("kq:a:1", AnswerAction) is None
