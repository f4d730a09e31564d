"""Typed per-request context: the container, the signed-in administrator, DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection
from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from domain.accounts import BillingAccount
from domain.auth import Actor
from domain.delivery import DeliverySettings
from domain.ids import InvoiceId
from domain.invoices import Invoice
from domain.mail import InvoiceEmail
from infra.bootstrap import Container
from schema.errors import Unauthenticated


@dataclass
class Loaders:
    """Per-request batching: N accounts cost one query per kind, not N."""

    # Keyed by the accounts read for this actor: the owner is checked without a query.
    delivery: DataLoader[BillingAccount, DeliverySettings]
    latest_invoices: DataLoader[tuple[BillingAccount, int], list[Invoice]]
    downloadable_periods: DataLoader[BillingAccount, list[str]]
    deliveries: DataLoader[tuple[InvoiceId, int], list[InvoiceEmail]]  # by (invoice id, newest N)


def make_loaders(container: Container, actor: Actor | None) -> Loaders:
    # Keys are account objects already read for this actor (D18: the use case checks
    # their owner in memory), so every one is found.
    async def load_delivery(accounts: Sequence[BillingAccount]) -> list[DeliverySettings]:
        assert actor is not None
        found = await container.accounts.delivery_in_force(actor, accounts)
        return [found[a.id] for a in accounts]

    async def load_latest(keys: Sequence[tuple[BillingAccount, int]]) -> list[list[Invoice]]:
        assert actor is not None
        count = max(k[1] for k in keys)
        found = await container.accounts.latest_invoices(actor, [k[0] for k in keys], count)
        return [found.get(a.id, [])[:n] for a, n in keys]

    async def load_periods(accounts: Sequence[BillingAccount]) -> list[list[str]]:
        assert actor is not None
        found = await container.accounts.downloadable_periods(actor, accounts)
        return [found[a.id] for a in accounts]

    async def load_deliveries(keys: Sequence[tuple[InvoiceId, int]]) -> list[list[InvoiceEmail]]:
        assert actor is not None
        newest = max(k[1] for k in keys)
        ids = list(dict.fromkeys(k[0] for k in keys))
        found = await container.delivery.emails.deliveries(actor, ids, newest)
        return [found.get(i, [])[:n] for i, n in keys]

    return Loaders(
        delivery=DataLoader(load_fn=load_delivery),
        latest_invoices=DataLoader(load_fn=load_latest),
        downloadable_periods=DataLoader(load_fn=load_periods),
        deliveries=DataLoader(load_fn=load_deliveries),
    )


@dataclass
class Context:
    container: Container
    request: HTTPConnection | None  # a Request, or the WebSocket of a subscription
    actor: Actor | None
    loaders: Loaders
    # The caller's address (schema/client_address.py): sign-in attempts are counted by it.
    source: str = "unknown"
    # The payload of a WebSocket's connection_init (Strawberry sets it): the token.
    connection_params: dict[str, Any] = field(default_factory=dict)
    # The bearer token a WebSocket signed in with: a subscription checks it again at each
    # change, so that signing out ends it.
    token: str | None = None

    def require_actor(self) -> Actor:
        """The signed-in administrator, or a top-level UNAUTHENTICATED error."""
        if self.actor is None:
            raise Unauthenticated()
        return self.actor


Info = StrawberryInfo[Context, None]
