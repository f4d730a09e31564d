"""GET /files/{token}: signed, expiring download links (D3)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from infra.bootstrap import Container, LinkError, LinkExpired

_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
        if not claims.key.startswith(f"{claims.client_id}/") or not container.files.exists(
            claims.key
        ):
            return PlainTextResponse("Файл не найден.", status_code=404)
        extension = claims.filename.rsplit(".", 1)[-1]
        return FileResponse(
            container.files.path_for(claims.key),
            media_type=_TYPES.get(extension, "application/octet-stream"),
            filename=claims.filename,
            headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
        )

    return download
