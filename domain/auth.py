"""Sign-in rules: attempts, lock-out and session tokens (D18)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

LOGIN_MAX_LENGTH = 64  # no administrator's login is longer (the column's width)
MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)


def new_token() -> str:
    """A fresh session token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Tokens are stored only as their SHA-256: a leaked table opens no session."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failure(failed_attempts: int, now: datetime) -> tuple[int, datetime | None]:
    """D18: count a failed attempt; the fifth locks the login for a while."""
    attempts = failed_attempts + 1
    if attempts >= MAX_FAILED_ATTEMPTS:
        return 0, now + LOCK_DURATION
    return attempts, None


@dataclass(frozen=True)
class Session:
    id: int
    admin_id: int
    client_id: int
    login: str
    expires_at: datetime
    revoked: bool = False

    def is_valid(self, now: datetime) -> bool:
        return not self.revoked and self.expires_at > now


@dataclass(frozen=True)
class Actor:
    """The signed-in administrator on whose behalf a use case runs."""

    admin_id: int
    client_id: int
    login: str
    session_id: int | None = None
