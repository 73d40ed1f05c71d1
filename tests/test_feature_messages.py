"""Every message a feature ships is named somewhere in that feature's code, for every feature
(STYLE.md: every user-facing string lives in data/<feature>/messages.json).

A key nobody names is text that can never be shown: a leftover after a change, or a typo on
one side. The check reads each feature's code for the key as a literal (whole, with the
feature's prefix, or as its last dotted parts) or as the fixed start of an f-string that
builds it, so a new feature is covered with no list to keep.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from tests.test_architecture import ROOT, features

SHORTEST_PREFIX = 3  # an f-string starting with fewer fixed characters names nothing


def leaf_keys(tree: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in tree.items():
        if isinstance(value, Mapping):
            yield from leaf_keys(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def named_in(code: list[ast.AST]) -> tuple[set[str], set[str]]:
    """The string literals of the code, and the fixed starts of its f-strings."""
    literals, prefixes = set(), set()
    for tree in code:
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                fixed = head.value if isinstance(head, ast.Constant) else None
                if isinstance(fixed, str) and len(fixed) >= SHORTEST_PREFIX:
                    prefixes.add(fixed)
    return literals, prefixes


def unnamed_keys(feature: str, messages: Mapping[str, Any], code: list[ast.AST]) -> list[str]:
    literals, prefixes = named_in(code)
    unnamed = []
    for key in leaf_keys(messages):
        parts = key.split(".")
        spellings = {f"{feature}.{key}"} | {".".join(parts[i:]) for i in range(len(parts))}
        if spellings & literals:
            continue
        if any(s.startswith(p) for s in spellings for p in prefixes):
            continue
        unnamed.append(key)
    return unnamed


def shipping_features() -> list[str]:
    return [f for f in features() if (ROOT / "data" / f / "messages.json").is_file()]


@pytest.mark.parametrize("feature", shipping_features())
def test_every_shipped_message_is_named_by_its_feature(feature: str) -> None:
    messages = json.loads((ROOT / "data" / feature / "messages.json").read_text("utf-8"))
    code = [
        ast.parse(path.read_text("utf-8"))
        for path in sorted((ROOT / "cogs" / feature).rglob("*.py"))
    ]
    assert unnamed_keys(feature, messages, code) == []


def test_the_check_finds_a_key_nobody_names() -> None:
    code = [ast.parse('text("shown")\nmessages.get("demo.nested.also")\nf"kind_{x}"')]
    messages = {"shown": "", "nested": {"also": ""}, "kind_laugh": "", "orphan": ""}
    assert unnamed_keys("demo", messages, code) == ["orphan"]
    assert len(shipping_features()) >= 4, "the check must see the features"
