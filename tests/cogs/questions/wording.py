"""The feature's shipped messages, for tests that check what users read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.app.content import Messages

MESSAGES_FILE = Path(__file__).resolve().parents[3] / "data" / "questions" / "messages.json"
SCHEMA_FILE = MESSAGES_FILE.with_name("messages.schema.json")


def shipped_messages() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(MESSAGES_FILE.read_text(encoding="utf-8"))
    return loaded


_MESSAGES = Messages({"questions": shipped_messages()})


def text(key: str, /, **values: object) -> str:
    """What the cog's ``text`` returns for this key."""
    return _MESSAGES.get(f"questions.{key}", **values)
