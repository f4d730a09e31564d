"""D18: the caller's address, which sign-in throttling counts by, cannot be forged."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from schema.client_address import client_address, trusted_networks

PROXIES = trusted_networks(["10.0.0.0/8", "2001:db8:ffff::1"])


def request(peer: str | None, *forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    scope = {"type": "http", "headers": headers, "client": (peer, 1) if peer else None}
    return Request(scope)


def test_d18_forwarded_for_from_an_untrusted_peer_is_ignored() -> None:
    assert client_address(request("203.0.113.1", "1.2.3.4"), PROXIES) == "203.0.113.1"
    assert client_address(request("203.0.113.1", "1.2.3.4"), ()) == "203.0.113.1"


@pytest.mark.parametrize(
    ("forwarded", "seen"),
    [
        (["198.51.100.7"], "198.51.100.7"),
        (["6.6.6.6, 198.51.100.7"], "198.51.100.7"),  # a prepended, made-up hop
        (["6.6.6.6, 198.51.100.7, 10.0.0.2"], "198.51.100.7"),  # two proxies
        (["6.6.6.6", "198.51.100.7"], "198.51.100.7"),  # the header twice
        (["198.51.100.7:51234"], "198.51.100.7"),
        (["[2001:db8::7]:443"], "2001:db8::7"),
        (["garbage, 198.51.100.7"], "198.51.100.7"),
        (["198.51.100.7, garbage"], "10.1.1.1"),  # a broken chain: only the peer is sure
        ([], "10.1.1.1"),
        (["10.0.0.9"], "10.0.0.9"),  # only proxies: the farthest one
    ],
)
def test_d18_forwarded_for_from_a_trusted_proxy_is_read_back_to_the_first_untrusted_hop(
    forwarded: list[str], seen: str
) -> None:
    assert client_address(request("10.1.1.1", *forwarded), PROXIES) == seen


def test_d18_ipv6_proxies_and_mapped_addresses() -> None:
    assert client_address(request("2001:db8:ffff::1", "203.0.113.8"), PROXIES) == "203.0.113.8"
    assert client_address(request("::ffff:203.0.113.8"), PROXIES) == "203.0.113.8"
    assert client_address(request(None), PROXIES) == "unknown"
