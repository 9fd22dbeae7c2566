"""Service-to-service HTTP (`/internal/...`): pooled, with timeouts, authenticated by a service token."""

from __future__ import annotations

from typing import Any

import httpx

from shared.identity import sign_service_token
from shared.observability import REQUEST_ID_HEADER, current_request_id
from shared.problems import Problem
from shared.settings import SuiteSettings


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
        self._client = httpx.AsyncClient(
            base_url=suite.service_url(target),
            timeout=httpx.Timeout(timeout, connect=2.0),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
            # Tests hand in the target app's ASGI transport; production talks HTTP.
            transport=transport,
        )

    async def post(self, path: str, json: Any) -> httpx.Response:
        headers = {"authorization": f"Bearer {sign_service_token(self.caller, self.target, self._secret)}"}
        request_id = current_request_id()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        try:
            return await self._client.post(path, json=json, headers=headers)
        except httpx.HTTPError as exc:
            raise Problem(503, "upstream_unavailable", f"{self.target} 服务暂不可用") from exc

    async def aclose(self) -> None:
        await self._client.aclose()
