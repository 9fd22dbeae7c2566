"""The admin console (`console/`, a Vue single-page app) served by the gateway at `/`, on the same origin as `/api`.

`console/dist` is what `npm run build` writes (./scripts/start builds it when its sources changed). Hashed files
under `/assets/` never change under one name: they are cached for a year. Every other path that is not the API's
(`/crm/customers`, `/login`...) answers `index.html`, never cached, so the browser's router shows the page
(history fallback). `GATEWAY_CONSOLE_DIR` points elsewhere (a deployment's prebuilt copy).
"""

from __future__ import annotations

import gzip
import mimetypes
import os
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from starlette.responses import FileResponse, HTMLResponse, Response

from shared.problems import Problem
from shared.settings import REPO_ROOT

# Paths the console never answers: the API areas and the gateway's own documents and probes.
RESERVED_PREFIXES = ("api", "app", "partner", "internal", "docs", "redoc", "openapi.json", "asyncapi.json",
                     "metrics", "healthz", "readyz", "livez")
IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".map")
NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>管理后台未构建</title>
<p>管理后台还没有构建：<code>cd console &amp;&amp; npm ci &amp;&amp; npm run build</code>
（或重新运行 <code>./scripts/start</code>，它在需要时自动构建；需要 Node.js 20）。</p>
<p>API 文档：<a href="/docs">/docs</a></p>"""


def console_dir() -> Path:
    return Path(os.environ.get("GATEWAY_CONSOLE_DIR") or REPO_ROOT / "console" / "dist")


@lru_cache(maxsize=256)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    """A hashed asset compressed once (the key has its mtime, so a rebuilt file is compressed again)."""
    return gzip.compress(path.read_bytes(), compresslevel=6)


def asset_response(request: Request, path: Path, cache: str) -> Response:
    """Scripts and styles gzipped for browsers that accept it (most of what the console weighs)."""
    if path.suffix in COMPRESSIBLE and "gzip" in request.headers.get("accept-encoding", ""):
        body = _gzipped(path, path.stat().st_mtime_ns)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Response(body, media_type=media_type, headers={
            "Cache-Control": cache, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return FileResponse(path, headers={"Cache-Control": cache, "Vary": "Accept-Encoding"})


def console_router(directory: Path | None = None) -> APIRouter:
    root = (directory or console_dir()).resolve()
    router = APIRouter()

    @router.get("/{path:path}", include_in_schema=False, response_class=Response)
    async def console(path: str, request: Request) -> Response:
        first = path.split("/", 1)[0]
        if first in RESERVED_PREFIXES:
            raise Problem(404, "not_found", "接口不存在")
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": "no-store"})
        if path:
            candidate = (root / path).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                cache = IMMUTABLE if path.startswith("assets/") else "public, max-age=300"
                return asset_response(request, candidate, cache)
            if path.startswith("assets/") or "." in path.rsplit("/", 1)[-1]:
                # A missing file (an old hashed asset after a deploy) must not be answered with index.html.
                raise Problem(404, "not_found", "文件不存在")
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    @router.api_route("/{path:path}", methods=["POST", "PUT", "PATCH", "DELETE"], include_in_schema=False,
                      response_class=Response)
    async def no_such_operation(path: str) -> Response:
        # Without this, a write to a path no route serves met the GET catch-all above and answered 405: an API or
        # /internal path the gateway does not route must read as absent (404), as it did before the console.
        if path.split("/", 1)[0] in RESERVED_PREFIXES:
            raise Problem(404, "not_found", "接口不存在")
        raise Problem(405, "method_not_allowed", "管理后台的页面只能读取")

    return router


def mount_console(app: FastAPI, directory: Path | None = None) -> None:
    """Adds the console's catch-all route last, after every API route of the gateway."""
    app.include_router(console_router(directory))
