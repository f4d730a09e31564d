"""A real SMTP server for tests and benchmarks: aiosmtpd on 127.0.0.1, in a thread.

It keeps every message it accepted (envelope and bytes), can refuse chosen
addresses or the whole message (5xx for good, 4xx for "later"), can go down and
come back on the same port, and can speak STARTTLS, TLS from the first byte and AUTH.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import threading
from collections import Counter
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return parse(self.raw)


@dataclass
class _Handler:
    refuse: dict[str, str] = field(default_factory=dict)  # address → "550 …" / "450 …"
    refuse_data: str | None = None  # "554 …" / "451 …": the whole message refused
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Seconds between keeping a message and answering 250 for it: a slow server, or,
    # past the client's timeout, one whose "accepted" the client never hears.
    answer_delay: float = 0.0

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        answer = self.refuse.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse_data:
            return self.refuse_data
        content = envelope.original_content or b""
        with self.lock:
            self.received.append(
                Received(str(envelope.mail_from), list(envelope.rcpt_tos), bytes(content))
            )
        if self.answer_delay:
            await asyncio.sleep(self.answer_delay)
        return "250 Message accepted for delivery"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 / localhost made by the openssl command."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    if not cert.exists():
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )  # fmt: skip
    return cert, key


class SmtpServer:
    """Start, stop and start again on the same port; everything accepted is kept."""

    def __init__(
        self,
        port: int | None = None,
        *,
        tls: tuple[Path, Path] | None = None,
        implicit_tls: bool = False,
        users: dict[str, str] | None = None,
    ) -> None:
        self.port = port or free_port()
        self.handler = _Handler()
        self._tls = tls
        self._implicit = implicit_tls
        self._users = users
        self._controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def refuse(self, address: str, answer: str = "550 5.1.1 No such user here") -> None:
        self.handler.refuse[address.lower()] = answer

    def url(self, scheme: str = "smtp", query: str = "", userinfo: str = "") -> str:
        at = f"{userinfo}@" if userinfo else ""
        return f"{scheme}://{at}127.0.0.1:{self.port}" + (f"?{query}" if query else "")

    def _context(self) -> ssl.SSLContext | None:
        if self._tls is None:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self._tls[0]), str(self._tls[1]))
        return context

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        users = self._users or {}
        ok = isinstance(data, LoginPassword) and users.get(data.login.decode()) == (
            data.password.decode()
        )
        return AuthResult(success=ok, handled=False)

    def start(self) -> SmtpServer:
        context = self._context()
        kwargs: dict[str, Any] = {"data_size_limit": 64 * 1024 * 1024}
        if context is not None and not self._implicit:
            kwargs["tls_context"] = context
        if self._users is not None:
            kwargs.update(authenticator=self._authenticate, auth_required=True)
        self._controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self.port,
            ssl_context=context if self._implicit else None,
            **kwargs,  # forwarded to aiosmtpd's SMTP
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def count_by_recipient(self) -> Counter[str]:
        return Counter(r for m in self.received for r in m.recipients)

    def count_by_message_id(self) -> Counter[str]:
        return Counter(str(m.message["Message-ID"]) for m in self.received)


class BlackHole:
    """A port that accepts connections and never says a word: a hung mail server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", port))
        self._sock.listen(64)

    def close(self) -> None:
        self._sock.close()
