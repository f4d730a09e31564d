"""The SMTP Mailer (aiosmtplib), configured by KABINET_SMTP_URL.

    smtp://host[:port]                 plain SMTP (port 25), STARTTLS when offered
    smtp://host:587?starttls=required  STARTTLS or nothing
    smtp://host?starttls=no            never STARTTLS (a local relay)
    smtps://host[:port]                TLS from the first byte (port 465)
    user:password@                     AUTH after connecting (URL-encoded)
    ?timeout=300                       seconds for the greeting, MAIL, RCPT… (RFC 5321
                                       4.5.3.2: 5 minutes)
    ?data_timeout=600                  seconds for the answer to the end of DATA (RFC
                                       5321: 10 minutes; at least `timeout`)
    ?verify=no                         skip certificate checks (tests)

Answers are sorted per address: 250 → SENT, 5xx → REFUSED (final), 4xx → PENDING
(retry later); a connection that fails or a 4xx for the whole message raises
MailUnavailable so the job is retried. A failure after the message was handed over
(DATA sent, no answer) raises MailAmbiguous: it may have been delivered.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib
from aiosmtplib import SMTPResponse

from domain.mail import MailAmbiguous, MailMessage, MailUnavailable, RecipientStatus, SendOutcome
from infra.mail.message import build_email

# The probe of recovery (reachable): a session opened and closed within this, or down.
PROBE_SECONDS = 5.0
_STARTTLS = {"auto": None, "required": True, "yes": True, "no": False}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    use_tls: bool = False
    start_tls: bool | None = None
    username: str | None = None
    password: str | None = None
    timeout: float = 300.0
    data_timeout: float = 600.0
    validate_certs: bool = True

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("KABINET_SMTP_URL must look like smtp://host:port or smtps://host")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        implicit = parts.scheme == "smtps"
        starttls_text = query.get("starttls", "auto").lower()
        if starttls_text not in _STARTTLS:
            raise ValueError("starttls must be auto, required or no")
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit else 25),
            use_tls=implicit,
            start_tls=False if implicit else _STARTTLS[starttls_text],
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=(timeout := float(query.get("timeout", "300"))),
            data_timeout=max(float(query.get("data_timeout", "600")), timeout),
            validate_certs=query.get("verify", "yes").lower() not in ("no", "0", "false"),
        )


class _HookFailed(Exception):
    """before_data failed: nothing was handed over."""


class _Client(aiosmtplib.SMTP):
    """aiosmtplib's client with a hook just before DATA and the longer DATA timeout."""

    def __init__(
        self,
        *args: Any,
        data_timeout: float,
        before_data: Callable[[], Awaitable[None]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._data_timeout = data_timeout
        self._before_data = before_data
        self.data_started = False

    async def data(self, message: str | bytes, /, **_: Any) -> SMTPResponse:
        # aiosmtplib passes its per-command timeout; the end of DATA gets its own.
        if self._before_data is not None:
            try:
                await self._before_data()
            except Exception as error:
                raise _HookFailed(str(error)) from error
        self.data_started = True
        return await super().data(message, timeout=self._data_timeout)


def _outcome(code: int, text: str) -> SendOutcome:
    detail = f"{code} {text}".strip()[:200]
    if 400 <= code < 500:
        return SendOutcome(RecipientStatus.PENDING, detail)
    return SendOutcome(RecipientStatus.REFUSED, detail)


class SmtpMailer:
    """One SMTP session per message; results per recipient from the RCPT answers."""

    def __init__(
        self,
        config: SmtpConfig,
        sender: Address,
        now: Callable[[], datetime] | None = None,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self._config = config
        self._sender = sender
        self._now = now or (lambda: datetime.now(UTC))
        self._tls_context = tls_context

    def _client(self, before_data: Callable[[], Awaitable[None]] | None) -> _Client:
        c = self._config
        return _Client(
            data_timeout=c.data_timeout,
            before_data=before_data,
            hostname=c.host,
            port=c.port,
            username=c.username,
            password=c.password,
            use_tls=c.use_tls,
            start_tls=c.start_tls,
            timeout=c.timeout,
            validate_certs=c.validate_certs,
            tls_context=self._tls_context,
        )

    async def reachable(self) -> bool:
        """Connect (EHLO, STARTTLS as configured) and QUIT within PROBE_SECONDS."""
        smtp = self._client(None)
        try:
            async with asyncio.timeout(min(PROBE_SECONDS, self._config.timeout)):
                await smtp.connect()
                await smtp.quit()
        except (TimeoutError, aiosmtplib.SMTPException, OSError):
            smtp.close()
            return False
        return True

    async def send(
        self,
        message: MailMessage,
        envelope: Sequence[str],
        before_data: Callable[[], Awaitable[None]] | None = None,
    ) -> Mapping[str, SendOutcome]:
        if not envelope:
            return {}
        mime = build_email(message, self._sender, self._now())
        smtp = self._client(before_data)
        try:
            await smtp.connect()
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as error:
            raise MailUnavailable(f"SMTP connect failed: {error}") from error
        try:
            refused, _ = await smtp.send_message(
                mime, sender=self._sender.addr_spec, recipients=list(envelope)
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            answers = {r.recipient: _outcome(r.code, r.message) for r in error.recipients}
            return {a: answers.get(a, SendOutcome(RecipientStatus.PENDING)) for a in envelope}
        except _HookFailed as error:
            raise MailUnavailable(f"not sent: {error}") from error
        except aiosmtplib.SMTPResponseException as error:
            if 400 <= error.code < 500:
                raise MailUnavailable(f"SMTP {error.code} {error.message}") from error
            # The whole message refused for good (sender or content): every address.
            return {a: _outcome(error.code, error.message) for a in envelope}
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as error:
            if smtp.data_started:
                raise MailAmbiguous(f"SMTP: no answer to the message: {error}") from error
            raise MailUnavailable(f"SMTP failed: {error}") from error
        finally:
            if smtp.is_connected:
                try:
                    await smtp.quit()
                except (TimeoutError, aiosmtplib.SMTPException, OSError):
                    smtp.close()
        return {
            a: _outcome(refused[a].code, refused[a].message)
            if a in refused
            else SendOutcome(RecipientStatus.SENT)
            for a in envelope
        }
