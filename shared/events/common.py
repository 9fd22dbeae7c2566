"""Small value types several payloads share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.money import Money


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int | None = None
    name: str = ""

    @classmethod
    def of(cls, actor: Mapping[str, Any]) -> Actor:
        """From the `{"id", "name"}` mapping services keep of who made a request."""
        return cls(id=actor.get("id"), name=actor.get("name") or "")


class CardRange(BaseModel):
    """An inclusive range of card numbers (numbers are strings: they carry a check digit and leading zeros)."""

    model_config = ConfigDict(frozen=True)
    start: str
    end: str
    count: int


class CardGroupTotals(BaseModel):
    """Totals of one run, per customer / contract / activation batch (what the card-consumption report groups by)."""

    model_config = ConfigDict(frozen=True)
    customer_id: int | None = None
    customer_name: str = ""
    contract_id: int | None = None
    contract_name: str = ""
    activation_id: int | None = None
    activation_batch_no: str = ""
    card_count: int
    face_value_total: Money = 0  # type: ignore[assignment]
    red_packet_total: Money = 0  # type: ignore[assignment]
    balance_total: Money = 0  # type: ignore[assignment]
    ranges: list[CardRange] = []
