"""Every use-case module of domain/use_cases/ has its test module here (issue 10 §4)."""

from __future__ import annotations

from pathlib import Path

import domain.use_cases

HERE = Path(__file__).parent


def test_every_use_case_module_has_a_test_module() -> None:
    modules = {
        p.stem
        for p in Path(domain.use_cases.__file__).parent.glob("*.py")
        if not p.stem.startswith("_")
    }
    tested = {p.stem.removeprefix("test_") for p in HERE.glob("test_*.py")}
    assert len(modules) >= 16
    assert sorted(modules - tested) == []
