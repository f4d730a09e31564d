"""Opaque global ids (Relay): base64 of "Type:pk"."""

from __future__ import annotations

import base64
import binascii

from domain.errors import NotFound


def encode_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode_any(global_id: str) -> tuple[str, int] | None:
    """(type, pk) of a global id, or None when it is not one of ours."""
    if not isinstance(global_id, str) or len(global_id) > 100:
        return None
    padded = global_id + "=" * (-len(global_id) % 4)
    try:
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    type_name, sep, pk = text.partition(":")
    if not sep or not pk.isdigit() or len(pk) > 18:
        return None
    return type_name, int(pk)


def decode_id(global_id: str, expected_type: str) -> int | None:
    """The pk of a global id of the expected type; None reads as "not found"."""
    decoded = decode_any(global_id)
    if decoded is None or decoded[0] != expected_type:
        return None
    return decoded[1]


def account_pk(global_id: object) -> int:
    """The pk of a BillingAccount id; anything else (or another type's id) is NOT_FOUND."""
    pk = decode_id(str(global_id), "BillingAccount")
    if pk is None:
        raise NotFound("billingAccountId")
    return pk
