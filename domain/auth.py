"""Sign-in rules: throttling of failed attempts and session tokens (D18)."""

from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError, ErrorCode
from domain.ids import AdminId, ClientId, SessionId

LOGIN_MAX_LENGTH = 64  # no administrator's login is longer (the column's width)
SESSION_LIFETIME = timedelta(hours=12)


def new_token() -> str:
    """A fresh session token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Tokens are stored only as their SHA-256: a leaked table opens no session."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- Throttling (D18: "repeated failures slowed down") ----------------------------
#
# No login is ever locked as such: that would let anyone lock any administrator out.
# Failures are counted per source address and per (login, source) pair; past a number
# of free attempts, each further attempt must wait a delay that doubles. The rightful
# user at another address is not slowed at all, and an unknown login is counted exactly
# like a known one, so the answers (and their timing) tell nothing about which exist.


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many attempts are free, and how the delay grows after them."""

    free_attempts: int
    first_delay: timedelta
    max_delay: timedelta
    # A counter whose last attempt is older than this starts again from zero.
    forget_after: timedelta

    def delay_after(self, attempts: int) -> timedelta:
        """The wait before the next attempt once `attempts` attempts have failed."""
        if attempts < self.free_attempts:
            return timedelta(0)
        doublings = min(attempts - self.free_attempts, 32)
        delay: timedelta = min(self.first_delay * (2**doublings), self.max_delay)
        return delay


# One login from one address: five tries, then 30 s, 1 min, 2 min … up to 15 min.
PAIR_POLICY = ThrottlePolicy(5, timedelta(seconds=30), timedelta(minutes=15), timedelta(days=1))
# One address, whatever the logins (password spraying; an office behind one NAT shares
# it, hence more free tries and a shorter memory).
SOURCE_POLICY = ThrottlePolicy(20, timedelta(seconds=30), timedelta(minutes=15), timedelta(hours=1))


@dataclass(frozen=True)
class ThrottleState:
    """The counter of one key as stored; `version` makes every change a compare-and-set."""

    attempts: int
    blocked_until: datetime | None
    last_attempt_at: datetime
    version: int


def blocked_for(state: ThrottleState | None, now: datetime) -> timedelta | None:
    """How long the key must still wait, or None when an attempt may be made now."""
    if state is None or state.blocked_until is None or state.blocked_until <= now:
        return None
    return state.blocked_until - now


def after_attempt(
    state: ThrottleState | None, policy: ThrottlePolicy, now: datetime
) -> ThrottleState:
    """The counter once one more attempt is made (counted before the password is checked,
    so that parallel attempts cannot slip past the limit)."""
    if state is None or now - state.last_attempt_at > policy.forget_after:
        attempts, version = 1, (state.version + 1 if state else 1)
    else:
        attempts, version = state.attempts + 1, state.version + 1
    delay = policy.delay_after(attempts)
    blocked_until = now + delay if delay else None
    if state is not None and state.blocked_until is not None and blocked_until is not None:
        blocked_until = max(blocked_until, state.blocked_until)
    return ThrottleState(attempts, blocked_until, now, version)


def taken_back(
    current: ThrottleState, claimed: ThrottleState, before: ThrottleState | None
) -> ThrottleState:
    """The counter with one attempt counted by `claimed` taken back (it was right, or it was
    refused elsewhere). Only that one: a success forgives no failure, or an attacker with an
    account of his own could wipe his failures between tries."""
    attempts = max(current.attempts - 1, 0)
    if current.version == claimed.version:
        blocked_until = before.blocked_until if before is not None else None
    else:
        blocked_until = current.blocked_until
    return ThrottleState(attempts, blocked_until, current.last_attempt_at, current.version + 1)


def source_key(address: str) -> str:
    """The address an attempt is counted under: IPv4 as is, IPv6 by its /64 (one
    subscriber's network hands out many addresses)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def throttle_keys(login: str, address: str) -> tuple[str, str]:
    """The source key and the (login, source) key. The login is stored only as a digest:
    people type passwords into the login field."""
    source = source_key(address)
    key = f"{login.strip().casefold()}\0{source}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(key).hexdigest()
    return f"source:{source}", f"pair:{digest}"


class TooManyAttempts(DomainError):
    """Sign-in attempts from this address must wait; `retry_after` says how long (s)."""

    def __init__(self, wait: timedelta) -> None:
        self.retry_after = max(1, math.ceil(wait.total_seconds()))
        super().__init__(
            ErrorCode.TOO_MANY_ATTEMPTS,
            "Слишком много неудачных попыток входа. "
            f"Повторите попытку через {russian_duration(self.retry_after)}.",
            "login",
        )


def russian_duration(seconds: int) -> str:
    """«30 секунд», «1 минуту», «15 минут»: a wait in words (accusative, after «через»)."""
    if seconds < 60:
        return f"{seconds} {_plural(seconds, 'секунду', 'секунды', 'секунд')}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} {_plural(minutes, 'минуту', 'минуты', 'минут')}"


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


@dataclass(frozen=True)
class Session:
    id: SessionId
    admin_id: AdminId
    client_id: ClientId
    login: str
    expires_at: datetime
    revoked: bool = False

    def is_valid(self, now: datetime) -> bool:
        return not self.revoked and self.expires_at > now


@dataclass(frozen=True)
class Actor:
    """The signed-in administrator on whose behalf a use case runs."""

    admin_id: AdminId
    client_id: ClientId
    login: str
    session_id: SessionId | None = None
