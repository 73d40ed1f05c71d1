"""The review's shipped content: prompts in the product's order within Discord's form limits,
a Help me phrase it text that follows its own pattern, and messages that are warm, blame-free
and keep their placeholders."""

from __future__ import annotations

import copy
import json
import re
import string
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bot.app.content import Messages, check_file, content_root
from cogs.reviews.prompts import FORMS, PROMPT_IDS, load_prompts

FOLDER = content_root() / "reviews"
PROMPTS = load_prompts(content_root())


def document(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    return loaded


def schema_errors(name: str, doc: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(document(name.replace(".json", ".schema.json")))
    return [error.message for error in validator.iter_errors(doc)]


MESSAGES = document("messages.json")
# Words that point a finger or shame: a review that lapses is "not this time", never a failure.
BLAME = re.compile(
    r"\b(fail\w*|forgot|forget|ignor\w*|neglect\w*|should have|missed|late again|lazy|"
    r"disappoint\w*|fault|blame\w*|again\?|never answered|didn't bother)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("name", ["prompts.json", "messages.json"])
def test_every_shipped_file_matches_its_schema(name: str) -> None:
    assert check_file(FOLDER, name) == []


def test_the_prompts_come_in_the_products_order_with_one_to_five_appreciations() -> None:
    assert tuple(p.id for p in PROMPTS.prompts) == PROMPT_IDS
    appreciations = PROMPTS.get("appreciations")
    assert (appreciations.min_items, appreciations.max_items) == (1, 5)
    assert "I felt … when … I'd love …" in PROMPTS.get("to_work_on").asks
    assert PROMPTS.get("cared_for").asks == "What could I do to make you feel cared for this week?"


def test_each_form_fits_in_one_discord_form() -> None:
    for name, ids in FORMS.items():
        boxes = sum(PROMPTS.get(i).max_items for i in ids)
        assert boxes <= 5, name  # a form holds at most five top-level components
        assert 1 <= len(PROMPTS.form_titles[name]) <= 45
        assert all(p.form == name for p in PROMPTS.form(name))
    for prompt in PROMPTS.prompts:
        assert len(prompt.label) <= 45
        assert len(prompt.placeholder) <= 100
        assert prompt.max_length <= 1000  # one answer fits an embed field (1024)


def test_a_whole_revealed_set_of_answers_fits_one_embed() -> None:
    total = sum(p.max_items * p.max_length for p in PROMPTS.prompts)
    names = sum(len(MESSAGES[f"field_{p.id}"]) for p in PROMPTS.prompts)
    assert total + names + 256 <= 6000  # the embed's 6000-character budget, title included


def test_the_phrase_help_examples_follow_the_pattern_they_teach() -> None:
    from cogs.reviews.answers import missing_parts

    assert PROMPTS.phrase_help.examples
    for example in PROMPTS.phrase_help.examples:
        assert missing_parts(example) == ()
    assert PROMPTS.get("to_work_on").placeholder
    assert missing_parts(PROMPTS.get("to_work_on").placeholder) == ()


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_is_warm_and_blames_nobody(key: str) -> None:
    assert not BLAME.search(MESSAGES[key]), MESSAGES[key]


def test_no_wording_blames_or_shames() -> None:
    texts = [PROMPTS.phrase_help.why, *PROMPTS.phrase_help.examples]
    texts += [p.asks for p in PROMPTS.prompts]
    assert [t for t in texts if BLAME.search(t)] == []
    assert BLAME.search("you forgot to answer again?")  # the check itself bites


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_formats_through_the_bots_messages(key: str) -> None:
    messages = Messages.from_data_dir(content_root())
    fields = {n for _, n, _, _ in string.Formatter().parse(MESSAGES[key]) if n}
    shown = messages.get(f"reviews.{key}", **{f: f"<{f}>" for f in fields})
    assert "{" not in shown
    assert all(f"<{f}>" in shown for f in fields)


@pytest.mark.parametrize(
    ("key", "wording"),
    [
        (
            "reminder",
            "A gentle nudge: your review is still open until {closes}.",
        ),  # loses {partner}
        ("declined", "{partner} said no to {inviter}."),  # a value never given
        ("button_accept", "Y" * 81),  # longer than a button label may be
        ("saved_part", "Saved, <@123>."),  # a mention typed into the template
    ],
)
def test_a_rewording_that_would_break_a_message_is_refused(key: str, wording: str) -> None:
    changed = copy.deepcopy(MESSAGES)
    changed[key] = wording
    assert schema_errors("messages.json", changed) != []


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("prompts", 0, "max_items"), 6),  # more appreciations than a form holds
        (("prompts", 1, "id"), "to_work_on"),  # out of the product's order
        (("prompts", 2, "label"), "L" * 46),  # longer than a form label may be
        (("prompts", 3, "placeholder"), "P" * 101),
        (("prompts", 3, "max_length"), 4000),  # too long for an embed field
        (("phrase_help", "examples", 0), "Just be nicer to me."),  # not the taught pattern
        (("modal_titles", "reflections"), "T" * 46),
    ],
)
def test_a_prompt_change_that_breaks_a_rule_is_refused(where: tuple[Any, ...], value: Any) -> None:
    changed = copy.deepcopy(document("prompts.json"))
    node: Any = changed
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    assert schema_errors("prompts.json", changed) != []
