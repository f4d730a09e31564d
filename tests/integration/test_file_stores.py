"""D3's made files in either store: the directory (KABINET_STORAGE_DIR) and an S3-compatible
object store (KABINET_STORAGE_URL=s3://bucket/prefix), the latter on a real S3-protocol
server (moto's standalone server, a child process on loopback). The same tests run on both.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import obstore
import pytest
from pydantic import ValidationError

from domain.ids import ClientId
from infra.bootstrap import Container, make_files
from infra.clock import FixedClock
from infra.settings import Settings
from infra.storage.files import LocalFileStore
from infra.storage.s3 import S3FileStore
from tests.api.test_documents import JOB, first_account, order, path_of, wait_done
from tests.conftest import REDIS_URL, require
from tests.db_fixtures import Api
from tests.integration.test_jobs_broker import Workers
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

Store = LocalFileStore | S3FileStore


@pytest.fixture(scope="session")
def moto() -> Iterator[MotoServer]:
    server = MotoServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def bucket(moto: MotoServer) -> str:
    return moto.create_bucket()


@pytest.fixture(params=["directory", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "directory":
        return LocalFileStore(tmp_path / "files")
    moto: MotoServer = request.getfixturevalue("moto")
    bucket: str = request.getfixturevalue("bucket")
    return S3FileStore(
        f"s3://{bucket}/t-{uuid.uuid4().hex[:8]}",
        endpoint_url=moto.endpoint,
        access_key_id=ACCESS_KEY,
        secret_access_key=SECRET_KEY,
        region=REGION,
        spool_dir=tmp_path / "spool",
    )


async def keys_in(store: Store) -> set[str]:
    """Every key the store holds, seen from outside the adapter."""
    if isinstance(store, LocalFileStore):
        root = store.path_for(".")
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    found: set[str] = set()
    async for batch in obstore.list(store.store):
        found.update(meta["path"] for meta in batch)
    return found


async def put(store: Store, key: str, data: bytes, name: str | None = None) -> None:
    temp = store.temp_for(key)
    try:
        temp.write_bytes(data)
        await store.commit(key, temp, download_name=name)
    finally:
        store.discard(temp)


async def read_all(store: Store, key: str) -> bytes | None:
    """What a download serves: the local file, or the streamed object."""
    path = store.local_path(key)
    if path is not None:
        return path.read_bytes()
    found = await store.chunks(key)
    if found is None:
        return None
    size, chunks = found
    data = b"".join([chunk async for chunk in chunks])
    assert len(data) == size
    return data


async def test_d3_store_put_get_exists_delete(store: Store) -> None:
    key = "7/41.pdf"
    assert not await store.exists(key)
    assert await read_all(store, key) is None
    data = b"%PDF-1.7 " + bytes(range(256)) * 2000  # 512 KB: more than one chunk
    await put(store, key, data, "invoice_1001_2026-10.pdf")
    assert await store.exists(key)
    assert await store.read(key) == data
    assert await read_all(store, key) == data
    assert await keys_in(store) == {key}  # the temporary file is gone, only the file is kept
    await store.delete(key)
    assert not await store.exists(key)
    assert await keys_in(store) == set()
    await store.delete(key)  # a missing file is no error
    with pytest.raises(FileNotFoundError):
        await store.read(key)


async def test_d10_store_commit_replaces_the_whole_file(store: Store) -> None:
    await put(store, "mail/3/PDF.pdf", b"first version, longer than the second")
    await put(store, "mail/3/PDF.pdf", b"second")
    assert await store.read("mail/3/PDF.pdf") == b"second"
    await put(store, "mail/3/XLSX.xlsx", b"workbook")
    assert await keys_in(store) == {"mail/3/PDF.pdf", "mail/3/XLSX.xlsx"}


async def test_d3_store_a_discarded_file_is_never_stored(store: Store) -> None:
    temp = store.temp_for("7/42.pdf")
    temp.write_bytes(b"half a rend")
    store.discard(temp)
    assert not temp.exists()
    assert not await store.exists("7/42.pdf")
    assert await keys_in(store) == set()


@pytest.mark.parametrize("key", ["../1/x.pdf", "/etc/passwd", "1/../../x.pdf"])
async def test_d3_store_refuses_keys_outside_it(store: Store, key: str) -> None:
    with pytest.raises(ValueError, match="escapes"):
        await store.exists(key)


def _dead_store() -> S3FileStore:
    """An object store nobody answers for (a free port on loopback)."""
    from tests.smtp_server import free_port

    return S3FileStore(
        "s3://kabinet/files",
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        access_key_id=ACCESS_KEY,
        secret_access_key=SECRET_KEY,
        region=REGION,
    )


async def test_d3_an_unreachable_object_store_is_an_error_not_a_missing_file() -> None:
    # A store that is down must not read as "no such file": a job would render again
    # and a download would answer "gone" for a file that is there.
    dead = _dead_store()
    found = await asyncio.gather(
        dead.exists("1/1.pdf"), dead.chunks("1/1.pdf"), return_exceptions=True
    )
    assert all(isinstance(f, Exception) and not isinstance(f, FileNotFoundError) for f in found)


async def test_the_probe_of_recovery_answers_for_either_store(store: Store) -> None:
    assert await store.reachable()
    assert await keys_in(store) == set()  # asking wrote nothing


async def test_the_probe_of_a_store_that_is_down_says_so_in_seconds() -> None:
    dead = _dead_store()
    started = asyncio.get_running_loop().time()
    assert not await dead.reachable()
    assert asyncio.get_running_loop().time() - started < 10


def test_d3_storage_url_selects_the_store(tmp_path: Path, moto: MotoServer, bucket: str) -> None:
    directory = make_files(Settings(env="test", storage_dir=tmp_path / "f"))
    assert isinstance(directory, LocalFileStore)
    s3 = make_files(Settings(env="test", **moto.settings(bucket, "a/b")))  # type: ignore[arg-type]
    assert isinstance(s3, S3FileStore) and (s3.bucket, s3.prefix) == (bucket, "a/b")
    for wrong in ("ftp://host/x", "s3://", "s3://bucket?x=1", "/var/files"):
        with pytest.raises(ValidationError):
            Settings(env="test", storage_url=wrong)
    with pytest.raises(ValidationError, match="KABINET_S3_PRESIGNED needs"):
        Settings(env="test", s3_presigned=True)


def test_d3_workers_meet_the_same_object_store(moto: MotoServer, bucket: str) -> None:
    env = Settings(env="test", s3_presigned=True, **moto.settings(bucket)).worker_env()  # type: ignore[arg-type]
    fields: dict[str, Any] = {k.removeprefix("KABINET_").lower(): v for k, v in env.items()}
    child = Settings(**fields)
    assert child.storage_url == f"s3://{bucket}/files"
    assert child.s3_endpoint_url == moto.endpoint and child.s3_region == REGION
    assert child.s3_access_key_id == ACCESS_KEY
    assert child.s3_secret_access_key.get_secret_value() == SECRET_KEY
    assert child.s3_presigned


# --- Through the API: order a download (in-process jobs), follow its link -----------------


@pytest.fixture(params=["directory", "s3", "s3-presigned"])
def settings_overrides(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    if request.param == "directory":
        yield {}
        return
    moto: MotoServer = request.getfixturevalue("moto")
    bucket: str = request.getfixturevalue("bucket")
    values = moto.settings(bucket, f"api-{uuid.uuid4().hex[:8]}")
    values["s3_presigned"] = request.param == "s3-presigned"
    if request.param != "s3-workers":
        yield values
        return
    # Jobs through Redis to a `kabinet worker` process (a queue of this test alone).
    import redis

    values["broker_url"] = require(REDIS_URL, "Redis")
    values["queue"] = queue = f"t{uuid.uuid4().hex[:12]}"
    yield values
    broker = redis.Redis.from_url(REDIS_URL)
    keys = list(broker.scan_iter(f"{queue}:*"))
    if keys:
        broker.delete(*keys)


async def get(client: httpx.AsyncClient, url: str) -> httpx.Response:
    """Kabinet's own links go to the app; presigned ones to the object store itself."""
    if url.startswith("http://127.0.0.1:8000/"):
        return await client.get(path_of(url))
    async with httpx.AsyncClient(timeout=10) as outside:
        return await outside.get(url)


async def test_d3_d18_download_through_either_store_then_expired_and_removed(
    demo: Api, container: Container, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    account = await first_account(demo)
    result = await order(demo, account["id"], "2026-10", "XLSX")
    job = await wait_done(demo, result["job"]["id"], container)
    assert job["status"] == "DONE", job
    url: str = job["downloadUrl"]
    presigned = container.settings.s3_presigned
    store_url = f"{container.settings.s3_endpoint_url}/"
    assert url.startswith(store_url if presigned else "http://127.0.0.1:8000/files/"), url
    assert ("X-Amz-Signature=" in url) is presigned
    response = await get(client, url)
    assert response.status_code == 200, response.text
    assert response.content[:2] == b"PK"  # a workbook (zip)
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"invoice_{account['number']}_2026-10.xlsx" in response.headers["content-disposition"]
    stored = await keys_in(container.files)
    assert len(stored) == 1 and next(iter(stored)).endswith(".xlsx"), stored
    # D18: Kabinet's link names the client; another client's, or a missing file: 404.
    (key,) = stored
    client_id = int(key.split("/", 1)[0])
    expires = container.clock.now() + timedelta(minutes=5)
    mine = container.links.token(key, ClientId(client_id), "a.xlsx", expires)
    theirs = container.links.token(key, ClientId(client_id + 1), "a.xlsx", expires)
    missing = container.links.token(
        f"{client_id}/999999.xlsx", ClientId(client_id), "a.xlsx", expires
    )
    again = await client.get(f"/files/{mine}")
    assert again.content == response.content
    assert again.headers["content-length"] == str(len(response.content))
    assert (await client.get(f"/files/{theirs}")).status_code == 404
    assert (await client.get(f"/files/{missing}")).status_code == 404

    clock.advance(timedelta(hours=1, seconds=1))
    if not presigned:
        assert (await get(client, url)).status_code == 410
    assert await container.documents.clean_expired() == 1
    assert await keys_in(container.files) == set()  # removed from the store
    if presigned:  # the store's own link (still in its time) finds nothing any more
        assert (await get(client, url)).status_code == 404


@pytest.mark.parametrize("settings_overrides", ["s3"], indirect=True)
async def test_d4_d10_mail_attachments_are_made_once_and_kept_in_the_object_store(
    demo: Api, container: Container
) -> None:
    from tests.api.test_invoice_email import attachments, email_account, outbox
    from tests.api.test_invoice_email import order as order_email
    from tests.api.test_invoice_email import wait_done as wait_sent

    account = await email_account(demo)
    first = await order_email(demo, account["id"], "2026-10")
    await wait_sent(demo, first["request"]["id"])
    stored = await keys_in(container.files)
    assert stored and all(key.startswith("mail/") for key in stored), stored
    [eml] = outbox(container)
    sent = sorted(attachments(eml).values())
    kept = sorted([await container.files.read(key) for key in sorted(stored)])
    assert sent == kept  # the mail carries exactly the stored files
    second = await order_email(demo, account["id"], "2026-10")
    await wait_sent(demo, second["request"]["id"])
    assert await keys_in(container.files) == stored  # made once (D10), kept (no expiry)
    assert await container.documents.clean_expired() == 0
    assert await keys_in(container.files) == stored


@pytest.mark.redis
@pytest.mark.parametrize("settings_overrides", ["s3-workers"], indirect=True)
async def test_d3_a_worker_on_another_disk_makes_the_files_the_api_serves(
    worker_backend: object,
    demo: Api,
    container: Container,
    client: httpx.AsyncClient,
    workdir: Path,
    tmp_path: Path,
) -> None:
    """No shared directory: the worker's KABINET_STORAGE_DIR is not the API's."""
    worker_disk = tmp_path / "worker-disk"

    class OtherHost(Workers):
        def env(self) -> dict[str, str]:
            return {**super().env(), "KABINET_STORAGE_DIR": str(worker_disk)}

    workers = OtherHost(container, workdir)
    workers.start(1)
    try:
        account = await first_account(demo)
        result = await order(demo, account["id"], "2026-10", "XLSX")
        job = result["job"]
        for _ in range(1200):  # a worker's boot takes long on a loaded machine
            job = (await demo(JOB, {"id": job["id"]}))["documentJob"]
            if job["status"] in ("DONE", "FAILED"):
                break
            await asyncio.sleep(0.1)
    finally:
        workers.stop()
    assert job["status"] == "DONE", job
    response = await client.get(path_of(job["downloadUrl"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert len(await keys_in(container.files)) == 1
    for disk in (worker_disk, container.settings.storage_dir):
        assert not [p for p in disk.rglob("*") if p.is_file()] if disk.exists() else True
