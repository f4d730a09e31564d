"""D18 over HTTP: login, logout, lock-out, unauthenticated requests."""

from __future__ import annotations

from datetime import timedelta

from infra.clock import FixedClock
from tests.conftest import Api

LOGIN = (
    "mutation($i: LoginInput!) "
    "{ login(input: $i) { token expiresAt errors { code field message } } }"
)
ME = "{ me { login client { name unp } } }"


async def login(anon: Api, user: str, password: str) -> dict:  # type: ignore[type-arg]
    data = await anon(LOGIN, {"i": {"login": user, "password": password}})
    return data["login"]  # type: ignore[no-any-return]


async def test_d18_login_returns_token_and_me_answers(anon: Api) -> None:
    result = await login(anon, "demo", "demo")
    assert result["errors"] == []
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


async def test_d18_five_failures_lock_the_login_for_a_while(anon: Api, clock: FixedClock) -> None:
    for _ in range(5):
        assert (await login(anon, "demo", "bad"))["errors"][0]["code"] == "INVALID_CREDENTIALS"
    locked = await login(anon, "demo", "demo")  # even the right password
    assert locked["token"] is None
    assert locked["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    clock.advance(timedelta(minutes=16))
    assert (await login(anon, "demo", "demo"))["errors"] == []


async def test_d18_success_resets_the_failure_count(anon: Api) -> None:
    for _ in range(4):
        await login(anon, "demo", "bad")
    assert (await login(anon, "demo", "demo"))["errors"] == []
    for _ in range(4):
        await login(anon, "demo", "bad")
    assert (await login(anon, "demo", "demo"))["errors"] == []


async def test_d18_lockout_of_one_login_leaves_another_alone(anon: Api) -> None:
    for _ in range(5):
        await login(anon, "demo", "bad")
    assert (await login(anon, "demo2", "demo2"))["errors"] == []
