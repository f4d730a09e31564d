"""Issue 9's hostile values for the Subscription root too: the enumeration of
test_hostile_inputs.py covers Query and Mutation only. Every subscription field's id,
given each hostile or non-canonical value, ends with NOT_FOUND or BAD_USER_INPUT and a
Russian message, never an internal error, and the connection stays usable."""

from __future__ import annotations

import json
import re

from graphql import GraphQLObjectType, get_named_type

from infra.bootstrap import Container
from schema.errors import MASKED_MESSAGE
from tests.api.live_helpers import live, serving
from tests.api.test_audit_d18_enumerated import OPERATIONS
from tests.api.test_documents import first_account, order
from tests.api.test_hostile_inputs import BATTERY, GENERATED, NOT_CANONICAL_IDS
from tests.db_fixtures import Api

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
VALUES = [*BATTERY["ID"], *GENERATED["ID"], *NOT_CANONICAL_IDS, "", "x" * 5000]


async def test_bad_input_every_subscription_id_refuses_hostile_values(
    container: Container, demo: Api
) -> None:
    subscriptions = [(n, f) for r, n, f, _ in OPERATIONS if r == "Subscription"]
    assert len(subscriptions) >= 5
    problems = []
    sent = 0
    async with serving(container) as base, live(base, {"token": demo.token}) as ws:
        for name, field in subscriptions:
            target = get_named_type(field.type)
            assert isinstance(target, GraphQLObjectType)
            query = f"subscription($v: ID!) {{ {name}(id: $v) {{ id }} }}"
            for value in VALUES:
                items, errors = await ws.until_complete(await ws.start(query, {"v": value}))
                sent += 1
                text = json.dumps(errors, ensure_ascii=False)
                codes = [(e.get("extensions") or {}).get("code") for e in errors]
                if items or MASKED_MESSAGE in text or not errors:
                    problems.append(f"{name}({value!r}): {items} {text[:200]}")
                elif not set(codes) <= {"NOT_FOUND", "BAD_USER_INPUT"}:
                    problems.append(f"{name}({value!r}): {codes}")
                elif not all(CYRILLIC.search(e["message"]) for e in errors):
                    problems.append(f"{name}({value!r}): not Russian: {text[:200]}")
            for literal in ("true", "1.5", "{a: 1}", "[1]", "null"):
                query = f"subscription {{ {name}(id: {literal}) {{ id }} }}"
                items, errors = await ws.until_complete(await ws.start(query, {}))
                sent += 1
                codes = [(e.get("extensions") or {}).get("code") for e in errors]
                if items or not errors or MASKED_MESSAGE in json.dumps(errors, ensure_ascii=False):
                    problems.append(f"{name}(literal {literal}): {items} {errors}")
                elif not set(codes) <= {"NOT_FOUND", "BAD_USER_INPUT", None}:
                    problems.append(f"{name}(literal {literal}): {codes}")
        # Still usable after all of that: demo's own job answers.
        account = await first_account(demo)
        job = (await order(demo, account["id"], "2026-10", "PDF"))["job"]
        await ws.start("subscription($v: ID!) { documentJob(id: $v) { id } }", {"v": job["id"]})
        first = await ws.receive()
        assert first["type"] == "next", first
        assert first["payload"]["data"]["documentJob"]["id"] == job["id"]
    assert sent >= 5 * len(VALUES)
    assert not problems, "\n".join(problems[:30])
