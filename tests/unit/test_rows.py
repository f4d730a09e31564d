"""Plain-row conversions of infra/db/rows.py that the screens use for every row."""

from __future__ import annotations

from infra.db.rows import json_strings


def test_addresses_read_as_a_tuple_and_a_text_seen_before_not_parsed_again() -> None:
    text = '["buh@romashka.by", "dir@romashka.by"]'
    first = json_strings(text)
    assert first == ("buh@romashka.by", "dir@romashka.by")
    assert json_strings(str(text)) is first  # the same text: the same (immutable) tuple
    assert json_strings("[]") == ()
    assert json_strings(["a@b.by"]) == ("a@b.by",)  # a driver that decodes JSON itself
    assert json_strings(None) == ()
    assert json_strings("[" + ", ".join(['"x@y.by"'] * 300) + "]") == ("x@y.by",) * 300
