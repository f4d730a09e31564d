"""schema.graphql never breaks its clients silently: a breaking change must be declared."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.schema_history import (
    ACCEPTED_FILE,
    ROOT,
    SDL_FILE,
    HistoryUnavailable,
    baseline,
    breaking_changes,
    in_ci,
    load_accepted,
    undeclared,
)

OLD = """
type Query {
  client: Client!
  invoices(first: Int): [String!]!
}

type Client {
  name: String!
  email: String
  status: Status!
}

enum Status { ACTIVE BLOCKED }

input ChangeInput {
  numbers: [String!]!
}

type Mutation {
  change(input: ChangeInput!): Boolean!
}
"""


def test_schema_graphql_has_no_undeclared_breaking_change() -> None:
    current = (ROOT / SDL_FILE).read_text(encoding="utf-8")
    try:
        base = baseline(ROOT, current)
    except HistoryUnavailable as missing:
        if in_ci():
            pytest.fail(f"CI must check schema.graphql against its history: {missing}")
        pytest.skip(f"no history to check schema.graphql against: {missing}")
    if base is None:
        return  # its first version: nothing to break
    accepted = load_accepted(ROOT / ACCEPTED_FILE)
    broken = undeclared(breaking_changes(base.sdl, current), accepted)
    assert not broken, (
        f"schema.graphql breaks its clients against {base.commit}: {broken}. "
        f"Keep the old names (API.md), or declare each change in {ACCEPTED_FILE} with a reason."
    )


def test_a_removed_field_is_breaking() -> None:
    new = OLD.replace("  email: String\n", "")
    assert breaking_changes(OLD, new) == ["Field Client.email was removed."]


def test_a_retyped_field_a_removed_enum_value_and_a_new_required_argument_are_breaking() -> None:
    new = (
        OLD.replace("email: String", "email: Int")
        .replace("ACTIVE BLOCKED", "ACTIVE")
        .replace("invoices(first: Int)", "invoices(first: Int, period: String!)")
    )
    assert sorted(breaking_changes(OLD, new)) == [
        "A required argument Query.invoices(period:) was added.",
        "Enum value Status.BLOCKED was removed.",
        "Field Client.email changed type from String to Int.",
    ]


def test_a_nullable_output_becoming_required_input_is_breaking() -> None:
    new = OLD.replace("  name: String!\n", "  name: String\n").replace(
        "input ChangeInput {\n", "input ChangeInput {\n  reason: String!\n"
    )
    assert sorted(breaking_changes(OLD, new)) == [
        "A required field ChangeInput.reason was added.",
        "Field Client.name changed type from String! to String.",
    ]


def test_additions_and_a_loosened_input_are_not_breaking() -> None:
    # As ChangeSubscriberServicesInput.numbers went from [String!]! to [String!].
    new = (
        OLD.replace("  email: String\n", "  email: String\n  unp: String!\n")
        .replace("ACTIVE BLOCKED", "ACTIVE BLOCKED CLOSED")
        .replace("numbers: [String!]!", "numbers: [String!]\n  file: String")
    )
    assert breaking_changes(OLD, new) == []


def test_a_declared_breaking_change_passes(tmp_path: Path) -> None:
    declared = tmp_path / ACCEPTED_FILE
    declared.write_text(
        '[[accepted]]\nchange = "Field Client.email was removed."\n'
        'reason = "The address moved to Client.contacts."\n',
        encoding="utf-8",
    )
    changes = breaking_changes(OLD, OLD.replace("  email: String\n", "").replace(" BLOCKED", ""))
    assert undeclared(changes, load_accepted(declared)) == [
        "Enum value Status.BLOCKED was removed."
    ]


def test_a_declaration_without_a_reason_is_refused(tmp_path: Path) -> None:
    declared = tmp_path / ACCEPTED_FILE
    declared.write_text('[[accepted]]\nchange = "Field Client.email was removed."\n')
    with pytest.raises(ValueError, match="reason"):
        load_accepted(declared)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_baseline_is_the_version_before_the_last_change(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(tmp_path), *args], check=True, env=env, capture_output=True
        )

    sdl = tmp_path / SDL_FILE

    def commit(text: str, message: str) -> None:
        sdl.write_text(text, encoding="utf-8")
        git("add", SDL_FILE)
        git("commit", "-q", "-m", message)

    git("init", "-q")
    commit("type Query { a: Int }\n", "v1")
    assert baseline(tmp_path) is None  # the first version breaks nothing
    commit("type Query { a: Int b: Int }\n", "v2")
    (tmp_path / "other.txt").write_text("x")
    git("add", "other.txt")
    git("commit", "-q", "-m", "no schema change")
    committed = baseline(tmp_path)
    assert committed is not None and committed.sdl == "type Query { a: Int }\n"
    sdl.write_text("type Query { b: Int }\n", encoding="utf-8")  # not committed yet
    pending = baseline(tmp_path)
    assert pending is not None and pending.sdl == "type Query { a: Int b: Int }\n"
    assert breaking_changes(pending.sdl, sdl.read_text()) == ["Field Query.a was removed."]


def test_without_git_history_the_check_says_why(tmp_path: Path) -> None:
    (tmp_path / SDL_FILE).write_text("type Query { a: Int }\n", encoding="utf-8")
    with pytest.raises(HistoryUnavailable, match="not a git checkout"):
        baseline(tmp_path)
