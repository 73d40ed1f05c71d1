"""Content shipped with Kindred: every file has a JSON Schema beside it and is checked.

The content lives in the repository's ``data/`` folder and is installed as the package
``kindred_data`` (see ``pyproject.toml``), so it is read with :mod:`importlib.resources`
and found the same way from a checkout, an editable install or a wheel; never through the
working directory or a path guessed from this file.

``<feature>/<name>.json`` is validated against ``<feature>/<name>.schema.json``. A file without
a schema is itself an error, so nothing shipped goes unchecked; a schema without its file means
the file went missing, and so does a root with no content at all. Errors are reported as one
readable line each: the file, where in it, and what is wrong.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from jsonschema import Draft202012Validator

CONTENT_PACKAGE = "kindred_data"
SCHEMA_SUFFIX = ".schema.json"


class ContentError(Exception):
    """A shipped data file is missing, unreadable or does not match its schema."""


def content_root() -> Traversable:
    """Where the shipped content is, wherever and however Kindred is installed."""
    try:
        return files(CONTENT_PACKAGE)
    except ModuleNotFoundError as exc:  # run from a checkout that was never installed
        raise ContentError(
            f"Kindred's content (the package {CONTENT_PACKAGE}) is not installed; "
            "install Kindred with pip (see README.md)"
        ) from exc


@dataclass(frozen=True, slots=True)
class Problem:
    path: Traversable
    where: str | None
    message: str

    def __str__(self) -> str:
        at = f" at {self.where}:" if self.where is not None else ""
        return f"{self.path}:{at} {self.message}"


@dataclass(frozen=True, slots=True)
class ContentFile:
    """One content file and its folder: a Traversable knows no parent, and the schema is a
    sibling."""

    folder: Traversable
    name: str

    @property
    def path(self) -> Traversable:
        return self.folder / self.name

    @property
    def schema(self) -> Traversable:
        return self.folder / (self.name.removesuffix(".json") + SCHEMA_SUFFIX)


def _json_names(folder: Traversable) -> Iterator[tuple[Traversable, list[str]]]:
    """Each folder under ``folder`` (itself included) with the JSON file names in it."""
    entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    yield folder, [e.name for e in entries if e.is_file() and e.name.endswith(".json")]
    for entry in entries:
        if entry.is_dir():
            yield from _json_names(entry)


def content_files(root: Traversable) -> Iterator[ContentFile]:
    """Every shipped content file, schemas excluded."""
    if not root.is_dir():
        return
    for folder, names in _json_names(root):
        for name in names:
            if not name.endswith(SCHEMA_SUFFIX):
                yield ContentFile(folder, name)


def _orphan_schemas(root: Traversable) -> Iterator[ContentFile]:
    """Content files whose schema is shipped but which are not there themselves."""
    if not root.is_dir():
        return
    for folder, names in _json_names(root):
        for name in names:
            if name.endswith(SCHEMA_SUFFIX):
                expected = name.removesuffix(SCHEMA_SUFFIX) + ".json"
                if expected not in names:
                    yield ContentFile(folder, expected)


def _read_json(path: Traversable) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError("missing") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"unreadable ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ContentError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc


def _where(error_path: Any) -> str:
    where = "$"
    for part in error_path:
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
    return where


def _validated(file: ContentFile) -> tuple[Any, list[Problem]]:
    """The document and its problems; with problems, the document must not be used."""
    try:
        schema = _read_json(file.schema)
    except ContentError as exc:
        return None, [Problem(file.schema, None, str(exc))]
    try:
        document = _read_json(file.path)
    except ContentError as exc:
        return None, [Problem(file.path, None, str(exc))]
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return document, [Problem(file.path, _where(e.absolute_path), e.message) for e in errors]


def check_file(folder: Traversable, name: str) -> list[Problem]:
    """Problems in one content file; an empty list means it is valid."""
    return _validated(ContentFile(folder, name))[1]


def check_all(root: Traversable) -> list[Problem]:
    """Every problem in the content under ``root``; none means all of it is there and valid.

    An empty or absent root is a problem, not a pass: an install that lost its data files
    must not look healthy.
    """
    files_found = list(content_files(root))
    if not files_found:
        return [Problem(root, None, "no content files here: reinstall Kindred")]
    problems = [Problem(f.path, None, "missing") for f in _orphan_schemas(root)]
    for file in files_found:
        problems.extend(_validated(file)[1])
    return problems


def load(folder: Traversable, name: str) -> Any:
    """Load one content file, refusing it if it does not match its schema."""
    document, problems = _validated(ContentFile(folder, name))
    if problems:
        raise ContentError("; ".join(str(p) for p in problems[:5]))
    return document


class Messages:
    """User-facing message templates.

    The core's live in ``core/messages.json``; a feature's in ``<feature>/messages.json``,
    reached under the feature's name (``messages.get("boundaries.saved")``).
    ``messages.get("errors.cooldown", seconds=3)`` formats one template; an unknown key or a
    missing placeholder is a bug and raises at once.
    """

    def __init__(self, templates: Mapping[str, Any]) -> None:
        self._templates = templates

    @classmethod
    def from_data_dir(cls, root: Traversable) -> Messages:
        templates = dict(load(root / "core", "messages.json"))
        for folder in sorted(root.iterdir(), key=lambda entry: entry.name):
            feature = folder.name
            if feature == "core" or not (folder / "messages.json").is_file():
                continue
            if feature in templates:
                taken = f"the name {feature!r} is taken by the core messages"
                raise ContentError(f"{folder / 'messages.json'}: {taken}")
            templates[feature] = load(folder, "messages.json")
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
