"""The ids of domain/ids.py: distinct types for mypy, plain ints at run time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.accounts import BillingAccount
from domain.auth import Actor
from domain.commands import RenderDocument
from domain.ids import AccountId, ClientId, JobId
from infra.queue.commands import decode, encode


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


def test_ids_are_plain_ints_at_run_time() -> None:
    account = BillingAccount(AccountId(11), ClientId(1), "100011", Decimal("0"), date(2025, 1, 1))
    assert type(account.id) is int and type(account.client_id) is int
    assert account.id == 11 and account.client_id == 1
    assert str(account.id) == "11"  # so the global ids and the rows read as before


def test_a_command_carries_its_job_id_on_the_wire_as_an_int() -> None:
    name, fields = encode(RenderDocument(JobId(42)))
    assert (name, fields) == ("render_document", {"job_id": 42})
    assert decode(name, {"job_id": "42"}) == RenderDocument(JobId(42))
