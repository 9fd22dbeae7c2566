"""The gateway serves the built console: hashed assets cached for a year, every page path answered with
index.html (history fallback, never cached), API paths and missing files never answered with the page."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from gateway.console import IMMUTABLE, console_router
from shared.problems import install_problem_handlers


def app_serving(directory: Path) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    install_problem_handlers(app)

    @app.get("/api/ping")
    async def ping() -> dict[str, bool]:
        return {"ok": True}

    app.include_router(console_router(directory))
    return app


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><div id="app"></div>', encoding="utf-8")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "favicon.ico").write_bytes(b"\0\0")
    (tmp_path.parent / "secret.txt").write_text("outside", encoding="utf-8")
    return tmp_path


async def get(app: FastAPI, path: str, **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://console") as client:
        return await client.get(path, headers=headers)


async def test_pages_answer_index_html_uncached(dist: Path) -> None:
    app = app_serving(dist)
    for path in ("/", "/login", "/index.html", "/crm/customers", "/crm/customers/12"):
        res = await get(app, path)
        assert res.status_code == 200, path
        assert 'id="app"' in res.text
        if path != "/index.html":
            assert res.headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_cached_for_a_year(dist: Path) -> None:
    res = await get(app_serving(dist), "/assets/index-abc123.js")
    assert res.status_code == 200
    assert res.headers["cache-control"] == IMMUTABLE
    assert res.text == "console.log(1)"


async def test_scripts_are_sent_gzipped_to_browsers_that_accept_it(dist: Path) -> None:
    app = app_serving(dist)
    zipped = await get(app, "/assets/index-abc123.js", **{"accept-encoding": "gzip, br"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["content-type"].startswith("text/javascript")
    assert zipped.text == "console.log(1)"  # httpx decodes it
    assert zipped.headers["cache-control"] == IMMUTABLE
    plain = await get(app, "/assets/index-abc123.js", **{"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == "console.log(1)"


async def test_missing_files_and_api_paths_are_not_the_page(dist: Path) -> None:
    app = app_serving(dist)
    for path in ("/assets/index-old999.js", "/robots.txt", "/api/nowhere", "/openapi.json", "/docs/x"):
        res = await get(app, path)
        assert res.status_code == 404, path
        assert res.headers["content-type"].startswith("application/problem+json")
    assert (await get(app, "/api/ping")).json() == {"ok": True}


async def test_no_file_outside_the_build_is_served(dist: Path) -> None:
    res = await get(app_serving(dist), "/../secret.txt")
    assert "outside" not in res.text
    res = await get(app_serving(dist), "/%2e%2e/secret.txt")
    assert "outside" not in res.text


async def test_unbuilt_console_says_how_to_build_it(tmp_path: Path) -> None:
    res = await get(app_serving(tmp_path / "missing"), "/")
    assert res.status_code == 503
    assert "npm run build" in res.text
