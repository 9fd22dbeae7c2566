"""Demo data: `python -m crm.demo` (idempotent, safe at every start).

Loads the demo organisation's staff directory, the 452 customers of the original list through the import path (some in
the pool, the rest spread over the six salespeople with levels and industries), and a few approved contracts
with payments, so events flow to cards and reports and a new user sees a living CRM.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import select

from crm.common import normalise_name, utcnow
from crm.contracts.models import Contract
from crm.contracts.schemas import ContractCreate
from crm.contracts.service import add_contract, apply_review
from crm.customers.importing import import_customers
from crm.customers.models import Customer
from crm.payments.schemas import PaymentCreate
from crm.payments.service import add_payment
from crm.settings import get_settings
from crm.staff.service import upsert_staff
from shared.db import Database
from shared.events.gateway import StaffChanged
from shared.identity import DataScope, Identity, Principal
from shared.observability import configure_logging

log = structlog.get_logger("crm.demo")
SEED_FILE = Path(__file__).with_name("demo_customers.json")  # the original customer list, as given

# The demo organisation (fixed ids shared with the gateway's demo data).
DEMO_STAFF: list[tuple[int, str, str, int, str]] = [
    (1, "admin", "系统管理员", 1, "公司"),
    (2, "wanbin", "万彬", 3, "销售一部"),
    (3, "xiongpingping", "熊凭凭", 3, "销售一部"),
    (4, "zhanglei", "章磊", 3, "销售一部"),
    (5, "chenlong", "陈隆", 4, "销售二部"),
    (6, "liaowenhao", "廖文浩", 4, "销售二部"),
    (7, "liubo", "刘波", 4, "销售二部"),
    (8, "zhoujingli", "周经理", 2, "销售部"),
    (9, "yunying", "运营小王", 5, "运营部"),
    (10, "caiwu", "财务小李", 6, "财务部"),
]
SALES = ["万彬", "熊凭凭", "章磊", "陈隆", "廖文浩", "刘波"]
ADMIN = {"id": 1, "name": "系统管理员"}


def guess_industry(name: str) -> tuple[str, str]:
    """(行业, 行业属性) from the organisation's name, good enough for demo rows."""
    if "银行" in name:
        return "银行", "央企国企"
    if "医院" in name:
        return "医院", "事业单位"
    if any(k in name for k in ("学校", "大学", "学院", "中学", "小学", "幼儿园")):
        return "学校", "事业单位"
    if "公司" in name or "集团" in name:
        return ("国有企业", "央企国企") if name.startswith(("江西省", "南昌市")) else ("私营企业", "私营企业")
    if any(k in name for k in ("中心", "站", "所", "院", "馆")):
        return "事业单位", "事业单位"
    if any(k in name for k in ("局", "委", "办公室", "政府", "部", "会", "处", "法院", "检察院")):
        return "政府机构", "机关单位"
    return "其他", "其他"


def admin_level(name: str) -> str:
    if name.startswith("江西省") or name.startswith("中共江西省"):
        return "省级"
    if "区" in name[:8] or "县" in name[:8]:
        return "县级"
    return "市级"


def seed_rows() -> list[tuple[int, dict[str, str]]]:
    raw = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    rows: list[tuple[int, dict[str, str]]] = []
    for index, item in enumerate(raw):
        name = normalise_name(item["name"])
        industry, attr = guess_industry(name)
        # Every third customer waits in the public pool; the rest are spread over the salespeople.
        owner = "" if index % 3 == 0 else SALES[index % len(SALES)]
        rows.append(
            (
                index + 2,
                {
                    "name": item["name"],
                    "level": "ABCD"[index % 4],
                    "industry": industry,
                    "industry_attr": attr,
                    "admin_level": admin_level(name),
                    "headcount": str(20 + (index * 37) % 480),
                    "owner": owner,
                    "source": ["朋友介绍", "互联网", "营销活动", "陌拜", "老客户转介绍"][index % 5],
                },
            )
        )
    return rows


async def load_staff(db: Database) -> None:
    async with db.sessions() as session:
        for staff_id, username, name, dept_id, dept_name in DEMO_STAFF:
            # Revision 0: any real gateway.StaffChanged (revision >= 1) overrides the demo copy.
            await upsert_staff(
                session,
                StaffChanged(
                    staff_id=staff_id,
                    username=username,
                    name=name,
                    dept_id=dept_id,
                    dept_name=dept_name,
                    position="销售" if name in SALES else "",
                    revision=0,
                ),
            )
        await session.commit()


async def load_customers(db: Database) -> dict[str, Any]:
    rows = seed_rows()
    async with db.sessions() as session:
        on_file = set((await session.scalars(select(Customer.name).where(Customer.deleted_at.is_(None)))).all())
        # Later starts find the seed on file and import (and log) nothing.
        fresh = [(n, r) for n, r in rows if normalise_name(r["name"]) not in on_file]
        if not fresh:
            return {"created": 0, "skipped": len(rows)}
        result = await import_customers(session, fresh, ADMIN, utcnow(), review_status="approved", skip_duplicates=True)
        await session.commit()
    # import_customers logs each skipped row (the seed's names repeat once normalised).
    return {"created": len(result.created), "skipped": len(rows) - len(result.created)}


async def load_contracts(db: Database) -> int:
    principal = Principal(
        Identity(kind="staff", id=1, name="系统管理员", superuser=True), "crm:payment:create", DataScope(all=True)
    )
    made = 0
    async with db.sessions() as session:
        owned = (
            (
                await session.execute(
                    select(Customer)
                    .where(Customer.owner_id.is_not(None), Customer.deleted_at.is_(None))
                    .order_by(Customer.id)
                    .limit(6)
                )
            )
            .scalars()
            .all()
        )
        for n, customer in enumerate(owned, start=1):
            number = f"DEMO-HT-{n:04d}"
            if await session.scalar(select(Contract.id).where(Contract.contract_no == number)):
                continue
            cards = 50 * n
            data = ContractCreate(
                customer_id=customer.id,
                name=f"{customer.name}{2026}年度体检卡采购合同",
                contract_no=number,
                amount=Decimal(cards * 1000),
                red_packet_amount=Decimal(cards * 50),
                total_cards=cards,
                card_type="标准体检卡",
                face_value_per_card=Decimal("1000.00"),
                red_packet_per_card=Decimal("50.00"),
                start_date=date(2026, 1, 1),
                end_date=date(2026, 12, 31),
                signed_at=datetime(2025, 12, 20, 2, 0, tzinfo=UTC) + timedelta(days=n),
            )
            contract = await add_contract(session, data, customer, ADMIN)
            await apply_review(session, contract, True, "", ADMIN, utcnow())
            if n % 2:
                await add_payment(
                    session,
                    PaymentCreate(
                        contract_id=contract.id,
                        amount=contract.amount / 2,
                        method="银行转账",
                        received_at=datetime(2026, 1, 10, 2, 0, tzinfo=UTC) + timedelta(days=n),
                    ),
                    principal,
                    utcnow(),
                )
            made += 1
        await session.commit()
    return made


async def load_demo() -> dict[str, Any]:
    db = Database(get_settings().database_url, pool_size=2)
    try:
        await load_staff(db)
        customers = await load_customers(db)
        contracts = await load_contracts(db)
    finally:
        await db.dispose()
    summary = {**customers, "contracts": contracts}
    log.info("demo_loaded", **summary)
    return summary


def main() -> None:
    settings = get_settings()
    configure_logging("crm-demo", settings.suite.log_level, settings.suite.log_json)
    print(json.dumps(asyncio.run(load_demo()), ensure_ascii=False))


if __name__ == "__main__":
    main()
