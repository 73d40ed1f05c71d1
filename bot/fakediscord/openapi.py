"""Validate request bodies against Discord's own OpenAPI description (``discord_openapi/``).

``load_validator()`` returns ``validate(method, route_template, body)``: it maps the route
template (any ``{placeholder}`` names) to the spec's path, finds the operation's JSON request
schema and validates ``body`` with JSON Schema 2020-12, raising :class:`OpenApiValidationError`
with the JSON path and reason of the most relevant failure.

The spec is a public preview and says Discord's documentation wins where they differ, so two
documented limits it leaves out are applied on top of it:

* message ``content`` is at most 2000 characters (the preview spec allows 4000 on channel
  messages);
* a message without the IS_COMPONENTS_V2 flag (``1 << 15``) has at most 5 top-level
  components, each an action row (the spec allows 40 of any kind).

And ``SnowflakeType`` is widened to "numeric string or non-negative integer" (see README).
"""

from __future__ import annotations

import copy
import functools
import json
import re
import threading
from collections.abc import Callable, Iterable
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

_SPEC_URI = "urn:discord:openapi"
_PLACEHOLDER = re.compile(r"\{[^}/]*\}")

#: Discord accepts snowflakes as numeric strings or non-negative integers (discord.py sends ints).
WIDE_SNOWFLAKE: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
        {"type": "integer", "minimum": 0},
    ]
}


#: schemas whose ``content`` limit is loosened in the preview spec (documented: 2000).
_CONTENT_2000 = (
    "BaseCreateMessageCreateRequest",
    "MessageCreateRequest",
    "MessageEditRequestPartial",
)
IS_COMPONENTS_V2 = 1 << 15
ACTION_ROW = 1

#: (method, normalised path) of operations whose body is a message; callbacks carry it in "data"
_MESSAGE_BODIES = {
    ("post", "/channels/{}/messages"),
    ("patch", "/channels/{}/messages/{}"),
    ("post", "/webhooks/{}/{}"),
    ("patch", "/webhooks/{}/{}/messages/@original"),
    ("patch", "/webhooks/{}/{}/messages/{}"),
}
_CALLBACK = ("post", "/interactions/{}/{}/callback")
_MESSAGE_CALLBACK_TYPES = (4, 7)


class OpenApiValidationError(ValueError):
    """A request body that Discord's schema rejects."""


def documented_limits(message: Any, where: str = "$") -> list[str]:
    """Reasons a message body breaks documented component limits the spec leaves out (the
    2000-character content limit is patched into the schemas instead)."""
    if not isinstance(message, dict):
        return []
    problems: list[str] = []
    flags = message.get("flags")
    v2 = isinstance(flags, int) and bool(flags & IS_COMPONENTS_V2)
    components = message.get("components")
    if isinstance(components, list) and not v2:
        if len(components) > 5:
            problems.append(
                f"{where}.components: {len(components)} action rows is more than 5 "
                "(without the IS_COMPONENTS_V2 flag)"
            )
        for index, row in enumerate(components):
            if isinstance(row, dict) and row.get("type") != ACTION_ROW:
                problems.append(
                    f"{where}.components[{index}]: top-level component of type "
                    f"{row.get('type')} needs the IS_COMPONENTS_V2 flag"
                )
    return problems


def normalise(path: str) -> str:
    """``/channels/{channel_id}/messages`` -> ``/channels/{}/messages``."""
    return _PLACEHOLDER.sub("{}", path.rstrip("/") or "/")


def _rebase_refs(node: Any) -> Any:
    """Point local ``#/...`` refs of a schema fragment at the whole spec document."""
    if isinstance(node, dict):
        out = {k: _rebase_refs(v) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            out["$ref"] = _SPEC_URI + ref
        return out
    if isinstance(node, list):
        return [_rebase_refs(v) for v in node]
    return node


def _branch_errors(error: ValidationError) -> dict[int, list[ValidationError]]:
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or []:
        index = sub.relative_schema_path[0] if sub.relative_schema_path else 0
        branches.setdefault(int(index), []).append(sub)
    return branches


def _discriminator_failed(errors: Iterable[ValidationError], depth: int) -> bool:
    """Whether a union branch fails on a ``type`` field right below the union."""
    for err in errors:
        path = list(err.absolute_path)
        if len(path) == depth + 1 and path[-1] == "type" and err.validator in ("const", "enum"):
            return True
    return False


def _explain(error: ValidationError) -> ValidationError:
    """Descend into anyOf/oneOf failures to the most useful leaf error."""
    while error.context:
        depth = len(list(error.absolute_path))
        branches = _branch_errors(error)
        candidates = [errs for errs in branches.values() if not _discriminator_failed(errs, depth)]
        if not candidates:
            candidates = list(branches.values())
        # prefer the branch that got furthest into the instance, then the one with fewest errors
        best_branch = max(
            candidates,
            key=lambda errs: (max(len(list(e.absolute_path)) for e in errs), -len(errs)),
        )
        error = max(best_branch, key=lambda e: len(list(e.absolute_path)))
    return error


def describe(error: ValidationError) -> str:
    """``$.components[0].components: [...] is too long`` style text."""
    leaf = _explain(error)
    message = leaf.message
    limits = ("maxLength", "minLength", "maxItems", "minItems")
    if leaf.validator in limits and hasattr(leaf.instance, "__len__"):
        message = f"length {len(leaf.instance)} breaks {leaf.validator} {leaf.validator_value}"
    if len(message) > 300:
        message = message[:297] + "..."
    return f"{leaf.json_path}: {message}"


class OpenApiValidator:
    """Callable validator over one spec file; per-operation validators are built lazily."""

    def __init__(self, spec: Traversable) -> None:
        self.spec = spec
        self._lock = threading.Lock()
        self._doc: dict[str, Any] | None = None
        self._registry: Registry[Any] | None = None
        self._paths: dict[str, str] = {}
        self._validators: dict[tuple[str, str], jsonschema.protocols.Validator | None] = {}

    def _load(self) -> dict[str, Any]:
        with self._lock:
            if self._doc is None:
                doc = json.loads(self.spec.read_text(encoding="utf-8"))
                schemas = doc["components"]["schemas"]
                schemas["SnowflakeType"] = WIDE_SNOWFLAKE
                for name in _CONTENT_2000:
                    schemas[name]["properties"]["content"]["maxLength"] = 2000
                self._registry = Registry().with_resource(
                    _SPEC_URI, DRAFT202012.create_resource(doc)
                )
                self._paths = {normalise(p): p for p in doc["paths"]}
                self._doc = doc
            return self._doc

    def spec_path_for(self, route: str) -> str:
        """The spec's ``paths`` key for a route template (KeyError if none)."""
        self._load()
        key = normalise(route)
        if key not in self._paths:
            raise KeyError(f"route {route!r} is not in Discord's OpenAPI spec")
        return self._paths[key]

    def validator_for(self, method: str, route: str) -> jsonschema.protocols.Validator | None:
        """The cached validator of an operation's JSON request body (None if it takes none)."""
        cache_key = (method.lower(), normalise(route))
        if cache_key in self._validators:
            return self._validators[cache_key]
        doc = self._load()
        operation = doc["paths"][self.spec_path_for(route)].get(method.lower())
        if operation is None:
            raise KeyError(f"{method.upper()} {route} is not an operation in Discord's spec")
        content = (operation.get("requestBody") or {}).get("content") or {}
        schema = (content.get("application/json") or {}).get("schema")
        validator = None
        if schema is not None:
            validator = jsonschema.Draft202012Validator(
                _rebase_refs(copy.deepcopy(schema)), registry=self._registry
            )
        self._validators[cache_key] = validator
        return validator

    def __call__(self, method: str, route: str, body: Any) -> None:
        validator = self.validator_for(method, route)
        if validator is None:
            if body not in (None, {}, b"", ""):
                raise OpenApiValidationError(
                    f"{method.upper()} {route} takes no request body but got one"
                )
            return
        reasons = sorted({describe(e) for e in validator.iter_errors(body)})
        key = (method.lower(), normalise(route))
        if key in _MESSAGE_BODIES:
            reasons += documented_limits(body)
        elif (
            key == _CALLBACK
            and isinstance(body, dict)
            and body.get("type") in _MESSAGE_CALLBACK_TYPES
        ):
            reasons += documented_limits(body.get("data"), "$.data")
        if not reasons:
            return
        more = f" (+{len(reasons) - 3} more)" if len(reasons) > 3 else ""
        raise OpenApiValidationError(f"{method.upper()} {route}: " + "; ".join(reasons[:3]) + more)


@functools.cache
def load_validator() -> Callable[[str, str, Any], None]:
    """A validator ``(method, route_template, body) -> None`` over Discord's OpenAPI spec.

    One per process: the spec is large, and what it compiles is kept for the next fake.
    """
    return OpenApiValidator(files("bot.fakediscord") / "discord_openapi" / "openapi.json")
