"""The schema: every feature's Query and Mutation merged, with limits and masking."""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from infra.settings import Settings
from schema.bad_input import RefuseBadInput
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
from schema.features.live import JobsSubscription
from schema.features.payments import Payment, PaymentsMutation, PaymentsQuery
from schema.features.renaming import RenameRequest, RenamingMutation, RenamingQuery
from schema.features.services import ServiceRequest, ServicesMutation, ServicesQuery
from schema.features.subscribers import Subscriber, SubscribersQuery
from schema.scalars import DateScalar, MinskDateTime, MoneyScalar
from schema.surface import IntrospectionForSignedInOnly, without_suggestions
from schema.types import BillingAccount, Invoice

log = logging.getLogger("kabinet.api")

QUERIES: tuple[type, ...] = (
    AuthQuery,
    AccountsQuery,
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
        *production,
        lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        RefuseBadInput,
        lambda: KabinetMaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE),
    ]
