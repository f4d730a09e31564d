"""Large variables coerced in a worker process with a GIL of its own (issue 9 §2).

A thread of ours at nice 19 that holds the GIL is rarely given a core when the machine
is busy, and the event loop's thread then waits for the GIL behind it far beyond the
switch interval (py-spy under bench_abuse.py: 130-290 ms at a time, bench/README.md).
The worker process builds the schema once and returns only plain coerced values;
anything else (a refusal, an error) is left to LargeVariablesOffLoop's thread, so the
answers are the very same. Not imported by the schema itself: schema.app wires it."""

from __future__ import annotations

import functools
from typing import Any

from graphql import OperationDefinitionNode, parse
from graphql.execution.values import VariableValues

from domain.ports import CpuWork
from infra.settings import Settings
from schema.bad_input import _operation, check_and_coerce
from schema.root import build_schema


@functools.cache
def child_schema() -> Any:
    # The types alone matter here: no settings are read from the environment.
    return build_schema(Settings.model_construct())._schema


@functools.lru_cache(maxsize=16)
def _child_operation(query: str, operation_name: str | None) -> OperationDefinitionNode | None:
    return _operation(parse(query), operation_name)


def coerced_in_child(
    query: str, operation_name: str | None, variables: dict[str, Any]
) -> dict[str, Any] | None:
    """In a worker process (its own schema, built once): check_and_coerce's coerced
    values when there is no refusal and no error, else None: the caller then does the
    work on its thread, for the very same errors (only plain values travel back)."""
    try:
        operation = _child_operation(query, operation_name)
        if operation is None:
            return None
        errors, coerced = check_and_coerce(child_schema(), operation, variables)
    except Exception:  # any surprise: the caller's own path decides
        return None
    if errors or not isinstance(coerced, VariableValues):
        return None
    return coerced.coerced


class CoerceInChild:
    """LargeVariablesOffLoop's CoerceElsewhere: coerced_in_child on a process pool."""

    def __init__(self, process: CpuWork) -> None:
        self._process = process

    async def __call__(
        self, query: str, operation_name: str | None, variables: dict[str, Any]
    ) -> dict[str, Any] | None:
        return await self._process.run(coerced_in_child, query, operation_name, variables)
