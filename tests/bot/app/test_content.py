"""Every shipped content file matches its schema, with readable errors when it does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app.content import ContentError, Messages, check_all, check_file, content_files, load
from bot.app.settings import DATA_DIR


def test_every_shipped_content_file_is_valid() -> None:
    files = list(content_files(DATA_DIR))
    assert files, "data/ ships content"
    assert check_all(DATA_DIR) == []


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["items"],
    "properties": {"items": {"type": "array", "items": {"type": "string", "maxLength": 5}}},
}


def test_an_invalid_file_names_the_place_and_the_problem(tmp_path: Path) -> None:
    write(tmp_path / "f" / "bank.schema.json", SCHEMA)
    bank = write(tmp_path / "f" / "bank.json", {"items": ["ok", "far too long"]})
    problems = check_file(bank)
    assert [str(p) for p in problems] == [f"{bank}: at $.items[1]: 'far too long' is too long"]
    with pytest.raises(ContentError, match=r"\$\.items\[1\]"):
        load(bank)


def test_a_file_without_a_schema_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path / "f" / "orphan.json", {"items": []})
    problems = check_all(tmp_path)
    assert len(problems) == 1 and "orphan.schema.json: missing" in str(problems[0])


def test_broken_json_is_reported_with_its_line(tmp_path: Path) -> None:
    write(tmp_path / "f" / "bank.schema.json", SCHEMA)
    (tmp_path / "f" / "bank.json").write_text('{\n "items": [,]\n}', encoding="utf-8")
    problems = check_all(tmp_path)
    assert len(problems) == 1 and "not valid JSON (line 2" in str(problems[0])


def test_messages_format_and_refuse_unknown_or_incomplete_templates() -> None:
    messages = Messages.from_data_dir(DATA_DIR)
    assert "abc123" in messages.get("errors.unexpected", error_id="abc123")
    with pytest.raises(KeyError, match="no message template"):
        messages.get("errors.nope")
    with pytest.raises(KeyError, match="needs"):
        messages.get("errors.cooldown")
    with pytest.raises(KeyError, match="group"):
        messages.get("errors")
