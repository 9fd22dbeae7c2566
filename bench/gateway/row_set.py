"""CPU of one customer-list row set, with and without the response models, in one process (issue 15).

    python bench/gateway/row_set.py [--rounds 15] [--number 300]

What the crm's `GET /api/crm/customers` does per page after its query, for 20 rows, three ways, interleaved
round by round so all three meet the same machine load (the minimum of the rounds is printed, the figure
least disturbed by other processes):

- `dicts`: no response model, as crm answered before them (`3012480^`): each row a dict built by hand (money
  through `format_money`), the route annotated `-> dict[str, Any]`, which FastAPI validates and serialises as
  such;
- `models, Decimal`: `CustomerRow.of` and `CustomerPage` as today, money fields annotated as a plain `Decimal`;
- `models, Money`: exactly today's models (`shared.money.Money`), serialised by pydantic-core as FastAPI does.

The end-to-end figures (whole requests, against the crm before the response models) come from
`run.py --baseline`; on a shared 2-core machine those move by more than the 5 % asked, these do not.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from pydantic import TypeAdapter

from crm.customers.schemas import CustomerPage, CustomerRow
from shared.money import format_money

NOW = datetime.now(UTC)


def customer(i: int) -> SimpleNamespace:
    """A customer as the ORM hands it over (the attributes `CustomerRow.of` reads)."""
    return SimpleNamespace(
        id=i, name=f"南昌市第{i}中学", level="B", admin_level="市级", parent_unit="南昌市教育局", industry="学校",
        industry_attr="事业单位", headcount=120, contract_amount=Decimal("123456.50"),
        payment_amount=Decimal("1000.00"), owner_id=3, owner_name="张三", dept_id=2, dept_name="销售一部",
        source="陌拜", credit_code=None, legal_rep="李四",
        phone="13800000000", review_status="approved", reviewer_id=1, reviewer_name="admin", reviewed_at=NOW,
        review_reason="", claimed_at=NOW, last_follow_up_at=None, created_by_id=1, created_by_name="admin",
        created_at=NOW, updated_at=NOW, deleted_at=None, version=1, locked=False,
    )


class DecimalRow(CustomerRow):
    contract_amount: Decimal  # type: ignore[assignment]
    payment_amount: Decimal  # type: ignore[assignment]


class DecimalPage(CustomerPage):
    data_list: list[DecimalRow]  # type: ignore[assignment]


def as_dict(c: Any) -> dict[str, Any]:
    """The row a route without a response model answered: the same fields, built by hand."""
    return {
        **{name: getattr(c, name) for name in CustomerRow.model_fields if hasattr(c, name)},
        "contract_amount": format_money(c.contract_amount), "payment_amount": format_money(c.payment_amount),
        "in_pool": c.owner_id is None, "phone": c.phone[:3] + "****" + c.phone[-4:], "review_status_label": "已通过",
        "reviewer": {"id": c.reviewer_id, "name": c.reviewer_name},
        "created_by": {"id": c.created_by_id, "name": c.created_by_name},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--number", type=int, default=300, help="row sets per round and way")
    args = parser.parse_args()
    rows = [customer(i) for i in range(20)]
    page = {"page": 1, "page_size": 20, "total": 100}

    untyped = TypeAdapter(dict[str, Any])  # the response field FastAPI makes of `-> dict[str, Any]`

    def dicts() -> bytes:
        return untyped.dump_json(untyped.validate_python({"data_list": [as_dict(c) for c in rows], **page}))

    def models(row: type[CustomerRow], page_model: type[CustomerPage]) -> Callable[[], bytes]:
        adapter = TypeAdapter(page_model)  # as FastAPI serialises a response model

        def build() -> bytes:
            return adapter.dump_json(page_model(data_list=[row.of(c) for c in rows], **page), exclude_unset=True)

        return build

    ways = {"dicts": dicts, "models, Decimal": models(DecimalRow, DecimalPage),
            "models, Money": models(CustomerRow, CustomerPage)}
    assert json.loads(ways["models, Money"]())["data_list"][0]["contract_amount"] == "123456.50"
    best = dict.fromkeys(ways, float("inf"))
    for _ in range(args.rounds):
        for name, way in ways.items():
            started = time.process_time()
            for _ in range(args.number):
                way()
            best[name] = min(best[name], (time.process_time() - started) / args.number)
    base = best["dicts"]
    for name, seconds in best.items():
        print(f"{name:16s} {seconds * 1000:.3f} ms CPU per 20-row set   {(seconds / base - 1) * 100:+6.1f} % vs dicts")


if __name__ == "__main__":
    main()
