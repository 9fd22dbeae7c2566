"""The cards ledger as an ordering service sees it: an idempotent debit and credit by order_ref, three outcomes.

  success  - cards answered 2xx (a replay of the same order_ref answers the same entry).
  refused  - cards answered a 4xx problem: nothing was taken (no card, not owned, not usable, no balance).
  unknown  - no answer or a 5xx: the debit may or may not exist; only the order_ref can tell later.
  not sent - the call never left this process (no connection): certainly nothing was debited.

One client for every context that spends card balances: health, mall and escort.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import httpx
import structlog

from shared.internal import NOT_SENT, InternalClient
from shared.money import format_money
from shared.problems import Problem
from shared.settings import SuiteSettings

log = structlog.get_logger("ledger")
Context = Literal["health", "mall", "escort"]


@dataclass(frozen=True)
class LedgerEntry:
    entry_id: int | None
    card_id: int | None
    card_no: str
    amount: Decimal
    red_packet_part: Decimal | None
    balance_part: Decimal | None


class PaymentRefused(Exception):
    """cards refused with a problem; the same status/code is passed on to the caller."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail

    def problem(self) -> Problem:
        status = self.status if self.status in (403, 404, 409, 422) else 409
        return Problem(status, self.code, self.detail or "卡片支付失败")


class PaymentUnknown(Exception):
    """The ledger did not answer clearly; reconciliation settles the order later by its order_ref."""


class PaymentNotSent(Exception):
    """The call never reached cards: certainly nothing was debited or credited."""


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _entry(body: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(
        entry_id=body.get("entry_id"),
        card_id=body.get("card_id"),
        card_no=str(body.get("card_no") or ""),
        amount=Decimal(str(body.get("amount", "0"))),
        red_packet_part=_decimal(body.get("red_packet_part")),
        balance_part=_decimal(body.get("balance_part")),
    )


class CardsLedger:
    def __init__(self, client: InternalClient, context: Context) -> None:
        self.client = client
        self.context = context

    @classmethod
    def connect(
        cls, context: Context, suite: SuiteSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> CardsLedger:
        """`transport`: tests hand in the cards app's ASGI transport; production calls cards over HTTP."""
        return cls(InternalClient(context, "cards", suite, transport=transport), context)

    async def _post(self, path: str, body: dict[str, Any]) -> LedgerEntry:
        try:
            response = await self.client.post(path, body)
        except Problem as exc:  # InternalClient: transport failure or timeout
            if isinstance(exc.__cause__, NOT_SENT):
                raise PaymentNotSent(exc.detail) from exc
            raise PaymentUnknown(exc.detail) from exc
        if response.status_code in (200, 201):
            return _entry(response.json())
        if 400 <= response.status_code < 500:
            try:
                problem = response.json()
            except ValueError:
                problem = {}
            raise PaymentRefused(response.status_code, str(problem.get("code", "payment_refused")),
                                 str(problem.get("detail", "")))
        log.warning("ledger_unclear_answer", path=path, status=response.status_code)
        raise PaymentUnknown(f"cards answered {response.status_code}")

    async def debit(
        self,
        *,
        order_ref: str,
        amount: Decimal,
        card_no: str | None,
        card_id: int | None,
        member_id: int,
        use_red_packet: bool,
        memo: str,
    ) -> LedgerEntry:
        return await self._post("/internal/cards/debits", {
            "card_no": card_no,
            "card_id": card_id,
            "amount": format_money(amount),
            "order_ref": order_ref,
            "context": self.context,
            "member_id": member_id,
            "use_red_packet": use_red_packet,
            "memo": memo,
        })

    async def credit(self, *, order_ref: str, amount: Decimal, reason: str, debit_ref: str | None = None
                     ) -> LedgerEntry:
        """At most one credit per order_ref (cards keeps it idempotent); `amount` may be part of the debit.
        A second partial refund of one debit has an order_ref of its own and names the debit in `debit_ref`."""
        body = {"order_ref": order_ref, "amount": format_money(amount), "context": self.context, "reason": reason}
        if debit_ref is not None:
            body["debit_ref"] = debit_ref
        return await self._post("/internal/cards/credits", body)

    async def aclose(self) -> None:
        await self.client.aclose()
