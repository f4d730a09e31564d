"""Finding and opening subscribers; the catalogue of additional services (D14, D16)."""

from __future__ import annotations

from domain.auth import Actor
from domain.ids import SubscriberId
from domain.paging import Page, PageRequest
from domain.ports import ServiceCatalogue, SubscriberRepository
from domain.subscribers import AdditionalService, Subscriber, SubscriberSearch


class SubscriberQueries:
    """D16: search by number or name, paged; another client's subscriber reads as missing."""

    def __init__(self, subscribers: SubscriberRepository, catalogue: ServiceCatalogue) -> None:
        self._subscribers = subscribers
        self._catalogue = catalogue

    async def search(self, actor: Actor, search: str | None, page: PageRequest) -> Page[Subscriber]:
        return await self._subscribers.search(actor.client_id, SubscriberSearch.parse(search), page)

    async def subscriber(self, actor: Actor, subscriber_id: SubscriberId) -> Subscriber | None:
        return await self._subscribers.get(actor.client_id, subscriber_id)

    async def catalogue(self) -> list[AdditionalService]:
        """D14: the operator's additional services, with the tariffs that allow each."""
        return await self._catalogue.all()
