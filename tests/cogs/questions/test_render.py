"""Posts and answers stay within Discord's limits, and anonymity shows nothing."""

from __future__ import annotations

from cogs.questions.render import (
    EMBED_TOTAL_MAX,
    answer_embed,
    embed_size,
    field_pages,
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


def test_a_long_list_is_split_into_embeds_within_discords_limits() -> None:
    fields = [(f"#channel-{n}-" + "n" * 300, "v" * 2000) for n in range(60)]
    pages = field_pages("Daily-question schedules", fields)
    assert len(pages) > 1 and pages[0]["title"] == "Daily-question schedules"
    assert all("title" not in page for page in pages[1:])
    assert all(embed_size(p) <= EMBED_TOTAL_MAX and len(p["fields"]) <= 25 for p in pages)
    shown = [f for p in pages for f in p["fields"]]
    assert len(shown) == 60
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in shown)
    assert shown[0]["value"].endswith("…")


def test_short_fields_fill_a_page_up_to_25() -> None:
    pages = field_pages("t", [(f"#{n}", "x") for n in range(26)])
    assert [len(p["fields"]) for p in pages] == [25, 1]


def test_the_largest_post_and_answer_stay_within_the_embed_total() -> None:
    post = post_embed(words, number=10**9, text="q" * 200, category="love_languages", depth=3)
    answer = answer_embed(words, author="a" * 300, text="t" * 5000, edited=True)
    assert embed_size(post) <= EMBED_TOTAL_MAX and embed_size(answer) <= EMBED_TOTAL_MAX
