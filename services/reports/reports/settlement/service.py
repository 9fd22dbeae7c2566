"""The settlement reports' one code path (医院结算报表, 陪诊结算报表): settled orders of a rollup summed per period
and per the rollup's dimensions, with the dimensions' names, filters, totals, export and freshness.

A report is a `Settlement`: its rollup table, its dimensions (id column, kind of name, name field) and its
measures. The report's own package keeps only what differs: its filter parameters, row types and columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, Table, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe
from reports.names import dim_options, ids_named, join_name
from reports.output import ReportPage, answer_page, export
from reports.periods import GRANULARITY_LABELS, DateRange, Granularity, cover, period_label, period_of
from reports.querying import run_report
from shared.listing import PageParams, enum_options
from shared.xlsx import Column


@dataclass(frozen=True)
class Dimension:
    column: str  # the id column of the rollup (0 when the event named nothing)
    kind: str  # the DimKind of its names
    name: str  # the row's field holding the name
    options: str  # the page's option list of it
    zero_is_none: bool = False  # an unnamed id answers null instead of 0


@dataclass(frozen=True)
class SettlementFilters:
    window: DateRange
    granularity: Granularity
    ids: Mapping[str, int | None] = field(default_factory=dict)  # dimension column -> the one id wanted
    keyword: str | None = None  # matched against the names of the `Settlement.searched` dimensions


@dataclass(frozen=True)
class Settlement:
    table: Table
    dimensions: tuple[Dimension, ...]
    measures: tuple[str, ...]
    searched: tuple[str, ...]  # the dimension columns the keyword looks in
    row: type[BaseModel]
    totals: type[BaseModel]
    page: type[ReportPage[Any, Any]]
    filename: str
    columns: Sequence[Column]

    @property
    def sortable(self) -> dict[str, str]:
        names = {d.name: d.name for d in self.dimensions}
        return {"period": "period", **names, **{m: m for m in self.measures}}

    @property
    def default_sort(self) -> list[tuple[str, bool]]:
        return [("period", True), *((d.column, False) for d in self.dimensions)]


def _grouped(s: Settlement, f: SettlementFilters) -> Select[Any]:
    t = s.table
    period = period_of(t.c.period, f.granularity).label("period")
    dims = [t.c[d.column] for d in s.dimensions]
    stmt = select(period, *dims, *(func.sum(t.c[m]).label(m) for m in s.measures))
    rows = cover(f.window.date_from, f.window.date_to, finest=f.granularity)
    stmt = stmt.where(rows.clause(t.c.grain, t.c.period))
    for column, wanted in f.ids.items():
        if wanted is not None:
            stmt = stmt.where(t.c[column] == wanted)
    if f.keyword and f.keyword.strip():
        by_kind = {d.column: d.kind for d in s.dimensions}
        stmt = stmt.where(or_(*(t.c[c].in_(ids_named(by_kind[c], f.keyword)) for c in s.searched)))
    group = dims if f.granularity == Granularity.ALL else [period, *dims]
    return stmt.group_by(*group)


def _decorator(s: Settlement) -> Any:
    def decorate(g: Any) -> Select[Any]:
        stmt = select(g).select_from(g)
        names = []
        for d in s.dimensions:
            stmt, name = join_name(stmt, g.c[d.column], d.kind, f"{d.column}_dim")
            names.append(name.label(d.name))
        return stmt.add_columns(*names)

    return decorate


async def settlement_rows(
    session: AsyncSession, s: Settlement, f: SettlementFilters, params: PageParams | None
) -> tuple[list[Any], int, BaseModel]:
    """The page (or every row, for an export) as the report's row type, the row count and the totals."""
    rows, total, sums = await run_report(
        session, _grouped(s, f), s.measures, params, s.sortable, s.default_sort, _decorator(s)
    )
    data = []
    for r in rows:
        values = r._mapping
        named: dict[str, Any] = {}
        for d in s.dimensions:
            named[d.column] = (values[d.column] or None) if d.zero_is_none else values[d.column]
            named[d.name] = values[d.name]
        figures = {m: values[m] for m in s.measures}
        data.append(s.row(period=period_label(values["period"], f.granularity, f.window), **named, **figures))
    return data, total, s.totals(**sums)


async def settlement_page(
    session: AsyncSession, s: Settlement, f: SettlementFilters, params: PageParams, probe: QueueProbe | None
) -> Any:
    async def option_lists() -> dict[str, Any]:
        lists = {d.options: await dim_options(session, d.kind) for d in s.dimensions}
        return {**lists, "granularity_list": enum_options(GRANULARITY_LABELS)}

    found = await settlement_rows(session, s, f, params)
    return await answer_page(session, s.page, found, params, probe, option_lists)


async def settlement_export(session: AsyncSession, s: Settlement, f: SettlementFilters) -> Response:
    rows, _total, totals = await settlement_rows(session, s, f, None)
    return export(s.filename, s.columns, rows, totals)
