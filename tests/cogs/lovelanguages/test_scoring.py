"""Scoring, exhaustively: every way of answering the quiz gives consistent scores."""

from __future__ import annotations

import itertools

import pytest

from bot.app.content import content_root
from cogs.lovelanguages.quiz import load_quiz
from cogs.lovelanguages.scoring import LANGUAGES, Scores, ScoringError, score

QUIZ = load_quiz(content_root())
PAIRS = QUIZ.pairs("receive")


def test_every_way_to_answer_a_block_of_ten_pairs_sums_and_caps_correctly() -> None:
    """All 2**10 answer patterns for one round of the ten pairs, repeated three times."""
    first_round = PAIRS[:10]
    assert len(set(map(frozenset, first_round))) == 10, "the first ten items are the ten pairs"
    for pattern in itertools.product((0, 1), repeat=10):
        answers = [pair[pick] for pair, pick in zip(PAIRS, pattern * 3, strict=True)]
        result = score(PAIRS, answers)
        assert result.total == 30
        assert all(0 <= points <= 12 for points in result.points.values())
        assert score(PAIRS, answers) == result, "the same answers, the same scores"


def test_a_language_chosen_every_time_it_is_offered_scores_twelve() -> None:
    for language in LANGUAGES:
        answers = [language if language in pair else pair[0] for pair in PAIRS]
        assert score(PAIRS, answers).points[language] == 12


def test_ties_are_reported_as_ties_never_broken() -> None:
    tied = Scores({"words": 9, "time": 9, "touch": 6, "gifts": 3, "acts": 3})
    assert tied.primary == ["words", "time"]
    assert tied.secondary == ["touch"]
    assert tied.top_two == ["words", "time"]
    assert tied.levels() == [(9, ["words", "time"]), (6, ["touch"]), (3, ["gifts", "acts"])]
    flat = Scores(dict.fromkeys(LANGUAGES, 6))
    assert flat.primary == list(LANGUAGES) and flat.secondary == []
    clear = Scores({"words": 3, "time": 12, "touch": 6, "gifts": 6, "acts": 3})
    assert clear.primary == ["time"] and clear.secondary == ["touch", "gifts"]
    assert clear.top_two == ["time", "touch"]


def test_answers_that_do_not_fit_the_quiz_are_refused() -> None:
    with pytest.raises(ScoringError, match="29 answers for 30 items"):
        score(PAIRS, [pair[0] for pair in PAIRS][:29])
    wrong = [pair[0] for pair in PAIRS]
    wrong[0] = next(lang for lang in LANGUAGES if lang not in PAIRS[0])
    with pytest.raises(ScoringError, match="item 1 offers"):
        score(PAIRS, wrong)
