"""Service-to-service HTTP (`/internal/...`): pooled, with timeouts, authenticated by a service token.

The target may run as several replicas (SUITE_SERVICE_URLS lists their base URLs, comma-separated): calls go
round-robin, and a call that could not connect goes to the next replica. Every `/internal` route is idempotent
by contract (a debit or credit by its order_ref, a read), so a call that reached a replica which then dropped
the connection without answering is sent once more to another; a call that timed out is not (the replica may
still be working on it: the caller's reconciliation settles it). See docs/architecture.md, "Replicas".
"""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from shared.identity import sign_service_token
from shared.observability import REQUEST_ID_HEADER, current_request_id
from shared.problems import Problem
from shared.settings import SuiteSettings

# Certainly not received by the replica: any call may go to the next one.
NOT_RECEIVED = (httpx.ConnectError, httpx.ConnectTimeout)
# Received perhaps, then the connection broke with no answer (a replica stopping or killed).
DROPPED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


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
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=2.0),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
            # Tests hand in the target app's ASGI transport; production talks HTTP.
            transport=transport,
        )

    def _order(self) -> list[str]:
        """Every replica once, starting with the next one in turn."""
        urls = self._base_urls
        start = next(self._turn) % len(urls)
        return urls[start:] + urls[:start]

    async def post(self, path: str, json: Any) -> httpx.Response:
        headers = {"authorization": f"Bearer {sign_service_token(self.caller, self.target, self._secret)}"}
        request_id = current_request_id()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        failure: httpx.HTTPError | None = None
        resent = False
        for base_url in self._order():
            try:
                return await self._client.post(base_url + path, json=json, headers=headers)
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
        raise Problem(503, "upstream_unavailable", f"{self.target} 服务暂不可用") from failure

    async def aclose(self) -> None:
        await self._client.aclose()
