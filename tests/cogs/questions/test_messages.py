"""Every message the feature names is shipped, every shipped message is used, and the schema
keeps translations and edits within Discord's limits and the placeholders the code fills."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from cogs.questions.cog.posting import POST_PERMISSIONS
from tests.cogs.questions.wording import MESSAGES_FILE, SCHEMA_FILE, shipped_messages

FEATURE = Path(__file__).resolve().parents[3] / "cogs" / "questions"


def trees() -> list[ast.AST]:
    return [ast.parse(p.read_text(encoding="utf-8")) for p in sorted(FEATURE.rglob("*.py"))]


def named_keys() -> set[str]:
    """Keys passed as a literal to the cog's ``text`` or a view's ``messages``."""
    keys = set()
    for tree in trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func, first = node.func, node.args[0]
            called = (isinstance(func, ast.Attribute) and func.attr == "text") or (
                isinstance(func, ast.Name) and func.id == "messages"
            )
            if called and isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.add(first.value)
    return keys


def literals_and_prefixes() -> tuple[set[str], set[str]]:
    literals, prefixes = set(), set()
    for tree in trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and isinstance(head.value, str):
                    prefixes.add(head.value)
    return literals, prefixes


def nothing_to_ask_reasons() -> set[str]:
    reasons = set()
    for tree in trees():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "NothingToAsk"
            ):
                reasons |= {
                    c.value
                    for arg in node.args
                    for c in ast.walk(arg)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                }
    return reasons


def test_every_message_the_code_names_is_shipped() -> None:
    shipped, named = set(shipped_messages()), named_keys()
    assert {"passed", "post_title", "review_approve", "bar_button"} <= named, "the scan sees calls"
    assert named - shipped == set()
    built = {f"permission_{name}" for name in POST_PERMISSIONS}
    built |= {f"nothing_{reason}" for reason in nothing_to_ask_reasons()}
    assert len(built) == len(POST_PERMISSIONS) + 3
    assert built - shipped == set()


def test_every_shipped_message_is_used() -> None:
    literals, prefixes = literals_and_prefixes()
    unused = [
        key
        for key in shipped_messages()
        if key not in literals and not any(key.startswith(p) for p in prefixes if p)
    ]
    assert unused == []


def problems(document: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return [e.message for e in Draft202012Validator(schema).iter_errors(document)]


def test_the_shipped_messages_match_their_schema() -> None:
    assert MESSAGES_FILE.is_file()
    assert problems(shipped_messages()) == []


@pytest.mark.parametrize(
    ("key", "value", "why"),
    [
        ("button_pass", "P" * 81, "is too long"),  # Discord's button label limit is 80
        ("modal_edit", "E" * 46, "is too long"),  # a modal title, 45
        ("answer_placeholder", "x" * 101, "is too long"),  # a placeholder, 100
        ("ready_counted", "Noted — {votes} are ready.", "does not match"),  # {needed} dropped
        ("passed", "Passing is fine, {name}.", "does not match"),  # nothing fills {name}
        ("cooldown", "Wait until {when} or {later}.", "does not match"),
        ("removed", "", "should be non-empty"),
    ],
)
def test_the_schema_refuses_a_message_that_would_break(key: str, value: str, why: str) -> None:
    document = copy.deepcopy(shipped_messages())
    document[key] = value
    found = problems(document)
    assert len(found) == 1 and why in found[0], found


def test_the_schema_refuses_a_missing_or_unknown_message() -> None:
    document = copy.deepcopy(shipped_messages())
    del document["button_too_deep"]
    document["button_tooo_deep"] = "Too deep"
    found = problems(document)
    assert any("'button_too_deep' is a required property" in p for p in found), found
    assert any("'button_tooo_deep' was unexpected" in p for p in found), found
