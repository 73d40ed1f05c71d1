"""The shipped question bank: valid, large enough, balanced, original in form, no twins."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.app.content import content_root
from bot.privacy.topics import Topics
from cogs.questions.bank import CATEGORIES, Question, load_bank
from cogs.questions.similarity import near_duplicate_pairs

YES_NO_START = re.compile(
    r"^(do|does|did|is|are|was|were|have|has|had|can|could|would|will|should|shall|am)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def bank() -> list[Question]:
    return load_bank(content_root())


def test_a_year_of_daily_posts_without_a_repeat(bank: list[Question]) -> None:
    assert len(bank) >= 420


def test_ids_are_unique_and_name_their_category(bank: list[Question]) -> None:
    keys = Counter(q.key for q in bank)
    assert [k for k, n in keys.items() if n > 1] == []
    wrong = [q.key for q in bank if not q.key.removeprefix("bank:").startswith(q.category + "-")]
    assert wrong == [], f"ids must be <category>-NNN: {wrong}"


def test_every_category_is_covered_and_is_a_topic_members_can_turn_off(
    bank: list[Question],
) -> None:
    topics = Topics.from_data_dir(content_root())
    assert {q.category for q in bank} == set(CATEGORIES)
    assert [c for c in CATEGORIES if c not in topics] == []


def test_depths_are_roughly_half_light_a_third_personal_the_rest_deep(
    bank: list[Question],
) -> None:
    share = {d: n / len(bank) for d, n in Counter(q.depth for q in bank).items()}
    assert 0.4 <= share[1] <= 0.6, share
    assert 0.25 <= share[2] <= 0.4, share
    assert 0.1 <= share[3] <= 0.3, share
    for category in CATEGORIES:
        depths = {q.depth for q in bank if q.category == category}
        assert depths == {1, 2, 3}, f"{category} needs every depth"


def test_no_question_can_be_answered_with_yes_or_no(bank: list[Question]) -> None:
    closed = [f"{q.key}: {q.text}" for q in bank if YES_NO_START.match(q.text)]
    assert closed == [], "rephrase as an open question:\n" + "\n".join(closed)


def test_audiences_are_known_and_any_stands_alone(bank: list[Question]) -> None:
    for q in bank:
        assert q.audiences and set(q.audiences) <= {"any", "partners", "friends", "family"}, q
        assert q.audiences == ("any",) or "any" not in q.audiences, q


def test_no_two_questions_are_near_duplicates(bank: list[Question]) -> None:
    """The same check that refuses a near-duplicate suggestion."""
    by_key = {q.key: q.text for q in bank}
    pairs = near_duplicate_pairs([(q.key, q.text) for q in bank])
    assert pairs == [], "\n".join(f"{a}: {by_key[a]}\n{b}: {by_key[b]}" for a, b in pairs)
