"""The metrics' operation label: callers choose operation names, so the label set is
bounded, and junk names cannot push the front end's own names into "other"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from schema import observe
from schema.persisted import TrustedDocuments, sha256_hex


@pytest.fixture(autouse=True)
def fresh_labels(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(observe, "_seen", set())
    monkeypatch.setattr(observe, "_known", set())
    yield


def test_anonymous_callers_cannot_take_label_places() -> None:
    for i in range(observe.MAX_NAMES + 5):
        assert observe.operation_label(f"Junk{i}", may_add=False) == "other"
    assert observe.operation_label("Invoices", may_add=True) == "Invoices"
    # Once a signed-in caller's operation has a place, every caller's shares it.
    assert observe.operation_label("Invoices", may_add=False) == "Invoices"


def test_signed_in_names_are_bounded() -> None:
    for i in range(observe.MAX_NAMES):
        assert observe.operation_label(f"Name{i}") == f"Name{i}"
    assert observe.operation_label("OneMore") == "other"


def test_the_manifests_names_keep_their_label_whatever_came_before() -> None:
    manifest_text = "query Invoices { me { login } }"
    trusted = TrustedDocuments({sha256_hex(manifest_text): manifest_text})
    observe.reserve_operation_names(trusted.operation_names())
    for i in range(observe.MAX_NAMES):
        observe.operation_label(f"Name{i}")
    assert observe.operation_label("Invoices", may_add=False) == "Invoices"
    assert observe.operation_label("Other", may_add=True) == "other"


def test_unnamed_and_odd_names() -> None:
    assert observe.operation_label(None) == "anonymous"
    assert observe.operation_label("bad name!") == "other"
