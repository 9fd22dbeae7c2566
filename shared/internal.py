"""Service-to-service HTTP (`/internal/...`): pooled, with timeouts, authenticated by a service token.

The target may run as several replicas (SUITE_SERVICE_URLS lists their base URLs, comma-separated): calls go
round-robin, and a call that could not connect goes to the next replica. Every `/internal` route is idempotent
by contract (a debit or credit by its order_ref, a read), so a call that reached a replica which then dropped
the connection without answering is sent once more to another; a call that timed out is not (the replica may
still be working on it: the caller's reconciliation settles it). See docs/architecture.md, "Replicas".

Production calls go through the lean keep-alive client (shared/upstream.py): httpx cost about half of escort's
CPU per booking. Tests that hand in an httpx transport (the target's ASGI app in process) keep httpx.
"""

from __future__ import annotations

import itertools
import json as jsonlib
from typing import Any

import httpx

from shared.identity import sign_service_token
from shared.observability import REQUEST_ID_HEADER, current_request_id
from shared.problems import Problem
from shared.settings import SuiteSettings
from shared.upstream import UpstreamNotReached, UpstreamPool, UpstreamTimeout, UpstreamUnavailable

CONNECT_TIMEOUT = 2.0
# Idle keep-alive connections kept per replica: enough for a burst's worth of concurrent calls to be reused.
MAX_IDLE = 64
# Certainly not received by the replica: any call may go to the next one.
NOT_RECEIVED = (httpx.ConnectError, httpx.ConnectTimeout)
# Received perhaps, then the connection broke with no answer (a replica stopping or killed).
DROPPED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)
# The cause of a 503 from `post` that means "never left this process": certainly nothing happened there.
NOT_SENT = (httpx.PoolTimeout, *NOT_RECEIVED, UpstreamNotReached)


class InternalResponse:
    """What callers read of an answer: its status and its JSON body (the shape of httpx.Response they used)."""

    __slots__ = ("content", "status_code")

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)  # a ValueError when it is not JSON, as httpx raised


class InternalClient:
    def __init__(
        self,
        caller: str,
        target: str,
        suite: SuiteSettings,
        *,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.caller = caller
        self.target = target
        self._secret = suite.service_secret
        self._base_urls = suite.service_url_list(target)
        self._turn = itertools.count()
        self._pool: UpstreamPool | None = None
        self._client: httpx.AsyncClient | None = None
        if transport is None:
            self._pool = UpstreamPool(self._base_urls, connect_timeout=CONNECT_TIMEOUT, read_timeout=timeout,
                                      max_idle=MAX_IDLE)
        else:  # tests hand in the target app's ASGI transport
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT),
                                             transport=transport)

    async def post(self, path: str, json: Any) -> InternalResponse | httpx.Response:
        token = sign_service_token(self.caller, self.target, self._secret)
        request_id = current_request_id()
        if self._client is not None:
            return await self._post_httpx(self._client, path, json, token, request_id)
        assert self._pool is not None
        headers = [(b"authorization", b"Bearer " + token.encode()), (b"content-type", b"application/json")]
        if request_id:
            headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
        # As httpx encodes a json= body.
        body = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
        try:
            # Round-robin, the next replica when one cannot be reached, one resend of a dropped call and none
            # of a timed-out one: the pool's rules with `resends=1`. Once a call may have been received, the
            # pool keeps that as the cause: callers tell "certainly not sent" from "unknown" by it (NOT_SENT).
            response = await self._pool.request("POST", path.encode(), headers, body, resends=1)
            return InternalResponse(response.status, await response.read())
        except (UpstreamUnavailable, UpstreamTimeout) as exc:
            raise self._unavailable() from exc

    def _order(self) -> list[str]:
        """Every replica once, starting with the next one in turn."""
        urls = self._base_urls
        start = next(self._turn) % len(urls)
        return urls[start:] + urls[:start]

    async def _post_httpx(self, client: httpx.AsyncClient, path: str, json: Any, token: str,
                          request_id: str | None) -> httpx.Response:
        headers = {"authorization": f"Bearer {token}"}
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        failure: httpx.HTTPError | None = None
        resent = False
        for base_url in self._order():
            try:
                return await client.post(base_url + path, json=json, headers=headers)
            except NOT_RECEIVED as exc:
                # Once a call may have been received, that stays the cause: callers tell "certainly not sent"
                # (nothing happened) from "unknown" by it (shared/ledger.py).
                failure = failure if isinstance(failure, DROPPED) else exc
            except DROPPED as exc:
                failure = exc
                if resent:
                    break
                resent = True
            except httpx.HTTPError as exc:  # a timeout: it may still be applied there; not sent twice at once
                failure = failure if isinstance(failure, DROPPED) else exc
                break
        assert failure is not None
        raise self._unavailable() from failure

    def _unavailable(self) -> Problem:
        return Problem(503, "upstream_unavailable", f"{self.target} 服务暂不可用")

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
        if self._client is not None:
            await self._client.aclose()
