"""Sign-in, sign-out and session check (D18)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import auth
from domain.accounts import Admin
from domain.auth import Actor, ThrottlePolicy, ThrottleState, TooManyAttempts
from domain.errors import DomainError, ErrorCode
from domain.ports import AuditLog, Clock, LoginThrottleStore, PasswordHasher, UnitOfWork

log = logging.getLogger("kabinet.auth")

_BAD_CREDENTIALS = "Неверный логин или пароль."
# A hash of a password nobody has, verified when the login is unknown, so that
# unknown and known logins take the same time and cannot be told apart.
_DUMMY_PASSWORD = "kabinet-no-such-admin"  # noqa: S105
# Compare-and-set rounds before an attempt lost to parallel ones is refused.
_CAS_ROUNDS = 8


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: datetime
    actor: Actor


@dataclass(frozen=True)
class _Claim:
    key: str
    before: ThrottleState | None
    after: ThrottleState


class AuthService:
    """D18: argon2 hashes, hashed expiring tokens, failures slowed down by address."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        hasher: PasswordHasher,
        session_lifetime: timedelta = auth.SESSION_LIFETIME,
        *,
        throttle: LoginThrottleStore,
        audit: AuditLog,
        pair_policy: ThrottlePolicy = auth.PAIR_POLICY,
        source_policy: ThrottlePolicy = auth.SOURCE_POLICY,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._hasher = hasher
        self._lifetime = session_lifetime
        self._throttle = throttle
        self._audit = audit
        self._pair_policy = pair_policy
        self._source_policy = source_policy
        self._dummy_hash = hasher.hash(_DUMMY_PASSWORD)

    async def login(self, login: str, password: str, source: str = "unknown") -> LoginResult:
        """Sign in from `source` (the caller's address). Attempts are counted before the
        password is checked, for known and unknown logins alike."""
        now = self._clock.now()
        name = login.strip()
        source_key, pair_key = auth.throttle_keys(name, source)
        pair = await self._claim(pair_key, self._pair_policy, now)
        try:
            from_source = await self._claim(source_key, self._source_policy, now)
        except TooManyAttempts:
            await self._take_back(pair)
            raise
        # A longer login names no one: answered like any unknown login, without a look-up.
        fits = len(name) <= auth.LOGIN_MAX_LENGTH
        admin = await self._uow.admins.by_login(name) if fits else None
        # Verified whether or not the login exists (against a dummy hash if not): same time.
        password_hash = admin.password_hash if admin is not None else self._dummy_hash
        # The slow hash runs off the event loop, and outside any transaction: on SQLite a
        # transaction holds the one connection, and every other request would wait for it.
        valid = await self._hasher.verify(password_hash, password)
        if admin is None or not valid:
            await self._record_failure(admin, name, source, now)
            raise DomainError(ErrorCode.INVALID_CREDENTIALS, _BAD_CREDENTIALS, "login")
        await self._throttle.clear(pair_key)
        await self._take_back(from_source)
        token = auth.new_token()
        expires_at = now + self._lifetime
        async with self._uow.transaction():
            session = await self._uow.sessions.add(admin.id, auth.token_digest(token), expires_at)
            await self._audit.record(
                admin.client_id, admin.login, "login", None, None, {"source": source}, now
            )
        return LoginResult(
            token=token,
            expires_at=expires_at,
            actor=Actor(admin.id, admin.client_id, admin.login, session.id),
        )

    async def _claim(self, key: str, policy: ThrottlePolicy, now: datetime) -> _Claim:
        """Count one attempt under `key`, or refuse it while the key must wait."""
        for _ in range(_CAS_ROUNDS):
            before = await self._throttle.get(key)
            wait = auth.blocked_for(before, now)
            if wait is not None:
                raise TooManyAttempts(wait)
            after = auth.after_attempt(before, policy, now)
            if await self._throttle.replace(key, before, after):
                return _Claim(key, before, after)
        raise TooManyAttempts(timedelta(seconds=1))  # a storm of parallel attempts

    async def _take_back(self, claim: _Claim) -> None:
        for _ in range(_CAS_ROUNDS):
            current = await self._throttle.get(claim.key)
            if current is None:
                return
            if await self._throttle.replace(
                claim.key, current, auth.taken_back(current, claim.after, claim.before)
            ):
                return

    async def _record_failure(
        self, admin: Admin | None, name: str, source: str, now: datetime
    ) -> None:
        if admin is not None:
            async with self._uow.transaction():
                await self._audit.record(
                    admin.client_id, admin.login, "loginFailed", None, None, {"source": source}, now
                )
        else:
            # No client to file it under; the login only as a digest (it may be a password).
            digest = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:12]
            log.info("sign-in failed: unknown login (sha256 %s…) from %s", digest, source)

    async def authenticate(self, token: str) -> Actor | None:
        """The administrator behind a bearer token, or None if it is unknown, expired or revoked."""
        if not token or len(token) > 256:
            return None
        session = await self._uow.sessions.by_digest(auth.token_digest(token))
        if session is None or not session.is_valid(self._clock.now()):
            return None
        return Actor(session.admin_id, session.client_id, session.login, session.id)

    async def logout(self, actor: Actor, source: str | None = None) -> None:
        if actor.session_id is not None:
            now = self._clock.now()
            after = {"source": source} if source is not None else None
            async with self._uow.transaction():
                await self._uow.sessions.revoke(actor.session_id, now)
                await self._audit.record(
                    actor.client_id, actor.login, "logout", None, None, after, now
                )

    async def maintain(self) -> None:
        """Drop attempt counters that no policy remembers any longer."""
        now = self._clock.now()
        longest = max(self._pair_policy.forget_after, self._source_policy.forget_after)
        await self._throttle.forget_before(now - longest, now)
