"""Ports of payments (D12) and installments (D15)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from domain.ids import ClientId, PaymentId
from domain.installments import Installment
from domain.paging import Page, PageRequest
from domain.payments import Payment, UnconfirmedPayment


class PaymentRepository(Protocol):
    async def list(self, client_id: ClientId, page: PageRequest) -> Page[Payment]: ...

    async def get(self, client_id: ClientId, payment_id: PaymentId) -> Payment | None: ...

    async def find(
        self, client_id: ClientId, document_number: str, paid_on: date
    ) -> Payment | None: ...

    async def add(
        self, client_id: ClientId, payment: UnconfirmedPayment, registered_by: str, at: datetime
    ) -> Payment | None:
        """The new payment; None when the same number and date are already there (D12)."""
        ...


class InstallmentRepository(Protocol):
    async def list(self, client_id: ClientId) -> list[Installment]: ...
