"""The sales report query.

Contracts count in the period of their approval (a voided one, 作废, not at all), payments in the period
they were received (到账时间), both under the salesperson and department the event named (who made the
sale, who collected it).
Payments are read at their newest revision, deleted ones left out, so a change or a deletion moves the
figures however late it arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe
from reports.names import dim_options, ids_named, with_names
from reports.output import answer_page, export
from reports.periods import GRANULARITY_LABELS, DateRange, Granularity, day_filters, period_label, period_of
from reports.projections.models import DimKind, SalesContract, SalesContractVoid, SalesPayment
from reports.querying import run_report
from reports.sales.schemas import EXPORT_COLUMNS, SalesReport, SalesRow, SalesTotals
from shared.identity import DataScope
from shared.listing import PageParams, enum_options

MEASURES = ("contract_count", "contract_amount", "payment_count", "payment_amount", "outstanding")
SORTABLE = {
    "period": "period",
    "owner_name": "owner_name",
    "dept_name": "dept_name",
    "customer_name": "customer_name",
    **{m: m for m in MEASURES},
}
DEFAULT_SORT = [("period", True), ("owner_id", False), ("dept_id", False), ("customer_id", False)]


@dataclass(frozen=True)
class SalesFilters:
    window: DateRange
    granularity: Granularity
    owner_id: int | None = None
    dept_id: int | None = None
    customer_id: int | None = None
    keyword: str | None = None  # customer name


def _grouped(f: SalesFilters, scope: DataScope) -> Select[Any]:
    c = SalesContract.__table__
    v = SalesContractVoid.__table__
    p = SalesPayment.__table__
    received = select(p.c.contract_id, func.sum(p.c.amount).label("received")).where(p.c.deleted.is_(False))
    if f.window.date_to is not None:
        received = received.where(p.c.received_day <= f.window.date_to)
    received_sq = received.group_by(p.c.contract_id).subquery("received")

    def dims(table: Any) -> list[Any]:
        found = [scope.clause(table.c.owner_id, table.c.dept_id)]
        if f.owner_id is not None:
            found.append(table.c.owner_id == f.owner_id)
        if f.dept_id is not None:
            found.append(table.c.dept_id == f.dept_id)
        if f.customer_id is not None:
            found.append(table.c.customer_id == f.customer_id)
        if f.keyword and f.keyword.strip():
            found.append(table.c.customer_id.in_(ids_named(DimKind.CUSTOMER, f.keyword)))
        return found

    zero = literal(0)
    contract_period = period_of(c.c.approved_day, f.granularity).label("period")
    contracts = (
        select(
            contract_period,
            c.c.owner_id,
            c.c.dept_id,
            c.c.customer_id,
            func.count().label("contract_count"),
            func.sum(c.c.amount).label("contract_amount"),
            zero.label("payment_count"),
            zero.label("payment_amount"),
            func.sum(c.c.amount - func.coalesce(received_sq.c.received, 0)).label("outstanding"),
        )
        .select_from(c.outerjoin(received_sq, received_sq.c.contract_id == c.c.contract_id))
        .where(*day_filters(c.c.approved_day, f.window), *dims(c), ~exists().where(v.c.contract_id == c.c.contract_id))
        .group_by(contract_period, c.c.owner_id, c.c.dept_id, c.c.customer_id)
    )
    payment_period = period_of(p.c.received_day, f.granularity).label("period")
    payments = (
        select(
            payment_period,
            p.c.owner_id,
            p.c.dept_id,
            p.c.customer_id,
            zero.label("contract_count"),
            zero.label("contract_amount"),
            func.count().label("payment_count"),
            func.sum(p.c.amount).label("payment_amount"),
            zero.label("outstanding"),
        )
        .where(p.c.deleted.is_(False), *day_filters(p.c.received_day, f.window), *dims(p))
        .group_by(payment_period, p.c.owner_id, p.c.dept_id, p.c.customer_id)
    )
    both = union_all(contracts, payments).subquery("both")
    keys = (both.c.period, both.c.owner_id, both.c.dept_id, both.c.customer_id)
    return select(*keys, *(func.sum(both.c[m]).label(m) for m in MEASURES)).group_by(*keys)


def _decorate(g: Any) -> Select[Any]:
    return with_names(
        g,
        ("owner_id", DimKind.STAFF, "owner_name"),
        ("dept_id", DimKind.DEPT, "dept_name"),
        ("customer_id", DimKind.CUSTOMER, "customer_name"),
    )


def _figures(values: Mapping[str, Any]) -> dict[str, Any]:
    """A row's figures, or the totals' (a sum of counts comes back from PostgreSQL as a Decimal)."""
    return {
        "contract_count": int(values["contract_count"]),
        "contract_amount": values["contract_amount"],
        "payment_count": int(values["payment_count"]),
        "payment_amount": values["payment_amount"],
        "outstanding": values["outstanding"],
    }


async def sales_report(
    session: AsyncSession, f: SalesFilters, scope: DataScope, params: PageParams | None
) -> tuple[list[SalesRow], int, SalesTotals]:
    rows, total, sums = await run_report(
        session, _grouped(f, scope), MEASURES, params, SORTABLE, DEFAULT_SORT, _decorate
    )
    data = [
        SalesRow(
            period=period_label(r.period, f.granularity, f.window),
            owner_id=r.owner_id,
            owner_name=r.owner_name,
            dept_id=r.dept_id,
            dept_name=r.dept_name,
            customer_id=r.customer_id,
            customer_name=r.customer_name,
            **_figures(r._mapping),
        )
        for r in rows
    ]
    return data, total, SalesTotals(**_figures(sums))


async def sales_page(
    session: AsyncSession, f: SalesFilters, params: PageParams, probe: QueueProbe | None, scope: DataScope
) -> SalesReport:
    found = await sales_report(session, f, scope, params)
    return await answer_page(session, SalesReport, found, params, probe, lambda: sales_options(session, scope))


async def sales_export(session: AsyncSession, f: SalesFilters, scope: DataScope) -> Response:
    rows, _, totals = await sales_report(session, f, scope, None)
    return export("销售报表.xlsx", EXPORT_COLUMNS, rows, totals)


async def sales_options(session: AsyncSession, scope: DataScope) -> dict[str, Any]:
    """Salespeople, departments and customers that appear in the rows the caller may see."""
    c = SalesContract.__table__
    p = SalesPayment.__table__

    def seen(column: str) -> Any:
        return union_all(
            select(c.c[column]).where(scope.clause(c.c.owner_id, c.c.dept_id)),
            select(p.c[column]).where(scope.clause(p.c.owner_id, p.c.dept_id)),
        )

    return {
        "owner_list": await dim_options(session, DimKind.STAFF, seen("owner_id")),
        "dept_list": await dim_options(session, DimKind.DEPT, seen("dept_id")),
        "customer_list": await dim_options(session, DimKind.CUSTOMER, seen("customer_id")),
        "granularity_list": enum_options(GRANULARITY_LABELS),
    }
