"""A real WebSocket client of graphql-transport-ws against uvicorn on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from infra.bootstrap import Container

PROTOCOL = "graphql-transport-ws"
TIMEOUT = 90.0


@contextlib.asynccontextmanager
async def serving(container: Container) -> AsyncIterator[str]:
    """The app on 127.0.0.1 (a free port) in this event loop; yields its base URL."""
    from schema.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(container, own_lifespan=False),
        lifespan="off",
        log_level="warning",
        ws="websockets-sansio",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)
        sock.close()


class Live:
    """One signed-in graphql-transport-ws connection."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self._ids = 0

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        while True:
            message: dict[str, Any] = json.loads(
                await asyncio.wait_for(self.ws.recv(), timeout=TIMEOUT)
            )
            if message["type"] == "ping":
                await self.send({"type": "pong"})
                continue
            return message

    async def start(self, query: str, variables: dict[str, Any]) -> str:
        self._ids += 1
        op = str(self._ids)
        await self.send(
            {"id": op, "type": "subscribe", "payload": {"query": query, "variables": variables}}
        )
        return op

    async def until_complete(self, op: str) -> tuple[list[dict[str, Any]], list[Any]]:
        """Every `next` payload's data of an operation and its errors, up to `complete`."""
        items: list[dict[str, Any]] = []
        errors: list[Any] = []
        while True:
            message = await self.receive()
            assert message.get("id") == op, message
            if message["type"] == "complete":
                return items, errors
            if message["type"] == "error":
                return items, [*errors, *message["payload"]]
            assert message["type"] == "next", message
            payload = message["payload"]
            errors.extend(payload.get("errors") or [])
            if payload.get("data"):
                items.append(payload["data"])


@contextlib.asynccontextmanager
async def live(base: str, init: dict[str, Any] | None) -> AsyncIterator[Live]:
    """A connection acknowledged after connection_init with this payload."""
    async with connect(f"ws://{base}/graphql", subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        client = Live(ws)
        await client.send({"type": "connection_init", "payload": init or {}})
        ack = await client.receive()
        assert ack["type"] == "connection_ack", ack
        yield client


async def refused(base: str, init: dict[str, Any] | None) -> int | None:
    """The close code the server answers this connection_init with (None: accepted)."""
    async with connect(f"ws://{base}/graphql", subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        message: dict[str, Any] = {"type": "connection_init"}
        if init is not None:
            message["payload"] = init
        await ws.send(json.dumps(message))
        try:
            reply = await asyncio.wait_for(ws.recv(), timeout=TIMEOUT)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        assert json.loads(reply)["type"] == "connection_ack"
        return None
