"""Helpers of the reports tests, imported by name (a module called conftest would be whichever pytest
loaded first when several test folders run together)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx
from reports_month import ALL_PERMISSIONS, NOVEMBER

from reports.handlers import handlers
from shared.bus.inbox import apply_envelope
from shared.db import Database
from shared.events.envelope import Envelope
from shared.identity import Scope
from shared.testing import bearer, staff


def admin_headers(*perms: str) -> dict[str, str]:
    return bearer(staff(*(perms or ALL_PERMISSIONS), scope=Scope.ALL), "reports")


async def apply_all(db: Database, envelopes: Iterable[Envelope]) -> int:
    """Each envelope through the consumer's own path (inbox row + handler, one transaction each)."""
    applied = 0
    for envelope in envelopes:
        applied += int(await apply_envelope(db, handlers, envelope))
    return applied


REPORT_PATHS = {
    "sales": "/api/reports/sales",
    "card_consumption": "/api/reports/card-consumption",
    "goods": "/api/reports/goods",
    "goods_brands": "/api/reports/goods-brands",
    "hospital_settlement": "/api/reports/hospital-settlement",
    "escort_settlement": "/api/reports/escort-settlement",
}


async def november(api: httpx.AsyncClient, **extra: Any) -> dict[str, dict[str, Any]]:
    """Rows and totals of every report for November (freshness left out: it moves with the clock)."""
    found = {}
    for name, path in REPORT_PATHS.items():
        response = await api.get(path, params={**NOVEMBER, "with_options": 0, **extra}, headers=admin_headers())
        assert response.status_code == 200, response.text
        body = response.json()
        found[name] = {"data_list": body["data_list"], "totals": body["totals"], "total": body["total"]}
    return found
