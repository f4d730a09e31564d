"""Ports of subscribers and their services (D14, D16)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from domain.ids import ClientId, SubscriberId
from domain.list_requests import (
    ServiceState,
)
from domain.paging import Page, PageRequest
from domain.subscribers import AdditionalService, Subscriber, SubscriberSearch


class SubscriberRepository(Protocol):
    async def search(
        self, client_id: ClientId, search: SubscriberSearch, page: PageRequest
    ) -> Page[Subscriber]: ...

    async def get(self, client_id: ClientId, subscriber_id: SubscriberId) -> Subscriber | None: ...

    async def ids_by_number(
        self, client_id: ClientId, numbers: Sequence[str]
    ) -> Mapping[str, SubscriberId]: ...

    async def names_by_number(
        self, client_id: ClientId, numbers: Sequence[str]
    ) -> Mapping[str, tuple[SubscriberId, str]]:
        """number → (subscriber id, current name)."""
        ...

    async def rename(self, renames: Sequence[tuple[SubscriberId, str]], at: datetime) -> None:
        """Set the names and append them to the name history from `at` (D13)."""
        ...

    async def service_states(
        self, client_id: ClientId, numbers: Sequence[str], service_code: str
    ) -> Mapping[str, ServiceState]: ...

    async def set_service(
        self, subscriber_ids: Sequence[SubscriberId], service_code: str, on: bool
    ) -> None: ...


class ServiceCatalogue(Protocol):
    async def all(self) -> list[AdditionalService]: ...

    async def get(self, code: str) -> AdditionalService | None: ...
