"""What the fake remembers about the traffic it served."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class UploadedFile:
    """One file part of a multipart request."""

    field_name: str
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    """One HTTP request the fake answered.

    ``path`` is relative to the API base (``/channels/1/messages``); ``route`` is the matched
    template (``/channels/{channel_id}/messages``) or None when no route matched (answered 404).
    ``body`` is the JSON body, or the parsed ``payload_json`` of a multipart request.
    """

    method: str
    path: str
    route: str | None
    query: dict[str, str]
    body: Any
    status: int = 0
    response: Any = None
    error_code: int | None = None
    files: list[UploadedFile] = field(default_factory=list)
    timestamp: float = field(default_factory=time.time)
    monotonic: float = field(default_factory=time.monotonic)
    fault: bool = False

    @property
    def ok(self) -> bool:
        """Whether the status was 2xx."""
        return 200 <= self.status < 300

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


@dataclass
class ValidationFailure:
    """A request body the validator rejected."""

    method: str
    route: str
    body: Any
    message: str

    def __str__(self) -> str:
        return f"{self.method} {self.route}: {self.message}"
