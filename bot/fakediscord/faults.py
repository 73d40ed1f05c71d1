"""Discord-style errors and injected faults."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ERROR_MESSAGES: dict[int, str] = {
    0: "General error",
    10003: "Unknown Channel",
    10004: "Unknown Guild",
    10008: "Unknown Message",
    10013: "Unknown User",
    10015: "Unknown Webhook",
    10062: "Unknown interaction",
    40060: "Interaction has already been acknowledged.",
    50001: "Missing Access",
    50007: "Cannot send messages to this user",
    50013: "Missing Permissions",
    50035: "Invalid Form Body",
}

STATUS_MESSAGES: dict[int, str] = {
    400: "400: Bad Request",
    401: "401: Unauthorized",
    403: "403: Forbidden",
    404: "404: Not Found",
    405: "405: Method Not Allowed",
    429: "You are being rate limited.",
    500: "500: Internal Server Error",
    502: "502: Bad Gateway",
    503: "503: Service Unavailable",
}


class DiscordError(Exception):
    """Raised inside a route handler to answer with a Discord JSON error body."""

    def __init__(
        self, status: int, code: int = 0, message: str | None = None, errors: Any = None
    ) -> None:
        self.status = status
        self.code = code
        self.message = message or ERROR_MESSAGES.get(code) or STATUS_MESSAGES.get(status, "Error")
        self.errors = errors
        super().__init__(f"{status} (code {code}): {self.message}")

    def body(self) -> dict[str, Any]:
        """The JSON error body."""
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors is not None:
            data["errors"] = self.errors
        return data


@dataclass
class FaultRule:
    """An injected failure: the next ``times`` matching requests get ``status``."""

    method: str
    route: str | re.Pattern[str]
    status: int
    code: int | None = None
    retry_after: float | None = None
    times: int = 1
    global_: bool = False
    message: str | None = None
    hits: int = 0

    def matches(self, method: str, route: str | None, path: str) -> bool:
        """Whether this rule applies to a request.

        A string ``route`` must equal the route template; a compiled pattern is searched in
        the template and in the concrete path.
        """
        if self.times <= 0:
            return False
        if self.method not in ("*", method.upper()):
            return False
        if isinstance(self.route, re.Pattern):
            return bool(self.route.search(path) or (route and self.route.search(route)))
        return route == self.route

    def body(self) -> dict[str, Any]:
        """The JSON body for this failure."""
        if self.status == 429:
            return {
                "message": self.message or STATUS_MESSAGES[429],
                "retry_after": self.retry_after if self.retry_after is not None else 1.0,
                "global": self.global_,
                "code": self.code or 0,
            }
        code = self.code or 0
        message = self.message or ERROR_MESSAGES.get(code) if code else self.message
        return {"message": message or STATUS_MESSAGES.get(self.status, "Error"), "code": code}
