"""A minimal asyncio HTTP/1.1 client for the server benches: keep-alive connections in
the bench's own process, so that the load generator costs little of the 2 cores."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from typing import Any


async def request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> bytes:
    """Send one prepared request on a kept-alive connection; the body of its 200 answer."""
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    body = await reader.readexactly(length)
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.decode() + body.decode())
    return body


def post(port: int, body: dict[str, Any], token: str = "", path: str = "/graphql") -> bytes:
    """A JSON POST to 127.0.0.1:`port`, as bytes ready to send."""
    data = json.dumps(body).encode()
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\n{auth}Content-Length: {len(data)}\r\n\r\n"
    ).encode() + data


async def once(port: int, raw: bytes) -> bytes:
    """One request on a connection of its own."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await request(reader, writer, raw)
    finally:
        writer.close()


async def load(port: int, raw: bytes, clients: int, seconds: float) -> dict[str, float]:
    """`clients` connections sending `raw` back to back for `seconds`: req/s, p50, p99 (ms)."""
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    async def one() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < stop:
                started = time.perf_counter()
                body = await request(reader, writer, raw)
                latencies.append(time.perf_counter() - started)
                if b'"errors"' in body:
                    raise RuntimeError(body.decode())
        finally:
            writer.close()

    began = time.monotonic()
    await asyncio.gather(*[one() for _ in range(clients)])
    elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
    }
