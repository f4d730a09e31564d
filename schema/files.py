"""GET /files/{token}: signed, expiring download links (D3)."""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse

from infra.bootstrap import Container, FileStoreUnavailable, LinkError, LinkExpired
from schema.outage import RETRY_AFTER

log = logging.getLogger("kabinet.api")

_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _attachment(filename: str) -> str:
    """As Starlette's FileResponse says it (RFC 6266)."""
    quoted = quote(filename)
    if quoted != filename:
        return f"attachment; filename*=utf-8''{quoted}"
    return f'attachment; filename="{filename}"'


def files_endpoint(container: Container):  # type: ignore[no-untyped-def]
    async def download(request: Request) -> Response:
        token = request.path_params["token"]
        if len(token) > 2048:
            return PlainTextResponse("Ссылка недействительна.", status_code=403)
        try:
            claims = container.links.verify(token, container.clock.now())
        except LinkExpired:
            return PlainTextResponse(
                "Срок действия ссылки истёк. Закажите счёт ещё раз.", status_code=410
            )
        except (LinkError, ValueError, KeyError):
            return PlainTextResponse("Ссылка недействительна.", status_code=403)
        if not claims.key.startswith(f"{claims.client_id}/"):
            return PlainTextResponse("Файл не найден.", status_code=404)
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
            return PlainTextResponse("Файл не найден.", status_code=404)
        size, chunks = found
        headers["Content-Disposition"] = _attachment(claims.filename)
        headers["Content-Length"] = str(size)
        return StreamingResponse(chunks, media_type=media_type, headers=headers)

    return download
