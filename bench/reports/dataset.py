"""A deterministic year of events for the reports benchmarks (payloads as the broker delivers them).

`settled_orders(n)` yields mall and health OrderSettled envelopes, half each; `card_ledger(n)` CardDebited;
`background()` the CRM and cards events around them (customers, contracts, payments, card runs).
Everything is spread over 2026 so the daily rollups hold a realistic number of rows.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from shared.events.envelope import Envelope

YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
SECONDS_IN_YEAR = 365 * 24 * 3600
GOODS, MALL_BRANDS, CATEGORIES = 300, 40, 20
HOSPITALS, HEALTH_BRANDS = 200, 22
CUSTOMERS, CONTRACTS, BATCHES = 452, 1000, 2000


def _when(rng: random.Random) -> datetime:
    return YEAR_START + timedelta(seconds=rng.randrange(SECONDS_IN_YEAR))


def _envelope(rng: random.Random, event_type: str, payload: dict, when: datetime) -> Envelope:
    return Envelope(
        event_id=uuid.UUID(int=rng.getrandbits(128)),
        event_type=event_type,
        occurred_at=when,
        producer=event_type.split(".", 1)[0],
        payload=payload,
    )


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def settled_orders(n: int, seed: int = 1) -> Iterator[Envelope]:
    rng = random.Random(seed)
    for i in range(n):
        when = _when(rng)
        if i % 2 == 0:
            lines = []
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                goods = rng.randrange(1, GOODS + 1)
                qty = rng.randrange(1, 4)
                unit = rng.randrange(1000, 50000)
                lines.append(
                    {
                        "kind": "mall",
                        "goods_id": goods,
                        "goods_name": f"商品{goods}",
                        "brand_id": goods % MALL_BRANDS + 1,
                        "brand_name": f"品牌{goods % MALL_BRANDS + 1}",
                        "category_id": goods % CATEGORIES + 1,
                        "category_name": f"分类{goods % CATEGORIES + 1}",
                        "quantity": qty,
                        "unit_price": _money(unit),
                        "sale_amount": _money(unit * qty),
                        "settlement_amount": _money(unit * qty * 7 // 10),
                    }
                )
            context = "mall"
        else:
            hospital = rng.randrange(1, HOSPITALS + 1)
            price = rng.randrange(30000, 300000)
            lines = [
                {
                    "kind": "health",
                    "hospital_id": hospital,
                    "hospital_name": f"医院{hospital}",
                    "brand_id": hospital % HEALTH_BRANDS + 1,
                    "brand_name": f"医院品牌{hospital % HEALTH_BRANDS + 1}",
                    "package_id": rng.randrange(1, 500),
                    "package_name": "体检套餐",
                    "quantity": 1,
                    "sale_amount": _money(price),
                    "settlement_amount": _money(price * 7 // 10),
                }
            ]
            context = "health"
        sale = sum(int(line["sale_amount"].replace(".", "")) for line in lines)
        settle = sum(int(line["settlement_amount"].replace(".", "")) for line in lines)
        yield _envelope(
            rng,
            f"{context}.OrderSettled",
            {
                "context": context,
                "order_id": i + 1,
                "order_no": f"O{i + 1}",
                "sale_amount": _money(sale),
                "settlement_amount": _money(settle),
                "settled_at": when.isoformat(),
                "lines": lines,
            },
            when,
        )


def card_ledger(n: int, seed: int = 2) -> Iterator[Envelope]:
    rng = random.Random(seed)
    for i in range(n):
        when = _when(rng)
        batch = rng.randrange(1, BATCHES + 1)
        contract = batch % CONTRACTS + 1
        balance, red = rng.randrange(0, 50000), rng.randrange(0, 5000)
        event_type = "cards.CardCredited" if i % 20 == 0 else "cards.CardDebited"
        yield _envelope(
            rng,
            event_type,
            {
                "card_id": rng.randrange(1, 1_000_000),
                "card_no": f"88{i:08d}",
                "order_ref": f"ref-{i}",
                "entry_id": i + 1,
                "amount": _money(balance + red),
                "balance_part": _money(balance),
                "red_packet_part": _money(red),
                "balance_after": "0.00",
                "red_packet_after": "0.00",
                "customer_id": contract % CUSTOMERS + 1,
                "contract_id": contract,
                "activation_id": batch,
                "activation_batch_no": f"JH{batch:06d}",
                "context": "mall",
                "occurred_at": when.isoformat(),
            },
            when,
        )


def background(seed: int = 3) -> Iterator[Envelope]:
    """Customers, approved contracts, payments (with changes and deletions) and card runs."""
    rng = random.Random(seed)
    for customer in range(1, CUSTOMERS + 1):
        owner = customer % 6 + 2
        yield _envelope(
            rng,
            "crm.CustomerCreated",
            {
                "customer_id": customer,
                "name": f"客户{customer}",
                "owner_id": owner,
                "owner_name": f"销售{owner}",
                "dept_id": 3 if owner < 5 else 4,
                "dept_name": "销售一部" if owner < 5 else "销售二部",
                "revision": 1,
            },
            YEAR_START,
        )
    payment = 0
    for contract in range(1, CONTRACTS + 1):
        customer = contract % CUSTOMERS + 1
        owner = customer % 6 + 2
        dept = 3 if owner < 5 else 4
        approved = _when(rng)
        amount = rng.randrange(1_000_000, 50_000_000)
        common = {
            "contract_id": contract,
            "customer_id": customer,
            "customer_name": f"客户{customer}",
            "owner_id": owner,
            "owner_name": f"销售{owner}",
            "dept_id": dept,
            "dept_name": "销售一部" if dept == 3 else "销售二部",
        }
        yield _envelope(
            rng,
            "crm.ContractApproved",
            {
                **common,
                "contract_no": f"HT{contract}",
                "contract_name": f"合同{contract}",
                "amount": _money(amount),
                "total_cards": 100,
                "approved_at": approved.isoformat(),
            },
            approved,
        )
        for _ in range(rng.randrange(1, 8)):
            payment += 1
            received = approved + timedelta(days=rng.randrange(0, 60))
            base = {
                **common,
                "payment_id": payment,
                "amount": _money(amount // 10),
                "received_at": received.isoformat(),
            }
            yield _envelope(rng, "crm.PaymentRecorded", {**base, "revision": 1}, received)
            if payment % 5 == 0:
                yield _envelope(
                    rng,
                    "crm.PaymentChanged",
                    {**base, "revision": 2, "amount": _money(amount // 8)},
                    received + timedelta(hours=1),
                )
            if payment % 17 == 0:
                yield _envelope(rng, "crm.PaymentDeleted", {**base, "revision": 3}, received + timedelta(hours=2))
    for batch in range(1, BATCHES + 1):
        contract = batch % CONTRACTS + 1
        group = {
            "customer_id": contract % CUSTOMERS + 1,
            "customer_name": f"客户{contract % CUSTOMERS + 1}",
            "contract_id": contract,
            "contract_name": f"合同{contract}",
            "activation_id": batch,
            "activation_batch_no": f"JH{batch:06d}",
        }
        charged = _when(rng)
        yield _envelope(
            rng,
            "cards.CardsCharged",
            {
                "run_id": f"chg-{batch}",
                "charged_at": charged.isoformat(),
                "groups": [
                    {
                        **group,
                        "card_count": 50,
                        "face_value_total": "50000.00",
                        "red_packet_total": "5000.00",
                        "balance_total": "50000.00",
                    }
                ],
            },
            charged,
        )
        yield _envelope(
            rng,
            "cards.CardsActivated",
            {
                "run_id": f"act-{batch}",
                "mode": "auto",
                "card_count": 40,
                "activated_at": charged.isoformat(),
                "groups": [{**group, "card_count": 40}],
            },
            charged + timedelta(days=3),
        )
