"""Ports of invoice files by link (D3): download jobs, the file store, signed links."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Protocol

from domain.documents import DownloadFormat, LinkClaims
from domain.ids import AccountId, ClientId, JobId
from domain.job_store import JobStore
from domain.jobs import DocumentJob, FileMade
from domain.periods import BillingPeriod


class DocumentJobRepository(JobStore[DocumentJob, FileMade], Protocol):
    """Document jobs (D3): the one job lifecycle (domain/job_store.py) and their files."""

    async def add(self, job: DocumentJob) -> DocumentJob: ...

    async def get(self, client_id: ClientId, job_id: JobId) -> DocumentJob | None: ...

    async def find_alive(
        self, account_id: AccountId, period: BillingPeriod, format: DownloadFormat, now: datetime
    ) -> DocumentJob | None: ...

    async def set_progress(self, job_id: JobId, attempt: int, progress: int) -> bool: ...

    async def expired_files(self, now: datetime) -> list[tuple[JobId, str]]: ...

    async def forget_file(self, job_id: JobId) -> None: ...


class FileStore(Protocol):
    """Where made files live until their links expire: a directory or an object store.

    A file is written to a local temporary file first (renderers write to a path), then
    committed under its key whole: a reader sees the whole file or none.
    """

    def temp_for(self, key: str) -> Path:
        """A fresh local temporary file for the key, to be committed or discarded."""
        ...

    def discard(self, temp: Path) -> None: ...

    async def commit(self, key: str, temp: Path, *, download_name: str | None = None) -> None:
        """Store the temporary file under the key (download_name: the name it is saved as)."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def read(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None:
        """Remove the file; a missing one is no error."""
        ...

    async def reachable(self) -> bool:
        """The store answers now: recovery asks it while downloads wait for it."""
        ...


class LinkSigner(Protocol):
    """Signed, expiring download links (D3)."""

    def sign(self, key: str, client_id: ClientId, filename: str, expires_at: datetime) -> str: ...


class LinkVerifier(Protocol):
    """Reads back the links Kabinet itself serves (not the store's presigned ones)."""

    def verify(self, token: str, now: datetime) -> LinkClaims:
        """The claims of a genuine link; LinkRefused(INVALID or EXPIRED) otherwise."""
        ...
