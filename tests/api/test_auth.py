"""D18 over HTTP: login, logout, throttling by address, unauthenticated requests."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from datetime import timedelta
from typing import Any

import httpx
import pytest

from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.passwords import Argon2PasswordHasher
from schema.app import create_app
from tests.db_fixtures import Api

LOGIN = (
    "mutation($i: LoginInput!) "
    "{ login(input: $i) { token expiresAt retryAfter errors { code field message } } }"
)
ME = "{ me { login client { name unp } } }"
AUDIT = "{ auditLog(first: 50) { nodes { actor action target before after } } }"


async def login(anon: Api, user: str, password: str) -> dict[str, Any]:
    data = await anon(LOGIN, {"i": {"login": user, "password": password}})
    return data["login"]  # type: ignore[no-any-return]


def code(result: dict[str, Any]) -> str | None:
    return result["errors"][0]["code"] if result["errors"] else None


class CountingHasher(Argon2PasswordHasher):
    """The real (fast) argon2, counting how many passwords it verified."""

    def __init__(self) -> None:
        super().__init__(fast=True)
        self.verified = 0

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return await super().verify(password_hash, password)


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def bootstrap_overrides(hasher: CountingHasher) -> dict[str, Any]:
    return {"hasher": hasher}


AtAddress = Callable[[str], Api]


@pytest.fixture
async def at(container: Container) -> AsyncIterator[AtAddress]:
    """Callers at given TCP peer addresses (each its own connection to the same app)."""
    app = create_app(container, own_lifespan=False)
    async with AsyncExitStack() as stack:

        def make(address: str) -> Api:
            transport = httpx.ASGITransport(app=app, client=(address, 40000))
            http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
            stack.push_async_callback(http.aclose)
            return Api(http)

        yield make


async def test_d18_login_returns_token_and_me_answers(anon: Api) -> None:
    result = await login(anon, "demo", "demo")
    assert result["errors"] == [] and result["retryAfter"] is None
    assert len(result["token"]) >= 40
    me = await Api(anon.http, result["token"])(ME)
    assert me["me"]["login"] == "demo"
    assert len(me["me"]["client"]["unp"]) == 9


async def test_d18_wrong_password_and_unknown_login_answer_alike(anon: Api) -> None:
    wrong = await login(anon, "demo", "nope")
    unknown = await login(anon, "nobody", "nope")
    assert wrong["token"] is None and unknown["token"] is None
    assert wrong["errors"] == unknown["errors"]
    assert wrong["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert "Неверный логин или пароль" in wrong["errors"][0]["message"]


async def test_d18_no_token_is_unauthenticated(anon: Api) -> None:
    body = await anon.raw(ME)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_d18_garbage_token_is_unauthenticated(anon: Api) -> None:
    body = await Api(anon.http, "x" * 43).raw(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_d18_logout_revokes_the_token(demo: Api) -> None:
    assert (await demo(ME))["me"]["login"] == "demo"
    out = await demo("mutation { logout { ok errors { code } } }")
    assert out["logout"] == {"ok": True, "errors": []}
    body = await demo.raw(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_d18_token_expires(anon: Api, clock: FixedClock) -> None:
    api = await anon.login("demo", "demo")
    clock.advance(timedelta(hours=12, seconds=1))
    body = await api.raw(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_d18_repeated_failures_are_slowed_with_growing_delays(
    anon: Api, clock: FixedClock
) -> None:
    for _ in range(5):
        assert code(await login(anon, "demo", "bad")) == "INVALID_CREDENTIALS"
    slowed = await login(anon, "demo", "demo")  # even the right password must wait
    assert slowed["token"] is None and code(slowed) == "TOO_MANY_ATTEMPTS"
    assert slowed["retryAfter"] == 30
    assert "Повторите попытку через 30 секунд" in slowed["errors"][0]["message"]
    clock.advance(timedelta(seconds=29))
    assert (await login(anon, "demo", "demo"))["retryAfter"] == 1
    clock.advance(timedelta(seconds=1))
    assert code(await login(anon, "demo", "bad")) == "INVALID_CREDENTIALS"
    doubled = await login(anon, "demo", "demo")
    assert code(doubled) == "TOO_MANY_ATTEMPTS" and doubled["retryAfter"] == 60
    assert "через 1 минуту" in doubled["errors"][0]["message"]
    clock.advance(timedelta(seconds=60))
    assert (await login(anon, "demo", "demo"))["errors"] == []
    # A success starts the login's count at this address afresh.
    for _ in range(5):
        assert code(await login(anon, "demo", "bad")) == "INVALID_CREDENTIALS"


async def test_d18_an_attacker_at_one_address_cannot_lock_out_the_user_at_another(
    at: AtAddress, clock: FixedClock
) -> None:
    attacker, user = at("203.0.113.66"), at("198.51.100.7")
    answers = [code(await login(attacker, "demo", f"guess{i}")) for i in range(12)]
    assert answers[:5] == ["INVALID_CREDENTIALS"] * 5
    assert set(answers[5:]) == {"TOO_MANY_ATTEMPTS"}
    # Spraying other logins from that address soon slows the address as a whole.
    sprayed = [code(await login(attacker, f"admin{i}", "123456")) for i in range(25)]
    assert sprayed[-1] == "TOO_MANY_ATTEMPTS"
    assert code(await login(attacker, "demo2", "demo2")) == "TOO_MANY_ATTEMPTS"
    # Meanwhile the administrator signs in from the office at once, and again later.
    assert (await login(user, "demo", "demo"))["errors"] == []
    assert (await login(user, "demo2", "demo2"))["errors"] == []
    # Once the delay has passed the attacker gets one more guess, then waits twice as long.
    clock.advance(timedelta(minutes=1))
    assert code(await login(attacker, "demo", "guess")) == "INVALID_CREDENTIALS"
    assert (await login(attacker, "demo", "guess"))["retryAfter"] == 60
    assert (await login(user, "demo", "demo"))["errors"] == []


async def test_d18_an_ipv6_caller_is_counted_by_its_64_network(at: AtAddress) -> None:
    for i in range(5):
        await login(at(f"2001:db8:1:2::{i + 1:x}"), "demo", "bad")
    assert code(await login(at("2001:db8:1:2::ffff"), "demo", "demo")) == "TOO_MANY_ATTEMPTS"
    assert (await login(at("2001:db8:1:3::1"), "demo", "demo"))["errors"] == []


async def test_d18_unknown_and_known_logins_are_throttled_alike(
    at: AtAddress, hasher: CountingHasher, clock: FixedClock
) -> None:
    def answers(result: dict[str, Any]) -> tuple[Any, ...]:
        return (result["token"], result["retryAfter"], result["errors"])

    known, unknown = at("192.0.2.10"), at("192.0.2.11")
    for _ in range(8):
        before = hasher.verified
        a = await login(known, "demo", "bad")
        verified_known = hasher.verified - before
        before = hasher.verified
        b = await login(unknown, "nobody-here", "bad")
        verified_unknown = hasher.verified - before
        assert answers(a) == answers(b)
        # The same work on both paths: one argon2 verify, or none once throttled.
        assert verified_known == verified_unknown
        assert verified_known == (1 if code(a) == "INVALID_CREDENTIALS" else 0)
    assert code(a) == "TOO_MANY_ATTEMPTS"
    clock.advance(timedelta(seconds=30))
    assert answers(await login(known, "demo", "bad")) == answers(
        await login(unknown, "nobody-here", "bad")
    )


async def test_d18_parallel_guesses_do_not_slip_past_the_limit(at: AtAddress) -> None:
    attacker = at("203.0.113.9")
    results = await asyncio.gather(*(login(attacker, "demo", f"p{i}") for i in range(15)))
    codes = [code(r) for r in results]
    assert codes.count("INVALID_CREDENTIALS") <= 5
    assert codes.count("INVALID_CREDENTIALS") + codes.count("TOO_MANY_ATTEMPTS") == 15


async def test_d18_failures_of_one_login_leave_another_alone(anon: Api) -> None:
    for _ in range(5):
        await login(anon, "demo", "bad")
    assert (await login(anon, "demo2", "demo2"))["errors"] == []


async def test_d18_success_does_not_count_as_a_failure_of_the_address(anon: Api) -> None:
    # An office behind one address: many sign-ins, a few typos each; never slowed.
    for _ in range(12):
        assert code(await login(anon, "demo", "typo")) == "INVALID_CREDENTIALS"
        assert (await login(anon, "demo", "demo"))["errors"] == []


async def test_d18_forwarded_for_is_ignored_from_an_untrusted_peer(at: AtAddress) -> None:
    attacker = at("203.0.113.20")
    for i in range(5):
        response = await attacker.http.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"i": {"login": "demo", "password": "bad"}}},
            headers={"X-Forwarded-For": f"10.9.8.{i}"},
        )
        assert response.json()["data"]["login"]["errors"][0]["code"] == "INVALID_CREDENTIALS"
    # Claiming yet another address does not escape the count of the real peer.
    response = await attacker.http.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"i": {"login": "demo", "password": "demo"}}},
        headers={"X-Forwarded-For": "10.9.8.200"},
    )
    assert response.json()["data"]["login"]["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"


@pytest.mark.parametrize("settings_overrides", [{"trusted_proxies": "10.0.0.0/8"}])
async def test_d18_forwarded_for_is_honoured_from_a_trusted_proxy(at: AtAddress) -> None:
    proxy = at("10.1.2.3")

    async def via_proxy(forwarded: str, password: str) -> dict[str, Any]:
        response = await proxy.http.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"i": {"login": "demo", "password": password}}},
            headers={"X-Forwarded-For": forwarded},
        )
        return response.json()["data"]["login"]  # type: ignore[no-any-return]

    for i in range(5):
        # The attacker prepends made-up hops; the proxy appended the real one.
        assert code(await via_proxy(f"1.1.1.{i}, 203.0.113.50", "bad")) == "INVALID_CREDENTIALS"
    assert code(await via_proxy("203.0.113.50", "demo")) == "TOO_MANY_ATTEMPTS"
    assert (await via_proxy("198.51.100.1, 10.0.0.1", "demo"))["errors"] == []  # two proxies


async def test_d18_sign_in_failure_and_logout_are_in_the_audit_log(
    at: AtAddress, caplog: pytest.LogCaptureFixture
) -> None:
    office = at("198.51.100.7")
    assert code(await login(office, "demo", "s3cret-wrong")) == "INVALID_CREDENTIALS"
    with caplog.at_level(logging.INFO, logger="kabinet.auth"):
        assert code(await login(office, "no-such-admin", "s3cret-wrong")) == "INVALID_CREDENTIALS"
    api = await office.login("demo", "demo")
    await api("mutation { logout { ok } }")
    api = await office.login("demo", "demo")
    entries = (await api(AUDIT))["auditLog"]["nodes"]
    actions = [e["action"] for e in entries if e["action"] in ("login", "loginFailed", "logout")]
    assert actions == ["login", "logout", "login", "loginFailed"]  # newest first
    assert all(e["actor"] == "demo" for e in entries)
    assert {e["after"]["source"] for e in entries} == {"198.51.100.7"}
    assert "s3cret" not in str(entries)
    # The unknown login belongs to no client: it went to the application log.
    unknown = [r for r in caplog.records if r.name == "kabinet.auth"]
    assert unknown and "198.51.100.7" in unknown[0].getMessage()
    assert "s3cret" not in caplog.text and "no-such-admin" not in caplog.text
    demo2 = await office.login("demo2", "demo2")
    assert {e["action"] for e in (await demo2(AUDIT))["auditLog"]["nodes"]} == {"login"}


async def test_d18_old_counters_are_forgotten(
    at: AtAddress, clock: FixedClock, container: Container
) -> None:
    from infra.db.models import LoginThrottleRow

    for _ in range(6):
        await login(at("203.0.113.77"), "demo", "bad")
    assert await LoginThrottleRow.all().count() == 2  # the address and the (login, address)
    clock.advance(timedelta(days=2))
    await container.maintain_once()
    assert await LoginThrottleRow.all().count() == 0
