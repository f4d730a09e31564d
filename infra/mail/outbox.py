"""The default Mailer: each message written as an .eml file (development, demos)."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from email.headerregistry import Address
from pathlib import Path

from domain.mail import MailMessage, RecipientStatus, SendOutcome
from infra.mail.message import build_email

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def eml_name(message: MailMessage) -> str:
    """A stable file name per sending: writing it again replaces it, never doubles it."""
    slug = _UNSAFE.sub("_", message.message_key).strip("_")[:80] or "message"
    return f"{slug}-{message.message_id_local[:12]}.eml"


class OutboxMailer:
    """Accepts every address and writes the message under the outbox folder."""

    def __init__(
        self, folder: Path, sender: Address, now: Callable[[], datetime] | None = None
    ) -> None:
        self._folder = folder
        self._sender = sender
        self._now = now or (lambda: datetime.now(UTC))

    async def send(
        self,
        message: MailMessage,
        envelope: Sequence[str],
        before_data: Callable[[], Awaitable[None]] | None = None,
    ) -> Mapping[str, SendOutcome]:
        data = build_email(message, self._sender, self._now()).as_bytes()
        if before_data is not None:
            await before_data()
        await asyncio.to_thread(self._write, eml_name(message), data)
        return {address: SendOutcome(RecipientStatus.SENT) for address in envelope}

    async def reachable(self) -> bool:
        return True  # a folder of this host

    def _write(self, name: str, data: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self._folder, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, self._folder / name)  # atomic: a reader sees all or nothing
        finally:
            Path(temp).unlink(missing_ok=True)
