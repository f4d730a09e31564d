"""Ports of sign-in (D18): administrators, sessions, the throttle, the password hash."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.accounts import Admin
from domain.auth import Session, ThrottleState
from domain.ids import AdminId, SessionId


class PasswordHasher(Protocol):
    """A slow password hash (D18); verify is awaited so that it never holds the event loop."""

    def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool: ...


class AdminRepository(Protocol):
    async def by_login(self, login: str) -> Admin | None: ...

    async def get(self, admin_id: AdminId) -> Admin | None: ...


class LoginThrottleStore(Protocol):
    """Sign-in attempt counters by key, shared by every process (D18)."""

    async def get(self, key: str) -> ThrottleState | None: ...

    async def replace(self, key: str, expected: ThrottleState | None, new: ThrottleState) -> bool:
        """Store `new` if the key still holds `expected` (None: no row); False if another
        attempt changed it first."""
        ...

    async def clear(self, key: str) -> None: ...

    async def forget_before(self, cutoff: datetime, now: datetime) -> int:
        """Delete counters idle since before `cutoff` and no longer blocking at `now`."""
        ...


class SessionRepository(Protocol):
    async def add(self, admin_id: AdminId, token_digest: str, expires_at: datetime) -> Session: ...

    async def by_digest(self, token_digest: str) -> Session | None: ...

    async def revoke(self, session_id: SessionId, at: datetime) -> None: ...
