"""The shared topic list: loaded from data/, resolved by id or label, friendly when wrong."""

from __future__ import annotations

import pytest

from bot.app.content import content_root
from bot.privacy.topics import Topics, UnknownTopicError

ISSUE_CATEGORIES = {
    "communication", "gratitude", "memories", "dreams", "values",
    "fun", "love_languages", "feelings", "boundaries",
}  # fmt: skip


@pytest.fixture(scope="module")
def topics() -> Topics:
    return Topics.from_data_dir(content_root())


def test_every_content_category_is_a_topic(topics: Topics) -> None:
    assert {t.id for t in topics} >= ISSUE_CATEGORIES


@pytest.mark.parametrize("text", ["love_languages", "Love languages", "  LOVE   LANGUAGES "])
def test_a_topic_resolves_by_id_or_label_in_any_case(topics: Topics, text: str) -> None:
    assert topics.resolve(text).id == "love_languages"


def test_an_unknown_topic_suggests_the_closest_and_lists_them_all(topics: Topics) -> None:
    with pytest.raises(UnknownTopicError, match=r"Did you mean gratitude\?") as caught:
        topics.resolve("gratitud")
    assert "Communication" in str(caught.value)


def test_choices_match_what_was_typed_and_fit_discord(topics: Topics) -> None:
    assert [t.id for t in topics.choices("fam")] == ["family"]
    assert len(topics.choices("")) == len(list(topics)) <= 25
    assert topics.label("family") == "Family"
    assert topics.label("gone") == "gone"
