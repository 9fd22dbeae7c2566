"""Which cards a member holds, asked of cards (POST /internal/cards/active-cards): the customer and the card kind
of each active card decide whether the member may join a campaign limited to them (docs/domains/health.md)."""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from shared.internal import InternalClient
from shared.problems import Problem

log = structlog.get_logger("health.campaigns")


@dataclass(frozen=True)
class HeldCard:
    card_no: str
    customer_id: int | None
    card_kind: str


class CardHoldings:
    def __init__(self, client: InternalClient) -> None:
        self.client = client

    async def active_cards(self, member_id: int) -> list[HeldCard]:
        """The member's active cards; a cards service that cannot answer is a 503 (nothing is signed up)."""
        response = await self.client.post("/internal/cards/active-cards", {"member_id": member_id})
        if response.status_code != 200:
            log.warning("active_cards_unanswered", status=response.status_code)
            raise Problem(503, "upstream_unavailable", "卡片服务暂不可用，请稍后再试")
        return [HeldCard(card_no=c["card_no"], customer_id=c.get("customer_id"), card_kind=c.get("card_kind") or "")
                for c in response.json()["data_list"]]
