"""Quiz screens and results in words, within Discord's limits."""

from __future__ import annotations

from bot.app.content import Messages, content_root
from cogs.lovelanguages.quiz import load_quiz
from cogs.lovelanguages.render import (
    distribution,
    feature_text,
    progress_bar,
    quiz_screen,
    result_embed,
)
from cogs.lovelanguages.scoring import Scores

QUIZ = load_quiz(content_root())
TEXT = feature_text(Messages.from_data_dir(content_root()))


def test_a_screen_shows_progress_both_statements_and_the_stem() -> None:
    screen = quiz_screen(QUIZ, "receive", 4, "family", TEXT, note="Heads up")
    item = QUIZ.items("receive")[4]
    assert screen["title"] == "Part 1 · question 5 of 30"
    assert f"**A** — {item.first.text('family')}" in screen["description"]
    assert f"**B** — {item.second.text('family')}" in screen["description"]
    assert screen["description"].startswith("*Heads up*")
    assert progress_bar(15, 30) == "▰▰▰▰▰▱▱▱▱▱"


def test_results_rank_mark_ties_and_give_numbers_as_text() -> None:
    scores = Scores({"words": 9, "time": 9, "touch": 6, "gifts": 3, "acts": 3})
    embed = result_embed(QUIZ, scores, None, TEXT, title="Yours", image="chart.png")
    assert "tied" in embed["description"]
    ranking = embed["fields"][0]["value"].splitlines()
    assert ranking[0].endswith("— **9** of 12 (tied)") and ranking[2].endswith("— **6** of 12")
    assert [f["name"] for f in embed["fields"][1:]] == [
        QUIZ.languages["words"].label,
        QUIZ.languages["time"].label,
    ]
    assert embed["image"] == {"url": "attachment://chart.png"}
    assert all(len(f["value"]) <= 1024 for f in embed["fields"])


def test_distribution_counts_each_tied_primary_language() -> None:
    counts = distribution(
        [
            Scores({"words": 9, "time": 9, "touch": 6, "gifts": 3, "acts": 3}),
            Scores({"words": 3, "time": 12, "touch": 6, "gifts": 6, "acts": 3}),
        ]
    )
    assert counts == {"words": 1, "time": 2, "touch": 0, "gifts": 0, "acts": 0}


def test_the_summary_names_the_primary_then_the_secondary_languages_in_words() -> None:
    languages = QUIZ.languages
    tied_three = Scores({"words": 8, "time": 8, "touch": 8, "gifts": 3, "acts": 3})
    embed = result_embed(QUIZ, tied_three, None, TEXT, title="Yours")
    words, time, touch = (languages[k].name for k in ("words", "time", "touch"))
    assert embed["description"] == f"Your top languages are tied: **{words}, {time} and {touch}**."
    clear = Scores({"words": 12, "time": 9, "touch": 9, "gifts": 0, "acts": 0})
    summary = result_embed(QUIZ, clear, None, TEXT, title="Yours")["description"]
    assert summary == f"Your primary language is **{words}**, then **{time} and {touch}**."
