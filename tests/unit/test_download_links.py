"""D3, D18: what a download link opens (the use case behind GET /files/{token})."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from domain.documents import LinkRefusal, LinkRefused
from domain.ids import ClientId
from domain.use_cases.documents import DownloadLinks
from infra.clock import FixedClock
from infra.storage.files import HmacLinkSigner

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
SECRET = "unit-secret"


def _links() -> tuple[HmacLinkSigner, DownloadLinks, FixedClock]:
    signer = HmacLinkSigner(SECRET, "http://127.0.0.1:8000")
    clock = FixedClock(NOW)
    return signer, DownloadLinks(signer, clock), clock


def _refusal(links: DownloadLinks, token: str) -> LinkRefusal:
    with pytest.raises(LinkRefused) as caught:
        links.open(token)
    return caught.value.refusal


def _signed(payload: bytes) -> str:
    """A token over any payload, signed with the real secret (as another version might)."""
    key = hashlib.sha256(("files:" + SECRET).encode()).digest()
    signature = hmac.new(key, payload, hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    return f"{b64(payload)}.{b64(signature)}"


def test_d3_genuine_link_opens_its_file() -> None:
    signer, links, _ = _links()
    token = signer.token("7/42.pdf", ClientId(7), "invoice_1_2026-10.pdf", NOW + timedelta(hours=1))
    claims = links.open(token)
    assert (claims.key, claims.client_id, claims.filename) == (
        "7/42.pdf",
        7,
        "invoice_1_2026-10.pdf",
    )


def test_d3_link_expires_at_its_time() -> None:
    signer, links, clock = _links()
    token = signer.token("7/42.pdf", ClientId(7), "a.pdf", NOW + timedelta(minutes=5))
    assert links.open(token).key == "7/42.pdf"
    clock.advance(timedelta(minutes=5))
    assert _refusal(links, token) is LinkRefusal.EXPIRED


def test_d18_link_to_another_clients_file_is_not_found() -> None:
    signer, links, _ = _links()
    token = signer.token("8/42.pdf", ClientId(7), "a.pdf", NOW + timedelta(hours=1))
    assert _refusal(links, token) is LinkRefusal.NOT_FOUND


@pytest.mark.parametrize(
    "token",
    ["", "abc", "a.b.c", "%%%.%%%", "x" * 3000],
    ids=["empty", "no-dot", "two-dots", "not-base64", "overlong"],
)
def test_d3_malformed_link_is_invalid(token: str) -> None:
    _, links, _ = _links()
    assert _refusal(links, token) is LinkRefusal.INVALID


def test_d3_tampered_link_is_invalid() -> None:
    signer, links, _ = _links()
    token = signer.token("7/42.pdf", ClientId(7), "a.pdf", NOW + timedelta(hours=1))
    payload, signature = token.split(".")
    forged = _signed(b'{"k":"8/1.pdf","c":8,"f":"a.pdf","e":9999999999}').split(".")[0]
    assert _refusal(links, f"{forged}.{signature}") is LinkRefusal.INVALID
    assert _refusal(links, f"{payload}.{signature[:-2]}AA") is LinkRefusal.INVALID


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[]",
        b'{"k":"7/1.pdf"}',
        b'{"k":"7/1.pdf","c":null,"f":"a","e":1}',
        b'{"k":"7/1.pdf","c":7,"f":"a","e":1e300}',
    ],
    ids=["not-json", "list", "missing", "null-client", "huge-expiry"],
)
def test_d3_signed_but_unreadable_link_is_invalid_not_an_error(payload: bytes) -> None:
    _, links, _ = _links()
    assert _refusal(links, _signed(payload)) is LinkRefusal.INVALID
