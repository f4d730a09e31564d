"""Sign-in, sign-out and session check (D18)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import auth
from domain.auth import Actor
from domain.errors import DomainError, ErrorCode
from domain.ports import Clock, PasswordHasher, UnitOfWork

_BAD_CREDENTIALS = "Неверный логин или пароль."
# A hash of a password nobody has, verified when the login is unknown, so that
# unknown and known logins take the same time and cannot be told apart.
_DUMMY_PASSWORD = "kabinet-no-such-admin"  # noqa: S105


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: datetime
    actor: Actor


class AuthService:
    """D18: argon2 hashes, hashed expiring tokens, lock-out after repeated failures."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        hasher: PasswordHasher,
        session_lifetime: timedelta = auth.SESSION_LIFETIME,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._hasher = hasher
        self._lifetime = session_lifetime
        self._dummy_hash = hasher.hash(_DUMMY_PASSWORD)

    async def login(self, login: str, password: str) -> LoginResult:
        now = self._clock.now()
        # The slow hash is checked outside any transaction: on SQLite a transaction holds
        # the one connection, and every other request (/healthz too) would wait for it.
        found = await self._uow.admins.by_login(login.strip())
        if found is None:
            await self._hasher.verify(self._dummy_hash, password)
            raise DomainError(ErrorCode.INVALID_CREDENTIALS, _BAD_CREDENTIALS, "login")
        if auth.is_locked(found.locked_until, now):
            raise DomainError(
                ErrorCode.TOO_MANY_ATTEMPTS,
                "Слишком много неудачных попыток входа. Повторите попытку позже.",
                "login",
            )
        right = await self._hasher.verify(found.password_hash, password)
        async with self._uow.transaction():
            admin = await self._uow.admins.by_login(found.login) or found
            if not right:
                attempts, locked_until = auth.after_failure(admin.failed_attempts, now)
                await self._uow.admins.record_attempt(admin.id, attempts, locked_until)
                failure = DomainError(ErrorCode.INVALID_CREDENTIALS, _BAD_CREDENTIALS, "login")
            else:
                failure = None
                if admin.failed_attempts or admin.locked_until:
                    await self._uow.admins.record_attempt(admin.id, 0, None)
                token = auth.new_token()
                expires_at = now + self._lifetime
                session = await self._uow.sessions.add(
                    admin.id, auth.token_digest(token), expires_at
                )
        # Raised outside the transaction so that the failed attempt is committed.
        if failure is not None:
            raise failure
        return LoginResult(
            token=token,
            expires_at=expires_at,
            actor=Actor(admin.id, admin.client_id, admin.login, session.id),
        )

    async def authenticate(self, token: str) -> Actor | None:
        """The administrator behind a bearer token, or None if it is unknown, expired or revoked."""
        if not token or len(token) > 256:
            return None
        session = await self._uow.sessions.by_digest(auth.token_digest(token))
        if session is None or not session.is_valid(self._clock.now()):
            return None
        return Actor(session.admin_id, session.client_id, session.login, session.id)

    async def logout(self, actor: Actor) -> None:
        if actor.session_id is not None:
            async with self._uow.transaction():
                await self._uow.sessions.revoke(actor.session_id, self._clock.now())
