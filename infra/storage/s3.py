"""Made files in any S3-compatible object store (KABINET_STORAGE_URL=s3://bucket/prefix).

Several API hosts and workers then share the files without a shared directory. A file is
rendered into a local temporary file, then uploaded whole (a reader sees all or none).
Download links stay Kabinet's signed ones (served by streaming from the store), or, with
KABINET_S3_PRESIGNED=true, are the store's own presigned URLs.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import obstore
from obstore.exceptions import GenericError, NotFoundError
from obstore.store import S3Store

from domain.ids import ClientId
from domain.ports import Clock
from infra.storage.files import FileStoreUnavailable

_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# SigV4 presigned URLs live at most 7 days.
_MAX_PRESIGNED = timedelta(days=7)
# The probe of recovery (reachable): an answer within this, or the store is taken as down.
PROBE_SECONDS = 3.0


def parse_s3_url(url: str) -> tuple[str, str]:
    """s3://bucket/prefix → (bucket, prefix); the prefix may be empty."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ValueError("KABINET_STORAGE_URL must look like s3://bucket/prefix")
    return parts.netloc, parts.path.strip("/")


def content_type(key: str) -> str:
    return _TYPES.get(key.rsplit(".", 1)[-1], "application/octet-stream")


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback and the exact name in UTF-8."""
    fallback = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


class S3FileStore:
    """The FileStore port on an S3 bucket (AWS, MinIO, Ceph, Yandex Object Storage, …)."""

    def __init__(
        self,
        url: str,
        *,
        endpoint_url: str = "",
        access_key_id: str = "",
        secret_access_key: str = "",
        region: str = "us-east-1",
        spool_dir: Path | None = None,
    ) -> None:
        bucket, prefix = parse_s3_url(url)
        config: dict[str, str] = {"region": region}
        if endpoint_url:
            config["endpoint"] = endpoint_url
        if access_key_id:
            config["access_key_id"] = access_key_id
            config["secret_access_key"] = secret_access_key
        self.bucket = bucket
        self.prefix = prefix
        self._store = S3Store(
            bucket,
            prefix=prefix or None,
            config=config,  # type: ignore[arg-type]
            client_options={
                "allow_http": endpoint_url.startswith("http://"),
                "connect_timeout": timedelta(seconds=5),
                "timeout": timedelta(seconds=120),
            },
            # obstore's default is 10 retries within 3 minutes: a download link would hang
            # that long on a store that is down. Jobs retry by themselves (outbox, broker,
            # recovery), and /files answers 503: a few quick retries are enough.
            retry_config={
                "max_retries": 3,
                "retry_timeout": timedelta(seconds=15),
                "backoff": {
                    "init_backoff": timedelta(milliseconds=100),
                    "max_backoff": timedelta(seconds=2),
                    "base": 2,
                },
            },
        )
        self._spool = spool_dir

    @property
    def store(self) -> S3Store:
        return self._store

    def local_path(self, key: str) -> Path | None:
        return None  # never on this host: served by chunks()

    def temp_for(self, key: str) -> Path:
        _check(key)
        if self._spool is not None:
            self._spool.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix="kabinet-", suffix=".part", dir=self._spool)
        os.close(handle)
        return Path(name)

    def discard(self, temp: Path) -> None:
        temp.unlink(missing_ok=True)

    async def commit(self, key: str, temp: Path, *, download_name: str | None = None) -> None:
        attributes: dict[str, str] = {"Content-Type": content_type(key)}
        if download_name:
            attributes["Content-Disposition"] = content_disposition(download_name)
        with _outage():
            await obstore.put_async(self._store, _check(key), temp, attributes=attributes)

    async def exists(self, key: str) -> bool:
        try:
            with _outage():
                await obstore.head_async(self._store, _check(key))
        except FileNotFoundError:
            return False
        return True

    async def read(self, key: str) -> bytes:
        with _outage():
            result = await obstore.get_async(self._store, _check(key))
            return bytes(await result.bytes_async())

    async def chunks(self, key: str) -> tuple[int, AsyncIterator[bytes]] | None:
        """The file's size and bytes as they come from the store; None when it is not there."""
        try:
            result = await obstore.get_async(self._store, _check(key))
        except (FileNotFoundError, NotFoundError):
            return None
        except GenericError as error:  # the store not reached, after obstore's own retries
            raise FileStoreUnavailable(str(error).split("\n", 1)[0]) from error

        async def stream() -> AsyncIterator[bytes]:
            async for chunk in result.stream(min_chunk_size=256 * 1024):
                yield bytes(chunk)

        return result.meta["size"], stream()

    async def delete(self, key: str) -> None:
        # S3's DELETE of a missing object answers 204: no error, as the port asks.
        with _outage():
            await obstore.delete_async(self._store, _check(key))

    async def reachable(self) -> bool:
        """A HEAD of a key nobody writes: "not found" is an answer; no answer within
        PROBE_SECONDS, or an error of the store, is down."""
        try:
            async with asyncio.timeout(PROBE_SECONDS):
                await obstore.head_async(self._store, ".kabinet-probe")
        except (FileNotFoundError, NotFoundError):
            return True
        except (TimeoutError, GenericError, OSError):
            return False
        return True

    def presign(self, key: str, expires_in: timedelta) -> str:
        """A GET URL of the store itself (signed locally, no request made)."""
        return obstore.sign(self._store, "GET", _check(key), expires_in)


class PresignedLinkSigner:
    """The LinkSigner port with the store's presigned URLs (KABINET_S3_PRESIGNED=true).

    The link only reaches the file's own client (D18: the job is theirs), and lives until
    the link's expiry of D3; the file is saved under its invoice name (Content-Disposition
    stored with the object).
    """

    def __init__(self, store: S3FileStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def sign(self, key: str, client_id: ClientId, filename: str, expires_at: datetime) -> str:
        left = expires_at - self._clock.now()
        left = max(timedelta(seconds=1), min(left, _MAX_PRESIGNED))
        return self._store.presign(key, timedelta(seconds=int(left.total_seconds()) or 1))


@contextlib.contextmanager
def _outage() -> Iterator[None]:
    """The store not reached (after obstore's own retries): FileStoreUnavailable, which
    jobs treat as a deferral (domain/job_store.py: Unavailable), never as a failure."""
    try:
        yield
    except GenericError as error:
        raise FileStoreUnavailable(str(error).split("\n", 1)[0]) from error


def _check(key: str) -> str:
    """Keys are ours (client/job.ext, mail/invoice/FORMAT.ext), never user input."""
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError("file key escapes the store")
    return key
