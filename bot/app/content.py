"""Content shipped in ``data/``: every file has a JSON Schema beside it and is checked.

``data/<feature>/<name>.json`` is validated against ``data/<feature>/<name>.schema.json``.
A file without a schema is itself an error, so nothing shipped goes unchecked. Errors are
reported as one readable line each: the file, where in it, and what is wrong.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_SUFFIX = ".schema.json"


class ContentError(Exception):
    """A shipped data file is missing, unreadable or does not match its schema."""


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: at {self.where}: {self.message}"


def content_files(data_dir: Path) -> Iterator[Path]:
    """Every shipped content file (schemas and the runtime database excluded)."""
    for path in sorted(data_dir.rglob("*.json")):
        if not path.name.endswith(SCHEMA_SUFFIX):
            yield path


def schema_for(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".json") + SCHEMA_SUFFIX)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"{path}: missing") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: unreadable ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ContentError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc


def _where(error_path: Any) -> str:
    where = "$"
    for part in error_path:
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
    return where


def check_file(path: Path) -> list[Problem]:
    """Problems in one content file; an empty list means it is valid."""
    schema_path = schema_for(path)
    try:
        schema = _read_json(schema_path)
        document = _read_json(path)
    except ContentError as exc:
        return [Problem(path, "$", str(exc))]
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    return [
        Problem(path, _where(error.absolute_path), error.message)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def check_all(data_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    for path in content_files(data_dir):
        problems.extend(check_file(path))
    return problems


def load(path: Path) -> Any:
    """Load one content file, refusing it if it does not match its schema."""
    problems = check_file(path)
    if problems:
        raise ContentError("; ".join(str(p) for p in problems[:5]))
    return _read_json(path)


class Messages:
    """User-facing message templates.

    The core's live in ``data/core/messages.json``; a feature's in
    ``data/<feature>/messages.json``, reached under the feature's name
    (``messages.get("boundaries.saved")``). ``messages.get("errors.cooldown", seconds=3)``
    formats one template; an unknown key or a missing placeholder is a bug and raises at
    once.
    """

    def __init__(self, templates: Mapping[str, Any]) -> None:
        self._templates = templates

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> Messages:
        templates = dict(load(data_dir / "core" / "messages.json"))
        for path in sorted(data_dir.glob("*/messages.json")):
            feature = path.parent.name
            if feature == "core":
                continue
            if feature in templates:
                raise ContentError(f"{path}: the name {feature!r} is taken by the core messages")
            templates[feature] = load(path)
        return cls(templates)

    def get(self, key: str, **values: object) -> str:
        node: Any = self._templates
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise KeyError(f"no message template {key!r}")
            node = node[part]
        if not isinstance(node, str):
            raise KeyError(f"{key!r} is a group of templates, not one")
        fields = {name for _, name, _, _ in string.Formatter().parse(node) if name}
        missing = fields - values.keys()
        if missing:
            raise KeyError(f"template {key!r} needs {sorted(missing)}")
        return node.format(**values)
