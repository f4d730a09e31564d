"""The schema: every feature's Query and Mutation merged, with limits and masking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

from infra.settings import Settings
from schema.errors import MASKED_MESSAGE, should_mask
from schema.features.accounts import AccountsQuery
from schema.features.auth import AuthMutation, AuthQuery
from schema.features.documents import DocumentJob, DocumentsMutation, DocumentsQuery
from schema.scalars import MoneyScalar
from schema.types import BillingAccount, Invoice

QUERIES: tuple[type, ...] = (AuthQuery, AccountsQuery, DocumentsQuery)
MUTATIONS: tuple[type, ...] = (AuthMutation, DocumentsMutation)
NODE_TYPES: list[type] = [BillingAccount, Invoice, DocumentJob]


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or Settings()
    query = merge_types("Query", QUERIES)
    mutation = merge_types("Mutation", MUTATIONS)
    return strawberry.Schema(
        query=query,
        mutation=mutation,
        types=NODE_TYPES,
        scalar_overrides={Decimal: MoneyScalar},
        extensions=_extensions(settings),
    )


def _extensions(settings: Settings) -> list[Any]:
    # Factories, so that each request gets fresh extension instances.
    return [
        lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        lambda: MaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE),
    ]
