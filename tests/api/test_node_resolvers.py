"""node(id:): the root maps each id prefix to its node type's own resolve_node (D18)."""

from __future__ import annotations

import pytest
import strawberry
from strawberry.types.base import get_object_definition

from schema.root import NODE_RESOLVERS, NODE_TYPES, node_resolvers
from schema.types import Client, Node


def test_d18_every_node_type_resolves_its_own_ids() -> None:
    names = [get_object_definition(t, strict=True).name for t in NODE_TYPES]
    assert sorted(NODE_RESOLVERS) == sorted(names)
    for node_type, name in zip(NODE_TYPES, names, strict=True):
        assert NODE_RESOLVERS[name] == node_type.resolve_node  # type: ignore[attr-defined]


def test_a_node_type_without_its_own_resolver_is_refused() -> None:
    @strawberry.type
    class Orphan(Node):
        pass

    with pytest.raises(TypeError, match="Orphan"):
        node_resolvers([Orphan])


def test_a_type_that_is_not_a_node_is_refused() -> None:
    with pytest.raises(TypeError, match="Client"):
        node_resolvers([Client])
