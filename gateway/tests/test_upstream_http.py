"""The proxy over real HTTP (the production path: shared/upstream.py) to a service app served by uvicorn
in this process: keep-alive reuse, streamed bodies both ways (sized and chunked), HEAD/204, timeouts, and a
service that is down."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from fastapi import APIRouter, Request
from starlette.responses import Response

from gateway.main import create_app
from shared.testing import client_for, wait_for


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def served(harness, make_echo_service) -> AsyncIterator[tuple[object, dict[str, str]]]:
    """(gateway client, admin headers) with `mall` served over HTTP by uvicorn and `escort` down."""
    service = make_echo_service("mall")
    extra = APIRouter()

    @extra.get("/api/mall/empty", status_code=204)
    async def empty(request: Request) -> Response:
        return Response(status_code=204)

    @extra.get("/api/mall/connection")
    async def connection(request: Request) -> dict[str, object]:
        return {"peer_port": request.client.port if request.client else None}

    service.include_router(extra)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(service, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="on", proxy_headers=False))
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        return server.started

    await wait_for(started, timeout=10)
    app = create_app(harness.settings, service_urls={"mall": f"http://127.0.0.1:{port}",
                                                     "escort": f"http://127.0.0.1:{_free_port()}"})
    try:
        async with client_for(app) as client:
            login = await client.post("/api/auth/login", json={"username": "admin", "password": "admin123"})
            yield client, {"authorization": f"Bearer {login.json()['access_token']}"}
    finally:
        server.should_exit = True
        await task


async def test_identity_query_and_keep_alive(served) -> None:
    client, admin = served
    echoed = await client.get("/api/mall/echo?perm=mall:goods:list&q=%E4%B8%AD", headers=admin)
    assert echoed.status_code == 200, echoed.text
    body = echoed.json()
    assert body["kind"] == "staff" and body["superuser"] is True and body["scope"]["all"] is True
    assert body["query"] == "perm=mall:goods:list&q=%E4%B8%AD"
    assert body["headers"]["host"].startswith("127.0.0.1:") and body["headers"]["x-request-id"]
    ports = [(await client.get("/api/mall/connection", headers=admin)).json()["peer_port"] for _ in range(10)]
    assert ports[0] and len(set(ports)) == 1, ports  # sequential requests reuse one upstream connection
    assert (await client.get("/api/mall/echo")).status_code == 401


async def test_bodies_both_ways(served) -> None:
    client, admin = served
    payload = b"abcdefghij" * 2_000_000  # 20 MB with a content-length
    sized = await client.post("/api/mall/upload", headers=admin, content=payload)
    assert sized.status_code == 200 and sized.json() == {"size": len(payload)}

    async def pieces() -> AsyncIterator[bytes]:
        for _ in range(50):
            yield b"x" * 10_000

    chunked = await client.post("/api/mall/upload", headers=admin, content=pieces())
    assert chunked.status_code == 200 and chunked.json() == {"size": 500_000}
    downloaded = await client.get("/api/mall/download", headers=admin)
    assert downloaded.status_code == 200 and downloaded.content == b"x" * 300_000
    assert downloaded.headers["x-custom"] == "kept" and len(downloaded.headers.get_list("x-request-id")) == 1
    created = await client.post("/api/mall/echo", headers=admin, json={"a": 1})
    assert created.status_code == 201 and created.json() == {"id": 77}
    # The connection is still good after all that.
    assert (await client.get("/api/mall/echo", headers=admin)).status_code == 200


async def test_head_and_no_content(served) -> None:
    client, admin = served
    empty = await client.get("/api/mall/empty", headers=admin)
    assert empty.status_code == 204 and empty.content == b""
    head = await client.head("/api/mall/download", headers=admin)
    assert head.status_code in (200, 405) and head.content == b""
    assert (await client.get("/api/mall/echo", headers=admin)).status_code == 200


async def test_slow_is_504_and_down_is_503(served) -> None:
    client, admin = served
    slow = await client.get("/api/mall/slow", headers=admin)
    assert slow.status_code == 504 and slow.json()["code"] == "upstream_timeout"
    down = await client.get("/api/escort/orders", headers=admin)
    assert down.status_code == 503 and down.json()["code"] == "upstream_unavailable"
    assert (await client.get("/api/mall/echo", headers=admin)).status_code == 200


async def test_one_date_and_one_server_header_through_a_served_gateway(harness, make_echo_service) -> None:
    """Both the service's server and the gateway's add `date` and `server`: the caller must see one of each
    (the gateway's), not the upstream's pair passed through next to its own."""
    service = make_echo_service("mall")
    ports = _free_port(), _free_port()
    upstream = uvicorn.Server(uvicorn.Config(service, host="127.0.0.1", port=ports[0], log_level="warning",
                                             access_log=False, lifespan="on"))
    app = create_app(harness.settings, service_urls={"mall": f"http://127.0.0.1:{ports[0]}"})
    front = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=ports[1], log_level="warning",
                                          access_log=False, lifespan="on"))
    tasks = [asyncio.create_task(upstream.serve()), asyncio.create_task(front.serve())]
    try:
        async def started() -> bool:
            return upstream.started and front.started

        await wait_for(started, timeout=10)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports[1]}") as client:
            login = await client.post("/api/auth/login", json={"username": "admin", "password": "admin123"})
            admin = {"authorization": f"Bearer {login.json()['access_token']}"}
            for path in ("/api/mall/echo", "/api/mall/download", "/api/system/users"):
                answer = await client.get(path, headers=admin)
                assert answer.status_code == 200, (path, answer.text[:200])
                assert len(answer.headers.get_list("date")) == 1, (path, answer.headers)
                assert len(answer.headers.get_list("server")) == 1, (path, answer.headers)
    finally:
        upstream.should_exit = front.should_exit = True
        await asyncio.gather(*tasks)
