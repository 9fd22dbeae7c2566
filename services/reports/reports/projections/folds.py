"""Folding events into deltas: what each consumed event changes in the projections, summed in memory before
`projector.write` stores it (one upsert per touched row, not per event).

Every fold is order-independent (sums, newest revision, newest name, earliest void), so any arrival order and
any batching give the same figures. `FOLDS_BY_EVENT` names each event by its payload class; `OrderSettled`,
which health, mall and escort all send, is named by routing key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reports.projections.models import DimKind
from shared.bus.handlers import routing_key_of
from shared.dates import business_date
from shared.events import cards, crm, gateway, mall, orders
from shared.events.catalogue import parse
from shared.events.common import CardGroupTotals
from shared.events.envelope import Envelope, EventModel

ZERO = Decimal("0.00")


@dataclass
class CardFlows:
    cards_issued: int = 0
    cards_charged: int = 0
    cards_activated: int = 0
    cards_expired: int = 0
    face_value: Decimal = ZERO
    red_packet_granted: Decimal = ZERO
    balance_debited: Decimal = ZERO
    balance_refunded: Decimal = ZERO
    red_packet_debited: Decimal = ZERO
    red_packet_refunded: Decimal = ZERO
    balance_expired: Decimal = ZERO
    red_packet_expired: Decimal = ZERO
    red_packet_revoked: Decimal = ZERO


@dataclass
class SaleFlows:
    orders: int = 0
    quantity: int = 0
    sale_amount: Decimal = ZERO
    settlement_amount: Decimal = ZERO


@dataclass
class EscortFlows:
    orders: int = 0
    quantity: int = 0
    sale_amount: Decimal = ZERO
    escort_share: Decimal = ZERO
    platform_share: Decimal = ZERO


CARD_MEASURES = tuple(f.name for f in fields(CardFlows))
SALE_MEASURES = tuple(f.name for f in fields(SaleFlows))


@dataclass
class Deltas:
    """What a batch of new events changes, before it is written."""

    names: dict[tuple[str, int], tuple[datetime, str]] = field(default_factory=dict)
    contracts: dict[int, dict[str, Any]] = field(default_factory=dict)
    voids: dict[int, datetime] = field(default_factory=dict)
    payments: dict[int, dict[str, Any]] = field(default_factory=dict)
    cards: dict[tuple[date, int, int, int], CardFlows] = field(default_factory=dict)
    goods: dict[tuple[date, int, int, int], SaleFlows] = field(default_factory=dict)
    goods_brands: dict[tuple[date, int], SaleFlows] = field(default_factory=dict)
    hospitals: dict[tuple[date, int, int], SaleFlows] = field(default_factory=dict)
    escorts: dict[tuple[date, int, int], EscortFlows] = field(default_factory=dict)

    def name(self, kind: str, ident: int | None, name: str, as_of: datetime) -> None:
        """Keeps the newest name; ties go to the greater string so the result never depends on order."""
        if ident is None or not name:
            return
        key = (kind, ident)
        current = self.names.get(key)
        if current is None or (as_of, name) > current:
            self.names[key] = (as_of, name)

    def card(self, day: date, customer_id: int | None, contract_id: int | None, activation_id: int | None) -> CardFlows:
        key = (day, customer_id or 0, contract_id or 0, activation_id or 0)
        flows = self.cards.get(key)
        if flows is None:
            flows = self.cards[key] = CardFlows()
        return flows


# ---------------------------------------------------------------- folding events into deltas


def _staff_changed(d: Deltas, e: gateway.StaffChanged, at: datetime) -> None:
    # Renames of salespeople and departments reach the reports here: no CRM record changes with them.
    d.name(DimKind.STAFF, e.staff_id, e.name, at)
    d.name(DimKind.DEPT, e.dept_id, e.dept_name, at)


def _customer_snapshot(d: Deltas, e: crm.CustomerSnapshot, at: datetime) -> None:
    d.name(DimKind.CUSTOMER, e.customer_id, e.name, at)
    d.name(DimKind.STAFF, e.owner_id, e.owner_name, at)
    d.name(DimKind.DEPT, e.dept_id, e.dept_name, at)


def _owner_changed(d: Deltas, e: crm.CustomerOwnerChanged, at: datetime) -> None:
    d.name(DimKind.CUSTOMER, e.customer_id, e.customer_name, at)
    d.name(DimKind.STAFF, e.new_owner.id, e.new_owner.name, at)
    d.name(DimKind.STAFF, e.old_owner.id, e.old_owner.name, at)
    d.name(DimKind.DEPT, e.new_dept_id, e.new_dept_name, at)


def _contract_approved(d: Deltas, e: crm.ContractApproved, at: datetime) -> None:
    d.name(DimKind.CUSTOMER, e.customer_id, e.customer_name, at)
    d.name(DimKind.CONTRACT, e.contract_id, e.contract_name, at)
    d.name(DimKind.STAFF, e.owner_id, e.owner_name, at)
    d.name(DimKind.DEPT, e.dept_id, e.dept_name, at)
    row = {
        "contract_id": e.contract_id,
        "contract_no": e.contract_no,
        "customer_id": e.customer_id,
        "owner_id": e.owner_id,
        "dept_id": e.dept_id,
        "amount": e.amount,
        "approved_at": e.approved_at,
        "approved_day": business_date(e.approved_at),
        "as_of": at,
    }
    current = d.contracts.get(e.contract_id)
    if current is None or at > current["as_of"]:
        d.contracts[e.contract_id] = row


def _contract_rejected(d: Deltas, e: crm.ContractRejected, at: datetime) -> None:
    # Not a sale; only the names are worth keeping (the raw event stays in the store).
    d.name(DimKind.CUSTOMER, e.customer_id, e.customer_name, at)
    d.name(DimKind.CONTRACT, e.contract_id, e.contract_name, at)


def _contract_voided(d: Deltas, e: crm.ContractVoided, at: datetime) -> None:
    d.name(DimKind.CUSTOMER, e.customer_id, e.customer_name, at)
    d.name(DimKind.CONTRACT, e.contract_id, e.contract_name, at)
    # The earliest void stands, so the result does not depend on which copy came first.
    current = d.voids.get(e.contract_id)
    if current is None or e.voided_at < current:
        d.voids[e.contract_id] = e.voided_at


def _payment(deleted: bool) -> Callable[[Deltas, crm.PaymentSnapshot, datetime], None]:
    def fold(d: Deltas, e: crm.PaymentSnapshot, at: datetime) -> None:
        d.name(DimKind.CUSTOMER, e.customer_id, e.customer_name, at)
        d.name(DimKind.CONTRACT, e.contract_id, e.contract_name, at)
        d.name(DimKind.STAFF, e.owner_id, e.owner_name, at)
        d.name(DimKind.DEPT, e.dept_id, e.dept_name, at)
        row = {
            "payment_id": e.payment_id,
            "revision": e.revision,
            "contract_id": e.contract_id,
            "customer_id": e.customer_id,
            "owner_id": e.owner_id,
            "dept_id": e.dept_id,
            "amount": e.amount,
            "received_at": e.received_at,
            "received_day": business_date(e.received_at),
            "deleted": deleted,
        }
        current = d.payments.get(e.payment_id)
        # A deletion wins a tie with a change of the same revision, whatever order they came in.
        if current is None or (e.revision, deleted) > (current["revision"], current["deleted"]):
            d.payments[e.payment_id] = row

    return fold


def _group_flows(
    d: Deltas, groups: Iterable[CardGroupTotals], day: date, at: datetime
) -> Iterator[tuple[CardGroupTotals, CardFlows]]:
    """Each card group of a cards event with the flows of its row (day, customer, contract, batch), the group's
    names kept on the way."""
    for g in groups:
        d.name(DimKind.CUSTOMER, g.customer_id, g.customer_name, at)
        d.name(DimKind.CONTRACT, g.contract_id, g.contract_name, at)
        d.name(DimKind.ACTIVATION, g.activation_id, g.activation_batch_no, at)
        yield g, d.card(day, g.customer_id, g.contract_id, g.activation_id)


def _cards_issued(d: Deltas, e: cards.CardsIssued, at: datetime) -> None:
    d.name(DimKind.CUSTOMER, e.customer_id, e.customer_name, at)
    d.name(DimKind.CONTRACT, e.contract_id, e.contract_name, at)
    d.name(DimKind.STAFF, e.owner_id, e.owner_name, at)
    # Issued cards belong to no activation batch yet: they sit on the contract's row (activation 0).
    d.card(business_date(e.issued_at), e.customer_id, e.contract_id, None).cards_issued += e.quantity


def _cards_charged(d: Deltas, e: cards.CardsCharged, at: datetime) -> None:
    for g, flows in _group_flows(d, e.groups, business_date(e.charged_at), at):
        flows.cards_charged += g.card_count
        flows.face_value += g.face_value_total
        flows.red_packet_granted += g.red_packet_total


def _red_packets_granted(d: Deltas, e: cards.RedPacketsGranted, at: datetime) -> None:
    for g, flows in _group_flows(d, e.groups, business_date(e.granted_at), at):
        flows.red_packet_granted += g.red_packet_total


def _red_packets_revoked(d: Deltas, e: cards.RedPacketsRevoked, at: datetime) -> None:
    # Only the unused part leaves the cards (what was spent stays in red_packet_debited).
    for g, flows in _group_flows(d, e.groups, business_date(e.revoked_at), at):
        flows.red_packet_revoked += g.red_packet_total


def _cards_activated(d: Deltas, e: cards.CardsActivated, at: datetime) -> None:
    for g, flows in _group_flows(d, e.groups, business_date(e.activated_at), at):
        flows.cards_activated += g.card_count


def _cards_expired(d: Deltas, e: cards.CardsExpired, at: datetime) -> None:
    for g, flows in _group_flows(d, e.groups, business_date(e.expired_at), at):
        if e.what == "cards":
            # The card's validity ended: its balance and whatever red packet it still held lapse with it.
            flows.cards_expired += g.card_count
            flows.balance_expired += g.balance_total
        flows.red_packet_expired += g.red_packet_total


def _ledger(refund: bool) -> Callable[[Deltas, cards.CardLedgerEvent, datetime], None]:
    def fold(d: Deltas, e: cards.CardLedgerEvent, at: datetime) -> None:
        d.name(DimKind.ACTIVATION, e.activation_id, e.activation_batch_no, at)
        flows = d.card(business_date(e.occurred_at), e.customer_id, e.contract_id, e.activation_id)
        if refund:
            flows.balance_refunded += e.balance_part
            flows.red_packet_refunded += e.red_packet_part
        else:
            flows.balance_debited += e.balance_part
            flows.red_packet_debited += e.red_packet_part

    return fold


GoodsKey = tuple[int, int, int]  # goods, brand, category (0: none)


def _mall_lines(
    d: Deltas, lines: Iterable[orders.MallLine], at: datetime
) -> tuple[dict[GoodsKey, SaleFlows], dict[int, SaleFlows]]:
    """The lines' quantity and amounts summed per goods and per brand (an order counts once in each, however
    many lines it has of them), their names kept on the way."""
    per_goods: dict[GoodsKey, SaleFlows] = {}
    per_brand: dict[int, SaleFlows] = {}
    for line in lines:
        d.name(DimKind.GOODS, line.goods_id, line.goods_name, at)
        d.name(DimKind.MALL_BRAND, line.brand_id, line.brand_name, at)
        d.name(DimKind.MALL_CATEGORY, line.category_id, line.category_name, at)
        key = (line.goods_id, line.brand_id or 0, line.category_id or 0)
        for flows in (per_goods.setdefault(key, SaleFlows()), per_brand.setdefault(line.brand_id or 0, SaleFlows())):
            flows.quantity += line.quantity
            flows.sale_amount += line.sale_amount
            flows.settlement_amount += line.settlement_amount
    return per_goods, per_brand


def _mall_settled(d: Deltas, e: orders.OrderSettled, at: datetime) -> None:
    day = business_date(e.settled_at)
    per_goods, per_brand = _mall_lines(d, (line for line in e.lines if isinstance(line, orders.MallLine)), at)
    for (goods_id, brand_id, category_id), flows in per_goods.items():
        _add_sale(d.goods.setdefault((day, goods_id, brand_id, category_id), SaleFlows()), flows)
    for brand_id, flows in per_brand.items():
        _add_sale(d.goods_brands.setdefault((day, brand_id), SaleFlows()), flows)


def _mall_refunded(d: Deltas, e: mall.OrderRefunded, at: datetime) -> None:
    """A refund after settlement takes its goods back out of the goods reports on the refund's day: the order
    no longer counts, nor its returned quantity, refunded sale and the settlement taken back. Subtraction
    is addition of negatives, so redelivery (inbox, event store) and arrival order change nothing."""
    day = business_date(e.refunded_at)
    per_goods, per_brand = _mall_lines(d, e.lines, at)
    # A partial return leaves the order counted for the goods and brands the member keeps some of.
    for (goods_id, brand_id, category_id), flows in per_goods.items():
        _take_back(d.goods.setdefault((day, goods_id, brand_id, category_id), SaleFlows()), flows,
                   leaves=goods_id not in e.kept_goods_ids)
    for brand_id, flows in per_brand.items():
        _take_back(d.goods_brands.setdefault((day, brand_id), SaleFlows()), flows,
                   leaves=brand_id not in e.kept_brand_ids)


def _health_settled(d: Deltas, e: orders.OrderSettled, at: datetime) -> None:
    day = business_date(e.settled_at)
    per_hospital: dict[tuple[int, int], SaleFlows] = {}
    for line in e.lines:
        if not isinstance(line, orders.HealthLine):
            continue
        d.name(DimKind.HOSPITAL, line.hospital_id, line.hospital_name, at)
        d.name(DimKind.HEALTH_BRAND, line.brand_id, line.brand_name, at)
        flows = per_hospital.setdefault((line.hospital_id, line.brand_id or 0), SaleFlows())
        flows.quantity += line.quantity
        flows.sale_amount += line.sale_amount
        flows.settlement_amount += line.settlement_amount
    for (hospital_id, brand_id), flows in per_hospital.items():
        _add_sale(d.hospitals.setdefault((day, hospital_id, brand_id), SaleFlows()), flows)


def _escort_settled(d: Deltas, e: orders.OrderSettled, at: datetime) -> None:
    """A completed escort order, on its settlement day, under its hospital and escort. The event's
    settlement amount is the escort's share; the platform keeps the rest. A completed escort order is final
    (cancellation and refund end orders before the service starts, docs/domains/escort.md), so no later
    event takes it back out."""
    day = business_date(e.settled_at)
    per_key: dict[tuple[int, int], EscortFlows] = {}
    for line in e.lines:
        if not isinstance(line, orders.EscortLine):
            continue
        d.name(DimKind.ESCORT_HOSPITAL, line.hospital_id, line.hospital_name, at)
        d.name(DimKind.ESCORT, line.escort_id, line.escort_name, at)
        flows = per_key.setdefault((line.hospital_id or 0, line.escort_id or 0), EscortFlows())
        flows.quantity += line.quantity
        flows.sale_amount += line.sale_amount
        flows.escort_share += line.settlement_amount
        flows.platform_share += line.sale_amount - line.settlement_amount
    for (hospital_id, escort_id), flows in per_key.items():
        total = d.escorts.setdefault((day, hospital_id, escort_id), EscortFlows())
        total.orders += 1  # one order counts once under each hospital and escort it names
        total.quantity += flows.quantity
        total.sale_amount += flows.sale_amount
        total.escort_share += flows.escort_share
        total.platform_share += flows.platform_share


def _add_sale(total: SaleFlows, order: SaleFlows) -> None:
    total.orders += 1
    total.quantity += order.quantity
    total.sale_amount += order.sale_amount
    total.settlement_amount += order.settlement_amount


def _take_back(total: SaleFlows, refund: SaleFlows, *, leaves: bool = True) -> None:
    total.orders -= 1 if leaves else 0
    total.quantity -= refund.quantity
    total.sale_amount -= refund.sale_amount
    total.settlement_amount -= refund.settlement_amount


def _raw_only(d: Deltas, e: EventModel, at: datetime) -> None:
    """Kept in the event store for a later report; no current projection reads it."""


Fold = Callable[[Deltas, Any, datetime], None]

FOLDS_BY_EVENT: dict[type[EventModel] | str, Fold] = {
    gateway.StaffChanged: _staff_changed,
    crm.CustomerCreated: _customer_snapshot,
    crm.CustomerUpdated: _customer_snapshot,
    crm.CustomerOwnerChanged: _owner_changed,
    crm.ContractApproved: _contract_approved,
    crm.ContractRejected: _contract_rejected,
    crm.ContractVoided: _contract_voided,
    crm.PaymentRecorded: _payment(deleted=False),
    crm.PaymentChanged: _payment(deleted=False),
    crm.PaymentDeleted: _payment(deleted=True),
    cards.CardsMade: _raw_only,  # stock, before any customer: not in a report
    cards.CardsIssued: _cards_issued,
    cards.CardsCharged: _cards_charged,
    cards.CardsActivated: _cards_activated,
    cards.CardsExpired: _cards_expired,
    cards.CardDebited: _ledger(refund=False),
    cards.CardCredited: _ledger(refund=True),
    cards.RedPacketsGranted: _red_packets_granted,
    cards.RedPacketsRevoked: _red_packets_revoked,
    "health.OrderSettled": _health_settled,
    "mall.OrderSettled": _mall_settled,
    mall.OrderRefunded: _mall_refunded,
    "escort.OrderSettled": _escort_settled,
}
# The same table by routing key (what an envelope carries).
FOLDS: dict[str, Fold] = {
    event if isinstance(event, str) else routing_key_of(event): handler for event, handler in FOLDS_BY_EVENT.items()
}


def fold(deltas: Deltas, envelope: Envelope, event: EventModel | None = None) -> None:
    """Adds one event's effect to `deltas` (parsing the payload unless the caller already did)."""
    handler = FOLDS.get(envelope.event_type)
    if handler is None:
        raise KeyError(f"reports has no projection for {envelope.event_type}")
    handler(deltas, event if event is not None else parse(envelope), envelope.occurred_at)
