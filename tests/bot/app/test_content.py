"""Every shipped content file matches its schema, with readable errors when it does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app.content import (
    ContentError,
    Messages,
    check_all,
    check_file,
    content_files,
    content_root,
    load,
)


def test_the_content_is_found_as_a_package_wherever_kindred_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert (content_root() / "core" / "messages.json").is_file()
    assert not Path(str(content_root())).is_relative_to(tmp_path)


def test_every_shipped_content_file_is_valid() -> None:
    files = list(content_files(content_root()))
    assert files, "data/ ships content"
    assert check_all(content_root()) == []


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
    problems = check_file(tmp_path / "f", "bank.json")
    assert [str(p) for p in problems] == [f"{bank}: at $.items[1]: 'far too long' is too long"]
    with pytest.raises(ContentError, match=r"\$\.items\[1\]"):
        load(tmp_path / "f", "bank.json")


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
    messages = Messages.from_data_dir(content_root())
    assert "abc123" in messages.get("errors.unexpected", error_id="abc123")
    with pytest.raises(KeyError, match="no message template"):
        messages.get("errors.nope")
    with pytest.raises(KeyError, match="needs"):
        messages.get("errors.cooldown")
    with pytest.raises(KeyError, match="group"):
        messages.get("errors")


def test_a_schema_without_its_file_means_the_file_went_missing(tmp_path: Path) -> None:
    write(tmp_path / "f" / "bank.schema.json", SCHEMA)
    write(tmp_path / "g" / "tips.schema.json", SCHEMA)
    write(tmp_path / "g" / "tips.json", {"items": []})
    assert [str(p) for p in check_all(tmp_path)] == [f"{tmp_path / 'f' / 'bank.json'}: missing"]
    with pytest.raises(ContentError, match=r"bank\.json: missing"):
        load(tmp_path / "f", "bank.json")


@pytest.mark.parametrize("where", ["empty", "absent"])
def test_no_content_at_all_is_a_problem_not_a_pass(tmp_path: Path, where: str) -> None:
    root = tmp_path / "content"
    if where == "empty":
        (root / "core").mkdir(parents=True)
    problems = check_all(root)
    assert [str(p) for p in problems] == [f"{root}: no content files here: reinstall Kindred"]


def test_a_feature_may_not_take_the_name_of_a_core_message_group(tmp_path: Path) -> None:
    anything = {"type": "object"}
    write(tmp_path / "core" / "messages.schema.json", anything)
    write(tmp_path / "core" / "messages.json", {"errors": {"oops": "Oops."}})
    write(tmp_path / "feature" / "messages.schema.json", anything)
    write(tmp_path / "feature" / "messages.json", {"hello": "Hello."})
    assert Messages.from_data_dir(tmp_path).get("feature.hello") == "Hello."
    write(tmp_path / "errors" / "messages.schema.json", anything)
    write(tmp_path / "errors" / "messages.json", {"x": "y"})
    with pytest.raises(ContentError, match="'errors' is taken by the core messages"):
        Messages.from_data_dir(tmp_path)
