"""Local file store and HMAC-signed, expiring download links (D3)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from domain.documents import LinkClaims, LinkRefusal, LinkRefused
from domain.ids import ClientId
from domain.job_store import Unavailable


class LocalFileStore:
    """Files under one folder (KABINET_STORAGE_DIR, shared by every host that serves or
    makes them); keys are relative paths we made, never user input."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()
        self._root.mkdir(parents=True, exist_ok=True)

    def path_for(self, key: str) -> Path:
        path = (self._root / key).resolve()
        if not path.is_relative_to(self._root):
            raise ValueError("file key escapes the store")
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def local_path(self, key: str) -> Path | None:
        """Where the file lies on this host (served with sendfile), if it is there."""
        path = self.path_for(key)
        return path if path.is_file() else None

    def temp_for(self, key: str) -> Path:
        target = self.path_for(key)
        handle, name = tempfile.mkstemp(dir=target.parent, suffix=".part")
        os.close(handle)
        return Path(name)

    def discard(self, temp: Path) -> None:
        temp.unlink(missing_ok=True)

    async def commit(self, key: str, temp: Path, *, download_name: str | None = None) -> None:
        # Rename is atomic: a reader sees the whole file or none.
        os.replace(temp, self.path_for(key))

    async def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()

    async def read(self, key: str) -> bytes:
        return await asyncio.to_thread(self.path_for(key).read_bytes)

    async def chunks(self, key: str) -> tuple[int, AsyncIterator[bytes]] | None:
        return None  # served from local_path

    async def delete(self, key: str) -> None:
        self.path_for(key).unlink(missing_ok=True)

    async def reachable(self) -> bool:
        return self._root.is_dir()


class FileStoreUnavailable(Unavailable):
    """The file store cannot be reached now (an object store down): try again later
    (a job defers, domain/job_store.py; a download answers 503)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class HmacLinkSigner:
    """token = payload.signature; the payload names the file, the client and the expiry."""

    def __init__(self, secret: str, base_url: str) -> None:
        self._secret = hashlib.sha256(("files:" + secret).encode()).digest()
        self._base = base_url.rstrip("/")

    def token(self, key: str, client_id: ClientId, filename: str, expires_at: datetime) -> str:
        payload = json.dumps(
            {"k": key, "c": client_id, "f": filename, "e": int(expires_at.timestamp())},
            separators=(",", ":"),
        ).encode()
        signature = hmac.new(self._secret, payload, hashlib.sha256).digest()
        return f"{_b64(payload)}.{_b64(signature)}"

    def sign(self, key: str, client_id: ClientId, filename: str, expires_at: datetime) -> str:
        return f"{self._base}/files/{self.token(key, client_id, filename, expires_at)}"

    def verify(self, token: str, now: datetime) -> LinkClaims:
        try:
            payload_text, signature_text = token.split(".", 1)
            payload = _unb64(payload_text)
            signature = _unb64(signature_text)
        except (ValueError, UnicodeError) as exc:
            raise LinkRefused(LinkRefusal.INVALID) from exc
        expected = hmac.new(self._secret, payload, hashlib.sha256).digest()
        if not hmac.compare_digest(signature, expected):
            raise LinkRefused(LinkRefusal.INVALID)
        try:
            data = json.loads(payload)
            claims = LinkClaims(
                key=str(data["k"]),
                client_id=ClientId(int(data["c"])),
                filename=str(data["f"]),
                expires_at=datetime.fromtimestamp(int(data["e"]), UTC),
            )
        except (ValueError, TypeError, KeyError, OverflowError, OSError) as exc:
            # Only our own secret signs, so this is a link made by a different version.
            raise LinkRefused(LinkRefusal.INVALID) from exc
        if claims.expires_at <= now:
            raise LinkRefused(LinkRefusal.EXPIRED)
        return claims
