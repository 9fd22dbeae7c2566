"""What 用户管理 asks the services about a member (`/internal/<service>/members/...`, with a service token).

A service that cannot be reached or answers badly yields None: the member list shows no card columns and the
detail marks that section unavailable, instead of the whole answer failing (see docs/domains/gateway.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import httpx
import structlog
from pydantic import BaseModel, ValidationError

from gateway.runtime import Gateway
from shared.identity import sign_service_token
from shared.member_desk import CardHolder, MemberCards, MemberCardSummaries, MemberOrders, MemberTickets
from shared.observability import REQUEST_ID_HEADER, current_request_id

log = structlog.get_logger("members")
Answer = TypeVar("Answer", bound=BaseModel)
ORDER_SERVICES = ("health", "mall", "escort")
# Ids per card-summary call: a page is one call; an export goes in chunks of this many.
SUMMARY_CHUNK = 500
# A desk read waits this long at most: a hung service marks its section unavailable instead of holding the page
# for the proxy's whole upstream timeout.
READ_TIMEOUT = 5.0


async def ask(gateway: Gateway, service: str, path: str, answer: type[Answer],
              params: Sequence[tuple[str, Any]] = ()) -> Answer | None:
    token = sign_service_token("gateway", service, gateway.settings.suite.service_secret)
    headers = {"authorization": f"Bearer {token}"}
    request_id = current_request_id()
    if request_id:
        headers[REQUEST_ID_HEADER] = request_id
    try:
        response = await gateway.upstream(service).get(
            path, params=list(params), headers=headers,
            timeout=httpx.Timeout(READ_TIMEOUT, connect=gateway.settings.upstream_connect_timeout))
    except httpx.HTTPError as exc:
        log.warning("member_desk_upstream_unavailable", service=service, path=path, error=str(exc))
        return None
    if response.status_code != 200:
        log.warning("member_desk_upstream_refused", service=service, path=path, status=response.status_code)
        return None
    try:
        return answer.model_validate_json(response.content)
    except ValidationError as exc:
        log.warning("member_desk_upstream_unreadable", service=service, path=path, error=str(exc))
        return None


async def card_summaries(gateway: Gateway, member_ids: Sequence[int]) -> dict[int, tuple[int, Any]] | None:
    """member id -> (bound cards, their balance added up), in one call per SUMMARY_CHUNK ids; None if cards is
    down."""
    found: dict[int, tuple[int, Any]] = {}
    for start in range(0, len(member_ids), SUMMARY_CHUNK):
        chunk = member_ids[start:start + SUMMARY_CHUNK]
        answer = await ask(gateway, "cards", "/internal/cards/members/summary", MemberCardSummaries,
                           [("member_id", mid) for mid in chunk])
        if answer is None:
            return None
        found.update({s.member_id: (s.card_count, s.balance) for s in answer.data_list})
    return found


async def card_holder(gateway: Gateway, card_no: str) -> CardHolder | None:
    return await ask(gateway, "cards", "/internal/cards/members/holder", CardHolder, [("card_no", card_no)])


async def member_cards(gateway: Gateway, member_id: int) -> MemberCards | None:
    return await ask(gateway, "cards", f"/internal/cards/members/{member_id}/cards", MemberCards)


async def member_orders(gateway: Gateway, service: str, member_id: int) -> MemberOrders | None:
    return await ask(gateway, service, f"/internal/{service}/members/{member_id}/orders", MemberOrders)


async def member_tickets(gateway: Gateway, member_id: int) -> MemberTickets | None:
    return await ask(gateway, "crm", f"/internal/crm/members/{member_id}/tickets", MemberTickets)
