"""The feature's messages as shipped, and the schema that keeps a rewording safe."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bot.app.content import content_root
from cogs.lovelanguages.actions import Part
from cogs.lovelanguages.kinds import KINDS

FOLDER = content_root() / "lovelanguages"
MESSAGES: dict[str, Any] = json.loads((FOLDER / "messages.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(
    json.loads((FOLDER / "messages.schema.json").read_text(encoding="utf-8"))
)


def errors(document: dict[str, Any]) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def test_the_shipped_messages_match_their_schema() -> None:
    assert errors(MESSAGES) == []


@pytest.mark.parametrize(
    ("where", "wording"),
    [
        (("intro",), "Here we go: {count} quick choices."),  # loses {relationship}
        (("intro",), "{count} choices for a {relationship}, {name}."),  # a value never given
        (("no_quiz",), "No quiz for {member}."),  # takes no value at all
        (("buttons", "report_note"), "R" * 81),  # longer than a button label may be
        (("screen", "title"), "Part {part} · question {number} of {total}" + "." * 256),
    ],
)
def test_a_rewording_that_would_break_a_message_is_refused(
    where: tuple[str, ...], wording: str
) -> None:
    changed = copy.deepcopy(MESSAGES)
    node = changed
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = wording
    assert errors(changed) != []


def test_a_message_missing_or_unknown_is_refused() -> None:
    missing = copy.deepcopy(MESSAGES)
    del missing["buttons"]["back"]
    unknown = copy.deepcopy(MESSAGES)
    unknown["kinds"]["hug"] = "hugs"
    assert errors(missing) != [] and errors(unknown) != []


def flattened(node: dict[str, Any], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for key, value in node.items():
        path = f"{prefix}{key}"
        keys |= flattened(value, f"{path}.") if isinstance(value, dict) else {path}
    return keys


def literals_in_the_feature() -> tuple[set[str], set[str]]:
    """Every string literal of the feature's code, and those handed to a ``text(...)`` call."""
    feature = Path(__file__).resolve().parents[3] / "cogs" / "lovelanguages"
    strings: set[str] = set()
    asked: set[str] = set()
    for path in feature.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            if (
                isinstance(node, ast.Call)
                and (getattr(node.func, "attr", None) or getattr(node.func, "id", None)) == "text"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                asked.add(str(node.args[0].value))
    return strings, asked


def test_every_message_the_code_asks_for_is_shipped_and_every_shipped_one_is_used() -> None:
    shipped = flattened(MESSAGES)
    strings, asked = literals_in_the_feature()
    assert asked, "the feature asks for its words through text(...)"
    assert asked - shipped == set()
    # Keys built at run time: one label per consent kind, one stem per part of the quiz.
    built = {f"kinds.{kind}" for kind in KINDS} | {f"screen.stem_{part}" for part in Part}
    assert shipped - strings - built == set(), "shipped but never shown"
