"""The ids of domain/ids.py: distinct types for mypy, plain ints at run time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.accounts import BillingAccount
from domain.auth import Actor
from domain.commands import RenderDocument
from domain.ids import (
    AccountId,
    AdminId,
    ClientId,
    InvoiceId,
    JobId,
    OutboxId,
    SessionId,
    SubscriberId,
)
from domain.list_requests import ServiceState
from domain.renaming import RenameLine
from infra.queue.commands import decode, encode
from tests.fakes import FakeCatalogue, FakeSubscribers


def scoped(client_id: ClientId, account_id: AccountId) -> tuple[int, int]:
    return client_id, account_id


def test_an_account_id_is_no_client_id_for_mypy() -> None:
    # `make lint` runs mypy --strict, which refuses an ignore that is not needed
    # (warn_unused_ignores): each line below fails the lint the day mypy accepts it.
    account, client, job = AccountId(11), ClientId(1), JobId(7)
    assert scoped(account, client) == (11, 1)  # type: ignore[arg-type]
    assert scoped(1, 11) == (1, 11)  # type: ignore[arg-type]
    assert scoped(client, JobId(job)) == (1, 7)  # type: ignore[arg-type]
    Actor(admin_id=1, client_id=account, login="demo")  # type: ignore[arg-type]
    assert scoped(client, account) == (1, 11)


def sent(invoice_id: InvoiceId, subscriber_id: SubscriberId) -> tuple[int, int]:
    return invoice_id, subscriber_id


async def test_an_invoice_id_is_no_subscriber_id_for_mypy() -> None:
    # As above: every ignore is needed, or the lint fails (warn_unused_ignores).
    invoice, subscriber = InvoiceId(5), SubscriberId(101)
    assert sent(invoice, invoice) == (5, 5)  # type: ignore[arg-type]
    assert sent(5, subscriber) == (5, 101)  # type: ignore[arg-type]
    assert sent(invoice, 101) == (5, 101)  # type: ignore[arg-type]
    assert sent(invoice, subscriber) == (5, 101)
    ServiceState(invoice, "T1", has_service=False)  # type: ignore[arg-type]
    RenameLine(0, "+375291111111", "Иванов", invoice)  # type: ignore[arg-type]
    # A port's implementation refuses it too (the fakes satisfy the ports under mypy).
    subscribers = FakeSubscribers(FakeCatalogue())
    assert await subscribers.get(ClientId(1), invoice) is None  # type: ignore[arg-type]
    assert await subscribers.get(ClientId(1), subscriber) is None


def test_the_other_ids_are_apart_as_well_for_mypy() -> None:
    Actor(admin_id=SessionId(3), client_id=ClientId(1), login="demo")  # type: ignore[arg-type]
    Actor(AdminId(1), ClientId(1), "demo", session_id=AdminId(1))  # type: ignore[arg-type]
    RenderDocument(OutboxId(42))  # type: ignore[arg-type]
    Actor(AdminId(1), ClientId(1), "demo", session_id=SessionId(3))


def test_ids_are_plain_ints_at_run_time() -> None:
    account = BillingAccount(AccountId(11), ClientId(1), "100011", Decimal("0"), date(2025, 1, 1))
    assert type(account.id) is int and type(account.client_id) is int
    assert account.id == 11 and account.client_id == 1
    assert str(account.id) == "11"  # so the global ids and the rows read as before
    assert type(InvoiceId(5)) is int and SubscriberId(101) == 101


def test_a_command_carries_its_job_id_on_the_wire_as_an_int() -> None:
    name, fields = encode(RenderDocument(JobId(42)))
    assert (name, fields) == ("render_document", {"job_id": 42})
    assert decode(name, {"job_id": "42"}) == RenderDocument(JobId(42))
