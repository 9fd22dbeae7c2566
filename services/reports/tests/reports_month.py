"""A scripted business month (November 2026, Asia/Shanghai) as real envelopes, and the figures it must give.

The expected figures below are worked out by hand from the events, not computed by the code under test.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from shared.events.cards import (
    CardCredited,
    CardDebited,
    CardsActivated,
    CardsCharged,
    CardsExpired,
    CardsIssued,
    CardsMade,
    RedPacketsGranted,
    RedPacketsRevoked,
)
from shared.events.common import Actor, CardGroupTotals, CardRange
from shared.events.crm import (
    ContractApproved,
    ContractRejected,
    ContractVoided,
    CustomerCreated,
    CustomerOwnerChanged,
    CustomerUpdated,
    PaymentChanged,
    PaymentDeleted,
    PaymentRecorded,
)
from shared.events.envelope import Envelope, EventModel
from shared.events.gateway import StaffChanged
from shared.events.orders import EscortLine, HealthLine, MallLine, OrderSettled

CST = timezone(timedelta(hours=8))
SCHOOL, POWER = 101, 102
DEPT_ONE_RENAMED = "南昌销售一部"
SCHOOL_NAME, SCHOOL_RENAMED, POWER_NAME = "南昌市第一中学", "南昌市第一中学（本部）", "江西省电力公司"
WAN, CHEN, LIAO = Actor(id=2, name="万彬"), Actor(id=5, name="陈隆"), Actor(id=6, name="廖文浩")
BATCH_SCHOOL, BATCH_POWER = 501, 502


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CST)


def _id(n: int) -> uuid.UUID:
    # Fixed event ids so two runs of the month are the same events (and the inbox can tell).
    return uuid.UUID(int=0xB0A7_0000_0000 + n)


def _wrap(n: int, producer: str, event: EventModel, when: datetime) -> Envelope:
    return Envelope.wrap(producer, event, occurred_at=when, event_id=_id(n), correlation_id=f"month-{n}")


def _school_group(**totals: object) -> CardGroupTotals:
    return CardGroupTotals(
        customer_id=SCHOOL,
        customer_name=SCHOOL_NAME,
        contract_id=201,
        contract_name="一中2026体检卡合同",
        activation_id=BATCH_SCHOOL,
        activation_batch_no="JH202611001",
        **totals,  # type: ignore[arg-type]
    )


def _power_group(**totals: object) -> CardGroupTotals:
    return CardGroupTotals(
        customer_id=POWER,
        customer_name=POWER_NAME,
        contract_id=202,
        contract_name="电力公司员工体检合同",
        activation_id=BATCH_POWER,
        activation_batch_no="JH202611002",
        **totals,  # type: ignore[arg-type]
    )


def _approval(contract_id: int, name: str, amount: str, total_cards: int, approved: datetime) -> ContractApproved:
    school = contract_id == 201
    owner = WAN if school else CHEN
    return ContractApproved(
        contract_id=contract_id,
        contract_no=f"HT-{contract_id}",
        contract_name=name,
        customer_id=SCHOOL if school else POWER,
        customer_name=SCHOOL_NAME if school else POWER_NAME,
        owner_id=owner.id,
        owner_name=owner.name,
        dept_id=3 if school else 4,
        dept_name="销售一部" if school else "销售二部",
        amount=Decimal(amount),
        total_cards=total_cards,
        approved_at=approved,
    )


def _payment(
    cls: type, payment_id: int, revision: int, contract_id: int, amount: str, received: datetime
) -> EventModel:
    school = contract_id == 201
    return cls(
        payment_id=payment_id,
        revision=revision,
        contract_id=contract_id,
        contract_no=f"HT-{contract_id}",
        contract_name="一中2026体检卡合同" if school else "电力公司员工体检合同",
        customer_id=SCHOOL if school else POWER,
        customer_name=SCHOOL_NAME if school else POWER_NAME,
        owner_id=WAN.id if school else CHEN.id,
        owner_name=WAN.name if school else CHEN.name,
        dept_id=3 if school else 4,
        dept_name="销售一部" if school else "销售二部",
        amount=Decimal(amount),
        method="银行转账",
        received_at=received,
    )


def _issue(issue_id: int, contract_id: int, first_card: int, quantity: int, issued: datetime) -> CardsIssued:
    """Cards 8800000000 + first_card onwards, issued under contract 201 (the school's) or 202 (the power
    company's)."""
    school = contract_id == 201
    owner = WAN if school else CHEN
    return CardsIssued(
        issue_id=issue_id,
        contract_id=contract_id,
        contract_name="一中2026体检卡合同" if school else "电力公司员工体检合同",
        customer_id=SCHOOL if school else POWER,
        customer_name=SCHOOL_NAME if school else POWER_NAME,
        owner_id=owner.id,
        owner_name=owner.name,
        quantity=quantity,
        ranges=[CardRange(start=str(8800000000 + first_card), end=str(8800000000 + first_card + quantity - 1),
                          count=quantity)],
        issued_at=issued,
    )


def _expiry(run_id: str, what: str, group: CardGroupTotals, expired: datetime) -> CardsExpired:
    """One expiry run over the cards of one group (`what`: "cards" or "red_packets")."""
    return CardsExpired(run_id=run_id, what=what, card_count=group.card_count, expired_at=expired, groups=[group])


def _ledger(
    cls: type, entry: int, card: int, batch: int, balance: str, red: str, ref: str, ctx: str, when: datetime
) -> EventModel:
    school = batch == BATCH_SCHOOL
    return cls(
        card_id=card,
        card_no=f"8800{card:06d}",
        order_ref=ref,
        entry_id=entry,
        amount=Decimal(balance) + Decimal(red),
        balance_part=Decimal(balance),
        red_packet_part=Decimal(red),
        balance_after=Decimal("0"),
        red_packet_after=Decimal("0"),
        customer_id=SCHOOL if school else POWER,
        contract_id=201 if school else 202,
        activation_id=batch,
        activation_batch_no="JH202611001" if school else "JH202611002",
        context=ctx,
        occurred_at=when,
    )


def _order(context: str, order_id: int, when: datetime, *lines: MallLine | HealthLine | EscortLine) -> OrderSettled:
    """A settled order of `context` (mall, health, escort: order no. MO/HO/EO...) adding up its lines."""
    return OrderSettled(
        context=context,
        order_id=order_id,
        order_no=f"{context[0].upper()}O{order_id}",
        sale_amount=sum((line.sale_amount for line in lines), Decimal(0)),
        settlement_amount=sum((line.settlement_amount for line in lines), Decimal(0)),
        settled_at=when,
        lines=list(lines),
    )


def _mall(order_id: int, when: datetime, *lines: MallLine) -> OrderSettled:
    return _order("mall", order_id, when, *lines)


def _goods(goods_id: int, name: str, brand: tuple[int, str], qty: int, unit: str, sale: str, settle: str) -> MallLine:
    return MallLine(
        goods_id=goods_id,
        goods_name=name,
        brand_id=brand[0],
        brand_name=brand[1],
        category_id=901,
        category_name="家居健康",
        quantity=qty,
        unit_price=Decimal(unit),
        sale_amount=Decimal(sale),
        settlement_amount=Decimal(settle),
    )


def _health(order_id: int, when: datetime, hospital: tuple[int, str, int, str], sale: str, settle: str) -> OrderSettled:
    line = HealthLine(
        hospital_id=hospital[0],
        hospital_name=hospital[1],
        brand_id=hospital[2],
        brand_name=hospital[3],
        package_id=1301,
        package_name="入职体检套餐",
        sale_amount=Decimal(sale),
        settlement_amount=Decimal(settle),
    )
    return _order("health", order_id, when, line)


def _escort(order_id: int, when: datetime, hospital: tuple[int, str], escort: tuple[int, str], sale: str,
            share: str) -> OrderSettled:
    line = EscortLine(
        product_id=1,
        product_name="全程陪诊",
        hospital_id=hospital[0],
        hospital_name=hospital[1],
        escort_id=escort[0],
        escort_name=escort[1],
        sale_amount=Decimal(sale),
        settlement_amount=Decimal(share),
    )
    return _order("escort", order_id, when, line)


# Escort's own hospital ids (1101 here is not health's 1101: another kind of name).
PROVINCIAL, FIRST_AFFILIATED = (1101, "江西省人民医院"), (1102, "南昌大学第一附属医院")
LI, LI_RENAMED, ZHANG = (3001, "李秀兰"), (3001, "李秀兰（金牌）"), (3002, "张敏")
XIAOMI, OMRON = (801, "小米"), (802, "欧姆龙")
MEINIAN = (1101, "美年大健康(八一广场店)", 1201, "美年大健康")
IKANG = (1102, "爱康国宾(红谷滩店)", 1202, "爱康国宾")


def business_month() -> list[Envelope]:
    """Every event of the month, in the order they happened."""
    school_snapshot = dict(customer_id=SCHOOL, owner_id=WAN.id, owner_name=WAN.name, dept_id=3, dept_name="销售一部")
    events: list[tuple[str, EventModel, datetime]] = [
        ("crm", CustomerCreated(name=SCHOOL_NAME, revision=1, **school_snapshot), at(1, 9)),
        (
            "crm",
            CustomerCreated(
                customer_id=POWER,
                name=POWER_NAME,
                owner_id=CHEN.id,
                owner_name=CHEN.name,
                dept_id=4,
                dept_name="销售二部",
                revision=1,
            ),
            at(1, 9, 30),
        ),
        ("crm", _approval(201, "一中2026体检卡合同", "120000.00", 100, at(3)), at(3)),
        (
            "crm",
            ContractRejected(
                contract_id=203,
                contract_no="HT-203",
                contract_name="一中补充合同",
                customer_id=SCHOOL,
                customer_name=SCHOOL_NAME,
                owner_id=WAN.id,
                reason="金额有误",
                rejected_at=at(4),
            ),
            at(4),
        ),
        ("crm", _payment(PaymentRecorded, 301, 1, 201, "30000.00", at(5)), at(5)),
        ("crm", _payment(PaymentChanged, 301, 2, 201, "40000.00", at(5)), at(6)),
        (
            "cards",
            CardsMade(
                batch_id=1,
                batch_no="ZK202611001",
                quantity=1000,
                range=CardRange(start="8800000001", end="8800001000", count=1000),
                made_at=at(6, 15),
            ),
            at(6, 15),
        ),
        (
            "cards",
            _issue(401, 201, first_card=1, quantity=100, issued=at(7)),
            at(7),
        ),
        (
            "cards",
            CardsCharged(
                run_id="chg-1",
                charged_at=at(8),
                groups=[
                    _school_group(
                        card_count=60,
                        face_value_total=Decimal("60000.00"),
                        red_packet_total=Decimal("6000.00"),
                        balance_total=Decimal("60000.00"),
                    ),
                    _power_group(
                        card_count=50, face_value_total=Decimal("25000.00"), balance_total=Decimal("25000.00")
                    ),
                ],
            ),
            at(8),
        ),
        (
            "cards",
            CardsActivated(
                run_id="act-1", mode="manual", card_count=40, activated_at=at(9), groups=[_school_group(card_count=40)]
            ),
            at(9),
        ),
        ("crm", _approval(202, "电力公司员工体检合同", "50000.00", 50, at(10)), at(10)),
        # A second contract for the power company, approved and then voided (作废): no sale in any figure.
        ("crm", _approval(204, "电力公司家属体检合同", "8000.00", 8, at(11)), at(11)),
        (
            "crm",
            ContractVoided(
                contract_id=204,
                contract_no="HT-204",
                contract_name="电力公司家属体检合同",
                customer_id=POWER,
                customer_name=POWER_NAME,
                owner_id=CHEN.id,
                amount=Decimal("8000.00"),
                reason="客户取消",
                voided_by=Actor(id=1, name="系统管理员"),
                voided_at=at(13),
            ),
            at(13),
        ),
        (
            "cards",
            _issue(402, 202, first_card=101, quantity=50, issued=at(12)),
            at(12),
        ),
        (
            "cards",
            CardsActivated(
                run_id="act-2",
                mode="auto",
                card_count=60,
                activated_at=at(15, 2),
                groups=[_school_group(card_count=10), _power_group(card_count=50)],
            ),
            at(15, 2),
        ),
        (
            "cards",
            _ledger(CardDebited, 1, 1, BATCH_SCHOOL, "250.00", "50.00", "mall:601", "mall", at(16, 11)),
            at(16, 11),
        ),
        (
            "mall",
            _mall(
                601,
                at(16, 11),
                _goods(701, "体脂秤", XIAOMI, 1, "199.00", "199.00", "150.00"),
                _goods(702, "电动牙刷", XIAOMI, 2, "50.50", "101.00", "80.00"),
            ),
            at(16, 11),
        ),
        (
            "cards",
            _ledger(CardDebited, 2, 2, BATCH_SCHOOL, "700.00", "100.00", "health:1001", "health", at(18, 9)),
            at(18, 9),
        ),
        ("health", _health(1001, at(18, 9), MEINIAN, "800.00", "560.00"), at(18, 9)),
        ("cards", _ledger(CardDebited, 3, 101, BATCH_POWER, "200.00", "0.00", "escort:2001", "escort", at(19)), at(19)),
        ("escort", _escort(2001, at(19, 16), PROVINCIAL, LI, "200.00", "150.00"), at(19, 16)),
        ("crm", _payment(PaymentRecorded, 302, 1, 201, "20000.00", at(20)), at(20)),
        (
            "cards",
            _ledger(CardCredited, 4, 2, BATCH_SCHOOL, "100.00", "0.00", "health:1001:refund", "health", at(20, 14)),
            at(20, 14),
        ),
        ("crm", _payment(PaymentDeleted, 302, 2, 201, "20000.00", at(20)), at(21)),
        ("mall", _mall(602, at(22), _goods(701, "体脂秤", XIAOMI, 2, "199.00", "398.00", "300.00")), at(22)),
        ("mall", _mall(603, at(23), _goods(703, "血压计", OMRON, 1, "299.00", "299.00", "220.00")), at(23)),
        (
            "cards",
            _expiry("exp-1", "red_packets", _school_group(card_count=10, red_packet_total=Decimal("1000.00")),
                    at(25, 0, 5)),
            at(25, 0, 5),
        ),
        (
            "cards",
            RedPacketsGranted(
                grant_id=1,
                grant_no="HB202611001",
                amount=Decimal("20.00"),
                card_count=50,
                groups=[_power_group(card_count=50, red_packet_total=Decimal("1000.00"))],
                valid_to=at(30),
                granted_at=at(24, 10),
            ),
            at(24, 10),
        ),
        ("health", _health(1002, at(25), MEINIAN, "600.00", "420.00"), at(25)),
        (
            "cards",
            # The unused part of the grant on 15 cards taken back: 15 x 20.00.
            RedPacketsRevoked(
                grant_id=1,
                grant_no="HB202611001",
                card_count=15,
                groups=[_power_group(card_count=15, red_packet_total=Decimal("300.00"))],
                revoked_at=at(27, 16),
            ),
            at(27, 16),
        ),
        ("health", _health(1003, at(26), IKANG, "1200.00", "900.00"), at(26)),
        ("crm", _payment(PaymentRecorded, 303, 1, 202, "30000.00", at(28)), at(28)),
        (
            "crm",
            CustomerOwnerChanged(
                customer_id=POWER,
                customer_name=POWER_NAME,
                old_owner=CHEN,
                new_owner=LIAO,
                new_dept_id=4,
                new_dept_name="销售二部",
                contract_ids=[202],
                changed_at=at(29),
            ),
            at(29),
        ),
        ("crm", CustomerUpdated(name=SCHOOL_RENAMED, revision=2, **school_snapshot), at(29, 12)),
        (
            "cards",
            _expiry("exp-2", "cards", _power_group(card_count=5, balance_total=Decimal("2500.00")), at(30, 0, 5)),
            at(30, 0, 5),
        ),
        # The first sales department is renamed: every figure of it shows the new name.
        (
            "gateway",
            StaffChanged(staff_id=WAN.id, username="wanbin", name=WAN.name, dept_id=3, dept_name=DEPT_ONE_RENAMED,
                         revision=2),
            at(30, 12),
        ),
        # 2026-12-01 00:30 in Shanghai is still 30 November in UTC: it belongs to December.
        ("crm", _payment(PaymentRecorded, 304, 1, 202, "10000.00", at(1, 0, 30, month=12)), at(1, 0, 30, month=12)),
        ("health", _health(1004, at(2, month=12), MEINIAN, "500.00", "350.00"), at(2, month=12)),
        ("escort", _escort(2002, at(24, 11), PROVINCIAL, LI, "298.00", "208.60"), at(24, 11)),
        ("escort", _escort(2003, at(27, 9), FIRST_AFFILIATED, ZHANG, "98.00", "68.60"), at(27, 9)),
        # Li renamed himself later on: every row of his shows the newest name.
        ("escort", _escort(2004, at(3, month=12), PROVINCIAL, LI_RENAMED, "298.00", "208.60"), at(3, month=12)),
        # 2026-12-01 00:10 in Shanghai is still 30 November in UTC: it belongs to December.
        ("escort", _escort(2005, at(1, 0, 10, month=12), FIRST_AFFILIATED, ZHANG, "98.00", "68.60"),
         at(1, 0, 10, month=12)),
    ]
    return [_wrap(n, producer, event, when) for n, (producer, event, when) in enumerate(events, start=1)]


NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}

# ---------------------------------------------------------------- what November must show

SALES_ROWS = [
    {
        "period": "2026-11",
        "owner_id": 2,
        "owner_name": "万彬",
        "dept_id": 3,
        "dept_name": DEPT_ONE_RENAMED,
        "customer_id": SCHOOL,
        "customer_name": SCHOOL_RENAMED,
        "contract_count": 1,
        "contract_amount": "120000.00",
        "payment_count": 1,
        "payment_amount": "40000.00",
        "outstanding": "80000.00",
    },
    {
        "period": "2026-11",
        "owner_id": 5,
        "owner_name": "陈隆",
        "dept_id": 4,
        "dept_name": "销售二部",
        "customer_id": POWER,
        "customer_name": POWER_NAME,
        "contract_count": 1,
        "contract_amount": "50000.00",
        "payment_count": 1,
        "payment_amount": "30000.00",
        "outstanding": "20000.00",
    },
]
SALES_TOTALS = {
    "contract_count": 2,
    "contract_amount": "170000.00",
    "payment_count": 2,
    "payment_amount": "70000.00",
    "outstanding": "100000.00",
}

_NO_FLOWS = {
    "cards_charged": 0,
    "cards_activated": 0,
    "cards_expired": 0,
    "face_value": "0.00",
    "consumed": "0.00",
    "balance_expired": "0.00",
    "balance_left": "0.00",
    "red_packet_granted": "0.00",
    "red_packet_used": "0.00",
    "red_packet_expired": "0.00",
    "red_packet_revoked": "0.00",
    "red_packet_left": "0.00",
}
CARD_ROWS = [
    {
        "customer_id": SCHOOL,
        "customer_name": SCHOOL_RENAMED,
        "contract_id": 201,
        "contract_name": "一中2026体检卡合同",
        "activation_id": None,
        "activation_batch_no": "",
        "cards_issued": 100,
        "activation_rate": "0.00",
        **_NO_FLOWS,
    },
    {
        "customer_id": SCHOOL,
        "customer_name": SCHOOL_RENAMED,
        "contract_id": 201,
        "contract_name": "一中2026体检卡合同",
        "activation_id": BATCH_SCHOOL,
        "activation_batch_no": "JH202611001",
        "cards_issued": 0,
        "cards_charged": 60,
        "cards_activated": 50,
        "activation_rate": "83.33",
        "cards_expired": 0,
        "face_value": "60000.00",
        "consumed": "850.00",
        "balance_expired": "0.00",
        "balance_left": "59150.00",
        "red_packet_granted": "6000.00",
        "red_packet_used": "150.00",
        "red_packet_expired": "1000.00",
        "red_packet_revoked": "0.00",
        "red_packet_left": "4850.00",
    },
    {
        "customer_id": POWER,
        "customer_name": POWER_NAME,
        "contract_id": 202,
        "contract_name": "电力公司员工体检合同",
        "activation_id": None,
        "activation_batch_no": "",
        "cards_issued": 50,
        "activation_rate": "0.00",
        **_NO_FLOWS,
    },
    {
        "customer_id": POWER,
        "customer_name": POWER_NAME,
        "contract_id": 202,
        "contract_name": "电力公司员工体检合同",
        "activation_id": BATCH_POWER,
        "activation_batch_no": "JH202611002",
        "cards_issued": 0,
        "cards_charged": 50,
        "cards_activated": 50,
        "activation_rate": "100.00",
        "cards_expired": 5,
        "face_value": "25000.00",
        "consumed": "200.00",
        "balance_expired": "2500.00",
        "balance_left": "22300.00",
        "red_packet_granted": "1000.00",
        "red_packet_used": "0.00",
        "red_packet_expired": "0.00",
        "red_packet_revoked": "300.00",
        "red_packet_left": "700.00",
    },
]
CARD_TOTALS = {
    "cards_issued": 150,
    "cards_charged": 110,
    "cards_activated": 100,
    "activation_rate": "66.67",
    "cards_expired": 5,
    "face_value": "85000.00",
    "consumed": "1050.00",
    "balance_expired": "2500.00",
    "balance_left": "81450.00",
    "red_packet_granted": "7000.00",
    "red_packet_used": "150.00",
    "red_packet_expired": "1000.00",
    "red_packet_revoked": "300.00",
    "red_packet_left": "5550.00",
}

GOODS_ROWS = [  # default order: sale amount, highest first
    {
        "goods_id": 701,
        "goods_name": "体脂秤",
        "brand_id": 801,
        "brand_name": "小米",
        "category_id": 901,
        "category_name": "家居健康",
        "orders": 2,
        "quantity": 3,
        "sale_amount": "597.00",
        "settlement_amount": "450.00",
        "margin": "147.00",
    },
    {
        "goods_id": 703,
        "goods_name": "血压计",
        "brand_id": 802,
        "brand_name": "欧姆龙",
        "category_id": 901,
        "category_name": "家居健康",
        "orders": 1,
        "quantity": 1,
        "sale_amount": "299.00",
        "settlement_amount": "220.00",
        "margin": "79.00",
    },
    {
        "goods_id": 702,
        "goods_name": "电动牙刷",
        "brand_id": 801,
        "brand_name": "小米",
        "category_id": 901,
        "category_name": "家居健康",
        "orders": 1,
        "quantity": 2,
        "sale_amount": "101.00",
        "settlement_amount": "80.00",
        "margin": "21.00",
    },
]
GOODS_TOTALS = {"orders": 4, "quantity": 6, "sale_amount": "997.00", "settlement_amount": "750.00", "margin": "247.00"}
BRAND_ROWS = [
    {
        "brand_id": 801,
        "brand_name": "小米",
        "orders": 2,
        "quantity": 5,
        "sale_amount": "698.00",
        "settlement_amount": "530.00",
        "margin": "168.00",
    },
    {
        "brand_id": 802,
        "brand_name": "欧姆龙",
        "orders": 1,
        "quantity": 1,
        "sale_amount": "299.00",
        "settlement_amount": "220.00",
        "margin": "79.00",
    },
]
BRAND_TOTALS = {"orders": 3, "quantity": 6, "sale_amount": "997.00", "settlement_amount": "750.00", "margin": "247.00"}
HOSPITAL_ROWS = [
    {
        "period": "2026-11",
        "hospital_id": 1101,
        "hospital_name": "美年大健康(八一广场店)",
        "brand_id": 1201,
        "brand_name": "美年大健康",
        "orders": 2,
        "quantity": 2,
        "sale_amount": "1400.00",
        "settlement_amount": "980.00",
    },
    {
        "period": "2026-11",
        "hospital_id": 1102,
        "hospital_name": "爱康国宾(红谷滩店)",
        "brand_id": 1202,
        "brand_name": "爱康国宾",
        "orders": 1,
        "quantity": 1,
        "sale_amount": "1200.00",
        "settlement_amount": "900.00",
    },
]
HOSPITAL_TOTALS = {"orders": 3, "quantity": 3, "sale_amount": "2600.00", "settlement_amount": "1880.00"}

ESCORT_ROWS = [
    {
        "period": "2026-11",
        "hospital_id": 1101,
        "hospital_name": "江西省人民医院",
        "escort_id": 3001,
        "escort_name": "李秀兰（金牌）",
        "orders": 2,
        "quantity": 2,
        "sale_amount": "498.00",
        "escort_share": "358.60",
        "platform_share": "139.40",
    },
    {
        "period": "2026-11",
        "hospital_id": 1102,
        "hospital_name": "南昌大学第一附属医院",
        "escort_id": 3002,
        "escort_name": "张敏",
        "orders": 1,
        "quantity": 1,
        "sale_amount": "98.00",
        "escort_share": "68.60",
        "platform_share": "29.40",
    },
]
ESCORT_TOTALS = {
    "orders": 3,
    "quantity": 3,
    "sale_amount": "596.00",
    "escort_share": "427.20",
    "platform_share": "168.80",
}

ALL_PERMISSIONS = (
    "reports:sales:list",
    "reports:sales:export",
    "reports:card_consumption:list",
    "reports:card_consumption:export",
    "reports:goods:list",
    "reports:goods:export",
    "reports:goods_brand:list",
    "reports:goods_brand:export",
    "reports:hospital_settlement:list",
    "reports:hospital_settlement:export",
    "reports:escort_settlement:list",
    "reports:escort_settlement:export",
)
