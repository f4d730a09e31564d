"""subscribers(search:), the Subscriber node and additionalServices (D14, D16)."""

from __future__ import annotations

import strawberry

from domain.errors import DomainError
from domain.ids import SubscriberId
from domain.subscribers import AdditionalService as DomainService
from domain.subscribers import Subscriber as DomainSubscriber
from schema.context import Info
from schema.errors import RefusedInput
from schema.ids import encode_id
from schema.labels import label_field
from schema.paging import Connection, page_request, to_connection
from schema.types import Node


@strawberry.type(description="D14: an additional service of the operator's catalogue.")
class AdditionalService:
    code: str
    name: str
    allowed_tariffs: list[str]

    @classmethod
    def of(cls, s: DomainService) -> AdditionalService:
        return cls(code=s.code, name=s.name, allowed_tariffs=list(s.allowed_tariffs))


@strawberry.type(description="D16: a subscriber (a phone line) of the client.")
class Subscriber(Node):
    number: str
    name: str
    tariff: str
    tariff_code: str
    status: str

    status_label: str = label_field("subscriber_status", "status")

    services: list[AdditionalService]

    @classmethod
    def of(cls, s: DomainSubscriber) -> Subscriber:
        return cls(
            id=strawberry.ID(encode_id("Subscriber", s.id)),
            number=s.number,
            name=s.name,
            tariff=s.tariff,
            tariff_code=s.tariff_code,
            status=s.status,
            services=[AdditionalService.of(x) for x in s.services],
        )

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> Subscriber | None:
        actor = info.context.require_actor()
        found = await info.context.container.subscribers.subscriber(actor, SubscriberId(pk))
        return cls.of(found) if found else None


@strawberry.type
class SubscribersQuery:
    @strawberry.field(description="D16: subscribers by number or name, ordered by number.")
    async def subscribers(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Subscriber]:
        actor = info.context.require_actor()
        try:
            page = await info.context.container.subscribers.search(
                actor, search, page_request(first, after)
            )
        except DomainError as error:
            raise RefusedInput(error) from error
        return to_connection(page, Subscriber.of)

    @strawberry.field(description="D14: the catalogue, with the tariffs that allow each service.")
    async def additional_services(self, info: Info) -> list[AdditionalService]:
        info.context.require_actor()
        found = await info.context.container.subscribers.catalogue()
        return [AdditionalService.of(s) for s in found]
