"""One business story across services through the real broker: a contract approved in the CRM opens its
card entitlement in cards and shows, with its payment, in the sales report; voided once its payment is
deleted, it closes the entitlement and leaves the report. The three workers (relays and consumers) run in
process under a broker prefix of this test's own."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from crmkit import admin_headers, make_contract, make_customer, sales_headers, seed_staff
from sqlalchemy import text

from cards.handlers import handlers as cards_handlers
from cards.settings import CardsSettings
from crm.handlers import handlers as crm_handlers
from crm.main import create_app as create_crm
from crm.settings import CrmSettings
from reports.handlers import handlers as reports_handlers
from reports.main import create_app as create_reports
from reports.settings import ReportsSettings
from shared.bus.topology import delete_topology
from shared.bus.worker import serve_worker
from shared.db import Database
from shared.testing import bearer, client_for, staff, truncate_all, wait_for


async def test_an_approved_contract_and_its_payment_reach_cards_and_reports() -> None:
    crm_settings, cards_settings, reports_settings = CrmSettings(), CardsSettings(), ReportsSettings()
    for settings in (crm_settings, cards_settings, reports_settings):
        await truncate_all(settings.database_url)
    crm_db, cards_db = Database(crm_settings.database_url), Database(cards_settings.database_url)
    await seed_staff(crm_db)
    prefix = f"flow{uuid.uuid4().hex[:8]}."
    stop = asyncio.Event()
    workers = [
        asyncio.create_task(serve_worker(settings, handlers, [], stop, bus_prefix=prefix,
                                         relay_options={"poll_seconds": 0.2}))
        for settings, handlers in ((crm_settings, crm_handlers), (cards_settings, cards_handlers),
                                   (reports_settings, reports_handlers))
    ]
    try:
        async with client_for(create_crm(crm_settings)) as crm:
            customer = await make_customer(crm, "南昌市水利局", headers=sales_headers(2), level="B")
            contract = await make_contract(crm, customer["id"], "HT-FLOW-1", amount="50000.00", total_cards=40,
                                           card_type="标准卡", headers=sales_headers(2))
            assert contract["status"] == "approved", contract
            paid = await crm.post("/api/crm/payments", headers=sales_headers(2), json={
                "contract_id": contract["id"], "amount": "20000.00", "method": "银行转账",
                "received_at": datetime.now(ZoneInfo("Asia/Shanghai")).isoformat()})
            assert paid.status_code == 201, paid.text

        async def entitlement() -> Any:
            async with cards_db.sessions() as session:
                return (await session.execute(text(
                    "SELECT total_cards, customer_name FROM entitlements WHERE contract_id = :id"),
                    {"id": contract["id"]})).first()

        opened = await wait_for(entitlement, timeout=30)
        assert (opened.total_cards, opened.customer_name) == (40, "南昌市水利局")

        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
        window = {"date_from": str(today - timedelta(days=1)), "date_to": str(today + timedelta(days=1)),
                  "granularity": "all"}
        async with client_for(create_reports(reports_settings)) as reports:
            headers = bearer(staff("reports:sales:list"), "reports")

            async def sales_totals() -> dict[str, Any] | None:
                response = await reports.get("/api/reports/sales", params=window, headers=headers)
                assert response.status_code == 200, response.text
                totals = response.json()["totals"]
                return totals if totals["payment_amount"] == "20000.00" else None

            totals = await wait_for(sales_totals, timeout=30)
            assert totals["contract_amount"] == "50000.00"
            assert totals["outstanding"] == "30000.00"

            # The customer cancels: the payment is taken back, then the contract voided (作废).
            async with client_for(create_crm(crm_settings)) as crm:
                deleted = await crm.delete(f"/api/crm/payments/{paid.json()['id']}", headers=admin_headers())
                assert deleted.status_code == 204, deleted.text
                voided = await crm.post(f"/api/crm/contracts/{contract['id']}/void", headers=admin_headers(),
                                        json={"reason": "客户取消"})
                assert voided.status_code == 200, voided.text

            async def closed() -> Any:
                async with cards_db.sessions() as session:
                    return (await session.execute(text(
                        "SELECT void_reason FROM entitlements WHERE contract_id = :id AND voided_at IS NOT NULL"),
                        {"id": contract["id"]})).scalar()

            assert await wait_for(closed, timeout=30) == "客户取消"

            async def emptied() -> dict[str, Any] | None:
                response = await reports.get("/api/reports/sales", params=window, headers=headers)
                totals = response.json()["totals"]
                return totals if totals["contract_count"] == 0 and totals["payment_count"] == 0 else None

            after = await wait_for(emptied, timeout=30)
            assert after["contract_amount"] == "0.00" and after["outstanding"] == "0.00"
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*workers), timeout=20)
        await crm_db.dispose()
        await cards_db.dispose()
        await delete_topology(crm_settings.suite.amqp_url, prefix)
