"""Argon2id password hashes (D18), verified on a worker thread (argon2 releases the GIL)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from domain.ports import CpuWork, InlineCpuWork


class Argon2PasswordHasher:
    def __init__(self, fast: bool = False, cpu: CpuWork | None = None) -> None:
        # fast=True only for tests and demo seeding: same algorithm, cheaper parameters.
        self._hasher = (
            PasswordHasher(time_cost=1, memory_cost=8, parallelism=1) if fast else PasswordHasher()
        )
        # A login flood must not hold the event loop: each verify costs tens of ms of CPU.
        self._cpu: CpuWork = cpu or InlineCpuWork()

    def hash(self, password: str) -> str:
        return str(self._hasher.hash(password))

    async def verify(self, password_hash: str, password: str) -> bool:
        return await self._cpu.run(self._verify, password_hash, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
