"""Breaking changes of schema.graphql against its history (front ends generate types from it).

The baseline is the newest committed version of schema.graphql that differs from the file in
the working tree: HEAD's version while a change is not committed yet, else the version before
the last commit that changed it. A breaking change (graphql-core's find_breaking_changes: a
removed or retyped field, argument or enum value, a new required argument or input field, ...)
fails unless schema-changes.toml accepts it by its description, with a reason.

    uv run python -m tests.schema_history    # what changed against the baseline, and verdicts
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from graphql import build_schema
from graphql.utilities import find_breaking_changes, find_dangerous_changes

ROOT = Path(__file__).resolve().parents[1]
SDL_FILE = "schema.graphql"
ACCEPTED_FILE = "schema-changes.toml"


class HistoryUnavailable(Exception):
    """No git or no history to compare with: skipped on a developer's machine, fatal in CI."""


@dataclass(frozen=True)
class Baseline:
    commit: str
    sdl: str


def breaking_changes(old_sdl: str, new_sdl: str) -> list[str]:
    """The descriptions of the changes that break a client of old_sdl, e.g.
    "Query.client was removed."."""
    return [
        c.description for c in find_breaking_changes(build_schema(old_sdl), build_schema(new_sdl))
    ]


def dangerous_changes(old_sdl: str, new_sdl: str) -> list[str]:
    """Changes that can surprise a client without breaking it (shown, never refused)."""
    return [
        c.description for c in find_dangerous_changes(build_schema(old_sdl), build_schema(new_sdl))
    ]


def load_accepted(path: Path) -> dict[str, str]:
    """schema-changes.toml: [[accepted]] change = "<description>", reason = "<why>"."""
    if not path.exists():
        return {}
    with path.open("rb") as f:
        data = tomllib.load(f)
    accepted: dict[str, str] = {}
    for i, entry in enumerate(data.get("accepted", [])):
        change = str(entry.get("change", "")).strip()
        reason = str(entry.get("reason", "")).strip()
        if not change or not reason:
            raise ValueError(f"{path.name}: accepted[{i}] needs both `change` and `reason`")
        accepted[change] = reason
    return accepted


def undeclared(changes: Iterable[str], accepted: Mapping[str, str]) -> list[str]:
    return [c for c in changes if c not in accepted]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    git = shutil.which("git")
    if git is None:
        raise HistoryUnavailable("git is not installed")
    return subprocess.run(
        [git, "-C", str(root), *args], capture_output=True, text=True, check=False
    )


def baseline(root: Path = ROOT, current: str | None = None) -> Baseline | None:
    """What `current` is held against; None when schema.graphql has no earlier version.

    - not committed yet (differs from HEAD's): HEAD's version;
    - committed: the version before the last commit of the main line (first parents) that
      changed it, so a merge is held against the branch it was merged into.
    """
    if current is None:
        current = (root / SDL_FILE).read_text(encoding="utf-8")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise HistoryUnavailable(f"{root} is not a git checkout ({inside.stderr.strip()})")
    if _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        raise HistoryUnavailable("a shallow clone: the history of schema.graphql is cut off")
    head = _git(root, "show", f"HEAD:./{SDL_FILE}")
    if head.returncode != 0:
        return None  # not committed yet: its first version is no change
    if head.stdout != current:
        return Baseline("HEAD", head.stdout)
    log = _git(root, "log", "-n", "1", "--first-parent", "--format=%H", "--", SDL_FILE)
    last = log.stdout.strip()
    if log.returncode != 0 or not last:
        raise HistoryUnavailable(f"git log found no commit of {SDL_FILE}: {log.stderr.strip()}")
    before = _git(root, "show", f"{last}^1:./{SDL_FILE}")
    if before.returncode != 0:
        return None  # the first commit of schema.graphql (or of the repository)
    return Baseline(f"{last}^1", before.stdout)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def main() -> int:
    current = (ROOT / SDL_FILE).read_text(encoding="utf-8")
    base = baseline(ROOT, current)
    if base is None:
        print("schema.graphql has no earlier version: nothing to compare")
        return 0
    accepted = load_accepted(ROOT / ACCEPTED_FILE)
    print(f"baseline: {SDL_FILE} at {base.commit}")
    for change in breaking_changes(base.sdl, current):
        verdict = "accepted" if change in accepted else "BREAKING"
        print(f"  {verdict}: {change}")
    for change in dangerous_changes(base.sdl, current):
        print(f"  dangerous: {change}")
    missing = undeclared(breaking_changes(base.sdl, current), accepted)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
