"""Opaque global ids (Relay): base64 of "Type:pk"."""

from __future__ import annotations

import base64
import binascii
import re

from domain.errors import NotFound
from domain.ids import AccountId, JobId, TicketId

_CANONICAL_PK = re.compile(r"[1-9][0-9]{0,9}", re.ASCII)
MAX_PK = 2**31 - 1  # integer primary keys on PostgreSQL


def encode_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode_any(global_id: str) -> tuple[str, int] | None:
    """(type, pk) of a global id, or None when it is not one of ours.

    One spelling per object: only what encode_id() writes is accepted (ASCII digits,
    no leading zeros, no padding or stray characters), so "Invoice:٥", "Invoice:²"
    and "Invoice:0005" are not Invoice 5.
    """
    if not isinstance(global_id, str) or len(global_id) > 100 or not global_id.isascii():
        return None
    padded = global_id + "=" * (-len(global_id) % 4)
    try:
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    type_name, sep, pk = text.partition(":")
    if not sep or not _CANONICAL_PK.fullmatch(pk) or int(pk) > MAX_PK:
        return None
    if encode_id(type_name, int(pk)) != global_id:
        return None
    return type_name, int(pk)


def decode_id(global_id: str, expected_type: str) -> int | None:
    """The pk of a global id of the expected type; None reads as "not found"."""
    decoded = decode_any(global_id)
    if decoded is None or decoded[0] != expected_type:
        return None
    return decoded[1]


def job_pk(global_id: str, expected_type: str) -> JobId | None:
    """The id of a job of the expected type (DocumentJob, InvoiceEmailRequest…), or None."""
    pk = decode_id(global_id, expected_type)
    return None if pk is None else JobId(pk)


def ticket_pk(global_id: str) -> TicketId | None:
    """The id of a FeedbackTicket, or None (read as "not found")."""
    pk = decode_id(global_id, "FeedbackTicket")
    return None if pk is None else TicketId(pk)


def account_pk(global_id: object) -> AccountId:
    """The pk of a BillingAccount id; anything else (or another type's id) is NOT_FOUND."""
    pk = decode_id(str(global_id), "BillingAccount")
    if pk is None:
        raise NotFound("billingAccountId")
    return AccountId(pk)
