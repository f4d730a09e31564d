"""Answers are written by orjson, and read back as json.dumps's text would be."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from schema.answers import encode_json

# What an answer holds once graphql-core has serialized it: JSON values, any text
# (Cyrillic, lone surrogates), integers of any size, finite floats (graphql-core refuses
# the others).
SCALARS = st.none() | st.booleans() | st.integers() | st.text()
VALUES = st.recursive(
    SCALARS | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(VALUES)
def test_an_answer_reads_back_as_json_dumps_writes_it(value: object) -> None:
    text = encode_json({"data": value})
    assert isinstance(text, str)  # a WebSocket frame stays a text frame
    assert json.loads(text) == json.loads(json.dumps({"data": value}))


def test_cyrillic_is_written_as_utf8_and_what_orjson_refuses_goes_to_json() -> None:
    assert encode_json({"message": "Счёт не найден"}) == '{"message":"Счёт не найден"}'
    assert encode_json({"n": 2**70}) == '{"n":1180591620717411303424}'
    assert encode_json({"s": "\ud800"}) == '{"s":"\\ud800"}'
