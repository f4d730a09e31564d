"""AuthService on fakes: sign-in, the session, sign-out, the throttle (D18)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain import auth
from domain.auth import ThrottlePolicy, TooManyAttempts
from domain.errors import DomainError, ErrorCode
from domain.use_cases.auth import AuthService
from tests.unit.use_cases.world import NOW, World

PAIR = ThrottlePolicy(2, timedelta(seconds=30), timedelta(minutes=15), timedelta(days=1))


def service(world: World, pair: ThrottlePolicy = auth.PAIR_POLICY) -> AuthService:
    return AuthService(
        world.uow,
        world.clock,
        world.hasher,
        throttle=world.throttle,
        audit=world.audit,
        pair_policy=pair,
    )


async def test_d18_login_issues_a_token_kept_only_as_a_digest(world: World) -> None:
    result = await service(world).login("demo", "demo", "10.0.0.1")
    assert (result.actor.client_id, result.actor.login) == (1, "demo")
    assert result.expires_at == NOW + auth.SESSION_LIFETIME
    assert list(world.uow.sessions.digests) == [auth.token_digest(result.token)]
    assert result.token not in world.uow.sessions.digests
    assert world.audit.actions() == ["login"]
    assert world.audit.records[0].after == {"source": "10.0.0.1"}


async def test_d18_token_authenticates_until_it_expires(world: World) -> None:
    auth_service = service(world)
    result = await auth_service.login("demo", "demo")
    actor = await auth_service.authenticate(result.token)
    assert actor is not None and actor.session_id == result.actor.session_id
    world.clock.advance(auth.SESSION_LIFETIME)
    assert await auth_service.authenticate(result.token) is None


async def test_d18_logout_revokes_the_session(world: World) -> None:
    auth_service = service(world)
    result = await auth_service.login("demo", "demo")
    await auth_service.logout(result.actor, "10.0.0.1")
    assert await auth_service.authenticate(result.token) is None
    assert world.audit.actions() == ["login", "logout"]


async def test_d18_unknown_token_is_no_one(world: World) -> None:
    assert await service(world).authenticate("nope") is None
    assert await service(world).authenticate("") is None
    assert await service(world).authenticate("x" * 300) is None


async def test_d18_wrong_password_and_unknown_login_answer_alike(world: World) -> None:
    errors = []
    for login, password in (("demo", "wrong"), ("nobody", "demo")):
        with pytest.raises(DomainError) as refused:
            await service(world).login(login, password)
        errors.append((refused.value.code, refused.value.message, refused.value.field))
    assert errors[0] == errors[1]
    assert errors[0][0] is ErrorCode.INVALID_CREDENTIALS
    assert world.uow.sessions.rows == {}
    # Only the known admin's failure is audited (under its client); nothing else is written.
    assert [(r.client_id, r.action) for r in world.audit.records] == [(1, "loginFailed")]


async def test_d18_repeated_failures_are_slowed_down(world: World) -> None:
    auth_service = service(world, PAIR)
    for _ in range(2):
        with pytest.raises(DomainError) as refused:
            await auth_service.login("demo", "wrong", "10.0.0.1")
        assert refused.value.code is ErrorCode.INVALID_CREDENTIALS
    with pytest.raises(TooManyAttempts) as slowed:
        await auth_service.login("demo", "demo", "10.0.0.1")
    assert slowed.value.code is ErrorCode.TOO_MANY_ATTEMPTS
    # After the wait, the right password gets in and clears the pair's counter.
    world.clock.advance(timedelta(seconds=31))
    await auth_service.login("demo", "demo", "10.0.0.1")
    _, pair_key = auth.throttle_keys("demo", "10.0.0.1")
    assert pair_key not in world.throttle.rows


async def test_d18_a_refused_attempt_by_the_source_is_not_counted_for_the_pair(
    world: World,
) -> None:
    source = ThrottlePolicy(1, timedelta(seconds=30), timedelta(minutes=15), timedelta(hours=1))
    auth_service = AuthService(
        world.uow, world.clock, world.hasher, throttle=world.throttle, audit=world.audit,
        source_policy=source,
    )  # fmt: skip
    with pytest.raises(DomainError):
        await auth_service.login("demo", "wrong", "10.0.0.9")
    _, pair_key = auth.throttle_keys("demo2", "10.0.0.9")
    with pytest.raises(TooManyAttempts):
        await auth_service.login("demo2", "demo2", "10.0.0.9")
    # Taken back: the pair demo2@10.0.0.9 holds no attempt for the refusal.
    assert pair_key not in world.throttle.rows or world.throttle.rows[pair_key].attempts == 0


async def test_d18_maintain_forgets_old_counters(world: World) -> None:
    auth_service = service(world)
    with pytest.raises(DomainError):
        await auth_service.login("demo", "wrong", "10.0.0.1")
    assert world.throttle.rows
    world.clock.advance(timedelta(days=2))
    await auth_service.maintain()
    assert world.throttle.rows == {}
