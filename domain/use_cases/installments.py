"""Equipment bought in installments (D15)."""

from __future__ import annotations

from domain.auth import Actor
from domain.installments import Installment
from domain.ports import InstallmentRepository


class InstallmentQueries:
    """D15: the client's installments; the figures are computed by domain.installments."""

    def __init__(self, installments: InstallmentRepository) -> None:
        self._installments = installments

    async def list(self, actor: Actor) -> list[Installment]:
        return await self._installments.list(actor.client_id)
