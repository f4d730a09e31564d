"""login, logout, me (D18)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.auth import TooManyAttempts
from domain.errors import DomainError
from schema.context import Info
from schema.errors import UserError, user_error
from schema.types import Admin


@strawberry.input
class LoginInput:
    login: str
    password: str


@strawberry.type
class LoginPayload:
    token: str | None
    expires_at: datetime | None
    errors: list[UserError]
    retry_after: int | None = strawberry.field(
        default=None,
        description="TOO_MANY_ATTEMPTS: seconds to wait before the next sign-in attempt.",
    )


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError]


@strawberry.type
class AuthQuery:
    @strawberry.field(description="The signed-in administrator.")
    def me(self, info: Info) -> Admin:
        return Admin(login=info.context.require_actor().login)


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="D18: sign in; returns a bearer token.")
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        try:
            result = await info.context.container.auth.login(
                input.login[:128], input.password[:256], info.context.source
            )
        except DomainError as error:
            retry_after = error.retry_after if isinstance(error, TooManyAttempts) else None
            return LoginPayload(
                token=None, expires_at=None, errors=[user_error(error)], retry_after=retry_after
            )
        return LoginPayload(token=result.token, expires_at=result.expires_at, errors=[])

    @strawberry.mutation(description="D18: revoke the current session token.")
    async def logout(self, info: Info) -> LogoutPayload:
        actor = info.context.require_actor()
        await info.context.container.auth.logout(actor, info.context.source)
        return LogoutPayload(ok=True, errors=[])
