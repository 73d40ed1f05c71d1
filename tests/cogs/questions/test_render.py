"""Posts and answers stay within Discord's limits, and anonymity shows nothing."""

from __future__ import annotations

from cogs.questions.render import (
    EMBED_TOTAL_MAX,
    answer_embed,
    embed_size,
    post_embed,
    thread_name,
    validate_label,
)
from tests.cogs.questions.wording import text as words


def test_a_post_shows_number_question_category_and_depth() -> None:
    embed = post_embed(words, number=12, text="What?", category="love_languages", depth=2)
    assert embed["title"] == "Question #12"
    assert embed["fields"] == [
        {"name": "Category", "value": "Love languages", "inline": True},
        {"name": "Depth", "value": "2 · personal", "inline": True},
    ]
    assert embed["footer"]["text"].startswith("Answer below (with your name or anonymously)")


def test_thread_names_fit_in_100_characters() -> None:
    assert thread_name(3, "Short?") == "#3 · Short?"
    long = thread_name(300, "x" * 200)
    assert len(long) == 100 and long.endswith("…")


def test_an_anonymous_answer_carries_no_author() -> None:
    assert answer_embed(words, author=None, text="hi")["author"] == {"name": "Anonymous"}
    assert answer_embed(words, author="ana", text="hi", edited=True)["footer"] == {"text": "edited"}
    assert len(answer_embed(words, author="a" * 300, text="t" * 5000)["description"]) == 4096


def test_the_validation_label_counts() -> None:
    assert validate_label(words, 0) == "That makes sense"
    assert validate_label(words, 4) == "That makes sense · 4"


def test_the_largest_post_and_answer_stay_within_the_embed_total() -> None:
    post = post_embed(words, number=10**9, text="q" * 200, category="love_languages", depth=3)
    answer = answer_embed(words, author="a" * 300, text="t" * 5000, edited=True)
    assert embed_size(post) <= EMBED_TOTAL_MAX and embed_size(answer) <= EMBED_TOTAL_MAX
