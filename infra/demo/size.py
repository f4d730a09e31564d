"""How much demo data `kabinet demo` makes, and what it reports when done."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class DemoSize:
    """How much to generate. accounts_per_client[i] is client i's (the last repeats)."""

    accounts_per_client: tuple[int, ...] = (3, 2)
    subscribers_per_account: int = 12
    calls_per_subscriber_month: int = 5
    extra_clients: int = 0

    def __post_init__(self) -> None:
        if not self.accounts_per_client or min(self.accounts_per_client) < 1:
            raise ValueError("every client needs at least one billing account")
        if self.subscribers_per_account < 1 or self.calls_per_subscriber_month < 0:
            raise ValueError("subscribers per account ≥ 1, calls per month ≥ 0")
        if self.extra_clients < 0:
            raise ValueError("extra_clients ≥ 0")

    @classmethod
    def large(cls) -> DemoSize:
        """10,000 subscribers and about two million calls, for benchmarks."""
        return cls(
            accounts_per_client=(24, 16), subscribers_per_account=250, calls_per_subscriber_month=16
        )

    @property
    def client_count(self) -> int:
        return 2 + self.extra_clients

    def accounts_of(self, client_index: int) -> int:
        return self.accounts_per_client[min(client_index, len(self.accounts_per_client) - 1)]

    @property
    def total_accounts(self) -> int:
        return sum(self.accounts_of(i) for i in range(self.client_count))


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    accounts: int
    subscribers: int
    invoices: int
    calls: int
    skipped: bool = False
    logins: tuple[str, ...] = ("demo", "demo2")

    def __str__(self) -> str:
        counts = (
            f"клиентов {self.clients}, лицевых счетов {self.accounts}, абонентов "
            f"{self.subscribers}, счетов {self.invoices}, звонков {self.calls}"
        )
        logins = ", ".join(f"{login}/{login}" for login in self.logins)
        if self.skipped:
            return f"Демо-данные уже загружены ({counts}); входы: {logins}."
        return f"Демо-данные загружены: {counts}. Входы: {logins}."


def demo_size_from_options(
    large: bool, subscribers: int | None, calls_per_month: int | None
) -> DemoSize:
    """The CLI options of `kabinet demo` → a DemoSize (subscribers is the total)."""
    size = DemoSize.large() if large else DemoSize()
    if subscribers is not None:
        if subscribers < 1:
            raise ValueError("--subscribers must be ≥ 1")
        if subscribers > 400 * size.total_accounts:
            # Many subscribers: more accounts of about 250 each, split 60/40.
            accounts = max(2, math.ceil(subscribers / 250))
            first = max(1, round(accounts * 0.6))
            size = replace(size, accounts_per_client=(first, max(1, accounts - first)))
        per_account = max(1, math.ceil(subscribers / size.total_accounts))
        size = replace(size, subscribers_per_account=per_account)
    if calls_per_month is not None:
        if calls_per_month < 0:
            raise ValueError("--calls-per-month must be ≥ 0")
        size = replace(size, calls_per_subscriber_month=calls_per_month)
    return size
