"""Commands on the wire: the one place they are turned into a name and fields and back.

An outbox row holds a command as `actor` (the command's name) and `payload` (a JSON
object of its fields); a Dramatiq message as `actor_name` and `args=(fields,)`. Rows and
messages written before the commands were typed have exactly this shape
(`render_document`, `{"job_id": 42}`), so they read as `RenderDocument(job_id=42)`;
nothing needs migrating. Unknown keys are left aside (a newer version may add a field
with a default); a missing or ill-typed field or an unknown name is a `BadCommand`.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from domain.commands import COMMANDS, Command

Fields = dict[str, int | str]
C = TypeVar("C", bound=Command)

_BY_NAME: dict[str, type[Command]] = {kind.name: kind for kind in COMMANDS}


def _wire_type(hint: Any) -> type:
    """int for an id (a NewType of int such as JobId, domain/ids.py), else the type."""
    while isinstance(hint, typing.NewType):
        hint = hint.__supertype__
    return typing.cast(type, hint)


def _field_types(kind: type[Command]) -> tuple[tuple[str, type], ...]:
    hints = typing.get_type_hints(kind)
    return tuple((f.name, _wire_type(hints[f.name])) for f in dataclasses.fields(kind))


# Each command's fields and their wire types (int or str: ids and names, nothing nested);
# an id read back is a plain int, which is what a NewType id is at run time.
_FIELDS: dict[type[Any], tuple[tuple[str, type], ...]] = {
    kind: _field_types(kind) for kind in COMMANDS
}


class BadCommand(ValueError):
    """A row or message that is no command this version knows."""


def encode(command: Command) -> tuple[str, Fields]:
    """The command's name and its fields, ready for JSON."""
    return command.name, {f.name: getattr(command, f.name) for f in dataclasses.fields(command)}


def decode(name: str, fields: Mapping[str, Any]) -> Command:
    """The command a row or message names, from its fields."""
    kind = _BY_NAME.get(name)
    if kind is None:
        raise BadCommand(f"unknown command {name!r}")
    return decode_as(kind, fields)


def decode_as(kind: type[C], fields: Mapping[str, Any]) -> C:
    """A command of this type from its fields (a Dramatiq actor knows its type)."""
    if not isinstance(fields, Mapping):
        raise BadCommand(f"{kind.name}: fields are {type(fields).__name__}, not an object")
    values: dict[str, int | str] = {}
    for field_name, field_type in _FIELDS[kind]:
        if field_name not in fields:
            raise BadCommand(f"{kind.name}: no {field_name}")
        values[field_name] = _value(kind.name, field_name, field_type, fields[field_name])
    return kind(**values)  # type: ignore[arg-type]


def _value(command: str, name: str, wanted: type, value: Any) -> int | str:
    if wanted is int:
        # JSON has no int type of its own: 42 and "42" (a hand-written row) are both 42.
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.isascii() and value.isdigit():
            return int(value)
    elif wanted is str and isinstance(value, str):
        return value
    raise BadCommand(f"{command}: {name} is {value!r}, not {wanted.__name__}")
