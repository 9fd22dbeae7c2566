"""The card-consumption report query.

Counts and flows (issued, charged, activated, spent, expired) are those dated inside the range; the
balances left are as of `date_to` (every flow up to that day), since a balance has no start date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.card_consumption.schemas import (
    EXPORT_COLUMNS,
    GROUPING_LABELS,
    CardGrouping,
    CardReport,
    CardRow,
    CardTotals,
)
from reports.freshness import QueueProbe
from reports.names import dim_options, with_names
from reports.output import answer_page, export
from reports.periods import DateRange, cover
from reports.projections.models import CardRollup, DimKind, Grain
from reports.querying import narrowed, ratio, run_report
from shared.listing import PageParams, enum_options

FLOWS = (
    "cards_issued",
    "cards_charged",
    "cards_activated",
    "cards_expired",
    "face_value",
    "red_packet_granted",
    "balance_debited",
    "balance_refunded",
    "red_packet_debited",
    "red_packet_refunded",
    "balance_expired",
    "red_packet_expired",
    "red_packet_revoked",
)
MEASURES = (*FLOWS, "balance_left", "red_packet_left")
# Sortable by what the rows show (consumed, red_packet_used), not by the internal debit/refund sums.
SHOWN = (
    "cards_issued",
    "cards_charged",
    "cards_activated",
    "cards_expired",
    "face_value",
    "consumed",
    "balance_expired",
    "balance_left",
    "red_packet_granted",
    "red_packet_used",
    "red_packet_expired",
    "red_packet_revoked",
    "red_packet_left",
)
SORTABLE = {
    "customer_name": "customer_name",
    "contract_name": "contract_name",
    "activation_batch_no": "activation_batch_no",
    **{m: m for m in SHOWN},
}
DEFAULT_SORT = [("customer_id", False), ("contract_id", False), ("activation_id", False)]


@dataclass(frozen=True)
class CardFilters:
    window: DateRange
    grouping: CardGrouping
    customer_id: int | None = None
    contract_id: int | None = None
    activation_id: int | None = None
    keyword: str | None = None  # customer name


def _grouped(f: CardFilters) -> Select[Any]:
    t = CardRollup.__table__
    group_cols = [t.c.customer_id]
    keys: list[Any] = [t.c.customer_id]
    for column, wanted in (
        (t.c.contract_id, f.grouping in (CardGrouping.CONTRACT, CardGrouping.ACTIVATION)),
        (t.c.activation_id, f.grouping == CardGrouping.ACTIVATION),
    ):
        if wanted:
            group_cols.append(column)
            keys.append(column)
        else:
            # Rolled up: the row stands for every contract (or batch), shown as none.
            keys.append(literal_column("0").label(column.name))
    # Flows count inside the range; balances are as of date_to, so they read every row up to it.
    in_range = cover(f.window.date_from, f.window.date_to).clause(t.c.grain, t.c.period)
    up_to_end = cover(None, f.window.date_to).clause(t.c.grain, t.c.period)

    def flow(name: str) -> Any:
        return func.coalesce(func.sum(t.c[name]).filter(in_range), 0).label(name)

    def balance(expr: Any, name: str) -> Any:
        return func.coalesce(func.sum(expr).filter(up_to_end), 0).label(name)

    stmt = select(
        *keys,
        *(flow(name) for name in FLOWS),
        balance(t.c.face_value - t.c.balance_debited + t.c.balance_refunded - t.c.balance_expired, "balance_left"),
        balance(
            t.c.red_packet_granted - t.c.red_packet_debited + t.c.red_packet_refunded - t.c.red_packet_expired
            - t.c.red_packet_revoked,
            "red_packet_left",
        ),
        (func.coalesce(func.sum(t.c.balance_debited - t.c.balance_refunded).filter(in_range), 0)).label("consumed"),
        (func.coalesce(func.sum(t.c.red_packet_debited - t.c.red_packet_refunded).filter(in_range), 0)).label(
            "red_packet_used"
        ),
    ).where(or_(in_range, up_to_end))
    chosen = {"customer_id": f.customer_id, "contract_id": f.contract_id, "activation_id": f.activation_id}
    return narrowed(stmt, t, chosen, f.keyword, ("customer_id", DimKind.CUSTOMER)).group_by(*group_cols)


def _decorate(g: Any) -> Select[Any]:
    return with_names(
        g,
        ("customer_id", DimKind.CUSTOMER, "customer_name"),
        ("contract_id", DimKind.CONTRACT, "contract_name"),
        ("activation_id", DimKind.ACTIVATION, "activation_batch_no"),
    )


def _figures(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "cards_issued": int(values["cards_issued"]),
        "cards_charged": int(values["cards_charged"]),
        "cards_activated": int(values["cards_activated"]),
        "cards_expired": int(values["cards_expired"]),
        "face_value": values["face_value"],
        "consumed": values["balance_debited"] - values["balance_refunded"],
        "balance_expired": values["balance_expired"],
        "balance_left": values["balance_left"],
        "red_packet_granted": values["red_packet_granted"],
        "red_packet_used": values["red_packet_debited"] - values["red_packet_refunded"],
        "red_packet_expired": values["red_packet_expired"],
        "red_packet_revoked": values["red_packet_revoked"],
        "red_packet_left": values["red_packet_left"],
    }


def _rate(values: dict[str, Any], grouping: CardGrouping, batch: bool) -> str | None:
    base = values["cards_charged"] if grouping == CardGrouping.ACTIVATION and batch else values["cards_issued"]
    return ratio(values["cards_activated"], base)


async def card_report(
    session: AsyncSession, f: CardFilters, params: PageParams | None
) -> tuple[list[CardRow], int, CardTotals]:
    rows, total, sums = await run_report(session, _grouped(f), MEASURES, params, SORTABLE, DEFAULT_SORT, _decorate)
    data = []
    for r in rows:
        values = r._mapping
        data.append(
            CardRow(
                customer_id=r.customer_id or None,
                customer_name=r.customer_name,
                contract_id=r.contract_id or None,
                contract_name=r.contract_name,
                activation_id=r.activation_id or None,
                activation_batch_no=r.activation_batch_no,
                activation_rate=_rate(values, f.grouping, bool(r.activation_id)),
                **_figures(values),
            )
        )
    totals = CardTotals(activation_rate=ratio(sums["cards_activated"], sums["cards_issued"]), **_figures(sums))
    return data, total, totals


async def card_page(session: AsyncSession, f: CardFilters, params: PageParams, probe: QueueProbe | None) -> CardReport:
    found = await card_report(session, f, params)
    return await answer_page(session, CardReport, found, params, probe, lambda: card_options(session, f))


async def card_export(session: AsyncSession, f: CardFilters) -> Response:
    rows, _total, totals = await card_report(session, f, None)
    return export("卡片消费报表.xlsx", EXPORT_COLUMNS, rows, totals)


async def card_options(session: AsyncSession, f: CardFilters) -> dict[str, Any]:
    """The filters cascade, as 客户 -> 合同 -> 激活批次: contracts of the chosen customer, and activation batches
    only once a customer or contract is chosen. A list of every batch (thousands) is no usable choice and was
    most of this page's response time."""
    t = CardRollup.__table__
    lists: dict[str, Any] = {"customer_list": await dim_options(session, DimKind.CUSTOMER)}
    if f.customer_id is None:
        lists["contract_list"] = await dim_options(session, DimKind.CONTRACT)
    else:
        contracts = select(t.c.contract_id).where(t.c.grain == Grain.YEAR, t.c.customer_id == f.customer_id)
        lists["contract_list"] = await dim_options(session, DimKind.CONTRACT, contracts)
    if f.customer_id is None and f.contract_id is None:
        lists["activation_list"] = []
    else:
        batches = select(t.c.activation_id).where(t.c.grain == Grain.YEAR, t.c.activation_id != 0)
        if f.customer_id is not None:
            batches = batches.where(t.c.customer_id == f.customer_id)
        if f.contract_id is not None:
            batches = batches.where(t.c.contract_id == f.contract_id)
        lists["activation_list"] = await dim_options(session, DimKind.ACTIVATION, batches)
    lists["group_by_list"] = enum_options(GROUPING_LABELS)
    return lists
