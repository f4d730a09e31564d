"""Invoices through a real SMTP server (aiosmtpd): per-address results, TLS, AUTH (D4, D7, D8)."""

from __future__ import annotations

import asyncio
import base64
import re
from datetime import datetime, timedelta
from email import message_from_bytes
from email.header import decode_header
from email.headerregistry import Address
from email.policy import compat32
from pathlib import Path
from typing import Any

import pytest

from domain.auth import Actor
from domain.errors import DomainError
from domain.ids import AccountId, AdminId, JobId
from domain.mail import MailMessage, MailUnavailable, RecipientStatus
from domain.recipients import RecipientList
from infra.bootstrap import Container
from infra.db import models as m
from infra.mail.smtp import SmtpConfig, SmtpMailer
from tests.smtp_server import BlackHole, SmtpServer, free_port, self_signed

pytestmark = pytest.mark.smtp
D = "beltehnosnab.by"
SENDER = Address("Kabinet", addr_spec="noreply@kabinet.by")


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp.url(query="timeout=5")}


async def demo_actor() -> Actor:
    admin = await m.AdminRow.get(login="demo")
    return Actor(AdminId(admin.id), admin.client_id, "demo")  # type: ignore[attr-defined]


async def email_account(actor: Actor) -> m.BillingAccountRow:
    row = await m.BillingAccountRow.filter(client_id=actor.client_id).order_by("id").first()
    assert row is not None
    return row


async def wait_done(email_id: JobId, seconds: float = 30) -> m.InvoiceEmailRequestRow:
    """The sending ended: DONE (results per address), or FAILED (given up)."""
    for _ in range(int(seconds * 20)):
        row = await m.InvoiceEmailRequestRow.get(id=email_id)
        if row.status in ("DONE", "FAILED"):
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"sending {email_id} is still {row.status}: {row.results}")


async def repeat_to(container: Container, emails: str, fmt: str = "PDF") -> int:
    actor = await demo_actor()
    account = await email_account(actor)
    await container.delivery.settings.change_emails(actor, AccountId(account.id), emails)
    from domain.delivery import InvoiceFormat

    await container.delivery.settings.change_format(
        actor, AccountId(account.id), InvoiceFormat(fmt)
    )
    email = await container.delivery.emails.order_repeat(actor, AccountId(account.id), "2026-10")
    return email.id


def statuses(row: m.InvoiceEmailRequestRow) -> dict[str, str]:
    return {a: r["status"] for a, r in row.results["recipients"].items()}


async def test_d4_mail_arrives_by_smtp_with_its_attachments(
    container: Container, smtp: SmtpServer
) -> None:
    email_id = await repeat_to(container, f"a@{D};b@{D}", "EXCEL_BREAKDOWN")
    row = await wait_done(JobId(email_id))
    assert statuses(row) == {f"a@{D}": "SENT", f"b@{D}": "SENT"}
    [received] = smtp.received
    assert received.recipients == [f"a@{D}", f"b@{D}"]
    assert received.sender == "noreply@kabinet.by"
    message = received.message
    assert [a.addr_spec for a in message["To"].addresses] == [f"a@{D}", f"b@{D}"]
    kinds = [part.get_content_type() for part in message.iter_attachments()]
    assert kinds == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]


async def test_d4_a_server_refusing_one_address_of_three_still_delivers_to_two(
    container: Container, smtp: SmtpServer
) -> None:
    smtp.refuse(f"gone@{D}")
    email_id = await repeat_to(container, f"a@{D};gone@{D};c@{D}")
    row = await wait_done(JobId(email_id))
    assert statuses(row) == {f"a@{D}": "SENT", f"gone@{D}": "REFUSED", f"c@{D}": "SENT"}
    assert "550" in row.results["recipients"][f"gone@{D}"]["detail"]
    [received] = smtp.received
    assert received.recipients == [f"a@{D}", f"c@{D}"]
    # The job again (a duplicate message) mails nobody: every address has its result.
    await container.delivery.emails.send(JobId(email_id))
    assert len(smtp.received) == 1


async def test_d4_a_temporary_refusal_is_retried_for_that_address_only(
    container: Container, smtp: SmtpServer
) -> None:
    smtp.refuse(f"busy@{D}", "450 4.2.1 Mailbox busy, try later")
    email_id = await repeat_to(container, f"a@{D};busy@{D}")
    for _ in range(200):
        row = await m.InvoiceEmailRequestRow.get(id=email_id)
        if row.results["recipients"].get(f"a@{D}"):
            break
        await asyncio.sleep(0.05)
    # busy@ is deferred, and the delivery log says so with the server's answer.
    assert statuses(row) == {f"a@{D}": "SENT", f"busy@{D}": "DEFERRED"}
    assert "450" in row.results["recipients"][f"busy@{D}"]["detail"]
    smtp.handler.refuse.clear()
    row = await wait_done(JobId(email_id))
    assert statuses(row) == {f"a@{D}": "SENT", f"busy@{D}": "SENT"}
    assert smtp.count_by_recipient() == {f"a@{D}": 1, f"busy@{D}": 1}
    assert row.attempts >= 2


async def test_d4_a_refusal_for_good_and_a_deferral_in_one_sending_are_kept_apart(
    container: Container, smtp: SmtpServer
) -> None:
    smtp.refuse(f"gone@{D}")
    smtp.refuse(f"busy@{D}", "450 4.2.1 Mailbox busy, try later")
    email_id = await repeat_to(container, f"a@{D};gone@{D};busy@{D}")
    for _ in range(200):
        row = await m.InvoiceEmailRequestRow.get(id=email_id)
        if row.results["recipients"].get(f"a@{D}"):
            break
        await asyncio.sleep(0.05)
    assert statuses(row) == {f"a@{D}": "SENT", f"gone@{D}": "REFUSED", f"busy@{D}": "DEFERRED"}
    assert row.status != "DONE"  # the deferred address keeps the sending open
    del smtp.handler.refuse[f"busy@{D}"]
    row = await wait_done(JobId(email_id))
    assert statuses(row) == {f"a@{D}": "SENT", f"gone@{D}": "REFUSED", f"busy@{D}": "SENT"}
    assert "550" in row.results["recipients"][f"gone@{D}"]["detail"]
    # The retry's envelope held only the deferred address: the refused one was never
    # tried again, the sent one never mailed twice.
    assert [r.recipients for r in smtp.received] == [[f"a@{D}"], [f"busy@{D}"]]


async def test_d4_smtp_down_then_back_delivers_once(container: Container, smtp: SmtpServer) -> None:
    smtp.stop()
    email_id = await repeat_to(container, f"a@{D}")
    for _ in range(100):
        row = await m.InvoiceEmailRequestRow.get(id=email_id)
        if row.attempts >= 1 and row.status == "QUEUED":
            break
        await asyncio.sleep(0.05)
    # The delivery log shows the deferral and why.
    assert row.status == "QUEUED" and statuses(row) == {f"a@{D}": "DEFERRED"}
    assert "connect" in row.results["recipients"][f"a@{D}"]["detail"]
    smtp.start()
    row = await wait_done(JobId(email_id))
    assert statuses(row) == {f"a@{D}": "SENT"}
    assert smtp.count_by_recipient() == {f"a@{D}": 1}


async def test_d4_after_the_quick_attempts_a_deferral_waits_and_grows_not_fails(
    container: Container, smtp: SmtpServer
) -> None:
    smtp.stop()
    email_id = await repeat_to(container, f"a@{D}")
    # The in-process worker's first (quick) attempt fails and puts the sending back; once
    # it is back (not while a retry holds it), the quick attempts are marked spent.
    for _ in range(200):
        spent = await m.InvoiceEmailRequestRow.filter(
            id=email_id, status="QUEUED", attempts__gte=1
        ).update(attempts=10)
        if spent:
            break
        await asyncio.sleep(0.05)
    assert spent, "the first attempt never ended"
    # The next attempt, this one or the worker's retry (whichever claims it), defers it.
    await container.delivery.emails.send(JobId(email_id))
    for _ in range(200):
        row = await m.InvoiceEmailRequestRow.get(id=email_id)
        if row.status != "QUEUED" and row.status != "RUNNING":
            break
        await asyncio.sleep(0.05)
    assert row.status == "DEFERRED" and statuses(row) == {f"a@{D}": "DEFERRED"}
    first = row.results["retry_at"]
    assert first is not None
    clock: Any = container.clock
    clock.advance(timedelta(minutes=5))
    assert (await container.recovery.recover_once())["invoice_email"] == 1
    await asyncio.sleep(0.3)  # the relay hands it to the in-process worker
    for _ in range(100):
        row = await m.InvoiceEmailRequestRow.get(id=email_id)
        if row.results.get("retry_at") not in (None, first):
            break
        await asyncio.sleep(0.05)
    assert row.status == "DEFERRED" and row.results["deferrals"] == 2
    # 5 minutes, then 10: the delays grow.
    assert datetime.fromisoformat(row.results["retry_at"]) - clock.now() == timedelta(minutes=10)


async def test_d4_gives_up_only_at_the_end_of_the_mail_lifetime_and_says_so(
    container: Container, smtp: SmtpServer
) -> None:
    smtp.stop()
    email_id = await repeat_to(container, f"a@{D}")
    await m.InvoiceEmailRequestRow.filter(id=email_id).update(attempts=10)
    clock: Any = container.clock
    clock.advance(timedelta(days=3))  # the default lifetime is over
    await container.delivery.emails.send(JobId(email_id))
    row = await wait_done(JobId(email_id))
    assert row.status == "FAILED" and statuses(row) == {f"a@{D}": "FAILED"}
    assert "Не доставлено за 3 сут." in row.results["recipients"][f"a@{D}"]["detail"]


async def test_d7_nothing_unvalidated_reaches_a_header(
    container: Container, smtp: SmtpServer
) -> None:
    actor = await demo_actor()
    await m.ClientRow.filter(id=actor.client_id).update(
        name='ООО "Ромашка"\r\nBcc: spy@evil.by\r\nX-Evil: 1'
    )
    email_id = await repeat_to(container, f"a@{D}")
    await wait_done(JobId(email_id))
    [received] = smtp.received
    assert received.recipients == [f"a@{D}"]
    message = received.message
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert "Bcc: spy@evil.by" in str(message["Subject"])  # flattened into the subject text
    with pytest.raises(DomainError):
        RecipientList(("a@x.by\r\nBcc: spy@evil.by",))


def _message(to: str) -> MailMessage:
    return MailMessage(RecipientList.parse(to), "Тема", "Текст", (), "test:1")


async def _send_with(url: str, tmp_tls: Path | None = None) -> dict[str, RecipientStatus]:
    mailer = SmtpMailer(SmtpConfig.from_url(url), SENDER)
    outcomes = await mailer.send(_message(f"x@{D}"), [f"x@{D}"])
    return {a: o.status for a, o in outcomes.items()}


async def test_smtp_starttls_with_login(tmp_path: Path) -> None:
    tls = self_signed(tmp_path)
    server = SmtpServer(tls=tls, users={"kabinet": "p@ss word"}).start()
    try:
        url = server.url(query="starttls=required&verify=no", userinfo="kabinet:p%40ss%20word")
        assert await _send_with(url) == {f"x@{D}": RecipientStatus.SENT}
        with pytest.raises(MailUnavailable):
            await _send_with(
                server.url(query="starttls=required&verify=no", userinfo="kabinet:bad")
            )
        assert len(server.received) == 1
    finally:
        server.stop()


async def test_smtps_implicit_tls(tmp_path: Path) -> None:
    tls = self_signed(tmp_path)
    server = SmtpServer(tls=tls, implicit_tls=True).start()
    try:
        assert await _send_with(server.url("smtps", query="verify=no")) == {
            f"x@{D}": RecipientStatus.SENT
        }
        assert len(server.received) == 1
    finally:
        server.stop()


def test_smtp_url_settings() -> None:
    plain = SmtpConfig.from_url("smtp://mail.example.by")
    assert (plain.port, plain.use_tls, plain.start_tls, plain.username) == (25, False, None, None)
    tls = SmtpConfig.from_url("smtps://u%40x:p%3Aw@mail.example.by")
    assert (tls.port, tls.use_tls, tls.username, tls.password) == (465, True, "u@x", "p:w")
    sub = SmtpConfig.from_url("smtp://mail.example.by:587?starttls=required&timeout=5")
    assert (sub.port, sub.start_tls, sub.timeout) == (587, True, 5.0)
    with pytest.raises(ValueError):
        SmtpConfig.from_url("http://mail.example.by")
    with pytest.raises(ValueError):
        SmtpConfig.from_url("smtp://mail.example.by?starttls=maybe")


async def test_smtp_a_message_refused_for_good_is_refused_for_every_address() -> None:
    server = SmtpServer().start()
    server.handler.refuse_data = "554 5.7.1 Message rejected"
    try:
        mailer = SmtpMailer(SmtpConfig.from_url(server.url(query="timeout=5")), SENDER)
        to = f"x@{D};y@{D}"
        outcomes = await mailer.send(_message(to), to.split(";"))
        assert {a: o.status for a, o in outcomes.items()} == {
            f"x@{D}": RecipientStatus.REFUSED,
            f"y@{D}": RecipientStatus.REFUSED,
        }
        assert all("554" in str(o.detail) for o in outcomes.values())
        assert server.received == []
    finally:
        server.stop()


async def test_smtp_a_message_deferred_by_the_server_is_retried_later() -> None:
    server = SmtpServer().start()
    server.handler.refuse_data = "451 4.3.0 Try again later"
    try:
        with pytest.raises(MailUnavailable, match="451"):
            await _send_with(server.url(query="timeout=5"))
        assert server.received == []
    finally:
        server.stop()


async def test_smtp_a_server_that_is_down_is_retried_later() -> None:
    with pytest.raises(MailUnavailable):
        await _send_with(f"smtp://127.0.0.1:{free_port()}?timeout=5")


async def test_smtp_a_hung_server_times_out_and_is_retried_later() -> None:
    hung = BlackHole(free_port())  # accepts the connection, never greets
    try:
        started = asyncio.get_running_loop().time()
        with pytest.raises(MailUnavailable):
            await _send_with(f"smtp://127.0.0.1:{hung.port}?timeout=1")
        assert asyncio.get_running_loop().time() - started < 10
    finally:
        hung.close()


def strict_reader_subject(raw: bytes) -> str:
    """The subject as RFC 2047 readers show it (Thunderbird, Outlook): the whitespace
    between two adjacent encoded words is dropped, so a space must be inside a word."""
    folded = message_from_bytes(raw, policy=compat32)["Subject"]
    parts = decode_header(str(folded))
    return "".join(b.decode(c or "ascii") if isinstance(b, bytes) else b for b, c in parts)


async def test_d4_subject_reads_right_in_a_mail_reader(
    container: Container, smtp: SmtpServer
) -> None:
    actor = await demo_actor()
    long_name = "ООО «Белтехноснаб Коммуникейшнз и Партнёры», филиал № 2 в г. Минске"
    await m.ClientRow.filter(id=actor.client_id).update(name=long_name)
    email_id = await repeat_to(container, f"a@{D}")
    await wait_done(JobId(email_id))
    [received] = smtp.received
    account = await email_account(actor)
    expected = (
        f"Счёт за услуги связи за октябрь 2026 г., лицевой счёт {account.number}, {long_name}"
    )
    header = received.raw.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in header.split(b"\r\n"))  # folded, RFC 5322
    assert received.message["Subject"] == expected  # a modern parser
    assert strict_reader_subject(received.raw) == expected  # a strict RFC 2047 reader
    for word in re.findall(rb"=\?utf-8\?b\?([^?]*)\?=", header):
        base64.b64decode(word).decode("utf-8")  # no character split between two words


async def test_the_probe_of_recovery_opens_and_closes_a_session_and_sends_nothing() -> None:
    """SmtpMailer.reachable: what recovery asks while sendings wait (issue 14 part 3)."""
    server = SmtpServer().start()
    config = SmtpConfig.from_url(server.url(query="timeout=1"))
    mailer = SmtpMailer(config, SENDER)
    try:
        assert await mailer.reachable()
        assert server.received == []
    finally:
        server.stop()
    assert not await mailer.reachable()  # refused: down
    hung = BlackHole(server.port)  # accepts, never greets: down, within its timeout
    try:
        started = asyncio.get_running_loop().time()
        assert not await mailer.reachable()
        assert asyncio.get_running_loop().time() - started < 5
    finally:
        hung.close()
