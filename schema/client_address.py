"""The caller's address: the TCP peer, or what trusted reverse proxies say it was."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.requests import Request

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "unknown"


def trusted_networks(items: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in items)


def client_address(request: Request, trusted: Sequence[IPNetwork]) -> str:
    """X-Forwarded-For is believed only from a trusted proxy, and only back to the first
    hop that is not one: everything left of it was written by the client itself."""
    peer = _parse(request.client.host if request.client else None)
    if peer is None:
        return UNKNOWN
    if not _trusted(peer, trusted):
        return str(peer)
    hops = [
        hop.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for hop in header.split(",")
        if hop.strip()
    ]
    address = peer
    for hop in reversed(hops):
        found = _parse(hop)
        if found is None:
            break  # a malformed chain: believe nothing beyond the last good hop
        address = found
        if not _trusted(found, trusted):
            break
    return str(address)


def _trusted(ip: IPAddress, trusted: Sequence[IPNetwork]) -> bool:
    return any(ip.version == net.version and ip in net for net in trusted)


def _parse(text: str | None) -> IPAddress | None:
    if not text or len(text) > 64:
        return None
    candidates = [text]
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:  # 203.0.113.7:51234
        candidates.append(text.split(":", 1)[0])
    for candidate in candidates:
        try:
            ip = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        return ip
    return None
