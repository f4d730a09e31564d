"""The schema: every feature's Query and Mutation merged, with limits and masking."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry.types.base import get_object_definition

from infra.settings import Settings
from schema.bad_input import RefuseBadInput
from schema.context import Info
from schema.errors import (
    MASKED_MESSAGE,
    OUTAGE_LOG,
    KabinetMaskErrors,
    is_expected,
    is_unavailable,
    should_mask,
)
from schema.features.accounts import AccountsQuery
from schema.features.audit import AuditEntry, AuditQuery
from schema.features.auth import AuthMutation, AuthQuery
from schema.features.delivery import DeliveryMutation
from schema.features.documents import DocumentJob, DocumentsMutation, DocumentsQuery
from schema.features.feedback import FeedbackMutation, FeedbackQuery, FeedbackTicket
from schema.features.invoice_email import (
    ChargesReport,
    InvoiceEmailMutation,
    InvoiceEmailQuery,
    InvoiceEmailRequest,
)
from schema.features.payments import Payment, PaymentsMutation, PaymentsQuery
from schema.features.renaming import RenameRequest, RenamingMutation, RenamingQuery
from schema.features.services import ServiceRequest, ServicesMutation, ServicesQuery
from schema.features.subscribers import Subscriber, SubscribersQuery
from schema.ids import decode_any
from schema.limits import QueryLimits
from schema.observe import Observe
from schema.scalars import DateScalar, MinskDateTime, MoneyScalar
from schema.subscriptions import JobsSubscription
from schema.surface import IntrospectionForSignedInOnly, without_suggestions
from schema.types import BillingAccount, Invoice, Node

log = logging.getLogger("kabinet.api")


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; another client's reads as null.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        info.context.require_actor()
        decoded = decode_any(str(id))
        if decoded is None:
            return None
        type_name, pk = decoded
        resolver = NODE_RESOLVERS.get(type_name)  # built below from NODE_TYPES
        return await resolver(info, pk) if resolver else None


QUERIES: tuple[type, ...] = (
    AuthQuery,
    AccountsQuery,
    NodeQuery,  # `node` right after the accounts fields, where it always was in the SDL
    DocumentsQuery,
    PaymentsQuery,
    SubscribersQuery,
    RenamingQuery,
    ServicesQuery,
    FeedbackQuery,
    AuditQuery,
    InvoiceEmailQuery,
)
MUTATIONS: tuple[type, ...] = (
    AuthMutation,
    DocumentsMutation,
    PaymentsMutation,
    RenamingMutation,
    ServicesMutation,
    FeedbackMutation,
    DeliveryMutation,
    InvoiceEmailMutation,
)
SUBSCRIPTIONS: tuple[type, ...] = (JobsSubscription,)
NODE_TYPES: list[type] = [
    BillingAccount,
    Invoice,
    DocumentJob,
    Subscriber,
    Payment,
    RenameRequest,
    ServiceRequest,
    FeedbackTicket,
    AuditEntry,
    InvoiceEmailRequest,
    ChargesReport,
]

NodeResolver = Callable[[Info, int], Awaitable[Node | None]]


def node_resolvers(types: Iterable[type]) -> dict[str, NodeResolver]:
    """`node(id:)`: the id's prefix (the type's GraphQL name) → that type's own resolve_node."""
    resolvers: dict[str, NodeResolver] = {}
    for node_type in types:
        if not issubclass(node_type, Node) or "resolve_node" not in vars(node_type):
            raise TypeError(f"{node_type.__name__} is not a Node with its own resolve_node")
        name = get_object_definition(node_type, strict=True).name
        if name in resolvers:
            raise TypeError(f"two node types are named {name}")
        resolvers[name] = node_type.resolve_node
    return resolvers


NODE_RESOLVERS = node_resolvers(NODE_TYPES)


class KabinetSchema(strawberry.Schema):
    """Logs only what needs a developer: expected refusals and bad queries are not bugs."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_unavailable(error):
                OUTAGE_LOG.note(error.path, error.original_error)
            elif is_expected(error):
                log.info("refused: %s", error.message)
            else:
                super().process_errors([error], execution_context)

    @staticmethod
    def remove_field_suggestion(error: GraphQLError) -> None:
        # Strawberry strips only "Cannot query field" suggestions; every kind is stripped.
        error.message = without_suggestions(error.message)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or Settings()
    query = merge_types("Query", QUERIES)
    mutation = merge_types("Mutation", MUTATIONS)
    subscription = merge_types("Subscription", SUBSCRIPTIONS)
    return KabinetSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=NODE_TYPES,
        scalar_overrides={Decimal: MoneyScalar, date: DateScalar, datetime: MinskDateTime},
        extensions=_extensions(settings),
        # Production: no "Did you mean …?" in any error (see remove_field_suggestion).
        config=StrawberryConfig(disable_field_suggestions=settings.env == "production"),
    )


def _extensions(settings: Settings) -> list[Any]:
    # Factories, so that each request gets fresh extension instances.
    production = [IntrospectionForSignedInOnly] if settings.env == "production" else []
    return [
        Observe,
        *production,
        lambda: QueryLimits(
            settings.max_query_fields, settings.max_query_cost, settings.max_query_tokens
        ),
        lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        RefuseBadInput,
        lambda: KabinetMaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE),
    ]
