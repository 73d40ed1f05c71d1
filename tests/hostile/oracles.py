"""What every hostile case must end with, whatever it sent: an answer Discord accepted that
says something, no unexpected-error id, no error logged, nothing Discord would reject,
nobody pinged, and no row half-saved in the database file. A value Discord's own client
could not have sent must moreover be refused privately, with no row added or removed."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app.client import Kindred
from bot.fakediscord import CallbackRecord, FakeDiscord, RecordedRequest
from bot.fakediscord.interactions import (
    CHANNEL_MESSAGE_WITH_SOURCE,
    DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
    InteractionHandle,
)

EPHEMERAL = 64
_EVERYONE = re.compile(r"@(everyone|here)")
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")

# Rows that must never exist once a case has settled: each query names the broken rows.
HALF_SAVED = {
    "an answer saved without its posted message": (
        "SELECT id FROM question_answers WHERE message_id IS NULL OR channel_id IS NULL"
    ),
    "a letter waiting without its payload": (
        "SELECT id FROM deliveries WHERE state IN ('waiting', 'sending') AND payload_sealed IS NULL"
    ),
    "a question posted on demand without its message": (
        "SELECT id FROM question_posts WHERE message_id IS NULL AND occurrence_key IS NULL"
    ),
}


def row_counts(db_path: Path) -> dict[str, int]:
    """How many rows each table holds: a refused case must not change any of them."""
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: int(db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables}  # noqa: S608 - names from sqlite_master


@dataclass(frozen=True)
class CaseMarks:
    """Where each record stood when a case began: only what came after is the case's."""

    requests: int
    errors: int
    invalid: int
    internal: int
    rows: dict[str, int]

    @classmethod
    def now(cls, fake: FakeDiscord, errors: list[logging.LogRecord], db_path: Path) -> CaseMarks:
        return cls(
            len(fake.requests),
            len(errors),
            len(fake.validation_errors),
            len(fake.internal_errors),
            row_counts(db_path),
        )


def pings(body: Any) -> list[str]:
    """Who Discord would notify for a message body (content only: embeds never ping)."""
    if not isinstance(body, dict):
        return []
    if isinstance(body.get("data"), dict):  # an interaction callback carries the message
        return pings(body["data"])
    content = body.get("content")
    if not isinstance(content, str):
        return []
    allowed = body.get("allowed_mentions")
    parse = {"everyone", "users", "roles"} if allowed is None else set(allowed.get("parse", []))
    users = {str(u) for u in (allowed or {}).get("users", [])}
    found = [m.group(0) for m in _EVERYONE.finditer(content) if "everyone" in parse]
    found += [m.group(0) for m in _USER.finditer(content) if "users" in parse or m[1] in users]
    # Only a blanket "roles" counts: a role listed by id (a schedule's ping role) is the
    # bot naming on purpose the role an admin chose to ping.
    found += [m.group(0) for m in _ROLE.finditer(content) if "roles" in parse]
    return found


def _texts(request: RecordedRequest) -> str:
    return json.dumps(request.body, ensure_ascii=False) if request.body is not None else ""


def half_saved(db_path: Path) -> Iterator[str]:
    """Each broken row, named, read from the database file as another process would."""
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        for problem, query in HALF_SAVED.items():
            for row in db.execute(query):
                yield f"{problem}: row {row}"
        for row in db.execute("PRAGMA foreign_key_check"):
            yield f"a row pointing at nothing: {row}"


class Oracles:
    def __init__(
        self,
        fake: FakeDiscord,
        bot: Kindred,
        errors: list[logging.LogRecord],
        db_path: Path,
    ) -> None:
        self.fake = fake
        self.bot = bot
        self.errors = errors
        self.db_path = db_path
        unexpected = bot.messages.get("errors.unexpected", error_id="\x00")
        self.unexpected = unexpected.split("\x00", 1)[0]

    def check(
        self,
        marks: CaseMarks,
        handle: InteractionHandle,
        first: CallbackRecord,
        *,
        refusal: bool = False,
        private: bool = False,
    ) -> None:
        fake = self.fake
        assert first.ok, f"Discord refused the answer: {first.status} {first.code}"
        logged = [
            (r.name, r.getMessage(), r.exc_info[1] if r.exc_info else None)
            for r in self.errors[marks.errors :]
        ]
        assert logged == [], f"errors logged: {logged}"
        assert fake.validation_errors[marks.invalid :] == [], "a body Discord would reject"
        assert fake.internal_errors[marks.internal :] == []
        sent = fake.requests[marks.requests :]
        assert [r for r in sent if r.route is None] == [], "a request to no known route"
        for request in sent:
            assert self.unexpected not in _texts(request), f"an unexpected error: {request}"
            assert pings(request.body) == [], f"a ping: {request} {request.body}"
        if first.type == CHANNEL_MESSAGE_WITH_SOURCE:
            shown = first.data or {}
            assert shown.get("content") or shown.get("embeds"), "an answer that says nothing"
        if refusal or private:
            assert first.type in (
                CHANNEL_MESSAGE_WITH_SOURCE,
                DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
            ), f"expected an answer, not callback type {first.type}"
            assert first.ephemeral, f"the answer must be private: {first.content!r}"
        if refusal:
            changed = {
                t: (n, marks.rows.get(t))
                for t, n in row_counts(self.db_path).items()
                if n != marks.rows.get(t)
            }
            assert changed == {}, f"a refused value changed rows (now, before): {changed}"
        assert list(half_saved(self.db_path)) == []
