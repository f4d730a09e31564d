"""GET /files/{token}: signed, expiring download links (D3)."""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse

from domain.documents import LinkRefusal, LinkRefused
from infra.bootstrap import Container, FileStoreUnavailable
from schema.outage import RETRY_AFTER

log = logging.getLogger("kabinet.api")

_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


_STATUS = {LinkRefusal.INVALID: 403, LinkRefusal.EXPIRED: 410, LinkRefusal.NOT_FOUND: 404}


def _attachment(filename: str) -> str:
    """As Starlette's FileResponse says it (RFC 6266)."""
    quoted = quote(filename)
    if quoted != filename:
        return f"attachment; filename*=utf-8''{quoted}"
    return f'attachment; filename="{filename}"'


def files_endpoint(container: Container):  # type: ignore[no-untyped-def]
    async def download(request: Request) -> Response:
        try:
            claims = container.download.open(request.path_params["token"])
        except LinkRefused as refused:
            return PlainTextResponse(refused.refusal.value, status_code=_STATUS[refused.refusal])
        extension = claims.filename.rsplit(".", 1)[-1]
        media_type = _TYPES.get(extension, "application/octet-stream")
        headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
        files = container.files
        path = files.local_path(claims.key)
        if path is not None:
            return FileResponse(
                path, media_type=media_type, filename=claims.filename, headers=headers
            )
        # An object store: the bytes are streamed through, as they come.
        try:
            found = await files.chunks(claims.key)
        except FileStoreUnavailable as error:
            log.warning("file store unavailable: %s", error)
            return PlainTextResponse(
                "Хранилище файлов временно недоступно. Повторите попытку через несколько секунд.",
                status_code=503,
                headers=RETRY_AFTER,
            )
        if found is None:
            return PlainTextResponse(LinkRefusal.NOT_FOUND.value, status_code=404)
        size, chunks = found
        headers["Content-Disposition"] = _attachment(claims.filename)
        headers["Content-Length"] = str(size)
        return StreamingResponse(chunks, media_type=media_type, headers=headers)

    return download
