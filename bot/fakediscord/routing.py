"""A small router from Discord-style route templates to handlers."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .records import RecordedRequest, UploadedFile

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass
class RequestContext:
    """What a route handler gets."""

    request: web.Request
    method: str
    route: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: list[UploadedFile]
    record: RecordedRequest
    headers: dict[str, str] = field(default_factory=dict)

    def param_id(self, name: str) -> int:
        """A path parameter as a snowflake int (0 when it is not numeric)."""
        value = self.params.get(name, "")
        return int(value) if value.isdigit() else 0

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean query parameter (``true``/``1``)."""
        value = self.query.get(name)
        if value is None:
            return default
        return value.lower() in ("1", "true", "yes")


Handler = Callable[[RequestContext], Awaitable[Any]]


@dataclass
class Route:
    """One route: a method, a template like ``/channels/{channel_id}`` and its handler."""

    method: str
    template: str
    handler: Handler
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        parts = _PLACEHOLDER.split(self.template)
        regex = ""
        for index, part in enumerate(parts):
            regex += f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part)
        self.pattern = re.compile(f"^{regex}$")


class Router:
    """Matches (method, path) to the first route that fits, in registration order."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str, handler: Handler) -> None:
        """Register a handler."""
        self.routes.append(Route(method.upper(), template, handler))

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        """Return (route, params, path_known). ``path_known`` is True when some route fits the
        path with another method (so the answer is 405 rather than 404)."""
        path_known = False
        for route in self.routes:
            found = route.pattern.match(path)
            if found is None:
                continue
            if route.method == method:
                return route, found.groupdict(), True
            path_known = True
        return None, {}, path_known

    def templates(self) -> list[str]:
        """Every known ``METHOD template``."""
        return [f"{r.method} {r.template}" for r in self.routes]
